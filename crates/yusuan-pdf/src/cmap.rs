//! CMaps: codespace ranges (how many bytes a character code takes), ToUnicode maps
//! (code → text) and the predefined CJK encodings that carry their own Unicode meaning.

use std::collections::HashMap;

use crate::lexer::{Lexer, Operand, Token};

/// Bound on the number of codes one `bfrange` is expanded into a hash map.
const EXPAND_RANGE_MAX: u32 = 1024;
/// Bound on the total number of hash-map entries a CMap may create.
const MAX_ENTRIES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CodeRange {
    len: u8,
    lo: [u8; 4],
    hi: [u8; 4],
}

impl CodeRange {
    fn new(lo: &[u8], hi: &[u8]) -> Option<Self> {
        if lo.len() != hi.len() || lo.is_empty() || lo.len() > 4 {
            return None;
        }
        let mut r = CodeRange {
            len: lo.len() as u8,
            lo: [0; 4],
            hi: [0; 4],
        };
        for (i, (l, h)) in lo.iter().zip(hi).enumerate() {
            if let (Some(a), Some(b)) = (r.lo.get_mut(i), r.hi.get_mut(i)) {
                *a = *l;
                *b = *h;
            }
        }
        Some(r)
    }

    fn from_u32(len: u8, lo: u32, hi: u32) -> Self {
        let n = usize::from(len);
        let lo = lo.to_be_bytes();
        let hi = hi.to_be_bytes();
        CodeRange::new(
            lo.get(4 - n..).unwrap_or_default(),
            hi.get(4 - n..).unwrap_or_default(),
        )
        .unwrap_or(CodeRange {
            len: 1,
            lo: [0; 4],
            hi: [0xff, 0, 0, 0],
        })
    }

    fn matches(&self, bytes: &[u8]) -> bool {
        let n = usize::from(self.len);
        if bytes.len() < n {
            return false;
        }
        (0..n).all(|i| match (bytes.get(i), self.lo.get(i), self.hi.get(i)) {
            (Some(b), Some(l), Some(h)) => l <= b && b <= h,
            _ => false,
        })
    }

    fn first_byte_matches(&self, b: u8) -> bool {
        self.lo[0] <= b && b <= self.hi[0]
    }
}

/// The codespace of an encoding CMap: splits a string into character codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Codespace {
    ranges: Vec<CodeRange>,
}

pub(crate) fn code_value(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

impl Codespace {
    pub(crate) fn two_byte() -> Self {
        Codespace {
            ranges: vec![CodeRange::from_u32(2, 0, 0xffff)],
        }
    }

    fn from_list(list: &[(u8, u32, u32)]) -> Self {
        Codespace {
            ranges: list
                .iter()
                .map(|&(n, lo, hi)| CodeRange::from_u32(n, lo, hi))
                .collect(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Length in bytes (1..=4) of the code at the start of `bytes` (which is not empty).
    pub(crate) fn code_len(&self, bytes: &[u8]) -> usize {
        for n in 1..=4u8 {
            if self.ranges.iter().any(|r| r.len == n && r.matches(bytes)) {
                return usize::from(n);
            }
        }
        // No full match: take as many bytes as the shortest range whose first byte fits.
        let first = bytes.first().copied().unwrap_or(0);
        let n = self
            .ranges
            .iter()
            .filter(|r| r.first_byte_matches(first))
            .map(|r| usize::from(r.len))
            .min()
            .or_else(|| self.ranges.iter().map(|r| usize::from(r.len)).min())
            .unwrap_or(1);
        n.clamp(1, bytes.len().max(1))
    }
}

/// A `bfrange` kept as a range (too large to expand).
#[derive(Debug, Clone)]
struct BigRange {
    lo: u32,
    hi: u32,
    base: Vec<u16>,
}

/// A ToUnicode CMap: character code → Unicode text.
#[derive(Debug, Clone, Default)]
pub(crate) struct ToUnicode {
    map: HashMap<u32, String>,
    big: Vec<BigRange>,
}

impl ToUnicode {
    pub(crate) fn parse(data: &[u8]) -> ToUnicode {
        let parsed = ParsedCMap::parse(data);
        let mut tu = ToUnicode::default();
        for (src, dst) in parsed.bfchar {
            if tu.map.len() >= MAX_ENTRIES {
                break;
            }
            if let Some(text) = dst {
                tu.map.insert(code_value(&src), text);
            }
        }
        for (lo, hi, dst) in parsed.bfrange {
            let (lo, hi) = (code_value(&lo), code_value(&hi));
            if hi < lo {
                continue;
            }
            match dst {
                BfDest::List(list) => {
                    for (i, text) in list.into_iter().enumerate() {
                        let Ok(off) = u32::try_from(i) else { break };
                        let Some(code) = lo.checked_add(off) else {
                            break;
                        };
                        if code > hi || tu.map.len() >= MAX_ENTRIES {
                            break;
                        }
                        if let Some(text) = text {
                            tu.map.insert(code, text);
                        }
                    }
                }
                BfDest::Base(base) => {
                    if base.is_empty() {
                        continue;
                    }
                    if hi - lo < EXPAND_RANGE_MAX && tu.map.len() < MAX_ENTRIES {
                        for off in 0..=(hi - lo) {
                            if let Some(text) = range_target(&base, off) {
                                tu.map.insert(lo + off, text);
                            }
                        }
                    } else {
                        tu.big.push(BigRange { lo, hi, base });
                    }
                }
            }
        }
        tu
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty() && self.big.is_empty()
    }

    pub(crate) fn lookup(&self, code: u32) -> Option<String> {
        if let Some(t) = self.map.get(&code) {
            return Some(t.clone());
        }
        self.big
            .iter()
            .rev()
            .find(|r| r.lo <= code && code <= r.hi)
            .and_then(|r| range_target(&r.base, code - r.lo))
    }
}

/// The text for code `lo + off` of a `bfrange` whose first target is `base` (UTF-16 units):
/// the last unit is incremented by `off`.
fn range_target(base: &[u16], off: u32) -> Option<String> {
    let (last, head) = base.split_last()?;
    let last = u32::from(*last).checked_add(off)?;
    let mut units: Vec<u16> = head.to_vec();
    if last > 0xffff {
        // Carry into a supplementary-plane character, as some producers expect.
        let c = char::from_u32(last)?;
        let mut buf = [0u16; 2];
        units.extend_from_slice(c.encode_utf16(&mut buf));
    } else {
        units.push(last as u16);
    }
    utf16_text(&units)
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    if let [single] = bytes {
        return vec![u16::from(*single)];
    }
    bytes
        .chunks(2)
        .map(|c| match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

/// Decodes UTF-16 units; `None` when nothing decodes or the result is empty.
fn utf16_text(units: &[u16]) -> Option<String> {
    let s: String = char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

enum BfDest {
    Base(Vec<u16>),
    List(Vec<Option<String>>),
}

/// The raw content of a CMap program.
#[derive(Default)]
struct ParsedCMap {
    codespace: Vec<(Vec<u8>, Vec<u8>)>,
    bfchar: Vec<(Vec<u8>, Option<String>)>,
    bfrange: Vec<(Vec<u8>, Vec<u8>, BfDest)>,
    cidchar: Vec<(Vec<u8>, u32)>,
    cidrange: Vec<(Vec<u8>, Vec<u8>, u32)>,
    vertical: bool,
    usecmap: Option<Vec<u8>>,
}

fn dest_text(op: &Operand) -> Option<String> {
    match op {
        Operand::String(bytes) => utf16_text(&utf16_units(bytes)),
        Operand::Name(name) => crate::encoding::glyph_name_to_unicode(name),
        _ => None,
    }
}

fn as_cid(op: &Operand) -> Option<u32> {
    let n = op.as_f64()?;
    if n >= 0.0 && n <= f64::from(u32::MAX) {
        Some(n as u32)
    } else {
        None
    }
}

impl ParsedCMap {
    fn parse(data: &[u8]) -> ParsedCMap {
        let mut out = ParsedCMap::default();
        let mut lx = Lexer::new(data);
        let mut ops: Vec<Operand> = Vec::new();
        while let Some(tok) = lx.next_token() {
            let op = match tok {
                Token::Operand(o) => {
                    ops.push(o);
                    continue;
                }
                Token::Operator(op) => op,
            };
            match op {
                b"endcodespacerange" => {
                    for pair in ops.chunks_exact(2) {
                        if let [Operand::String(lo), Operand::String(hi)] = pair {
                            out.codespace.push((lo.clone(), hi.clone()));
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in ops.chunks_exact(2) {
                        if let [Operand::String(src), dst] = pair {
                            out.bfchar.push((src.clone(), dest_text(dst)));
                        }
                    }
                }
                b"endbfrange" => {
                    for triple in ops.chunks_exact(3) {
                        if let [Operand::String(lo), Operand::String(hi), dst] = triple {
                            let dest = match dst {
                                Operand::Array(items) => {
                                    BfDest::List(items.iter().map(dest_text).collect())
                                }
                                Operand::String(bytes) => BfDest::Base(utf16_units(bytes)),
                                _ => continue,
                            };
                            out.bfrange.push((lo.clone(), hi.clone(), dest));
                        }
                    }
                }
                b"endcidchar" | b"endnotdefchar" => {
                    for pair in ops.chunks_exact(2) {
                        if let [Operand::String(src), cid] = pair {
                            if let Some(cid) = as_cid(cid) {
                                out.cidchar.push((src.clone(), cid));
                            }
                        }
                    }
                }
                b"endcidrange" | b"endnotdefrange" => {
                    for triple in ops.chunks_exact(3) {
                        if let [Operand::String(lo), Operand::String(hi), cid] = triple {
                            if let Some(cid) = as_cid(cid) {
                                out.cidrange.push((lo.clone(), hi.clone(), cid));
                            }
                        }
                    }
                }
                b"usecmap" => {
                    if let Some(Operand::Name(n)) = ops.last() {
                        out.usecmap = Some(n.clone());
                    }
                }
                b"def" => {
                    if let [.., Operand::Name(key), Operand::Number(v)] = ops.as_slice() {
                        if key == b"WMode" && *v == 1.0 {
                            out.vertical = true;
                        }
                    }
                }
                _ => {}
            }
            ops.clear();
        }
        out
    }
}

/// A predefined CMap family whose codes carry a known Unicode meaning (or none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Predefined {
    /// Identity-H/V: code = CID, no Unicode meaning without a ToUnicode map.
    Identity,
    /// Uni*-UCS2-*: the code is a UCS-2 code point.
    Ucs2,
    /// Uni*-UTF16-*.
    Utf16,
    /// Uni*-UTF8-*.
    Utf8,
    /// Uni*-UTF32-*.
    Utf32,
    /// GB-EUC, GBpc-EUC, GBK-EUC, GBKp-EUC, GBK2K, GBT-EUC: decoded as GB18030 (a GBK superset).
    Gb,
    /// GB-H, GBT-H: 7-bit ISO-2022 form of GB 2312.
    Gb7bit,
    /// B5pc, ETen-B5, HKscs-B5…: Big5.
    Big5,
    /// *-RKSJ-*: Shift-JIS.
    ShiftJis,
    /// EUC-H/V (Japanese).
    EucJp,
    /// KSC-EUC, KSCms-UHC, KSCpc-EUC: EUC-KR / UHC.
    EucKr,
    /// A predefined name we do not know: two-byte codes, no Unicode meaning.
    Unknown,
}

/// Looks up a predefined CMap by name: its family and whether it is vertical.
pub(crate) fn predefined(name: &[u8]) -> (Predefined, bool) {
    let name = String::from_utf8_lossy(name);
    let vertical = name.ends_with("-V");
    let base = name
        .strip_suffix("-H")
        .or_else(|| name.strip_suffix("-V"))
        .unwrap_or(&name);
    let family = if base == "Identity" {
        Predefined::Identity
    } else if base.starts_with("Uni") && base.contains("UCS2") {
        Predefined::Ucs2
    } else if base.starts_with("Uni") && base.contains("UTF16") {
        Predefined::Utf16
    } else if base.starts_with("Uni") && base.contains("UTF8") {
        Predefined::Utf8
    } else if base.starts_with("Uni") && base.contains("UTF32") {
        Predefined::Utf32
    } else if matches!(base, "GB" | "GBT") {
        Predefined::Gb7bit
    } else if base.starts_with("GB") {
        Predefined::Gb
    } else if base.contains("B5") {
        Predefined::Big5
    } else if base.contains("RKSJ") {
        Predefined::ShiftJis
    } else if base == "EUC" {
        Predefined::EucJp
    } else if base.starts_with("KSC") {
        Predefined::EucKr
    } else {
        Predefined::Unknown
    };
    (family, vertical)
}

impl Predefined {
    pub(crate) fn codespace(self) -> Codespace {
        match self {
            Predefined::Identity | Predefined::Ucs2 | Predefined::Unknown => Codespace::two_byte(),
            Predefined::Utf16 => Codespace::from_list(&[
                (2, 0x0000, 0xd7ff),
                (4, 0xd800_dc00, 0xdbff_dfff),
                (2, 0xe000, 0xffff),
            ]),
            Predefined::Utf8 => Codespace::from_list(&[
                (1, 0x00, 0x7f),
                (2, 0xc080, 0xdfbf),
                (3, 0xe0_8080, 0xef_bfbf),
                (4, 0xf080_8080, 0xf7bf_bfbf),
            ]),
            Predefined::Utf32 => Codespace::from_list(&[(4, 0, 0x0010_ffff)]),
            Predefined::Gb => Codespace::from_list(&[
                (1, 0x00, 0x80),
                (2, 0x8140, 0xfefe),
                (4, 0x8130_8130, 0xfe39_fe39),
            ]),
            Predefined::Gb7bit => Codespace::from_list(&[(1, 0x00, 0x20), (2, 0x2121, 0x7e7e)]),
            Predefined::Big5 => Codespace::from_list(&[(1, 0x00, 0x80), (2, 0x8140, 0xfefe)]),
            Predefined::ShiftJis => Codespace::from_list(&[
                (1, 0x00, 0x80),
                (1, 0xa0, 0xdf),
                (2, 0x8140, 0x9ffc),
                (2, 0xe040, 0xfcfc),
            ]),
            Predefined::EucJp => Codespace::from_list(&[
                (1, 0x00, 0x80),
                (2, 0x8ea0, 0x8edf),
                (2, 0xa1a1, 0xfefe),
                (3, 0x8f_a1a1, 0x8f_fefe),
            ]),
            Predefined::EucKr => Codespace::from_list(&[(1, 0x00, 0x80), (2, 0x8141, 0xfefe)]),
        }
    }

    /// The Unicode text the code stands for, where the CMap gives it one.
    pub(crate) fn unicode(self, bytes: &[u8]) -> Option<String> {
        let text = match self {
            Predefined::Identity | Predefined::Unknown => return None,
            Predefined::Ucs2 => char::from_u32(code_value(bytes)).map(String::from),
            Predefined::Utf16 => {
                let units = utf16_units(bytes);
                let s: Option<String> = char::decode_utf16(units).collect::<Result<_, _>>().ok();
                s
            }
            Predefined::Utf8 => std::str::from_utf8(bytes).ok().map(str::to_owned),
            Predefined::Utf32 => char::from_u32(code_value(bytes)).map(String::from),
            Predefined::Gb => decode_with(encoding_rs::GB18030, bytes),
            Predefined::Gb7bit => {
                if bytes.len() == 2 {
                    let high: Vec<u8> = bytes.iter().map(|b| b | 0x80).collect();
                    decode_with(encoding_rs::GB18030, &high)
                } else {
                    decode_with(encoding_rs::GB18030, bytes)
                }
            }
            Predefined::Big5 => decode_with(encoding_rs::BIG5, bytes),
            Predefined::ShiftJis => decode_with(encoding_rs::SHIFT_JIS, bytes),
            Predefined::EucJp => decode_with(encoding_rs::EUC_JP, bytes),
            Predefined::EucKr => decode_with(encoding_rs::EUC_KR, bytes),
        };
        text.filter(|s| !s.is_empty() && !s.contains('\0'))
    }
}

fn decode_with(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
}

/// An encoding CMap embedded in the file (the `/Encoding` of a Type0 font as a stream).
#[derive(Debug, Clone, Default)]
pub(crate) struct EmbeddedCMap {
    pub(crate) codespace: Codespace,
    cids: HashMap<u32, u32>,
    ranges: Vec<(u32, u32, u32)>,
    pub(crate) vertical: bool,
    /// The predefined CMap it builds on (`usecmap`), if any.
    pub(crate) parent: Option<Predefined>,
}

impl EmbeddedCMap {
    pub(crate) fn parse(data: &[u8]) -> EmbeddedCMap {
        let parsed = ParsedCMap::parse(data);
        let mut cm = EmbeddedCMap {
            vertical: parsed.vertical,
            ..Default::default()
        };
        for (lo, hi) in &parsed.codespace {
            if let Some(r) = CodeRange::new(lo, hi) {
                cm.codespace.ranges.push(r);
            }
        }
        if let Some(parent) = &parsed.usecmap {
            let (family, vertical) = predefined(parent);
            cm.parent = Some(family);
            cm.vertical |= vertical;
            if cm.codespace.is_empty() {
                cm.codespace = family.codespace();
            }
        }
        for (src, cid) in parsed.cidchar {
            if cm.cids.len() < MAX_ENTRIES {
                cm.cids.insert(code_value(&src), cid);
            }
        }
        for (lo, hi, cid) in parsed.cidrange {
            let (lo, hi) = (code_value(&lo), code_value(&hi));
            if lo <= hi {
                cm.ranges.push((lo, hi, cid));
            }
        }
        if cm.codespace.is_empty() {
            cm.codespace = Codespace::two_byte();
        }
        cm
    }

    pub(crate) fn cid(&self, code: u32) -> Option<u32> {
        if let Some(c) = self.cids.get(&code) {
            return Some(*c);
        }
        self.ranges
            .iter()
            .rev()
            .find(|(lo, hi, _)| *lo <= code && code <= *hi)
            .and_then(|(lo, _, cid)| cid.checked_add(code - lo))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0430> <4E00>
<0500> <D835DC00>
endbfchar
3 beginbfrange
<0010> <0012> <0030>
<0020> <0021> [<0041> <00660069>]
<1000> <FFFF> <4E00>
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn to_unicode_forms() {
        let tu = ToUnicode::parse(CMAP);
        assert_eq!(tu.lookup(0x0003).as_deref(), Some(" "));
        assert_eq!(tu.lookup(0x0430).as_deref(), Some("一"));
        assert_eq!(tu.lookup(0x0500).as_deref(), Some("\u{1D400}"));
        assert_eq!(tu.lookup(0x0011).as_deref(), Some("1"));
        assert_eq!(tu.lookup(0x0012).as_deref(), Some("2"));
        assert_eq!(tu.lookup(0x0013), None);
        assert_eq!(tu.lookup(0x0020).as_deref(), Some("A"));
        assert_eq!(tu.lookup(0x0021).as_deref(), Some("fi"));
        assert_eq!(tu.lookup(0x1001).as_deref(), Some("丁"));
        assert_eq!(tu.lookup(0x0fff), None);
    }

    #[test]
    fn codespace_lengths() {
        let gb = Predefined::Gb.codespace();
        assert_eq!(gb.code_len(b"A\xd6\xd0"), 1);
        assert_eq!(gb.code_len(b"\xd6\xd0A"), 2);
        assert_eq!(gb.code_len(b"\xd6"), 1);
        let id = Codespace::two_byte();
        assert_eq!(id.code_len(b"\x00\x41\x00"), 2);
        assert_eq!(id.code_len(b"\x41"), 1);
    }

    #[test]
    fn predefined_families() {
        assert_eq!(predefined(b"UniGB-UCS2-H"), (Predefined::Ucs2, false));
        assert_eq!(predefined(b"UniGB-UTF16-V"), (Predefined::Utf16, true));
        assert_eq!(predefined(b"GBK-EUC-H"), (Predefined::Gb, false));
        assert_eq!(predefined(b"GB-EUC-H"), (Predefined::Gb, false));
        assert_eq!(predefined(b"Identity-H"), (Predefined::Identity, false));
        assert_eq!(Predefined::Gb.unicode(b"\xd6\xd0").as_deref(), Some("中"));
        assert_eq!(Predefined::Gb.unicode(b"1").as_deref(), Some("1"));
        assert_eq!(Predefined::Ucs2.unicode(b"\x4e\x2d").as_deref(), Some("中"));
        assert_eq!(
            Predefined::Utf16.unicode(b"\xd8\x35\xdc\x00").as_deref(),
            Some("\u{1D400}")
        );
        assert_eq!(Predefined::Identity.unicode(b"\x4e\x2d"), None);
    }

    #[test]
    fn embedded_encoding_cmap() {
        let cm = EmbeddedCMap::parse(
            b"/WMode 1 def 1 begincodespacerange <00> <FF> endcodespacerange
              1 begincidrange <20> <7e> 1 endcidrange 1 begincidchar <80> 500 endcidchar",
        );
        assert!(cm.vertical);
        assert_eq!(cm.codespace.code_len(b"\x41\x42"), 1);
        assert_eq!(cm.cid(0x21), Some(2));
        assert_eq!(cm.cid(0x80), Some(500));
        assert_eq!(cm.cid(0x81), None);
    }
}
