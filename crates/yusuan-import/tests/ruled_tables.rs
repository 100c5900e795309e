//! Ruled tables read from the PDF's geometry (`yusuan_import::lattice`), on real documents:
//! headers nested two levels deep, a summary table whose 支出 is shown two ways, rows cut by a
//! page break, a misprinted split code, a note under an empty table in parentheses.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used, clippy::panic)]

use yusuan_import::import_file;
use yusuan_model::identity::arithmetic;
use yusuan_model::{ColumnKey, Disclosure, Fen, MoneyUnit, RowKind, Side, Table, TableKind};

fn import(path: &str) -> Disclosure {
    let full = format!("{}/../../corpus/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    import_file(path, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn first(d: &Disclosure, kind: TableKind) -> &Table {
    d.tables
        .iter()
        .find(|t| t.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} table"))
}

fn yuan(s: &str) -> Fen {
    yusuan_model::parse_amount(s, MoneyUnit::Yuan)
        .unwrap()
        .unwrap()
        .fen
}

fn wan(s: &str) -> Fen {
    yusuan_model::parse_amount(s, MoneyUnit::WanYuan)
        .unwrap()
        .unwrap()
        .fen
}

/// Every identity of the table holds (a table read right foots).
fn foots(t: &Table) {
    let a = arithmetic(t);
    assert!(a.failing.is_empty(), "{}: {:?}", t.title, a.failing);
    assert!(a.holding > 0, "{}: nothing to foot", t.title);
    assert!(t.is_certain(), "{}: {:?}", t.title, t.doubt);
}

#[test]
fn a_two_level_header_gives_each_column_its_meaning() {
    // 本年支出 > 预算数 > 合计 | 基本支出 (人员经费, 公用经费) | 项目支出
    let d = import("pdf/shanghai-finance-bureau-2025-unit-budget.pdf");
    let t = first(&d, TableKind::DepartmentSummary);
    let keys: Vec<(ColumnKey, Side)> = t.columns.iter().map(|c| (c.key, c.side)).collect();
    use ColumnKey::*;
    assert_eq!(
        keys,
        [
            (Amount, Side::Income),
            (Total, Side::Expenditure),
            (Personnel, Side::Expenditure),
            (Operating, Side::Expenditure),
            (Project, Side::Expenditure),
        ]
    );
    let total = t.total_row(Side::Expenditure).unwrap();
    assert_eq!(total.amount(Total), Some(yuan("171,915,169")));
    assert_eq!(total.amount(Personnel), Some(yuan("102,464,260")));
    assert_eq!(total.amount(Operating), Some(yuan("25,177,779")));
    assert_eq!(total.amount(Project), Some(yuan("44,273,130")));
    foots(t);
}

#[test]
fn expenditure_shown_two_ways_is_two_parts_of_one_side() {
    // 收入 | 支出 by 功能分类 | 支出 by 用途; `当年支出小计` spans the 功能分类 amount and the 用途
    // label, its amount printed in the 用途 amount column.
    let d = import("pdf/jiangsu/jiangsu-party-office-2019-budget-tables.pdf");
    let t = first(&d, TableKind::DepartmentSummary);
    let use_rows: Vec<&str> = t
        .rows
        .iter()
        .filter(|r| r.side == Side::Expenditure && r.part == 1 && r.kind != RowKind::Total)
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(
        use_rows,
        [
            "一、基本支出",
            "二、项目支出",
            "三、单位预留机动经费",
            "结转下年资金"
        ]
    );
    let subtotal = |part: u8| {
        t.rows
            .iter()
            .find(|r| r.side == Side::Expenditure && r.part == part && r.label == "当年支出小计")
            .and_then(|r| r.cells.first())
            .and_then(|c| c.amount)
            .map(|a| a.fen)
    };
    assert_eq!(subtotal(0), Some(wan("27,664.22")));
    assert_eq!(subtotal(1), Some(wan("27,664.22")));
    foots(t);
    assert_eq!(d.tables.iter().filter(|t| !t.is_certain()).count(), 0);
}

#[test]
fn a_row_cut_by_a_page_break_is_one_row() {
    // Page 7 ends with `八、社会保障和就 | 1,608.51`, page 8 goes on with `业支出`; page 8
    // ends with `当年收入`, page 9 goes on with `小计`.
    let d = import("pdf/jiangsu/jiangsu-npc-office-2017-budget.pdf");
    let t = first(&d, TableKind::DepartmentSummary);
    let row = |label: &str| t.rows.iter().find(|r| r.label == label);
    let social = row("八、社会保障和就业支出").expect("the cut row joined");
    assert_eq!(
        social.cells.first().and_then(|c| c.amount).map(|a| a.fen),
        Some(wan("1,608.51"))
    );
    assert!(row("业支出").is_none() && row("小计").is_none());
    assert_eq!(row("当年收入小计").map(|r| r.kind), Some(RowKind::Total));
    foots(t);
}

#[test]
fn a_remark_under_an_empty_table_explains_it() {
    // `（无政府性基金支出）` right under the empty 政府性基金 table.
    let d = import("pdf/jiangsu/jiangsu-npc-office-2017-budget.pdf");
    let t = first(&d, TableKind::GovFundExpenditure);
    assert!(t.has_no_data());
    let note = t
        .empty_note
        .as_ref()
        .expect("the remark is the empty-table note");
    assert!(note.text.contains("无政府性基金支出"), "{}", note.text);
}

#[test]
fn a_misprinted_split_code_is_kept_as_printed() {
    // `7 11 02 事业单位医疗`: 类 210 printed as 7, in the 支出预算总表 and the 一般公共预算 table.
    let d = import("pdf/shanghai-putuo-welfare-home-2024-unit-budget.pdf");
    for kind in [
        TableKind::DepartmentExpenditure,
        TableKind::GeneralBudgetExpenditure,
    ] {
        let t = first(&d, kind);
        let r = t
            .rows
            .iter()
            .find(|r| r.label == "事业单位医疗")
            .unwrap_or_else(|| panic!("{}: no 事业单位医疗", t.title));
        assert_eq!(r.code, None);
        assert_eq!(r.malformed_code.as_deref(), Some("7 11 02"));
    }
}

#[test]
fn a_title_printed_again_over_the_rest_of_a_table_continues_it() {
    // 政府采购预算表 on p.12 with its 合计 first, and again with the same header on p.13
    // without one: one table, not two, and no column left unknown on the second page.
    let d = import("pdf/jiangsu/jiangsu-cppcc-office-2017-budget-tables.pdf");
    let procurement: Vec<&Table> = d
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::Procurement)
        .collect();
    assert_eq!(procurement.len(), 1);
    let t = procurement[0];
    let pages: std::collections::BTreeSet<u32> =
        t.rows.iter().filter_map(|r| r.prov.page).collect();
    assert_eq!(pages.into_iter().collect::<Vec<_>>(), [12, 13]);
    assert!(
        !d.diagnostics
            .iter()
            .any(|x| x.message.contains("无法识别列")),
        "{:?}",
        d.diagnostics
    );
    let total = t
        .rows
        .iter()
        .find(|r| r.kind == RowKind::Total)
        .and_then(|r| r.cells.iter().find_map(|c| c.amount))
        .map(|a| a.fen);
    assert_eq!(total, Some(wan("1,271.22")));
}

#[test]
fn a_compiler_name_wrapped_onto_its_own_line() {
    // `部门：中国共产党江苏省委员会办` … `公厅` above the table.
    let d = import("pdf/jiangsu/jiangsu-party-office-2017-budget-tables.pdf");
    let t = first(&d, TableKind::DepartmentIncome);
    assert_eq!(t.compiler.as_deref(), Some("中国共产党江苏省委员会办公厅"));
}
