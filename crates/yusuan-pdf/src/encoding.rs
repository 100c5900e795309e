//! Simple-font encodings (Standard, WinAnsi, MacRoman, Differences), glyph names → Unicode,
//! and the widths of the standard 14 fonts for the ASCII range.

/// A simple font's base encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    /// No table: codes mean nothing without Differences or ToUnicode (Symbol, ZapfDingbats).
    None,
}

impl BaseEncoding {
    pub(crate) fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"StandardEncoding" | b"PDFDocEncoding" => Some(BaseEncoding::Standard),
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            _ => None,
        }
    }

    /// The Unicode character for a code, if the encoding defines one.
    pub(crate) fn unicode(self, code: u8) -> Option<char> {
        match self {
            BaseEncoding::None => None,
            BaseEncoding::Standard => standard_char(code),
            BaseEncoding::WinAnsi => {
                if code < 0x20 || code == 0x7f {
                    return None;
                }
                single_byte(encoding_rs::WINDOWS_1252, code)
                    .filter(|c| !('\u{80}'..='\u{9f}').contains(c))
            }
            BaseEncoding::MacRoman => {
                if code < 0x20 || code == 0x7f {
                    return None;
                }
                single_byte(encoding_rs::MACINTOSH, code)
            }
        }
    }
}

fn single_byte(enc: &'static encoding_rs::Encoding, code: u8) -> Option<char> {
    let buf = [code];
    let text = enc.decode_without_bom_handling_and_without_replacement(&buf)?;
    text.chars().next()
}

/// StandardEncoding: ASCII with curly quotes, and Adobe's own upper half.
fn standard_char(code: u8) -> Option<char> {
    let c = match code {
        0x27 => '\u{2019}',
        0x60 => '\u{2018}',
        0x20..=0x7e => char::from(code),
        0xa1 => '¡',
        0xa2 => '¢',
        0xa3 => '£',
        0xa4 => '\u{2044}',
        0xa5 => '¥',
        0xa6 => 'ƒ',
        0xa7 => '§',
        0xa8 => '¤',
        0xa9 => '\'',
        0xaa => '\u{201c}',
        0xab => '«',
        0xac => '\u{2039}',
        0xad => '\u{203a}',
        0xae => '\u{fb01}',
        0xaf => '\u{fb02}',
        0xb1 => '\u{2013}',
        0xb2 => '\u{2020}',
        0xb3 => '\u{2021}',
        0xb4 => '·',
        0xb6 => '¶',
        0xb7 => '\u{2022}',
        0xb8 => '\u{201a}',
        0xb9 => '\u{201e}',
        0xba => '\u{201d}',
        0xbb => '»',
        0xbc => '\u{2026}',
        0xbd => '\u{2030}',
        0xbf => '¿',
        0xc1 => '`',
        0xc2 => '´',
        0xc3 => '\u{02c6}',
        0xc4 => '\u{02dc}',
        0xc5 => '¯',
        0xc6 => '\u{02d8}',
        0xc7 => '\u{02d9}',
        0xc8 => '¨',
        0xca => '\u{02da}',
        0xcb => '¸',
        0xcd => '\u{02dd}',
        0xce => '\u{02db}',
        0xcf => '\u{02c7}',
        0xd0 => '\u{2014}',
        0xe1 => 'Æ',
        0xe3 => 'ª',
        0xe8 => 'Ł',
        0xe9 => 'Ø',
        0xea => 'Œ',
        0xeb => 'º',
        0xf1 => 'æ',
        0xf5 => 'ı',
        0xf8 => 'ł',
        0xf9 => 'ø',
        0xfa => 'œ',
        0xfb => 'ß',
        _ => return None,
    };
    Some(c)
}

/// Glyph names of the ASCII range 0x20..=0x7e (WinAnsi order, `quotesingle` and `grave`).
const ASCII_NAMES: [&str; 95] = [
    "space",
    "exclam",
    "quotedbl",
    "numbersign",
    "dollar",
    "percent",
    "ampersand",
    "quotesingle",
    "parenleft",
    "parenright",
    "asterisk",
    "plus",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less",
    "equal",
    "greater",
    "question",
    "at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "bracketleft",
    "backslash",
    "bracketright",
    "asciicircum",
    "underscore",
    "grave",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "braceleft",
    "bar",
    "braceright",
    "asciitilde",
];

/// Glyph names of Latin-1 0xa0..=0xff.
const LATIN1_NAMES: [&str; 96] = [
    "nbspace",
    "exclamdown",
    "cent",
    "sterling",
    "currency",
    "yen",
    "brokenbar",
    "section",
    "dieresis",
    "copyright",
    "ordfeminine",
    "guillemotleft",
    "logicalnot",
    "sfthyphen",
    "registered",
    "macron",
    "degree",
    "plusminus",
    "twosuperior",
    "threesuperior",
    "acute",
    "mu",
    "paragraph",
    "periodcentered",
    "cedilla",
    "onesuperior",
    "ordmasculine",
    "guillemotright",
    "onequarter",
    "onehalf",
    "threequarters",
    "questiondown",
    "Agrave",
    "Aacute",
    "Acircumflex",
    "Atilde",
    "Adieresis",
    "Aring",
    "AE",
    "Ccedilla",
    "Egrave",
    "Eacute",
    "Ecircumflex",
    "Edieresis",
    "Igrave",
    "Iacute",
    "Icircumflex",
    "Idieresis",
    "Eth",
    "Ntilde",
    "Ograve",
    "Oacute",
    "Ocircumflex",
    "Otilde",
    "Odieresis",
    "multiply",
    "Oslash",
    "Ugrave",
    "Uacute",
    "Ucircumflex",
    "Udieresis",
    "Yacute",
    "Thorn",
    "germandbls",
    "agrave",
    "aacute",
    "acircumflex",
    "atilde",
    "adieresis",
    "aring",
    "ae",
    "ccedilla",
    "egrave",
    "eacute",
    "ecircumflex",
    "edieresis",
    "igrave",
    "iacute",
    "icircumflex",
    "idieresis",
    "eth",
    "ntilde",
    "ograve",
    "oacute",
    "ocircumflex",
    "otilde",
    "odieresis",
    "divide",
    "oslash",
    "ugrave",
    "uacute",
    "ucircumflex",
    "udieresis",
    "yacute",
    "thorn",
    "ydieresis",
];

/// Other common glyph names (punctuation, WinAnsi's 0x80–0x9f, ligatures, CJK punctuation).
const OTHER_NAMES: &[(&str, &str)] = &[
    ("quoteright", "\u{2019}"),
    ("quoteleft", "\u{2018}"),
    ("quotedblleft", "\u{201c}"),
    ("quotedblright", "\u{201d}"),
    ("quotesinglbase", "\u{201a}"),
    ("quotedblbase", "\u{201e}"),
    ("guilsinglleft", "\u{2039}"),
    ("guilsinglright", "\u{203a}"),
    ("endash", "\u{2013}"),
    ("emdash", "\u{2014}"),
    ("bullet", "\u{2022}"),
    ("ellipsis", "\u{2026}"),
    ("dagger", "\u{2020}"),
    ("daggerdbl", "\u{2021}"),
    ("perthousand", "\u{2030}"),
    ("trademark", "\u{2122}"),
    ("Euro", "\u{20ac}"),
    ("euro", "\u{20ac}"),
    ("florin", "\u{0192}"),
    ("fraction", "\u{2044}"),
    ("circumflex", "\u{02c6}"),
    ("tilde", "\u{02dc}"),
    ("breve", "\u{02d8}"),
    ("dotaccent", "\u{02d9}"),
    ("ring", "\u{02da}"),
    ("hungarumlaut", "\u{02dd}"),
    ("ogonek", "\u{02db}"),
    ("caron", "\u{02c7}"),
    ("dotlessi", "\u{0131}"),
    ("Lslash", "\u{0141}"),
    ("lslash", "\u{0142}"),
    ("OE", "\u{0152}"),
    ("oe", "\u{0153}"),
    ("Scaron", "\u{0160}"),
    ("scaron", "\u{0161}"),
    ("Zcaron", "\u{017d}"),
    ("zcaron", "\u{017e}"),
    ("Ydieresis", "\u{0178}"),
    ("fi", "\u{fb01}"),
    ("fl", "\u{fb02}"),
    ("ff", "ff"),
    ("ffi", "ffi"),
    ("ffl", "ffl"),
    ("minus", "\u{2212}"),
    ("nonbreakingspace", "\u{a0}"),
    ("uni00A0", "\u{a0}"),
    ("hyphen", "-"),
    ("middot", "\u{b7}"),
    ("mu1", "\u{b5}"),
    ("Omega", "\u{3a9}"),
    ("Delta", "\u{394}"),
    ("pi", "\u{3c0}"),
    ("lozenge", "\u{25ca}"),
    ("notequal", "\u{2260}"),
    ("lessequal", "\u{2264}"),
    ("greaterequal", "\u{2265}"),
    ("infinity", "\u{221e}"),
    ("summation", "\u{2211}"),
    ("product", "\u{220f}"),
    ("radical", "\u{221a}"),
    ("approxequal", "\u{2248}"),
    ("partialdiff", "\u{2202}"),
    ("integral", "\u{222b}"),
    ("degreecentigrade", "\u{2103}"),
    ("onedotenleader", "\u{2024}"),
    ("twodotenleader", "\u{2025}"),
    ("ideographicspace", "\u{3000}"),
    ("ideographiccomma", "\u{3001}"),
    ("ideographicperiod", "\u{3002}"),
];

/// Maps a glyph name to Unicode text: the names above, `uniXXXX…`, `uXXXX[XX]`,
/// suffixed names (`a.sc`) and ligature names (`f_i`). `None` for `.notdef`, `gNN`, `cidNN`
/// and other names that carry no meaning.
pub(crate) fn glyph_name_to_unicode(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let base = match name.find('.') {
        Some(0) | None => name,
        Some(i) => name.get(..i).unwrap_or(name),
    };
    if base.is_empty() || base.starts_with('.') {
        return None;
    }
    if base.contains('_') {
        let mut out = String::new();
        for part in base.split('_') {
            out.push_str(&single_name(part)?);
        }
        return Some(out);
    }
    single_name(base)
}

fn single_name(name: &str) -> Option<String> {
    if let Some(i) = ASCII_NAMES.iter().position(|n| *n == name) {
        let code = u8::try_from(i + 0x20).ok()?;
        return Some(char::from(code).to_string());
    }
    if let Some(i) = LATIN1_NAMES.iter().position(|n| *n == name) {
        let code = u32::try_from(i + 0xa0).ok()?;
        return char::from_u32(code).map(String::from);
    }
    if let Some((_, t)) = OTHER_NAMES.iter().find(|(n, _)| *n == name) {
        return Some((*t).to_owned());
    }
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = hex
                .as_bytes()
                .chunks(4)
                .filter_map(|c| std::str::from_utf8(c).ok())
                .filter_map(|c| u16::from_str_radix(c, 16).ok())
                .collect();
            let s: String = char::decode_utf16(units).collect::<Result<_, _>>().ok()?;
            return Some(s);
        }
        return None;
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let v = u32::from_str_radix(hex, 16).ok()?;
            return char::from_u32(v).map(String::from);
        }
    }
    None
}

/// Helvetica widths (1/1000 em) for codes 0x20..=0x7e.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Times-Roman widths (1/1000 em) for codes 0x20..=0x7e.
const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
    556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
    722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

/// The width of `code` in a standard font that gives no /Widths (by family: Courier,
/// Times, otherwise Helvetica), in 1/1000 em.
pub(crate) fn standard_width(base_font: &str, code: u8) -> f64 {
    let lower = base_font.to_ascii_lowercase();
    if lower.contains("courier") || lower.contains("mono") {
        return 600.0;
    }
    let table = if lower.contains("times") || lower.contains("serif") {
        &TIMES
    } else {
        &HELVETICA
    };
    match code {
        0x20..=0x7e => table
            .get(usize::from(code - 0x20))
            .map_or(500.0, |w| f64::from(*w)),
        _ => 500.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        let g = |n: &str| glyph_name_to_unicode(n.as_bytes());
        assert_eq!(g("A").as_deref(), Some("A"));
        assert_eq!(g("zero").as_deref(), Some("0"));
        assert_eq!(g("eacute").as_deref(), Some("é"));
        assert_eq!(g("uni4E2D").as_deref(), Some("中"));
        assert_eq!(g("uni4E2D4E00").as_deref(), Some("中一"));
        assert_eq!(g("u1D400").as_deref(), Some("\u{1D400}"));
        assert_eq!(g("f_i").as_deref(), Some("fi"));
        assert_eq!(g("a.sc").as_deref(), Some("a"));
        assert_eq!(g(".notdef"), None);
        assert_eq!(g("g123"), None);
        assert_eq!(g("cid00123"), None);
    }

    #[test]
    fn base_encodings() {
        assert_eq!(BaseEncoding::WinAnsi.unicode(0x80), Some('€'));
        assert_eq!(BaseEncoding::WinAnsi.unicode(0x81), None);
        assert_eq!(BaseEncoding::WinAnsi.unicode(b'A'), Some('A'));
        assert_eq!(BaseEncoding::Standard.unicode(0x27), Some('\u{2019}'));
        assert_eq!(BaseEncoding::Standard.unicode(0xe1), Some('Æ'));
        assert_eq!(BaseEncoding::MacRoman.unicode(0x8e), Some('é'));
        assert_eq!(BaseEncoding::None.unicode(b'A'), None);
    }

    #[test]
    fn widths() {
        assert_eq!(standard_width("Helvetica", b' '), 278.0);
        assert_eq!(standard_width("Times-Roman", b'a'), 444.0);
        assert_eq!(standard_width("Courier-Bold", b'W'), 600.0);
    }
}
