//! PDF import, end to end.
//!
//! (a) The three fixture PDFs import completely: all nine tables, no unexplained line, values
//!     pinned from every table, findings and cells located on their pages.
//! (b) The two that also exist as `pdftotext -layout` text import to the same budget and the
//!     same table values as the text.
//! (c) Small PDFs built here with lopdf, one layout problem each: a scan without a text layer,
//!     a wrapped name cell, a table split over two pages with its header repeated, a column
//!     left blank in every row.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use lopdf::{dictionary, Document, Object, Stream};
use yusuan_import::{import_file, ImportError};
use yusuan_model::{
    Cell, Code, ColumnKey, Disclosure, Fen, MoneyUnit, Row, RowKind, Side, Table, TableKind,
};

const FINANCE: &str = "shanghai-putuo-finance-bureau-2025-budget";
const WANLI: &str = "shanghai-putuo-wanli-2025-budget";
const JUSTICE: &str = "shanghai-putuo-justice-bureau-2026-budget";

fn shared(path: &str) -> Vec<u8> {
    let full = format!("{}/../../corpus/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn import_pdf(stem: &str) -> Disclosure {
    let name = format!("{stem}.pdf");
    import_file(&name, &shared(&format!("pdf/{name}"))).unwrap_or_else(|e| panic!("{e}"))
}

fn import_txt(stem: &str) -> Disclosure {
    let name = format!("{stem}.txt");
    import_file(&name, &shared(&name)).unwrap_or_else(|e| panic!("{e}"))
}

fn table(d: &Disclosure, kind: TableKind) -> &Table {
    let mut it = d.tables.iter().filter(|t| t.kind == kind);
    let t = it.next().unwrap_or_else(|| panic!("no {kind:?} table"));
    assert!(it.next().is_none(), "two {kind:?} tables");
    t
}

fn coded<'a>(t: &'a Table, code: &str) -> &'a Row {
    let c = Code::parse(code).unwrap();
    t.row_by_code(&c)
        .unwrap_or_else(|| panic!("{}: no row {code}", t.title))
}

fn labelled<'a>(t: &'a Table, side: Side, label: &str) -> &'a Row {
    t.rows
        .iter()
        .find(|r| r.side == side && r.label == label)
        .unwrap_or_else(|| panic!("{}: no row {label} on {side:?}", t.title))
}

fn total(t: &Table, side: Side) -> &Row {
    t.total_row(side)
        .unwrap_or_else(|| panic!("{}: no total on {side:?}", t.title))
}

/// The printed text of a row's cell in a column.
fn text(r: &Row, key: ColumnKey) -> &str {
    &r.cell(key)
        .unwrap_or_else(|| panic!("row {}: no {key:?} cell", r.label))
        .text
}

/// Every cell of the row, as printed, in column order.
fn texts(r: &Row) -> Vec<&str> {
    r.cells.iter().map(|c| c.text.as_str()).collect()
}

fn yuan(s: &str) -> Fen {
    yusuan_model::parse_amount(s, MoneyUnit::Yuan)
        .unwrap()
        .unwrap()
        .fen
}

const NINE: [TableKind; 9] = [
    TableKind::DepartmentSummary,
    TableKind::DepartmentIncome,
    TableKind::DepartmentExpenditure,
    TableKind::FiscalSummary,
    TableKind::GeneralBudgetExpenditure,
    TableKind::GovFundExpenditure,
    TableKind::StateCapitalExpenditure,
    TableKind::GeneralBudgetBasicEconomic,
    TableKind::ThreePublic,
];

// ---------------------------------------------------------------------------------------------
// The fixture PDFs

#[test]
fn fixture_pdfs_import_completely() {
    for (stem, pages) in [(FINANCE, 24), (WANLI, 31), (JUSTICE, 23)] {
        let d = import_pdf(stem);
        assert_eq!(d.source.format, "pdf", "{stem}");
        assert_eq!(d.source.pages, Some(pages), "{stem}");
        let kinds: Vec<TableKind> = d.tables.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, NINE, "{stem}");
        assert!(
            d.coverage.unexplained.is_empty(),
            "{stem}: unexplained lines {:#?}",
            d.coverage.unexplained
        );
        // Only notes on invisible text (财政局 draws a page's overflow again, clipped away).
        assert!(
            d.diagnostics
                .iter()
                .all(|x| x.severity == yusuan_model::DiagnosticSeverity::Info
                    && x.message.contains("invisible text")),
            "{stem}: diagnostics {:#?}",
            d.diagnostics
        );
        assert!(
            d.coverage.understood_lines > 280,
            "{stem}: {}",
            d.coverage.understood_lines
        );
        for t in &d.tables {
            assert!(t.prov.page.is_some(), "{stem} {}: no page", t.title);
            assert!(t.unit.is_some(), "{stem} {}: no unit", t.title);
            assert!(!t.rows.is_empty(), "{stem} {}: no rows", t.title);
        }
    }
}

/// Tables compare equal when everything but where they were read from is equal.
fn without_provenance(t: &Table) -> Table {
    let mut t = t.clone();
    t.prov = Default::default();
    t.end_line = 0;
    for r in &mut t.rows {
        r.prov = Default::default();
        for c in &mut r.cells {
            c.prov = Default::default();
        }
    }
    // A note's text is rejoined from its lines; where a line broke differs between the PDF and
    // pdftotext, so spaces are not compared.
    for n in t.notes.iter_mut().chain(t.empty_note.as_mut()) {
        n.prov = Default::default();
        n.text.retain(|c| !c.is_whitespace());
    }
    t
}

#[test]
fn pdf_and_text_give_the_same_budget_and_tables() {
    for stem in [FINANCE, WANLI] {
        let (pdf, txt) = (import_pdf(stem), import_txt(stem));
        assert_eq!(pdf.tables.len(), txt.tables.len(), "{stem}");
        for (p, t) in pdf.tables.iter().zip(&txt.tables) {
            assert_eq!(
                without_provenance(p),
                without_provenance(t),
                "{stem}: {}",
                p.title
            );
        }
        assert_eq!(pdf.meta, txt.meta, "{stem}");
        let (mut bp, notes_p) =
            yusuan_convert::budget_from_disclosure(&pdf, yusuan_model::Catalog::embedded());
        let (mut bt, notes_t) =
            yusuan_convert::budget_from_disclosure(&txt, yusuan_model::Catalog::embedded());
        bp.clear_provenance();
        bt.clear_provenance();
        assert_eq!(bp, bt, "{stem}: budgets differ");
        let msgs = |n: &[yusuan_convert::ConversionNote]| -> Vec<String> {
            n.iter().map(|n| n.message.clone()).collect()
        };
        assert_eq!(msgs(&notes_p), msgs(&notes_t), "{stem}");
        // Not trivially equal: the budget has content.
        assert!(bp.income_total() > Fen::ZERO && !bp.expenditure.is_empty());
        // pdftotext keeps the text 财政局 draws clipped away (items 7–11 of its expenditure
        // list appear twice in the text twin, once on each page): the PDF states each fact
        // once, the text some twice.
        let facts = |d: &yusuan_model::Disclosure| -> Vec<String> {
            let mut v: Vec<String> = d
                .narrative
                .facts
                .iter()
                .map(|f| format!("{:?} {:?}", f.key, f.amount.map(|a| a.fen)))
                .collect();
            v.sort();
            v
        };
        let (fp, mut ft) = (facts(&pdf), facts(&txt));
        for f in &fp {
            let at = ft.iter().position(|t| t == f);
            assert!(at.is_some(), "{stem}: {f} is not in the text");
            ft.remove(at.unwrap_or_default());
        }
        // What the text has more are repeats.
        for f in &ft {
            assert!(fp.contains(f), "{stem}: {f} is not in the PDF");
        }
        if stem == WANLI {
            assert!(ft.is_empty(), "{ft:?}");
        }
        assert_eq!(
            pdf.narrative.sections.len(),
            txt.narrative.sections.len(),
            "{stem}"
        );
    }
}

#[test]
fn finance_bureau_values_from_every_table() {
    use ColumnKey::*;
    let d = import_pdf(FINANCE);
    let t = table(&d, TableKind::DepartmentSummary);
    assert_eq!(text(total(t, Side::Income), Amount), "31,214,205.80");
    assert_eq!(text(total(t, Side::Expenditure), Amount), "31,214,205.80");
    assert_eq!(text(labelled(t, Side::Income, "二、事业收入"), Amount), "");

    let t = table(&d, TableKind::DepartmentIncome);
    assert_eq!(
        texts(total(t, Side::Single)),
        ["31,214,205.80", "31,214,205.80", "", "", ""]
    );
    assert_eq!(text(coded(t, "2010601"), Fiscal), "16,231,840.80");

    let t = table(&d, TableKind::DepartmentExpenditure);
    assert_eq!(
        texts(total(t, Side::Single)),
        ["31,214,205.80", "25,121,091.00", "6,093,114.80"]
    );

    let t = table(&d, TableKind::FiscalSummary);
    assert_eq!(text(total(t, Side::Income), Amount), "31,214,205.80");
    assert_eq!(
        texts(total(t, Side::Expenditure)),
        ["31,214,205.80", "31,214,205.80", "", ""]
    );

    let t = table(&d, TableKind::GeneralBudgetExpenditure);
    assert_eq!(
        texts(coded(t, "201")),
        ["22,186,440.80", "16,093,326.00", "6,093,114.80"]
    );
    // 基本支出 blank, 项目支出 filled: nothing shifted left.
    assert_eq!(texts(coded(t, "2010602")), ["100,000.00", "", "100,000.00"]);
    assert_eq!(coded(t, "2010602").label, "一般行政管理事务");
    assert_eq!(
        coded(t, "2010601").amount(Basic),
        Some(yuan("16,093,326.00"))
    );

    for kind in [
        TableKind::GovFundExpenditure,
        TableKind::StateCapitalExpenditure,
    ] {
        let t = table(&d, kind);
        assert_eq!(t.rows.len(), 1, "{kind:?}");
        assert_eq!(texts(total(t, Side::Single)), ["", "", ""], "{kind:?}");
    }

    let t = table(&d, TableKind::GeneralBudgetBasicEconomic);
    assert_eq!(
        texts(total(t, Side::Single)),
        ["25,121,091.00", "22,826,756.00", "2,294,335.00"]
    );
    assert_eq!(text(coded(t, "30101"), Personnel), "2,642,448.00");

    let t = table(&d, TableKind::ThreePublic);
    assert_eq!(t.unit, Some(MoneyUnit::WanYuan));
    assert_eq!(
        texts(&t.rows[0]),
        ["0.95", "", "0.95", "", "", "", "229.43"]
    );
}

#[test]
fn wanli_values_from_every_table() {
    use ColumnKey::*;
    let d = import_pdf(WANLI);
    let t = table(&d, TableKind::DepartmentSummary);
    assert_eq!(text(total(t, Side::Income), Amount), "189,767,551");
    assert_eq!(text(total(t, Side::Expenditure), Amount), "189,767,551");

    let t = table(&d, TableKind::DepartmentIncome);
    assert_eq!(
        texts(total(t, Side::Single)),
        ["189,767,551", "189,767,551", "0", "0", "0"]
    );
    assert_eq!(text(coded(t, "201"), Total), "3,296,600");
    assert_eq!(t.rows.len(), 67);

    let t = table(&d, TableKind::DepartmentExpenditure);
    assert_eq!(
        texts(total(t, Side::Single)),
        ["189,767,551", "101,341,746", "88,425,805"]
    );
    // The table runs over five pages: every row is read.
    assert_eq!(t.rows.len(), 67);
    let pages: std::collections::BTreeSet<u32> =
        t.rows.iter().filter_map(|r| r.prov.page).collect();
    assert!(pages.len() >= 2, "{pages:?}");

    let t = table(&d, TableKind::FiscalSummary);
    assert_eq!(text(total(t, Side::Income), Amount), "189,767,551");
    assert_eq!(
        text(total(t, Side::Expenditure), GeneralBudget),
        "189,767,551"
    );

    let t = table(&d, TableKind::GeneralBudgetExpenditure);
    assert_eq!(texts(coded(t, "201")), ["3,296,600", "0", "3,296,600"]);
    assert_eq!(
        texts(total(t, Side::Single)),
        ["189,767,551", "101,341,746", "88,425,805"]
    );

    for kind in [
        TableKind::GovFundExpenditure,
        TableKind::StateCapitalExpenditure,
    ] {
        let t = table(&d, kind);
        assert_eq!(texts(total(t, Side::Single)), ["", "", ""], "{kind:?}");
    }

    let t = table(&d, TableKind::GeneralBudgetBasicEconomic);
    assert_eq!(
        texts(total(t, Side::Single)),
        ["101,341,746", "90,514,044", "10,827,702"]
    );
    assert_eq!(texts(coded(t, "301")), ["90,238,584", "90,238,584", "0"]);
    assert_eq!(text(coded(t, "30101"), Total), "6,084,184");

    let t = table(&d, TableKind::ThreePublic);
    assert_eq!(
        texts(&t.rows[0]),
        ["37.91", "0", "1.35", "36.56", "15", "21.56", "464.64"]
    );
}

#[test]
fn justice_bureau_2026_values_from_every_table() {
    use ColumnKey::*;
    let d = import_pdf(JUSTICE);
    assert_eq!(d.meta.year, Some(2026));

    let t = table(&d, TableKind::DepartmentSummary);
    assert_eq!(t.title, "2026年部门财务收支预算总表");
    let income_total = total(t, Side::Income);
    assert_eq!(income_total.label, "收入总计");
    assert_eq!(text(income_total, Amount), "96,282,213.44");
    assert_eq!(income_total.amount(Amount), Some(yuan("96,282,213.44")));
    assert_eq!(text(total(t, Side::Expenditure), Amount), "96,282,213.44");
    assert_eq!(
        text(labelled(t, Side::Expenditure, "一、公共安全支出"), Amount),
        "87,267,272.44"
    );
    assert_eq!(
        text(labelled(t, Side::Income, "2. 政府性基金预算"), Amount),
        "0.00"
    );

    let t = table(&d, TableKind::DepartmentIncome);
    assert_eq!(
        texts(total(t, Side::Single)),
        ["96282213.44", "96282213.44", "0.00", "0.00", "0.00"]
    );
    assert_eq!(coded(t, "2040699").label, "其他司法支出");
    assert_eq!(text(coded(t, "2040699"), Fiscal), "38454900.00");

    let t = table(&d, TableKind::DepartmentExpenditure);
    assert_eq!(
        texts(total(t, Side::Single)),
        ["96282213.44", "25741666.44", "70540547.00"]
    );
    assert_eq!(
        texts(coded(t, "2040601")),
        ["16726725.44", "16726725.44", "0.00"]
    );

    let t = table(&d, TableKind::FiscalSummary);
    assert_eq!(text(total(t, Side::Income), Amount), "96,282,213.44");
    assert_eq!(
        texts(labelled(t, Side::Expenditure, "四、住房保障支出")),
        ["4,521,559.00", "4,521,559.00", "", ""]
    );

    let t = table(&d, TableKind::GeneralBudgetExpenditure);
    assert_eq!(t.rows.len(), 22);
    assert_eq!(
        texts(coded(t, "2080505")),
        ["1839485.00", "1839485.00", "0.00"]
    );
    assert_eq!(
        coded(t, "2080505").label,
        "机关事业单位基本养老保险缴费支出"
    );
    assert_eq!(
        texts(total(t, Side::Single)),
        ["96282213.44", "25741666.44", "70540547.00"]
    );

    for kind in [
        TableKind::GovFundExpenditure,
        TableKind::StateCapitalExpenditure,
    ] {
        let t = table(&d, kind);
        let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["无", "合计"], "{kind:?}");
        assert_eq!(texts(total(t, Side::Single)), ["", "", ""], "{kind:?}");
    }

    let t = table(&d, TableKind::GeneralBudgetBasicEconomic);
    assert_eq!(
        texts(total(t, Side::Single)),
        ["25741666.44", "23563342.00", "2178324.44"]
    );
    assert_eq!(coded(t, "30213").label, "维修(护)费");
    assert_eq!(texts(coded(t, "30228")), ["265974.44", "0.00", "265974.44"]);

    let t = table(&d, TableKind::ThreePublic);
    assert_eq!(t.unit, Some(MoneyUnit::WanYuan));
    assert_eq!(
        texts(&t.rows[0]),
        ["10.81", "0", "0.83", "9.98", "0", "9.98", "217.83"]
    );
    // 217.83 万元 = 2,178,300 元.
    assert_eq!(t.rows[0].amount(AdminCost), Some(yuan("2,178,300.00")));
}

#[test]
fn findings_and_cells_are_located_on_pages() {
    let config = yusuan_check::Config::default();
    for stem in [FINANCE, WANLI, JUSTICE] {
        let d = import_pdf(stem);
        let pages = d.source.pages.unwrap();
        // Every printed cell has its page and its box on the page.
        for t in &d.tables {
            for r in &t.rows {
                for c in r.cells.iter().filter(|c| !c.text.is_empty()) {
                    let p = c.prov.page.unwrap_or_else(|| panic!("{stem}: {c:?}"));
                    assert!((1..=pages).contains(&p));
                    let b = c
                        .prov
                        .bbox
                        .unwrap_or_else(|| panic!("{stem}: no box {c:?}"));
                    assert!(b.x0 < b.x1 && b.y0 < b.y1 && b.x0 >= 0.0 && b.y1 <= 900.0);
                    // The box of the printed value, not of its whole row.
                    assert!(b.x1 - b.x0 < 150.0, "{stem}: {c:?}");
                }
            }
        }
        let findings = yusuan_check::check(&d, &config);
        assert!(!findings.is_empty(), "{stem}: no findings");
        for f in &findings {
            let located: Vec<_> = f.locations.iter().filter(|l| l.line.is_some()).collect();
            // A note on a whole page (invisible text on it, a blank page) has a page and no
            // line.
            let whole_page = f.severity == yusuan_check::Severity::Info
                || f.rule == yusuan_check::rules::BlankPage::INFO.code;
            if located.is_empty() && whole_page {
                assert!(
                    f.locations.iter().any(|l| l.page.is_some()),
                    "{stem}: {f:?}"
                );
                continue;
            }
            assert!(!located.is_empty(), "{stem}: {} has no location", f.rule);
            for l in located {
                let p = l
                    .page
                    .unwrap_or_else(|| panic!("{stem}: {} {l:?} without page", f.rule));
                assert!((1..=pages).contains(&p), "{stem}: {} page {p}", f.rule);
                // And a box to mark on the page: the cell's word, else the whole line.
                assert!(l.bbox.is_some(), "{stem}: {} {l:?} without box", f.rule);
            }
        }
    }
}

/// A cell's box is the box of the printed value (a right-aligned number in its column).
#[test]
fn a_cell_box_is_the_box_of_its_word() {
    let d = import_pdf(FINANCE);
    let t = table(&d, TableKind::GeneralBudgetExpenditure);
    let c: &Cell = coded(t, "201").cell(ColumnKey::Total).unwrap();
    assert_eq!(c.prov.page, Some(15));
    let b = c.prov.bbox.unwrap();
    // pdftotext -bbox: xMin 482.26, xMax 551.26 (y from the top: 206.98–222.72 on a 595.3 page).
    assert!(
        (b.x0 - 482.26).abs() < 1.0 && (b.x1 - 551.26).abs() < 1.0,
        "{b:?}"
    );
    assert!(b.y0 > 595.3 - 224.0 && b.y1 < 595.3 - 205.0, "{b:?}");
}

// ---------------------------------------------------------------------------------------------
// Synthetic PDFs

/// A page to build: text pieces (PDF points, baseline y from the bottom) and perhaps an image.
#[derive(Default)]
struct SynPage {
    pieces: Vec<(f64, f64, f64, String)>,
    image: bool,
}

const SIZE: f64 = 12.0;

/// Width of a text in the test font: ASCII is half an em, everything else a full em.
fn width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum::<f64>()
        * size
}

impl SynPage {
    fn left(&mut self, x: f64, y: f64, text: &str) {
        self.pieces.push((x, y, SIZE, text.to_string()));
    }

    fn right(&mut self, x1: f64, y: f64, text: &str) {
        if !text.is_empty() {
            self.left(x1 - width(text, SIZE), y, text);
        }
    }

    fn centre(&mut self, cx: f64, y: f64, size: f64, text: &str) {
        self.pieces
            .push((cx - width(text, size) / 2.0, y, size, text.to_string()));
    }
}

/// A PDF of landscape A4 pages with one Type0 / Identity-H font whose codes are the characters'
/// BMP code points, with a ToUnicode map of every character used.
fn build_pdf(pages: &[SynPage]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut used: Vec<char> = pages
        .iter()
        .flat_map(|p| p.pieces.iter().flat_map(|(_, _, _, t)| t.chars()))
        .collect();
    used.sort_unstable();
    used.dedup();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in used.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for c in chunk {
            cmap.push_str(&format!("<{:04X}> <{:04X}>\n", *c as u32, *c as u32));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => "TESTAA+SimSun",
        "Flags" => 32,
        "Ascent" => 859,
        "Descent" => -141,
        "FontBBox" => vec![0.into(), (-141).into(), 1000.into(), 859.into()],
    });
    let cid = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "TESTAA+SimSun",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor,
        "DW" => 1000,
        "W" => vec![32.into(), 126.into(), 500.into()],
        "CIDToGIDMap" => "Identity",
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "TESTAA+SimSun",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid.into()],
        "ToUnicode" => to_unicode,
    });
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => 2,
            "Height" => 2,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    ));
    let mut kids: Vec<Object> = Vec::new();
    for p in pages {
        let mut content = String::new();
        if p.image {
            content.push_str("q 800 0 0 550 20 20 cm /Im1 Do Q\n");
        }
        for (x, y, size, t) in &p.pieces {
            let hex: String = t.chars().map(|c| format!("{:04X}", c as u32)).collect();
            content.push_str(&format!(
                "BT /F1 {size} Tf 1 0 0 1 {x:.2} {y:.2} Tm <{hex}> Tj ET\n"
            ));
        }
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font },
                "XObject" => dictionary! { "Im1" => image },
            },
            "MediaBox" => vec![0.into(), 0.into(), 842.into(), 595.into()],
        };
        kids.push(doc.add_object(page).into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Right edges of the three amount columns (合计, 基本支出, 项目支出) and left edges of their
/// headers, the code levels and the name: the fixtures' 一般公共预算支出功能分类预算表 (财政局 p. 15).
const AMOUNT_RIGHT: [f64; 3] = [551.0, 664.0, 784.0];
const AMOUNT_HEAD_X: [f64; 3] = [482.0, 585.0, 702.0];
const CODE_X: [f64; 3] = [65.0, 106.0, 143.0];
const NAME_X: f64 = 169.0;
const ROW_PITCH: f64 = 24.0;
const TITLE: &str = "2025年部门一般公共预算支出功能分类预算表";

/// A data row: code parts, a name, three amounts. `|` in the name marks where the cell wraps
/// with the cell centred vertically, `^` where it wraps with the cell aligned to the top.
struct SynRow {
    code: &'static str,
    name: &'static str,
    amounts: [&'static str; 3],
}

const fn row(code: &'static str, name: &'static str, amounts: [&'static str; 3]) -> SynRow {
    SynRow {
        code,
        name,
        amounts,
    }
}

/// The header of the table from `top` down; returns the baseline of the first row.
fn table_header(p: &mut SynPage, top: f64) -> f64 {
    p.left(232.0, top, "项目");
    p.left(562.0, top, "一般公共预算支出");
    p.left(64.0, top - 24.0, "功能分类科目编码");
    p.left(253.0, top - 37.0, "功能分类科目名称");
    for (x, h) in AMOUNT_HEAD_X.iter().zip(["合计", "基本支出", "项目支出"]) {
        p.left(*x, top - 37.0, h);
    }
    for (x, h) in CODE_X.iter().zip(["类", "款", "项"]) {
        p.left(x + 3.0, top - 49.0, h);
    }
    top - 74.0
}

/// Title and compiler line; returns the top of the header.
fn table_title(p: &mut SynPage) -> f64 {
    p.centre(421.0, 505.0, 18.0, TITLE);
    p.left(57.0, 478.0, "编制部门：上海市普陀区测试局");
    p.right(784.0, 478.0, "单位：元");
    449.0
}

/// Rows from baseline `y` down. A row with a wrapped name is a line taller. Centred (as WPS and
/// Excel export by default), the name's two lines stand above and below the row's middle line,
/// where its code and amounts are; aligned to the top, the name's second line is below the
/// row's line.
fn table_rows(p: &mut SynPage, mut y: f64, rows: &[SynRow]) {
    let line = 1.2 * SIZE;
    for r in rows {
        let centred = r.name.split_once('|');
        if centred.is_some() {
            y -= line / 2.0;
        }
        for (i, part) in r.code.split(' ').filter(|s| !s.is_empty()).enumerate() {
            p.left(CODE_X[i], y, part);
        }
        let mut below = 0.0;
        if let Some((a, b)) = centred {
            p.left(NAME_X, y + line / 2.0, a);
            p.left(NAME_X, y - line / 2.0, b);
            below = line / 2.0;
        } else if let Some((a, b)) = r.name.split_once('^') {
            p.left(NAME_X, y, a);
            p.left(NAME_X, y - line, b);
            below = line;
        } else {
            p.left(NAME_X, y, r.name);
        }
        for (i, a) in r.amounts.iter().enumerate() {
            p.right(AMOUNT_RIGHT[i], y, a);
        }
        y -= ROW_PITCH + below;
    }
}

fn one_table_pdf(rows: &[SynRow]) -> Vec<u8> {
    let mut p = SynPage::default();
    let top = table_title(&mut p);
    let y = table_header(&mut p, top);
    table_rows(&mut p, y, rows);
    build_pdf(&[p])
}

fn import_synthetic(bytes: &[u8]) -> Disclosure {
    import_file("synthetic.pdf", bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn the_table(d: &Disclosure) -> &Table {
    assert_eq!(d.tables.len(), 1, "{:#?}", d.tables);
    assert!(
        d.coverage.unexplained.is_empty(),
        "unexplained: {:#?}\n{}",
        d.coverage.unexplained,
        dump(d)
    );
    &d.tables[0]
}

fn dump(d: &Disclosure) -> String {
    let mut s = String::new();
    for t in &d.tables {
        for r in &t.rows {
            s.push_str(&format!("{:?} {:?} {:?}\n", r.code, r.label, texts(r)));
        }
    }
    s
}

#[test]
fn a_scan_has_no_text_layer_and_nothing_is_imported() {
    let bytes = build_pdf(&[
        SynPage {
            pieces: Vec::new(),
            image: true,
        },
        SynPage {
            pieces: Vec::new(),
            image: true,
        },
    ]);
    let err = import_file("扫描版预算.pdf", &bytes).unwrap_err();
    assert!(matches!(err, ImportError::Pdf { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.starts_with("扫描版预算.pdf: "), "{msg}");
    assert!(msg.contains("没有文字层"), "{msg}");
    assert!(msg.contains("扫描件"), "{msg}");
    assert!(msg.contains("共 2 页"), "{msg}");
}

#[test]
fn a_synthetic_table_reads_like_the_fixtures() {
    let d = import_synthetic(&one_table_pdf(&[
        row("201", "一般公共服务支出", ["300.00", "200.00", "100.00"]),
        row("201 06", "财政事务", ["300.00", "200.00", "100.00"]),
        row("201 06 01", "行政运行", ["300.00", "200.00", "100.00"]),
    ]));
    let t = the_table(&d);
    assert_eq!(t.kind, TableKind::GeneralBudgetExpenditure);
    assert_eq!(t.unit, Some(MoneyUnit::Yuan));
    assert_eq!(t.rows.len(), 3, "{}", dump(&d));
    assert_eq!(texts(coded(t, "2010601")), ["300.00", "200.00", "100.00"]);
    assert_eq!(coded(t, "2010601").prov.page, Some(1));
}

#[test]
fn a_wrapped_name_is_joined_and_its_values_stay_in_their_columns() {
    let d = import_synthetic(&one_table_pdf(&[
        row(
            "208",
            "社会保障和就业支出",
            ["3,000.00", "2,000.00", "1,000.00"],
        ),
        row(
            "208 05",
            "行政事业单位养老支出",
            ["3,000.00", "2,000.00", "1,000.00"],
        ),
        row(
            "208 05 05",
            "机关事业单位基本养老保险|缴费支出",
            ["2,500.00", "2,000.00", "500.00"],
        ),
        row(
            "208 05 06",
            "机关事业单位职业年金缴费支出",
            ["0.00", "", ""],
        ),
        row(
            "208 05 99",
            "其他行政事业单位养老支出（含离退休人员^一次性补助）",
            ["500.00", "", "500.00"],
        ),
        row("221", "住房保障支出", ["10.00", "10.00", ""]),
    ]));
    let t = the_table(&d);
    assert_eq!(t.rows.len(), 6, "{}", dump(&d));
    assert!(t.rows.iter().all(|r| r.code.is_some()), "{}", dump(&d));
    // Centred: the parts above and below the row's line.
    let r = coded(t, "2080505");
    assert_eq!(r.label, "机关事业单位基本养老保险缴费支出");
    assert_eq!(texts(r), ["2,500.00", "2,000.00", "500.00"]);
    assert_eq!(r.amount(ColumnKey::Project), Some(yuan("500.00")));
    // Aligned to the top: the second part below.
    let r = coded(t, "2080599");
    assert_eq!(
        r.label,
        "其他行政事业单位养老支出（含离退休人员一次性补助）"
    );
    assert_eq!(texts(r), ["500.00", "", "500.00"]);
    // The rows around keep their own names and values.
    assert_eq!(coded(t, "2080506").label, "机关事业单位职业年金缴费支出");
    assert_eq!(texts(coded(t, "2080506")), ["0.00", "", ""]);
    assert_eq!(coded(t, "221").label, "住房保障支出");
    assert_eq!(
        texts(coded(t, "20805")),
        ["3,000.00", "2,000.00", "1,000.00"]
    );
    // Amounts keep the boxes of their words on the row's line.
    let c = coded(t, "2080505").cell(ColumnKey::Total).unwrap();
    let b = c.prov.bbox.unwrap();
    assert!((f64::from(b.x1) - AMOUNT_RIGHT[0]).abs() < 0.5, "{b:?}");
}

#[test]
fn a_table_split_over_two_pages_with_its_header_repeated_is_one_table() {
    let first: Vec<SynRow> = (1..=12)
        .map(|i| {
            row(
                [
                    "201 01 01",
                    "201 01 02",
                    "201 01 03",
                    "201 01 04",
                    "201 01 05",
                    "201 01 06",
                    "201 01 07",
                    "201 01 08",
                    "201 01 50",
                    "201 01 99",
                    "201 02 01",
                    "201 02 02",
                ][i - 1],
                [
                    "行政运行",
                    "一般行政管理事务",
                    "机关服务",
                    "人大会议",
                    "人大立法",
                    "人大监督",
                    "人大代表履职能力提升",
                    "代表工作",
                    "事业运行",
                    "其他人大事务支出",
                    "行政运行",
                    "一般行政管理事务",
                ][i - 1],
                ["10.00", "10.00", ""],
            )
        })
        .collect();
    let second = [
        row("201 02 03", "机关服务", ["20.00", "", "20.00"]),
        row("201 02 99", "其他政协事务支出", ["30.00", "10.00", "20.00"]),
        row("", "合计", ["170.00", "130.00", "40.00"]),
    ];
    let mut p1 = SynPage::default();
    let top = table_title(&mut p1);
    let y = table_header(&mut p1, top);
    table_rows(&mut p1, y, &first);
    let mut p2 = SynPage::default();
    let y = table_header(&mut p2, 540.0);
    table_rows(&mut p2, y, &second);
    let d = import_synthetic(&build_pdf(&[p1, p2]));
    let t = the_table(&d);
    assert_eq!(t.rows.len(), 15, "{}", dump(&d));
    assert_eq!(texts(coded(t, "2010201")), ["10.00", "10.00", ""]);
    assert_eq!(texts(coded(t, "2010203")), ["20.00", "", "20.00"]);
    assert_eq!(coded(t, "2010203").prov.page, Some(2));
    assert_eq!(coded(t, "2010101").prov.page, Some(1));
    let tot = total(t, Side::Single);
    assert_eq!(texts(tot), ["170.00", "130.00", "40.00"]);
    assert_eq!(tot.kind, RowKind::Total);
    // The repeated header is skipped on purpose, not read as rows.
    assert!(d.coverage.ignored_lines >= 3, "{:?}", d.coverage);
}

#[test]
fn a_column_blank_in_every_row_stays_blank() {
    let d = import_synthetic(&one_table_pdf(&[
        row(
            "201",
            "一般公共服务支出",
            ["1,666,600.00", "", "1,666,600.00"],
        ),
        row("201 06", "财政事务", ["1,666,600.00", "", "1,666,600.00"]),
        row(
            "201 06 07",
            "信息化建设",
            ["1,566,600.00", "", "1,566,600.00"],
        ),
        row(
            "201 06 08",
            "财政委托业务支出",
            ["100,000.00", "", "100,000.00"],
        ),
        row("", "合计", ["1,666,600.00", "", "1,666,600.00"]),
    ]));
    let t = the_table(&d);
    assert_eq!(t.rows.len(), 5, "{}", dump(&d));
    let keys: Vec<ColumnKey> = t.columns.iter().map(|c| c.key).collect();
    assert_eq!(
        keys,
        [ColumnKey::Total, ColumnKey::Basic, ColumnKey::Project]
    );
    for r in &t.rows {
        assert_eq!(r.amount(ColumnKey::Basic), None, "{}", dump(&d));
        assert_eq!(r.amount(ColumnKey::Total), r.amount(ColumnKey::Project));
    }
    assert_eq!(texts(coded(t, "2010608")), ["100,000.00", "", "100,000.00"]);
}

/// A PDF of 2,000 pages (issue 13): a narrative page after page, a table every twentieth page.
/// Import and check must read it whole in time that grows with the pages (nothing compares every
/// page, line or statement with every other), so that it ends within a few seconds even in a
/// debug build; a reader that grew with the square of the document would not finish.
#[test]
fn two_thousand_pages_are_read_whole() {
    const PAGES: usize = 2_000;
    let mut pages = Vec::with_capacity(PAGES);
    for n in 1..=PAGES {
        let mut p = SynPage::default();
        if n % 20 == 0 {
            let top = table_title(&mut p);
            let y = table_header(&mut p, top);
            table_rows(
                &mut p,
                y,
                &[
                    row("201", "一般公共服务支出", ["300.00", "200.00", "100.00"]),
                    row("201 06", "财政事务", ["300.00", "200.00", "100.00"]),
                    row("201 06 01", "行政运行", ["300.00", "200.00", "100.00"]),
                ],
            );
        } else {
            let mut y = 520.0;
            if n % 10 == 1 {
                p.left(57.0, y, &format!("{}、第{n}页的说明", n / 10 % 9 + 1));
                y -= 24.0;
            }
            for k in 0..3 {
                let a = n * 7 + k;
                p.left(
                    57.0,
                    y,
                    &format!(
                        "第{n}页：项目支出{a}.00万元，比上年增加{k}.50万元，主要原因是业务增加。"
                    ),
                );
                y -= 18.0;
            }
        }
        pages.push(p);
    }
    let bytes = build_pdf(&pages);
    let d = import_synthetic(&bytes);
    let last_page = |d: &Disclosure| {
        d.narrative
            .facts
            .iter()
            .filter_map(|f| f.prov.page)
            .max()
            .unwrap_or(0)
    };
    assert_eq!(
        last_page(&d),
        PAGES as u32 - 1,
        "the last narrative page is read"
    );
    let table_pages: Vec<u32> = d
        .tables
        .iter()
        .filter_map(|t| t.rows.last().and_then(|r| r.prov.page))
        .collect();
    assert_eq!(table_pages.last(), Some(&(PAGES as u32)), "{table_pages:?}");
    let narrative_pages = PAGES - PAGES / 20;
    assert!(
        d.narrative.facts.len() >= narrative_pages * 3,
        "{}",
        d.narrative.facts.len()
    );
    let findings = yusuan_check::check(&d, &yusuan_check::Config::default());
    assert!(!findings.is_empty());

    // Over a page limit, the same PDF is refused before any page is read, with the limit and the
    // variable that raises it; so is a PDF over the size limit.
    use yusuan_import::limits::{Limit, Limits};
    let few = Limits {
        pdf_pages: 1_000,
        ..Limits::default()
    };
    let with = |limits: Limits| yusuan_import::Options {
        limits,
        ..yusuan_import::Options::default()
    };
    let err = yusuan_import::import_file_with("长.pdf", &bytes, &with(few)).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("长.pdf: PDF 有 2000 页，超过上限 1000 页"),
        "{msg}"
    );
    assert!(msg.contains("YUSUAN_MAX_PDF_PAGES=2000"), "{msg}");
    let small = Limits {
        pdf_bytes: 1024,
        ..Limits::default()
    };
    match yusuan_import::import_file_with("大.pdf", &bytes, &with(small)).unwrap_err() {
        yusuan_import::ImportError::TooLarge { exceeded, .. } => {
            assert_eq!(exceeded.limit, Limit::Pdf);
            assert!(exceeded.to_string().contains("YUSUAN_MAX_PDF_MIB="));
        }
        other => panic!("not a limit: {other}"),
    }
}
