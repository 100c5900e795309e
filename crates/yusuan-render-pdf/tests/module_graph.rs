//! The crate's modules depend one way: no module reaches, through `crate::…` or `super::…`
//! paths, a module that reaches it back. Read from the sources (test modules and comments left
//! out); an item of `lib.rs` named by a module counts as a dependency on `lib`, which depends
//! on every module it declares.

// Tests may panic: a failed assertion is how they report.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Module name → its source without the test modules and comments (doc links are no
/// dependencies).
fn modules() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(SRC).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let code = match text.find("#[cfg(test)]") {
            Some(at) => text[..at].to_string(),
            None => text,
        };
        let code: Vec<&str> = code
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        out.insert(name, code.join("\n"));
    }
    out
}

/// The first path segment after each `crate::` (and each name of a `crate::{a, b::c}` group),
/// and `lib` for each `super::` of a top-level module.
fn uses(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            out.extend(group.split(',').map(ident).filter(|s| !s.is_empty()));
        } else {
            out.insert(ident(rest));
        }
    }
    if code.contains("super::") {
        out.insert("lib".to_string());
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let mut g = BTreeMap::new();
    for (name, code) in &modules {
        let mut deps: BTreeSet<String> = uses(code)
            .into_iter()
            .map(|u| {
                if names.contains(&u) {
                    u
                } else {
                    "lib".to_string()
                }
            })
            .filter(|u| u != name)
            .collect();
        if name == "lib" {
            // `mod x;` declarations.
            for line in code.lines() {
                if let Some(m) = line
                    .trim()
                    .strip_prefix("mod ")
                    .and_then(|m| m.strip_suffix(';'))
                {
                    deps.insert(m.to_string());
                }
            }
        }
        g.insert(name.clone(), deps);
    }
    g
}

/// A cycle through `from`, if any: the modules on it.
fn cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        g: &BTreeMap<String, BTreeSet<String>>,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut c = path[at..].to_vec();
            c.push(node.to_string());
            return Some(c);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in g.get(node).into_iter().flatten() {
            if let Some(c) = visit(g, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|start| visit(g, start, &mut Vec::new(), &mut done))
}

#[test]
fn modules_depend_one_way() {
    let g = graph();
    if let Some(c) = cycle(&g) {
        panic!("module cycle: {}\n{g:#?}", c.join(" → "));
    }
    // The reading is not empty: the layout modules are seen using the drawing surface.
    assert!(g["table"].contains("doc"), "{g:?}");
    assert!(
        g["flow"].contains("table") && g["flow"].contains("perf"),
        "{g:?}"
    );
    assert!(g["lib"].contains("flow"), "{g:?}");
}

#[test]
fn a_cycle_is_found() {
    let mut g = graph();
    g.get_mut("doc").unwrap().insert("perf".to_string());
    let c = cycle(&g).expect("doc → perf → table → doc");
    assert!(
        c.contains(&"doc".to_string()) && c.contains(&"perf".to_string()),
        "{c:?}"
    );
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::new());
    assert_eq!(cycle(&g), None);
    assert_eq!(
        uses("use crate::doc::{Align, Doc};\nuse crate::{perf, table};\nsuper::x"),
        ["doc", "lib", "perf", "table"].map(String::from).into()
    );
}
