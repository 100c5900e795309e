//! The XLSX renderer, read back with calamine (values, sheet names, merged ranges) and as
//! OOXML (number formats, frozen panes, print setup).

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used)]

use calamine::{Data, Reader, Xlsx};
use std::io::{Cursor, Read};
use yusuan_model::Disclosure;

fn fixture(name: &str) -> Disclosure {
    let path = format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    yusuan_import::import_text(name, &text).unwrap()
}

const REFERENCE: &str = "chongqing-jiangbeicheng-2025-budget.txt";

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
}

fn merges(x: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<((u32, u32), (u32, u32))> {
    let mut m: Vec<_> = x
        .merge_cells_by_sheet_name(sheet)
        .unwrap()
        .into_iter()
        .map(|d| (d.start, d.end))
        .collect();
    m.sort();
    m
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn reference_workbook_sheets_merges_and_values() {
    let d = fixture(REFERENCE);
    let bytes = yusuan_render_xlsx::render(&d).unwrap();
    let mut x = open(&bytes);
    let names = x.sheet_names();
    assert_eq!(names.len(), 1 + d.tables.len() + d.performance.len());
    assert_eq!(names[0], "情况说明");
    assert_eq!(names[1], "表一 财政拨款收支总表");
    assert_eq!(names[2], "表二 一般公共预算财政拨款支出预算表");
    assert_eq!(names[d.tables.len() + 1], "表十 部门（单位）整体绩效目标表");
    assert_eq!(names[d.tables.len() + 3], "表十二 统战及民族宗教工作经费");
    for n in &names {
        assert!(n.chars().count() <= 31, "{n}");
        assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
    }

    // 表二: title across 5 columns, 功能分类科目 over code and name, 2025年预算数 over 3.
    let t2 = &names[2];
    let m = merges(&mut x, t2);
    assert!(m.contains(&((0, 0), (0, 4))), "{m:?}");
    assert!(m.contains(&((2, 0), (2, 1))), "{m:?}");
    assert!(m.contains(&((2, 2), (2, 4))), "{m:?}");
    let r = x.worksheet_range(t2).unwrap();
    assert_eq!(
        r.get_value((0, 0)),
        Some(&Data::String("表二 一般公共预算财政拨款支出预算表".into()))
    );
    assert_eq!(
        r.get_value((1, 4)),
        Some(&Data::String("单位：万元".into()))
    );
    assert_eq!(r.get_value((3, 0)), Some(&Data::String("科目编码".into())));
    assert_eq!(r.get_value((4, 1)), Some(&Data::String("合计".into())));
    assert_eq!(r.get_value((4, 2)), Some(&Data::Float(3634.33)));
    assert_eq!(r.get_value((4, 3)), Some(&Data::Float(1330.33)));
    assert_eq!(r.get_value((4, 4)), Some(&Data::Float(2304.0)));
    // Codes are text; blank cells are empty.
    assert_eq!(r.get_value((5, 0)), Some(&Data::String("201".into())));
    let row = (4..r.end().unwrap().0)
        .find(|&i| r.get_value((i, 0)) == Some(&Data::String("2010301".into())))
        .unwrap();
    assert_eq!(r.get_value((row, 2)), Some(&Data::Float(442.61)));
    assert_eq!(r.get_value((row, 4)), Some(&Data::Empty));

    // 表四: three header rows: 2025年预算数 over all, 合计 down two rows, the vehicle group.
    let t4 = &names[4];
    let m = merges(&mut x, t4);
    for want in [
        ((2, 0), (2, 5)),
        ((3, 0), (4, 0)),
        ((3, 2), (3, 4)),
        ((3, 5), (4, 5)),
    ] {
        assert!(m.contains(&want), "{want:?} in {m:?}");
    }
    let r = x.worksheet_range(t4).unwrap();
    assert_eq!(r.get_value((4, 2)), Some(&Data::String("小计".into())));
    assert_eq!(r.get_value((5, 0)), Some(&Data::Float(33.5)));

    // 表一: 收入 | 支出 side by side.
    let t1 = &names[1];
    let m = merges(&mut x, t1);
    assert!(
        m.contains(&((2, 0), (2, 1))) && m.contains(&((2, 2), (2, 6))),
        "{m:?}"
    );
    let r = x.worksheet_range(t1).unwrap();
    assert_eq!(
        r.get_value((4, 0)),
        Some(&Data::String("一、本年收入".into()))
    );
    assert_eq!(r.get_value((4, 1)), Some(&Data::Float(3636.8)));
    assert_eq!(r.get_value((4, 4)), Some(&Data::Float(3634.33)));

    // 表五 keeps its empty-table sentence.
    let r = x.worksheet_range(&names[5]).unwrap();
    let texts: Vec<String> = r.used_cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(texts.iter().any(|t| t.contains("故此表无数据")));

    // The narrative: one paragraph per row.
    let r = x.worksheet_range("情况说明").unwrap();
    let texts: Vec<String> = r.used_cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(texts.contains(&"一、单位基本情况".to_string()));
    assert!(texts
        .iter()
        .any(|t| t.contains("2025年年初预算数3636.80万元")));

    // A performance form: the budget as a number, the indicator headers.
    let p = &names[d.tables.len() + 3];
    let r = x.worksheet_range(p).unwrap();
    assert_eq!(r.get_value((3, 1)), Some(&Data::Float(6.0)));
    let texts: Vec<String> = r.used_cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(texts.contains(&"指标权重".to_string()));
    assert!(texts.contains(&"辖区少数民族暴力发生率".to_string()));
}

#[test]
fn reference_workbook_formats_panes_and_print_setup() {
    let d = fixture(REFERENCE);
    let bytes = yusuan_render_xlsx::render(&d).unwrap();
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"#,##0.00\""), "{styles}");
    // 表二 is sheet 3: frozen below its two header rows, A4 portrait, fit to width.
    let s = part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(
        s.contains(
            "<pane ySplit=\"4\" topLeftCell=\"A5\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        ),
        "{s}"
    );
    assert!(
        s.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"portrait\""),
        "{s}"
    );
    assert!(s.contains("<cols>"));
    // 表一 (7 columns) prints landscape.
    let s = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(s.contains("orientation=\"landscape\""));
    // Header rows repeat on every printed page.
    let wb = part(&bytes, "xl/workbook.xml");
    assert!(wb.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"2\">'表二 一般公共预算财政拨款支出预算表'!$3:$4</definedName>"), "{wb}");
}

#[test]
fn shanghai_workbooks_write_whole_yuan() {
    for name in [
        "shanghai-putuo-wanli-2025-budget.txt",
        "shanghai-putuo-finance-bureau-2025-budget.txt",
    ] {
        let d = fixture(name);
        let bytes = yusuan_render_xlsx::render(&d).unwrap();
        let mut x = open(&bytes);
        let names = x.sheet_names();
        assert_eq!(names.len(), 1 + d.tables.len() + d.performance.len());
        assert!(
            names[1].starts_with("1 2025年部门财务收支预算总表"),
            "{names:?}"
        );
        if name.contains("wanli") {
            let r = x.worksheet_range(&names[1]).unwrap();
            let values: Vec<&Data> = r.used_cells().map(|(_, _, v)| v).collect();
            assert!(values.contains(&&Data::Float(189_767_551.0)));
            let styles = part(&bytes, "xl/styles.xml");
            assert!(styles.contains("formatCode=\"#,##0\""));
        }
    }
}

#[test]
fn empty_disclosure_renders() {
    let bytes = yusuan_render_xlsx::render(&Disclosure::default()).unwrap();
    let x = open(&bytes);
    assert!(x.sheet_names().is_empty() || x.sheet_names().len() == 1);
}
