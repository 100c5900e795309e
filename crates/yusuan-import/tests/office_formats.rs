//! DOCX, XLSX and HTML files built here from the reference 重庆 disclosure import to the same
//! tables, performance tables and narrative facts as its text form; plus targeted cases (merged
//! cells, numbers stored as floats, a title in a merged first row, damaged files) and provenance
//! that names the paragraph, sheet row or table row.

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
    assert!(cell
        .prov
        .place
        .as_deref()
        .is_some_and(|p| p.starts_with("工作表「表二」第 ")));
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
    assert_eq!(
        r.cell(ColumnKey::Project).unwrap().prov.place.as_deref(),
        Some("工作表「Sheet1」第 6 行")
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
        Some("工作表「表二」第 6 行"),
        "{:?}",
        cell.prov
    );
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
