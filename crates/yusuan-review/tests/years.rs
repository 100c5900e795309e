//! Year over year on real documents: the prior-year figures a document states against the
//! prior year's document of the same unit; a real 决算's 年初预算 and 决算数 told apart and
//! compared with budgets of its unit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use yusuan_model::{Catalog, Disclosure};
use yusuan_review::years::{compare, compare_linked, wan, Figures, Link, Role};

fn read(names: &[&str]) -> Disclosure {
    let catalog = Catalog::embedded();
    let parts: Vec<Disclosure> = names
        .iter()
        .map(|n| {
            let p = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../corpus/pdf/jiangsu")
                .join(n);
            yusuan_review::import_disclosure(n, &std::fs::read(p).unwrap(), catalog).unwrap()
        })
        .collect();
    yusuan_import::combine_with_catalog(parts, catalog).unwrap()
}

/// 江苏省政协办公厅 2018 → 2019: every prior-year figure the 2019 budget states is what the
/// 2018 budget states (classes, items, sources, 三公, 机关运行经费), within rounding.
#[test]
fn a_consistent_pair_agrees_throughout() {
    let prior = read(&[
        "jiangsu-cppcc-office-2018-budget-text.pdf",
        "jiangsu-cppcc-office-2018-budget-tables.pdf",
    ]);
    let later = read(&[
        "jiangsu-cppcc-office-2019-budget-text.pdf",
        "jiangsu-cppcc-office-2019-budget-tables.pdf",
    ]);
    let all = compare(&prior, &later);
    assert!(all.len() >= 20, "{all:#?}");
    assert!(all.iter().all(|c| c.agrees()), "{all:#?}");
    let admin = all.iter().find(|c| c.subject == "机关运行经费").unwrap();
    assert_eq!(wan(admin.stated), "1,115.85");
    assert_eq!((admin.page, admin.prior_page), (Some(17), Some(15)));
    // 委员视察 426 万元, 减少 3.3 万元: last year 429.30, as the 2018 budget says.
    assert!(all
        .iter()
        .any(|c| c.subject.starts_with("2010205") && wan(c.prior) == "429.30"));
}

/// 江苏省人大常委会办公厅 2017 → 2018: the 2018 budget's 行政运行 (6372.32 万元, up 1826.38) puts
/// last year at 4545.94 万元; the 2017 budget said 10528.33 万元. The one subject that differs.
#[test]
fn a_stated_prior_year_figure_that_differs_is_shown_with_both_pages() {
    let prior = read(&["jiangsu-npc-office-2017-budget.pdf"]);
    let later = read(&["jiangsu-npc-office-2018-budget.pdf"]);
    let all = compare(&prior, &later);
    let differ: Vec<_> = all.iter().filter(|c| !c.agrees()).collect();
    assert_eq!(differ.len(), 1, "{differ:#?}");
    let c = differ[0];
    assert!(c.subject.starts_with("2010101"), "{c:?}");
    assert_eq!(
        (wan(c.stated), wan(c.prior)),
        ("4,545.94".into(), "10,528.33".into())
    );
    assert_eq!(wan(c.difference), "-5,982.39");
    assert_eq!((c.page, c.prior_page), (Some(24), Some(26)));
    assert!(all.iter().filter(|c| c.agrees()).count() >= 5, "{all:#?}");
}

/// The same unit's 2024 budget, as a text in the 上海 layout: 一般公共预算拨款支出 300 万元.
const BUDGET_2024: &str = "\
中共上海市普陀区委社会工作部2024年部门预算

2024年部门预算编制说明
2024年，中共上海市普陀区委社会工作部收入预算300.00万元，其中：财政拨款收入300.00万元。
支出预算300.00万元，其中：财政拨款支出预算300.00万元。财政拨款支出预算中，一般公共预算拨款支出预算300.00万元。
";

/// Its 2025 budget, stating 2024's 执行数: in total (by a change against it) and per item.
const BUDGET_2025: &str = "\
中共上海市普陀区委社会工作部2025年部门预算

2025年部门预算编制说明
2025年，中共上海市普陀区委社会工作部收入预算300.00万元，其中：财政拨款收入300.00万元，比2024年预算执行数减少7.82万元；事业收入0万元。
支出预算300.00万元，其中：财政拨款支出预算300.00万元。财政拨款支出预算中，一般公共预算拨款支出预算300.00万元，比2024年预算执行数减少7.82万元。
财政拨款支出主要内容如下：
1、一般公共服务支出（201类）社会工作事务（39款）行政运行（01项）50.00万元。主要用于：行政单位的基本支出。2024年当年预算执行数为51.32万元，2025年预算安排50.00万元，比2024年预算执行数减少2.57%。主要原因是：人员变动。
2、一般公共服务支出（201类）社会工作事务（39款）事业运行（50项）12.00万元。主要用于：事业单位的基本支出。2024年当年预算执行数为11.50万元，2025年预算安排12.00万元，比2024年预算执行数增加4.35%。主要原因是：人员变动。
";

fn real_final_accounts() -> Disclosure {
    let name = "shanghai-putuo-social-work-dept-2024-final-accounts.pdf";
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/pdf")
        .join(name);
    yusuan_review::import_disclosure(name, &std::fs::read(p).unwrap(), Catalog::embedded()).unwrap()
}

fn figures(f: &Figures, role: Role) -> Vec<(String, String, Option<u32>)> {
    f.listed(role)
        .into_iter()
        .map(|x| (x.subject, wan(x.fen), x.page))
        .collect()
}

fn row(s: &str, w: &str, page: u32) -> (String, String, Option<u32>) {
    (s.to_string(), w.to_string(), Some(page))
}

/// 中共普陀区委社会工作部 2024 部门决算 (set up during 2024): of its 年初预算 it states only the
/// general budget's (0 万元, p.18); each item's 全年预算 (行政运行 52.00, 事业运行 17.68 …) is
/// neither a 年初预算 nor a 决算数; its 决算数 by item (the narrative's, found by the item's
/// path of names, agreeing with its tables' by code) and in total are its own figures.
#[test]
fn a_real_final_accounts_states_its_budget_at_start_apart_from_its_final_figures() {
    let f = Figures::of(&real_final_accounts());
    assert_eq!(
        figures(&f, Role::AtStart),
        vec![row("一般公共预算支出", "0.00", 18)]
    );
    let own = figures(&f, Role::Own);
    for expected in [
        row("2013901 行政运行", "51.32", 18),
        row("2013950 事业运行", "11.31", 18),
        row("2013999 其他社会工作事务支出", "202.24", 19),
        row("2101102 事业单位医疗", "0.49", 19),
        row("2210203 购房补贴", "11.72", 20),
        row("一般公共预算支出", "307.82", 17),
        row("机关运行经费", "10.23", 21),
    ] {
        assert!(own.contains(&expected), "{expected:?} not in {own:#?}");
    }
    // Every item the narrative lists (9) and its tables' classes and 款 (8).
    assert_eq!(
        own.iter().filter(|o| o.0.starts_with('2')).count(),
        17,
        "{own:#?}"
    );
    for 全年预算 in ["52.00", "17.68", "321.02", "9.00", "2.29"] {
        assert!(own.iter().all(|o| o.1 != 全年预算), "{own:#?}");
    }
    assert!(figures(&f, Role::Execution).is_empty());
}

/// The real 决算 linked with budgets of its unit: its 年初预算 (0) against the 2024 budget's
/// 300 万元 (不一致, both pages), and the 2025 budget's 上年执行数 against its 决算数: 行政运行
/// and the totals agree, 事业运行's 执行数 11.50 is 0.19 万元 above the 决算's 11.31.
#[test]
fn a_real_final_accounts_against_the_budgets_of_its_unit() {
    let fin = real_final_accounts();
    let read = |name: &str, text: &str| yusuan_import::import_text(name, text).unwrap();
    let b24 = read("b24.txt", BUDGET_2024);
    let b25 = read("b25.txt", BUDGET_2025);
    let at_start = compare_linked(Link::BudgetVsFinal, &b24, &fin);
    assert_eq!(at_start.len(), 1, "{at_start:#?}");
    let c = &at_start[0];
    assert_eq!(
        (
            c.subject.as_str(),
            wan(c.stated),
            wan(c.prior),
            wan(c.difference)
        ),
        (
            "一般公共预算支出",
            "0.00".into(),
            "300.00".into(),
            "-300.00".into()
        )
    );
    assert_eq!((c.page, c.prior_page), (Some(18), None));
    assert!(c.text.contains("年初预算为0万元"), "{c:?}");

    let execution = compare_linked(Link::ExecutionVsFinal, &fin, &b25);
    let shown: Vec<(&str, String, String, bool)> = execution
        .iter()
        .map(|c| (c.subject.as_str(), wan(c.stated), wan(c.prior), c.agrees()))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("2013901 行政运行", "51.32".into(), "51.32".into(), true),
            ("2013950 事业运行", "11.50".into(), "11.31".into(), false),
            ("一般公共预算支出", "307.82".into(), "307.82".into(), true),
            ("财政拨款收入", "307.82".into(), "307.82".into(), true),
        ]
    );
    assert_eq!(execution[1].prior_page, Some(18));
    // No prior-year budget figure is taken for a 执行数, nor the other way round.
    assert!(compare(&b24, &b25).is_empty());
}

/// The workspace's report: the real 决算 and two budgets of its unit reviewed into an SQLite
/// workspace, `yusuan report`'s files show each row's kind of link (Chinese first) and count
/// them per kind in `summary.json`.
#[test]
fn the_report_names_each_rows_kind_of_link() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        yusuan_store::Store::open(&yusuan_store::Target::Sqlite(dir.path().join("ws.sqlite")))
            .unwrap();
    let config = yusuan_check::Config::default();
    let options = yusuan_review::Options {
        config: &config,
        catalog: Catalog::embedded(),
        profile: None,
        jobs: None,
        claim_timeout: std::time::Duration::from_secs(600),
        time_limit: Some(yusuan_review::pipeline::DEFAULT_TIME_LIMIT),
    };
    let name = "shanghai-putuo-social-work-dept-2024-final-accounts.pdf";
    let pdf = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpus/pdf")
            .join(name),
    )
    .unwrap();
    for (file, bytes) in [
        (name, pdf),
        ("b24.txt", BUDGET_2024.as_bytes().to_vec()),
        ("b25.txt", BUDGET_2025.as_bytes().to_vec()),
    ] {
        let r = yusuan_review::review_bytes(&store, file, &bytes, &options).unwrap();
        assert_eq!(
            r.status,
            yusuan_store::Status::Imported,
            "{file}: {:?}",
            r.reason
        );
    }
    let out = dir.path().join("report");
    let summary = yusuan_review::workspace::report_workspace(&out, &store, None).unwrap();
    let csv = std::fs::read_to_string(out.join("years.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("\u{feff}核对类型,单位,项目"), "{csv}");
    let of = |link: &str| -> Vec<&str> {
        lines
            .iter()
            .copied()
            .filter(|l| l.starts_with(&format!("{link},")))
            .collect()
    };
    let at_start = of("年初预算 vs 决算");
    assert_eq!(at_start.len(), 1, "{csv}");
    assert!(
        at_start[0].contains("一般公共预算支出,部门决算,2024,0.00,18,部门预算,2024,300.00")
            && at_start[0].contains("不一致"),
        "{csv}"
    );
    let execution = of("上年执行数 vs 决算");
    assert_eq!(execution.len(), 4, "{csv}");
    assert_eq!(
        execution.iter().filter(|l| l.contains(",不一致,")).count(),
        1,
        "{csv}"
    );
    // The 2025 budget's change against last year's budget: no such row, the 2024 budget does
    // not state it.
    assert!(of("上年预算").is_empty(), "{csv}");
    assert_eq!(summary.years_compared, 5);
    assert_eq!(summary.years_differing, 2);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let by = &json["years_by_link"];
    assert_eq!(by["budget_vs_final"]["label"], "年初预算 vs 决算");
    assert_eq!(
        (
            by["execution_vs_final"]["compared"].as_i64(),
            by["execution_vs_final"]["differing"].as_i64(),
            by["prior_budget"]["compared"].as_i64()
        ),
        (Some(4), Some(1), Some(0))
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<td>上年执行数 vs 决算</td>") && html.contains("2013950 事业运行"));
}
