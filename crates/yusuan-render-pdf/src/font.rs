//! A TrueType font: just enough parsing to map characters to glyphs, measure them, and write a
//! subset that holds only the glyphs a document uses (a CIDFontType2 `FontFile2`).
//!
//! Only TrueType outlines (`glyf`) are supported; a font with CFF outlines (`.otf` with a
//! `CFF ` table) is refused with [`RenderError::UnsupportedFont`]. Collections (`.ttc`) are read:
//! the face is chosen by index, or the first face whose name says Simplified Chinese.

use crate::RenderError;
use std::collections::HashMap;

/// The bundled font: a GB2312-range subset of Noto Sans CJK SC Regular (SIL OFL 1.1), converted
/// to TrueType outlines. See `assets/fonts/README.md`.
pub(crate) static BUNDLED: &[u8] =
    include_bytes!("../../../assets/fonts/NotoSansCJKsc-Regular-GB2312.ttf");

fn u16_at(d: &[u8], off: usize) -> Option<u16> {
    d.get(off..off + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn i16_at(d: &[u8], off: usize) -> Option<i16> {
    u16_at(d, off).map(|v| v as i16)
}

fn u32_at(d: &[u8], off: usize) -> Option<u32> {
    d.get(off..off + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn bad(what: &str) -> RenderError {
    RenderError::BadFont(what.to_string())
}

/// A parsed TrueType face.
pub(crate) struct Face {
    data: Vec<u8>,
    tables: HashMap<[u8; 4], (usize, usize)>,
    pub units_per_em: u16,
    pub ascent: i16,
    pub descent: i16,
    pub cap_height: i16,
    pub bbox: [i16; 4],
    pub postscript_name: String,
    num_glyphs: u16,
    advances: Vec<u16>,
    cmap: HashMap<u32, u16>,
    loca: Vec<u32>,
}

impl Face {
    /// Parses face `index` of a font file or collection (`None`: the first face whose names say
    /// Simplified Chinese, else the first).
    pub fn parse(data: Vec<u8>, index: Option<u32>) -> Result<Face, RenderError> {
        let offsets: Vec<usize> = if data.get(0..4) == Some(b"ttcf") {
            let n = u32_at(&data, 8).ok_or_else(|| bad("truncated collection header"))?;
            (0..n.min(256) as usize)
                .map(|i| u32_at(&data, 12 + 4 * i).map(|o| o as usize))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad("truncated collection header"))?
        } else {
            vec![0]
        };
        let first = *offsets
            .first()
            .ok_or_else(|| bad("empty font collection"))?;
        let chosen = match index {
            Some(i) => *offsets.get(i as usize).ok_or_else(|| {
                bad(&format!(
                    "face {i} requested, the collection has {}",
                    offsets.len()
                ))
            })?,
            None if offsets.len() > 1 => offsets
                .iter()
                .copied()
                .find(|&o| {
                    let tables = read_directory(&data, o).unwrap_or_default();
                    let names = family_names(&data, &tables);
                    names.iter().any(|n| {
                        n.ends_with(" SC")
                            || n.contains(" SC ")
                            || n.contains("GB")
                            || n.contains("简")
                            || n.contains("Simplified")
                    })
                })
                .unwrap_or(first),
            None => first,
        };
        let tables = read_directory(&data, chosen)?;
        if tables.contains_key(b"CFF ") || tables.contains_key(b"CFF2") {
            return Err(RenderError::UnsupportedFont(
                "the font has CFF (PostScript) outlines; use a TrueType font (glyf outlines), \
                 for example the bundled one"
                    .to_string(),
            ));
        }
        let table = |tag: &[u8; 4]| -> Result<(usize, usize), RenderError> {
            tables.get(tag).copied().ok_or_else(|| {
                bad(&format!(
                    "missing table {}",
                    String::from_utf8_lossy(tag.as_slice())
                ))
            })
        };
        let (head, _) = table(b"head")?;
        let (hhea, _) = table(b"hhea")?;
        let (maxp, _) = table(b"maxp")?;
        let (hmtx, hmtx_len) = table(b"hmtx")?;
        let (loca, loca_len) = table(b"loca")?;
        let (cmap, cmap_len) = table(b"cmap")?;
        table(b"glyf")?;
        let d = &data;
        let units_per_em = u16_at(d, head + 18).ok_or_else(|| bad("head"))?;
        if units_per_em == 0 {
            return Err(bad("unitsPerEm is 0"));
        }
        let bbox = [
            i16_at(d, head + 36).unwrap_or(0),
            i16_at(d, head + 38).unwrap_or(0),
            i16_at(d, head + 40).unwrap_or(0),
            i16_at(d, head + 42).unwrap_or(0),
        ];
        let long_loca = i16_at(d, head + 50).ok_or_else(|| bad("head"))? == 1;
        let mut ascent = i16_at(d, hhea + 4).ok_or_else(|| bad("hhea"))?;
        let mut descent = i16_at(d, hhea + 6).ok_or_else(|| bad("hhea"))?;
        let n_hmetrics = u16_at(d, hhea + 34).ok_or_else(|| bad("hhea"))? as usize;
        let num_glyphs = u16_at(d, maxp + 4).ok_or_else(|| bad("maxp"))?;
        let mut cap_height = (units_per_em as i32 * 7 / 10) as i16;
        if let Some(&(os2, len)) = tables.get(b"OS/2") {
            // Typographic ascender/descender are what CJK fonts design their line box by.
            if len >= 72 {
                ascent = i16_at(d, os2 + 68).unwrap_or(ascent);
                descent = i16_at(d, os2 + 70).unwrap_or(descent);
            }
            if len >= 90 && u16_at(d, os2).unwrap_or(0) >= 2 {
                cap_height = i16_at(d, os2 + 88).unwrap_or(cap_height);
            }
        }
        if n_hmetrics == 0 || n_hmetrics * 4 > hmtx_len {
            return Err(bad("hmtx"));
        }
        let mut advances = Vec::with_capacity(num_glyphs as usize);
        for g in 0..num_glyphs as usize {
            let i = g.min(n_hmetrics - 1);
            advances.push(u16_at(d, hmtx + 4 * i).ok_or_else(|| bad("hmtx"))?);
        }
        let mut loca_v = Vec::with_capacity(num_glyphs as usize + 1);
        for g in 0..=num_glyphs as usize {
            let v = if long_loca {
                if (g + 1) * 4 > loca_len {
                    return Err(bad("loca"));
                }
                u32_at(d, loca + 4 * g)
            } else {
                if (g + 1) * 2 > loca_len {
                    return Err(bad("loca"));
                }
                u16_at(d, loca + 2 * g).map(|v| v as u32 * 2)
            };
            loca_v.push(v.ok_or_else(|| bad("loca"))?);
        }
        let cmap_map = parse_cmap(d.get(cmap..cmap + cmap_len).unwrap_or_default())?;
        let postscript_name = name_string(d, &tables, 6)
            .unwrap_or_else(|| "CJKFont".to_string())
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>();
        Ok(Face {
            data,
            tables,
            units_per_em,
            ascent,
            descent,
            cap_height,
            bbox,
            postscript_name: if postscript_name.is_empty() {
                "CJKFont".to_string()
            } else {
                postscript_name
            },
            num_glyphs,
            advances,
            cmap: cmap_map,
            loca: loca_v,
        })
    }

    /// The glyph of a character, if the font has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.cmap
            .get(&(c as u32))
            .copied()
            .filter(|&g| g != 0 && g < self.num_glyphs)
    }

    /// Advance width in font units.
    pub fn advance(&self, glyph: u16) -> u16 {
        self.advances.get(glyph as usize).copied().unwrap_or(0)
    }

    fn glyph_data(&self, glyph: u16) -> &[u8] {
        let (glyf, glyf_len) = self.tables.get(b"glyf").copied().unwrap_or((0, 0));
        let a = self.loca.get(glyph as usize).copied().unwrap_or(0) as usize;
        let b = self.loca.get(glyph as usize + 1).copied().unwrap_or(0) as usize;
        if b <= a || b > glyf_len {
            return &[];
        }
        self.data.get(glyf + a..glyf + b).unwrap_or_default()
    }

    fn table_data(&self, tag: &[u8; 4]) -> Option<&[u8]> {
        let (o, l) = self.tables.get(tag).copied()?;
        self.data.get(o..o + l)
    }

    /// Writes a TrueType font holding `glyphs` (original glyph ids) as glyphs 0, 1, 2 … in that
    /// order; `glyphs[0]` should be 0 (.notdef). Components of composite glyphs are appended
    /// after them and the references rewritten. Returns the font and the final glyph count.
    pub fn subset(&self, glyphs: &[u16]) -> Result<Vec<u8>, RenderError> {
        let mut order: Vec<u16> = glyphs.to_vec();
        let mut remap: HashMap<u16, u16> = HashMap::new();
        for (i, &g) in order.iter().enumerate() {
            remap.entry(g).or_insert(i as u16);
        }
        // Close over composite components.
        let mut i = 0;
        while i < order.len() {
            let data = self.glyph_data(order[i]);
            if i16_at(data, 0).unwrap_or(0) < 0 {
                for comp in components(data) {
                    let g = u16_at(data, comp).unwrap_or(0);
                    if let std::collections::hash_map::Entry::Vacant(e) = remap.entry(g) {
                        if order.len() >= 0xFFFF {
                            return Err(bad("too many glyphs"));
                        }
                        e.insert(order.len() as u16);
                        order.push(g);
                    }
                }
            }
            i += 1;
        }
        let mut glyf = Vec::new();
        let mut loca = Vec::with_capacity(order.len() + 1);
        let mut hmtx = Vec::with_capacity(order.len() * 4);
        for &g in &order {
            loca.push(glyf.len() as u32);
            let data = self.glyph_data(g);
            let start = glyf.len();
            glyf.extend_from_slice(data);
            if i16_at(data, 0).unwrap_or(0) < 0 {
                for comp in components(data) {
                    let old = u16_at(data, comp).unwrap_or(0);
                    let new = remap.get(&old).copied().unwrap_or(0);
                    if let Some(b) = glyf.get_mut(start + comp..start + comp + 2) {
                        b.copy_from_slice(&new.to_be_bytes());
                    }
                }
            }
            while glyf.len() % 4 != 0 {
                glyf.push(0);
            }
            hmtx.extend_from_slice(&self.advance(g).to_be_bytes());
            let lsb = i16_at(data, 2).unwrap_or(0);
            hmtx.extend_from_slice(&lsb.to_be_bytes());
        }
        loca.push(glyf.len() as u32);
        let loca_bytes: Vec<u8> = loca.iter().flat_map(|v| v.to_be_bytes()).collect();
        let n = order.len() as u16;

        let mut head = self
            .table_data(b"head")
            .ok_or_else(|| bad("head"))?
            .to_vec();
        if head.len() < 54 {
            return Err(bad("head"));
        }
        head[8..12].copy_from_slice(&[0, 0, 0, 0]);
        head[50..52].copy_from_slice(&1i16.to_be_bytes());
        let mut hhea = self
            .table_data(b"hhea")
            .ok_or_else(|| bad("hhea"))?
            .to_vec();
        if hhea.len() < 36 {
            return Err(bad("hhea"));
        }
        hhea[34..36].copy_from_slice(&n.to_be_bytes());
        let mut maxp = self
            .table_data(b"maxp")
            .ok_or_else(|| bad("maxp"))?
            .to_vec();
        if maxp.len() < 6 {
            return Err(bad("maxp"));
        }
        maxp[4..6].copy_from_slice(&n.to_be_bytes());

        let mut out_tables: Vec<([u8; 4], Vec<u8>)> = vec![
            (*b"glyf", glyf),
            (*b"head", head),
            (*b"hhea", hhea),
            (*b"hmtx", hmtx),
            (*b"loca", loca_bytes),
            (*b"maxp", maxp),
        ];
        // Hinting programs that glyph instructions may call.
        for tag in [b"cvt ", b"fpgm", b"prep"] {
            if let Some(t) = self.table_data(tag) {
                out_tables.push((*tag, t.to_vec()));
            }
        }
        out_tables.sort_by_key(|(tag, _)| *tag);
        Ok(write_sfnt(&out_tables))
    }
}

/// Offsets of the glyph-index fields of a composite glyph's components.
fn components(data: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut off = 10;
    while let Some(flags) = u16_at(data, off) {
        if off + 4 > data.len() {
            break;
        }
        out.push(off + 2);
        off += 4;
        off += if flags & 0x0001 != 0 { 4 } else { 2 };
        if flags & 0x0008 != 0 {
            off += 2;
        } else if flags & 0x0040 != 0 {
            off += 4;
        } else if flags & 0x0080 != 0 {
            off += 8;
        }
        if flags & 0x0020 == 0 || out.len() > 64 {
            break;
        }
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    let mut sum = 0u32;
    for chunk in data.chunks(4) {
        let mut b = [0u8; 4];
        b[..chunk.len()].copy_from_slice(chunk);
        sum = sum.wrapping_add(u32::from_be_bytes(b));
    }
    sum
}

fn write_sfnt(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(pow * 16).to_be_bytes());
    out.extend_from_slice(&log.to_be_bytes());
    out.extend_from_slice(&(n * 16 - pow * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += (data.len() + 3) & !3;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(h) = head_at {
        let adj = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        if let Some(b) = out.get_mut(h + 8..h + 12) {
            b.copy_from_slice(&adj.to_be_bytes());
        }
    }
    out
}

fn read_directory(data: &[u8], at: usize) -> Result<HashMap<[u8; 4], (usize, usize)>, RenderError> {
    let version = u32_at(data, at).ok_or_else(|| bad("not a font file"))?;
    if version != 0x0001_0000 && version != 0x7472_7565 && &version.to_be_bytes() != b"OTTO" {
        return Err(bad("not a TrueType/OpenType font"));
    }
    let n = u16_at(data, at + 4).ok_or_else(|| bad("truncated"))? as usize;
    let mut tables = HashMap::new();
    for i in 0..n {
        let rec = at + 12 + 16 * i;
        let tag = data
            .get(rec..rec + 4)
            .ok_or_else(|| bad("truncated table directory"))?;
        let off = u32_at(data, rec + 8).ok_or_else(|| bad("truncated"))? as usize;
        let len = u32_at(data, rec + 12).ok_or_else(|| bad("truncated"))? as usize;
        if off.checked_add(len).is_none_or(|end| end > data.len()) {
            return Err(bad("table out of range"));
        }
        tables.insert([tag[0], tag[1], tag[2], tag[3]], (off, len));
    }
    Ok(tables)
}

fn name_string(data: &[u8], tables: &HashMap<[u8; 4], (usize, usize)>, id: u16) -> Option<String> {
    names_of(data, tables, id).into_iter().next()
}

fn family_names(data: &[u8], tables: &HashMap<[u8; 4], (usize, usize)>) -> Vec<String> {
    let mut v = names_of(data, tables, 1);
    v.extend(names_of(data, tables, 4));
    v
}

fn names_of(data: &[u8], tables: &HashMap<[u8; 4], (usize, usize)>, id: u16) -> Vec<String> {
    let mut out = Vec::new();
    let Some(&(o, _)) = tables.get(b"name") else {
        return out;
    };
    let count = u16_at(data, o + 2).unwrap_or(0) as usize;
    let storage = o + u16_at(data, o + 4).unwrap_or(0) as usize;
    for i in 0..count {
        let r = o + 6 + 12 * i;
        let (Some(platform), Some(name_id), Some(len), Some(off)) = (
            u16_at(data, r),
            u16_at(data, r + 6),
            u16_at(data, r + 8),
            u16_at(data, r + 10),
        ) else {
            break;
        };
        if name_id != id {
            continue;
        }
        let Some(bytes) = data.get(storage + off as usize..storage + off as usize + len as usize)
        else {
            continue;
        };
        let s = if platform == 3 || platform == 0 {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            bytes.iter().map(|&b| b as char).collect()
        };
        out.push(s);
    }
    out
}

fn parse_cmap(t: &[u8]) -> Result<HashMap<u32, u16>, RenderError> {
    let n = u16_at(t, 2).ok_or_else(|| bad("cmap"))? as usize;
    // Prefer a full-repertoire Unicode subtable (format 12), then a BMP one (format 4).
    let mut best: Option<(u8, usize)> = None;
    for i in 0..n {
        let r = 4 + 8 * i;
        let (Some(pid), Some(eid), Some(off)) = (u16_at(t, r), u16_at(t, r + 2), u32_at(t, r + 4))
        else {
            break;
        };
        let off = off as usize;
        let format = u16_at(t, off).unwrap_or(0);
        let unicode = pid == 0 || (pid == 3 && (eid == 1 || eid == 10));
        if !unicode {
            continue;
        }
        let rank = match format {
            12 => 2,
            4 => 1,
            _ => 0,
        };
        if rank > 0 && best.is_none_or(|(b, _)| rank > b) {
            best = Some((rank, off));
        }
    }
    let (rank, off) = best.ok_or_else(|| bad("no Unicode cmap"))?;
    let mut map = HashMap::new();
    if rank == 2 {
        let groups = u32_at(t, off + 12).ok_or_else(|| bad("cmap"))? as usize;
        for i in 0..groups {
            let g = off + 16 + 12 * i;
            let (Some(start), Some(end), Some(gid)) =
                (u32_at(t, g), u32_at(t, g + 4), u32_at(t, g + 8))
            else {
                return Err(bad("cmap"));
            };
            if end < start || end - start > 0x10_FFFF {
                continue;
            }
            for c in start..=end {
                let id = gid.wrapping_add(c - start);
                if id <= 0xFFFF {
                    map.insert(c, id as u16);
                }
            }
        }
    } else {
        let seg2 = u16_at(t, off + 6).ok_or_else(|| bad("cmap"))? as usize;
        let ends = off + 14;
        let starts = ends + seg2 + 2;
        let deltas = starts + seg2;
        let ranges = deltas + seg2;
        for s in 0..seg2 / 2 {
            let (Some(end), Some(start), Some(delta), Some(range)) = (
                u16_at(t, ends + 2 * s),
                u16_at(t, starts + 2 * s),
                u16_at(t, deltas + 2 * s),
                u16_at(t, ranges + 2 * s),
            ) else {
                return Err(bad("cmap"));
            };
            if start > end {
                continue;
            }
            for c in start..=end {
                let gid = if range == 0 {
                    c.wrapping_add(delta)
                } else {
                    let at = ranges + 2 * s + range as usize + 2 * (c - start) as usize;
                    match u16_at(t, at) {
                        Some(0) | None => 0,
                        Some(g) => g.wrapping_add(delta),
                    }
                };
                if gid != 0 {
                    map.insert(c as u32, gid);
                }
                if c == 0xFFFF {
                    break;
                }
            }
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_parses_and_covers_gb2312_samples() {
        let f = Face::parse(BUNDLED.to_vec(), None).unwrap();
        assert_eq!(f.units_per_em, 1000);
        for c in "中华人民共和国预算公开，。、；：（）“”—０123456789,.%≥≤".chars()
        {
            assert!(f.glyph(c).is_some(), "{c}");
        }
        assert_eq!(f.advance(f.glyph('中').unwrap()), 1000);
    }

    #[test]
    fn subset_is_a_small_valid_font() {
        let f = Face::parse(BUNDLED.to_vec(), None).unwrap();
        let glyphs = [0, f.glyph('预').unwrap(), f.glyph('算').unwrap()];
        let sub = f.subset(&glyphs).unwrap();
        assert!(sub.len() < 4_000, "{}", sub.len());
        let back = Face::parse(sub, None);
        // The subset has no cmap: parsing fails on it, but its directory must be readable.
        assert!(matches!(back, Err(RenderError::BadFont(_))));
    }
}
