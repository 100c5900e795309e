//! The written forms of the narrative on the real documents of the corpus: each item sentence's
//! classification path read whichever way its document writes it, resolved against the
//! document's own tables first, and no clause whose subject is not certain keyed as a figure of
//! the tables (above all never as a total).

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::panic)]

use yusuan_import::{combine, import_file};
use yusuan_model::{parse_amount, Code, Direction, Disclosure, Fact, FactKey, Fen, MoneyUnit};

fn read(path: &str) -> Disclosure {
    let full = format!("{}/../../corpus/pdf/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    import_file(path, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

/// A 江苏 disclosure published as two files: the text and the tables.
fn pair(stem: &str) -> Disclosure {
    let text = read(&format!("jiangsu/{stem}-text.pdf"));
    let tables = read(&format!("jiangsu/{stem}-tables.pdf"));
    combine(vec![text, tables]).unwrap_or_else(|| panic!("{stem}"))
}

fn wan(s: &str) -> Fen {
    parse_amount(s, MoneyUnit::WanYuan)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{s}"))
        .fen
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap_or_else(|| panic!("{s}"))
}

fn by_code<'a>(d: &'a Disclosure, c: &str) -> Vec<&'a Fact> {
    let c = code(c);
    d.narrative
        .facts
        .iter()
        .filter(|f| matches!(&f.key, FactKey::ExpenditureByCode { code, .. } if *code == c))
        .collect()
}

/// The amounts stated for a code.
fn amounts(d: &Disclosure, c: &str) -> Vec<Fen> {
    by_code(d, c)
        .iter()
        .filter_map(|f| f.amount)
        .map(|a| a.fen)
        .collect()
}

/// The amounts keyed as a total.
fn totals(d: &Disclosure, key: &FactKey) -> Vec<Fen> {
    d.facts(key)
        .filter_map(|f| f.amount)
        .map(|a| a.fen)
        .collect()
}

/// The fact stating an amount, by the words of its clause.
fn clause<'a>(d: &'a Disclosure, words: &str) -> &'a Fact {
    d.narrative
        .facts
        .iter()
        .find(|f| f.text.contains(words))
        .unwrap_or_else(|| panic!("no fact 「{words}」"))
}

#[test]
fn dashed_paths_resolve_and_never_default_to_the_total() {
    // `1. “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元`
    let d = read("shanghai-putuo-district-office-2025-dept-budget.pdf");
    assert_eq!(amounts(&d, "2010301"), vec![wan("1,202.95")]);
    assert_eq!(amounts(&d, "2010302"), vec![wan("4,614")]);
    assert_eq!(amounts(&d, "2010399"), vec![wan("2,012")]);
    assert_eq!(amounts(&d, "2080501"), vec![wan("155.42")]);
    assert_eq!(amounts(&d, "2101102"), vec![wan("31.42")]);
    assert_eq!(amounts(&d, "2210203"), vec![wan("186.77")]);
    assert_eq!(
        totals(&d, &FactKey::ExpenditureTotal),
        vec![wan("9,101.68")]
    );
    assert_eq!(totals(&d, &FactKey::IncomeTotal), vec![wan("9,101.68")]);
}

#[test]
fn a_class_named_alone_in_quotes() {
    // `1.“一般公共服务支出”科目12,789万元`
    let d = read("shanghai-finance-bureau-2025-unit-budget.pdf");
    assert_eq!(amounts(&d, "201"), vec![wan("12,789")]);
    assert_eq!(amounts(&d, "208"), vec![wan("1,756")]);
    assert_eq!(amounts(&d, "210"), vec![wan("467")]);
    assert_eq!(amounts(&d, "221"), vec![wan("2,180")]);
    assert_eq!(totals(&d, &FactKey::ExpenditureTotal), vec![wan("17,192")]);
}

#[test]
fn markers_with_half_width_brackets_among_full_width_ones() {
    // `12.“卫生健康支出（类）行政事业单位医疗（款)事业单位医疗（项）”24.99万元`,
    // `15.“住房保障支出（类)住房改革支出（款)住房公积金（项）”136.10万元`
    let d = read("shanghai-putuo-commerce-2025-dept-budget.pdf");
    assert_eq!(amounts(&d, "2101101"), vec![wan("63.19")]);
    assert_eq!(amounts(&d, "2101102"), vec![wan("24.99")]);
    assert_eq!(amounts(&d, "2210201"), vec![wan("136.10")]);
    assert_eq!(amounts(&d, "2210203"), vec![wan("148.80")]);
    assert!(by_code(&d, "210").is_empty(), "an item read as its 类");
    assert_eq!(
        totals(&d, &FactKey::ExpenditureTotal),
        vec![wan("37,151.47")]
    );
}

#[test]
fn codes_printed_in_the_markers() {
    // `1、公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元`, and the 2018 name of 210
    // with its code: `医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）`.
    let d = read("shanghai-putuo-justice-bureau-2026-budget.pdf");
    assert_eq!(amounts(&d, "2040601"), vec![wan("1,672.67")]);
    assert_eq!(amounts(&d, "2040699"), vec![wan("3,845.49")]);
    assert_eq!(amounts(&d, "2101101"), vec![wan("114.97")]);
    // The item's other figures (执行数, 预算安排) are the item's, compared with nothing.
    let f = clause(&d, "2025年当年预算执行数为43269.3万元");
    assert!(matches!(f.key, FactKey::Other { .. }), "{f:?}");
}

#[test]
fn lines_the_catalogue_lacks_resolve_against_the_document_s_tables() {
    // 2081005 社会福利事业单位 is not in the embedded catalogue; the tables print it.
    let d = read("shanghai-putuo-welfare-home-2024-unit-budget.pdf");
    assert_eq!(amounts(&d, "2081005"), vec![wan("738.66")]);
    // The 2018 name of 210 where the tables print 卫生健康支出: not certain, compared with nothing.
    let f = clause(&d, "医疗卫生与计划生育支出（类）");
    assert_eq!(
        f.key,
        FactKey::ExpenditureByName {
            name: "医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）".into()
        }
    );
}

#[test]
fn paths_starting_at_the_kuan_and_economic_lines() {
    let d = pair("jiangsu-cppcc-office-2017-budget");
    // `1.政协事务（款）行政运行（项）支出3,233.03万元，与上年相比减少108.56万元，下降3.25%`, in
    // the 财政拨款 and the 一般公共预算 sections.
    let f = by_code(&d, "2010201");
    assert_eq!(f.len(), 2);
    for f in f {
        assert_eq!(f.amount.map(|a| a.fen), Some(wan("3,233.03")));
        let c = f.change.as_ref().unwrap_or_else(|| panic!("{f:?}"));
        assert_eq!(c.direction, Direction::Decrease);
        assert_eq!(c.amount.map(|a| a.fen), Some(wan("108.56")));
    }
    // `（1）基本工资（款）支出737.94万元`: an economic line, compared with nothing.
    let f = clause(&d, "基本工资（款）支出737.94万元");
    assert!(matches!(f.key, FactKey::Other { .. }), "{f:?}");
    // `一般公共服务（类）支出6,543.55万元`: the 类 written without 支出.
    assert_eq!(amounts(&d, "201"), vec![wan("6,543.55")]);
    // `住房保障支出增加466.32万元`: a change, not the 类's figure.
    let f = clause(&d, "住房保障支出增加466.32万元");
    assert_eq!(f.amount, None);
    assert_eq!(
        f.change.as_ref().and_then(|c| c.amount).map(|a| a.fen),
        Some(wan("466.32"))
    );
    assert!(matches!(&f.key, FactKey::ExpenditureByCode { code: c, .. } if *c == code("221")));
    // Only the totals' own wording is a total.
    assert!(totals(&d, &FactKey::ExpenditureTotal)
        .iter()
        .all(|a| *a == wan("9,146.79")));
}

#[test]
fn a_path_the_text_file_cannot_resolve_resolves_once_its_tables_are_known() {
    // 2010205 委员视察 is in neither the catalogue nor the text file: only the tables file prints it.
    let text = read("jiangsu/jiangsu-cppcc-office-2017-budget-text.pdf");
    let f = clause(&text, "4.政协事务（款）委员视察（项）支出429.30万元");
    assert_eq!(
        f.key,
        FactKey::ExpenditureByName {
            name: "政协事务（款）委员视察（项）".into()
        }
    );
    let d = pair("jiangsu-cppcc-office-2017-budget");
    assert_eq!(amounts(&d, "2010205"), vec![wan("429.30"), wan("429.30")]);
}

#[test]
fn a_path_broken_before_its_item_marker_is_an_item_not_a_heading() {
    // `1．党委办公厅（室）及相关机构事务（款）行政运行` / `（项）支出 6106.99 万元，…`
    let d = pair("jiangsu-party-office-2017-budget");
    let f = by_code(&d, "2013101");
    assert!(!f.is_empty());
    assert_eq!(f[0].amount.map(|a| a.fen), Some(wan("6,106.99")));
    assert_eq!(
        f[0].change.as_ref().and_then(|c| c.percent.as_deref()),
        Some("1.66%")
    );
    assert!(
        !d.narrative
            .sections
            .iter()
            .any(|s| s.title.contains("相关机构事务")),
        "an item read as a section title"
    );
}

#[test]
fn the_words_after_de_name_the_figure() {
    // `江苏省委办公厅2018年度一般公共预算拨款安排的会议费预算支出933.50万元，与上年预算数一致`
    // is about 会议费, not the general budget.
    let d = pair("jiangsu-party-office-2018-budget");
    let f = clause(&d, "会议费预算支出933.50万元");
    assert!(matches!(f.key, FactKey::Other { .. }), "{f:?}");
    let general = FactKey::ExpenditureBySource {
        source: yusuan_model::FundSource::GeneralBudget,
    };
    assert!(totals(&d, &general).iter().all(|a| *a == wan("24,458.43")));
}

#[test]
fn a_level_written_without_its_marker() {
    // `1.人大事务行政运行（项）支出10528.33万元`: 款 and 项 written as one name.
    let d = read("jiangsu/jiangsu-npc-office-2017-budget.pdf");
    assert_eq!(amounts(&d, "2010101"), vec![wan("10,528.33")]);
}

#[test]
fn reasons_whose_amounts_are_not_read_are_kept_without_an_amount() {
    // `主要原因是运转类项目经费统一压减10%，综合管理费专项增加209万用于办公用房租赁，…，信息化建设
    // 经费专项增加55万元，增减相抵后项目支出预算数增加125.62万元。`
    let d = read("jiangsu/jiangsu-npc-office-2019-budget-text.pdf");
    let f = clause(&d, "项目支出预算数为6459.58万元");
    let c = f.change.as_ref().unwrap_or_else(|| panic!("{f:?}"));
    let r: Vec<(&str, Option<Fen>)> = c
        .reasons
        .iter()
        .map(|r| (r.label.as_str(), r.amount.map(|a| a.fen)))
        .collect();
    assert_eq!(
        r,
        vec![
            ("运转类项目经费统一", None),
            ("综合管理费专项", None),
            ("江苏省第十三届人代会二次会议经费专项", Some(wan("200"))),
            ("外事经费专项", Some(wan("200"))),
            ("信息化建设经费专项", Some(wan("55"))),
        ]
    );
}

#[test]
fn budget_figures_in_final_accounts_are_not_the_final_figures() {
    // `一般公共预算财政拨款支出年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元`
    let d = read("shanghai-putuo-social-work-dept-2024-final-accounts.pdf");
    for words in [
        "年初预算为0万元",
        "全年预算为321.02万元",
        "全年预算为52.00万元",
    ] {
        let f = clause(&d, words);
        assert!(matches!(f.key, FactKey::Other { .. }), "{f:?}");
    }
    // The one total stated is the final figure (`本年支出合计307.82万元`), never a budget one.
    assert_eq!(totals(&d, &FactKey::ExpenditureTotal), vec![wan("307.82")]);
    // `一般公共预算财政拨款基本支出105.58 万元` is 基本支出, not the general budget's total.
    // (The total section states the same 105.58 as 基本支出 once more.)
    let basic = totals(&d, &FactKey::Basic);
    assert!(
        !basic.is_empty() && basic.iter().all(|b| *b == wan("105.58")),
        "{basic:?}"
    );
}

#[test]
fn contents_without_leaders_end_where_the_text_begins() {
    // `目录` then `一、部门主要职能` … `七、项目经费情况说明`, then the first heading
    // `上海市普陀区商务委员会主要职能` and its text.
    let d = read("shanghai-putuo-commerce-2025-dept-budget.pdf");
    let first = d.narrative.sections.first().map(|s| s.title.as_str());
    assert_eq!(first, Some("上海市普陀区商务委员会主要职能"));
    assert!(d.narrative.facts.iter().all(|f| f.prov.page > Some(2)));
    // `1、《普陀区加快贸易高质量发展实施意见》（普商务规范〔2023〕3号）。` are list items.
    assert!(
        !d.narrative.sections.iter().any(|s| s.title.contains('《')),
        "a cited document read as a section title"
    );
    assert!(d
        .narrative
        .sections
        .iter()
        .any(|s| s.title == "科技创新专项经费情况说明"));
}

#[test]
fn a_figure_broken_across_a_page_break() {
    // `6.人大事务（款）人大代表履职能力提升（项）支出403.75` at the foot of a page, `万元，与上年相比
    // 持平。` at the head of the next.
    let d = read("jiangsu/jiangsu-npc-office-2018-budget.pdf");
    let f = by_code(&d, "2010107");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].amount.map(|a| a.fen), Some(wan("403.75")));
    assert_eq!(
        f[0].change.as_ref().map(|c| c.direction),
        Some(Direction::Flat)
    );
}

#[test]
fn a_heading_wrapped_onto_the_margin_is_one_heading() {
    // `九、一般公共预算“三公”经费、会议费、培训费支出预算` + `情况说明` at the margin, where
    // paragraphs start indented: one heading, not a second unnumbered one that would end the list.
    let d = read("jiangsu/jiangsu-npc-office-2019-budget-text.pdf");
    let titles: Vec<&str> = d
        .narrative
        .sections
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert!(
        titles.contains(&"一般公共预算“三公”经费、会议费、培训费支出预算情况说明"),
        "{titles:?}"
    );
    assert!(!titles.contains(&"情况说明"), "{titles:?}");
    // A part heading spaced across the page is a heading, not a table row.
    assert!(titles.contains(&"部门概况"), "{titles:?}");
}

#[test]
fn levels_marked_wrongly_resolve_by_the_printed_names() {
    // `行政事业单位离退休（类）未归口管理的行政单位离退休支出（项）`: the 款 20805 marked 类, its
    // 类 left out; `住房改革支出（类）提租补贴（项）` likewise. The names the tables print decide.
    let d = pair("jiangsu-npc-office-2019-budget");
    assert!(!by_code(&d, "2080504").is_empty());
    assert!(!by_code(&d, "2210202").is_empty());
    assert!(!by_code(&d, "2210201").is_empty());
}
