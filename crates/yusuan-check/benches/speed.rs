//! Speed of `yusuan check` on published PDFs: import (text layer, layout, tables, narrative)
//! plus the whole rule catalogue, in process, best of several runs. Two parts:
//!
//! 1. **Import + check per document**, against the goal of 50 ms for a 25-page PDF and against
//!    a named baseline: the Python peer's first step, **pdfplumber** extracting the words and
//!    the tables of every page of the same PDF (what a pdfplumber-based checker such as
//!    GovBudgetChecker must do before it checks anything). The baseline is not run here; its
//!    figures are [`BASELINE`], measured with the command below.
//! 2. **Growth with the document**: each PDF's pages repeated 1, 4 and 16 times
//!    (`support/repeat.rs`), the time per page of import and of check at each size and the
//!    growth ratio (time at 16× ÷ 16 × time at 1×; 1.0 is linear, the goal is to stay near it).
//!
//! Run: `cargo bench -p yusuan-check --bench speed` (`-- --runs N` for more runs, `-- --quick`
//! for part 1 only). Not run by CI. Timings on a machine other programs are busy on vary from
//! run to run; the best of several runs is the least disturbed.
//!
//! Baseline, measured 2026-12-06 on the development machine (2-core VM shared with other work,
//! load average about 4; pdfplumber 0.11.11, Python 3.11.7), in a venv outside the repository (`python3 -m venv /tmp/venv &&
//! /tmp/venv/bin/pip install pdfplumber`), best of 3 in one process (start-up and imports not
//! counted):
//!
//! ```text
//! /tmp/venv/bin/python - corpus/pdf/FILE.pdf <<'EOF'
//! import sys, time, pdfplumber
//! def run(path):
//!     with pdfplumber.open(path) as pdf:
//!         for page in pdf.pages:
//!             page.extract_words()
//!             page.extract_tables()
//! for path in sys.argv[1:]:
//!     best = min(((t := time.perf_counter()), run(path), time.perf_counter() - t)[2] for _ in range(3))
//!     print(path, f"{best * 1000:.0f} ms")
//! EOF
//! ```
//!
//! Measured the same minute, `cargo bench -p yusuan-check --bench speed`: import + check 20.4,
//! 24.8, 29.5 and 26.9 ms for the four documents (24, 26, 31, 31 pages), 22.7 ms per 25 pages,
//! 70× faster than pdfplumber's words and tables alone; growth from 1× to 16× (384–496 pages):
//! import 0.75–1.03, check 0.50–0.77 times the time per page at 1×.

// A bench: it stops on a broken setup; no user document runs it.
#![allow(clippy::unreachable)]

#[path = "support/repeat.rs"]
mod repeat;

use std::time::{Duration, Instant};

/// The corpus PDFs measured: (file under `corpus/pdf`, pdfplumber words + tables in ms).
const BASELINE: [(&str, f64); 4] = [
    ("shanghai-putuo-finance-bureau-2025-budget.pdf", 1602.0),
    ("shanghai-putuo-commerce-2025-dept-budget.pdf", 2064.0),
    ("shanghai-putuo-wanli-2025-budget.pdf", 2123.0),
    ("jiangsu/jiangsu-npc-office-2018-budget.pdf", 1296.0),
];

/// The goal: import + check of a 25-page PDF.
const GOAL_MS_PER_25_PAGES: f64 = 50.0;

/// The sizes of the growth part (times each document's pages are repeated).
const SIZES: [usize; 3] = [1, 4, 16];

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let v = std::hint::black_box(f());
        best = best.min(t.elapsed());
        last = Some(v);
    }
    match last {
        Some(v) => (best, v),
        None => unreachable!("at least one run"),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The import and the check of a PDF, best of `runs` each (the check of at least 10: it is the
/// shorter, and the more disturbed by other programs): (pages, import time, check time), or why
/// not.
fn measure(name: &str, bytes: &[u8], runs: usize) -> Result<(u32, Duration, Duration), String> {
    let config = yusuan_check::Config::default();
    let (import, d) = best(runs, || yusuan_import::import_file(name, bytes));
    let d = d.map_err(|e| e.to_string())?;
    let (check, _) = best(runs.max(10), || yusuan_check::check(&d, &config).len());
    let pages = lopdf::Document::load_mem(bytes).map_or(0, |p| p.get_pages().len() as u32);
    Ok((pages, import, check))
}

fn main() {
    let mut runs = 10usize;
    let mut quick = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--quick" => quick = true,
            _ => {}
        }
    }
    let dir = format!("{}/../../corpus/pdf", env!("CARGO_MANIFEST_DIR"));
    let docs: Vec<(&str, f64, Vec<u8>)> = BASELINE
        .iter()
        .filter_map(
            |&(file, plumber)| match std::fs::read(format!("{dir}/{file}")) {
                Ok(b) => Some((file, plumber, b)),
                Err(e) => {
                    eprintln!("{file}: {e}");
                    None
                }
            },
        )
        .collect();

    println!("import + check, best of {runs} (goal: {GOAL_MS_PER_25_PAGES} ms per 25 pages)");
    println!(
        "{:<52} {:>5} {:>9} {:>9} {:>9} {:>10} {:>13} {:>7}",
        "document",
        "pages",
        "import ms",
        "check ms",
        "total ms",
        "ms/25 pp",
        "pdfplumber ms",
        "ratio"
    );
    let (mut all_pages, mut all_ms, mut all_plumber) = (0u32, 0.0, 0.0);
    for (file, plumber, bytes) in &docs {
        match measure(file, bytes, runs) {
            Ok((pages, import, check)) => {
                let total = ms(import) + ms(check);
                let per25 = total * 25.0 / f64::from(pages.max(1));
                all_pages += pages;
                all_ms += total;
                all_plumber += plumber;
                println!(
                    "{file:<52} {pages:>5} {:>9.2} {:>9.2} {total:>9.2} {per25:>9.2}{} {plumber:>13.0} {:>6.0}×",
                    ms(import),
                    ms(check),
                    if per25 <= GOAL_MS_PER_25_PAGES { ' ' } else { '!' },
                    plumber / total,
                );
            }
            Err(e) => println!("{file:<52} {e}"),
        }
    }
    println!(
        "{:<52} {all_pages:>5} {:>9} {:>9} {all_ms:>9.2} {:>9.2}  {all_plumber:>13.0} {:>6.0}×",
        "all",
        "",
        "",
        all_ms * 25.0 / f64::from(all_pages.max(1)),
        all_plumber / all_ms,
    );
    println!("(ratio: pdfplumber's words + tables of the same PDF ÷ yusuan's import + check)");
    if quick {
        return;
    }

    println!();
    println!("growth: each document's pages repeated {SIZES:?} times, best of {runs} (÷ size for the larger ones)");
    println!(
        "{:<52} {:>5} {:>6} {:>13} {:>13} {:>8} {:>8}",
        "document", "size", "pages", "import ms/pp", "check ms/pp", "import ×", "check ×"
    );
    for (file, _, bytes) in &docs {
        let mut first: Option<(f64, f64)> = None;
        for k in SIZES {
            let Some(b) = repeat::repeat_pages(bytes, k) else {
                println!("{file:<52} lopdf cannot rewrite it");
                break;
            };
            let r = (runs / k).max(3);
            match measure(file, &b, r) {
                Ok((pages, import, check)) => {
                    let pp = f64::from(pages.max(1));
                    let (i, c) = (ms(import) / pp, ms(check) / pp);
                    let (i1, c1) = *first.get_or_insert((i, c));
                    println!(
                        "{file:<52} {:>4}× {pages:>6} {i:>13.3} {c:>13.3} {:>8.2} {:>8.2}",
                        k,
                        i / i1,
                        c / c1
                    );
                }
                Err(e) => {
                    println!("{file:<52} {k:>4}× {e}");
                    break;
                }
            }
        }
    }
    println!(
        "(import × and check ×: time per page at that size ÷ time per page at 1×; 1.00 is linear)"
    );
}
