//! DOCX, XLSX and HTML files built here from the reference 重庆 disclosure import to the same
//! tables, performance tables and narrative facts as its text form; plus targeted cases (merged
//! cells, numbers stored as floats, a title in a merged first row, damaged files) and provenance
//! that names the paragraph, sheet row or table row.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;
use std::io::Write;
use yusuan_import::titles::{classify_title, table_label};
use yusuan_import::{import_file, import_text, ImportError};
use yusuan_model::{Code, ColumnKey, Disclosure, Fen, MoneyUnit, Side, TableKind};

const FILE: &str = "chongqing-jiangbeicheng-2025-budget.txt";

fn fixture() -> String {
    std::fs::read_to_string(format!(
        "{}/../../corpus/{FILE}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("reference fixture")
}

/// The fixture as a document: paragraphs (lines without tabs) and tables (runs of tab-separated
/// lines; blank lines inside a run are page breaks and do not end the table).
#[derive(Clone, Debug)]
enum Item {
    Para(String),
    Table(Vec<Vec<String>>),
}

fn items(text: &str) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let flush = |table: &mut Vec<Vec<String>>, out: &mut Vec<Item>| {
        if table.is_empty() {
            return;
        }
        let width = table.iter().map(Vec::len).max().unwrap_or(0);
        let mut rows = std::mem::take(table);
        for r in &mut rows {
            r.resize(width, String::new());
        }
        out.push(Item::Table(rows));
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if line.contains('\t') {
            table.push(line.split('\t').map(|c| c.trim().to_string()).collect());
        } else {
            flush(&mut table, &mut out);
            out.push(Item::Para(line.trim().to_string()));
        }
    }
    flush(&mut table, &mut out);
    out
}

/// `3,636.80` 万元 in 分.
fn wan(s: &str) -> Fen {
    yusuan_model::parse_amount(s, MoneyUnit::WanYuan)
        .unwrap()
        .unwrap()
        .fen
}

fn is_number(s: &str) -> bool {
    let t = s.replace(',', "");
    !t.is_empty()
        && t.parse::<f64>().is_ok()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !t.starts_with('.')
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The rows before the first row holding a number: the header (and unit/compiler rows).
fn header_rows(rows: &[Vec<String>]) -> usize {
    rows.iter()
        .position(|r| r.iter().any(|c| is_number(c)))
        .unwrap_or(rows.len())
}

// ---------------------------------------------------------------------------------------------
// Writers.

fn zip_package(parts: &[(&str, String)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn docx(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    zip_package(&[
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("word/document.xml", doc),
    ])
}

fn docx_paragraph(text: &str) -> String {
    // Two runs, to be joined again.
    let chars: Vec<char> = text.chars().collect();
    let (a, b) = chars.split_at(chars.len() / 2);
    let a: String = a.iter().collect();
    let b: String = b.iter().collect();
    format!(
        r#"<w:p><w:pPr><w:ind w:firstLine="420"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        xml_escape(&a),
        xml_escape(&b)
    )
}

/// How a DOCX cell is merged.
#[derive(Clone, Copy, PartialEq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

/// A table as WordprocessingML: a filled cell absorbs the blank cells after it (`w:gridSpan`);
/// a blank cell under a single-column cell continues it (`w:vMerge`).
fn docx_table(rows: &[Vec<String>]) -> String {
    let width = rows.first().map_or(0, Vec::len);
    // (start column, span, text, vmerge) per row.
    let mut specs: Vec<Vec<(usize, usize, String, VMerge)>> = Vec::new();
    for row in rows {
        let mut cells = Vec::new();
        let mut j = 0;
        while j < width {
            let text = row[j].clone();
            let mut span = 1;
            if !text.is_empty() {
                while j + span < width && row[j + span].is_empty() {
                    span += 1;
                }
            }
            cells.push((j, span, text, VMerge::None));
            j += span;
        }
        specs.push(cells);
    }
    for r in 1..specs.len() {
        for k in 0..specs[r].len() {
            let (col, span, ref text, _) = specs[r][k];
            if span != 1 || !text.is_empty() {
                continue;
            }
            if let Some(above) = specs[r - 1].iter_mut().find(|c| c.0 == col && c.1 == 1) {
                if above.3 == VMerge::None {
                    above.3 = VMerge::Restart;
                }
                specs[r][k].3 = VMerge::Continue;
            }
        }
    }
    let mut x =
        String::from("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
    for _ in 0..width {
        x.push_str("<w:gridCol w:w=\"1000\"/>");
    }
    x.push_str("</w:tblGrid>");
    for row in &specs {
        x.push_str("<w:tr>");
        for (_, span, text, vm) in row {
            x.push_str("<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/>");
            if *span > 1 {
                x.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
            }
            match vm {
                VMerge::Restart => x.push_str("<w:vMerge w:val=\"restart\"/>"),
                VMerge::Continue => x.push_str("<w:vMerge/>"),
                VMerge::None => {}
            }
            x.push_str("</w:tcPr>");
            if text.is_empty() {
                x.push_str("<w:p/>");
            } else {
                x.push_str(&format!(
                    "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                    xml_escape(text)
                ));
            }
            x.push_str("</w:tc>");
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

fn fixture_docx(items: &[Item]) -> Vec<u8> {
    let mut body = String::new();
    for item in items {
        match item {
            Item::Para(t) => body.push_str(&docx_paragraph(t)),
            Item::Table(rows) => body.push_str(&docx_table(rows)),
        }
    }
    docx(&body)
}

/// A table as HTML: a filled cell absorbs the blank cells after it (`colspan`), and in the
/// header a filled single-column cell absorbs the blank cells below it (`rowspan`).
fn html_table(rows: &[Vec<String>]) -> String {
    let width = rows.first().map_or(0, Vec::len);
    let header = header_rows(rows);
    let mut covered = vec![vec![false; width]; rows.len()];
    let mut x = String::from("<table border=\"1\" cellspacing=\"0\">\n");
    for (r, row) in rows.iter().enumerate() {
        x.push_str("<tr>");
        let mut j = 0;
        while j < width {
            if covered[r][j] {
                j += 1;
                continue;
            }
            let text = &row[j];
            if text.is_empty() {
                x.push_str("<td></td>");
                j += 1;
                continue;
            }
            let mut span = 1;
            while j + span < width && row[j + span].is_empty() && !covered[r][j + span] {
                span += 1;
            }
            let mut down = 1;
            if span == 1 && r < header {
                while r + down < header && rows[r + down][j].is_empty() && !covered[r + down][j] {
                    down += 1;
                }
            }
            for cov in covered.iter_mut().skip(r).take(down) {
                for c in cov.iter_mut().skip(j).take(span) {
                    *c = true;
                }
            }
            let tag = if r < header { "th" } else { "td" };
            x.push_str(&format!("<{tag}"));
            if span > 1 {
                x.push_str(&format!(" colspan=\"{span}\""));
            }
            if down > 1 {
                x.push_str(&format!(" rowspan={down}"));
            }
            // No end tag for data cells: browsers close them, and so must the reader.
            x.push_str(&format!(
                "><span style=\"font-size:12px\">{}</span>",
                xml_escape(text).replace(' ', "&nbsp;")
            ));
            if r < header {
                x.push_str(&format!("</{tag}>"));
            }
            j += span;
        }
        x.push_str("</tr>\n");
    }
    x.push_str("</table>\n");
    x
}

fn fixture_html(items: &[Item]) -> Vec<u8> {
    let mut x = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>2025年部门预算公开</title>\
         <style>td { border: 1px solid #000 }</style><script>var t = \"<table><tr><td>9</td></tr></table>\";</script>\
         </head><body>\n<!-- 页面框架 -->\n<table class=\"layout\"><tr><td>\n",
    );
    for item in items {
        match item {
            Item::Para(t) => {
                let tag = if classify_title(t).is_some() {
                    "h3"
                } else {
                    "p"
                };
                x.push_str(&format!("<{tag}>{}</{tag}>\n", xml_escape(t)));
            }
            Item::Table(rows) => x.push_str(&html_table(rows)),
        }
    }
    x.push_str("</td></tr></table>\n<div class=\"footer\"></div></body></html>\n");
    x.into_bytes()
}

/// The number format a cell of the text form is shown with.
fn number_format(text: &str) -> &'static str {
    if text.contains(',') {
        "#,##0.00"
    } else if text.split_once('.').is_some_and(|(_, f)| f.len() == 2) {
        "0.00"
    } else {
        "General"
    }
}

/// The document as a workbook: the narrative on a sheet of its own, then a sheet per table
/// (label, title merged across the table, unit in the last column, merged header cells,
/// numbers stored as numbers with their number format).
fn fixture_xlsx(items: &[Item]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let plain = Format::new();
    let mut sheets: Vec<(String, Vec<Item>)> = vec![("说明".to_string(), Vec::new())];
    let mut prev_label = false;
    for item in items {
        let starts = match item {
            Item::Para(t) => {
                let label = table_label(t).is_some();
                let title = classify_title(t).is_some();
                let s = (label || title) && !prev_label;
                prev_label = label;
                s
            }
            Item::Table(_) => {
                prev_label = false;
                false
            }
        };
        if starts {
            let base = match item {
                Item::Para(t) => t.chars().take(12).collect::<String>(),
                Item::Table(_) => String::new(),
            };
            let n = sheets.iter().filter(|(s, _)| s.starts_with(&base)).count();
            let name = if n == 0 {
                base
            } else {
                format!("{base}({})", n + 1)
            };
            sheets.push((name, Vec::new()));
        }
        if let Some(s) = sheets.last_mut() {
            s.1.push(item.clone());
        }
    }
    for (name, content) in &sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        ws.set_column_range_width(0, 12, 16.0).unwrap();
        let width = content
            .iter()
            .find_map(|i| match i {
                Item::Table(rows) => rows.first().map(Vec::len),
                Item::Para(_) => None,
            })
            .unwrap_or(1) as u16;
        let mut r: u32 = 0;
        for item in content {
            match item {
                Item::Para(t) => {
                    if classify_title(t).is_some() && width > 1 {
                        ws.merge_range(r, 0, r, width - 1, t, &plain).unwrap();
                    } else if t.starts_with("单位：") && width > 1 {
                        ws.write_string(r, width - 1, t).unwrap();
                    } else {
                        ws.write_string(r, 0, t).unwrap();
                    }
                    r += 1;
                }
                Item::Table(rows) => {
                    let header = header_rows(rows);
                    for (i, row) in rows.iter().enumerate() {
                        let mut j = 0usize;
                        while j < row.len() {
                            let text = &row[j];
                            let col = j as u16;
                            if text.is_empty() {
                                j += 1;
                                continue;
                            }
                            let mut span = 1;
                            if i < header {
                                while j + span < row.len() && row[j + span].is_empty() {
                                    span += 1;
                                }
                            }
                            if span > 1 {
                                ws.merge_range(r, col, r, col + span as u16 - 1, text, &plain)
                                    .unwrap();
                            } else if is_number(text) {
                                let v: f64 = text.replace(',', "").parse().unwrap();
                                let f = Format::new().set_num_format(number_format(text));
                                ws.write_number_with_format(r, col, v, &f).unwrap();
                            } else {
                                ws.write_string(r, col, text).unwrap();
                            }
                            j += span;
                        }
                        r += 1;
                    }
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Comparing.

/// What the document states, without where: provenance and line numbers removed.
fn values(d: &Disclosure) -> Value {
    let mut v = serde_json::json!({
        "tables": d.tables,
        "performance": d.performance,
        "facts": d.narrative.facts,
        "counts": d.narrative.counts,
        "sections": d.narrative.sections,
        "meta": d.meta,
    });
    strip(&mut v);
    v
}

fn strip(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("prov");
            m.remove("end_line");
            for x in m.values_mut() {
                strip(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

/// The first place two values differ, for a readable failure.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => {
                        if let Some(d) = first_difference(u, v, &p) {
                            return Some(d);
                        }
                    }
                    (u, v) => return Some(format!("{p}: {u:?} vs {v:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(u, v, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{path}: {} vs {} items", x.len(), y.len()))
        }
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

fn text_import() -> Disclosure {
    import_text(FILE, &fixture()).expect("text imports")
}

fn assert_same_values(format: &str, got: &Disclosure, want: &Disclosure) {
    let (g, w) = (values(got), values(want));
    if let Some(d) = first_difference(&g, &w, format) {
        panic!("{format} import differs from the text import at {d}");
    }
    // 表一–表九; 表十–表十二 are performance tables.
    assert_eq!(got.tables.len(), 9, "{format}");
    assert_eq!(got.performance.len(), want.performance.len(), "{format}");
    assert!(!got.narrative.facts.is_empty(), "{format}");
    // Errors found in cells are the same errors.
    let errors = |d: &Disclosure| -> Vec<String> {
        d.diagnostics
            .iter()
            .filter(|x| x.severity == yusuan_model::DiagnosticSeverity::Error)
            .map(|x| x.message.clone())
            .collect()
    };
    assert_eq!(errors(got), errors(want), "{format}");
}

fn reference_items() -> Vec<Item> {
    items(&fixture())
}

#[test]
fn docx_imports_like_the_text_form() {
    let bytes = fixture_docx(&reference_items());
    let d = import_file("jiangbeicheng.docx", &bytes).expect("DOCX imports");
    assert_eq!(d.source.format, "docx");
    assert_same_values("DOCX", &d, &text_import());
    // Provenance names the table row; coverage names places too.
    let t2 = d.table(TableKind::GeneralBudgetExpenditure).unwrap();
    let total = t2.total_row(Side::Single).unwrap();
    assert_eq!(total.amount(ColumnKey::Total), Some(wan("3,634.33")));
    let place = total.prov.place.as_deref().unwrap();
    assert!(place.starts_with("第 2 个表格第 "), "{place}");
    assert!(total.prov.to_string().contains(place));
    for u in &d.coverage.unexplained {
        assert!(u.reason.starts_with('第'), "{u:?}");
    }
    let fact = &d.narrative.facts[0];
    assert!(
        fact.prov
            .place
            .as_deref()
            .is_some_and(|p| p.ends_with(" 段")),
        "{:?}",
        fact.prov
    );
}

#[test]
fn xlsx_imports_like_the_text_form() {
    let bytes = fixture_xlsx(&reference_items());
    let d = import_file("jiangbeicheng.xlsx", &bytes).expect("XLSX imports");
    assert_eq!(d.source.format, "xlsx");
    assert_same_values("XLSX", &d, &text_import());
    let t1 = d.table(TableKind::FiscalSummary).unwrap();
    let place = t1.prov.place.as_deref().unwrap();
    assert_eq!(place, "工作表「表一」第 2 行");
    let t2 = d.table(TableKind::GeneralBudgetExpenditure).unwrap();
    let r212 = t2.row_by_code(&Code::parse("212").unwrap()).unwrap();
    let cell = r212.cell(ColumnKey::Total).unwrap();
    assert_eq!(cell.text, "1,248.18");
    assert_eq!(cell.amount.map(|a| a.fen), Some(wan("1,248.18")));
    // The row names its sheet row; the amount its own cell, in the sheet's column letters.
    let row_place = r212.prov.place.as_deref().unwrap();
    let n = row_place
        .strip_prefix("工作表「表二」第 ")
        .and_then(|r| r.strip_suffix(" 行"))
        .unwrap_or_else(|| panic!("{row_place}"));
    assert_eq!(
        cell.prov.place.as_deref(),
        Some(format!("工作表「表二」C{n}").as_str())
    );
    assert_eq!(
        r212.cell(ColumnKey::Project).unwrap().prov.place.as_deref(),
        Some(format!("工作表「表二」E{n}").as_str())
    );
}

#[test]
fn html_imports_like_the_text_form() {
    let bytes = fixture_html(&reference_items());
    let d = import_file("jiangbeicheng.html", &bytes).expect("HTML imports");
    assert_eq!(d.source.format, "html");
    assert_same_values("HTML", &d, &text_import());
}

// ---------------------------------------------------------------------------------------------
// Targeted cases.

fn cells(rows: &[&str]) -> Vec<Vec<String>> {
    let mut v: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.split('\t').map(str::to_string).collect())
        .collect();
    let w = v.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut v {
        r.resize(w, String::new());
    }
    v
}

const THREE_PUBLIC: [&str; 4] = [
    "2025年预算数\t\t\t\t\t",
    "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费",
    "\t\t小计\t公务用车购置费\t公务用车运行费\t",
    "33.50\t3.00\t27.50\t\t27.50\t3.00",
];

#[test]
fn merged_header_cells_in_each_format() {
    let check = |d: &Disclosure, format: &str| {
        let t = d
            .table(TableKind::ThreePublic)
            .unwrap_or_else(|| panic!("{format}"));
        let keys: Vec<ColumnKey> = t.columns.iter().map(|c| c.key).collect();
        use ColumnKey::*;
        assert_eq!(
            keys,
            [
                Total,
                Overseas,
                VehicleTotal,
                VehiclePurchase,
                VehicleOperation,
                Reception
            ],
            "{format}"
        );
        assert_eq!(t.columns[2].label, "公务用车购置及运行费 小计", "{format}");
        assert_eq!(
            t.rows[0].amount(VehicleTotal),
            Some(wan("27.50")),
            "{format}"
        );
        assert_eq!(t.rows[0].amount(VehiclePurchase), None, "{format}");
    };
    let rows = cells(&THREE_PUBLIC);
    let title = "表四 一般公共预算“三公”经费支出表";
    let docx_bytes = docx(&format!(
        "{}{}{}",
        docx_paragraph(title),
        docx_paragraph("单位：万元"),
        docx_table(&rows)
    ));
    // The header really is merged: 公务用车… spans three columns, 合计 two rows.
    let xml = String::from_utf8_lossy(&docx_bytes).to_string();
    assert!(!xml.is_empty());
    check(&import_file("t.docx", &docx_bytes).unwrap(), "DOCX");
    let html = format!(
        "<html><body><p>{title}</p><p>单位：万元</p>{}</body></html>",
        html_table(&rows)
    );
    assert!(
        html.contains("colspan=\"3\"") && html.contains("rowspan=2"),
        "{html}"
    );
    check(&import_file("t.html", html.as_bytes()).unwrap(), "HTML");
    let xlsx_bytes = fixture_xlsx(&[
        Item::Para(title.to_string()),
        Item::Para("单位：万元".to_string()),
        Item::Table(rows),
    ]);
    check(&import_file("t.xlsx", &xlsx_bytes).unwrap(), "XLSX");
}

/// A workbook with one sheet: rows of (text or number with format) cells, and merged ranges.
enum X<'a> {
    S(&'a str),
    N(f64, &'a str),
    E,
}

fn workbook(sheet: &str, rows: &[Vec<X>], merges: &[(u32, u16, u32, u16, &str)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for &(r0, c0, r1, c1, text) in merges {
        ws.merge_range(r0, c0, r1, c1, text, &Format::new())
            .unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, x) in row.iter().enumerate() {
            match x {
                X::S(s) => {
                    ws.write_string(r as u32, c as u16, *s).unwrap();
                }
                X::N(v, f) => {
                    ws.write_number_with_format(
                        r as u32,
                        c as u16,
                        *v,
                        &Format::new().set_num_format(*f),
                    )
                    .unwrap();
                }
                X::E => {}
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_title_in_the_first_merged_row_and_float_cells() {
    use X::*;
    let bytes = workbook(
        "Sheet1",
        &[
            vec![E, E, E, E, E],
            vec![E, E, E, E, S("单位：万元")],
            vec![S("功能分类科目"), E, S("2025年预算数"), E, E],
            vec![
                S("科目编码"),
                S("科目名称"),
                S("总计"),
                S("基本支出"),
                S("项目支出"),
            ],
            vec![
                S("合计"),
                E,
                N(1248.18, "#,##0.00"),
                N(221.1, "#,##0.00"),
                N(1027.08, "#,##0.00"),
            ],
            vec![
                N(212.0, "General"),
                S("城乡社区支出"),
                N(1248.18, "General"),
                N(221.1, "0.00"),
                N(1027.08, "#,##0.00"),
            ],
            vec![
                S("（备注：表格数据为系统自动导出，可能存在小数点取舍差异。）"),
                E,
                E,
                E,
                E,
            ],
        ],
        &[
            // Not `表二 一般公共…`: the title reader takes `表二一` for the number there.
            (0, 0, 0, 4, "一般公共预算财政拨款支出预算表"),
            (2, 0, 2, 1, "功能分类科目"),
            (2, 2, 2, 4, "2025年预算数"),
            (
                6,
                0,
                6,
                4,
                "（备注：表格数据为系统自动导出，可能存在小数点取舍差异。）",
            ),
        ],
    );
    let d = import_file("t.xlsx", &bytes).unwrap();
    assert_eq!(d.tables.len(), 1, "{:?}", d.coverage);
    let t = &d.tables[0];
    assert_eq!(t.kind, TableKind::GeneralBudgetExpenditure);
    assert_eq!(t.unit, Some(MoneyUnit::WanYuan));
    assert_eq!(t.prov.place.as_deref(), Some("工作表「Sheet1」第 1 行"));
    assert_eq!(t.notes.len(), 1);
    let total = t.total_row(Side::Single).unwrap();
    let cell = total.cell(ColumnKey::Total).unwrap();
    assert_eq!(cell.text, "1,248.18");
    // 1248.18 万元 exactly, though the sheet stores the float 1248.18.
    assert_eq!(cell.amount.unwrap().fen, Fen(1_248_180_000));
    assert_eq!(total.amount(ColumnKey::Basic), Some(wan("221.10")));
    let r = t.row_by_code(&Code::parse("212").unwrap()).unwrap();
    assert_eq!(r.cell(ColumnKey::Total).unwrap().text, "1248.18");
    assert_eq!(r.cell(ColumnKey::Basic).unwrap().text, "221.10");
    assert_eq!(r.amount(ColumnKey::Total), Some(wan("1248.18")));
    assert_eq!(r.amount(ColumnKey::Project), Some(wan("1,027.08")));
    assert_eq!(r.prov.place.as_deref(), Some("工作表「Sheet1」第 6 行"));
    assert_eq!(
        r.cell(ColumnKey::Project).unwrap().prov.place.as_deref(),
        Some("工作表「Sheet1」E6")
    );
    assert!(
        d.coverage.unexplained.is_empty(),
        "{:?}",
        d.coverage.unexplained
    );
}

#[test]
fn a_title_in_the_first_row_of_a_docx_table() {
    let rows = cells(&[
        "表八 部门支出总表\t\t\t\t",
        "\t\t\t\t单位：万元",
        "科目编码\t科目名称\t总计\t基本支出\t项目支出",
        "合计\t\t3.00\t1.00\t2.00",
        "201\t一般公共服务支出\t3.00\t1.00\t2.00",
    ]);
    let bytes = docx(&docx_table(&rows));
    let d = import_file("t.docx", &bytes).unwrap();
    let t = d
        .table(TableKind::DepartmentExpenditure)
        .expect("table found by its title row");
    assert_eq!(t.number.as_deref(), Some("表八"));
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.prov.place.as_deref(), Some("第 1 个表格第 1 行"));
}

#[test]
fn damaged_and_unsupported_files_are_errors() {
    let good = fixture_docx(&reference_items());
    // Truncated: the zip directory is gone.
    let err = import_file("broken.docx", &good[..good.len() / 2]).unwrap_err();
    assert!(
        matches!(err, ImportError::Damaged { ref format, .. } if format == "DOCX"),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("broken.docx") && msg.contains("损坏") && msg.contains("damaged"),
        "{msg}"
    );
    // Bytes flipped inside the compressed document: an error or a result, never a panic.
    for at in (200..good.len().saturating_sub(200)).step_by(997) {
        let mut bad = good.clone();
        bad[at] ^= 0x5A;
        let _ = import_file("flipped.docx", &bad);
    }
    let xlsx = fixture_xlsx(&reference_items());
    let err = import_file("broken.xlsx", &xlsx[..xlsx.len() - 100]).unwrap_err();
    assert!(matches!(err, ImportError::Damaged { .. }), "{err}");
    for at in (100..xlsx.len().saturating_sub(100)).step_by(1499) {
        let mut bad = xlsx.clone();
        bad[at] ^= 0xA5;
        let _ = import_file("flipped.xlsx", &bad);
    }
    // A broken PDF is the PDF reader's error, naming the file.
    let err = import_file("a.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").unwrap_err();
    assert!(err.to_string().starts_with("a.pdf"), "{err}");
    let err = import_file("a.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1not really").unwrap_err();
    assert!(
        matches!(err, ImportError::Damaged { ref format, .. } if format == "XLS"),
        "{err}"
    );
    let empty = docx("<w:p/>");
    let err = import_file("empty.docx", &empty).unwrap_err();
    assert!(matches!(err, ImportError::NoContent { .. }), "{err}");
    let other = zip_package(&[("readme.txt", "hello".into())]);
    let err = import_file("a.zip", &other).unwrap_err();
    assert!(matches!(err, ImportError::Unsupported { .. }), "{err}");
}

#[test]
fn text_still_imports_through_import_file() {
    let d = import_file(FILE, fixture().as_bytes()).unwrap();
    assert_eq!(d.source.format, "tabbed-text");
    assert!(d.tables.iter().all(|t| t.prov.place.is_none()));
}

#[test]
fn every_provenance_of_a_structured_import_has_a_place() {
    let d = import_file("j.xlsx", &fixture_xlsx(&reference_items())).unwrap();
    let v = serde_json::to_value(&d).unwrap();
    let mut missing = Vec::new();
    fn walk(v: &Value, path: &str, missing: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if m.contains_key("file") && m.contains_key("line") && !m.contains_key("place") {
                    missing.push(path.to_string());
                }
                for (k, x) in m {
                    walk(x, &format!("{path}.{k}"), missing);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, &format!("{path}[{i}]"), missing);
                }
            }
            _ => {}
        }
    }
    walk(&v, "", &mut missing);
    assert!(missing.is_empty(), "{:?}", &missing[..missing.len().min(5)]);
}

/// An XLS (Excel 97-2003) file, made once with `tests/data/make-xls.py` (no Rust writer exists).
#[test]
fn xls_tables_with_merges_and_float_cells() {
    let bytes = include_bytes!("data/budget-excerpt.xls");
    let d = import_file("excerpt.xls", bytes).expect("XLS imports");
    assert_eq!(d.source.format, "xls");
    assert_eq!(d.tables.len(), 2, "{:?}", d.coverage.unexplained);
    let t2 = d.table(TableKind::GeneralBudgetExpenditure).unwrap();
    assert_eq!(t2.unit, Some(MoneyUnit::WanYuan));
    let r212 = t2.row_by_code(&Code::parse("212").unwrap()).unwrap();
    // XLS number formats are not read: the shortest exact form of the stored float.
    let cell = r212.cell(ColumnKey::Total).unwrap();
    assert_eq!(cell.text, "1248.18");
    assert_eq!(cell.amount.map(|a| a.fen), Some(wan("1,248.18")));
    assert_eq!(r212.amount(ColumnKey::Basic), Some(wan("221.10")));
    assert_eq!(
        cell.prov.place.as_deref(),
        Some("工作表「表二」C6"),
        "{:?}",
        cell.prov
    );
    assert_eq!(r212.prov.place.as_deref(), Some("工作表「表二」第 6 行"));
    let total = t2.total_row(Side::Single).unwrap();
    assert_eq!(total.amount(ColumnKey::Project), Some(wan("2,304.00")));
    let t4 = d.table(TableKind::ThreePublic).unwrap();
    let keys: Vec<ColumnKey> = t4.columns.iter().map(|c| c.key).collect();
    use ColumnKey::*;
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
    assert_eq!(t4.rows[0].amount(Total), Some(wan("33.50")));
    assert_eq!(t4.rows[0].amount(VehiclePurchase), None);
    // The hidden sheet is not read.
    assert!(
        d.coverage.unexplained.is_empty(),
        "{:?}",
        d.coverage.unexplained
    );
    assert!(!serde_json::to_string(&d).unwrap().contains("不公开"));
}

// ---------------------------------------------------------------------------------------------
// Tables read from their cells: merged headers, spans, addresses.

/// A cell of a [`Merged`] table: `(row, column, rows spanned, columns spanned, text)`.
type MergedCell<'a> = (usize, usize, usize, usize, &'a str);

/// A table as its cells: every cell with text (a cell of its own spans 1 × 1); `width` ×
/// `height` grid cells in all.
struct Merged<'a> {
    width: usize,
    height: usize,
    cells: &'a [MergedCell<'a>],
}

impl Merged<'_> {
    /// The cell whose region covers grid cell (r, c), with whether (r, c) is its top-left.
    fn at(&self, r: usize, c: usize) -> Option<(&MergedCell<'_>, bool)> {
        self.cells
            .iter()
            .find(|(r0, c0, rs, cs, _)| (*r0..r0 + rs).contains(&r) && (*c0..c0 + cs).contains(&c))
            .map(|m| (m, m.0 == r && m.1 == c))
    }

    /// HTML: `colspan`/`rowspan` on the top-left cell, covered cells left out, blank cells empty.
    fn html(&self) -> String {
        let mut x = String::from("<table border=\"1\">\n");
        for r in 0..self.height {
            x.push_str("<tr>");
            for c in 0..self.width {
                match self.at(r, c) {
                    Some((&(_, _, rs, cs, text), true)) => {
                        let tag = if r < 2 { "th" } else { "td" };
                        x.push_str(&format!(
                            "<{tag} colspan=\"{cs}\" rowspan=\"{rs}\">{}</{tag}>",
                            xml_escape(text)
                        ));
                    }
                    Some((_, false)) => {}
                    None => x.push_str("<td></td>"),
                }
            }
            x.push_str("</tr>\n");
        }
        x.push_str("</table>\n");
        x
    }

    /// WordprocessingML: `w:gridSpan` on a spanning cell, `w:vMerge` restart over continue cells
    /// (which repeat the span), blank cells with an empty paragraph.
    fn docx(&self) -> String {
        let mut x = String::from("<w:tbl><w:tblGrid>");
        for _ in 0..self.width {
            x.push_str("<w:gridCol w:w=\"1000\"/>");
        }
        x.push_str("</w:tblGrid>");
        for r in 0..self.height {
            x.push_str("<w:tr>");
            for c in 0..self.width {
                let (span, merge, text) = match self.at(r, c) {
                    Some((&(r0, c0, rs, cs, text), _)) if c == c0 => {
                        let merge = match (rs > 1, r == r0) {
                            (false, _) => "",
                            (true, true) => "<w:vMerge w:val=\"restart\"/>",
                            (true, false) => "<w:vMerge/>",
                        };
                        (cs, merge, if r == r0 { text } else { "" })
                    }
                    Some(_) => continue,
                    None => (1, "", ""),
                };
                x.push_str("<w:tc><w:tcPr>");
                if span > 1 {
                    x.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
                }
                x.push_str(merge);
                x.push_str("</w:tcPr>");
                // A tab inside a cell stays inside it.
                let runs = xml_escape(text).replace('\t', "</w:t><w:tab/><w:t>");
                x.push_str(&format!("<w:p><w:r><w:t>{runs}</w:t></w:r></w:p></w:tc>"));
            }
            x.push_str("</w:tr>");
        }
        x.push_str("</w:tbl>");
        x
    }

    /// A worksheet from row `top`: merged ranges for spanning cells, amounts as numbers (codes
    /// stay text).
    fn xlsx(&self, ws: &mut rust_xlsxwriter::Worksheet, top: u32) {
        for &(r, c, rs, cs, text) in self.cells {
            let (r, c) = (top + r as u32, c as u16);
            if rs > 1 || cs > 1 {
                let (r1, c1) = (r + rs as u32 - 1, c + cs as u16 - 1);
                ws.merge_range(r, c, r1, c1, text, &Format::new()).unwrap();
            } else if is_number(text) && text.contains('.') {
                let f = Format::new().set_num_format("#,##0.00");
                ws.write_number_with_format(
                    r,
                    c,
                    text.replace(',', "").parse::<f64>().unwrap(),
                    &f,
                )
                .unwrap();
            } else {
                ws.write_string(r, c, text).unwrap();
            }
        }
    }
}

/// The two-level header: 合计 / 基本支出 (人员经费, 公用经费) / 项目支出, the labels merged down over
/// both header rows, 合计 merged across the code and name columns.
const TWO_LEVEL: Merged = Merged {
    width: 6,
    height: 4,
    cells: &[
        (0, 0, 2, 1, "科目编码"),
        (0, 1, 2, 1, "科目名称"),
        (0, 2, 2, 1, "合计"),
        (0, 3, 1, 2, "基本支出"),
        (0, 5, 2, 1, "项目支出"),
        (1, 3, 1, 1, "人员经费"),
        (1, 4, 1, 1, "公用经费"),
        (2, 0, 1, 2, "合计"),
        (2, 2, 1, 1, "10.00"),
        (2, 3, 1, 1, "4.00"),
        (2, 4, 1, 1, "2.00"),
        (2, 5, 1, 1, "4.00"),
        (3, 0, 1, 1, "201"),
        (3, 1, 1, 1, "一般公共服务\t支出"),
        (3, 2, 1, 1, "10.00"),
        (3, 3, 1, 1, "4.00"),
        (3, 4, 1, 1, "2.00"),
        (3, 5, 1, 1, "4.00"),
    ],
};

/// A “三公” table whose 合计 column stands right of the vehicles' group with its header in the
/// lower row only (the top cell blank, not merged). Only the group's own span says that 合计 is
/// not under 公务用车购置及运行费: read up to the next filled cell, the group would reach over it
/// and make it the vehicles' subtotal.
const TOTAL_BESIDE_A_GROUP: Merged = Merged {
    width: 5,
    height: 3,
    cells: &[
        (0, 0, 2, 1, "因公出国（境）费"),
        (0, 1, 1, 2, "公务用车购置及运行费"),
        (0, 4, 2, 1, "公务接待费"),
        (1, 1, 1, 1, "公务用车购置费"),
        (1, 2, 1, 1, "公务用车运行费"),
        (1, 3, 1, 1, "合计"),
        (2, 0, 1, 1, "3.00"),
        (2, 1, 1, 1, "20.00"),
        (2, 2, 1, 1, "7.50"),
        (2, 3, 1, 1, "33.50"),
        (2, 4, 1, 1, "3.00"),
    ],
};

const TWO_LEVEL_TITLE: &str = "一般公共预算财政拨款支出预算表";
const THREE_PUBLIC_TITLE: &str = "一般公共预算“三公”经费支出表";

/// Both tables in each format: a title paragraph (a merged first row in the workbook), the unit,
/// the table.
fn merged_documents() -> Vec<(&'static str, Vec<u8>)> {
    let tables = [
        (TWO_LEVEL_TITLE, &TWO_LEVEL),
        (THREE_PUBLIC_TITLE, &TOTAL_BESIDE_A_GROUP),
    ];
    let mut body = String::new();
    let mut page = String::from("<html><body>\n");
    let mut wb = Workbook::new();
    for (title, t) in tables {
        body.push_str(&docx_paragraph(title));
        body.push_str(&docx_paragraph("单位：万元"));
        body.push_str(&t.docx());
        page.push_str(&format!("<p>{title}</p><p>单位：万元</p>\n{}", t.html()));
        let ws = wb.add_worksheet();
        ws.merge_range(0, 0, 0, t.width as u16 - 1, title, &Format::new())
            .unwrap();
        ws.write_string(1, t.width as u16 - 1, "单位：万元")
            .unwrap();
        t.xlsx(ws, 2);
    }
    page.push_str("</body></html>\n");
    vec![
        ("merged.docx", docx(&body)),
        ("merged.html", page.into_bytes()),
        ("merged.xlsx", wb.save_to_buffer().unwrap()),
    ]
}

#[test]
fn merged_headers_are_read_from_the_cells_in_each_format() {
    use ColumnKey::*;
    for (name, bytes) in merged_documents() {
        let d = import_file(name, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let t = d
            .table(TableKind::GeneralBudgetExpenditure)
            .unwrap_or_else(|| panic!("{name}: {:?}", d.coverage.unexplained));
        let keys: Vec<ColumnKey> = t.columns.iter().map(|c| c.key).collect();
        assert_eq!(keys, [Total, Personnel, Operating, Project], "{name}");
        let labels: Vec<&str> = t.columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            ["合计", "人员经费", "公用经费", "项目支出"],
            "{name}"
        );
        let total = t.total_row(Side::Single).unwrap();
        assert_eq!(total.amount(Total), Some(wan("10.00")), "{name}");
        assert_eq!(total.amount(Operating), Some(wan("2.00")), "{name}");
        let r201 = t.row_by_code(&Code::parse("201").unwrap()).unwrap();
        // A tab inside the name cell stays inside it: the amounts do not shift.
        assert_eq!(r201.label, "一般公共服务 支出", "{name}");
        assert_eq!(r201.amount(Project), Some(wan("4.00")), "{name}");
        // Every amount names its cell.
        let place = r201.cell(Personnel).unwrap().prov.place.as_deref();
        let want = match name {
            "merged.xlsx" => "工作表「Sheet1」D6",
            _ => "第 1 个表格第 4 行第 4 列",
        };
        assert_eq!(place, Some(want), "{name}");

        let t = d
            .table(TableKind::ThreePublic)
            .unwrap_or_else(|| panic!("{name}: {:?}", d.coverage.unexplained));
        let keys: Vec<ColumnKey> = t.columns.iter().map(|c| c.key).collect();
        assert_eq!(
            keys,
            [
                Overseas,
                VehiclePurchase,
                VehicleOperation,
                Total,
                Reception
            ],
            "{name}"
        );
        assert_eq!(t.rows[0].amount(Total), Some(wan("33.50")), "{name}");
        assert!(
            d.coverage.unexplained.is_empty(),
            "{name}: {:?}",
            d.coverage.unexplained
        );
        let errors: Vec<_> = d
            .diagnostics
            .iter()
            .filter(|x| x.severity != yusuan_model::DiagnosticSeverity::Info)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile files: every limit ends in an error that names it and how to raise it.

use yusuan_import::import_file_with;
use yusuan_import::limits::{Limit, Limits};

/// CRC-32 (IEEE), for the zip entries written by hand.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Bits of a deflate stream, least significant first.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let mut rev = 0u64;
        for i in 0..len {
            rev |= u64::from((code >> (len - 1 - i)) & 1) << i;
        }
        self.put(rev, len);
    }

    /// A literal byte in the fixed Huffman code.
    fn literal(&mut self, b: u8) {
        if b < 144 {
            self.code(0x30 + u32::from(b), 8);
        } else {
            self.code(0x190 + u32::from(b) - 144, 9);
        }
    }
}

/// A raw deflate stream (one fixed-Huffman block) that unpacks to `head`, then `fill` repeated
/// `258 × copies + 1` times, then `tail`: about 13 bits for every 258 bytes, a zip bomb.
fn deflate_bomb(head: &[u8], fill: u8, copies: u64, tail: &[u8]) -> (Vec<u8>, u64) {
    let mut b = Bits::default();
    b.put(1, 1); // final block
    b.put(1, 2); // fixed Huffman codes
    for &c in head {
        b.literal(c);
    }
    b.literal(fill);
    let copy = |b: &mut Bits| {
        b.code(0b1100_0101, 8); // length 258
        b.code(0, 5); // distance 1
    };
    let mut left = copies;
    while b.n != 0 && left > 0 {
        copy(&mut b);
        left -= 1;
    }
    // Byte-aligned, eight copies are the same 13 bytes.
    if b.n == 0 && left >= 8 {
        let at = b.out.len();
        for _ in 0..8 {
            copy(&mut b);
        }
        let unit = b.out[at..].to_vec();
        for _ in 1..left / 8 {
            b.out.extend_from_slice(&unit);
        }
        left %= 8;
    }
    for _ in 0..left {
        copy(&mut b);
    }
    for &c in tail {
        b.literal(c);
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    let size = head.len() as u64 + 1 + 258 * copies + tail.len() as u64;
    (b.out, size)
}

/// One zip entry written by hand: its name, method (0 stored, 8 deflated), data as stored, the
/// CRC and the unpacked size it declares.
struct Entry {
    name: String,
    method: u16,
    data: Vec<u8>,
    crc: u32,
    size: u64,
}

/// A zip archive of the entries, declaring their sizes as given (whether true or not).
fn zip_by_hand(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        let (csize, size) = (e.data.len() as u32, u32::try_from(e.size).unwrap());
        u32le(&mut out, 0x0403_4b50);
        for x in [20, 0, e.method, 0, 0] {
            u16le(&mut out, x);
        }
        for x in [e.crc, csize, size] {
            u32le(&mut out, x);
        }
        u16le(&mut out, e.name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);

        u32le(&mut central, 0x0201_4b50);
        for x in [20, 20, 0, e.method, 0, 0] {
            u16le(&mut central, x);
        }
        for x in [e.crc, csize, size] {
            u32le(&mut central, x);
        }
        for x in [e.name.len() as u16, 0, 0, 0, 0] {
            u16le(&mut central, x);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(e.name.as_bytes());
    }
    let (at, len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    for x in [0, 0, entries.len() as u16, entries.len() as u16] {
        u16le(&mut out, x);
    }
    u32le(&mut out, len);
    u32le(&mut out, at);
    u16le(&mut out, 0);
    out
}

/// The parts of a real workbook (two sheets), stored, with `xl/worksheets/sheet2.xml` replaced by
/// a deflated stream that unpacks to one inline string cell of `fill_copies × 258` letters.
/// `declared` replaces the size the zip directory states for that part (a lie), where given.
fn xlsx_with_a_big_sheet(fill_copies: u64, declared: Option<u64>) -> Vec<u8> {
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "表一").unwrap();
    wb.add_worksheet().write_string(0, 0, "x").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let head = concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
                r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#
            );
            let tail = "</t></is></c></row></sheetData></worksheet>";
            let (data, size) = deflate_bomb(head.as_bytes(), b'A', fill_copies, tail.as_bytes());
            // The CRC is only worked out where the part is small enough to be read.
            let crc = if size <= 8 << 20 {
                let mut all = head.as_bytes().to_vec();
                all.resize(all.len() + 1 + 258 * fill_copies as usize, b'A');
                all.extend_from_slice(tail.as_bytes());
                crc32(&all)
            } else {
                0
            };
            entries.push(Entry {
                name,
                method: 8,
                data,
                crc,
                size: declared.unwrap_or(size),
            });
        } else {
            entries.push(Entry {
                name,
                method: 0,
                crc: crc32(&data),
                size: data.len() as u64,
                data,
            });
        }
    }
    zip_by_hand(&entries)
}

fn too_large(err: ImportError) -> yusuan_import::limits::Exceeded {
    match err {
        ImportError::TooLarge { exceeded, .. } => exceeded,
        other => panic!("not a limit: {other}"),
    }
}

#[test]
fn an_xlsx_that_unpacks_to_gigabytes_is_refused_before_unpacking() {
    // 3 GiB of one letter in a sheet, 20 MB packed (issue 13: 3.2 GB of memory, then an abort).
    let copies = (3u64 << 30) / 258;
    let bytes = xlsx_with_a_big_sheet(copies, None);
    let started = std::time::Instant::now();
    let err = import_file("bomb.xlsx", &bytes).unwrap_err();
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    let msg = err.to_string();
    assert!(msg.starts_with("bomb.xlsx: "), "{msg}");
    assert!(msg.contains("xl/worksheets/sheet2.xml"), "{msg}");
    assert!(msg.contains("3.0 GiB") && msg.contains("64 MiB"), "{msg}");
    assert!(msg.contains("YUSUAN_MAX_PART_MIB=3073"), "{msg}");
    assert_eq!(too_large(err).limit, Limit::Part);
}

#[test]
fn unpacked_sizes_are_limited_per_part_and_in_all() {
    // A sheet of 300 KiB, honestly declared.
    let bytes = xlsx_with_a_big_sheet((300 << 10) / 258, None);
    let small = Limits {
        part_bytes: 256 << 10,
        ..Limits::default()
    };
    let e = too_large(import_file_with("big.xlsx", &bytes, &with(small)).unwrap_err());
    assert_eq!(
        (e.limit, e.what.as_str()),
        (Limit::Part, "xl/worksheets/sheet2.xml")
    );
    assert!(
        e.to_string().contains("300.") && e.to_string().contains("256 KiB"),
        "{e}"
    );
    let all = Limits {
        unpacked_bytes: 256 << 10,
        ..Limits::default()
    };
    let e = too_large(import_file_with("big.xlsx", &bytes, &with(all)).unwrap_err());
    assert_eq!(e.limit, Limit::Unpacked);
    assert!(e.to_string().contains("YUSUAN_MAX_UNPACKED_MIB=1"), "{e}");
    // Within the limits it is read: a workbook of two words is no disclosure.
    let err = import_file_with("big.xlsx", &bytes, &with(Limits::default())).unwrap_err();
    assert!(matches!(err, ImportError::NotADisclosure { .. }), "{err}");
}

#[test]
fn a_part_that_unpacks_to_more_than_it_declares_is_damaged_not_read() {
    // Declares 4 KiB, unpacks to 256 MiB: the zip reader stops at the declared size.
    let bytes = xlsx_with_a_big_sheet((256 << 20) / 258, Some(4096));
    let started = std::time::Instant::now();
    let err = import_file("liar.xlsx", &bytes).unwrap_err();
    assert!(matches!(err, ImportError::Damaged { .. }), "{err}");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

#[test]
fn tables_nested_twenty_thousand_deep_are_refused() {
    // Issue 13: a stack overflow (exit 134).
    let deep = 20_000;
    let html = format!(
        "<html><body>{}x{}</body></html>",
        "<table><tr><td>".repeat(deep),
        "</td></tr></table>".repeat(deep)
    );
    let err = import_file("deep.html", html.as_bytes()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("20000 层") && msg.contains("64 层"), "{msg}");
    assert!(msg.contains("YUSUAN_MAX_TABLE_NESTING=20000"), "{msg}");
    assert_eq!(too_large(err).found, 20_000);
    let body = format!(
        "{}<w:p><w:r><w:t>x</w:t></w:r></w:p>{}",
        "<w:tbl><w:tr><w:tc>".repeat(deep),
        "</w:tc></w:tr></w:tbl>".repeat(deep)
    );
    let e = too_large(import_file("deep.docx", &docx(&body)).unwrap_err());
    assert_eq!((e.limit, e.found), (Limit::TableNesting, 20_000));
    // Raised as the message says, the limit lets both through, on a test thread's small stack:
    // nothing recurses over the nesting. (They are then no disclosure.)
    let raised = Limits {
        table_nesting: 20_000,
        ..Limits::default()
    };
    for (name, bytes) in [("deep.html", html.into_bytes()), ("deep.docx", docx(&body))] {
        let err = import_file_with(name, &bytes, &with(raised)).unwrap_err();
        assert!(matches!(err, ImportError::NotADisclosure { .. }), "{err}");
    }
    // Layout tables nested as deep as the limit are read.
    let (open, close) = (
        "<table><tr><td>".repeat(63),
        "</td></tr></table>".repeat(63),
    );
    let html = format!(
        "<html><body>{open}<p>{}</p><p>单位：万元</p>{}{close}</body></html>",
        THREE_PUBLIC_TITLE,
        TOTAL_BESIDE_A_GROUP.html()
    );
    let d = import_file("framed.html", html.as_bytes()).unwrap();
    assert!(d.table(TableKind::ThreePublic).is_some());
}

#[test]
fn an_html_page_over_the_size_limit_is_refused_at_once() {
    // Issue 13: a 200 MB page ran away. The limit is checked before the page is decoded.
    let mut page = b"<html><body><table><tr><td>".to_vec();
    page.resize(33 << 20, b'x');
    let started = std::time::Instant::now();
    let e = too_large(import_file("big.html", &page).unwrap_err());
    assert!(
        started.elapsed().as_millis() < 1000,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(e.limit, Limit::Html);
    assert!(e.to_string().contains("YUSUAN_MAX_HTML_MIB=33"), "{e}");
}

#[test]
fn nul_characters_are_removed_and_said() {
    // Issue 13: NULs inside titles made every table vanish without a word.
    let text = fixture().replace('表', "表\0");
    let d = import_text(FILE, &text).unwrap();
    assert_eq!(d.tables.len(), text_import().tables.len());
    let warned: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|x| x.message.contains("NUL"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    let n = text.matches('\0').count();
    assert!(
        warned[0].message.contains(&format!("{n} 个空字符")),
        "{warned:?}"
    );
    let first = text.find('\0').unwrap();
    assert_eq!(
        warned[0].prov.line,
        Some(text[..first].matches('\n').count() as u32 + 1)
    );
    // In a structured file too: the table is read, and the NUL said.
    let html = format!(
        "<html><body><p>{}\0</p><p>单位：万元</p>{}</body></html>",
        THREE_PUBLIC_TITLE,
        TOTAL_BESIDE_A_GROUP.html()
    );
    let d = import_file("nul.html", html.as_bytes()).unwrap();
    assert!(d.table(TableKind::ThreePublic).is_some());
    let warned: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|x| x.message.contains("NUL"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0].prov.place.as_deref(), Some("第 1 段"));
}

/// Import options with these limits (and the embedded catalogue).
fn with(limits: Limits) -> yusuan_import::Options<'static> {
    yusuan_import::Options {
        limits,
        ..yusuan_import::Options::default()
    }
}
