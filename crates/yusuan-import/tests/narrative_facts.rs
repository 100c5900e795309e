//! Narrative facts, counts, sections and document meta read from the fixtures, and the narrative's
//! coverage: every narrative line understood or ignored with a reason.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::panic, clippy::indexing_slicing)]

use yusuan_import::context::{Context, LineUse};
use yusuan_import::narrative;
use yusuan_import::segment::{segment, Block};
use yusuan_import::source::SourceText;
use yusuan_model::{
    parse_amount, Change, Code, CountKey, Direction, Disclosure, DocKind, Fact, FactKey, Fen,
    FundSource, MoneyUnit, Region,
};

const CQ: &str = "chongqing-jiangbeicheng-2025-budget.txt";
const WANLI: &str = "shanghai-putuo-wanli-2025-budget.txt";
const FIN: &str = "shanghai-putuo-finance-bureau-2025-budget.txt";
const TEMPLATE: &str = "shanghai-2024-final-accounts-template.txt";

fn fixture(name: &str) -> String {
    let path = format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(name: &str) -> Disclosure {
    yusuan_import::import_text(name, &fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn wan(s: &str) -> Fen {
    parse_amount(s, MoneyUnit::WanYuan)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{s}"))
        .fen
}

fn all<'a>(d: &'a Disclosure, key: &FactKey) -> Vec<&'a Fact> {
    d.facts(key).collect()
}

fn one<'a>(d: &'a Disclosure, key: &FactKey) -> &'a Fact {
    d.fact(key)
        .unwrap_or_else(|| panic!("no fact {key:?} in {}", d.source.file))
}

fn amount(f: &Fact) -> Fen {
    f.amount
        .unwrap_or_else(|| panic!("fact without amount: {f:?}"))
        .fen
}

fn change(f: &Fact) -> &Change {
    f.change
        .as_ref()
        .unwrap_or_else(|| panic!("fact without change: {f:?}"))
}

fn assert_change(f: &Fact, dir: Direction, amt: Option<&str>, year: Option<u16>) {
    let c = change(f);
    assert_eq!(c.direction, dir, "{f:?}");
    assert_eq!(c.amount.map(|a| a.fen), amt.map(wan), "{f:?}");
    assert_eq!(c.versus_year, year, "{f:?}");
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

fn count(d: &Disclosure, key: &CountKey) -> Option<i64> {
    d.narrative
        .counts
        .iter()
        .find(|c| c.key == *key)
        .map(|c| c.value)
}

#[test]
fn chongqing_income_and_expenditure() {
    let d = load(CQ);
    let income = one(&d, &FactKey::IncomeTotal);
    assert_eq!(amount(income), wan("3,636.80"));
    assert_eq!(income.section.as_deref(), Some("（一）收入预算"));
    assert_eq!(income.prov.line, Some(19));
    assert_change(income, Direction::Decrease, Some("91.13"), Some(2024));
    let reasons: Vec<(Direction, Fen)> = change(income)
        .reasons
        .iter()
        .map(|r| (r.direction, r.amount.map_or(Fen::ZERO, |a| a.fen)))
        .collect();
    use Direction::{Decrease as D, Increase as I};
    assert_eq!(
        reasons,
        vec![
            (I, wan("420.34")),
            (I, wan("36.62")),
            (I, wan("54")),
            (I, wan("8")),
            (D, wan("508.11")),
            (D, wan("50")),
            (D, wan("44.15")),
            (D, wan("6.83")),
            (D, wan("1.01")),
        ]
    );
    assert_eq!(change(income).reasons[0].label, "一般公共服务经费拨款");
    assert_eq!(
        change(income).reasons[3].label,
        "公共安全、卫生健康、灾害防治及应急管理经费拨款"
    );
    // The reasons as printed sum to −91.14 against a stated −91.13: kept as written.
    let sum: Fen = change(income)
        .reasons
        .iter()
        .filter_map(|r| r.signed())
        .sum();
    assert_eq!(sum, -wan("91.14"));

    let gb_income = one(
        &d,
        &FactKey::IncomeBySource {
            source: FundSource::GeneralBudget,
        },
    );
    assert_eq!(amount(gb_income), wan("3,634.33"));

    let exp = one(&d, &FactKey::ExpenditureTotal);
    assert_eq!(amount(exp), wan("3,636.80"));
    assert_change(exp, Direction::Decrease, Some("91.13"), Some(2024));
    // The document's own error: both listed reasons say 增加 for a total that fell. Kept.
    let r: Vec<(&str, Direction, Fen)> = change(exp)
        .reasons
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.direction,
                r.amount.map_or(Fen::ZERO, |a| a.fen),
            )
        })
        .collect();
    assert_eq!(
        r,
        vec![
            ("基本支出预算", I, wan("21.70")),
            ("项目支出预算", I, wan("106.00")),
        ]
    );

    let cls = by_code(&d, "212");
    assert_eq!(cls.len(), 1);
    assert_eq!(amount(cls[0]), wan("1,248.18"));
    assert!(
        matches!(&cls[0].key, FactKey::ExpenditureByCode { name, .. } if name == "城乡社区支出")
    );
    assert_eq!(amount(by_code(&d, "201")[0]), wan("1,570.09"));
    assert_eq!(amount(by_code(&d, "224")[0]), wan("49.86"));

    let gb = one(
        &d,
        &FactKey::ExpenditureBySource {
            source: FundSource::GeneralBudget,
        },
    );
    assert_eq!(amount(gb), wan("3,634.33"));
    assert_change(gb, Direction::Decrease, Some("84.30"), Some(2024));
    assert_eq!(gb.section.as_deref(), Some("三、部门预算情况说明"));

    let basic = one(&d, &FactKey::Basic);
    assert_eq!(amount(basic), wan("1,330.33"));
    assert_change(basic, Direction::Increase, Some("21.70"), Some(2024));
    assert_eq!(change(basic).reason_text.as_deref(), Some("人员调薪等"));
    let project = one(&d, &FactKey::Project);
    assert_eq!(amount(project), wan("2,304.00"));
    assert_change(project, Direction::Decrease, Some("106.00"), Some(2024));
    assert_eq!(
        change(project).reason_text.as_deref(),
        Some("减少夜间经济项目支出等")
    );

    let sc = one(
        &d,
        &FactKey::ExpenditureBySource {
            source: FundSource::StateCapital,
        },
    );
    assert_eq!(amount(sc), wan("2.47"));
    let sc_income = one(
        &d,
        &FactKey::IncomeBySource {
            source: FundSource::StateCapital,
        },
    );
    assert_eq!(amount(sc_income), wan("2.47"));
}

#[test]
fn chongqing_three_public_and_other_matters() {
    let d = load(CQ);
    let tp = one(&d, &FactKey::ThreePublicTotal);
    assert_eq!(amount(tp), wan("33.5"));
    assert_eq!(tp.amount.map(|a| a.decimals), Some(1));
    assert_change(tp, Direction::Flat, None, Some(2024));
    for (key, v) in [
        (FactKey::Overseas, "3"),
        (FactKey::Reception, "3"),
        (FactKey::VehicleOperation, "27.5"),
        (FactKey::VehiclePurchase, "0"),
    ] {
        let f = one(&d, &key);
        assert_eq!(amount(f), wan(v), "{key:?}");
        assert_change(f, Direction::Flat, None, Some(2024));
    }
    let admin = one(&d, &FactKey::AdminCost);
    assert_eq!(amount(admin), wan("187.91"));
    assert_change(admin, Direction::Decrease, Some("4.81"), None);
    assert_eq!(
        change(admin).reason_text.as_deref(),
        Some("厉行节约压减运行经费")
    );
    // 运行经费 is broken over two lines with a blank line between: the fact is still whole.
    assert!(admin.text.contains("187.91万元"));

    assert_eq!(amount(one(&d, &FactKey::ProcurementTotal)), wan("954.58"));
    assert_eq!(
        amount(one(&d, &FactKey::ProcurementServices)),
        wan("954.58")
    );
    let covered: Vec<Fen> = all(&d, &FactKey::PerformanceCovered)
        .into_iter()
        .map(amount)
        .collect();
    assert_eq!(covered, vec![wan("2304"), wan("2.47")]);

    assert_eq!(count(&d, &CountKey::Vehicles), Some(5));
    assert_eq!(
        count(
            &d,
            &CountKey::VehiclesOfKind {
                kind: "一般公务用车".into()
            }
        ),
        Some(5)
    );
    assert_eq!(count(&d, &CountKey::VehiclesToBuy), Some(0));
    assert_eq!(count(&d, &CountKey::InternalDepartments), Some(5));
    assert_eq!(count(&d, &CountKey::SubordinateUnits), Some(6));
}

#[test]
fn chongqing_sections_keep_numbers_as_printed() {
    let d = load(CQ);
    let s = &d.narrative.sections;
    let heads: Vec<(Option<&str>, &str)> = s
        .iter()
        .map(|s| (s.number.as_deref(), s.title.as_str()))
        .collect();
    assert_eq!(heads[0], (Some("一"), "单位基本情况"));
    assert_eq!(s[0].level, 1);
    let i = heads
        .iter()
        .position(|h| *h == (Some("（二）"), "政府采购情况"))
        .unwrap_or_else(|| panic!("{heads:?}"));
    // The document skips （三）: kept as printed.
    assert_eq!(heads[i + 1], (Some("（四）"), "绩效目标设置情况"));
    assert_eq!(s[i + 1].level, 2);
    assert!(s[i + 1]
        .text
        .starts_with("2025年项目支出均实行了绩效目标管理"));
    assert!(heads.contains(&(Some("四"), "“三公”经费情况说明")));
    assert!(heads.contains(&(Some("六"), "专业性名词解释")));
    // A paragraph broken over a blank line is rejoined without a space.
    let unit = s
        .iter()
        .find(|s| s.title == "单位构成")
        .unwrap_or_else(|| panic!("{heads:?}"));
    assert!(unit.text.contains("、重庆市江北区江北城街道物业服务中心"));
    assert_eq!((unit.prov.line, unit.end_line), (Some(11), 15));
    // The contact line is the unit's, not a section's text.
    assert!(!s.iter().any(|s| s.text.contains("联系人")));
}

#[test]
fn chongqing_meta() {
    let d = load(CQ);
    let m = &d.meta;
    assert_eq!(m.kind, DocKind::DepartmentBudget);
    assert_eq!(m.year, Some(2025));
    assert_eq!(m.region, Region::Chongqing);
    assert_eq!(m.unit.code.as_deref(), Some("806"));
    assert_eq!(
        m.unit.name.as_deref(),
        Some("重庆市江北区人民政府江北城街道办事处")
    );
    assert_eq!(
        m.unit.internal_departments,
        vec![
            "基层治理综合指挥室",
            "党的建设办公室",
            "经济发展办公室",
            "民生服务办公室",
            "平安法治办公室"
        ]
    );
    assert_eq!(
        m.unit.subordinate_units.len(),
        6,
        "{:?}",
        m.unit.subordinate_units
    );
    assert_eq!(
        m.unit.subordinate_units[2],
        "重庆市江北区江北城街道便民服务中心（重庆市江北区江北城街道退役军人服务站）"
    );
    assert!(m
        .unit
        .contact
        .as_deref()
        .is_some_and(|c| c.contains("张羽翔") && c.contains("023-61967695")));
}

#[test]
fn wanli_facts() {
    let d = load(WANLI);
    let income = one(&d, &FactKey::IncomeTotal);
    assert_eq!(amount(income), wan("18,976.76"));
    // The stated increase follows 财政拨款收入 in the sentence, so it is that fact's change.
    let fiscal = one(&d, &FactKey::FiscalIncome);
    assert_eq!(amount(fiscal), wan("18,976.76"));
    assert_change(fiscal, Direction::Increase, Some("3,355.65"), Some(2024));
    // `财政拨款收入支出增加的主要原因是项目调整。` is a paragraph of its own.
    assert_eq!(change(fiscal).reason_text.as_deref(), Some("项目调整"));
    assert_eq!(fiscal.prov.line, Some(77));
    assert_eq!(fiscal.prov.page, Some(6));
    // The change amount is on the next line.
    assert_eq!(change(fiscal).prov.line, Some(78));
    let fe = one(&d, &FactKey::FiscalExpenditure);
    assert_change(fe, Direction::Increase, Some("3,355.65"), Some(2024));
    assert_eq!(change(fe).reason_text.as_deref(), Some("项目调整"));
    let gb = one(
        &d,
        &FactKey::ExpenditureBySource {
            source: FundSource::GeneralBudget,
        },
    );
    assert_change(gb, Direction::Increase, Some("3,355.65"), Some(2024));
    let gf = one(
        &d,
        &FactKey::ExpenditureBySource {
            source: FundSource::GovFund,
        },
    );
    assert_eq!(amount(gf), Fen::ZERO);
    assert_change(gf, Direction::Flat, None, Some(2024));

    let tp = one(&d, &FactKey::ThreePublicTotal);
    assert_eq!(amount(tp), wan("37.91"));
    assert_change(tp, Direction::Decrease, Some("10"), Some(2024));
    let vp = one(&d, &FactKey::VehiclePurchase);
    assert_eq!(amount(vp), wan("15"));
    assert_change(vp, Direction::Decrease, Some("10"), Some(2024));
    assert_eq!(change(vp).reason_text.as_deref(), Some("购置车辆类型不同"));
    let vt = one(&d, &FactKey::VehicleTotal);
    assert_eq!(amount(vt), wan("36.56"));
    assert_change(vt, Direction::Decrease, Some("10"), Some(2024));
    let vo = one(&d, &FactKey::VehicleOperation);
    assert_eq!(amount(vo), wan("21.56"));
    assert_change(vo, Direction::Flat, None, Some(2024));
    // `公务接待费1.35万元。比2024年预算持平` — the change is a sentence of its own.
    let rec = one(&d, &FactKey::Reception);
    assert_eq!(amount(rec), wan("1.35"));
    assert_change(rec, Direction::Flat, None, Some(2024));
    assert_eq!(
        change(one(&d, &FactKey::Overseas)).reason_text.as_deref(),
        Some("因公出国（境）费保持不变")
    );

    assert_eq!(amount(one(&d, &FactKey::AdminCost)), wan("464.64"));
    assert_eq!(amount(one(&d, &FactKey::ProcurementTotal)), wan("4,821.20"));
    assert_eq!(amount(one(&d, &FactKey::ProcurementGoods)), wan("57.43"));
    assert_eq!(amount(one(&d, &FactKey::ProcurementWorks)), wan("3,780.72"));
    assert_eq!(
        amount(one(&d, &FactKey::ProcurementServices)),
        wan("983.05")
    );
    assert_eq!(
        amount(one(&d, &FactKey::ProcurementSmeReserved)),
        wan("1,928.48")
    );
    assert_eq!(
        amount(one(&d, &FactKey::ProcurementSmallMicro)),
        wan("1,349.94")
    );
    assert_eq!(
        amount(one(&d, &FactKey::PerformanceCovered)),
        wan("8,825.98")
    );
    assert_eq!(count(&d, &CountKey::ProjectsWithGoals), Some(49));
    assert_eq!(count(&d, &CountKey::Vehicles), Some(8));
    assert_eq!(
        count(
            &d,
            &CountKey::VehiclesOfKind {
                kind: "其他用车".into()
            }
        ),
        Some(8)
    );
    assert_eq!(count(&d, &CountKey::VehiclesToBuy), Some(1));
    assert_eq!(count(&d, &CountKey::ExpensiveEquipment), Some(0));
    assert_eq!(count(&d, &CountKey::SubordinateUnits), Some(5));

    // 类/款/项 paths resolved through the catalogue, names kept as written.
    let f = by_code(&d, "2010507");
    assert_eq!(f.len(), 1);
    assert_eq!(amount(f[0]), wan("43.83"));
    assert!(matches!(&f[0].key, FactKey::ExpenditureByCode { name, .. } if name == "专项普查活动"));
    assert_eq!(f[0].section.as_deref(), Some("2025年部门预算编制说明"));
    // Item 12 ends `…行政单位离退休` + `。` on the next line.
    assert_eq!(amount(by_code(&d, "2080501")[0]), wan("25.93"));
    assert_eq!(amount(by_code(&d, "2129999")[0]), wan("5,234.89"));
    // A path that does not exist (卫生健康支出 is no 款 of 卫生健康支出) is kept by name.
    let wrong: Vec<&Fact> = d
        .narrative
        .facts
        .iter()
        .filter(|f| match &f.key {
            FactKey::ExpenditureByName { name } => {
                name.contains("卫生健康支出（款）计划生育事务（项）")
            }
            FactKey::ExpenditureByCode { code, .. } => code.as_str().starts_with("21007"),
            _ => false,
        })
        .collect();
    assert_eq!(wrong.len(), 1);
    assert_eq!(amount(wrong[0]), wan("20.00"));
    // 33 items, every one read.
    let items = d
        .narrative
        .facts
        .iter()
        .filter(|f| {
            matches!(
                f.key,
                FactKey::ExpenditureByCode { .. } | FactKey::ExpenditureByName { .. }
            )
        })
        .count();
    assert_eq!(items, 33);
}

#[test]
fn wanli_sections_and_meta() {
    let d = load(WANLI);
    let titles: Vec<&str> = d
        .narrative
        .sections
        .iter()
        .filter(|s| s.number.is_none())
        .map(|s| s.title.as_str())
        .collect();
    for t in [
        "上海市普陀区人民政府万里街道办事处（部门）主要职能",
        "上海市普陀区人民政府万里街道办事处（部门）机构设置",
        "名词解释",
        "2025年部门预算编制说明",
        "其他相关情况说明",
        "项目经费情况说明",
    ] {
        assert!(titles.contains(&t), "{t} not in {titles:?}");
    }
    let plan = d
        .narrative
        .sections
        .iter()
        .find(|s| s.title == "2025年部门预算编制说明")
        .unwrap_or_else(|| panic!("{titles:?}"));
    assert_eq!(plan.level, 0);
    // Lines broken by pdftotext are rejoined without spaces.
    assert!(plan
        .text
        .contains("财政拨款收入18,976.76万元，比2024年预算增加3,355.65万元；"));
    // The 主要职能 list after `主要职能包括：` is body text, not sections.
    assert!(!d
        .narrative
        .sections
        .iter()
        .any(|s| s.title.contains("加强党的建设")));

    let m = &d.meta;
    assert_eq!(m.kind, DocKind::DepartmentBudget);
    assert_eq!(m.year, Some(2025));
    assert_eq!(m.region, Region::Shanghai);
    assert_eq!(m.title.as_deref(), Some("上海市普陀区2025年区级部门预算"));
    assert_eq!(
        m.unit.name.as_deref(),
        Some("上海市普陀区人民政府万里街道办事处")
    );
    assert_eq!(m.contents.len(), 9, "{:?}", m.contents);
    assert_eq!(m.contents[0], "2025年部门财务收支预算总表");
    assert_eq!(
        m.unit.subordinate_units.len(),
        6,
        "{:?}",
        m.unit.subordinate_units
    );
    assert_eq!(
        m.unit.subordinate_units[0],
        "上海市普陀区人民政府万里街道办事处（本部）"
    );
}

#[test]
fn finance_bureau_facts_and_meta() {
    let d = load(FIN);
    assert_eq!(amount(one(&d, &FactKey::IncomeTotal)), wan("3,121.42"));
    let fiscal = one(&d, &FactKey::FiscalIncome);
    assert_eq!(amount(fiscal), wan("3,121.42"));
    assert_change(fiscal, Direction::Increase, Some("107.62"), Some(2024));
    assert_eq!(
        change(fiscal).reason_text.as_deref(),
        Some("人员经费增加、信息化系统日常维护费和中介机构服务费增加项目经费支出")
    );
    let gf = one(
        &d,
        &FactKey::ExpenditureBySource {
            source: FundSource::GovFund,
        },
    );
    assert_change(gf, Direction::Flat, None, Some(2024));

    // Items 7–11 are printed twice (a real error in the document): both copies are facts.
    for (c, v) in [
        ("2080506", "887.36"),
        ("2080599", "0.96"),
        ("2101101", "78.21"),
        ("2210201", "204.91"),
        ("2210203", "268.77"),
    ] {
        let f = by_code(&d, c);
        assert_eq!(f.len(), 2, "{c}: {f:?}");
        assert!(f.iter().all(|f| amount(f) == wan(v)), "{c}");
        assert_ne!(f[0].prov.line, f[1].prov.line);
    }
    for c in [
        "2010601", "2010602", "2010607", "2010608", "2080501", "2080505",
    ] {
        assert_eq!(by_code(&d, c).len(), 1, "{c}");
    }
    // `其它行政事业单位养老支出` resolves to 2080599 and keeps its spelling.
    assert!(matches!(&by_code(&d, "2080599")[0].key,
        FactKey::ExpenditureByCode { name, .. } if name == "其它行政事业单位养老支出"));

    let agency = FactKey::ProjectAmount {
        name: "中介机构服务费".into(),
    };
    let fees = all(&d, &agency);
    assert!(!fees.is_empty());
    assert!(fees.iter().all(|f| amount(f) == wan("418.80")));
    assert_eq!(
        fees[0].section.as_deref(),
        Some("四、绩效目标设置情况"),
        "{fees:?}"
    );
    // `援 滇 干 部 工 作 经 费 3.00 万 元` is letter-spaced in the text.
    assert_eq!(
        amount(one(
            &d,
            &FactKey::ProjectAmount {
                name: "援滇干部工作经费".into()
            }
        )),
        wan("3.00")
    );
    assert_eq!(amount(one(&d, &FactKey::PerformanceCovered)), wan("598.46"));
    assert_eq!(count(&d, &CountKey::ProjectsWithGoals), Some(4));

    let tp = one(&d, &FactKey::ThreePublicTotal);
    assert_eq!(amount(tp), wan("0.95"));
    assert_change(tp, Direction::Flat, None, Some(2024));
    // `与2024年预算一致0万元`: flat; the 0万元 is part of the change, not a fact.
    let vp = one(&d, &FactKey::VehiclePurchase);
    assert_eq!(amount(vp), Fen::ZERO);
    assert_change(vp, Direction::Flat, None, Some(2024));
    assert_eq!(change(vp).reason_text.as_deref(), Some("本部门无公务用车"));
    assert_eq!(amount(one(&d, &FactKey::AdminCost)), wan("229.43"));
    assert_eq!(amount(one(&d, &FactKey::ProcurementGoods)), wan("17.00"));
    assert_eq!(amount(one(&d, &FactKey::ProcurementWorks)), Fen::ZERO);
    assert_eq!(
        amount(one(&d, &FactKey::ProcurementServices)),
        wan("100.00")
    );
    assert_eq!(count(&d, &CountKey::Vehicles), Some(0));
    assert_eq!(count(&d, &CountKey::SubordinateUnits), Some(0));
    // Thresholds (`400.00万元以上`, `3000.00万元及以下`) are not stated amounts.
    assert!(!d.narrative.facts.iter().any(|f| f
        .amount
        .is_some_and(|a| a.fen == wan("400.00") || a.fen == wan("3000.00"))));

    let m = &d.meta;
    assert_eq!((m.year, m.region), (Some(2025), Region::Shanghai));
    assert_eq!(m.unit.name.as_deref(), Some("上海市普陀区财政局"));
    assert_eq!(m.unit.subordinate_units, vec!["财政局本部"]);
}

#[test]
fn final_accounts_template_meta() {
    let d = yusuan_import::import_text(TEMPLATE, &fixture(TEMPLATE));
    // A template with XX placeholders states no amounts; whatever it yields, it must not panic,
    // and its meta comes from the content.
    if let Ok(d) = d {
        assert_eq!(d.meta.kind, DocKind::DepartmentFinalAccounts);
        assert_eq!(d.meta.year, Some(2024));
        assert_eq!(d.meta.region, Region::Shanghai);
        assert!(d.narrative.facts.iter().all(|f| f.amount.is_none()));
    }
}

/// The narrative lines of a fixture, independent of the table readers: the narrative blocks,
/// and for the layout text the part after the last table (`其他相关情况说明` to the end).
fn narrative_lines(src: &SourceText, ctx: &mut Context) -> Vec<u32> {
    let mut lines = Vec::new();
    for b in segment(src, ctx) {
        if let Block::Narrative(l) = b {
            lines.extend(l);
        }
    }
    if let Some(start) = src
        .lines
        .iter()
        .position(|l| l.trimmed() == "其他相关情况说明")
    {
        lines.extend(src.lines[start..].iter().map(|l| l.no));
    }
    lines
}

#[test]
fn every_narrative_line_is_explained() {
    for name in [CQ, WANLI, FIN] {
        let text = fixture(name);
        let src = SourceText::new(name, &text);
        let mut ctx = Context::new(&src);
        let lines = narrative_lines(&src, &mut ctx);
        assert!(lines.len() > 40, "{name}: {}", lines.len());
        let n = narrative::read(&mut ctx, &lines);
        assert!(!n.facts.is_empty(), "{name}");
        let bad: Vec<String> = lines
            .iter()
            .filter_map(|&no| {
                let l = src.line(no)?;
                if l.is_blank() {
                    return None;
                }
                match ctx.use_of(no) {
                    Some(LineUse::Understood | LineUse::Ignored(_)) => None,
                    u => Some(format!("{no}: {:?} {}", u, l.trimmed())),
                }
            })
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:#?}");
    }
}

#[test]
fn import_leaves_no_narrative_line_unexplained() {
    for name in [CQ, WANLI, FIN] {
        let text = fixture(name);
        let src = SourceText::new(name, &text);
        let d = load(name);
        // Table lines are the table readers' to explain; no other line may be left unexplained.
        let bad: Vec<_> = d
            .coverage
            .unexplained
            .iter()
            .filter(|u| {
                src.line(u.line)
                    .is_some_and(|l| !narrative::looks_tabular(&l.text))
            })
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:#?}");
    }
}

#[test]
fn contents_and_title_lines_are_ignored_with_reasons() {
    let text = fixture(WANLI);
    let src = SourceText::new(WANLI, &text);
    let mut ctx = Context::new(&src);
    let lines = narrative_lines(&src, &mut ctx);
    narrative::read(&mut ctx, &lines);
    let line_of = |t: &str| {
        src.lines
            .iter()
            .find(|l| l.trimmed().starts_with(t))
            .map(|l| l.no)
            .unwrap_or_else(|| panic!("{t}"))
    };
    assert!(matches!(
        ctx.use_of(line_of("上海市普陀区2025年区级部门预算")),
        Some(LineUse::Ignored(r)) if r.contains("title")
    ));
    assert!(matches!(
        ctx.use_of(line_of("一、部门主要职能")),
        Some(LineUse::Ignored(r)) if r.contains("contents")
    ));
    assert!(matches!(
        ctx.use_of(line_of("预算主管部门")),
        Some(LineUse::Understood)
    ));
}

#[test]
fn other_wordings_pages_and_units() {
    // A paragraph broken by a page break and a page number; 上年; a percentage; 元; a 持平 stated
    // without an amount; full-width digits.
    let text = "一、部门收支总体情况\n\
                （一）收入预算：2026 年年初预算数 1,234.56 万元，比上年增加 10.00 万元，增长\n\
                \u{c}- 2 -\n\
                0.8%。其中：一般公共预算拨款 １,２００.００ 万元。\n\
                二、其他事项\n\
                公务用车购置费比 2025 年持平。\n\
                本单位 2026 年政府采购预算 12,345.60 元。\n\
                内设机构 3 个：办公室、财务科、业务科。\n";
    let d = yusuan_import::import_text("synthetic.txt", text).unwrap_or_else(|e| panic!("{e}"));
    let income = one(&d, &FactKey::IncomeTotal);
    assert_eq!(amount(income), wan("1,234.56"));
    let c = change(income);
    assert_eq!(c.direction, Direction::Increase);
    assert_eq!(c.amount.map(|a| a.fen), Some(wan("10.00")));
    assert_eq!(c.versus_year, None);
    assert_eq!(c.percent.as_deref(), Some("0.8%"));
    let gb = one(
        &d,
        &FactKey::IncomeBySource {
            source: FundSource::GeneralBudget,
        },
    );
    assert_eq!(amount(gb), wan("1200"));
    assert_eq!(gb.prov.page, Some(2));
    assert_eq!(gb.prov.line, Some(4));
    let vp = one(&d, &FactKey::VehiclePurchase);
    assert_eq!(vp.amount, None);
    assert_change(vp, Direction::Flat, None, Some(2025));
    let p = one(&d, &FactKey::ProcurementTotal);
    assert_eq!(p.amount.map(|a| a.unit), Some(MoneyUnit::Yuan));
    assert_eq!(amount(p), Fen(1_234_560));
    assert_eq!(count(&d, &CountKey::InternalDepartments), Some(3));
    assert_eq!(
        d.meta.unit.internal_departments,
        vec!["办公室", "财务科", "业务科"]
    );
    assert_eq!(d.meta.year, Some(2026));
    assert!(
        d.coverage.unexplained.is_empty(),
        "{:?}",
        d.coverage.unexplained
    );
    assert!(d
        .coverage
        .total_lines
        .checked_sub(d.coverage.blank_lines)
        .is_some_and(|n| n == d.coverage.understood_lines + d.coverage.ignored_lines));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
    #[test]
    fn narrative_and_meta_never_panic(parts in proptest::collection::vec(0usize..48, 0..80)) {
        const WORDS: [&str; 48] = [
            "比", "较", "与", "2024年", "上年", "增加", "减少", "持平", "一致", "万元", "元",
            "1,234.5", "0", "33.5", "12", "。", "，", "；", "：", "\n", "\n\n", "   ", "\t",
            "……", "其中", "主要原因是", "主要是", "（一）", "一、", "1.", "第一部分", "“", "”",
            "（类）", "（款）", "（项）", "一般公共服务支出", "收入预算", "三公", "辆", "个",
            "下属", "内设机构", "%", "\u{c}", "单价", "以上", "名词解释",
        ];
        let text: String = parts.iter().map(|&i| WORDS[i]).collect();
        let src = SourceText::new("fuzz.txt", &text);
        let mut ctx = Context::new(&src);
        let lines: Vec<u32> = src.lines.iter().map(|l| l.no).collect();
        let n = narrative::read(&mut ctx, &lines);
        let _ = yusuan_import::meta::read(&mut ctx, &[], &[], &n);
    }
}

#[test]
fn reasons_in_yuan_with_thousands_separators_are_read_whole() {
    // Amounts in 元 carry thousands separators: `6,130,700元` is one amount, not the end of a
    // reason item, and the items after it are reasons, not stated totals.
    let text =
        "一、收入预算情况\n2025年，测试单位收入预算35,472,800元。收入较2024年增加13,917,400元，\
增长64.57%，主要是一般公共预算拨款收入增加6,130,700元，政府性基金预算拨款收入增加3,774,200元，\
事业收入增加2,367,500元，其他收入增加1,645,000元。\n";
    let d = yusuan_import::import_text("t.txt", text).unwrap();
    let total = one(&d, &FactKey::IncomeTotal);
    let reasons = &change(total).reasons;
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    let gov_fund = FactKey::IncomeBySource {
        source: FundSource::GovFund,
    };
    assert!(all(&d, &gov_fund).is_empty());
}
