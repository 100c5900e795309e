//! The document's CJK font: where it comes from ([`FontSource`]), one face of it read with
//! `ttf-parser` (characters to glyphs, advances, metrics, names, the licence's embedding bits),
//! and the subset of the glyphs a document uses written with `subsetter`, ready to embed:
//! TrueType outlines (`glyf`) as a TrueType program (PDF `FontFile2`), CFF outlines (`.otf`,
//! Source Han / Noto CJK) as a bare CID-keyed CFF program (`FontFile3`, `/CIDFontType0C`).
//! Collections (`.ttc`, `.otc`) give the face their index names, or the Simplified Chinese one.

use crate::error::RenderError;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use subsetter::GlyphRemapper;
use ttf_parser::Tag;

/// The bundled font: a GB2312-range subset of Noto Sans CJK SC Regular (SIL OFL 1.1) with
/// TrueType outlines. See `assets/fonts/README.md`.
pub(crate) static BUNDLED: &[u8] =
    include_bytes!("../../../assets/fonts/NotoSansCJKsc-Regular-GB2312.ttf");

/// Where the CJK font comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FontSource {
    /// The font bundled in the binary: a GB2312-range subset of Noto Sans CJK SC (SIL OFL 1.1).
    #[default]
    Bundled,
    /// A font file: TrueType (`.ttf`) or OpenType (`.otf`, CFF outlines), or a collection of
    /// them (`.ttc`, `.otc`) with the face `index` (`None`: the first face whose names say
    /// Simplified Chinese, else the first with Chinese glyphs, else the first).
    File { path: PathBuf, index: Option<u32> },
    /// Font file bytes, as for [`FontSource::File`].
    Bytes { data: Vec<u8>, index: Option<u32> },
}

impl FontSource {
    /// A font file, its Simplified Chinese (or first) face.
    pub fn file(path: impl Into<PathBuf>) -> FontSource {
        FontSource::File {
            path: path.into(),
            index: None,
        }
    }

    /// A font as a command line names it: `FILE`, or `FILE#N` for face `N` (from 0) of a
    /// collection. A name that exists as a file is taken as it is, `#` and all.
    pub fn from_arg(arg: &Path) -> FontSource {
        if !arg.is_file() {
            if let Some((file, n)) = arg.to_str().and_then(|s| s.rsplit_once('#')) {
                if let (false, Ok(index)) = (file.is_empty(), n.parse::<u32>()) {
                    return FontSource::File {
                        path: PathBuf::from(file),
                        index: Some(index),
                    };
                }
            }
        }
        FontSource::file(arg)
    }

    /// The font as messages name it.
    pub fn describe(&self) -> String {
        match self {
            FontSource::Bundled => "内置字体 (bundled font)".to_string(),
            FontSource::File { path, index: None } => path.display().to_string(),
            FontSource::File {
                path,
                index: Some(i),
            } => format!("{}#{i}", path.display()),
            FontSource::Bytes { .. } => "字体数据 (font data)".to_string(),
        }
    }

    pub(crate) fn index(&self) -> Option<u32> {
        match self {
            FontSource::Bundled => None,
            FontSource::File { index, .. } | FontSource::Bytes { index, .. } => *index,
        }
    }

    /// The font file's bytes.
    pub(crate) fn bytes(&self) -> Result<Cow<'_, [u8]>, RenderError> {
        match self {
            FontSource::Bundled => Ok(Cow::Borrowed(BUNDLED)),
            FontSource::File { path, .. } => {
                std::fs::read(path)
                    .map(Cow::Owned)
                    .map_err(|source| RenderError::FontIo {
                        path: path.clone(),
                        source,
                    })
            }
            FontSource::Bytes { data, .. } => Ok(Cow::Borrowed(data)),
        }
    }
}

/// How a face draws its glyphs, which decides how the PDF embeds it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outlines {
    /// `glyf`: a CIDFontType2 with a `FontFile2`.
    TrueType,
    /// `CFF `: a CIDFontType0 with a `FontFile3` of subtype `CIDFontType0C`.
    Cff,
}

/// One face of a font file.
pub(crate) struct Face<'a> {
    face: ttf_parser::Face<'a>,
    data: &'a [u8],
    index: u32,
    /// The font as messages name it (its file).
    pub name: String,
    pub outlines: Outlines,
    pub units_per_em: u16,
    pub ascent: i16,
    pub descent: i16,
    pub cap_height: i16,
    pub bbox: [i16; 4],
    pub postscript_name: String,
}

fn bad(font: &str, reason: impl Into<String>) -> RenderError {
    RenderError::BadFont {
        font: font.to_string(),
        reason: reason.into(),
    }
}

/// Why bytes are not a font, in words (the first bytes tell the common mix-ups).
fn not_a_font(data: &[u8], e: ttf_parser::FaceParsingError) -> String {
    match (data.get(0..4), e) {
        (Some(b"wOFF"), _) | (Some(b"wOF2"), _) => {
            "WOFF 网页字体，请先转换为 TTF/OTF (a WOFF web font: convert it to TTF or OTF)"
                .to_string()
        }
        (Some(b"%PDF"), _) => "这是 PDF 文件 (a PDF file)".to_string(),
        (_, ttf_parser::FaceParsingError::UnknownMagic) => {
            "不是 TrueType/OpenType 字体 (not a TrueType or OpenType font)".to_string()
        }
        (_, e) => format!("字体已损坏 (damaged font): {e}"),
    }
}

/// The face's names that tell its language: family, full and typographic family names, and
/// the PostScript name.
fn names(face: &ttf_parser::Face<'_>) -> Vec<String> {
    face.names()
        .into_iter()
        .filter(|n| matches!(n.name_id, 1 | 4 | 6 | 16))
        .filter_map(|n| n.to_string())
        .collect()
}

/// Names of a Simplified Chinese face: `Noto Sans CJK SC`, `NotoSansCJKsc-Regular`,
/// `Source Han Sans SC`, `… GB …`, `思源黑体 简`.
fn says_simplified(name: &str) -> bool {
    name.ends_with(" SC")
        || name.contains(" SC ")
        || name.contains("CJKsc")
        || name.contains("GB")
        || name.contains('简')
        || name.contains("Simplified")
}

fn has_chinese(face: &ttf_parser::Face<'_>) -> bool {
    ['中', '国', '预', '算']
        .iter()
        .all(|&c| face.glyph_index(c).is_some_and(|g| g.0 != 0))
}

/// The face to use: `index` if given, else in a collection the first face whose names say
/// Simplified Chinese, else the first with Chinese glyphs, else the first.
fn choose_face(data: &[u8], index: Option<u32>, font: &str) -> Result<u32, RenderError> {
    let faces = ttf_parser::fonts_in_collection(data);
    match (index, faces) {
        (Some(i), Some(n)) if i >= n => Err(bad(
            font,
            format!(
                "字体集只有 {n} 个字形集，没有第 {i} 个 (face {i} requested; the collection \
                 holds faces 0 to {})",
                n.saturating_sub(1)
            ),
        )),
        (Some(i), None) if i > 0 => Err(bad(
            font,
            format!(
                "不是字体集，只有一个字形集 (face {i} requested; the file is a single font, \
                 not a collection)"
            ),
        )),
        (Some(i), _) => Ok(i),
        (None, None) => Ok(0),
        (None, Some(n)) => {
            let parsed: Vec<(u32, ttf_parser::Face<'_>)> = (0..n)
                .filter_map(|i| ttf_parser::Face::parse(data, i).ok().map(|f| (i, f)))
                .collect();
            let simplified = parsed
                .iter()
                .find(|(_, f)| names(f).iter().any(|n| says_simplified(n)));
            let chinese = parsed.iter().find(|(_, f)| has_chinese(f));
            Ok(simplified.or(chinese).map_or(0, |(i, _)| *i))
        }
    }
}

/// Refuses a face whose licence bits (OS/2 `fsType`) forbid embedding it as the PDF would:
/// restricted licence embedding, embedding only the whole font (we embed subsets), or only
/// bitmaps. Where several usage bits are set, the most permissive counts (as the OpenType
/// specification says for versions before 3).
fn check_embedding(face: &ttf_parser::Face<'_>, font: &str) -> Result<(), RenderError> {
    let Some(os2) = face.raw_face().table(Tag::from_bytes(b"OS/2")) else {
        return Ok(());
    };
    let word = |at: usize| {
        os2.get(at..at + 2)
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map_or(0, u16::from_be_bytes)
    };
    let (version, fs_type) = (word(0), word(8));
    let refuse = |reason: &str| {
        Err(RenderError::NotEmbeddable {
            font: font.to_string(),
            reason: format!("{reason} (OS/2 fsType 0x{fs_type:04X})"),
        })
    };
    let usage = fs_type & 0x000F;
    if usage & 0x0002 != 0 && usage & 0x000C == 0 {
        return refuse("受限授权，禁止嵌入 (restricted licence embedding)");
    }
    if version >= 2 && fs_type & 0x0100 != 0 {
        return refuse(
            "只允许嵌入整个字体，不允许子集 (no subsetting: only the whole font may be embedded)",
        );
    }
    if version >= 2 && fs_type & 0x0200 != 0 {
        return refuse("只允许嵌入点阵字形 (bitmap embedding only)");
    }
    Ok(())
}

impl<'a> Face<'a> {
    /// Reads face `index` of a font file or collection (`None`: see [`FontSource::File`]);
    /// `font` names the font in errors.
    pub fn parse(data: &'a [u8], index: Option<u32>, font: &str) -> Result<Face<'a>, RenderError> {
        let index = choose_face(data, index, font)?;
        let face =
            ttf_parser::Face::parse(data, index).map_err(|e| bad(font, not_a_font(data, e)))?;
        let raw = face.raw_face();
        let outlines = if raw.table(Tag::from_bytes(b"glyf")).is_some() {
            Outlines::TrueType
        } else if raw.table(Tag::from_bytes(b"CFF ")).is_some() {
            Outlines::Cff
        } else if raw.table(Tag::from_bytes(b"CFF2")).is_some() {
            return Err(RenderError::UnsupportedFont {
                font: font.to_string(),
                reason: "可变字体（CFF2 字形）不支持，请用静态字体 (variable CFF2 outlines; use a \
                         static TrueType or OpenType font)"
                    .to_string(),
            });
        } else {
            return Err(RenderError::UnsupportedFont {
                font: font.to_string(),
                reason: "字体没有矢量字形（glyf 或 CFF） (no glyf or CFF outlines)".to_string(),
            });
        };
        if face.tables().cmap.is_none() {
            return Err(bad(font, "没有字符映射表 (no cmap table)"));
        }
        if face.tables().hmtx.is_none() {
            return Err(bad(font, "没有字宽表 (no hmtx table)"));
        }
        check_embedding(&face, font)?;
        let units_per_em = face.units_per_em();
        if units_per_em == 0 {
            return Err(bad(font, "unitsPerEm is 0"));
        }
        // Typographic ascender/descender are what CJK fonts design their line box by.
        let ascent = face.typographic_ascender().unwrap_or(face.ascender());
        let descent = face.typographic_descender().unwrap_or(face.descender());
        let cap_height = face
            .capital_height()
            .filter(|&h| h > 0)
            .unwrap_or_else(|| i16::try_from(u32::from(units_per_em) * 7 / 10).unwrap_or(700));
        let b = face.global_bounding_box();
        let postscript_name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>();
        Ok(Face {
            face,
            data,
            index,
            name: font.to_string(),
            outlines,
            units_per_em,
            ascent,
            descent,
            cap_height,
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max],
            postscript_name: if postscript_name.is_empty() {
                "CJKFont".to_string()
            } else {
                postscript_name
            },
        })
    }

    /// The glyph of a character, if the font has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.face
            .glyph_index(c)
            .map(|g| g.0)
            .filter(|&g| g != 0 && g < self.face.number_of_glyphs())
    }

    /// Advance width in font units.
    pub fn advance(&self, glyph: u16) -> u16 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0)
    }

    /// The face has glyphs for common Chinese characters.
    pub fn has_chinese(&self) -> bool {
        has_chinese(&self.face)
    }

    /// The subset holding the glyphs `remapper` maps (old glyph id → new, `.notdef` first), as
    /// the PDF embeds it: a TrueType program, or the bare CFF program of an OpenType CFF font.
    /// The new glyph ids are the CIDs (subsetter makes a CFF font CID-keyed, CID = glyph id).
    pub fn subset(&self, remapper: &GlyphRemapper) -> Result<Vec<u8>, RenderError> {
        let font = self.name.as_str();
        // subsetter works on untrusted bytes: a panic inside it on a broken font becomes an error.
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            subsetter::subset(self.data, self.index, remapper)
        }));
        let sfnt = match run {
            Ok(Ok(sfnt)) => sfnt,
            Ok(Err(e)) => return Err(bad(font, format!("无法生成子集 (cannot subset): {e}"))),
            Err(_) => {
                return Err(bad(
                    font,
                    "无法生成子集 (cannot subset: the subsetter failed)",
                ))
            }
        };
        match self.outlines {
            Outlines::TrueType => Ok(sfnt),
            Outlines::Cff => ttf_parser::RawFace::parse(&sfnt, 0)
                .ok()
                .and_then(|raw| raw.table(Tag::from_bytes(b"CFF ")))
                .map(<[u8]>::to_vec)
                .ok_or_else(|| bad(font, "子集没有 CFF 表 (the subset has no CFF table)")),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_parses_and_covers_gb2312_samples() {
        let f = Face::parse(BUNDLED, None, "bundled").unwrap();
        assert_eq!(f.units_per_em, 1000);
        assert_eq!(f.outlines, Outlines::TrueType);
        for c in "中华人民共和国预算公开，。、；：（）“”—０123456789,.%≥≤".chars()
        {
            assert!(f.glyph(c).is_some(), "{c}");
        }
        assert_eq!(f.advance(f.glyph('中').unwrap()), 1000);
        assert!(f.postscript_name.contains("Noto"), "{}", f.postscript_name);
    }

    #[test]
    fn subset_is_a_small_truetype_font() {
        let f = Face::parse(BUNDLED, None, "bundled").unwrap();
        let remapper =
            GlyphRemapper::new_from_glyphs(&[f.glyph('预').unwrap(), f.glyph('算').unwrap()]);
        let sub = f.subset(&remapper).unwrap();
        assert!(sub.len() < 6_000, "{}", sub.len());
        let back = ttf_parser::Face::parse(&sub, 0).unwrap();
        assert_eq!(back.number_of_glyphs(), 3);
        assert!(back.raw_face().table(Tag::from_bytes(b"glyf")).is_some());
    }

    #[test]
    fn a_font_arg_may_name_a_face() {
        assert_eq!(
            FontSource::from_arg(Path::new("/nonexistent/a.ttc#2")),
            FontSource::File {
                path: PathBuf::from("/nonexistent/a.ttc"),
                index: Some(2)
            }
        );
        assert_eq!(
            FontSource::from_arg(Path::new("/nonexistent/a.ttc")),
            FontSource::file("/nonexistent/a.ttc")
        );
        assert_eq!(
            FontSource::from_arg(Path::new("/nonexistent/a#b.ttf")),
            FontSource::file("/nonexistent/a#b.ttf")
        );
    }

    /// The bundled font with its OS/2 fsType set to `fs_type`.
    fn with_fs_type(fs_type: u16) -> Vec<u8> {
        let mut data = BUNDLED.to_vec();
        let n = usize::from(u16::from_be_bytes([data[4], data[5]]));
        let os2 = (0..n)
            .map(|i| 12 + 16 * i)
            .find(|&r| &data[r..r + 4] == b"OS/2")
            .map(|r| u32::from_be_bytes(data[r + 8..r + 12].try_into().unwrap()) as usize)
            .unwrap();
        data[os2 + 8..os2 + 10].copy_from_slice(&fs_type.to_be_bytes());
        data
    }

    #[test]
    fn licence_bits_decide_embedding() {
        for (fs_type, ok) in [
            (0x0000, true),
            (0x0004, true),
            (0x0008, true),
            (0x0006, true),
            (0x0002, false),
            (0x0104, false),
            (0x0208, false),
        ] {
            let data = with_fs_type(fs_type);
            let r = Face::parse(&data, None, "x.ttf");
            assert_eq!(r.is_ok(), ok, "fsType {fs_type:#06x}");
            if let Err(e) = r {
                assert!(matches!(e, RenderError::NotEmbeddable { .. }), "{e}");
                let msg = e.to_string();
                assert!(msg.starts_with("x.ttf："), "{msg}");
            }
        }
    }
}
