//! Reads the **text layer** of a PDF, with the position of every word, in pure Rust.
//!
//! Built for government budget disclosures (部门预算公开), which are PDF tables whose
//! numbers must be read exactly and whose every character must be readable.
//! `lopdf` parses and decompresses the objects; the content-stream text interpreter,
//! the font decoding and the layout into words and lines are this crate's own.
//!
//! ```no_run
//! let bytes = std::fs::read("budget.pdf").unwrap();
//! let pdf = yusuan_pdf::read_pdf(&bytes)?;
//! pdf.check_text_layer()?; // a scan has no text to read
//! for page in &pdf.pages {
//!     for line in page.lines() {
//!         println!("{}", line.text());
//!     }
//!     for u in &page.unmapped {
//!         eprintln!("page {}: unreadable glyph {:#x} in {}", u.page, u.code, u.font);
//!     }
//! }
//! # Ok::<(), yusuan_pdf::PdfError>(())
//! ```
//!
//! # Coordinates
//!
//! All coordinates are PDF points (1/72 inch) in the **displayed** page: origin at the
//! **bottom-left** corner of the page's crop box, x to the right, y **upwards**, after the
//! page's `/Rotate` has been applied. So on a page, a larger `y` is higher up; lines come
//! out top to bottom, i.e. by decreasing baseline.
//!
//! # What decodes
//!
//! * Composite (Type0) fonts with `Identity-H`/`Identity-V` and a ToUnicode CMap
//!   (`bfchar`, `bfrange` in both forms, UTF-16 targets of several characters, codespace
//!   ranges), or with an embedded encoding CMap (`cidchar`/`cidrange`, `usecmap`).
//! * Predefined CJK CMaps without ToUnicode, whose codes carry their meaning:
//!   `UniGB-UCS2-H`, `UniGB-UTF16-H` (and the other `Uni*-UCS2/UTF16/UTF8/UTF32` CMaps),
//!   `GBK-EUC-H`, `GB-EUC-H`, `GBpc-EUC-H`, `GBK2K-H`, `GB-H` (decoded as GB 18030),
//!   Big5, Shift-JIS and EUC-KR families.
//! * Simple fonts (Type1, TrueType, Type3): ToUnicode, else `WinAnsiEncoding`,
//!   `MacRomanEncoding`, `StandardEncoding` with `Differences` glyph names (Latin names,
//!   `uniXXXX`, `uXXXX`, ligatures `f_i`, suffixes `a.sc`).
//!
//! A glyph whose code maps to no text (an Identity-H font without ToUnicode, a code
//! missing from the ToUnicode map, a glyph name like `g123`) is not dropped: it appears in
//! its word as U+FFFD and is listed in [`Page::unmapped`] with its position, font and
//! code. That is how "some characters are not displayed" defects are found.
//! Adobe-GB1 CID → Unicode tables are not carried.
//!
//! Text is kept as decoded (full-width digits stay full-width); [`normalize`] folds
//! full-width ASCII forms and the ideographic space for callers that compare numbers.
//!
//! # Robustness
//!
//! [`read_pdf`] never panics on any input: the code is written without panicking
//! operations, and as a last resort the whole read runs under `catch_unwind`, a panic
//! becoming [`PdfError::Damaged`]. Nesting, operator counts and stream sizes are bounded.

// Panic-free by construction: no unwrap, expect, panic or unchecked indexing outside tests.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo
    )
)]

mod cmap;
mod encoding;
mod font;
mod interp;
mod layout;
mod lexer;
mod obj;

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

pub use layout::{LINE_TOLERANCE_EM, WORD_GAP_EM};

use interp::{Interpreter, Matrix};

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// The bytes are not a PDF file at all.
    #[error("不是 PDF 文件（文件头缺少 %PDF-）")]
    NotPdf,
    /// The PDF is encrypted and does not open with an empty user password.
    #[error("PDF 已加密，需要密码才能读取（不支持）")]
    Encrypted,
    /// The file claims to be a PDF but cannot be parsed.
    #[error("PDF 文件已损坏，无法读取：{0}")]
    Damaged(String),
    /// The PDF has pages but no text on any of them (typically a scan).
    #[error("PDF 没有文字层（可能是扫描件），无法读取文字（共 {pages} 页）")]
    NoTextLayer {
        /// Number of pages in the document.
        pages: usize,
    },
}

/// The text layer of a whole document.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfText {
    /// Pages in document order.
    pub pages: Vec<Page>,
}

/// One page's words, and the glyphs on it that could not be mapped to text.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    /// Width of the displayed page (crop box, after `/Rotate`), in points.
    pub width: f64,
    /// Height of the displayed page, in points.
    pub height: f64,
    /// Words in reading order: lines top to bottom, words left to right (horizontal text
    /// first, then text of other directions).
    pub words: Vec<Word>,
    /// Glyphs drawn on the page that map to no text, in drawing order.
    pub unmapped: Vec<Unmapped>,
    /// Number of images drawn on the page (image XObjects and inline images).
    pub images: usize,
    /// Non-fatal problems met while reading the page: an unreadable content stream or
    /// font map, a missing font, a Form XObject cycle. Empty for a healthy page.
    pub problems: Vec<String>,
}

/// A word: glyphs adjacent on one baseline.
///
/// Glyphs are merged while the gap between neighbours is under [`WORD_GAP_EM`] of the
/// font size (CJK characters set solid form one word); a wider gap, a space character or
/// a change of baseline splits. Numbers in table cells thus come out as one word each.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The text, as decoded (U+FFFD for a glyph that maps to no text).
    pub text: String,
    /// Left edge (points from the page's left edge).
    pub x0: f64,
    /// Bottom edge (points from the page's bottom edge), from the font's descent.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Top edge, from the font's ascent.
    pub y1: f64,
    /// Font size in points as displayed (text matrix and CTM included).
    pub font_size: f64,
    /// The baseline: its y for horizontal text (x for text at 90° or 270°).
    pub baseline: f64,
    /// Direction of the text, counter-clockwise degrees: 0 (normal), 90 (reads upwards),
    /// 180, or 270 (reads downwards, as vertical CJK text).
    pub rotation: u16,
}

/// A text line: words sharing a baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Words, left to right.
    pub words: Vec<Word>,
    /// The baseline of the line's first word (y for horizontal text).
    pub baseline: f64,
    /// Bounding box of the words.
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// Direction of the text, as [`Word::rotation`].
    pub rotation: u16,
}

impl Line {
    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }
}

/// A glyph that was drawn but maps to no Unicode text.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmapped {
    /// 1-based page number.
    pub page: usize,
    /// Glyph origin on the page (points, origin bottom-left).
    pub x: f64,
    pub y: f64,
    /// The font's BaseFont name (e.g. `ABCDEF+SimSun`).
    pub font: String,
    /// The character code as shown in the content stream.
    pub code: u32,
    /// Length of the code in bytes (1 for simple fonts, usually 2 for CJK fonts).
    pub code_len: u8,
}

impl Page {
    /// Groups the page's words into text lines, top to bottom by baseline (two baselines
    /// within [`LINE_TOLERANCE_EM`] of the font size are one line), words left to right.
    /// A table row is one line, its cells' words in column order.
    pub fn lines(&self) -> Vec<Line> {
        layout::build_lines(&self.words)
    }

    /// The page's text: lines joined by newlines, words by spaces.
    pub fn text(&self) -> String {
        let lines: Vec<String> = self.lines().iter().map(Line::text).collect();
        lines.join("\n")
    }

    /// Whether the page has any text.
    pub fn has_text(&self) -> bool {
        !self.words.is_empty()
    }
}

impl PdfText {
    /// `false` when no page has any text: a scan (pages with images only) or a blank
    /// document. Such a document cannot be read as text.
    pub fn has_text_layer(&self) -> bool {
        self.pages.iter().any(Page::has_text)
    }

    /// [`PdfError::NoTextLayer`] when [`has_text_layer`](Self::has_text_layer) is false.
    pub fn check_text_layer(&self) -> Result<(), PdfError> {
        if self.has_text_layer() {
            Ok(())
        } else {
            Err(PdfError::NoTextLayer {
                pages: self.pages.len(),
            })
        }
    }

    /// All glyphs of the document that map to no text.
    pub fn unmapped(&self) -> impl Iterator<Item = &Unmapped> {
        self.pages.iter().flat_map(|p| p.unmapped.iter())
    }
}

/// Folds full-width ASCII forms (U+FF01–U+FF5E: `０-９`, `，`, `．`, `（`…) to ASCII and the
/// ideographic space U+3000 to a space; other text is unchanged. Use it before parsing
/// numbers; keep the decoded text for display.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Reads the text layer of every page of a PDF.
///
/// Errors: [`PdfError::NotPdf`], [`PdfError::Encrypted`] (unless the empty user password
/// opens it), [`PdfError::Damaged`]. A PDF without text is *not* an error here: see
/// [`PdfText::has_text_layer`] and [`PdfText::check_text_layer`].
pub fn read_pdf(bytes: &[u8]) -> Result<PdfText, PdfError> {
    match catch_unwind(AssertUnwindSafe(|| read_pdf_inner(bytes))) {
        Ok(result) => result,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".to_owned());
            Err(PdfError::Damaged(format!(
                "internal error while reading: {msg}"
            )))
        }
    }
}

fn read_pdf_inner(bytes: &[u8]) -> Result<PdfText, PdfError> {
    // A PDF header may follow some junk, but must be near the start.
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let options = LoadOptions {
        max_decompressed_size: Some(obj::MAX_STREAM),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => PdfError::Encrypted,
        other => PdfError::Damaged(other.to_string()),
    })?;
    if doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() {
        return Err(PdfError::Encrypted);
    }
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if page_ids.is_empty() {
        return Err(PdfError::Damaged("no pages found".to_owned()));
    }
    let mut interp = Interpreter::new(&doc);
    let mut pages = Vec::with_capacity(page_ids.len());
    for (i, id) in page_ids.iter().enumerate() {
        pages.push(read_page(&doc, &mut interp, i + 1, *id));
    }
    Ok(PdfText { pages })
}

/// Looks a page attribute up, walking `/Parent` for inheritable ones.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Some(v) = obj::get(doc, node, key) {
            return Some(v);
        }
        node = obj::get_dict(doc, node, b"Parent")?;
    }
    None
}

fn read_page<'a>(
    doc: &'a Document,
    interp: &mut Interpreter<'a>,
    number: usize,
    id: ObjectId,
) -> Page {
    let mut problems = Vec::new();
    let Some(page) = doc.get_object(id).ok().and_then(|o| obj::as_dict(doc, o)) else {
        return Page {
            number,
            width: 0.0,
            height: 0.0,
            words: Vec::new(),
            unmapped: Vec::new(),
            images: 0,
            problems: vec![format!(
                "page {number}: page object {} {} R is missing",
                id.0, id.1
            )],
        };
    };
    let media = inherited(doc, page, b"MediaBox")
        .and_then(|o| obj::rect(doc, o))
        .filter(|r| r[2] - r[0] > 0.0 && r[3] - r[1] > 0.0)
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = inherited(doc, page, b"CropBox")
        .and_then(|o| obj::rect(doc, o))
        .map(|c| {
            [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ]
        })
        .filter(|r| r[2] - r[0] > 0.0 && r[3] - r[1] > 0.0)
        .unwrap_or(media);
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|o| obj::num(doc, o))
        .map_or(0, |r| ((r / 90.0).round() as i64).rem_euclid(4));
    let (w, h) = (crop[2] - crop[0], crop[3] - crop[1]);
    let shift = Matrix::new(1.0, 0.0, 0.0, 1.0, -crop[0], -crop[1]);
    let (rotation, width, height) = match rotate {
        1 => (Matrix::new(0.0, -1.0, 1.0, 0.0, 0.0, w), h, w),
        2 => (Matrix::new(-1.0, 0.0, 0.0, -1.0, w, h), w, h),
        3 => (Matrix::new(0.0, 1.0, -1.0, 0.0, h, 0.0), h, w),
        _ => (Matrix::IDENTITY, w, h),
    };
    let ctm = shift.then(&rotation);
    let resources = inherited(doc, page, b"Resources").and_then(|o| obj::as_dict(doc, o));

    let mut content = Vec::new();
    let streams: Vec<&Object> = match page
        .get(b"Contents")
        .ok()
        .and_then(|o| obj::resolve(doc, o))
    {
        Some(Object::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    for s in streams {
        match obj::resolve(doc, s) {
            Some(Object::Stream(stream)) => match obj::stream_data(stream) {
                Ok(data) => {
                    content.extend_from_slice(&data);
                    content.push(b'\n');
                }
                Err(e) => problems.push(format!("page {number}: content stream unreadable: {e}")),
            },
            _ => problems.push(format!("page {number}: content is not a stream")),
        }
    }
    let scan = interp.run_page(number, width, height, &content, resources, ctm);
    problems.extend(scan.problems);
    Page {
        number,
        width,
        height,
        words: layout::build_words(&scan.glyphs),
        unmapped: scan.unmapped,
        images: scan.images,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_full_width() {
        assert_eq!(normalize("１２３，４５６．７８"), "123,456.78");
        assert_eq!(normalize("（一）\u{3000}合计"), "(一) 合计");
    }

    #[test]
    fn not_pdf() {
        assert_eq!(read_pdf(b"hello"), Err(PdfError::NotPdf));
        assert_eq!(read_pdf(b""), Err(PdfError::NotPdf));
    }
}
