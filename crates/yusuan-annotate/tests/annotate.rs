//! The 财政局 PDF annotated with its findings, read back with lopdf: how many annotations, on
//! which pages, over which boxes, with which text; and the update is incremental.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::unreachable,
    clippy::indexing_slicing
)]

use lopdf::{dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;
use yusuan_annotate::{annotate, marks, AnnotateError, MarkKind};
use yusuan_check::{Config, Finding, Severity};
use yusuan_model::provenance::BBox;
use yusuan_model::Provenance;

const FINANCE: &str = "shanghai-putuo-finance-bureau-2025-budget.pdf";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../corpus/pdf/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A PDF text string: UTF-16BE after a byte-order mark, else PDFDocEncoding (ASCII here).
fn decode(o: &Object) -> String {
    let Object::String(b, _) = o else {
        panic!("not a string: {o:?}")
    };
    match b.strip_prefix(&[0xFE, 0xFF]) {
        Some(rest) => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        None => b.iter().map(|&c| char::from(c)).collect(),
    }
}

/// Every annotation of every page: page number → annotation dictionaries.
fn annotations(doc: &Document) -> BTreeMap<u32, Vec<lopdf::Dictionary>> {
    let mut out = BTreeMap::new();
    for (no, id) in doc.get_pages() {
        let page = doc.get_object(id).unwrap().as_dict().unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        let (_, annots) = doc.dereference(annots).unwrap();
        let list: Vec<lopdf::Dictionary> = annots
            .as_array()
            .unwrap()
            .iter()
            .map(|r| doc.dereference(r).unwrap().1.as_dict().unwrap().clone())
            .collect();
        out.insert(no, list);
    }
    out
}

fn rect(d: &lopdf::Dictionary) -> [f32; 4] {
    let v: Vec<f32> = d
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    [v[0], v[1], v[2], v[3]]
}

fn name(d: &lopdf::Dictionary, key: &[u8]) -> String {
    String::from_utf8(d.get(key).unwrap().as_name().unwrap().to_vec()).unwrap()
}

fn finance_findings() -> (Vec<u8>, Vec<Finding>) {
    let bytes = fixture(FINANCE);
    let d = yusuan_import::import_file(FINANCE, &bytes).unwrap();
    let findings = yusuan_check::check(&d, &Config::default());
    (bytes, findings)
}

#[test]
fn finance_bureau_findings_are_marked_on_their_pages() {
    let (bytes, findings) = finance_findings();
    assert!(findings.len() >= 5, "{}", findings.len());
    let out = annotate(&bytes, &findings).unwrap();

    // Incremental: the original file is kept byte for byte, the update is appended.
    assert!(out.len() > bytes.len());
    assert_eq!(&out[..bytes.len()], &bytes[..]);

    let doc = Document::load_mem(&out).unwrap();
    assert_eq!(doc.get_pages().len(), 24);
    let got = annotations(&doc);
    let expected = marks(&findings);

    // As many annotations as marks, page by page.
    let mut want_per_page: BTreeMap<u32, usize> = BTreeMap::new();
    for m in &expected {
        *want_per_page.entry(m.page).or_default() += 1;
    }
    let got_per_page: BTreeMap<u32, usize> = got.iter().map(|(p, v)| (*p, v.len())).collect();
    assert_eq!(got_per_page, want_per_page);
    let total: usize = got.values().map(Vec::len).sum();
    assert_eq!(total, expected.len());

    // Every location with a box is marked, on its page: the findings name narrative pages
    // (the 说明, pp. 7–8) and table pages (pp. 10–11 …).
    let boxed: usize = findings
        .iter()
        .map(|f| {
            let mut seen: Vec<(u32, BBox)> = Vec::new();
            for l in &f.locations {
                if let (Some(p), Some(b)) = (l.page, l.bbox) {
                    if !seen.contains(&(p, b)) {
                        seen.push((p, b));
                    }
                }
            }
            seen.len()
        })
        .sum();
    assert_eq!(
        expected
            .iter()
            .filter(|m| matches!(m.kind, MarkKind::Box(_)))
            .count(),
        boxed
    );
    for p in [7, 8, 10, 11] {
        assert!(
            got.contains_key(&p),
            "no annotation on page {p}: {got_per_page:?}"
        );
    }

    // Each annotation's text is its finding's rule and Chinese message, by yusuan.
    let messages: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    for (page, list) in &got {
        let want: Vec<_> = expected.iter().filter(|m| m.page == *page).collect();
        for (a, m) in list.iter().zip(&want) {
            assert_eq!(name(a, b"Type"), "Annot");
            let contents = decode(a.get(b"Contents").unwrap());
            assert_eq!(contents, m.contents);
            assert!(messages.contains(&contents), "{contents}");
            assert!(contents.starts_with("YS"), "{contents}");
            assert_eq!(decode(a.get(b"T").unwrap()), "yusuan");
            assert_eq!(decode(a.get(b"Subj").unwrap()), m.rule);
            // The raw string is UTF-16BE with a BOM.
            let Object::String(raw, _) = a.get(b"Contents").unwrap() else {
                unreachable!()
            };
            assert_eq!(&raw[..2], &[0xFE, 0xFF]);
            assert!(a.get(b"AP").unwrap().as_dict().is_ok());
            // The box is around the location's box (the fixture's pages are not rotated).
            match &m.kind {
                MarkKind::Box(b) => {
                    assert_eq!(name(a, b"Subtype"), "Square");
                    let r = rect(a);
                    assert!(
                        r[0] < b.x0 && r[1] < b.y0 && r[2] > b.x1 && r[3] > b.y1,
                        "{r:?} {b:?}"
                    );
                    assert!(r[0] > b.x0 - 3.0 && r[3] < b.y1 + 3.0, "{r:?} {b:?}");
                }
                MarkKind::Note => assert_eq!(name(a, b"Subtype"), "Text"),
            }
        }
    }

    // Every finding has at least one annotation.
    for m in &messages {
        let n: usize = got
            .values()
            .flatten()
            .filter(|a| decode(a.get(b"Contents").unwrap()) == *m)
            .count();
        assert!(n >= 1, "not marked: {m}");
    }
}

#[test]
fn the_annotated_pdf_still_imports_the_same() {
    let (bytes, findings) = finance_findings();
    let out = annotate(&bytes, &findings).unwrap();
    let before = yusuan_import::import_file(FINANCE, &bytes).unwrap();
    let after = yusuan_import::import_file(FINANCE, &out).unwrap();
    assert_eq!(before.tables, after.tables);
    assert_eq!(before.narrative, after.narrative);
    // Annotating again adds to what is there.
    let twice = annotate(&out, &findings).unwrap();
    let doc = Document::load_mem(&twice).unwrap();
    let total: usize = annotations(&doc).values().map(Vec::len).sum();
    assert_eq!(total, 2 * marks(&findings).len());
}

fn finding(rule: &'static str, message: &str, locations: Vec<Provenance>) -> Finding {
    let mut f = Finding::new(rule, Severity::Warning, message, "english");
    f.locations = locations;
    f
}

fn at(page: Option<u32>, bbox: Option<BBox>) -> Provenance {
    Provenance {
        file: "a.pdf".into(),
        page,
        line: page.map(|_| 1),
        bbox,
        ..Default::default()
    }
}

/// A two-page PDF; page 2 already has a link annotation in an /Annots array of its own object.
fn two_pages() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let link = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Link",
        "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
    });
    let annots = doc.add_object(Object::Array(vec![link.into()]));
    let mut kids: Vec<Object> = Vec::new();
    for i in 0..2 {
        let content = doc.add_object(lopdf::Stream::new(dictionary! {}, b"".to_vec()));
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        };
        if i == 1 {
            page.set("Annots", annots);
        }
        kids.push(doc.add_object(page).into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 2 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn findings_without_a_box_get_a_note_at_the_top_left_of_their_page() {
    let b = BBox {
        x0: 100.0,
        y0: 700.0,
        x1: 160.0,
        y1: 712.0,
    };
    let findings = [
        finding(
            "YS901",
            "说明与表格不一致",
            vec![at(Some(2), None), at(Some(1), None)],
        ),
        finding("YS902", "缺少表格", vec![at(None, None)]),
        finding(
            "YS903",
            "合计不等于各项之和",
            vec![at(Some(2), Some(b)), at(Some(1), None)],
        ),
        finding("YS904", "第二条说明", vec![at(Some(2), None)]),
    ];
    let out = annotate(&two_pages(), &findings).unwrap();
    let doc = Document::load_mem(&out).unwrap();
    let got = annotations(&doc);
    let kinds = |p: u32| -> Vec<(String, String)> {
        got[&p]
            .iter()
            .map(|a| {
                let contents = a.get(b"Contents").map(decode).unwrap_or_default();
                (name(a, b"Subtype"), contents)
            })
            .collect()
    };
    // Page 1: the finding that names no page.
    assert_eq!(
        kinds(1),
        [("Text".to_string(), "YS902 缺少表格".to_string())]
    );
    // Page 2: the link kept, then a note, the box, a second note.
    let page2: Vec<String> = kinds(2).iter().map(|(s, c)| format!("{s}:{c}")).collect();
    assert_eq!(
        page2,
        [
            "Link:",
            "Text:YS901 说明与表格不一致",
            "Square:YS903 合计不等于各项之和",
            "Text:YS904 第二条说明"
        ]
    );
    // Notes at the top-left, side by side; the box around its box.
    let notes: Vec<[f32; 4]> = got[&2]
        .iter()
        .filter(|a| name(a, b"Subtype") == "Text")
        .map(rect)
        .collect();
    assert!(notes[0][0] < 20.0 && notes[0][3] > 820.0, "{notes:?}");
    assert!(
        notes[1][0] > notes[0][2] && notes[1][3] == notes[0][3],
        "{notes:?}"
    );
    let square = got[&2]
        .iter()
        .find(|a| name(a, b"Subtype") == "Square")
        .map(rect)
        .unwrap();
    assert!(square[0] < 100.0 && square[2] > 160.0 && square[1] < 700.0 && square[3] > 712.0);
}

#[test]
fn a_page_the_pdf_does_not_have_is_an_error() {
    let findings = [finding("YS901", "x", vec![at(Some(9), None)])];
    assert_eq!(
        annotate(&two_pages(), &findings),
        Err(AnnotateError::NoSuchPage { page: 9, pages: 2 })
    );
    let msg = AnnotateError::NoSuchPage { page: 9, pages: 2 }.to_string();
    assert!(msg.contains("第 9 页") && msg.contains("2 页"), "{msg}");
}

#[test]
fn no_findings_no_annotations() {
    let pdf = two_pages();
    let out = annotate(&pdf, &[]).unwrap();
    let doc = Document::load_mem(&out).unwrap();
    let got = annotations(&doc);
    assert_eq!(got.get(&1), None);
    assert_eq!(got[&2].len(), 1);
    let _: ObjectId = doc.get_pages()[&1];
}
