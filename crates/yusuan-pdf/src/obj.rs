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

/// The reference behind `dict[key]`, when it is one (used as a cache key).
pub(crate) fn get_ref(dict: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    match dict.get(key).ok()? {
        Object::Reference(id) => Some(*id),
        _ => None,
    }
}

/// A stream's decoded content, bounded in size. An unsupported filter or corrupt data is
/// an error with a short description.
pub(crate) fn stream_data(stream: &Stream) -> Result<Vec<u8>, String> {
    // Image-only filters leave data no text reader needs.
    stream
        .get_plain_content_with_limit(MAX_STREAM)
        .map_err(|e| e.to_string())
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
