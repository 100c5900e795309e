//! Text-layer extraction speed: time per document for each fixture PDF, best and mean of
//! several runs (words and lines built, as a caller would).
//! Run with `cargo bench -p yusuan-pdf`. Prints milliseconds per document.

use std::time::{Duration, Instant};

fn main() {
    let dir = format!("{}/../../corpus/pdf", env!("CARGO_MANIFEST_DIR"));
    let files = [
        "shanghai-putuo-wanli-2025-budget.pdf",
        "shanghai-putuo-finance-bureau-2025-budget.pdf",
        "shanghai-putuo-justice-bureau-2026-budget.pdf",
    ];
    println!(
        "{:<48} {:>6} {:>7} {:>9} {:>9} {:>6}",
        "document", "pages", "words", "best ms", "mean ms", "runs"
    );
    for f in files {
        let path = format!("{dir}/{f}");
        let Ok(bytes) = std::fs::read(&path) else {
            println!("{f:<48} (not found: {path})");
            continue;
        };
        let runs = 50u32;
        let mut best = Duration::MAX;
        let mut pages = 0;
        let mut words = 0;
        let start = Instant::now();
        for _ in 0..runs {
            let t = Instant::now();
            let pdf = match yusuan_pdf::read_pdf(&bytes) {
                Ok(pdf) => pdf,
                Err(e) => {
                    println!("{f:<48} error: {e}");
                    break;
                }
            };
            let lines: usize = pdf.pages.iter().map(|p| p.lines().len()).sum();
            std::hint::black_box(lines);
            best = best.min(t.elapsed());
            pages = pdf.pages.len();
            words = pdf.pages.iter().map(|p| p.words.len()).sum();
        }
        let mean = start.elapsed() / runs;
        println!(
            "{f:<48} {pages:>6} {words:>7} {:>9.2} {:>9.2} {runs:>6}",
            best.as_secs_f64() * 1e3,
            mean.as_secs_f64() * 1e3,
        );
    }
}
