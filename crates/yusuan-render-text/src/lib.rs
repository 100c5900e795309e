//! Text renderers of a [`Disclosure`]:
//!
//! - [`render_markdown`] (also [`render`]): the whole document in Markdown, with headings,
//!   paragraphs and GFM tables.
//! - [`render_csv`]: one CSV file per table (UTF-8 with a BOM so that Excel reads the Chinese
//!   text, the header rows, codes written in full), and the performance goals and indicators.
//! - [`render_json`]: the disclosure as JSON, exactly as the model serialises it.

pub mod csv;
pub mod markdown;

pub use csv::render as render_csv;
pub use markdown::render as render_markdown;
pub use yusuan_render::RenderError;

use yusuan_model::Disclosure;

/// The whole document in Markdown (the same as [`render_markdown`]).
pub fn render(d: &Disclosure) -> Result<String, RenderError> {
    render_markdown(d)
}

/// The disclosure as pretty-printed JSON: every table, cell, code (in full, as a string),
/// amount (in 分 with its unit and decimals) and provenance.
pub fn render_json(d: &Disclosure) -> Result<String, RenderError> {
    serde_json::to_string_pretty(d).map_err(|e| RenderError::backend("json", e))
}
