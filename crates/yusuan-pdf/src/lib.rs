//! Reads the **text layer** of a PDF, with the position of every word and the page's ruling
//! lines, in pure Rust.
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
//! # Only what a reader sees
//!
//! Text outside the clip path or the crop box, and text in render mode 3 or 7 (invisible),
//! does not become words: exporters draw a page's overflow again, clipped away, and OCR
//! layers lie invisible under scans. Such characters are counted in
//! [`Page::hidden_glyphs`]. The clip path is followed as a rectangle (see there). Characters
//! the clip's edge crosses, partly shown (a line drawn half over its frame, a cell's text
//! past its border), are listed in [`Page::cut_glyphs`] with their boxes;
//! [`Page::display_report`] sums up what a reader of the page cannot see. A document
//! whose only text is invisible is [`PdfError::OnlyInvisibleText`] at
//! [`PdfText::check_text_layer`]: recognised text is a machine's guess at a scan.
//!
//! # Ruling lines
//!
//! The horizontal and vertical borders a table is drawn with, in the coordinates of the
//! words: [`Page::rules`], [`Rule`] (tolerances documented there), [`Page::rules_in`].
//!
//! # Damage
//!
//! A file that opens but is damaged is read as far as it can be, and every partial failure
//! is a [`Problem`]: the page's in [`Page::problems`], the file's in [`PdfText::problems`]
//! (see [`ProblemKind`]). A healthy file has none; a damaged one is never read silently
//! short. Compressed streams must reach their end marker with a matching checksum (lopdf
//! would return what it decoded so far).
//!
//! # Robustness
//!
//! [`read_pdf`] never panics on any input: the code is written without panicking
//! operations, and as a last resort the whole read runs under `catch_unwind`, a panic
//! becoming [`PdfError::Damaged`]. Nesting, operator counts, path sizes, rule pieces and
//! stream sizes are bounded.

// Panic-free by construction: the workspace lints (Cargo.toml) deny unwrap, expect, panic and
// unchecked indexing outside tests.

mod cmap;
mod encoding;
mod font;
mod interp;
mod layout;
mod lexer;
mod obj;
mod radicals;
mod rules;

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

pub use layout::{LINE_TOLERANCE_EM, WORD_GAP_EM};
pub use rules::{
    Axis, Rule, RULE_AXIS_SLOPE, RULE_AXIS_TOLERANCE, RULE_JOIN_GAP, RULE_MERGE_DISTANCE, THIN_FILL,
};

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
    /// More pages than the caller reads (see [`read_pdf_pages`]).
    #[error(
        "PDF 有 {pages} 页，超过上限 {max} 页 (the PDF has {pages} pages, over the limit of {max})"
    )]
    TooManyPages { pages: usize, max: usize },
    /// The PDF has pages but no text on any of them (typically a scan).
    #[error("PDF 没有文字层（可能是扫描件），无法读取文字（共 {pages} 页）")]
    NoTextLayer {
        /// Number of pages in the document.
        pages: usize,
    },
    /// The PDF's only text is invisible (typically the OCR layer of a scan: text render
    /// mode 3 under the page image). It is not read: recognised text is a machine's guess
    /// at the scan, and figures read from it cannot be certain.
    #[error(
        "PDF 只有不可见的文字（{glyphs} 个字符，多为扫描件的 OCR 识别层），没有可读的文字层，不予读取（共 {pages} 页）"
    )]
    OnlyInvisibleText {
        /// Number of pages in the document.
        pages: usize,
        /// Invisible characters in the document.
        glyphs: usize,
    },
}

/// The text layer of a whole document.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfText {
    /// Pages in document order.
    pub pages: Vec<Page>,
    /// Problems of the file as a whole (its page's own are in [`Page::problems`]): a
    /// cross-reference table that had to be repaired, objects that could not be read, pages
    /// missing from the page tree. Empty for a healthy file.
    pub problems: Vec<Problem>,
}

/// What kind of partial failure a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProblemKind {
    /// A content stream (the page's or a Form XObject's) could not be decoded, entirely or
    /// in part (corrupt or cut compressed data, a checksum mismatch, an unsupported filter),
    /// or the page's content is not a stream. What could be decoded was read.
    ContentUnreadable,
    /// A content stream ends in the middle of something: an operator's operands, a
    /// string, an array, an inline image or a text object (`BT` without `ET`).
    ContentTruncated,
    /// Operators that do not parse: unknown operators, operators with the wrong operands,
    /// bytes that are no token (junk in a hex string, stray delimiters), text shown before
    /// a font was selected.
    BadOperators,
    /// An object the page needs is missing or of the wrong type: the page itself, its
    /// content, its resources, a Form XObject.
    MissingObject,
    /// A dictionary the page is read with (the page, a page tree node, its resources, a
    /// content stream's or a Form XObject's dictionary) has a damaged key: a byte no
    /// producer writes, or one byte away from a key the reader needs and does not find
    /// (a flipped `/Rotate` leaves the page unrotated), or a `/Rotate` that is no multiple
    /// of 90.
    DamagedEntry,
    /// A font could not be loaded, or not entirely: missing from the resources, its
    /// ToUnicode or encoding CMap unreadable or missing, no descendant font, a damaged key.
    FontUnreadable,
    /// A bound was reached (operators per page, nesting of Form XObjects, a Form XObject
    /// drawing itself); the rest was not read.
    LimitReached,
    /// More paths than are followed (see [`MAX_RULE_PIECES`]): some ruling lines are
    /// missing from [`Page::rules`]. The text is complete.
    RulesIncomplete,
    /// Document: the cross-reference table did not lead to the objects and was rebuilt
    /// by scanning the file; objects may be missing or come from an older revision.
    XrefRebuilt,
    /// Document: an offset of the cross-reference data was wrong and a section found
    /// nearby was used. Nothing is known to be lost.
    XrefOffsetCorrected,
    /// Document: objects listed in the cross-reference table could not be read.
    ObjectsMissing,
    /// Document: the page tree declares more pages than could be found.
    PagesMissing,
}

impl ProblemKind {
    /// Whether text may have been lost or misread because of it (everything except a
    /// corrected xref offset and incomplete ruling lines).
    pub fn may_lose_text(self) -> bool {
        !matches!(
            self,
            ProblemKind::XrefOffsetCorrected | ProblemKind::RulesIncomplete
        )
    }
}

/// A non-fatal problem met while reading: something was not read, or not entirely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of failure.
    pub kind: ProblemKind,
    /// The 1-based page it concerns; `None` for the file as a whole.
    pub page: Option<usize>,
    /// What exactly, in English (object numbers, font and operator names, the decoder's
    /// message).
    pub detail: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.page {
            Some(p) => write!(f, "page {p}: {}", self.detail),
            None => f.write_str(&self.detail),
        }
    }
}

/// Pieces of ruling lines collected per page at most; beyond, [`ProblemKind::RulesIncomplete`].
pub const MAX_RULE_PIECES: usize = interp::MAX_RULE_PIECES;

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
    /// Ruling lines: the horizontal and vertical borders drawn on the page (strokes, thin
    /// filled rectangles, and the edges of larger filled areas marked
    /// [`Rule::from_fill`]), merged, sorted horizontal first, then by position. Same
    /// coordinates as [`Word`]; see [`Rule`] for the tolerances.
    pub rules: Vec<Rule>,
    /// Straight stroked segments that are neither horizontal nor vertical (not rules).
    pub diagonal_segments: usize,
    /// Characters drawn but invisible, and therefore not in [`Page::words`]: text outside
    /// the clip path or the crop box, and text in render mode 3 or 7 (invisible). Blanks
    /// are not counted.
    ///
    /// The clip path is followed as a rectangle: the bounding box of each clipping path
    /// (`W`/`W*`, and a Form XObject's `/BBox`) intersected with the enclosing clip. A
    /// non-rectangular clip is thus taken a little larger than it is: text is never hidden
    /// by the approximation, only perhaps kept. A glyph is invisible when the centre of its
    /// box lies outside the clip; text that only touches the edge is kept.
    pub hidden_glyphs: usize,
    /// The box around the characters hidden by the clip path or the page's edge (those of
    /// [`Page::hidden_glyphs`] that are not invisible by their render mode); `None` when none.
    pub hidden_box: Option<[f64; 4]>,
    /// Glyphs cut by the clip path or the page's edge: partly displayed, partly not (the
    /// bottom line of a text box drawn half over its frame, a cell's text running past its
    /// border), in drawing order. A glyph counts when the clip's edge crosses its core (its
    /// box less 15% on each side, where the ink is) and it is painted in a colour other than
    /// white (an invisible render mode or white text shows nothing to cut): a reader sees part
    /// of the character.
    /// Those whose centre is inside are among [`Page::words`] ([`CutGlyph::read`]), the
    /// others among [`Page::hidden_glyphs`]. Glyphs wholly outside the clip are only counted.
    /// See [`Page::display_report`] for what a reader cannot see on the page, in one place.
    pub cut_glyphs: Vec<CutGlyph>,
    /// Non-fatal problems met while reading the page: an unreadable or cut content stream,
    /// operators that do not parse, a missing object or font. Empty for a healthy page.
    pub problems: Vec<Problem>,
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

/// A glyph cut by the clip: the clip's edge crosses it, so a reader sees part of it.
#[derive(Debug, Clone, PartialEq)]
pub struct CutGlyph {
    /// Its text; `None` when it maps to no text (it is then also in [`Page::unmapped`] if read).
    pub text: Option<String>,
    /// The whole glyph's box `[x0, y0, x1, y1]` (font ascent to descent, over its advance),
    /// in the coordinates of [`Word`].
    pub bbox: [f64; 4],
    /// The share of its core that is displayed, more than 0 and less than 0.95 (a glyph with
    /// more shown is whole enough: the rest is the rounding of clip rectangles).
    pub visible: f64,
    /// Whether its centre is inside the clip, so it was read into [`Page::words`].
    pub read: bool,
}

/// What is drawn on a page but not displayed as text a reader can see: the counts and the
/// boxes (see [`Page::display_report`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DisplayReport {
    /// 1-based page number.
    pub page: usize,
    /// Characters drawn wholly out of sight ([`Page::hidden_glyphs`]; those cut are counted
    /// in `cut` instead).
    pub hidden: usize,
    /// Characters cut by the clip: partly displayed.
    pub cut: usize,
    /// The boxes of the cut characters, one per run of them on one line, top to bottom, with
    /// their text (U+FFFD for a glyph that maps to no text).
    pub cut_runs: Vec<CutRun>,
    /// The box around every character not read for being out of sight, the cut ones whose
    /// centre is outside included ([`Page::hidden_box`]).
    pub hidden_box: Option<[f64; 4]>,
    /// Characters drawn that map to no text ([`Page::unmapped`]).
    pub unmapped: usize,
    /// The box around them.
    pub unmapped_box: Option<[f64; 4]>,
}

/// Characters cut by the clip, side by side on one line.
#[derive(Debug, Clone, PartialEq)]
pub struct CutRun {
    /// Their text, in drawing order.
    pub text: String,
    /// The box of the whole characters.
    pub bbox: [f64; 4],
    /// How many.
    pub glyphs: usize,
    /// The smallest share of a letter's, digit's or ideograph's core displayed. Only those
    /// count: their ink spans the core of their box, where a dash's, a stop's or a bracket's
    /// lies in some band of it that the box does not tell (a page number's `-` drawn inside a
    /// clip one point high is whole). A run of nothing else is not reported.
    pub least_visible: f64,
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
    /// The glyph's box `[x0, y0, x1, y1]`, as [`CutGlyph::bbox`].
    pub bbox: [f64; 4],
}

/// Whether a glyph's ink spans the core of its box whatever the font: letters, digits and
/// ideographs, not punctuation or symbols.
fn ink_spans_box(text: &str) -> bool {
    !text.is_empty() && text.chars().all(char::is_alphanumeric)
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

    /// What is drawn on the page but not displayed as readable text: characters wholly out
    /// of sight (counted), characters cut by the clip (counted, with the box of each run of
    /// them on a line), characters that map to no text (counted).
    pub fn display_report(&self) -> DisplayReport {
        let cut_hidden = self.cut_glyphs.iter().filter(|g| !g.read).count();
        // Each run with the least share shown of its letters, digits and ideographs (infinite
        // while it has none: such a run is not reported).
        let mut runs: Vec<CutRun> = Vec::new();
        for g in &self.cut_glyphs {
            let evidence = g.text.as_deref().is_some_and(ink_spans_box);
            let shown = if evidence { g.visible } else { f64::INFINITY };
            let text = g.text.as_deref().unwrap_or("\u{fffd}");
            let [x0, y0, x1, y1] = g.bbox;
            let height = y1 - y0;
            // The same line: boxes overlapping vertically by half a glyph, at most a glyph
            // apart across.
            let joins = runs.last().is_some_and(|r| {
                let overlap = r.bbox[3].min(y1) - r.bbox[1].max(y0);
                let gap = x0.max(r.bbox[0]) - x1.min(r.bbox[2]);
                overlap > height / 2.0 && gap < height
            });
            match runs.last_mut() {
                Some(r) if joins => {
                    r.text.push_str(text);
                    r.bbox = [
                        r.bbox[0].min(x0),
                        r.bbox[1].min(y0),
                        r.bbox[2].max(x1),
                        r.bbox[3].max(y1),
                    ];
                    r.glyphs += 1;
                    r.least_visible = r.least_visible.min(shown);
                }
                _ => runs.push(CutRun {
                    text: text.to_owned(),
                    bbox: g.bbox,
                    glyphs: 1,
                    least_visible: shown,
                }),
            }
        }
        runs.retain(|r| r.least_visible.is_finite());
        runs.sort_by(|a, b| {
            b.bbox[3]
                .total_cmp(&a.bbox[3])
                .then(a.bbox[0].total_cmp(&b.bbox[0]))
        });
        DisplayReport {
            page: self.number,
            hidden: self.hidden_glyphs.saturating_sub(cut_hidden),
            cut: self.cut_glyphs.len(),
            cut_runs: runs,
            hidden_box: self.hidden_box,
            unmapped: self.unmapped.len(),
            unmapped_box: self.unmapped.iter().map(|u| u.bbox).reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            }),
        }
    }

    /// The page's rules whose centre line lies inside the rectangle `[x0, y0, x1, y1]`
    /// (widened by `tolerance` points on every side), each cut to the rectangle along its
    /// axis. For a table reader: the rules of the table's area.
    pub fn rules_in(&self, area: [f64; 4], tolerance: f64) -> Vec<Rule> {
        self.rules
            .iter()
            .filter_map(|r| r.within(area, tolerance))
            .collect()
    }
}

impl PdfText {
    /// `false` when no page has any text: a scan (pages with images only) or a blank
    /// document. Such a document cannot be read as text.
    pub fn has_text_layer(&self) -> bool {
        self.pages.iter().any(Page::has_text)
    }

    /// [`PdfError::NoTextLayer`] when [`has_text_layer`](Self::has_text_layer) is false,
    /// [`PdfError::OnlyInvisibleText`] when it is false but invisible text was drawn (the
    /// OCR layer of a scan). Either way there is nothing a reader of the page sees as text.
    pub fn check_text_layer(&self) -> Result<(), PdfError> {
        if self.has_text_layer() {
            return Ok(());
        }
        let glyphs: usize = self.pages.iter().map(|p| p.hidden_glyphs).sum();
        let pages = self.pages.len();
        if glyphs > 0 {
            Err(PdfError::OnlyInvisibleText { pages, glyphs })
        } else {
            Err(PdfError::NoTextLayer { pages })
        }
    }

    /// Every problem met: the file's, then each page's.
    pub fn all_problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .chain(self.pages.iter().flat_map(|p| p.problems.iter()))
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
    read_pdf_pages(bytes, usize::MAX)
}

/// [`read_pdf`], refusing a document of more than `max_pages` pages with
/// [`PdfError::TooManyPages`] before any page is read (what reading costs grows with the pages).
pub fn read_pdf_pages(bytes: &[u8], max_pages: usize) -> Result<PdfText, PdfError> {
    match catch_unwind(AssertUnwindSafe(|| read_pdf_inner(bytes, max_pages))) {
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

fn read_pdf_inner(bytes: &[u8], max_pages: usize) -> Result<PdfText, PdfError> {
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
    if page_ids.len() > max_pages {
        return Err(PdfError::TooManyPages {
            pages: page_ids.len(),
            max: max_pages,
        });
    }
    let mut problems = document_problems(&doc, page_ids.len());
    page_tree_problems(&doc, &page_ids, &mut problems);
    let mut interp = Interpreter::new(&doc);
    let mut pages = Vec::with_capacity(page_ids.len());
    for (i, id) in page_ids.iter().enumerate() {
        pages.push(read_page(&doc, &mut interp, i + 1, *id));
    }
    Ok(PdfText { pages, problems })
}

/// Problems of the file as a whole: a repaired cross-reference table, objects it lists
/// that could not be read, pages the page tree declares but does not lead to.
fn document_problems(doc: &Document, pages_found: usize) -> Vec<Problem> {
    use lopdf::xref::{XrefEntry, XrefRecovery};
    let mut problems = Vec::new();
    let mut push = |kind, detail: String| {
        problems.push(Problem {
            kind,
            page: None,
            detail,
        })
    };
    match doc.xref_recovery {
        Some(XrefRecovery::Reconstructed) => push(
            ProblemKind::XrefRebuilt,
            "the cross-reference table is unusable; it was rebuilt by scanning the file".to_owned(),
        ),
        Some(XrefRecovery::OffsetCorrected) => push(
            ProblemKind::XrefOffsetCorrected,
            "an offset of the cross-reference data is wrong; a section found nearby was used"
                .to_owned(),
        ),
        // A kind of repair this version of lopdf does not know yet.
        Some(_) => push(
            ProblemKind::XrefRebuilt,
            "the cross-reference table was repaired".to_owned(),
        ),
        None => {}
    }
    let mut missing: Vec<ObjectId> = Vec::new();
    let mut count = 0usize;
    for (&num, entry) in &doc.reference_table.entries {
        let id = match entry {
            XrefEntry::Normal { generation, .. } => (num, *generation),
            XrefEntry::Compressed { .. } => (num, 0),
            XrefEntry::Free | XrefEntry::UnusableFree => continue,
        };
        if !doc.objects.contains_key(&id) {
            count += 1;
            if missing.len() < 5 {
                missing.push(id);
            }
        }
    }
    // The loader removes the /Encrypt dictionary of an encrypted file from the objects.
    if doc.encryption_state.is_some() {
        count = count.saturating_sub(1);
    }
    if count > 0 {
        let ids: Vec<String> = missing.iter().map(|(n, g)| format!("{n} {g} R")).collect();
        push(
            ProblemKind::ObjectsMissing,
            format!(
                "{count} objects listed in the cross-reference table could not be read ({}{})",
                ids.join(", "),
                if count > ids.len() { ", ..." } else { "" }
            ),
        );
    }
    let declared = doc
        .catalog()
        .ok()
        .and_then(|c| obj::get_dict(doc, c, b"Pages"))
        .and_then(|p| obj::get_num(doc, p, b"Count"))
        .filter(|n| n.is_finite() && *n >= 0.0 && *n < 1e7)
        .map(|n| n as usize);
    if let Some(declared) = declared.filter(|d| *d > pages_found) {
        push(
            ProblemKind::PagesMissing,
            format!("the page tree declares {declared} pages; {pages_found} were found"),
        );
    }
    problems
}

/// Damaged keys in the page tree's nodes above the pages (each node checked once): what
/// they hold (resources, boxes, rotation) is inherited by the pages below.
fn page_tree_problems(doc: &Document, pages: &[ObjectId], problems: &mut Vec<Problem>) {
    let mut seen = std::collections::HashSet::new();
    for id in pages {
        let Some(mut node) = doc.get_object(*id).ok().and_then(|o| obj::as_dict(doc, o)) else {
            continue;
        };
        for _ in 0..64 {
            let Some(parent_id) = obj::get_ref(node, b"Parent") else {
                break;
            };
            if !seen.insert(parent_id) {
                break;
            }
            let Some(parent) = obj::get_dict(doc, node, b"Parent") else {
                break;
            };
            let damaged = obj::damaged_keys(parent, obj::PAGE_KEYS);
            if !damaged.is_empty() {
                problems.push(Problem {
                    kind: ProblemKind::DamagedEntry,
                    page: None,
                    detail: format!(
                        "page tree node {} {} R has damaged keys: {}",
                        parent_id.0,
                        parent_id.1,
                        damaged.join(", ")
                    ),
                });
            }
            node = parent;
        }
    }
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

/// Like [`inherited`], but says when the attribute is a reference to nothing.
fn inherited_lookup<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> obj::Lookup<'a> {
    let mut node = page;
    for _ in 0..64 {
        match obj::lookup(doc, node, key) {
            obj::Lookup::Absent => {}
            found => return found,
        }
        match obj::get_dict(doc, node, b"Parent") {
            Some(parent) => node = parent,
            None => break,
        }
    }
    obj::Lookup::Absent
}

fn read_page<'a>(
    doc: &'a Document,
    interp: &mut Interpreter<'a>,
    number: usize,
    id: ObjectId,
) -> Page {
    let mut problems = Vec::new();
    let mut problem = |kind, detail: String| {
        problems.push(Problem {
            kind,
            page: Some(number),
            detail,
        })
    };
    let Some(page) = doc.get_object(id).ok().and_then(|o| obj::as_dict(doc, o)) else {
        problem(
            ProblemKind::MissingObject,
            format!("page object {} {} R is missing", id.0, id.1),
        );
        return Page {
            number,
            width: 0.0,
            height: 0.0,
            words: Vec::new(),
            unmapped: Vec::new(),
            images: 0,
            rules: Vec::new(),
            diagonal_segments: 0,
            hidden_glyphs: 0,
            hidden_box: None,
            cut_glyphs: Vec::new(),
            problems,
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
    let damaged = obj::damaged_keys(page, obj::PAGE_KEYS);
    if !damaged.is_empty() {
        problem(
            ProblemKind::DamagedEntry,
            format!(
                "the page dictionary has damaged keys: {}",
                damaged.join(", ")
            ),
        );
    }
    let rotate = inherited(doc, page, b"Rotate").and_then(|o| obj::num(doc, o));
    if let Some(r) = rotate.filter(|r| r.rem_euclid(90.0) != 0.0) {
        problem(
            ProblemKind::DamagedEntry,
            format!("the page's /Rotate is {r}, not a multiple of 90"),
        );
    }
    let rotate = rotate.map_or(0, |r| ((r / 90.0).round() as i64).rem_euclid(4));
    let (w, h) = (crop[2] - crop[0], crop[3] - crop[1]);
    let shift = Matrix::new(1.0, 0.0, 0.0, 1.0, -crop[0], -crop[1]);
    let (rotation, width, height) = match rotate {
        1 => (Matrix::new(0.0, -1.0, 1.0, 0.0, 0.0, w), h, w),
        2 => (Matrix::new(-1.0, 0.0, 0.0, -1.0, w, h), w, h),
        3 => (Matrix::new(0.0, 1.0, -1.0, 0.0, h, 0.0), h, w),
        _ => (Matrix::IDENTITY, w, h),
    };
    let ctm = shift.then(&rotation);
    let resources = match inherited_lookup(doc, page, b"Resources") {
        obj::Lookup::Found(o) => {
            let d = obj::as_dict(doc, o);
            match d {
                None => problem(
                    ProblemKind::MissingObject,
                    "the page's /Resources is not a dictionary".to_owned(),
                ),
                Some(res) => {
                    let damaged = obj::damaged_keys(res, obj::RESOURCE_KEYS);
                    if !damaged.is_empty() {
                        problem(
                            ProblemKind::DamagedEntry,
                            format!(
                                "the page's resources have damaged keys: {}",
                                damaged.join(", ")
                            ),
                        );
                    }
                }
            }
            d
        }
        obj::Lookup::Dangling(r) => {
            problem(
                ProblemKind::MissingObject,
                format!("the page's resources ({} {} R) are missing", r.0, r.1),
            );
            None
        }
        obj::Lookup::Absent => None,
    };

    let mut content = Vec::new();
    let streams: Vec<&Object> = match obj::lookup(doc, page, b"Contents") {
        obj::Lookup::Found(Object::Array(items)) => items.iter().collect(),
        obj::Lookup::Found(other) => vec![other],
        obj::Lookup::Dangling(r) => {
            problem(
                ProblemKind::MissingObject,
                format!("the page's content stream {} {} R is missing", r.0, r.1),
            );
            Vec::new()
        }
        obj::Lookup::Absent => Vec::new(),
    };
    let mut content_damaged = false;
    for s in streams {
        match obj::resolve(doc, s) {
            Some(Object::Stream(stream)) => {
                let damaged = obj::damaged_keys(&stream.dict, obj::STREAM_KEYS);
                if !damaged.is_empty() {
                    problem(
                        ProblemKind::DamagedEntry,
                        format!(
                            "a content stream's dictionary has damaged keys: {}",
                            damaged.join(", ")
                        ),
                    );
                }
                let decoded = obj::stream_data(stream);
                content.extend_from_slice(&decoded.data);
                content.push(b'\n');
                if let Some(e) = decoded.error {
                    content_damaged = true;
                    problem(
                        ProblemKind::ContentUnreadable,
                        format!("content stream unreadable: {e}"),
                    );
                }
            }
            Some(Object::Null) | None => {
                let what = match s {
                    Object::Reference(r) => format!(" {} {} R", r.0, r.1),
                    _ => String::new(),
                };
                problem(
                    ProblemKind::MissingObject,
                    format!("the page's content stream{what} is missing"),
                );
            }
            Some(_) => problem(
                ProblemKind::ContentUnreadable,
                "the page's content is not a stream".to_owned(),
            ),
        }
    }
    let scan = interp.run_page(
        number,
        width,
        height,
        &content,
        resources,
        ctm,
        content_damaged,
    );
    // A stream that could not be decoded ends early or in garbage: that it then also ends
    // mid-operator, or holds junk, is the same defect, reported once.
    problems.extend(scan.problems.into_iter().filter(|p| {
        !(content_damaged
            && matches!(
                p.kind,
                ProblemKind::ContentTruncated | ProblemKind::BadOperators
            ))
    }));
    Page {
        number,
        width,
        height,
        words: layout::build_words(&scan.glyphs),
        unmapped: scan.unmapped,
        images: scan.images,
        rules: rules::merge(scan.rules),
        diagonal_segments: scan.diagonal_segments,
        hidden_glyphs: scan.hidden_glyphs,
        hidden_box: scan.hidden_box,
        cut_glyphs: scan.cut_glyphs,
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
