//! Corrupt one amount at a time in the real documents and check that the checker flags the
//! changed line as an error. Prints the detection rate per document.
//!
//! Every table cell with an amount takes part in at least one identity in these documents (row
//! and column sums, cross-table totals), so each corruption must be found.

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used, clippy::panic)]

use yusuan_check::{check, Config, Severity};
use yusuan_model::{Disclosure, Fen};

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR")))
        .or_else(|_| {
            std::fs::read_to_string(format!(
                "{}/../../corpus/{path}",
                env!("CARGO_MANIFEST_DIR")
            ))
        })
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One amount cell to corrupt: its line, the text printed, which occurrence of that text on the
/// line it is, and the value to print instead.
struct Target {
    line: u32,
    text: String,
    nth: usize,
    replacement: String,
    place: String,
}

fn targets(d: &Disclosure) -> Vec<Target> {
    let mut seen: std::collections::HashMap<(u32, String), usize> =
        std::collections::HashMap::new();
    let mut v = Vec::new();
    for t in &d.tables {
        for r in &t.rows {
            for c in &r.cells {
                let (Some(a), Some(line)) = (c.amount, c.prov.line) else {
                    continue;
                };
                let nth = seen.entry((line, c.text.clone())).or_insert(0);
                let k = *nth;
                *nth += 1;
                // +100 steps of the last digit shown (1.00 万元, 100 元 or 1.00 元): far beyond
                // any rounding difference.
                let changed = Fen(a.fen.0 + 100 * a.quantum());
                let replacement = changed.format(a.unit, a.decimals, c.text.contains(','));
                v.push(Target {
                    line,
                    text: c.text.clone(),
                    nth: k,
                    replacement,
                    place: format!(
                        "{} {} {}",
                        t.display_name(),
                        r.code
                            .as_ref()
                            .map(|c| c.to_string())
                            .unwrap_or(r.label.clone()),
                        c.column.label()
                    ),
                });
            }
        }
    }
    v
}

/// Replace the `nth` occurrence of the cell `from` on line `line` (1-based) of `text`: a whole
/// cell, set apart by whitespace (a `0` cell, not the 0 in `201` or `3,296,600`).
fn mutate(text: &str, line: u32, from: &str, nth: usize, to: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 8);
    let mut done = false;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u32 + 1 == line {
            let apart = |c: Option<char>| c.is_none_or(char::is_whitespace);
            let (start, _) = l
                .match_indices(from)
                .filter(|(at, m)| {
                    apart(l[..*at].chars().next_back()) && apart(l[at + m.len()..].chars().next())
                })
                .nth(nth)?;
            out.push_str(&l[..start]);
            out.push_str(to);
            out.push_str(&l[start + from.len()..]);
            done = true;
        } else {
            out.push_str(l);
        }
    }
    done.then_some(out)
}

fn detection(path: &str) -> (usize, usize, Vec<String>) {
    let text = read(path);
    let base = yusuan_import::import_text(path, &text).unwrap();
    let config = Config::default();
    let mut found = 0;
    let mut missed = Vec::new();
    let ts = targets(&base);
    for t in &ts {
        let Some(m) = mutate(&text, t.line, &t.text, t.nth, &t.replacement) else {
            missed.push(format!("{}: could not place the mutation", t.place));
            continue;
        };
        let d = yusuan_import::import_text(path, &m).unwrap();
        let hit = check(&d, &config).iter().any(|f| {
            f.severity == Severity::Error && f.locations.iter().any(|p| p.line == Some(t.line))
        });
        if hit {
            found += 1;
        } else {
            missed.push(format!(
                "line {} {} {} → {}",
                t.line, t.place, t.text, t.replacement
            ));
        }
    }
    (found, ts.len(), missed)
}

fn report(path: &str) -> f64 {
    let (found, total, missed) = detection(path);
    let rate = found as f64 / total.max(1) as f64;
    println!(
        "{path}: {found}/{total} corrupted amounts flagged as errors at their line ({:.1}%)",
        rate * 100.0
    );
    for m in missed.iter().take(40) {
        println!("  missed: {m}");
    }
    rate
}

#[test]
fn every_corrupted_amount_is_flagged_in_the_reference() {
    let rate = report("examples/chongqing-jiangbeicheng-2025-budget.txt");
    assert!(rate >= 0.99, "detection rate {rate}");
}

#[test]
fn every_corrupted_amount_is_flagged_in_shanghai_documents() {
    for f in [
        "shanghai-putuo-wanli-2025-budget.txt",
        "shanghai-putuo-finance-bureau-2025-budget.txt",
    ] {
        let rate = report(f);
        assert!(rate >= 0.99, "{f}: detection rate {rate}");
    }
}
