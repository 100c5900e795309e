//! Every table of the reference 重庆 disclosure, imported through `import_text`, with concrete
//! values, row kinds, provenance and coverage. The narrative is not looked at here.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use yusuan_import::import_text;
use yusuan_model::{
    Code, ColumnKey, DiagnosticSeverity, Disclosure, Fen, MoneyUnit, Nature, PerformanceKind,
    PerformanceTable, Row, RowKind, Side, Table, TableKind, Weight,
};

const FILE: &str = "chongqing-jiangbeicheng-2025-budget.txt";

fn disclosure() -> Disclosure {
    let text = std::fs::read_to_string(format!(
        "{}/../../corpus/{FILE}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("reference fixture");
    import_text(FILE, &text).expect("imports")
}

/// `3,636.80` 万元 in 分.
fn wan(s: &str) -> Fen {
    yusuan_model::parse_amount(s, MoneyUnit::WanYuan)
        .unwrap()
        .unwrap()
        .fen
}

fn table<'a>(d: &'a Disclosure, number: &str) -> &'a Table {
    d.tables
        .iter()
        .find(|t| t.number.as_deref() == Some(number))
        .unwrap_or_else(|| panic!("no {number}"))
}

fn coded<'a>(t: &'a Table, code: &str) -> &'a Row {
    t.row_by_code(&Code::parse(code).unwrap())
        .unwrap_or_else(|| panic!("no row {code} in {}", t.display_name()))
}

fn labelled<'a>(t: &'a Table, side: Side, label: &str) -> &'a Row {
    t.rows
        .iter()
        .find(|r| r.side == side && r.label == label)
        .unwrap_or_else(|| panic!("no row {label} ({side:?}) in {}", t.display_name()))
}

fn project<'a>(d: &'a Disclosure, name: &str) -> &'a PerformanceTable {
    d.performance
        .iter()
        .find(|p| p.name.as_ref().is_some_and(|n| n.text == name))
        .unwrap_or_else(|| panic!("no project {name}"))
}

fn weight_sum(p: &PerformanceTable) -> Weight {
    Weight(
        p.indicators
            .iter()
            .filter_map(|i| i.weight)
            .map(|w| w.0)
            .sum(),
    )
}

#[test]
fn every_table_is_read_with_its_kind_unit_and_number() {
    let d = disclosure();
    let numbers: Vec<(&str, TableKind)> = d
        .tables
        .iter()
        .map(|t| (t.number.as_deref().unwrap_or(""), t.kind))
        .collect();
    use TableKind::*;
    assert_eq!(
        numbers,
        [
            ("表一", FiscalSummary),
            ("表二", GeneralBudgetExpenditure),
            ("表三", GeneralBudgetBasicEconomic),
            ("表四", ThreePublic),
            ("表五", GovFundExpenditure),
            ("表六", DepartmentSummary),
            ("表七", DepartmentIncome),
            ("表八", DepartmentExpenditure),
            ("表九", Procurement),
        ]
    );
    assert!(d.tables.iter().all(|t| t.unit == Some(MoneyUnit::WanYuan)));
    // 表十 overall, 表十一 key projects (empty), 17 × 表十二.
    assert_eq!(d.performance.len(), 19);
    assert_eq!(d.performance[0].kind, PerformanceKind::Overall);
    assert_eq!(d.performance[1].kind, PerformanceKind::KeyProject);
    assert!(d.performance[2..]
        .iter()
        .all(|p| p.kind == PerformanceKind::Project && p.number.as_deref() == Some("表十二")));
}

#[test]
fn table_1_fiscal_summary_is_two_sided() {
    let d = disclosure();
    let t = table(&d, "表一");
    assert_eq!(t.title, "财政拨款收支总表");
    assert!(t.column(ColumnKey::Amount, Side::Income).is_some());
    for key in [
        ColumnKey::Total,
        ColumnKey::GeneralBudget,
        ColumnKey::GovFund,
        ColumnKey::StateCapital,
    ] {
        assert!(t.column(key, Side::Expenditure).is_some(), "{key:?}");
    }

    let heading = labelled(t, Side::Income, "一、本年收入");
    assert_eq!(heading.kind, RowKind::Heading);
    assert_eq!(heading.amount(ColumnKey::Amount), Some(wan("3,636.80")));

    let gb = labelled(t, Side::Income, "一般公共预算资金");
    assert_eq!(gb.kind, RowKind::Line);
    assert_eq!(gb.amount(ColumnKey::Amount), Some(wan("3,634.33")));
    assert_eq!(gb.prov.line, Some(72));
    assert_eq!(
        labelled(t, Side::Income, "国有资本经营预算资金").amount(ColumnKey::Amount),
        Some(wan("2.47"))
    );
    assert!(labelled(t, Side::Income, "政府性基金预算资金").is_blank());

    // The document prints 一般公共预算服务支出 (sic) here.
    let general = labelled(t, Side::Expenditure, "一般公共预算服务支出");
    assert_eq!(general.amount(ColumnKey::Total), Some(wan("1,570.09")));
    assert_eq!(
        general.amount(ColumnKey::GeneralBudget),
        Some(wan("1,570.09"))
    );
    assert_eq!(general.amount(ColumnKey::StateCapital), None);
    let sc = labelled(t, Side::Expenditure, "国有资本经营预算支出");
    assert_eq!(sc.amount(ColumnKey::StateCapital), Some(wan("2.47")));
    assert_eq!(sc.amount(ColumnKey::GeneralBudget), None);

    assert_eq!(
        labelled(t, Side::Income, "二、上年结转").kind,
        RowKind::Heading
    );
    assert_eq!(
        labelled(t, Side::Expenditure, "二、结转下年").kind,
        RowKind::Heading
    );
    assert!(labelled(t, Side::Income, "一般公共预算拨款").is_blank());

    let income_total = t.total_row(Side::Income).unwrap();
    assert_eq!(income_total.label, "收入合计");
    assert_eq!(
        income_total.amount(ColumnKey::Amount),
        Some(wan("3,636.80"))
    );
    let exp_total = t.total_row(Side::Expenditure).unwrap();
    assert_eq!(exp_total.label, "支出合计");
    assert_eq!(exp_total.amount(ColumnKey::Total), Some(wan("3,636.80")));
    assert_eq!(
        exp_total.amount(ColumnKey::GeneralBudget),
        Some(wan("3,634.33"))
    );
    assert_eq!(exp_total.amount(ColumnKey::GovFund), None);
    assert_eq!(exp_total.prov.line, Some(88));

    // Expenditure lines: the 11 功能分类 类 plus heading, 结转下年 and total.
    let exp = t
        .rows
        .iter()
        .filter(|r| r.side == Side::Expenditure)
        .count();
    assert_eq!(exp, 14);
}

#[test]
fn table_2_general_budget_expenditure() {
    let d = disclosure();
    let t = table(&d, "表二");
    assert_eq!(t.title, "一般公共预算财政拨款支出预算表");
    let keys: Vec<ColumnKey> = t.columns.iter().map(|c| c.key).collect();
    assert_eq!(
        keys,
        [ColumnKey::Total, ColumnKey::Basic, ColumnKey::Project]
    );
    assert_eq!(t.columns[1].label, "基本支出");
    assert!(t.columns.iter().all(|c| c.year.is_none()));

    let total = t.total_row(Side::Single).unwrap();
    assert_eq!(total.label, "合计");
    assert_eq!(total.amount(ColumnKey::Total), Some(wan("3,634.33")));
    assert_eq!(total.amount(ColumnKey::Basic), Some(wan("1,330.33")));
    assert_eq!(total.amount(ColumnKey::Project), Some(wan("2,304.00")));
    assert_eq!(
        total.value(ColumnKey::Basic) + total.value(ColumnKey::Project),
        total.value(ColumnKey::Total)
    );

    let r = coded(t, "2120104");
    assert_eq!(r.kind, RowKind::Coded);
    assert_eq!(r.label, "城管执法");
    assert_eq!(r.amount(ColumnKey::Total), Some(wan("688.50")));
    assert_eq!(r.amount(ColumnKey::Basic), Some(wan("40.20")));
    assert_eq!(r.amount(ColumnKey::Project), Some(wan("648.30")));
    let cell = r.cell(ColumnKey::Basic).unwrap();
    assert_eq!(cell.text, "40.20");
    assert_eq!(cell.prov.line, Some(169));
    assert_eq!(cell.prov.row.as_deref(), Some("2120104"));
    assert_eq!(cell.prov.column.as_deref(), Some("基本支出"));
    assert_eq!(
        cell.prov.table.as_deref(),
        Some("表二 一般公共预算财政拨款支出预算表")
    );
    assert_eq!(&*cell.prov.file, FILE);

    // 类, 款 and 项 rows; rows with every amount blank are kept.
    assert_eq!(
        coded(t, "201").amount(ColumnKey::Total),
        Some(wan("1,570.09"))
    );
    assert_eq!(coded(t, "20103").label, "政府办公厅（室）及相关机构事务");
    assert!(coded(t, "2080208").is_blank());
    assert!(coded(t, "213").is_blank());
    // 2130302 comes after a page-break blank line.
    assert!(coded(t, "2130302").is_blank());
    assert_eq!(
        coded(t, "2240601").amount(ColumnKey::Project),
        Some(wan("4.86"))
    );
    assert_eq!(t.coded_rows().count(), 85);

    assert_eq!(t.notes.len(), 2);
    assert!(t.notes[0].text.starts_with("备注：本表反映"));
    assert_eq!(t.notes[1].prov.line, Some(189));
    assert!(t.empty_note.is_none());
    assert_eq!(t.end_line, 189);
}

#[test]
fn table_3_basic_expenditure_by_economic_class() {
    let d = disclosure();
    let t = table(&d, "表三");
    let keys: Vec<ColumnKey> = t.columns.iter().map(|c| c.key).collect();
    assert_eq!(
        keys,
        [ColumnKey::Total, ColumnKey::Personnel, ColumnKey::Operating]
    );
    let total = t.total_row(Side::Single).unwrap();
    assert_eq!(total.amount(ColumnKey::Total), Some(wan("1,330.33")));
    assert_eq!(total.amount(ColumnKey::Personnel), Some(wan("1,047.13")));
    assert_eq!(total.amount(ColumnKey::Operating), Some(wan("283.20")));
    let car = coded(t, "30231");
    assert_eq!(car.label, "公务用车运行维护费");
    assert_eq!(car.amount(ColumnKey::Operating), Some(wan("27.50")));
    assert_eq!(car.amount(ColumnKey::Personnel), None);
    assert_eq!(car.prov.line, Some(227));
    // 310 follows a page-break blank line.
    assert_eq!(coded(t, "310").amount(ColumnKey::Total), Some(wan("6.00")));
    assert_eq!(
        coded(t, "31002").amount(ColumnKey::Operating),
        Some(wan("6.00"))
    );
    assert_eq!(t.notes.len(), 1);
}

#[test]
fn table_4_three_public_expenses() {
    let d = disclosure();
    let t = table(&d, "表四");
    use ColumnKey::*;
    let keys: Vec<ColumnKey> = t.columns.iter().map(|c| c.key).collect();
    assert_eq!(
        keys,
        [
            Total,
            Overseas,
            VehicleTotal,
            VehiclePurchase,
            VehicleOperation,
            Reception
        ]
    );
    assert_eq!(t.rows.len(), 1);
    let r = &t.rows[0];
    assert_eq!(r.label, "");
    assert_eq!(r.prov.line, Some(248));
    assert_eq!(r.amount(Total), Some(wan("33.50")));
    assert_eq!(r.amount(Overseas), Some(wan("3.00")));
    assert_eq!(r.amount(VehicleTotal), Some(wan("27.50")));
    assert_eq!(r.amount(VehiclePurchase), None);
    assert_eq!(r.cell(VehiclePurchase).unwrap().text, "");
    assert_eq!(r.amount(VehicleOperation), Some(wan("27.50")));
    assert_eq!(r.amount(Reception), Some(wan("3.00")));
    assert_eq!(
        r.cell(Reception).unwrap().prov.column.as_deref(),
        Some("公务接待费")
    );
}

#[test]
fn table_5_gov_fund_is_empty_with_its_note() {
    let d = disclosure();
    let t = table(&d, "表五");
    assert!(t.has_no_data());
    let keys: Vec<ColumnKey> = t.columns.iter().map(|c| c.key).collect();
    assert_eq!(
        keys,
        [ColumnKey::Total, ColumnKey::Basic, ColumnKey::Project]
    );
    let total = t.total_row(Side::Single).unwrap();
    assert!(total.is_blank());
    let note = t.empty_note.as_ref().unwrap();
    assert_eq!(
        note.text,
        "（备注：本部门无政府性基金收支，故此表无数据。）"
    );
    assert_eq!(note.prov.line, Some(260));
    assert!(t.notes.is_empty());
}

#[test]
fn table_6_department_summary_both_sides() {
    let d = disclosure();
    let t = table(&d, "表六");
    assert_eq!(t.columns.len(), 2);
    assert_eq!(t.columns[0].side, Side::Income);
    assert_eq!(t.columns[1].side, Side::Expenditure);
    for side in [Side::Income, Side::Expenditure] {
        let total = t.total_row(side).unwrap();
        assert_eq!(total.label, "合计");
        assert_eq!(total.amount(ColumnKey::Amount), Some(wan("3,636.80")));
        assert_eq!(total.prov.line, Some(270));
    }
    assert_eq!(
        labelled(t, Side::Income, "一般公共预算资金").amount(ColumnKey::Amount),
        Some(wan("3,634.33"))
    );
    assert!(labelled(t, Side::Income, "其他收入资金").is_blank());
    assert_eq!(
        labelled(t, Side::Expenditure, "灾害防治及应急管理支出").amount(ColumnKey::Amount),
        Some(wan("49.86"))
    );
    assert_eq!(t.rows.iter().filter(|r| r.side == Side::Income).count(), 10);
    assert_eq!(
        t.rows
            .iter()
            .filter(|r| r.side == Side::Expenditure)
            .count(),
        12
    );
}

#[test]
fn table_7_income_by_source() {
    let d = disclosure();
    let t = table(&d, "表七");
    use ColumnKey::*;
    let keys: Vec<ColumnKey> = t.columns.iter().map(|c| c.key).collect();
    assert_eq!(
        keys,
        [
            Total,
            GeneralBudget,
            GovFund,
            StateCapital,
            SpecialAccount,
            OperatingRevenue,
            HigherSubsidy,
            SubordinateRemittance,
            BusinessRevenue,
            OtherRevenue
        ]
    );
    assert_eq!(t.columns[1].label, "一般公共预算 财政拨款收入");
    let total = t.total_row(Side::Single).unwrap();
    assert_eq!(total.amount(Total), Some(wan("3,636.80")));
    assert_eq!(total.amount(GeneralBudget), Some(wan("3,634.33")));
    assert_eq!(total.amount(StateCapital), Some(wan("2.47")));
    let r = coded(t, "223");
    assert_eq!(r.label, "国有资本经营预算支出");
    assert_eq!(r.amount(StateCapital), Some(wan("2.47")));
    assert_eq!(r.amount(GeneralBudget), None);
    assert_eq!(r.prov.line, Some(365));
    assert_eq!(
        coded(t, "2120104").amount(GeneralBudget),
        Some(wan("688.50"))
    );
}

#[test]
fn table_8_expenditure_basic_and_project() {
    let d = disclosure();
    let t = table(&d, "表八");
    let total = t.total_row(Side::Single).unwrap();
    assert_eq!(total.amount(ColumnKey::Total), Some(wan("3,636.80")));
    assert_eq!(total.amount(ColumnKey::Basic), Some(wan("1,330.33")));
    assert_eq!(total.amount(ColumnKey::Project), Some(wan("2,306.47")));
    assert_eq!(total.prov.line, Some(382));
    assert_eq!(
        coded(t, "2230105").amount(ColumnKey::Project),
        Some(wan("2.47"))
    );
    assert_eq!(
        coded(t, "2120104").amount(ColumnKey::Basic),
        Some(wan("40.20"))
    );
}

#[test]
fn table_9_procurement() {
    let d = disclosure();
    let t = table(&d, "表九");
    assert_eq!(t.rows.len(), 2);
    let total = t.total_row(Side::Single).unwrap();
    assert_eq!(total.amount(ColumnKey::Total), Some(wan("954.58")));
    let services = &t.rows[1];
    assert_eq!(services.kind, RowKind::Line);
    assert_eq!(services.label, "服务");
    assert_eq!(services.code, None);
    assert_eq!(services.amount(ColumnKey::Total), Some(wan("954.58")));
    assert_eq!(
        services.amount(ColumnKey::GeneralBudget),
        Some(wan("954.58"))
    );
    assert_eq!(services.prov.line, Some(473));
}

#[test]
fn table_10_overall_performance() {
    let d = disclosure();
    let p = &d.performance[0];
    assert_eq!(p.number.as_deref(), Some("表十"));
    assert_eq!(p.title, "部门（单位）整体绩效目标表");
    assert_eq!(p.unit, Some(MoneyUnit::WanYuan));
    assert_eq!(
        p.name.as_ref().unwrap().text,
        "806—重庆市江北区人民政府江北城街道办事处"
    );
    let budget = p.budget.as_ref().unwrap();
    assert_eq!(budget.amount.fen, wan("3,636.80"));
    assert_eq!(budget.prov.line, Some(481));
    let goal = &p.goal.as_ref().unwrap().text;
    assert!(goal.starts_with("江北城街道党工委"), "{goal}");
    assert!(!goal.contains("<p>"));
    assert_eq!(p.indicators.len(), 7);
    assert_eq!(weight_sum(p), Weight::hundred());
    let first = &p.indicators[0];
    assert_eq!(first.name, "非公两个覆盖率");
    assert_eq!(first.weight, Some(Weight(1000)));
    assert_eq!(first.nature, Some(Nature::AtLeast));
    assert_eq!(first.value, "92");
    assert_eq!(first.unit, "%");
    assert_eq!(first.core, Some(true));
    assert_eq!(first.prov.line, Some(484));
    let q = &p.indicators[3];
    assert_eq!(q.name, "群众安全感指数");
    assert_eq!(q.nature, Some(Nature::Qualitative));
    assert_eq!(q.nature_text, "定性");
    assert_eq!(q.value, "高于全区安全感指数平均值");
    assert_eq!(q.unit, "");
    assert_eq!(q.core, Some(false));
}

#[test]
fn table_11_key_projects_is_empty_with_its_note() {
    let d = disclosure();
    let p = &d.performance[1];
    assert_eq!(p.number, None);
    assert!(p.name.is_none());
    assert!(p.budget.is_none());
    assert!(p.compiler.is_none());
    assert!(p.indicators.is_empty());
    let note = p.empty_note.as_ref().unwrap();
    assert_eq!(note.text, "（备注：本部门无此项收支，故此表无数据。）");
    assert_eq!(note.prov.line, Some(505));
}

#[test]
fn table_12_every_project() {
    let d = disclosure();
    // name, budget, indicators, weights in order (read off the fixture by hand).
    let expected: [(&str, &str, &[i64]); 17] = [
        (
            "统战及民族宗教工作经费",
            "6.00",
            &[5, 5, 20, 5, 20, 10, 25, 10],
        ),
        ("退役军人及武装工作经费", "17.00", &[10, 30, 10, 10, 30, 10]),
        ("经济发展工作经费", "3.00", &[20, 20, 30, 10, 10, 10]),
        ("文体及教育工作经费", "70.60", &[25, 15, 10, 15, 15, 10, 10]),
        ("组织工作经费", "85.04", &[10, 10, 15, 20, 15, 10, 10, 10]),
        ("宣传及精神文明建设", "60.00", &[40, 10, 40, 10]),
        ("运行保障工作经费", "210.00", &[10, 25, 20, 25, 10, 10]),
        ("群团组织工作经费", "17.00", &[20, 20, 20, 30, 10]),
        ("社会治理工作经费", "89.38", &[20, 30, 20, 20, 10]),
        ("民政管理事务工作经费", "390.38", &[10, 10, 10, 30, 30, 10]),
        ("政协工作经费", "6.00", &[40, 40, 10, 10]),
        ("人大工作经费", "12.00", &[15, 20, 10, 10, 15, 20, 10]),
        ("社会保障工作经费", "10.47", &[20, 20, 20, 30, 10]),
        ("财政管理业务经费", "5.00", &[15, 30, 15, 30, 10]),
        ("纪检监察业务经费", "10.00", &[15, 20, 20, 15, 20, 10]),
        (
            "城乡社区管理工作经费",
            "1,085.93",
            &[15, 15, 15, 10, 20, 15, 10],
        ),
        ("卫生健康工作经费", "6.00", &[40, 30, 20, 10]),
    ];
    let projects: Vec<&str> = d.performance[2..]
        .iter()
        .map(|p| p.name.as_ref().map(|n| n.text.as_str()).unwrap_or(""))
        .collect();
    assert_eq!(projects, expected.map(|e| e.0));
    for (name, budget, weights) in expected {
        let p = project(&d, name);
        assert_eq!(p.budget.as_ref().unwrap().amount.fen, wan(budget), "{name}");
        let got: Vec<i64> = p
            .indicators
            .iter()
            .map(|i| i.weight.map_or(-1, |w| w.0 / 100))
            .collect();
        assert_eq!(got, weights, "{name}");
        assert_eq!(weight_sum(p), Weight::hundred(), "{name}");
        assert!(
            p.overview.is_some() && p.basis.is_some() && p.goal.is_some(),
            "{name}"
        );
        assert!(
            p.department
                .as_ref()
                .unwrap()
                .text
                .contains("江北城街道办事处"),
            "{name}"
        );
        assert!(p.indicators.iter().all(|i| i.nature.is_some()), "{name}");
        assert!(p.indicators.iter().all(|i| i.core.is_some()), "{name}");
    }

    let united = project(&d, "统战及民族宗教工作经费");
    assert_eq!(
        united.compiler.as_ref().unwrap().text,
        "806-重庆市江北区人民政府江北城街道办事处"
    );
    let visits: Vec<_> = united
        .indicators
        .iter()
        .filter(|i| i.name == "少数民族入户走访")
        .collect();
    assert_eq!(visits.len(), 2);
    assert_eq!(visits[0].nature, Some(Nature::Equal));
    assert_eq!(visits[1].nature, Some(Nature::AtLeast));
    assert_eq!(visits[1].value, "2");
    assert_eq!(visits[1].unit, "场次");
    assert_eq!(visits[1].prov.line, Some(520));
    assert_eq!(
        united.indicators.last().unwrap().nature,
        Some(Nature::AtLeast)
    );
    assert_eq!(
        united
            .indicators
            .iter()
            .find(|i| i.name == "辖区少数民族暴力发生率")
            .unwrap()
            .nature,
        Some(Nature::AtMost)
    );

    // 组织工作经费 puts `绩效指标` in the first indicator row, not the header row.
    let org = project(&d, "组织工作经费");
    assert_eq!(org.indicators[0].name, "非公党组织联合党员活动参加人数");
    assert_eq!(org.indicators[0].prov.line, Some(597));
    assert_eq!(org.unit, Some(MoneyUnit::WanYuan));

    // The compiler glued to the unit on one line.
    let culture = project(&d, "文体及教育工作经费");
    assert_eq!(
        culture.compiler.as_ref().unwrap().text,
        "806-重庆市江北区人民政府江北城街道办事处"
    );
    assert_eq!(culture.compiler.as_ref().unwrap().prov.line, Some(568));
    assert_eq!(culture.unit, Some(MoneyUnit::WanYuan));

    // A qualitative indicator without a unit.
    let finance = project(&d, "财政管理业务经费");
    let q = &finance.indicators[3];
    assert_eq!(
        (q.name.as_str(), q.value.as_str()),
        ("财务核算及时性", "当月结束")
    );

    let city = project(&d, "城乡社区管理工作经费");
    assert_eq!(city.budget.as_ref().unwrap().prov.line, Some(810));
    assert_eq!(city.indicators[2].value, "311806.45");

    // The last project prints neither 编制单位 nor 单位.
    let health = project(&d, "卫生健康工作经费");
    assert!(health.compiler.is_none());
    assert_eq!(health.unit, None);
    assert_eq!(health.indicators.len(), 4);
}

#[test]
fn every_table_line_is_accounted_for() {
    let d = disclosure();
    // Lines 63– are the tables; the narrative before them is read elsewhere.
    let unexplained: Vec<_> = d
        .coverage
        .unexplained
        .iter()
        .filter(|u| u.line >= 63)
        .collect();
    assert!(unexplained.is_empty(), "{unexplained:#?}");
    // No cell failed to parse; the only warning is the last 表十二's missing unit.
    let errors: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|d| d.severity == DiagnosticSeverity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let warnings: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|d| d.severity == DiagnosticSeverity::Warning)
        .filter(|d| d.prov.line.is_some_and(|l| l >= 63))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0].prov.line, Some(825));
}

const BAD: &str = "表二\n\
一般公共预算财政拨款支出预算表\n\
单位：万元\n\
科目编码\t科目名称\t总计\t基本支出\t项目支出\n\
合计\t\t30.00\t10.00\t20.00\n\
201\t一般公共服务支出\t3O.00\t10.00\t20.00\n\
20101\t人大事务\t12.00\t\t12.00\t7.00\n\
2010199\t其他人大事务支出\t12.00\t\t12.00\n";

#[test]
fn a_bad_cell_is_an_error_and_the_rest_still_imports() {
    let d = import_text("bad.txt", BAD).unwrap();
    let t = &d.tables[0];
    assert_eq!(t.rows.len(), 4);
    let errors: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|d| d.severity == DiagnosticSeverity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].prov.line, Some(6));
    assert_eq!(errors[0].prov.row.as_deref(), Some("201"));
    assert_eq!(errors[0].prov.column.as_deref(), Some("总计"));
    assert!(errors[0].message.contains("3O.00"), "{}", errors[0].message);
    assert!(errors[0].message.contains("应为金额"));
    let r = coded(t, "201");
    assert_eq!(r.amount(ColumnKey::Total), None);
    assert_eq!(r.cell(ColumnKey::Total).unwrap().text, "3O.00");
    assert_eq!(r.amount(ColumnKey::Basic), Some(wan("10.00")));
    assert_eq!(
        coded(t, "2010199").amount(ColumnKey::Project),
        Some(wan("12.00"))
    );
}

#[test]
fn a_row_with_too_many_cells_is_a_warning() {
    let d = import_text("bad.txt", BAD).unwrap();
    // The table does not foot anywhere (201 has 10.00 of 基本支出, its children none): the
    // reading is in doubt, said once, beside the warning about the extra cell.
    let warnings: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|d| d.severity == DiagnosticSeverity::Warning)
        .filter(|d| !d.message.contains("未据此报错"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(d.tables[0].doubt.is_some());
    assert_eq!(warnings[0].prov.line, Some(7));
    assert!(warnings[0].message.contains("7.00"));
    let r = coded(&d.tables[0], "20101");
    assert_eq!(r.amount(ColumnKey::Project), Some(wan("12.00")));
    assert_eq!(r.cells.len(), 3);
    assert!(
        d.coverage.unexplained.is_empty(),
        "{:#?}",
        d.coverage.unexplained
    );
}

#[test]
fn text_after_a_table_goes_back_to_the_narrative() {
    use yusuan_import::context::Context;
    use yusuan_import::segment::{segment, Block};
    use yusuan_import::source::SourceText;
    let text = "表四\n\
一般公共预算“三公”经费支出表\n\
单位：万元\n\
合计\t因公出国（境）费\t公务接待费\n\
5.00\t2.00\t3.00\n\
\n\
备注：本表数据为系统导出。\n\
四、“三公”经费情况说明\n\
\n\
2025 年“三公”经费预算 5.00 万元。\n";
    let src = SourceText::new("tail.txt", text);
    let mut ctx = Context::new(&src);
    let blocks = segment(&src, &mut ctx);
    let [Block::Table(tb)] = blocks.as_slice() else {
        panic!("{blocks:?}")
    };
    let (grid, tail) = yusuan_import::tsv::read_table(&mut ctx, tb);
    let grid = grid.unwrap();
    assert_eq!(grid.end_line, 7);
    assert_eq!(grid.notes.len(), 1);
    assert_eq!(tail, [8, 9, 10]);
    // The tail is left for the narrative reader: not marked here.
    assert!(tail.iter().all(|&l| ctx.is_unused(l)));
}
