//! Halves put aside on disk come back whole and paired as `pair_halves` pairs them.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::Path;
use yusuan_model::{Catalog, Disclosure};
use yusuan_review::halves::{Held, Shelf};

fn read(name: &str) -> Disclosure {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/pdf/jiangsu")
        .join(name);
    yusuan_review::import_disclosure(name, &std::fs::read(p).unwrap(), Catalog::embedded()).unwrap()
}

#[test]
fn halves_put_aside_come_back_whole_and_paired() {
    let tables = read("jiangsu-party-office-2019-budget-tables.pdf");
    // Its p.12 has a character cut by the clip (YS711 reads it from the source, not the JSON).
    assert!(!tables.source.cut_text.is_empty());
    let other = read("jiangsu-cppcc-office-2018-budget-text.pdf");
    let text = read("jiangsu-party-office-2019-budget-text.pdf");
    let docs = [tables.clone(), other.clone(), text.clone()];
    let expected = yusuan_import::pair_halves(&docs);
    let shelf = Shelf::default();
    let mut held = Held::default();
    for (i, d) in docs.iter().enumerate() {
        held.keep(shelf.put(d).unwrap(), i);
    }
    let groups = held.groups();
    let got: Vec<Vec<usize>> = groups
        .iter()
        .map(|g| g.parts.iter().map(|(_, i)| *i).collect())
        .collect();
    assert_eq!(got, expected);
    assert_eq!(got, vec![vec![2, 0], vec![1]]);
    let mut loaded = Vec::new();
    for g in groups {
        let (parts, tags) = g.load().unwrap();
        loaded.extend(parts.into_iter().zip(tags));
    }
    // Read back exactly as put aside (the check then sees what it would have in memory), and
    // the files are gone once read.
    assert!(loaded[0].0 == text && loaded[1].0 == tables && loaded[2].0 == other);
    drop(shelf);
}
