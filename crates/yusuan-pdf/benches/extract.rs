//! Text-layer extraction speed: the whole text layer of each fixture PDF (words and lines built,
//! as a caller would), measured by divan (fastest, slowest, median and mean of its samples;
//! pages per second from the page counter).
//! Run with `cargo bench -p yusuan-pdf` (divan's options after `--`: `--sample-count N`, a
//! filter such as `-- finance`). No baseline here: the speed goal and its pdfplumber baseline are
//! in `crates/yusuan-check/benches/speed.rs`.

use divan::counter::ItemsCount;
use divan::{black_box, Bencher};

/// The corpus PDFs measured (under `corpus/pdf`).
const FILES: [&str; 3] = [
    "shanghai-putuo-wanli-2025-budget.pdf",
    "shanghai-putuo-finance-bureau-2025-budget.pdf",
    "shanghai-putuo-justice-bureau-2026-budget.pdf",
];

fn main() {
    divan::main();
}

#[divan::bench(args = FILES, sample_count = 50)]
fn extract(bencher: Bencher, file: &str) {
    let path = format!("{}/../../corpus/pdf/{file}", env!("CARGO_MANIFEST_DIR"));
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => return eprintln!("{path}: {e}"),
    };
    let pages = match yusuan_pdf::read_pdf(&bytes) {
        Ok(pdf) => pdf.pages.len(),
        Err(e) => return eprintln!("{path}: {e}"),
    };
    bencher.counter(ItemsCount::new(pages)).bench(|| {
        yusuan_pdf::read_pdf(black_box(&bytes))
            .map(|pdf| pdf.pages.iter().map(|p| p.lines().len()).sum::<usize>())
    });
}
