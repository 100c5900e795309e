//! Where checking time goes as a document grows: `rule_times FILE.pdf [TIMES…]` imports the PDF
//! with its pages repeated each number of times (default 1, 4, 16) and prints the import time,
//! the whole check's time and the slowest rules (best of a few runs each). Run in release:
//! `cargo run --release -p yusuan-check --example rule_times -- FILE.pdf`.

// An example for developers: it stops on a broken setup; no user document runs it.
#![allow(clippy::expect_used, clippy::indexing_slicing)]
#[path = "../benches/support/repeat.rs"]
mod repeat;

use std::time::{Duration, Instant};

fn best<T>(runs: u32, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        last = Some(v);
    }
    (best, last.expect("runs > 0"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let Some(path) = a.get(1) else {
        eprintln!("usage: rule_times FILE.pdf [TIMES…]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let mut sizes: Vec<usize> = a[2..].iter().filter_map(|s| s.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1, 4, 16];
    }
    for k in sizes {
        let Some(b) = repeat::repeat_pages(&bytes, k) else {
            eprintln!("{path}: lopdf cannot rewrite it");
            std::process::exit(2);
        };
        let (import, d) = best(3, || yusuan_import::import_file("x.pdf", &b));
        let d = match d {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{path} ×{k}: {e}");
                std::process::exit(2);
            }
        };
        let profile = yusuan_check::profile::of(&d);
        let year = d.meta.year.unwrap_or(u16::MAX);
        let mut times = vec![];
        for r in yusuan_check::rules::all() {
            let (t, n) = best(3, || {
                // A new context each run: what it derives once per document is counted.
                let cx =
                    yusuan_check::Cx::new(&d, yusuan_model::Catalog::embedded(), year, profile);
                let mut out = vec![];
                r.check(&cx, &mut out);
                out.len()
            });
            times.push((t, r.info().code, n));
        }
        let (all, n) = best(3, || {
            yusuan_check::check(&d, &yusuan_check::Config::default()).len()
        });
        times.sort();
        times.reverse();
        println!(
            "×{k}: import {:.1} ms, check {:.1} ms ({n} findings)",
            ms(import),
            ms(all)
        );
        for (t, code, n) in times.iter().take(8) {
            println!("   {code} {:.2} ms ({n} findings)", ms(*t));
        }
    }
}
