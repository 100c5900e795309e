//! Renders the fixtures and reads the PDF back with the repository's own PDF text reader
//! (`yusuan-pdf`, an independent implementation): titles, totals, blank cells, repeated headers,
//! page size, the embedded subset font, and characters the font lacks.

// Tests may panic: a failed assertion is how they report.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::OnceLock;
use yusuan_model::{Disclosure, RowKind};
use yusuan_pdf::{read_pdf, PdfText};
use yusuan_render_pdf::{render, render_with, FontSource, Options, RenderError};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");

fn import(name: &str) -> Disclosure {
    let path = format!("{FIXTURES}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    yusuan_import::import_text(&path, &text).unwrap()
}

struct Rendered {
    d: Disclosure,
    pdf: Vec<u8>,
    text: PdfText,
}

fn reference() -> &'static Rendered {
    static R: OnceLock<Rendered> = OnceLock::new();
    R.get_or_init(|| {
        let d = import("chongqing-jiangbeicheng-2025-budget.txt");
        let pdf = render(&d, &FontSource::Bundled).unwrap();
        let text = read_pdf(&pdf).unwrap();
        Rendered { d, pdf, text }
    })
}

/// Page text with lines joined by newlines, words of a line by single spaces.
fn page_lines(text: &PdfText) -> Vec<Vec<String>> {
    text.pages
        .iter()
        .map(|p| p.lines().iter().map(|l| l.text()).collect())
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_table_title_is_in_the_text_layer() {
    every_table_title_is_in_the_text_layer_of(reference());
}

fn every_table_title_is_in_the_text_layer_of(r: &Rendered) {
    let all = squash(&page_lines(&r.text).concat().join("\n"));
    assert!(r.d.tables.len() >= 9);
    for t in &r.d.tables {
        assert!(all.contains(&squash(&t.title)), "missing title {}", t.title);
        if let Some(n) = &t.number {
            assert!(all.contains(&squash(n)), "missing number {n}");
        }
    }
    for p in &r.d.performance {
        assert!(all.contains(&squash(&p.title)), "missing title {}", p.title);
    }
    for s in &r.d.narrative.sections {
        assert!(
            all.contains(&squash(&s.title)),
            "missing heading {}",
            s.title
        );
    }
}

#[test]
fn totals_are_read_back_on_one_line() {
    totals_are_read_back_on_one_line_of(reference());
}

fn totals_are_read_back_on_one_line_of(r: &Rendered) {
    let lines: Vec<String> = page_lines(&r.text).concat();
    let has_line = |parts: &[&str]| {
        lines.iter().any(|l| {
            let words: Vec<&str> = l.split(' ').collect();
            let mut k = 0;
            for w in &words {
                if k < parts.len() && *w == parts[k] {
                    k += 1;
                }
            }
            k == parts.len()
        })
    };
    // 表二: 合计 3,634.33 1,330.33 2,304.00
    assert!(
        has_line(&["合计", "3,634.33", "1,330.33", "2,304.00"]),
        "表二 合计"
    );
    // 表一: 收入合计 3,636.80 | 支出合计 3,636.80 3,634.33 2.47 on the same row.
    assert!(
        has_line(&[
            "收入合计",
            "3,636.80",
            "支出合计",
            "3,636.80",
            "3,634.33",
            "2.47"
        ]),
        "表一 合计"
    );
    // 表三: 合计 1,330.33 1,047.13 283.20; 表九: 合计 954.58 954.58.
    assert!(
        has_line(&["合计", "1,330.33", "1,047.13", "283.20"]),
        "表三"
    );
    assert!(has_line(&["合计", "954.58", "954.58"]), "表九");
    // Every total row of every table, in order on one line.
    for t in &r.d.tables {
        for row in t.rows.iter().filter(|r| r.kind == RowKind::Total) {
            let mut parts: Vec<String> = vec![squash(&row.label)];
            parts.extend(row.cells.iter().filter_map(|c| c.amount.map(|a| a.shown())));
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            assert!(has_line(&parts), "{}: {parts:?}", t.display_name());
        }
    }
}

#[test]
fn every_amount_is_in_the_text_and_blank_cells_stay_blank() {
    every_amount_is_in_the_text_and_blank_cells_stay_blank_of(reference());
}

fn every_amount_is_in_the_text_and_blank_cells_stay_blank_of(r: &Rendered) {
    let lines: Vec<String> = page_lines(&r.text).concat();
    let words: std::collections::HashSet<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
    for t in &r.d.tables {
        for row in &t.rows {
            for c in &row.cells {
                if let Some(a) = c.amount {
                    assert!(
                        words.contains(a.shown().as_str()),
                        "{} {}",
                        t.display_name(),
                        a
                    );
                }
            }
        }
    }
    // 2080208 基层政权建设和社区治理 has no amounts: its row is the code and the name only.
    let row: Vec<&String> = lines.iter().filter(|l| l.starts_with("2080208 ")).collect();
    assert!(!row.is_empty());
    for l in row {
        assert_eq!(l.split(' ').count(), 2, "{l}");
    }
}

#[test]
fn pages_are_a4_and_numbered() {
    pages_are_a4_and_numbered_of(reference());
}

fn pages_are_a4_and_numbered_of(r: &Rendered) {
    let n = r.text.pages.len();
    assert!(n >= 20, "{n} pages");
    let mut landscape = 0;
    for p in &r.text.pages {
        let (w, h) = (p.width.min(p.height), p.width.max(p.height));
        assert!(
            (w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5,
            "{w}x{h}"
        );
        if p.width > p.height {
            landscape += 1;
        }
    }
    // 表七 (10 amount columns) is set on landscape pages.
    assert!(landscape >= 2, "{landscape} landscape pages");
    let lines = page_lines(&r.text);
    for (i, page) in lines.iter().enumerate().skip(1) {
        let footer = format!("第 {} 页 共 {n} 页", i + 1);
        assert!(page.contains(&footer), "page {}: {footer}", i + 1);
    }
}

#[test]
fn font_is_embedded_as_a_subset_with_tounicode() {
    let r = reference();
    let s = String::from_utf8_lossy(&r.pdf);
    assert!(s.contains("/FontFile2"), "no embedded TrueType program");
    assert!(s.contains("/CIDFontType2"));
    font_is_embedded_as_a_subset_with_tounicode_of(r);
}

fn font_is_embedded_as_a_subset_with_tounicode_of(r: &Rendered) {
    let pdf = &r.pdf;
    let s = String::from_utf8_lossy(pdf);
    assert!(s.contains("/ToUnicode"));
    assert!(s.contains("/Identity-H"));
    let base = s
        .split("/BaseFont /")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| c.is_whitespace() || c == '/').next())
        .unwrap();
    let (tag, name) = base.split_once('+').unwrap();
    assert_eq!(tag.len(), 6);
    assert!(tag.chars().all(|c| c.is_ascii_uppercase()), "{tag}");
    assert!(name.contains("Noto"), "{name}");
    // The bundled font is 2.2 MB; the subset for the reference stays far below.
    assert!(pdf.len() < 1_000_000, "{} bytes", pdf.len());
    assert!(
        r.text.unmapped().next().is_none(),
        "every glyph maps to text"
    );
    for p in &r.text.pages {
        assert!(p.problems.is_empty(), "page {}: {:?}", p.number, p.problems);
    }
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    a_long_table_repeats_its_header_on_every_page_of(reference());
}

fn a_long_table_repeats_its_header_on_every_page_of(r: &Rendered) {
    let lines = page_lines(&r.text);
    let t7 =
        r.d.tables
            .iter()
            .find(|t| t.number.as_deref() == Some("表七"))
            .unwrap();
    assert!(t7.rows.len() >= 80);
    let first = lines
        .iter()
        .position(|p| p.iter().any(|l| squash(l) == "部门收入总表"))
        .unwrap();
    let continued: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.iter()
                .any(|l| squash(l).contains("表七部门收入总表（续）"))
        })
        .map(|(i, _)| i)
        .collect();
    assert!(!continued.is_empty(), "表七 fits on one page?");
    for i in std::iter::once(first).chain(continued.iter().copied()) {
        let page = squash(&lines[i].join("\n"));
        for h in [
            "功能分类科目",
            "科目编码",
            "科目名称",
            "总计",
            // Narrow columns may set these over two lines (`其他` / `收入`).
            "其他",
            "事业",
        ] {
            assert!(page.contains(h), "page {}: header {h} missing", i + 1);
        }
    }
    // Every coded row of 表七 is printed, each once.
    let all: Vec<String> = lines.concat();
    for row in t7.coded_rows() {
        let code = row.code.as_ref().unwrap().as_str();
        assert!(
            all.iter().any(|l| l.starts_with(&format!("{code} "))),
            "表七 row {code}"
        );
    }
}

#[test]
fn narrative_lines_never_start_with_closing_punctuation() {
    narrative_lines_never_start_with_closing_punctuation_of(reference());
}

fn narrative_lines_never_start_with_closing_punctuation_of(r: &Rendered) {
    let mut body_lines = 0;
    for page in page_lines(&r.text) {
        for l in page {
            let first = l.chars().next().unwrap_or(' ');
            assert!(
                !"，。、；：？！）》”’".contains(first),
                "line starts with {first}: {l}"
            );
            body_lines += 1;
        }
    }
    assert!(body_lines > 500);
    // The narrative's text is all there (compared without spaces, line and page breaks).
    let all: String = page_lines(&r.text)
        .concat()
        .iter()
        .filter(|l| !(l.starts_with("第 ") && l.contains(" 页 共 ")))
        .map(|l| squash(l))
        .collect();
    for s in &r.d.narrative.sections {
        for para in s.text.split('\n') {
            let p = squash(para);
            assert!(all.contains(&p), "paragraph missing: {}", para);
        }
    }
}

#[test]
fn performance_tables_are_forms() {
    performance_tables_are_forms_of(reference());
}

fn performance_tables_are_forms_of(r: &Rendered) {
    let all = squash(&page_lines(&r.text).concat().join("\n"));
    for h in [
        "指标名称",
        "指标权重",
        "指标性质",
        "指标值",
        "度量单位",
        "是否核心指标",
        "项目名称",
        "当年绩效目标",
    ] {
        assert!(all.contains(h), "{h}");
    }
    for p in &r.d.performance {
        for i in &p.indicators {
            assert!(all.contains(&squash(&i.name)), "indicator {}", i.name);
        }
        if let Some(e) = &p.empty_note {
            assert!(all.contains(&squash(&e.text)));
        }
    }
}

#[test]
fn shanghai_fixtures_render_and_read_back() {
    for name in [
        "shanghai-putuo-wanli-2025-budget.txt",
        "shanghai-putuo-finance-bureau-2025-budget.txt",
    ] {
        let d = import(name);
        let pdf = render(&d, &FontSource::Bundled).unwrap();
        let text = read_pdf(&pdf).unwrap();
        let all = squash(&page_lines(&text).concat().join("\n"));
        for t in &d.tables {
            assert!(all.contains(&squash(&t.title)), "{name}: {}", t.title);
            for row in &t.rows {
                for c in &row.cells {
                    if let Some(a) = c.amount {
                        assert!(all.contains(&a.shown()), "{name}: {}", a.shown());
                    }
                }
            }
        }
        assert!(pdf.len() < 1_000_000);
    }
}

#[test]
fn missing_glyphs_are_reported_never_dropped() {
    let mut d = reference().d.clone();
    // U+2A6A5 (a CJK Extension B ideograph) is outside the bundled GB2312 subset.
    let rare = '\u{2A6A5}';
    d.narrative.sections[0].title = format!("单位基本情况{rare}");
    match render(&d, &FontSource::Bundled) {
        Err(RenderError::MissingGlyphs {
            chars, no_chinese, ..
        }) => {
            assert_eq!(chars, vec![rare]);
            assert!(!no_chinese);
        }
        other => panic!("expected MissingGlyphs, got {:?}", other.map(|p| p.len())),
    }
    let options = Options {
        allow_missing_glyphs: true,
        ..Options::default()
    };
    let r = render_with(&d, &FontSource::Bundled, &options).unwrap();
    assert_eq!(r.missing_glyphs, vec![rare]);
    // Drawn as the empty box, but the text layer still has the character.
    let text = read_pdf(&r.pdf).unwrap();
    let all = page_lines(&text).concat().join("\n");
    assert!(all.contains(&format!("单位基本情况{rare}")));
}

#[test]
fn font_errors_are_errors_naming_the_font() {
    let d = reference().d.clone();
    let missing = FontSource::file("/nonexistent/font.ttf");
    let e = render(&d, &missing).unwrap_err();
    assert!(matches!(e, RenderError::FontIo { .. }), "{e}");
    assert!(e.to_string().contains("/nonexistent/font.ttf"), "{e}");

    let dir = temp_dir("font-errors");
    // Not a font at all.
    let path = dir.join("notes.ttf");
    std::fs::write(&path, "not a font at all").unwrap();
    let e = render(&d, &FontSource::file(&path)).unwrap_err();
    assert!(matches!(e, RenderError::BadFont { .. }), "{e}");
    assert!(e.to_string().contains("notes.ttf"), "{e}");
    assert!(
        e.to_string().contains("not a TrueType or OpenType font"),
        "{e}"
    );
    // A font whose licence bits forbid embedding (fsType 0x0002, restricted licence).
    let path = dir.join("restricted.ttf");
    std::fs::write(&path, patched_bundled(Patch::FsType(0x0002))).unwrap();
    let e = render(&d, &FontSource::file(&path)).unwrap_err();
    assert!(matches!(e, RenderError::NotEmbeddable { .. }), "{e}");
    assert!(e.to_string().contains("restricted.ttf"), "{e}");
    assert!(e.to_string().contains("restricted licence"), "{e}");
    // A font that maps no Chinese character (here: no Unicode character at all).
    let path = dir.join("latin.ttf");
    std::fs::write(&path, patched_bundled(Patch::NoUnicodeCmap)).unwrap();
    match render(&d, &FontSource::file(&path)) {
        Err(
            e @ RenderError::MissingGlyphs {
                no_chinese: true, ..
            },
        ) => {
            let msg = e.to_string();
            assert!(msg.contains("latin.ttf"), "{msg}");
            assert!(msg.contains("the font has no Chinese glyphs"), "{msg}");
            // The missing characters are named (the first of them, then an ellipsis).
            assert!(msg.contains(" 一 "), "{msg}");
            assert!(msg.contains('…'), "{msg}");
        }
        other => panic!("expected MissingGlyphs, got {:?}", other.map(|p| p.len())),
    }
    // A face a collection does not have, and a face of a single font.
    let e = render(
        &d,
        &FontSource::Bytes {
            data: std::fs::read(BUNDLED_PATH).unwrap(),
            index: Some(3),
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("not a collection"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

const BUNDLED_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/fonts/NotoSansCJKsc-Regular-GB2312.ttf"
);

enum Patch {
    /// OS/2 fsType, the licence's embedding bits.
    FsType(u16),
    /// Every cmap subtable marked as a Macintosh one: no character maps to a glyph.
    NoUnicodeCmap,
}

/// The bundled font with one field changed.
fn patched_bundled(patch: Patch) -> Vec<u8> {
    let mut data = std::fs::read(BUNDLED_PATH).unwrap();
    let be16 = |d: &[u8], at: usize| u16::from_be_bytes([d[at], d[at + 1]]) as usize;
    let table = |d: &[u8], tag: &[u8]| {
        (0..be16(d, 4))
            .map(|i| 12 + 16 * i)
            .find(|&r| &d[r..r + 4] == tag)
            .map(|r| u32::from_be_bytes(d[r + 8..r + 12].try_into().unwrap()) as usize)
            .unwrap()
    };
    match patch {
        Patch::FsType(v) => {
            let os2 = table(&data, b"OS/2");
            data[os2 + 8..os2 + 10].copy_from_slice(&v.to_be_bytes());
        }
        Patch::NoUnicodeCmap => {
            let cmap = table(&data, b"cmap");
            for i in 0..be16(&data, cmap + 2) {
                let rec = cmap + 4 + 8 * i;
                data[rec..rec + 4].copy_from_slice(&[0, 1, 0, 0]);
            }
        }
    }
    data
}

fn temp_dir(what: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("yusuan-render-pdf-{what}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Debian's Noto Sans CJK collection: CFF outlines, ten faces in a `.ttc`. `.ci/run` installs
/// it (`fonts-noto-cjk`).
const NOTO: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

fn noto_path() -> &'static str {
    assert!(
        std::path::Path::new(NOTO).is_file(),
        "{NOTO} is missing: install it with `sudo apt-get install -y --no-install-recommends \
         fonts-noto-cjk` (.ci/run does)"
    );
    NOTO
}

/// The reference rendered with Noto Sans CJK (its Simplified Chinese face, chosen by name).
fn noto() -> &'static Rendered {
    static R: OnceLock<Rendered> = OnceLock::new();
    R.get_or_init(|| {
        let d = reference().d.clone();
        let pdf = render(&d, &FontSource::file(noto_path())).unwrap();
        let text = read_pdf(&pdf).unwrap();
        Rendered { d, pdf, text }
    })
}

#[test]
fn noto_cjk_collection_with_cff_outlines_reads_back_as_the_bundled_font_does() {
    let r = noto();
    let s = String::from_utf8_lossy(&r.pdf);
    assert!(s.contains("/FontFile3"), "no embedded CFF program");
    assert!(s.contains("/CIDFontType0C"));
    assert!(s.contains("/Subtype /CIDFontType0\n"), "not a CIDFontType0");
    // Face 2, the Simplified Chinese one, chosen by its name.
    assert!(s.contains("+NotoSansCJKsc-Regular"), "not the SC face");
    eprintln!(
        "reference PDF: {} bytes with Noto Sans CJK SC (CFF), {} bytes with the bundled font",
        r.pdf.len(),
        reference().pdf.len()
    );
    every_table_title_is_in_the_text_layer_of(r);
    totals_are_read_back_on_one_line_of(r);
    every_amount_is_in_the_text_and_blank_cells_stay_blank_of(r);
    pages_are_a4_and_numbered_of(r);
    font_is_embedded_as_a_subset_with_tounicode_of(r);
    a_long_table_repeats_its_header_on_every_page_of(r);
    narrative_lines_never_start_with_closing_punctuation_of(r);
    performance_tables_are_forms_of(r);
}

#[test]
fn a_collection_face_is_chosen_by_index() {
    let d = reference().d.clone();
    let path = std::path::Path::new(noto_path());
    let by_name = &noto().pdf;
    let two = render(
        &d,
        &FontSource::from_arg(&path.with_file_name("NotoSansCJK-Regular.ttc#2")),
    );
    assert!(
        two.as_ref().is_ok_and(|p| p == by_name),
        "face 2 is the SC face"
    );
    let zero = render(
        &d,
        &FontSource::from_arg(&path.with_file_name("NotoSansCJK-Regular.ttc#0")),
    )
    .unwrap();
    assert!(String::from_utf8_lossy(&zero).contains("+NotoSansCJKjp-Regular"));
    let e = render(
        &d,
        &FontSource::from_arg(&path.with_file_name("NotoSansCJK-Regular.ttc#10")),
    )
    .unwrap_err();
    assert!(matches!(e, RenderError::BadFont { .. }), "{e}");
    let msg = e.to_string();
    assert!(msg.contains("NotoSansCJK-Regular.ttc#10"), "{msg}");
    assert!(msg.contains("faces 0 to 9"), "{msg}");
}

/// Characters that share one glyph in the font (`·` `•` `・` `‧` in Noto Sans CJK, `-` and
/// U+2011) each read back as themselves: the text is drawn in one code per character and an
/// embedded encoding CMap maps the codes to the glyphs.
#[test]
fn characters_sharing_a_glyph_read_back_as_themselves() {
    let mut d = reference().d.clone();
    let text = "甲·乙•丙・丁‧戊-己\u{2011}庚";
    d.narrative.sections[0].title = text.to_string();
    let fonts = [FontSource::Bundled, FontSource::file(noto_path())];
    for font in &fonts {
        let pdf = render(&d, font).unwrap();
        let s = String::from_utf8_lossy(&pdf);
        assert!(s.contains("/Yusuan-Codes-H"), "{font:?}: no encoding CMap");
        assert!(!s.contains("/Identity-H"), "{font:?}");
        let back = read_pdf(&pdf).unwrap();
        let all = page_lines(&back).concat().join("\n");
        assert!(all.contains(text), "{font:?}: {text} not read back");
        assert!(back.unmapped().next().is_none());
        // poppler, where installed, reads the same.
        if let Some(t) = pdftotext(&pdf) {
            assert!(t.contains(text), "{font:?}: pdftotext does not read {text}");
        }
    }
}

/// The text layer as poppler's `pdftotext -layout` reads it, if poppler is installed.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = temp_dir("pdftotext");
    let path = dir.join(format!("{}.pdf", pdf.len()));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    let out = out.ok()?;
    assert!(out.status.success());
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn an_empty_disclosure_still_makes_a_valid_pdf() {
    let pdf = render(&Disclosure::default(), &FontSource::Bundled).unwrap();
    let text = read_pdf(&pdf).unwrap();
    assert!(!text.pages.is_empty());
    assert!(pdf.starts_with(b"%PDF-1.7"));
}

/// poppler, where installed, reads the same text (not required: CI may lack it).
#[test]
fn pdftotext_reads_the_text_layer_when_available() {
    let r = reference();
    let dir = std::env::temp_dir().join(format!("yusuan-render-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("reference.pdf");
    std::fs::write(&path, &r.pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let Ok(out) = out else {
        eprintln!("pdftotext not installed: skipped");
        return;
    };
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("一般公共预算财政拨款支出预算表"));
    assert!(text.contains("3,634.33"));
    assert!(text.contains("第 7 页 共"));
}

#[test]
fn odd_disclosures_render_without_panicking() {
    let mut d = reference().d.clone();
    // A table with no columns and no rows, and a very long table.
    let mut empty = d.tables[0].clone();
    empty.columns.clear();
    empty.rows.clear();
    empty.title = "空表".to_string();
    let mut long = d.tables[1].clone();
    let rows = long.rows.clone();
    for _ in 0..4 {
        long.rows.extend(rows.iter().cloned());
    }
    long.title = "长表".to_string();
    d.tables.push(empty);
    d.tables.push(long);
    // A form field far taller than a page, ending with a marker.
    let goal = format!("{}终点标记", "绩效目标很长。".repeat(900));
    if let Some(g) = d.performance[0].goal.as_mut() {
        g.text = goal;
    }
    // A section with no text, and one with a very long paragraph.
    d.narrative.sections[0].text.clear();
    d.narrative.sections[1].text = "长段落，".repeat(2000);
    let pdf = render(&d, &FontSource::Bundled).unwrap();
    let text = read_pdf(&pdf).unwrap();
    let all = squash(&page_lines(&text).concat().join("\n"));
    assert!(
        all.contains("终点标记"),
        "the end of a split row is printed"
    );
    assert!(all.contains("长表（续）"));
    assert!(text.pages.len() > 50, "{}", text.pages.len());
}
