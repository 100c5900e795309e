//! Small, panic-free helpers over lopdf's object model.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Most references followed in a chain (`1 0 R` → `2 0 R` → …).
const MAX_HOPS: usize = 16;
/// Largest decoded stream accepted (a content stream, a CMap, an XObject): 64 MiB.
pub(crate) const MAX_STREAM: usize = 64 * 1024 * 1024;

/// Follows references to the object itself; `None` for a dangling or cyclic reference.
pub(crate) fn resolve<'a>(doc: &'a Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_HOPS {
        match obj {
            Object::Reference(id) => obj = doc.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

pub(crate) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

/// A dictionary entry: absent, present, or a reference that leads nowhere.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lookup<'a> {
    Absent,
    Found(&'a Object),
    /// The entry refers to an object that is missing (or to a chain of references too long).
    Dangling(ObjectId),
}

/// Looks `dict[key]` up, telling a missing key from a reference to a missing object.
/// An explicit `null` counts as absent.
pub(crate) fn lookup<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Lookup<'a> {
    let Ok(raw) = dict.get(key) else {
        return Lookup::Absent;
    };
    match (resolve(doc, raw), raw) {
        (Some(Object::Null), _) => Lookup::Absent,
        (Some(o), _) => Lookup::Found(o),
        (None, Object::Reference(id)) => Lookup::Dangling(*id),
        (None, _) => Lookup::Absent,
    }
}

/// A dictionary, or a stream's dictionary.
pub(crate) fn as_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, obj)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub(crate) fn get_dict<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    as_dict(doc, dict.get(key).ok()?)
}

pub(crate) fn num(doc: &Document, obj: &Object) -> Option<f64> {
    match resolve(doc, obj)? {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)).filter(|v| v.is_finite()),
        _ => None,
    }
}

pub(crate) fn get_num(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    num(doc, dict.get(key).ok()?)
}

pub(crate) fn get_name<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub(crate) fn get_array<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// Keys of a dictionary that look damaged: a byte no producer writes in a key (outside
/// printable ASCII), or one byte away from a key the reader needs that is absent (a flipped
/// `/Rotate` leaves the page unrotated, a flipped `/Contents` leaves it blank: silently,
/// unless the damaged key is noticed). Each is described as `/Rota?e (/Rotate?)`.
pub(crate) fn damaged_keys(dict: &Dictionary, needed: &[&[u8]]) -> Vec<String> {
    let mut out = Vec::new();
    for (key, _) in dict.iter() {
        let printable = key.iter().all(|b| (0x21..=0x7e).contains(b));
        let near = needed.iter().find(|k| {
            k.len() == key.len()
                && dict.get(k).is_err()
                && k.iter().zip(key.iter()).filter(|(a, b)| a != b).count() == 1
        });
        if !printable || near.is_some() {
            let shown: String = key
                .iter()
                .map(|&b| {
                    if (0x21..=0x7e).contains(&b) {
                        char::from(b)
                    } else {
                        '?'
                    }
                })
                .collect();
            out.push(match near {
                Some(k) => format!("/{shown} (/{}?)", String::from_utf8_lossy(k)),
                None => format!("/{shown}"),
            });
            if out.len() >= 3 {
                break;
            }
        }
    }
    out
}

/// Keys of a page (or page tree node) the reader needs.
pub(crate) const PAGE_KEYS: &[&[u8]] = &[
    b"Type",
    b"Parent",
    b"Kids",
    b"Count",
    b"Contents",
    b"Resources",
    b"MediaBox",
    b"CropBox",
    b"Rotate",
];
/// Keys of a resource dictionary the reader needs.
pub(crate) const RESOURCE_KEYS: &[&[u8]] = &[b"Font", b"XObject"];
/// Keys of a stream dictionary the reader needs, and of a Form XObject's.
pub(crate) const STREAM_KEYS: &[&[u8]] = &[
    b"Length",
    b"Filter",
    b"DecodeParms",
    b"Subtype",
    b"BBox",
    b"Matrix",
    b"Resources",
];
/// Keys of fonts, CID fonts, font descriptors and encodings the reader needs.
pub(crate) const FONT_KEYS: &[&[u8]] = &[
    b"Type",
    b"Subtype",
    b"BaseFont",
    b"FirstChar",
    b"Widths",
    b"Encoding",
    b"ToUnicode",
    b"DescendantFonts",
    b"FontDescriptor",
    b"FontMatrix",
    b"DW",
    b"W",
    b"DW2",
    b"Ascent",
    b"Descent",
    b"Flags",
    b"MissingWidth",
    b"BaseEncoding",
    b"Differences",
];

/// The reference behind `dict[key]`, when it is one (used as a cache key).
pub(crate) fn get_ref(dict: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    match dict.get(key).ok()? {
        Object::Reference(id) => Some(*id),
        _ => None,
    }
}

/// A stream's decoded content, and what went wrong decoding it.
pub(crate) struct Decoded {
    /// What could be decoded (everything, when `error` is `None`).
    pub(crate) data: Vec<u8>,
    /// Why the data is incomplete or unreliable: corrupt or cut compressed data, a
    /// checksum mismatch, an unsupported filter, a size over the bound.
    pub(crate) error: Option<String>,
}

/// A stream's decoded content, bounded in size.
///
/// `FlateDecode` (the filter of nearly every content stream, font map and form) is decoded
/// here with `flate2` rather than by lopdf, which hides a corrupt or cut stream by
/// returning what it decoded so far: here the stream must reach its end marker and its
/// Adler-32 checksum must match, else the partial data comes with an error. Other filters
/// and predictors go through lopdf.
pub(crate) fn stream_data(stream: &Stream) -> Decoded {
    let plain_flate = match stream.dict.get(b"Filter") {
        Ok(Object::Name(n)) => n == b"FlateDecode",
        Ok(Object::Array(a)) => matches!(a.as_slice(), [Object::Name(n)] if n == b"FlateDecode"),
        _ => false,
    };
    let predictor = match stream.dict.get(b"DecodeParms") {
        Ok(Object::Dictionary(d)) => d.get(b"Predictor").is_ok(),
        Ok(Object::Array(a)) => a.iter().any(|p| match p {
            Object::Dictionary(d) => d.get(b"Predictor").is_ok(),
            _ => false,
        }),
        Ok(Object::Reference(_)) => true,
        _ => false,
    };
    if plain_flate && !predictor {
        return inflate(&stream.content, MAX_STREAM);
    }
    match stream.get_plain_content_with_limit(MAX_STREAM) {
        Ok(data) => Decoded { data, error: None },
        Err(e) => Decoded {
            data: Vec::new(),
            error: Some(e.to_string()),
        },
    }
}

/// Inflates zlib data, insisting on its end marker and checksum. Data without a valid
/// zlib header is tried as raw deflate (some producers write that), which carries no
/// checksum: it counts as whole when it reaches its final block.
pub(crate) fn inflate(input: &[u8], limit: usize) -> Decoded {
    let first = inflate_with(input, true, limit);
    if first.error.is_some() && first.data.is_empty() {
        let raw = inflate_with(input.get(2..).unwrap_or_default(), false, limit);
        if raw.error.is_none() {
            return raw;
        }
    }
    first
}

fn inflate_with(input: &[u8], zlib: bool, limit: usize) -> Decoded {
    use flate2::{Decompress, FlushDecompress, Status};
    let mut d = Decompress::new(zlib);
    let mut out: Vec<u8> = Vec::with_capacity(input.len().saturating_mul(4).clamp(64, 1 << 22));
    loop {
        if out.len() == out.capacity() {
            if out.len() > limit {
                return Decoded {
                    data: out,
                    error: Some(format!("decoded data larger than {limit} bytes")),
                };
            }
            out.reserve(out.len().clamp(64, 1 << 24));
        }
        let consumed = usize::try_from(d.total_in()).unwrap_or(usize::MAX);
        let rest = input.get(consumed..).unwrap_or_default();
        let (in_before, out_before) = (d.total_in(), d.total_out());
        match d.decompress_vec(rest, &mut out, FlushDecompress::None) {
            Ok(Status::StreamEnd) => {
                return Decoded {
                    data: out,
                    error: None,
                }
            }
            Ok(_) => {
                let progressed = d.total_in() != in_before || d.total_out() != out_before;
                if !progressed && out.len() < out.capacity() {
                    return Decoded {
                        data: out,
                        error: Some("compressed data cut short (no end marker)".to_owned()),
                    };
                }
            }
            Err(e) => {
                // A corrupt block, or a checksum that does not match what was decoded.
                return Decoded {
                    data: out,
                    error: Some(format!("the compressed data is damaged ({e})")),
                };
            }
        }
    }
}

/// Numbers of an array, skipping non-numbers.
pub(crate) fn numbers(doc: &Document, arr: &[Object]) -> Vec<f64> {
    arr.iter().filter_map(|o| num(doc, o)).collect()
}

/// A rectangle `[x0 y0 x1 y1]`, normalised so x0 ≤ x1 and y0 ≤ y1.
pub(crate) fn rect(doc: &Document, obj: &Object) -> Option<[f64; 4]> {
    let arr = match resolve(doc, obj)? {
        Object::Array(a) => a,
        _ => return None,
    };
    let n = numbers(doc, arr);
    match n.as_slice() {
        [a, b, c, d, ..] => Some([a.min(*c), b.min(*d), a.max(*c), b.max(*d)]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn damaged_keys_are_seen() {
        let mut d = Dictionary::new();
        d.set("Contents", 1);
        d.set("RotatE", 90);
        d.set("Reso\u{1}rces", 1);
        d.set("PTEX.FileName", 1);
        let found = damaged_keys(&d, PAGE_KEYS);
        assert_eq!(found, ["/RotatE (/Rotate?)", "/Reso?rces (/Resources?)"]);
        let mut healthy = Dictionary::new();
        healthy.set("Contents", 1);
        healthy.set("Rotate", 90);
        healthy.set("Group", 1);
        healthy.set("Tabs", 1);
        assert!(damaged_keys(&healthy, PAGE_KEYS).is_empty());
    }

    #[test]
    fn inflate_whole_cut_and_damaged() {
        let text: Vec<u8> = (0..2000u32)
            .flat_map(|i| format!("BT /F1 12 Tf 1 0 0 1 {i} 500 Tm ({i}) Tj ET\n").into_bytes())
            .collect();
        let z = zlib(&text);
        let whole = inflate(&z, MAX_STREAM);
        assert_eq!(whole.error, None);
        assert_eq!(whole.data, text);
        // Cut short: what was decoded comes back, with an error.
        let cut = inflate(&z[..z.len() / 2], MAX_STREAM);
        assert!(cut.error.is_some());
        assert!(!cut.data.is_empty() && text.starts_with(&cut.data));
        // Only the checksum damaged: the data decodes in full but is not trusted.
        let mut bad_sum = z.clone();
        let n = bad_sum.len();
        bad_sum[n - 1] ^= 0x55;
        let r = inflate(&bad_sum, MAX_STREAM);
        assert!(r.error.is_some());
        // A flipped byte in the middle.
        let mut flipped = z.clone();
        flipped[n / 2] ^= 0x10;
        let r = inflate(&flipped, MAX_STREAM);
        assert!(r.error.is_some());
        // Raw deflate without the zlib header reads.
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(&text).unwrap();
        let raw = raw.finish().unwrap();
        let mut with_junk_header = vec![0u8, 0u8];
        with_junk_header.extend_from_slice(&raw);
        let r = inflate(&with_junk_header, MAX_STREAM);
        assert_eq!(r.error, None);
        assert_eq!(r.data, text);
        // Over the bound.
        let r = inflate(&z, 1000);
        assert!(r.error.is_some());
    }
}
