//! Why a PDF could not be rendered.

use std::path::PathBuf;

/// Why a PDF could not be rendered. Every font error names the font (its file, or the bundled
/// font).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("无法读取字体文件 {path}：{source} (cannot read the font file)")]
    FontIo {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not a font, or a font damaged beyond reading.
    #[error("{font}：不是可用的字体文件：{reason} (not a usable font file)")]
    BadFont { font: String, reason: String },
    /// A font of a kind the renderer cannot embed (variable CFF2 outlines, no outlines).
    #[error("{font}：不支持的字体：{reason} (unsupported font)")]
    UnsupportedFont { font: String, reason: String },
    /// The font's licence bits (OS/2 `fsType`) forbid embedding it in a document.
    #[error(
        "{font}：字体的授权标志不允许嵌入文档：{reason}；请换用允许嵌入的字体 \
         (the font's licence bits forbid embedding it: {reason}; choose a font that allows \
         embedding, e.g. Noto Sans CJK SC)"
    )]
    NotEmbeddable { font: String, reason: String },
    /// Characters the font has no glyph for (with [`crate::Options::allow_missing_glyphs`] they
    /// are drawn as the font's empty box instead and listed in [`crate::Rendered::missing_glyphs`]).
    #[error(
        "{font}：{}字体缺少 {} 个字符的字形：{} (the font has no glyph for these characters; \
         choose another font with --font)",
        if *no_chinese { "该字体没有中文字形（the font has no Chinese glyphs）；" } else { "" },
        chars.len(),
        shown(chars)
    )]
    MissingGlyphs {
        font: String,
        chars: Vec<char>,
        /// The font has no glyph for any of the document's Chinese characters.
        no_chinese: bool,
    },
}

/// The characters, at most 60 of them, each in quotes where it is invisible or a space.
fn shown(chars: &[char]) -> String {
    let mut s: String = chars
        .iter()
        .take(60)
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                format!("U+{:04X}", u32::from(*c))
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if chars.len() > 60 {
        s.push_str(" …");
    }
    s
}
