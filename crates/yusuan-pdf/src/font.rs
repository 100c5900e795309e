//! Fonts as the text reader needs them: how a string splits into codes, what text each
//! code stands for, and how far each glyph advances.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use crate::cmap::{self, code_value, Codespace, EmbeddedCMap, Predefined, ToUnicode};
use crate::encoding::{self, BaseEncoding};
use crate::obj;

/// Bound on per-CID width entries kept in a hash map.
const MAX_WIDTH_ENTRIES: usize = 1 << 18;

/// One glyph of a shown string, decoded.
#[derive(Debug, Clone)]
pub(crate) struct DecodedGlyph {
    pub(crate) code: u32,
    pub(crate) code_len: u8,
    /// The text it stands for; `None` when the font gives no way to know.
    pub(crate) text: Option<String>,
    /// Horizontal advance (or vertical, for a vertical font) in text-space units per unit
    /// font size (1.0 = one em), before character and word spacing.
    pub(crate) width: f64,
    /// A single-byte code 32: word spacing (Tw) applies to it.
    pub(crate) is_space_byte: bool,
}

#[derive(Debug, Clone)]
enum CidSource {
    Identity,
    Embedded(EmbeddedCMap),
    /// A predefined CMap whose CIDs we do not carry: ASCII codes are guessed as CIDs 1–95
    /// (the proportional Latin block every Adobe CJK collection starts with).
    Predefined,
}

#[derive(Debug, Clone, Default)]
struct CidWidths {
    default: f64,
    single: HashMap<u32, f64>,
    ranges: Vec<(u32, u32, f64)>,
}

impl CidWidths {
    fn get(&self, cid: u32) -> f64 {
        if let Some(w) = self.single.get(&cid) {
            return *w;
        }
        self.ranges
            .iter()
            .rev()
            .find(|(a, b, _)| *a <= cid && cid <= *b)
            .map_or(self.default, |(_, _, w)| *w)
    }
}

#[derive(Debug, Clone)]
enum Kind {
    Simple {
        unicode: Vec<Option<String>>,
        widths: Vec<f64>,
    },
    Composite {
        codespace: Codespace,
        cids: CidSource,
        fallback: Option<Predefined>,
        widths: CidWidths,
    },
}

/// A font resource, ready to decode strings.
#[derive(Debug, Clone)]
pub(crate) struct Font {
    /// The BaseFont name (subset prefix included), or the resource name when absent.
    pub(crate) name: String,
    kind: Kind,
    to_unicode: Option<ToUnicode>,
    /// Glyph-space to text-space scale of widths: 0.001, or FontMatrix[0] for Type 3.
    width_scale: f64,
    pub(crate) vertical: bool,
    /// Vertical fonts: the default vertical advance (DW2's second number), in em.
    pub(crate) vertical_advance: f64,
    /// Ascent and descent, in em (from the font descriptor, else typical values).
    pub(crate) ascent: f64,
    pub(crate) descent: f64,
    /// Non-fatal problems met while loading (reported on the page).
    pub(crate) problems: Vec<String>,
}

fn bytes_to_string(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

impl Font {
    /// The stand-in for a font that a `Tf` names but the resources lack: one byte per
    /// code, half an em wide, nothing mapped (so every glyph is reported).
    pub(crate) fn missing(resource_name: &[u8]) -> Font {
        Font {
            name: format!("(missing font /{})", bytes_to_string(resource_name)),
            kind: Kind::Simple {
                unicode: vec![None; 256],
                widths: vec![500.0; 256],
            },
            to_unicode: None,
            width_scale: 0.001,
            vertical: false,
            vertical_advance: -1.0,
            ascent: 0.85,
            descent: -0.15,
            problems: Vec::new(),
        }
    }

    pub(crate) fn load(doc: &Document, dict: &Dictionary, resource_name: &[u8]) -> Font {
        let mut problems = Vec::new();
        let subtype = obj::get_name(doc, dict, b"Subtype").unwrap_or_default();
        let name = obj::get_name(doc, dict, b"BaseFont")
            .map(bytes_to_string)
            .unwrap_or_else(|| format!("/{}", bytes_to_string(resource_name)));

        dangling(doc, dict, &name, &mut problems);
        let to_unicode = match obj::get(doc, dict, b"ToUnicode") {
            Some(Object::Stream(s)) => {
                let decoded = obj::stream_data(s);
                if let Some(e) = &decoded.error {
                    problems.push(format!("font {name}: ToUnicode map unreadable: {e}"));
                }
                // What could be decoded of a damaged map is still used.
                let tu = ToUnicode::parse(&decoded.data);
                if tu.is_empty() {
                    if decoded.error.is_none() {
                        problems.push(format!("font {name}: ToUnicode map is empty"));
                    }
                    None
                } else {
                    Some(tu)
                }
            }
            _ => None,
        };
        let to_unicode_identity = matches!(
            obj::get(doc, dict, b"ToUnicode"),
            Some(Object::Name(n)) if n.starts_with(b"Identity")
        );

        if subtype == b"Type0" {
            Self::load_composite(doc, dict, name, to_unicode, to_unicode_identity, problems)
        } else {
            Self::load_simple(doc, dict, subtype, name, to_unicode, problems)
        }
    }

    fn load_composite(
        doc: &Document,
        dict: &Dictionary,
        name: String,
        to_unicode: Option<ToUnicode>,
        to_unicode_identity: bool,
        mut problems: Vec<String>,
    ) -> Font {
        let (codespace, cids, mut fallback, vertical) = match obj::get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                let (family, vertical) = cmap::predefined(n);
                if family == Predefined::Unknown {
                    problems.push(format!(
                        "font {name}: unknown predefined CMap /{}",
                        bytes_to_string(n)
                    ));
                }
                let cids = if family == Predefined::Identity {
                    CidSource::Identity
                } else {
                    CidSource::Predefined
                };
                (family.codespace(), cids, Some(family), vertical)
            }
            Some(Object::Stream(s)) => {
                let decoded = obj::stream_data(s);
                match decoded.error {
                    Some(e) if decoded.data.is_empty() => {
                        problems.push(format!("font {name}: encoding CMap unreadable: {e}"));
                        (Codespace::two_byte(), CidSource::Identity, None, false)
                    }
                    error => {
                        if let Some(e) = error {
                            problems.push(format!("font {name}: encoding CMap unreadable: {e}"));
                        }
                        let cm = EmbeddedCMap::parse(&decoded.data);
                        let vertical = cm.vertical;
                        let parent = cm.parent;
                        (
                            cm.codespace.clone(),
                            CidSource::Embedded(cm),
                            parent,
                            vertical,
                        )
                    }
                }
            }
            _ => {
                problems.push(format!(
                    "font {name}: Type0 font without a usable /Encoding"
                ));
                (Codespace::two_byte(), CidSource::Identity, None, false)
            }
        };
        if to_unicode_identity && matches!(fallback, Some(Predefined::Identity) | None) {
            fallback = Some(Predefined::Ucs2);
        }

        let descendant = obj::get_array(doc, dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|d| obj::as_dict(doc, d));
        let mut widths = CidWidths {
            default: 1000.0,
            ..Default::default()
        };
        let mut vertical_advance = -1.0;
        let (mut ascent, mut descent) = (0.0, 0.0);
        if let Some(desc) = descendant {
            dangling(doc, desc, &name, &mut problems);
            if let Some(dw) = obj::get_num(doc, desc, b"DW") {
                widths.default = dw;
            }
            if let Some(w) = obj::get_array(doc, desc, b"W") {
                read_cid_widths(doc, w, &mut widths);
            }
            if let Some(dw2) = obj::get_array(doc, desc, b"DW2") {
                if let [_, w1, ..] = obj::numbers(doc, dw2).as_slice() {
                    vertical_advance = w1 / 1000.0;
                }
            }
            if let Some(fd) = obj::get_dict(doc, desc, b"FontDescriptor") {
                (ascent, descent) = ascent_descent(doc, fd);
            }
        } else {
            problems.push(format!("font {name}: Type0 font without a descendant font"));
        }
        let (ascent, descent) = sane_metrics(ascent, descent);
        Font {
            name,
            kind: Kind::Composite {
                codespace: if codespace.is_empty() {
                    Codespace::two_byte()
                } else {
                    codespace
                },
                cids,
                fallback,
                widths,
            },
            to_unicode,
            width_scale: 0.001,
            vertical,
            vertical_advance,
            ascent,
            descent,
            problems,
        }
    }

    fn load_simple(
        doc: &Document,
        dict: &Dictionary,
        subtype: &[u8],
        name: String,
        to_unicode: Option<ToUnicode>,
        problems: Vec<String>,
    ) -> Font {
        let descriptor = obj::get_dict(doc, dict, b"FontDescriptor");
        let flags = descriptor
            .and_then(|fd| obj::get_num(doc, fd, b"Flags"))
            .unwrap_or(0.0) as i64;
        let symbolic = flags & 4 != 0 && flags & 32 == 0;
        let lower = name.to_ascii_lowercase();
        let is_symbol_font = lower.contains("symbol") || lower.contains("dingbat");

        // Base encoding: the named one, else a guess by font kind.
        let default_base = if is_symbol_font {
            BaseEncoding::None
        } else if subtype == b"TrueType" && !symbolic {
            BaseEncoding::WinAnsi
        } else {
            BaseEncoding::Standard
        };
        let mut base = default_base;
        let mut differences: Vec<(usize, Option<String>)> = Vec::new();
        match obj::get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                base = BaseEncoding::from_name(n).unwrap_or(default_base);
            }
            Some(Object::Dictionary(enc)) => {
                if let Some(n) = obj::get_name(doc, enc, b"BaseEncoding") {
                    base = BaseEncoding::from_name(n).unwrap_or(default_base);
                }
                if let Some(diffs) = obj::get_array(doc, enc, b"Differences") {
                    let mut code: i64 = 0;
                    for item in diffs {
                        match obj::resolve(doc, item) {
                            Some(Object::Integer(i)) => code = *i,
                            Some(Object::Real(r)) => code = *r as i64,
                            Some(Object::Name(n)) => {
                                if let Ok(c) = usize::try_from(code) {
                                    if c < 256 {
                                        differences.push((c, encoding::glyph_name_to_unicode(n)));
                                    }
                                }
                                code = code.saturating_add(1);
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        let mut unicode: Vec<Option<String>> = (0..=255u8)
            .map(|c| base.unicode(c).map(String::from))
            .collect();
        for (code, text) in differences {
            if let Some(slot) = unicode.get_mut(code) {
                *slot = text;
            }
        }

        // Widths.
        let width_scale = if subtype == b"Type3" {
            obj::get_array(doc, dict, b"FontMatrix")
                .and_then(|m| obj::numbers(doc, m).first().copied())
                .filter(|v| v.is_finite() && *v != 0.0)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let missing = descriptor
            .and_then(|fd| obj::get_num(doc, fd, b"MissingWidth"))
            .unwrap_or(0.0);
        let mut widths = vec![missing; 256];
        match obj::get_array(doc, dict, b"Widths") {
            Some(arr) => {
                let first = obj::get_num(doc, dict, b"FirstChar").unwrap_or(0.0);
                let first = if first.is_finite() && first >= 0.0 {
                    first as usize
                } else {
                    0
                };
                for (i, w) in arr.iter().enumerate() {
                    let Some(code) = first.checked_add(i) else {
                        break;
                    };
                    if let (Some(slot), Some(w)) = (widths.get_mut(code), obj::num(doc, w)) {
                        *slot = w;
                    }
                }
            }
            None if subtype != b"Type3" => {
                for (code, slot) in widths.iter_mut().enumerate() {
                    *slot = encoding::standard_width(&name, u8::try_from(code).unwrap_or(0));
                }
            }
            None => {}
        }
        let (ascent, descent) = descriptor.map_or((0.0, 0.0), |fd| ascent_descent(doc, fd));
        let (ascent, descent) = sane_metrics(ascent, descent);
        Font {
            name,
            kind: Kind::Simple { unicode, widths },
            to_unicode,
            width_scale,
            vertical: false,
            vertical_advance: -1.0,
            ascent,
            descent,
            problems,
        }
    }

    /// Splits a shown string into glyphs, appending them to `out`.
    pub(crate) fn decode(&self, bytes: &[u8], out: &mut Vec<DecodedGlyph>) {
        match &self.kind {
            Kind::Simple { unicode, widths } => {
                for &b in bytes {
                    let code = u32::from(b);
                    let text = self
                        .to_unicode
                        .as_ref()
                        .and_then(|tu| tu.lookup(code))
                        .or_else(|| unicode.get(usize::from(b)).cloned().flatten());
                    let w = widths.get(usize::from(b)).copied().unwrap_or(0.0);
                    out.push(DecodedGlyph {
                        code,
                        code_len: 1,
                        text: clean(text),
                        width: w * self.width_scale,
                        is_space_byte: b == b' ',
                    });
                }
            }
            Kind::Composite {
                codespace,
                cids,
                fallback,
                widths,
            } => {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let n = codespace.code_len(rest).clamp(1, rest.len());
                    let (code_bytes, tail) = rest.split_at(n);
                    rest = tail;
                    let code = code_value(code_bytes);
                    let mut text = self.to_unicode.as_ref().and_then(|tu| tu.lookup(code));
                    if text.is_none() {
                        text = fallback.and_then(|f| f.unicode(code_bytes));
                    }
                    let cid = match cids {
                        CidSource::Identity => Some(code),
                        CidSource::Embedded(cm) => cm.cid(code),
                        CidSource::Predefined => {
                            // Guess: ASCII maps to the proportional Latin CIDs 1..=95.
                            let c = fallback
                                .and_then(|f| f.unicode(code_bytes))
                                .and_then(|t| t.chars().next());
                            match c {
                                Some(c @ ' '..='~') => Some(u32::from(c) - 0x1f),
                                _ => None,
                            }
                        }
                    };
                    let w = cid.map_or(widths.default, |cid| widths.get(cid));
                    out.push(DecodedGlyph {
                        code,
                        code_len: n as u8,
                        text: clean(text),
                        width: w * self.width_scale,
                        is_space_byte: n == 1 && code == 32,
                    });
                }
            }
        }
    }
}

/// Treats empty text and text made only of control characters (U+0000–U+001F except
/// tab/newline, U+FFFD) as no mapping at all, and gives a CJK radical or stroke its
/// unified ideograph ([`ideograph_of`]).
fn clean(text: Option<String>) -> Option<String> {
    let t = text?;
    if t.is_empty()
        || t.chars()
            .all(|c| (c < ' ' && c != '\t' && c != '\n') || c == char::REPLACEMENT_CHARACTER)
    {
        None
    } else if t.chars().any(|c| ideograph_of(c).is_some()) {
        Some(t.chars().map(|c| ideograph_of(c).unwrap_or(c)).collect())
    } else {
        Some(t)
    }
}

/// The unified ideograph a CJK radical or stroke is drawn as, for text mapped to the radical:
/// a CJK font draws 人 and the Kangxi radical ⼈ with one glyph, and a PDF's ToUnicode map
/// may name either (Chromium's print to PDF names the radical: `部⻔预算`, `⼈⺠政府`). A
/// budget's text never means the radical (Unicode's Equivalent_Unified_Ideograph).
pub(crate) fn ideograph_of(c: char) -> Option<char> {
    let cp = u32::from(c);
    if !matches!(cp, 0x2E80..=0x2FDF | 0x31C0..=0x31EF) {
        return None;
    }
    let table = crate::radicals::EQUIVALENT_IDEOGRAPH;
    let i = table.partition_point(|&(_, last, _)| last < cp);
    table
        .get(i)
        .filter(|&&(first, _, _)| first <= cp)
        .map(|&(_, _, ideograph)| ideograph)
}

/// Entries of a font dictionary that refer to a missing object, and damaged keys: the font
/// is then read without them (no ToUnicode map, default widths…), which may change its text.
/// The font descriptor and an encoding dictionary are checked with it.
fn dangling(doc: &Document, dict: &Dictionary, name: &str, problems: &mut Vec<String>) {
    let mut damaged = obj::damaged_keys(dict, obj::FONT_KEYS);
    for key in [&b"FontDescriptor"[..], b"Encoding"] {
        if let Some(d) = obj::get_dict(doc, dict, key) {
            damaged.extend(obj::damaged_keys(d, obj::FONT_KEYS));
        }
    }
    if !damaged.is_empty() {
        problems.push(format!("font {name}: damaged keys: {}", damaged.join(", ")));
    }
    for key in [
        &b"ToUnicode"[..],
        b"Encoding",
        b"DescendantFonts",
        b"Widths",
        b"W",
        b"FirstChar",
        b"FontDescriptor",
        b"CIDSystemInfo",
    ] {
        if let obj::Lookup::Dangling(id) = obj::lookup(doc, dict, key) {
            problems.push(format!(
                "font {name}: /{} ({} {} R) is missing",
                String::from_utf8_lossy(key),
                id.0,
                id.1
            ));
        }
    }
}

fn ascent_descent(doc: &Document, fd: &Dictionary) -> (f64, f64) {
    let a = obj::get_num(doc, fd, b"Ascent").unwrap_or(0.0) / 1000.0;
    let d = obj::get_num(doc, fd, b"Descent").unwrap_or(0.0) / 1000.0;
    (a, d)
}

/// Falls back to typical metrics when the descriptor's are missing or absurd.
fn sane_metrics(ascent: f64, descent: f64) -> (f64, f64) {
    let ascent = if (0.3..=1.5).contains(&ascent) {
        ascent
    } else {
        0.85
    };
    let descent = if (-0.6..=0.0).contains(&descent) && descent != 0.0 {
        descent
    } else {
        -0.15
    };
    (ascent, descent)
}

/// Reads a CIDFont /W array: `c [w1 w2 …]` and `c_first c_last w` entries.
fn read_cid_widths(doc: &Document, w: &[Object], out: &mut CidWidths) {
    let mut i = 0usize;
    while i < w.len() {
        let Some(first) = w.get(i).and_then(|o| obj::num(doc, o)) else {
            i += 1;
            continue;
        };
        if !(0.0..=f64::from(u32::MAX)).contains(&first) {
            i += 1;
            continue;
        }
        let first = first as u32;
        match w.get(i + 1).and_then(|o| obj::resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, item) in list.iter().enumerate() {
                    if out.single.len() >= MAX_WIDTH_ENTRIES {
                        break;
                    }
                    let (Ok(k), Some(width)) = (u32::try_from(k), obj::num(doc, item)) else {
                        continue;
                    };
                    if let Some(cid) = first.checked_add(k) {
                        out.single.insert(cid, width);
                    }
                }
                i += 2;
            }
            Some(_) => {
                let last = w.get(i + 1).and_then(|o| obj::num(doc, o));
                let width = w.get(i + 2).and_then(|o| obj::num(doc, o));
                if let (Some(last), Some(width)) = (last, width) {
                    if (0.0..=f64::from(u32::MAX)).contains(&last) && last as u32 >= first {
                        out.ranges.push((first, last as u32, width));
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
}

#[cfg(test)]
mod radical_tests {
    use super::{clean, ideograph_of};

    #[test]
    fn radicals_read_as_their_ideographs() {
        assert_eq!(ideograph_of('\u{2F08}'), Some('人'));
        assert_eq!(ideograph_of('\u{2EA0}'), Some('民'));
        assert_eq!(ideograph_of('\u{2ED4}'), Some('门'));
        assert_eq!(ideograph_of('人'), None);
        assert_eq!(ideograph_of('\u{2E80}'), None);
        assert_eq!(
            clean(Some("部\u{2ED4}⼈\u{2EA0}".to_string())).as_deref(),
            Some("部门人民")
        );
        assert_eq!(clean(Some("一般".to_string())).as_deref(), Some("一般"));
    }
}
