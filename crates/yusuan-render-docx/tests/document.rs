//! The DOCX renderer: the package's parts, the tables in `word/document.xml`, their merged
//! and repeated header rows, the totals, the fonts and the page setup.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used)]

use std::io::{Cursor, Read};
use yusuan_model::Disclosure;

mod common;
use common::{check_nesting, check_table_grids};

fn fixture(name: &str) -> Disclosure {
    let path = format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    yusuan_import::import_text(name, &text).unwrap()
}

const FIXTURES: [&str; 3] = [
    "chongqing-jiangbeicheng-2025-budget.txt",
    "shanghai-putuo-wanli-2025-budget.txt",
    "shanghai-putuo-finance-bureau-2025-budget.txt",
];

fn parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().unwrap().to_string(), s)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
    &parts.iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn reference_document_tables_and_totals() {
    let d = fixture(FIXTURES[0]);
    let bytes = yusuan_render_docx::render(&d).unwrap();
    let p = parts(&bytes);
    let names: Vec<&str> = p.iter().map(|(n, _)| n.as_str()).collect();
    for want in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/_rels/document.xml.rels",
    ] {
        assert!(names.contains(&want), "{want}");
    }
    let doc = part(&p, "word/document.xml");
    check_nesting(doc);
    check_table_grids(doc);
    assert_eq!(
        doc.matches("<w:tbl>").count(),
        d.tables.len() + d.performance.len()
    );
    // Totals and titles.
    for text in [
        ">表二 一般公共预算财政拨款支出预算表<",
        ">3,634.33<",
        ">1,330.33<",
        ">2,304.00<",
        ">3,636.80<",
        ">收入合计<",
        ">33.50<",
        ">单位：万元<",
        ">（备注：本部门无政府性基金收支，故此表无数据。）<",
        ">一、单位基本情况<",
        ">统战及民族宗教工作经费<",
    ] {
        assert!(doc.contains(text), "{text}");
    }
    // Data `<` is escaped.
    assert!(doc.contains("&lt;重庆市贯彻"));
    // Merged and repeated header rows.
    assert!(doc.contains("<w:gridSpan w:val=\"3\"/>"));
    assert!(doc.contains("<w:vMerge w:val=\"restart\"/>"));
    assert!(doc.contains("<w:vMerge/>"));
    assert!(doc.contains("<w:tblHeader/>"));
    // Headings use the built-in styles; wide tables get landscape sections.
    assert!(doc.contains("<w:pStyle w:val=\"Heading1\"/>"));
    assert!(doc.contains("<w:pStyle w:val=\"Heading2\"/>"));
    assert!(doc.contains("w:orient=\"landscape\""));
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    let styles = part(&p, "word/styles.xml");
    check_nesting(styles);
    assert!(styles.contains("w:eastAsia=\"宋体\""));
    assert!(styles.contains("<w:name w:val=\"heading 1\"/>"));
    for (name, xml) in &p {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            check_nesting(xml);
        }
    }
}

#[test]
fn shanghai_documents_are_complete() {
    for name in &FIXTURES[1..] {
        let d = fixture(name);
        let bytes = yusuan_render_docx::render(&d).unwrap();
        let p = parts(&bytes);
        let doc = part(&p, "word/document.xml");
        check_nesting(doc);
        check_table_grids(doc);
        assert_eq!(
            doc.matches("<w:tbl>").count(),
            d.tables.len() + d.performance.len()
        );
        for t in &d.tables {
            let title = yusuan_render::escape_xml(&t.display_name()).into_owned();
            assert!(doc.contains(&format!(">{title}<")), "{name}: {title}");
        }
    }
    let d = fixture(FIXTURES[1]);
    let doc = part(
        &parts(&yusuan_render_docx::render(&d).unwrap()),
        "word/document.xml",
    )
    .to_string();
    assert!(doc.contains(">189,767,551<"));
}

#[test]
fn rendering_is_deterministic() {
    let d = fixture(FIXTURES[0]);
    assert_eq!(
        yusuan_render_docx::render(&d).unwrap(),
        yusuan_render_docx::render(&d).unwrap()
    );
}

#[test]
fn empty_disclosure_renders() {
    let bytes = yusuan_render_docx::render(&Disclosure::default()).unwrap();
    let p = parts(&bytes);
    check_nesting(part(&p, "word/document.xml"));
}
