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
//! divan measures both parts (fastest, slowest, median and mean of its samples; pages per second
//! from the page counter); after its table, this bench prints the ratios above from the fastest
//! of the same runs (`benches/fastest.rs` at the workspace root says why by hand).
//!
//! Run: `cargo bench -p yusuan-check --bench speed` (divan's options after `--`:
//! `--sample-count N` for more runs, `-- document` for part 1 only). Not run by CI. Timings on a
//! machine other programs are busy on vary from run to run; the fastest of several runs is the
//! least disturbed.
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

use divan::counter::ItemsCount;
use divan::{black_box, Bencher};

#[path = "support/repeat.rs"]
mod repeat;

#[path = "../../../benches/fastest.rs"]
mod fastest;

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

/// The files of [`BASELINE`], divan's arguments.
fn files() -> impl Iterator<Item = &'static str> {
    BASELINE.iter().map(|(file, _)| *file)
}

/// A corpus PDF with its pages repeated `times` times, and its page count; `None`, said on
/// stderr, when it cannot be read or rewritten.
fn pdf(file: &str, times: usize) -> Option<(Vec<u8>, usize)> {
    let path = format!("{}/../../corpus/pdf/{file}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path)
        .map_err(|e| eprintln!("{path}: {e}"))
        .ok()?;
    let bytes = if times == 1 {
        bytes
    } else {
        let Some(b) = repeat::repeat_pages(&bytes, times) else {
            eprintln!("{path}: lopdf cannot rewrite it");
            return None;
        };
        b
    };
    let pages = lopdf::Document::load_mem(&bytes).map_or(0, |p| p.get_pages().len());
    Some((bytes, pages))
}

/// The key a run is recorded under: the step, the file and the size.
fn key(step: &str, file: &str, times: usize) -> String {
    format!("{step} {file} ×{times}")
}

/// Benches the import of `file` with its pages repeated `times` times.
fn bench_import(bencher: Bencher, file: &str, times: usize) {
    let Some((bytes, pages)) = pdf(file, times) else {
        return;
    };
    let key = key("import", file, times);
    bencher.counter(ItemsCount::new(pages)).bench_local(|| {
        fastest::timed(&key, || yusuan_import::import_file(file, black_box(&bytes)))
    });
}

/// Benches the check of `file`, imported once, with its pages repeated `times` times.
fn bench_check(bencher: Bencher, file: &str, times: usize) {
    let Some((bytes, pages)) = pdf(file, times) else {
        return;
    };
    let d = match yusuan_import::import_file(file, &bytes) {
        Ok(d) => d,
        Err(e) => return eprintln!("{file}: {e}"),
    };
    let config = yusuan_check::Config::default();
    let key = key("check", file, times);
    bencher
        .counter(ItemsCount::new(pages))
        .bench_local(|| fastest::timed(&key, || yusuan_check::check(black_box(&d), &config).len()));
}

/// Part 1: each document as published.
mod document {
    use super::*;

    #[divan::bench(args = files(), sample_count = 10)]
    fn import(bencher: Bencher, file: &str) {
        bench_import(bencher, file, 1);
    }

    #[divan::bench(args = files(), sample_count = 10)]
    fn check(bencher: Bencher, file: &str) {
        bench_check(bencher, file, 1);
    }
}

/// Part 2: each document's pages repeated [`SIZES`] times.
mod growth {
    use super::*;

    #[divan::bench(consts = SIZES, args = files(), sample_count = 3)]
    fn import<const TIMES: usize>(bencher: Bencher, file: &str) {
        bench_import(bencher, file, TIMES);
    }

    #[divan::bench(consts = SIZES, args = files(), sample_count = 3)]
    fn check<const TIMES: usize>(bencher: Bencher, file: &str) {
        bench_check(bencher, file, TIMES);
    }
}

/// The fastest import and check of `file` at size `times`, in ms, if both ran.
fn fastest_ms(file: &str, times: usize) -> Option<(f64, f64)> {
    let import = fastest::runs(&key("import", file, times))?;
    let check = fastest::runs(&key("check", file, times))?;
    Some((fastest::ms(import.fastest), fastest::ms(check.fastest)))
}

fn main() {
    divan::main();
    // The growth part records its 1× runs under the same keys as part 1: the fastest of both.
    let pages: Vec<(&str, f64, usize)> = BASELINE
        .iter()
        .filter_map(|&(file, plumber)| {
            let path = format!("{}/../../corpus/pdf/{file}", env!("CARGO_MANIFEST_DIR"));
            let bytes = std::fs::read(path).ok()?;
            let pages = lopdf::Document::load_mem(&bytes).map_or(0, |p| p.get_pages().len());
            Some((file, plumber, pages.max(1)))
        })
        .collect();
    if pages
        .iter()
        .any(|(file, _, _)| fastest_ms(file, 1).is_some())
    {
        print_documents(&pages);
    }
    if pages.iter().any(|(file, _, _)| {
        SIZES
            .iter()
            .any(|&k| k > 1 && fastest_ms(file, k).is_some())
    }) {
        print_growth(&pages);
    }
}

fn print_documents(docs: &[(&str, f64, usize)]) {
    println!();
    println!("import + check, fastest run (goal: {GOAL_MS_PER_25_PAGES} ms per 25 pages)");
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
    let (mut all_pages, mut all_ms, mut all_plumber) = (0usize, 0.0, 0.0);
    for &(file, plumber, pages) in docs {
        let Some((import, check)) = fastest_ms(file, 1) else {
            continue;
        };
        let total = import + check;
        let per25 = total * 25.0 / pages as f64;
        all_pages += pages;
        all_ms += total;
        all_plumber += plumber;
        println!(
            "{file:<52} {pages:>5} {import:>9.2} {check:>9.2} {total:>9.2} {per25:>9.2}{} {plumber:>13.0} {:>6.0}×",
            if per25 <= GOAL_MS_PER_25_PAGES { ' ' } else { '!' },
            plumber / total,
        );
    }
    println!(
        "{:<52} {all_pages:>5} {:>9} {:>9} {all_ms:>9.2} {:>9.2}  {all_plumber:>13.0} {:>6.0}×",
        "all",
        "",
        "",
        all_ms * 25.0 / all_pages.max(1) as f64,
        all_plumber / all_ms,
    );
    println!("(ratio: pdfplumber's words + tables of the same PDF (BASELINE, measured once) ÷ yusuan's import + check)");
}

fn print_growth(docs: &[(&str, f64, usize)]) {
    println!();
    println!("growth: each document's pages repeated {SIZES:?} times, fastest run");
    println!(
        "{:<52} {:>5} {:>6} {:>13} {:>13} {:>8} {:>8}",
        "document", "size", "pages", "import ms/pp", "check ms/pp", "import ×", "check ×"
    );
    for &(file, _, pages) in docs {
        let Some((i1, c1)) = fastest_ms(file, 1) else {
            continue;
        };
        let (i1, c1) = (i1 / pages as f64, c1 / pages as f64);
        for k in SIZES {
            let Some((i, c)) = fastest_ms(file, k) else {
                continue;
            };
            let pp = (pages * k) as f64;
            let (i, c) = (i / pp, c / pp);
            println!(
                "{file:<52} {k:>4}× {:>6} {i:>13.3} {c:>13.3} {:>8.2} {:>8.2}",
                pages * k,
                i / i1,
                c / c1
            );
        }
    }
    println!(
        "(import × and check ×: time per page at that size ÷ time per page at 1×; 1.00 is linear)"
    );
}
