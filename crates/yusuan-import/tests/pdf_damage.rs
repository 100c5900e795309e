//! Fault injection: real disclosures, damaged on purpose (byte flips, truncated files,
//! content streams zeroed, garbled, cut short or cut mid-operator), imported and checked.
//!
//! The property: a damaged file either fails to import (an error naming the file), or says
//! that something is wrong (a reading diagnostic the undamaged file does not have), or its
//! tables' amounts are exactly those of the undamaged file. A damaged file whose numbers
//! differ while nothing says so is a silent misreading, the one thing a checker must not do.
//!
//! Deterministic (a fixed seed) and bounded: about 30 cases per document. To explore other
//! damage, `YUSUAN_DAMAGE_SEED=<n> cargo test -p yusuan-import --test pdf_damage -- --nocapture`;
//! `YUSUAN_DAMAGE_DUMP=<dir>` writes each silently misread file there.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use lopdf::{Document, Object, ObjectId};
use yusuan_model::{Diagnostic, Disclosure};

/// xorshift64*: a small deterministic generator (no dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

fn corpus(path: &str) -> (String, Vec<u8>) {
    let full = format!("{}/../../corpus/pdf/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    let name = path.rsplit('/').next().unwrap_or(path).to_string();
    (name, bytes)
}

/// The tables' amounts: table by table, row by row, cell by cell.
fn amounts(d: &Disclosure) -> Vec<String> {
    let mut out = Vec::new();
    for t in &d.tables {
        out.push(format!("table {:?} {}", t.kind, t.title));
        for r in &t.rows {
            let cells: Vec<String> = r
                .cells
                .iter()
                .filter_map(|c| c.amount.map(|a| format!("{}={:?}", c.col, a.fen)))
                .collect();
            out.push(format!("  {} {:?}: {}", r.label, r.code, cells.join(" ")));
        }
    }
    out
}

/// What a damaged file's import came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Outcome {
    /// Import failed with an error naming the file.
    Refused,
    /// Imported, with a reading diagnostic the undamaged file does not have.
    Diagnosed,
    /// Imported, nothing said, and the amounts are those of the undamaged file.
    Unchanged,
    /// Imported, nothing said, and the amounts differ: a silent misreading.
    Silent,
}

struct Baseline {
    name: String,
    amounts: Vec<String>,
    diagnostics: Vec<String>,
}

fn messages(d: &[Diagnostic]) -> Vec<String> {
    d.iter().map(|x| x.message.clone()).collect()
}

fn baseline(name: &str, bytes: &[u8]) -> Baseline {
    let d = yusuan_import::import_file(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let a = amounts(&d);
    assert!(a.len() > 20, "{name}: too few rows to compare: {}", a.len());
    Baseline {
        name: name.to_string(),
        amounts: a,
        diagnostics: messages(&d.diagnostics),
    }
}

fn outcome(base: &Baseline, bytes: &[u8], config: &yusuan_check::Config) -> (Outcome, String) {
    match yusuan_import::import_file(&base.name, bytes) {
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains(&base.name), "error without the file: {msg}");
            (Outcome::Refused, msg)
        }
        Ok(d) => {
            // The checker runs on whatever was read, and must not fall over.
            let _ = yusuan_check::check(&d, config);
            let new: Vec<String> = messages(&d.diagnostics)
                .into_iter()
                .filter(|m| !base.diagnostics.contains(m))
                .collect();
            if let Some(first) = new.first() {
                return (Outcome::Diagnosed, first.clone());
            }
            let a = amounts(&d);
            if a == base.amounts {
                (Outcome::Unchanged, String::new())
            } else {
                let diff: Vec<String> = a
                    .iter()
                    .filter(|l| !base.amounts.contains(l))
                    .take(3)
                    .map(|l| format!("+{l}"))
                    .chain(
                        base.amounts
                            .iter()
                            .filter(|l| !a.contains(l))
                            .take(3)
                            .map(|l| format!("-{l}")),
                    )
                    .collect();
                (Outcome::Silent, diff.join("\n"))
            }
        }
    }
}

/// The content streams of the pages holding tables (where damage changes amounts).
fn table_streams(doc: &Document, pages: &[u32]) -> Vec<ObjectId> {
    let ids = doc.get_pages();
    let mut out = Vec::new();
    for p in pages {
        if let Some(id) = ids.get(p) {
            for c in doc.get_page_contents(*id) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Rewrites one content stream: `damage` gets its decoded bytes; the result is compressed
/// again (so the damage reaches the content, not the compression).
fn with_content(doc: &Document, id: ObjectId, damage: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut doc = doc.clone();
    if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
        let mut data = s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone());
        damage(&mut data);
        s.dict.remove(b"Filter");
        s.dict.remove(b"DecodeParms");
        s.set_plain_content(data);
        let _ = s.compress();
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// Replaces one content stream's compressed bytes by their first part: a file cut inside a
/// stream, as a failed download or disk leaves it, but with the rest of the file intact.
fn with_cut_stream(doc: &Document, id: ObjectId, keep: f64) -> Vec<u8> {
    let mut doc = doc.clone();
    if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
        if s.dict.get(b"Filter").is_err() {
            let _ = s.compress();
        }
        let n = ((s.content.len() as f64) * keep) as usize;
        let cut = s.content.get(..n.max(1)).unwrap_or_default().to_vec();
        s.set_content(cut);
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// The end of a number token inside `data`, at random: cutting there leaves an operator's
/// operands without the operator.
fn mid_operator(data: &[u8], rng: &mut Rng) -> usize {
    let start = rng.below(data.len());
    let mut i = start;
    while i + 1 < data.len() {
        let (a, b) = (data[i], data[i + 1]);
        if a.is_ascii_digit() && (b == b' ' || b == b'\n' || b == b'\r') {
            // A digit ending a number that another operand or the operator follows.
            return i + 1;
        }
        i += 1;
    }
    start
}

#[test]
fn damaged_pdfs_never_misread_silently() {
    let started = std::time::Instant::now();
    let config = yusuan_check::Config::default();
    let files = [
        "shanghai-finance-bureau-2025-unit-budget.pdf",
        "shanghai-putuo-wanli-2025-budget.pdf",
        "shanghai-putuo-welfare-home-2024-unit-budget.pdf",
        "jiangsu/jiangsu-npc-office-2019-budget-tables.pdf",
    ];
    let seed = std::env::var("YUSUAN_DAMAGE_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut rng = Rng(seed | 1);
    let mut counts: std::collections::BTreeMap<(&str, Outcome), usize> = Default::default();
    let mut silent: Vec<String> = Vec::new();
    for path in files {
        let (name, original) = corpus(path);
        let base = baseline(&name, &original);
        let doc = Document::load_mem(&original).expect("lopdf reads the original");
        // The file as lopdf writes it back, undamaged, must read as the original.
        let mut resaved = Vec::new();
        doc.clone().save_to(&mut resaved).expect("save");
        let re = baseline(&name, &resaved);
        assert_eq!(re.amounts, base.amounts, "{name}: rewritten by lopdf");
        let pages: Vec<u32> = {
            let d = yusuan_import::import_file(&name, &original).expect("import");
            let mut p: Vec<u32> = d
                .tables
                .iter()
                .flat_map(|t| t.rows.iter().filter_map(|r| r.prov.page))
                .collect();
            p.sort_unstable();
            p.dedup();
            p
        };
        let streams = table_streams(&doc, &pages);
        assert!(!streams.is_empty(), "{name}: no table content streams");

        let mut cases: Vec<(&str, String, Vec<u8>)> = Vec::new();
        // Byte flips anywhere (mostly in font programs and images), and in the readable
        // parts of the file (dictionaries, the cross-reference table).
        for i in 0..10 {
            let mut b = original.clone();
            let flips = rng.range(1, 4);
            let mut at = Vec::new();
            for _ in 0..flips {
                let mut pos = rng.below(b.len());
                if i % 2 == 1 {
                    for _ in 0..1000 {
                        let window = b.get(pos.saturating_sub(8)..(pos + 8).min(b.len()));
                        if window.is_some_and(|w| w.iter().all(|c| (0x20..0x7f).contains(c))) {
                            break;
                        }
                        pos = rng.below(b.len());
                    }
                }
                b[pos] ^= (rng.range(1, 255)) as u8;
                at.push(pos);
            }
            cases.push(("byte flips", format!("at {at:?}"), b));
        }
        // The file cut short.
        for frac in [0.1, 0.4, 0.7, 0.9, 0.99] {
            let n = (original.len() as f64 * frac) as usize;
            cases.push((
                "truncated file",
                format!("at {n} of {}", original.len()),
                original[..n].to_vec(),
            ));
        }
        // Content streams of table pages damaged, then compressed again.
        for _ in 0..4 {
            let id = streams[rng.below(streams.len())];
            let (start, len) = (rng.next(), rng.range(4, 48));
            let b = with_content(&doc, id, |d| {
                let s = (start as usize) % d.len().max(1);
                let end = (s + len).min(d.len());
                d[s..end].iter_mut().for_each(|c| *c = 0);
            });
            cases.push(("zeroed content", format!("{id:?} +{len}"), b));
        }
        for _ in 0..4 {
            let id = streams[rng.below(streams.len())];
            let (start, len) = (rng.next(), rng.range(4, 48));
            let noise: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            let b = with_content(&doc, id, |d| {
                let s = (start as usize) % d.len().max(1);
                for (k, c) in noise.iter().enumerate() {
                    if let Some(slot) = d.get_mut(s + k) {
                        *slot = *c;
                    }
                }
            });
            cases.push(("garbled content", format!("{id:?} +{len}"), b));
        }
        for _ in 0..3 {
            let id = streams[rng.below(streams.len())];
            let seed = rng.next();
            let b = with_content(&doc, id, |d| {
                let cut = mid_operator(d, &mut Rng(seed | 1));
                d.truncate(cut);
            });
            cases.push(("content cut mid-operator", format!("{id:?}"), b));
        }
        for _ in 0..3 {
            let id = streams[rng.below(streams.len())];
            let keep = rng.range(5, 95) as f64 / 100.0;
            cases.push((
                "compressed content cut short",
                format!("{id:?} keep {keep}"),
                with_cut_stream(&doc, id, keep),
            ));
        }

        for (kind, what, bytes) in cases {
            let (o, detail) = outcome(&base, &bytes, &config);
            *counts.entry((kind, o)).or_default() += 1;
            if o == Outcome::Silent {
                if let Ok(dir) = std::env::var("YUSUAN_DAMAGE_DUMP") {
                    let file = format!("{dir}/{}-{name}", silent.len());
                    std::fs::write(&file, &bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
                }
                silent.push(format!("{name}: {kind} {what}\n{detail}"));
            }
        }
    }
    eprintln!("kind                          outcome     cases");
    for ((kind, o), n) in &counts {
        eprintln!("{kind:<29} {:<11} {n}", format!("{o:?}"));
    }
    eprintln!("{} s", started.elapsed().as_secs());
    assert!(
        silent.is_empty(),
        "{} damaged files misread with nothing said:\n{}",
        silent.len(),
        silent.join("\n\n")
    );
}
