//! Render a [`Disclosure`] as an A4 PDF: a cover, a table of contents, the narrative, every table
//! (multi-row headers, repeated on each continued page, wide tables on landscape pages) and the
//! performance-goal forms, with page numbers.
//!
//! The text is real text: one embedded CJK font, subset to the glyphs the document uses, with a
//! ToUnicode map so that copying and searching work. The PDF is written with `pdf-writer`; the
//! font is read with `ttf-parser` and subset with `subsetter` (TrueType or CFF outlines, single
//! fonts or collections).
//!
//! ```no_run
//! # fn demo(d: &yusuan_model::Disclosure) -> Result<(), yusuan_render_pdf::RenderError> {
//! let pdf = yusuan_render_pdf::render(d, &yusuan_render_pdf::FontSource::Bundled)?;
//! # let _ = pdf; Ok(()) }
//! ```
//!
//! Modules depend one way (a test checks it): `lib` → `flow` (the order of a disclosure's
//! parts) → `perf` (forms) → `table` (grids) → `doc` (pages and drawing) → `text` (line
//! breaking) → `fonts` (characters in use) → `font` (the face) → `error`; `write` (the PDF file)
//! → `doc`, `fonts`, `font`.

mod doc;
mod error;
mod flow;
mod font;
mod fonts;
mod options;
mod perf;
mod table;
mod text;
mod write;

pub use error::RenderError;
pub use font::FontSource;
pub use options::Options;
use yusuan_model::Disclosure;

/// A rendered PDF and what rendering noticed.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Characters the font has no glyph for, in code point order (empty unless
    /// [`Options::allow_missing_glyphs`]).
    pub missing_glyphs: Vec<char>,
    /// Distinct glyphs the document uses (`.notdef` included); the subset font holds them
    /// and the components of composite glyphs.
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
    let data = font.bytes()?;
    let face = font::Face::parse(&data, font.index(), &font.describe())?;
    let mut doc = doc::Doc::new(fonts::Fonts::new(face), options.style.clone());
    flow::layout(&mut doc, d, options);
    let missing: Vec<char> = doc.fonts.missing().collect();
    if !missing.is_empty() && !options.allow_missing_glyphs {
        let is_han = |c: &char| ('\u{4E00}'..='\u{9FFF}').contains(c);
        return Err(RenderError::MissingGlyphs {
            font: doc.fonts.face.name.clone(),
            no_chinese: missing.iter().any(is_han) && !doc.fonts.face.has_chinese(),
            chars: missing,
        });
    }
    let pages = doc.page_count();
    let glyphs = doc.fonts.glyph_count();
    let pdf = write::pdf(doc, d)?;
    Ok(Rendered {
        pdf,
        pages,
        missing_glyphs: missing,
        glyphs,
    })
}
