//! Rendering options.

/// Rendering options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Draw characters the font lacks as its empty box (`.notdef`) and report them in
    /// [`crate::Rendered::missing_glyphs`] instead of failing. Their text stays extractable.
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
