//! A longer PDF made from a real one: its pages repeated `times` times, in order (1 … n, 1 … n,
//! …). Each copy is a new page object that shares the original's content and resources, so the
//! file grows little and every page reads as the original does. Used by the benchmarks that
//! show how import and check grow with the document (`scaling`), and by the CLI's limit tests.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Keys a page inherits from the page tree above it (PDF 32000 §7.7.3.4).
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// The PDF `bytes` with its pages repeated `times` times; `None` when lopdf cannot load or save it.
pub fn repeat_pages(bytes: &[u8], times: usize) -> Option<Vec<u8>> {
    let mut doc = Document::load_mem(bytes).ok()?;
    let root_pages = doc
        .catalog()
        .ok()?
        .get(b"Pages")
        .ok()?
        .as_reference()
        .ok()?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    // Each page with what it inherits written into it, parent set to the root of the tree.
    let mut flat: Vec<Dictionary> = Vec::with_capacity(pages.len());
    for id in &pages {
        let mut page = doc.get_dictionary(*id).ok()?.clone();
        for key in INHERITED {
            if page.has(key) {
                continue;
            }
            let mut node = page.get(b"Parent").and_then(Object::as_reference).ok();
            while let Some(n) = node {
                let Ok(d) = doc.get_dictionary(n) else { break };
                if let Ok(v) = d.get(key) {
                    page.set(key, v.clone());
                    break;
                }
                node = d.get(b"Parent").and_then(Object::as_reference).ok();
            }
        }
        page.set("Parent", Object::Reference(root_pages));
        flat.push(page);
    }
    let mut kids = Vec::with_capacity(flat.len() * times);
    for _ in 0..times {
        for page in &flat {
            kids.push(Object::Reference(doc.add_object(page.clone())));
        }
    }
    let count = kids.len() as i64;
    let root = doc.get_dictionary_mut(root_pages).ok()?;
    root.set("Kids", Object::Array(kids));
    root.set("Count", Object::Integer(count));
    let mut out = Vec::new();
    doc.save_to(&mut out).ok()?;
    Some(out)
}
