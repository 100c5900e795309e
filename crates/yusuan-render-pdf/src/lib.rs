//! Render a [`Disclosure`] as an A4 PDF: a cover, a table of contents, the narrative, every table
//! (multi-row headers, repeated on each continued page, wide tables on landscape pages) and the
//! performance-goal forms, with page numbers.
//!
//! The text is real text: one embedded CJK font, subset to the glyphs the document uses, with a
//! ToUnicode map so that copying and searching work. The PDF is written with `pdf-writer`; the
//! font is parsed and subset here (TrueType outlines only), so the build stays light.
//!
//! ```no_run
//! # fn demo(d: &yusuan_model::Disclosure) -> Result<(), yusuan_render_pdf::RenderError> {
//! let pdf = yusuan_render_pdf::render(d, &yusuan_render_pdf::FontSource::Bundled)?;
//! # let _ = pdf; Ok(()) }
//! ```

mod doc;
mod font;
mod fonts;
mod perf;
mod table;
mod text;

use std::path::PathBuf;
use yusuan_model::Disclosure;

/// Where the CJK font comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FontSource {
    /// The font bundled in the binary: a GB2312-range subset of Noto Sans CJK SC (SIL OFL 1.1).
    #[default]
    Bundled,
    /// A TrueType font file (`.ttf`, or `.ttc` with the face `index`; `None` picks the first
    /// Simplified Chinese face).
    File { path: PathBuf, index: Option<u32> },
    /// Font file bytes.
    Bytes { data: Vec<u8>, index: Option<u32> },
}

impl FontSource {
    /// A font file, its first (or Simplified Chinese) face.
    pub fn file(path: impl Into<PathBuf>) -> FontSource {
        FontSource::File {
            path: path.into(),
            index: None,
        }
    }

    fn load(&self) -> Result<font::Face, RenderError> {
        match self {
            FontSource::Bundled => font::Face::parse(font::BUNDLED.to_vec(), None),
            FontSource::File { path, index } => {
                let data = std::fs::read(path).map_err(|source| RenderError::FontIo {
                    path: path.clone(),
                    source,
                })?;
                font::Face::parse(data, *index)
            }
            FontSource::Bytes { data, index } => font::Face::parse(data.clone(), *index),
        }
    }
}

/// Why a PDF could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("无法读取字体文件 {path}: {source} (cannot read the font file)")]
    FontIo {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("字体文件无法解析：{0} (bad font file)")]
    BadFont(String),
    #[error("不支持的字体：{0} (unsupported font)")]
    UnsupportedFont(String),
    /// Characters the font has no glyph for (with [`Options::allow_missing_glyphs`] they are
    /// drawn as the font's empty box instead and listed in [`Rendered::missing_glyphs`]).
    #[error("字体缺少 {} 个字符的字形：{} (the font has no glyph for these characters; pass another font with --font)", .0.len(), .0.iter().collect::<String>())]
    MissingGlyphs(Vec<char>),
}

/// Rendering options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Draw characters the font lacks as its empty box (`.notdef`) and report them in
    /// [`Rendered::missing_glyphs`] instead of failing. Their text stays extractable.
    pub allow_missing_glyphs: bool,
    /// A cover page.
    pub cover: bool,
    /// A table of contents after the cover.
    pub contents: bool,
    /// How the disclosure is printed ([`yusuan_render::style`]).
    pub style: yusuan_render::Style,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            allow_missing_glyphs: false,
            cover: true,
            contents: true,
            style: yusuan_render::Style::default(),
        }
    }
}

/// A rendered PDF and what rendering noticed.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Characters the font has no glyph for, in code point order (empty unless
    /// [`Options::allow_missing_glyphs`]).
    pub missing_glyphs: Vec<char>,
    /// Glyphs embedded in the subset font.
    pub glyphs: usize,
}

/// Render a disclosure as an A4 PDF. Fails with [`RenderError::MissingGlyphs`] when the font
/// lacks a character the disclosure uses: nothing is dropped silently.
pub fn render(d: &Disclosure, font: &FontSource) -> Result<Vec<u8>, RenderError> {
    render_with(d, font, &Options::default()).map(|r| r.pdf)
}

/// Render a disclosure with options, returning the PDF and what rendering noticed.
pub fn render_with(
    d: &Disclosure,
    font: &FontSource,
    options: &Options,
) -> Result<Rendered, RenderError> {
    let face = font.load()?;
    let fonts = fonts::Fonts::new(face);
    let mut doc = doc::Doc::new(fonts, options.style.clone());
    doc.layout_disclosure(d, options);
    let missing: Vec<char> = doc.fonts.missing().collect();
    if !missing.is_empty() && !options.allow_missing_glyphs {
        return Err(RenderError::MissingGlyphs(missing));
    }
    let pages = doc.page_count();
    let glyphs = doc.fonts.glyph_count();
    let pdf = doc.finish(d)?;
    Ok(Rendered {
        pdf,
        pages,
        missing_glyphs: missing,
        glyphs,
    })
}
