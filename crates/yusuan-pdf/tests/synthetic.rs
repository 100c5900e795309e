//! Small PDFs built here with lopdf, one feature each: CID fonts with ToUnicode, simple
//! fonts, predefined CJK CMaps, Form XObjects, rotation, inline images, scans, and broken
//! files.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use yusuan_pdf::{read_pdf, PdfError, PdfText, Word};

/// One page to build: its resources, content stream, and extra page entries.
struct PageSpec {
    resources: Dictionary,
    content: Vec<u8>,
    extra: Dictionary,
}

fn page(resources: Dictionary, content: &str) -> PageSpec {
    PageSpec {
        resources,
        content: content.as_bytes().to_vec(),
        extra: Dictionary::new(),
    }
}

/// Builds a PDF; `make` adds shared objects (fonts…) and returns the pages.
fn build(make: impl FnOnce(&mut Document) -> Vec<PageSpec>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let specs = make(&mut doc);
    let mut kids: Vec<Object> = Vec::new();
    for spec in specs {
        let content_id = doc.add_object(Stream::new(dictionary! {}, spec.content));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => spec.resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        };
        for (k, v) in spec.extra {
            page.set(k, v);
        }
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
    doc.save_to(&mut out).expect("save");
    out
}

fn fonts(entries: &[(&str, ObjectId)]) -> Dictionary {
    let mut fonts = Dictionary::new();
    for (name, id) in entries {
        fonts.set(*name, *id);
    }
    dictionary! { "Font" => fonts }
}

fn stream(data: &str) -> Stream {
    Stream::new(dictionary! {}, data.as_bytes().to_vec())
}

const TO_UNICODE: &str = "/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfchar
<0001> <4E2D>
<0002> <6587>
<0003> <0020>
endbfchar
2 beginbfrange
<0010> <0019> <0030>
<0020> <0021> [<5408> <8BA1>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end";

/// A Type0 / Identity-H font with a ToUnicode CMap: 中 文, space, digits 0-9 at codes
/// 0x10-0x19 (half width), 合 计 at 0x20-0x21 (array form); code 4 is not mapped.
fn cid_font(doc: &mut Document) -> ObjectId {
    let to_unicode = doc.add_object(stream(TO_UNICODE));
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => "ABCDEF+SimSun",
        "Flags" => 32,
        "Ascent" => 859,
        "Descent" => -141,
        "FontBBox" => vec![0.into(), (-141).into(), 1000.into(), 859.into()],
    });
    let cid = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "ABCDEF+SimSun",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor,
        "DW" => 1000,
        "W" => vec![3.into(), vec![Object::Integer(500)].into(), 16.into(), 25.into(), 500.into()],
        "CIDToGIDMap" => "Identity",
    });
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "ABCDEF+SimSun",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid.into()],
        "ToUnicode" => to_unicode,
    })
}

fn helvetica(doc: &mut Document) -> ObjectId {
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    })
}

/// A Type0 font on a predefined CMap, without ToUnicode (a non-embedded system font).
fn predefined_font(doc: &mut Document, cmap: &str) -> ObjectId {
    let cid = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 4,
        },
        "DW" => 1000,
        "W" => vec![1.into(), 95.into(), 500.into()],
    });
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "STSong-Light",
        "Encoding" => cmap,
        "DescendantFonts" => vec![cid.into()],
    })
}

fn read(bytes: &[u8]) -> PdfText {
    read_pdf(bytes).unwrap_or_else(|e| panic!("read_pdf: {e}"))
}

fn texts(words: &[Word]) -> Vec<&str> {
    words.iter().map(|w| w.text.as_str()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.01
}

#[test]
fn type0_identity_h_with_to_unicode() {
    let bytes = build(|doc| {
        let f = cid_font(doc);
        vec![page(
            fonts(&[("F1", f)]),
            "BT /F1 12 Tf 72 700 Td <00010002> Tj <0003> Tj <00040001> Tj ET
             BT /F1 12 Tf 72 650 Td <00200021> Tj 30 0 Td <0011001900110010> Tj 24 0 Td <00200021> Tj ET",
        )]
    });
    let pdf = read(&bytes);
    assert!(pdf.has_text_layer());
    let page = &pdf.pages[0];
    assert_eq!(page.number, 1);
    assert!(close(page.width, 595.0) && close(page.height, 842.0));
    // 中文, a space, then an unmapped glyph joined to 中.
    assert_eq!(
        texts(&page.words),
        ["中文", "\u{fffd}中", "合计", "1910合计"]
    );
    let w = &page.words[0];
    assert!(close(w.x0, 72.0) && close(w.x1, 96.0), "{w:?}");
    assert!(close(w.baseline, 700.0) && close(w.font_size, 12.0));
    assert!(close(w.y0, 700.0 - 0.141 * 12.0) && close(w.y1, 700.0 + 0.859 * 12.0));
    // The space is half an em (W: CID 3 = 500): the next word starts at 102.
    assert!(close(page.words[1].x0, 102.0), "{:?}", page.words[1]);
    // 合计, then 1910 half an em away (Td from the line start at 72: 102), then 合计 again
    // touching the digits (102 + 4 × 6 = 126 = 102 + 24): one word.
    let (heji, num) = (&page.words[2], &page.words[3]);
    assert!(close(heji.x1, 96.0) && close(num.x0, 102.0), "{num:?}");
    assert!(close(num.x1, 150.0), "{num:?}");
    assert_eq!(page.unmapped.len(), 1);
    let u = &page.unmapped[0];
    assert_eq!((u.page, u.code, u.code_len), (1, 4, 2));
    assert_eq!(u.font, "ABCDEF+SimSun");
    assert!(close(u.x, 102.0) && close(u.y, 700.0));
    // Its box, one em wide from its origin, and the page's report of it.
    assert!(
        close(u.bbox[0], 102.0) && close(u.bbox[2], 114.0),
        "{:?}",
        u.bbox
    );
    let report = page.display_report();
    assert_eq!(report.unmapped, 1);
    assert_eq!(report.unmapped_box, Some(u.bbox));
    let lines = page.lines();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].text(), "中文 \u{fffd}中");
}

#[test]
fn simple_fonts() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        let to_unicode = doc.add_object(stream(
            "1 begincodespacerange <00> <FF> endcodespacerange
             1 beginbfchar <5A> <00660069> endbfchar",
        ));
        // TrueType with its own widths, Differences and a ToUnicode for one code.
        let tt = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "TrueType",
            "BaseFont" => "Arial",
            "FirstChar" => 65,
            "LastChar" => 90,
            "Widths" => (65..=90).map(|_| Object::Integer(600)).collect::<Vec<_>>(),
            "Encoding" => dictionary! {
                "Type" => "Encoding",
                "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![66.into(), "uni4E2D".into(), "eacute".into(), "g77".into()],
            },
            "ToUnicode" => to_unicode,
        });
        vec![page(
            fonts(&[("F1", helv), ("F2", tt)]),
            "BT /F1 10 Tf 100 500 Td (Hello World) Tj 0 -20 Td [(Ta) -1000 (ble)] TJ
             0 -20 Td [(Ta) 80 (ble)] TJ 0 -20 Td (\\200 5\\051) Tj ET
             BT /F2 10 Tf 100 400 Td (ABCDZ) Tj ET",
        )]
    });
    let pdf = read(&bytes);
    let page = &pdf.pages[0];
    let lines: Vec<String> = page.lines().iter().map(|l| l.text()).collect();
    assert_eq!(
        lines,
        ["Hello World", "Ta ble", "Table", "€ 5)", "A中é\u{fffd}fi"]
    );
    // Helvetica widths: "Hello" = 722+556+222+222+556 = 2278 → 22.78 pt at 10 pt.
    let hello = &page.words[0];
    assert!(
        close(hello.x0, 100.0) && close(hello.x1, 122.78),
        "{hello:?}"
    );
    // World starts after the space (278): 122.78 + 2.78.
    assert!(close(page.words[1].x0, 125.56), "{:?}", page.words[1]);
    // TrueType: 600 per glyph from /Widths.
    let last = page.words.last().unwrap();
    assert!(close(last.x0, 100.0) && close(last.x1, 130.0), "{last:?}");
    assert_eq!(page.unmapped.len(), 1);
    assert_eq!(page.unmapped[0].code, u32::from(b'D'));
    assert_eq!(page.unmapped[0].code_len, 1);
    assert_eq!(page.unmapped[0].font, "Arial");
}

#[test]
fn text_state_operators() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        vec![page(
            fonts(&[("F1", helv)]),
            // Tc adds 1 pt per glyph; Tz 50 halves advances; TL/T* and ' and \" move lines;
            // Ts raises the baseline.
            "BT /F1 10 Tf 14 TL 100 700 Td 1 Tc (ab) Tj 0 Tc
             50 Tz 100 0 Td (ab) Tj 100 Tz
             T* (next) Tj (line) ' 5 0 (x y) \" 3 Ts 100 0 Td (up) Tj ET",
        )]
    });
    let pdf = read(&bytes);
    let page = &pdf.pages[0];
    let lines: Vec<String> = page.lines().iter().map(|l| l.text()).collect();
    assert_eq!(lines, ["ab ab", "next", "line", "x y up"]);
    let w = &page.words;
    // "ab" with Tc 1: a at 100..105.56, b at 106.56..112.12.
    assert!(
        close(w[0].x0, 100.0) && close(w[0].x1, 112.12),
        "{:?}",
        w[0]
    );
    // Tz 50: a = 2.78, b = 2.78.
    assert!(
        close(w[1].x0, 200.0) && close(w[1].x1, 205.56),
        "{:?}",
        w[1]
    );
    let baselines: Vec<f64> = page.lines().iter().map(|l| l.baseline).collect();
    assert!(close(baselines[1], 686.0) && close(baselines[2], 672.0) && close(baselines[3], 658.0));
    // " sets word spacing 5: "x y" is x, space+5, y; Ts 3 raises "up" by 3 points:
    // same line (within tolerance), its own word.
    let up = w.iter().find(|w| w.text == "up").unwrap();
    assert!(close(up.baseline, 661.0), "{up:?}");
    let y = w.iter().find(|w| w.text == "y").unwrap();
    // The line start is at 200 since the Tz line's `100 0 Td`: x, then space + Tw.
    assert!(close(y.x0, 200.0 + 5.0 + 2.78 + 5.0), "{y:?}");
}

#[test]
fn predefined_cjk_cmaps_without_to_unicode() {
    // UCS-2 codes, GBK bytes, GB 2312 (EUC) bytes, UTF-16 with a surrogate pair.
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "UniGB-UCS2-H",
            b"\x4e\x2d\x65\x87\x00\x31\x00\x30\x00\x2e\x00\x35",
            "中文10.5",
        ),
        ("GBK-EUC-H", b"\xd6\xd0\xce\xc410.5", "中文10.5"),
        ("GB-EUC-H", b"\xd6\xd0\xce\xc410.5", "中文10.5"),
        (
            "UniGB-UTF16-H",
            b"\x4e\x2d\xd8\x40\xdc\x00\x00\x31\x00\x30\x00\x2e\x00\x35",
            "中\u{20000}10.5",
        ),
    ];
    for (cmap, code, expected) in cases {
        let hex: String = code.iter().map(|b| format!("{b:02x}")).collect();
        let bytes = build(|doc| {
            let f = predefined_font(doc, cmap);
            vec![page(
                fonts(&[("F1", f)]),
                &format!("BT /F1 12 Tf 72 700 Td <{hex}> Tj ET"),
            )]
        });
        let pdf = read(&bytes);
        let page = &pdf.pages[0];
        assert_eq!(texts(&page.words), [expected], "{cmap}");
        assert!(page.unmapped.is_empty(), "{cmap}: {:?}", page.unmapped);
        // Two ideographs of 1 em, four ASCII glyphs of half an em (CIDs 1-95 = 500).
        let w = &page.words[0];
        assert!(
            close(w.x0, 72.0) && close(w.x1, 72.0 + 24.0 + 24.0),
            "{cmap}: {w:?}"
        );
    }
}

#[test]
fn identity_h_without_to_unicode_is_reported() {
    let bytes = build(|doc| {
        let f = predefined_font(doc, "Identity-H");
        vec![page(
            fonts(&[("F1", f)]),
            "BT /F1 12 Tf 72 700 Td <0a2b0a2c> Tj ET",
        )]
    });
    let pdf = read(&bytes);
    let page = &pdf.pages[0];
    assert_eq!(texts(&page.words), ["\u{fffd}\u{fffd}"]);
    let codes: Vec<u32> = page.unmapped.iter().map(|u| u.code).collect();
    assert_eq!(codes, [0x0a2b, 0x0a2c]);
    assert!(close(page.unmapped[1].x, 84.0));
    assert_eq!(page.unmapped[0].font, "STSong-Light");
    // Text is there, even if unreadable: it is a text layer.
    assert!(pdf.has_text_layer());
}

#[test]
fn missing_font_is_reported_not_dropped() {
    let bytes = build(|_| vec![page(Dictionary::new(), "BT /F9 12 Tf 72 700 Td (ab) Tj ET")]);
    let pdf = read(&bytes);
    let page = &pdf.pages[0];
    assert_eq!(page.unmapped.len(), 2);
    assert!(page.unmapped[0].font.contains("F9"));
}

#[test]
fn form_xobjects_and_cm() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        let inner = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 200.into(), 200.into()],
                "Resources" => fonts(&[("FX", helv)]),
            },
            b"BT /FX 10 Tf 0 0 Td (Inner) Tj ET".to_vec(),
        ));
        let mut inner_xobjects = Dictionary::new();
        inner_xobjects.set("In", inner);
        let mut form_resources = fonts(&[("FX", helv)]);
        form_resources.set("XObject", inner_xobjects);
        let form = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 200.into(), 200.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 100.into()],
                "Resources" => form_resources,
            },
            b"BT /FX 10 Tf 0 0 Td (Form) Tj ET q 1 0 0 1 0 20 cm /In Do Q".to_vec(),
        ));
        let mut xobjects = Dictionary::new();
        xobjects.set("Fm1", form);
        // A form that draws itself must not loop.
        let looping = doc.new_object_id();
        let mut loop_xobjects = Dictionary::new();
        loop_xobjects.set("Me", looping);
        doc.objects.insert(
            looping,
            Object::Stream(Stream::new(
                dictionary! {
                    "Type" => "XObject",
                    "Subtype" => "Form",
                    "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                    "Resources" => dictionary! { "XObject" => loop_xobjects },
                },
                b"/Me Do".to_vec(),
            )),
        );
        xobjects.set("Loop", looping);
        vec![page(
            dictionary! { "XObject" => xobjects },
            "q 1 0 0 1 50 50 cm /Fm1 Do Q q 2 0 0 2 0 0 cm /Fm1 Do Q /Loop Do",
        )]
    });
    let pdf = read(&bytes);
    let page = &pdf.pages[0];
    let find = |t: &str| {
        page.words
            .iter()
            .filter(|w| w.text == t)
            .cloned()
            .collect::<Vec<_>>()
    };
    let mut form = find("Form");
    form.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    assert_eq!(form.len(), 2);
    // Drawn at cm (50,50) + Matrix (100,100), then scaled by 2 with Matrix (200, 200).
    assert!(
        close(form[0].x0, 150.0) && close(form[0].baseline, 150.0),
        "{:?}",
        form[0]
    );
    assert!(
        close(form[1].x0, 200.0) && close(form[1].baseline, 200.0),
        "{:?}",
        form[1]
    );
    assert!(close(form[1].font_size, 20.0));
    let inner = find("Inner");
    assert!(inner
        .iter()
        .any(|w| close(w.baseline, 170.0) && close(w.x0, 150.0)));
    assert!(
        page.problems
            .iter()
            .any(|p| p.detail.contains("draws itself")),
        "{:?}",
        page.problems
    );
}

#[test]
fn rotated_page() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        let mut spec = page(
            fonts(&[("F1", helv)]),
            // Text running upwards in user space reads left to right once the page is
            // turned 90° clockwise for display.
            "BT /F1 10 Tf 0 1 -1 0 100 72 Tm (Landscape) Tj ET
             BT /F1 10 Tf 300 400 Td (Sideways) Tj ET",
        );
        spec.extra.set("Rotate", 90);
        vec![spec]
    });
    let pdf = read(&bytes);
    let page = &pdf.pages[0];
    assert!(close(page.width, 842.0) && close(page.height, 595.0));
    let w = page.words.iter().find(|w| w.text == "Landscape").unwrap();
    assert_eq!(w.rotation, 0);
    assert!(close(w.x0, 72.0) && close(w.baseline, 495.0), "{w:?}");
    let s = page.words.iter().find(|w| w.text == "Sideways").unwrap();
    assert_eq!(s.rotation, 270);
    let lines = page.lines();
    assert_eq!(lines[0].text(), "Landscape");
    assert_eq!(lines[1].text(), "Sideways");
    assert_eq!(lines[1].rotation, 270);
}

#[test]
fn vertical_cjk_font() {
    let bytes = build(|doc| {
        let f = predefined_font(doc, "UniGB-UCS2-V");
        vec![page(
            fonts(&[("F1", f)]),
            "BT /F1 12 Tf 300 700 Td <4e2d65870031> Tj ET",
        )]
    });
    let pdf = read(&bytes);
    let page = &pdf.pages[0];
    assert_eq!(texts(&page.words), ["中文1"]);
    let w = &page.words[0];
    assert_eq!(w.rotation, 270);
    // Three glyphs of 1 em downwards from 700 (the vertical origin is at the top).
    assert!(close(w.y1 - w.y0, 36.0), "{w:?}");
    assert!(close(w.baseline, 300.0));
}

#[test]
fn fake_bold_is_one_word() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        vec![page(
            fonts(&[("F1", helv)]),
            "BT /F1 10 Tf 100 700 Td (Bold) Tj ET BT /F1 10 Tf 100.3 700 Td (Bold) Tj ET
             BT /F1 10 Tf 100 680 Td (11) Tj ET",
        )]
    });
    let pdf = read(&bytes);
    assert_eq!(texts(&pdf.pages[0].words), ["Bold", "11"]);
}

#[test]
fn inline_images_are_skipped() {
    let mut content = b"q 10 0 0 10 0 0 cm BI /W 4 /H 4 /BPC 8 /CS /G ID ".to_vec();
    content.extend_from_slice(b"\x00EI \xff\x10EI\n\x00\x01\x02\x03\x04\x05\x06\x07");
    content.extend_from_slice(b"\nEI Q BI /W 2 /H 2 /F /AHx ID 00ff00ff> EI ");
    content.extend_from_slice(b"BT /F1 10 Tf 100 700 Td (After) Tj ET");
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        vec![PageSpec {
            resources: fonts(&[("F1", helv)]),
            content,
            extra: Dictionary::new(),
        }]
    });
    let pdf = read(&bytes);
    assert_eq!(texts(&pdf.pages[0].words), ["After"]);
    assert_eq!(pdf.pages[0].images, 2);
}

#[test]
fn image_only_page_has_no_text_layer() {
    let bytes = build(|doc| {
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
        let mut xobjects = Dictionary::new();
        xobjects.set("Im1", image);
        let scan = "q 595 0 0 842 0 0 cm /Im1 Do Q";
        vec![
            page(dictionary! { "XObject" => xobjects.clone() }, scan),
            page(dictionary! { "XObject" => xobjects }, scan),
        ]
    });
    let pdf = read(&bytes);
    assert_eq!(pdf.pages.len(), 2);
    assert!(!pdf.has_text_layer());
    assert_eq!(pdf.pages[0].images, 1);
    let err = pdf.check_text_layer().unwrap_err();
    assert_eq!(err, PdfError::NoTextLayer { pages: 2 });
    assert_eq!(
        err.to_string(),
        "PDF 没有文字层（可能是扫描件），无法读取文字（共 2 页）"
    );
}

#[test]
fn broken_inputs_are_errors() {
    assert_eq!(read_pdf(b"").unwrap_err(), PdfError::NotPdf);
    assert_eq!(
        read_pdf(b"PK\x03\x04 a zip file").unwrap_err(),
        PdfError::NotPdf
    );
    assert_eq!(read_pdf(&[0xffu8; 4096]).unwrap_err(), PdfError::NotPdf);
    assert!(matches!(
        read_pdf(b"%PDF-1.7\n garbage \x00\x01\x02"),
        Err(PdfError::Damaged(_))
    ));
    // A real document cut short.
    let path = format!(
        "{}/../../corpus/pdf/shanghai-putuo-wanli-2025-budget.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let full = std::fs::read(&path).unwrap();
    for fraction in [0.05, 0.3, 0.5, 0.8] {
        let cut = &full[..(full.len() as f64 * fraction) as usize];
        let result = read_pdf(cut);
        assert!(
            matches!(result, Err(PdfError::Damaged(_))),
            "{fraction}: {result:?}"
        );
    }
    // A synthetic document cut at every few bytes: an error or a partial read, never a panic.
    let bytes = build(|doc| {
        let f = cid_font(doc);
        vec![page(
            fonts(&[("F1", f)]),
            "BT /F1 12 Tf 72 700 Td <00010002> Tj ET",
        )]
    });
    for n in (0..bytes.len()).step_by(7) {
        let _ = read_pdf(&bytes[..n]);
    }
}

#[test]
fn encrypted_without_the_password_is_an_error() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        vec![page(
            fonts(&[("F1", helv)]),
            "BT /F1 10 Tf 100 700 Td (Secret) Tj ET",
        )]
    });
    // Add an /Encrypt dictionary whose keys no empty password opens.
    let mut doc = Document::load_mem(&bytes).unwrap();
    let encrypt = doc.add_object(dictionary! {
        "Filter" => "Standard",
        "V" => 2,
        "R" => 3,
        "Length" => 128,
        "O" => Object::String(vec![0x11; 32], lopdf::StringFormat::Hexadecimal),
        "U" => Object::String(vec![0x22; 32], lopdf::StringFormat::Hexadecimal),
        "P" => -4,
    });
    doc.trailer.set("Encrypt", encrypt);
    doc.trailer.set(
        "ID",
        vec![
            Object::String(vec![1; 16], lopdf::StringFormat::Hexadecimal),
            Object::String(vec![1; 16], lopdf::StringFormat::Hexadecimal),
        ],
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    assert_eq!(read_pdf(&out).unwrap_err(), PdfError::Encrypted);
}

/// Encrypts a one-page PDF (RC4, 128-bit) with the given user password.
fn encrypted(user_password: &str) -> Vec<u8> {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        vec![page(
            fonts(&[("F1", helv)]),
            "BT /F1 10 Tf 100 700 Td (Secret) Tj ET",
        )]
    });
    let mut doc = Document::load_mem(&bytes).unwrap();
    doc.trailer.set(
        "ID",
        vec![
            Object::String(vec![7; 16], lopdf::StringFormat::Hexadecimal),
            Object::String(vec![7; 16], lopdf::StringFormat::Hexadecimal),
        ],
    );
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::PRINTABLE,
    };
    let state = lopdf::EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn encrypted_with_empty_user_password_reads() {
    let bytes = encrypted("");
    assert!(bytes.windows(8).any(|w| w == b"/Encrypt"));
    let pdf = read(&bytes);
    assert_eq!(texts(&pdf.pages[0].words), ["Secret"]);
    assert_eq!(read_pdf(&encrypted("pw")).unwrap_err(), PdfError::Encrypted);
}

#[test]
fn one_space_between_cjk_stays_in_the_word_beside_a_number_it_splits() {
    let bytes = build(|doc| {
        let f = cid_font(doc);
        vec![page(
            fonts(&[("F1", f)]),
            // 中文 中文 (one space), then 1910 合计 (one space), then 合计  合计 (two spaces).
            "BT /F1 12 Tf 72 700 Td <00010002> Tj <0003> Tj <00010002> Tj ET
             BT /F1 12 Tf 72 650 Td <0011001900110010> Tj <0003> Tj <00200021> Tj ET
             BT /F1 12 Tf 72 600 Td <00200021> Tj <00030003> Tj <00200021> Tj ET",
        )]
    });
    let pdf = read(&bytes);
    assert_eq!(
        texts(&pdf.pages[0].words),
        ["中文 中文", "1910", "合计", "合计", "合计"]
    );
}

// ---------------------------------------------------------------------------------------------
// Ruling lines, visibility, damage

use yusuan_pdf::{Axis, ProblemKind, Rule};

fn horizontals(rules: &[Rule]) -> Vec<&Rule> {
    rules.iter().filter(|r| r.is_horizontal()).collect()
}

fn verticals(rules: &[Rule]) -> Vec<&Rule> {
    rules.iter().filter(|r| !r.is_horizontal()).collect()
}

#[test]
fn outlines_with_curves_draw_no_rules() {
    // Faux-bold text as some exporters (cairo: pdftocairo, Firefox's print to PDF) write it:
    // each glyph's outline stroked thinly, curves and straight pieces in one path, laid over
    // a table's header cells. Its straight pieces (the strokes of 一, 口) are not borders.
    let bytes = build(|_| {
        vec![page(
            Dictionary::new(),
            "0.5 w 100 100 200 100 re S \
             0.05 w 120 150 m 135 150 l 135 152 l 120 152 l h \
             140 150 m 141 155 143 156 145 150 c 150 150 l 150 160 l h S \
             160 150 m 175 150 l 175 150.5 170 151 165 151 y 160 151 l h f",
        )]
    });
    let page = &read(&bytes).pages[0];
    // Only the rectangle's four sides.
    assert_eq!(horizontals(&page.rules).len(), 2, "{:?}", page.rules);
    assert_eq!(verticals(&page.rules).len(), 2, "{:?}", page.rules);
}

#[test]
fn strokes_and_thin_fills_become_rules() {
    let bytes = build(|_| {
        vec![page(
            Dictionary::new(),
            // A 2×2 grid: a stroked outer rectangle, the middle row border in two pieces
            // (touching), the middle column as a thin filled rectangle, a diagonal, and the
            // same row border drawn again as a thin fill (merged into one rule).
            "0.5 w 100 100 200 100 re S \
             100 150 m 200 150 l S 200 150 m 300 150 l S \
             199.5 100 1 100 re f \
             99.6 149.6 200.8 0.8 re f \
             100 100 m 300 200 l S",
        )]
    });
    let page = &read(&bytes).pages[0];
    let h = horizontals(&page.rules);
    let v = verticals(&page.rules);
    assert_eq!(h.len(), 3, "{:?}", page.rules);
    assert_eq!(v.len(), 3, "{:?}", page.rules);
    let ats: Vec<f64> = h.iter().map(|r| r.at).collect();
    assert!(
        close(ats[0], 100.0) && close(ats[1], 150.0) && close(ats[2], 200.0),
        "{ats:?}"
    );
    // The middle border: one rule from both pieces and the fill, as thick as the fill.
    assert!(
        close(h[1].start, 99.6) && close(h[1].end, 300.4),
        "{:?}",
        h[1]
    );
    assert!(close(h[1].thickness, 0.8), "{:?}", h[1]);
    assert!(close(h[0].thickness, 0.5) && close(h[0].start, 100.0) && close(h[0].end, 300.0));
    let xs: Vec<f64> = v.iter().map(|r| r.at).collect();
    assert!(
        close(xs[0], 100.0) && close(xs[1], 200.0) && close(xs[2], 300.0),
        "{xs:?}"
    );
    assert!(close(v[1].thickness, 1.0) && !v[1].from_fill);
    assert_eq!(page.diagonal_segments, 1);
    assert!(page.rules.iter().all(|r| !r.from_fill));
    // A table reader's view: the rules of the top half, cut to it.
    let top = page.rules_in([90.0, 140.0, 310.0, 210.0], 0.0);
    assert_eq!(top.iter().filter(|r| r.axis == Axis::Horizontal).count(), 2);
    assert!(top
        .iter()
        .filter(|r| r.axis == Axis::Vertical)
        .all(|r| close(r.start, 140.0) && close(r.end, 200.0)));
}

#[test]
fn shaded_cells_give_their_edges_white_and_clipped_paths_none() {
    let bytes = build(|_| {
        vec![page(
            Dictionary::new(),
            // A shaded header cell (a polygon path), a white fill and a white line (not
            // seen on paper), and a line outside the clip.
            "q 0.8 g 100 500 m 300 500 l 300 530 l 100 530 l h f Q \
             q 1 g 0 0 595 842 re f 1 G 50 50 m 500 50 l S Q \
             q 0 0 595 400 re W n 0 G 100 600 m 400 600 l S 100 300 m 400 300 l S Q",
        )]
    });
    let page = &read(&bytes).pages[0];
    let fill: Vec<&Rule> = page.rules.iter().filter(|r| r.from_fill).collect();
    assert_eq!(fill.len(), 4, "{:?}", page.rules);
    assert!(fill.iter().all(|r| r.thickness == 0.0));
    let drawn: Vec<&Rule> = page.rules.iter().filter(|r| !r.from_fill).collect();
    assert_eq!(drawn.len(), 1, "{:?}", drawn);
    assert!(close(drawn[0].at, 300.0));
}

#[test]
fn rules_follow_forms_cm_and_rotation() {
    let bytes = build(|doc| {
        let form = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 10.into(), 20.into()],
            },
            // A long line, cut by the form's BBox to 0..100.
            b"2 w 0 50 m 500 50 l S".to_vec(),
        ));
        let mut xobjects = Dictionary::new();
        xobjects.set("Fm", form);
        let mut rotated = page(Dictionary::new(), "1 w 100 200 m 300 200 l S");
        rotated.extra.set("Rotate", 90);
        vec![
            page(
                dictionary! { "XObject" => xobjects },
                "q 2 0 0 2 0 0 cm /Fm Do Q",
            ),
            rotated,
        ]
    });
    let pdf = read(&bytes);
    let rules = &pdf.pages[0].rules;
    assert_eq!(rules.len(), 1, "{rules:?}");
    // (0..100, 50) in the form → +(10, 20) → ×2.
    let r = &rules[0];
    assert!(r.is_horizontal() && close(r.at, 140.0), "{r:?}");
    assert!(close(r.start, 20.0) && close(r.end, 220.0), "{r:?}");
    assert!(close(r.thickness, 4.0), "{r:?}");
    // Rotated 90°: the horizontal line of the unrotated page runs vertically.
    let rules = &pdf.pages[1].rules;
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert_eq!(rules[0].axis, Axis::Vertical);
    // Turned clockwise: x' = y, y' = 595 - x.
    assert!(close(rules[0].at, 200.0), "{:?}", rules[0]);
    assert!(close(rules[0].start, 295.0) && close(rules[0].end, 495.0));
}

#[test]
fn clipped_and_invisible_text_is_not_read_but_counted() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        vec![page(
            fonts(&[("F1", helv)]),
            // Visible; then clipped away below a clip rectangle; then in render mode 3; then
            // partly over the clip's edge (its centre inside: kept); then off the crop box.
            "BT /F1 10 Tf 72 700 Td (Seen) Tj ET \
             q 0 600 595 242 re W n \
             BT /F1 10 Tf 72 500 Td (Clipped) Tj ET \
             BT /F1 10 Tf 3 Tr 72 650 Td (OCR) Tj 0 Tr 0 -20 Td (Back) Tj ET \
             BT /F1 10 Tf 72 598 Td (Edge) Tj ET Q \
             BT /F1 10 Tf 72 900 Td (Above) Tj ET",
        )]
    });
    let pdf = read(&bytes);
    let page = &pdf.pages[0];
    assert_eq!(texts(&page.words), ["Seen", "Back", "Edge"]);
    assert_eq!(
        page.hidden_glyphs,
        "Clipped".len() + "OCR".len() + "Above".len()
    );
    assert!(page.problems.is_empty(), "{:?}", page.problems);
    // Only Edge is cut: its feet are under the clip's edge; the rest is wholly in or out.
    let cut: String = page
        .cut_glyphs
        .iter()
        .filter_map(|g| g.text.as_deref())
        .collect();
    assert_eq!(cut, "Edge");
    assert!(page.cut_glyphs.iter().all(|g| g.read && g.visible > 0.5));
}

#[test]
fn a_dash_inside_a_thin_clip_is_not_cut_but_a_digit_is() {
    // A clip 1.5 points high around a 12-point dash's ink (as pdftocairo writes a page
    // number's `-`): its box crosses the clip's edges, its ink does not. A digit in such a
    // band is cut: its ink spans its box.
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        vec![page(
            fonts(&[("F1", helv)]),
            "q 0 590.5 300 1.5 re W n BT /F1 12 Tf 72 588 Td (-) Tj ET Q \
             q 0 590.5 300 1.5 re W n BT /F1 12 Tf 150 588 Td (2) Tj ET Q",
        )]
    });
    let page = &read(&bytes).pages[0];
    assert_eq!(page.cut_glyphs.len(), 2, "{:?}", page.cut_glyphs);
    let report = page.display_report();
    let runs: Vec<&str> = report.cut_runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(runs, ["2"], "{report:?}");
}

#[test]
fn glyphs_cut_by_the_clip_are_reported_with_their_boxes() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        vec![page(
            fonts(&[("F1", helv)]),
            // A clip from y = 600 up. Top: the tops of its letters inside, the rest below
            // (centre outside). Whole: inside. Gone: wholly below. Touch: its box reaches the
            // clip's edge only within the margin around its ink. Right: cut at the clip's
            // right edge, x = 300.
            "q 0 600 300 242 re W n \
             BT /F1 20 Tf 72 588 Td (Top) Tj ET \
             BT /F1 20 Tf 72 700 Td (Whole) Tj ET \
             BT /F1 20 Tf 72 500 Td (Gone) Tj ET \
             BT /F1 20 Tf 72 601.5 Td (Touch) Tj ET \
             BT /F1 20 Tf 265 650 Td (Right) Tj ET \
             1 g BT /F1 20 Tf 150 588 Td (White) Tj ET Q",
        )]
    });
    let page = &read(&bytes).pages[0];
    // Helvetica at 20 pt from x = 265: R i g end at 296.1, h spans 296.1–307.2 (centre
    // outside, its left part shown), t lies wholly outside.
    assert_eq!(texts(&page.words), ["Whole", "Rig", "Touch"]);
    let report = page.display_report();
    let runs: Vec<&str> = report.cut_runs.iter().map(|r| r.text.as_str()).collect();
    // Top to bottom: Right's letters past x = 300, then Top; White, cut like Top, shows
    // nothing (hidden, not cut).
    assert_eq!(runs.len(), 2, "{report:?}");
    assert_eq!(runs[0], "h");
    assert_eq!(runs[1], "Top");
    let top = &report.cut_runs[1];
    assert!(
        top.least_visible > 0.0 && top.least_visible < 0.5,
        "{top:?}"
    );
    assert!(top.bbox[1] < 600.0 && top.bbox[3] > 600.0, "{top:?}");
    // Top's glyphs are hidden (centre outside) and cut: counted in `cut`, not in `hidden`.
    assert_eq!(
        report.cut,
        runs.iter().map(|r| r.chars().count()).sum::<usize>()
    );
    assert_eq!(report.hidden, "Gone".len() + "t".len() + "White".len());
    // Their box: from Gone's foot (500 less the descent) to the head of Right's t (650 plus
    // the ascent), which is the rightmost.
    let b = report.hidden_box.unwrap();
    assert!(b[1] < 500.0 && b[3] > 660.0 && b[3] < 680.0, "{b:?}");
    assert!(b[0] <= 72.0 && b[2] > 307.0, "{b:?}");
    assert_eq!(report.unmapped, 0);
    assert_eq!(report.unmapped_box, None);
}

#[test]
fn a_crop_box_hides_what_is_outside_it() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        let mut p = page(
            fonts(&[("F1", helv)]),
            "BT /F1 10 Tf 72 700 Td (Inside) Tj 300 0 Td (Outside) Tj ET",
        );
        p.extra
            .set("CropBox", vec![0.into(), 0.into(), 300.into(), 842.into()]);
        vec![p]
    });
    let page = &read(&bytes).pages[0];
    assert_eq!(texts(&page.words), ["Inside"]);
    assert_eq!(page.hidden_glyphs, "Outside".len());
}

#[test]
fn only_invisible_text_is_no_text_layer() {
    // An OCR layer over a scan: the text is there, in render mode 3, under the image.
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => 1,
                "Height" => 1,
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
            },
            vec![128],
        ));
        let mut resources = fonts(&[("F1", helv)]);
        let mut xobjects = Dictionary::new();
        xobjects.set("Im1", image);
        resources.set("XObject", xobjects);
        vec![page(
            resources,
            "q 595 0 0 842 0 0 cm /Im1 Do Q BT 3 Tr /F1 10 Tf 72 700 Td (1,234.00) Tj ET",
        )]
    });
    let pdf = read(&bytes);
    assert!(!pdf.has_text_layer());
    let err = pdf.check_text_layer().unwrap_err();
    assert_eq!(
        err,
        PdfError::OnlyInvisibleText {
            pages: 1,
            glyphs: 8
        }
    );
    assert!(err.to_string().contains("不可见"), "{err}");
}

fn kinds(page: &yusuan_pdf::Page) -> Vec<ProblemKind> {
    page.problems.iter().map(|p| p.kind).collect()
}

#[test]
fn missing_objects_are_problems() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        // A font and an XObject that refer to objects that do not exist, and a page whose
        // content stream is missing.
        let gone: ObjectId = (900, 0);
        let mut xobjects = Dictionary::new();
        xobjects.set("X1", gone);
        let mut resources = fonts(&[("F1", helv), ("F2", gone)]);
        resources.set("XObject", xobjects);
        let broken_font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "ToUnicode" => (901, 0),
        });
        resources
            .get_mut(b"Font")
            .unwrap()
            .as_dict_mut()
            .unwrap()
            .set("F3", broken_font);
        let mut second = page(Dictionary::new(), "");
        second.extra.set("Contents", (902, 0));
        vec![
            page(
                resources,
                "BT /F1 10 Tf 72 700 Td (Fine) Tj /F2 10 Tf (Lost) Tj /F3 10 Tf (Odd) Tj ET /X1 Do",
            ),
            second,
        ]
    });
    let pdf = read(&bytes);
    let first = &pdf.pages[0];
    // The missing font's glyphs stay, as U+FFFD (and are listed as unmapped).
    assert_eq!(
        texts(&first.words),
        ["Fine\u{fffd}\u{fffd}\u{fffd}\u{fffd}Odd"]
    );
    assert_eq!(first.unmapped.len(), 4);
    let k = kinds(first);
    assert!(
        k.contains(&ProblemKind::FontUnreadable),
        "{:?}",
        first.problems
    );
    assert!(
        k.contains(&ProblemKind::MissingObject),
        "{:?}",
        first.problems
    );
    let all: String = first.problems.iter().map(|p| format!("{p}\n")).collect();
    assert!(all.contains("font /F2 (900 0 R) is missing"), "{all}");
    assert!(all.contains("/ToUnicode (901 0 R) is missing"), "{all}");
    assert!(all.contains("XObject /X1 (900 0 R) is missing"), "{all}");
    assert!(all.starts_with("page 1: "), "{all}");
    assert_eq!(kinds(&pdf.pages[1]), [ProblemKind::MissingObject]);
    assert!(pdf.pages[1].problems[0].detail.contains("902 0 R"));
}

#[test]
fn damaged_content_streams_are_problems() {
    let content = "BT /F1 10 Tf 72 700 Td (One) Tj 0 -20 Td (Two) Tj ET";
    let case = |data: Vec<u8>, filter: bool| {
        build(|doc| {
            let helv = helvetica(doc);
            let mut p = page(fonts(&[("F1", helv)]), "");
            let mut dict = Dictionary::new();
            if filter {
                dict.set("Filter", "FlateDecode");
            }
            let id = doc.add_object(Stream::new(dict, data));
            p.extra.set("Contents", id);
            vec![p]
        })
    };
    let zlib = |d: &[u8]| {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(d).unwrap();
        e.finish().unwrap()
    };
    // Healthy, compressed.
    let pdf = read(&case(zlib(content.as_bytes()), true));
    assert_eq!(texts(&pdf.pages[0].words), ["One", "Two"]);
    assert!(
        pdf.pages[0].problems.is_empty(),
        "{:?}",
        pdf.pages[0].problems
    );
    // Compressed data cut short: what decodes is read, and the page says it is incomplete.
    let long: String = (0..200)
        .map(|i| format!("BT /F1 10 Tf 72 {} Td ({i}) Tj ET\n", 800 - 3 * i))
        .collect();
    let z = zlib(long.as_bytes());
    let pdf = read(&case(z[..z.len() / 2].to_vec(), true));
    assert!(!pdf.pages[0].words.is_empty(), "{:?}", pdf.pages[0]);
    assert_eq!(kinds(&pdf.pages[0]), [ProblemKind::ContentUnreadable]);
    // Cut mid-operator, and cut inside a string, in plain content.
    for cut in [
        "BT /F1 10 Tf 72 700 Td (One) Tj 0 -20",
        "BT /F1 10 Tf 72 700 Td (On",
    ] {
        let pdf = read(&case(cut.as_bytes().to_vec(), false));
        assert_eq!(
            kinds(&pdf.pages[0]),
            [ProblemKind::ContentTruncated],
            "{cut}"
        );
    }
    // A text object left open.
    let pdf = read(&case(b"BT /F1 10 Tf 72 700 Td (One) Tj".to_vec(), false));
    assert_eq!(kinds(&pdf.pages[0]), [ProblemKind::ContentTruncated]);
    // Garbled: unknown operators, wrong operands, zeroed bytes.
    for bad in [
        "BT /F1 10 Tf 72 700 Td (One) Tj ET x#q9 Zz",
        "BT /F1 10 Tf 72 700 Tm (One) Tj ET",
        "BT /F1 10 Tf 72 700 Td \0\0\0\0 (One) Tj ET",
    ] {
        let pdf = read(&case(bad.as_bytes().to_vec(), false));
        assert_eq!(kinds(&pdf.pages[0]), [ProblemKind::BadOperators], "{bad:?}");
    }
    // Unknown operators inside BX … EX are allowed.
    let pdf = read(&case(
        b"BX /Foo bar EX BT /F1 10 Tf 72 700 Td (One) Tj ET".to_vec(),
        false,
    ));
    assert!(
        pdf.pages[0].problems.is_empty(),
        "{:?}",
        pdf.pages[0].problems
    );
}

#[test]
fn document_problems_are_reported() {
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        vec![page(
            fonts(&[("F1", helv)]),
            "BT /F1 10 Tf 72 700 Td (A) Tj ET",
        )]
    });
    assert!(read(&bytes).problems.is_empty());
    // The pointer to the cross-reference data wrong: rebuilt by scanning.
    let at = bytes
        .windows(9)
        .rposition(|w| w == b"startxref")
        .expect("startxref")
        + 9;
    let mut broken = bytes[..at].to_vec();
    broken.extend_from_slice(b"\n3\n%%EOF\n");
    let pdf = read(&broken);
    assert!(
        pdf.problems
            .iter()
            .any(|p| p.kind == ProblemKind::XrefRebuilt),
        "{:?}",
        pdf.problems
    );
    assert_eq!(texts(&pdf.pages[0].words), ["A"]);
}

#[test]
fn damaged_keys_are_problems() {
    // A flipped byte in a key: the rotation (or the content, the widths…) silently lost.
    let bytes = build(|doc| {
        let helv = helvetica(doc);
        let mut rotated = page(fonts(&[("F1", helv)]), "BT /F1 10 Tf 72 700 Td (A) Tj ET");
        rotated.extra.set("Rota\u{1}e", 90);
        let mut odd = page(fonts(&[("F1", helv)]), "BT /F1 10 Tf 72 700 Td (B) Tj ET");
        odd.extra.set("Rotate", 98);
        let broken_font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "FirstChar" => 32,
            "WidthS" => vec![Object::Integer(250)],
        });
        let font_page = page(
            fonts(&[("F2", broken_font)]),
            "BT /F2 10 Tf 72 700 Td (C) Tj ET",
        );
        vec![rotated, odd, font_page]
    });
    let pdf = read(&bytes);
    let p: Vec<String> = pdf
        .pages
        .iter()
        .flat_map(|p| p.problems.iter().map(|x| format!("{:?} {x}", x.kind)))
        .collect();
    assert_eq!(
        p,
        [
            "DamagedEntry page 1: the page dictionary has damaged keys: /Rota?e (/Rotate?)",
            "DamagedEntry page 2: the page's /Rotate is 98, not a multiple of 90",
            "FontUnreadable page 3: font Helvetica: damaged keys: /WidthS (/Widths?)",
        ]
    );
}
