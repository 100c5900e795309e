//! Every kind of disclosure in the corpus is told apart and its tables recognised by their
//! titles: the national template (江苏 2017–2019, numbered 表一…, 公开01表… or not at all, titles
//! with （功能科目） qualifiers, one broken over two lines), the 部门决算's nine tables, and the
//! unit stated on the national template's table pages (`部门：…`).

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::panic)]

use yusuan_import::import_file;
use yusuan_model::{Disclosure, DocKind, TableKind};

fn import(path: &str) -> Disclosure {
    let full = format!("{}/../../corpus/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    import_file(path, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn kinds(d: &Disclosure) -> Vec<TableKind> {
    d.tables.iter().map(|t| t.kind).collect()
}

#[test]
fn the_national_templates_twelve_tables() {
    use TableKind::*;
    let d = import("pdf/jiangsu/jiangsu-party-office-2019-budget-tables.pdf");
    assert_eq!(
        kinds(&d),
        [
            DepartmentSummary,
            DepartmentIncome,
            DepartmentExpenditure,
            FiscalSummary,
            FiscalExpenditure,
            FiscalBasicEconomic,
            GeneralBudgetExpenditure,
            GeneralBudgetBasicEconomic,
            ThreePublic,
            GovFundExpenditure,
            AdminCost,
            Procurement,
        ]
    );
    assert_eq!(d.meta.unit.name.as_deref(), Some("中共江苏省委办公厅"));
    assert_eq!(d.meta.profile.as_deref(), Some("national"));
    // The 机关运行经费 table lists economic codes; they are no function codes.
    let admin = d.table(AdminCost).expect("the 机关运行经费 table");
    assert!(admin.coded_rows().count() > 10);

    // 2017: numbered 表一…表十二, the 三公 table titled with a qualifier after 表.
    let d = import("pdf/jiangsu/jiangsu-cppcc-office-2017-budget-tables.pdf");
    let three = d.table(ThreePublic).expect("the 三公 table");
    assert_eq!(three.number.as_deref(), Some("表十一"));
    assert!(three.title.ends_with("（一般公共预算）"), "{}", three.title);
    assert_eq!(d.meta.unit.name.as_deref(), Some("江苏省政协办公厅"));
    // Tables numbered 表一… are not thereby 重庆's; the unit line `部门：…  单位：万元` gives
    // every table its unit.
    assert_eq!(d.meta.region, yusuan_model::Region::National);
    assert!(
        d.tables
            .iter()
            .all(|t| t.unit == Some(yusuan_model::MoneyUnit::WanYuan)),
        "{:?}",
        d.tables.iter().map(|t| t.unit).collect::<Vec<_>>()
    );

    // 2017, one file: its contents has a title broken over two lines, and so has its 三公 table.
    let d = import("pdf/jiangsu/jiangsu-npc-office-2017-budget.pdf");
    assert_eq!(d.tables.len(), 12, "{:?}", kinds(&d));
    assert!(d.table(ThreePublic).is_some());
    assert!(d.table(Procurement).is_some());
}

#[test]
fn the_text_half_has_no_tables_and_its_contents() {
    let d = import("pdf/jiangsu/jiangsu-cppcc-office-2019-budget-text.pdf");
    // Its contents names every table: none of them is taken for a table.
    assert!(d.tables.is_empty(), "{:?}", kinds(&d));
    assert_eq!(d.meta.contents.len(), 12, "{:?}", d.meta.contents);
    assert_eq!(d.meta.year, Some(2019));
    assert_eq!(d.meta.profile.as_deref(), Some("national"));
    assert_eq!(
        yusuan_import::half(&d),
        Some(yusuan_import::Half::Narrative)
    );
}

#[test]
fn final_accounts_and_their_nine_tables() {
    use TableKind::*;
    let d = import("pdf/shanghai-putuo-social-work-dept-2024-final-accounts.pdf");
    assert_eq!(d.meta.kind, DocKind::DepartmentFinalAccounts);
    assert_eq!(d.meta.profile.as_deref(), Some("final-accounts"));
    assert_eq!(
        d.meta.unit.name.as_deref(),
        Some("中共上海市普陀区委社会工作部")
    );
    assert_eq!(
        kinds(&d),
        [
            FinalSummary,
            FinalIncome,
            FinalExpenditure,
            FinalFiscalSummary,
            FinalGeneralBudgetExpenditure,
            FinalGeneralBudgetBasicEconomic,
            FinalThreePublic,
            FinalGovFund,
            FinalStateCapital,
        ]
    );
}

#[test]
fn shanghai_department_and_unit_budgets() {
    for (path, profile) in [
        (
            "pdf/shanghai-putuo-commerce-2025-dept-budget.pdf",
            "shanghai-department",
        ),
        (
            "pdf/shanghai-putuo-commerce-2025-unit-budget.pdf",
            "shanghai-unit",
        ),
    ] {
        let d = import(path);
        assert_eq!(d.meta.profile.as_deref(), Some(profile), "{path}");
        assert_eq!(d.tables.len(), 9, "{path}");
        // The contents (entries numbered `1.`… without leaders) is no table, and the first
        // section after it, 主要职能, is read.
        assert!(
            d.narrative
                .sections
                .iter()
                .any(|s| s.title.contains("主要职能")),
            "{path}: {:?}",
            d.narrative
                .sections
                .iter()
                .map(|s| &s.title)
                .collect::<Vec<_>>()
        );
    }
}
