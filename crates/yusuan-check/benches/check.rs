//! Checking speed of the text fixtures, import included: import + the whole rule catalogue per
//! document, measured by divan (fastest, slowest, median and mean of its samples).
//! Run with `cargo bench -p yusuan-check --bench check`. The speed goal and its baseline are in
//! `speed.rs` beside this file (PDFs against pdfplumber).

use divan::{black_box, Bencher};

/// The text fixtures measured (paths from the repository root).
const FILES: [&str; 3] = [
    "examples/chongqing-jiangbeicheng-2025-budget.txt",
    "corpus/shanghai-putuo-wanli-2025-budget.txt",
    "corpus/shanghai-putuo-finance-bureau-2025-budget.txt",
];

fn main() {
    divan::main();
}

#[divan::bench(args = FILES, sample_count = 100)]
fn import_and_check(bencher: Bencher, file: &str) {
    let path = format!("{}/../../{file}", env!("CARGO_MANIFEST_DIR"));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => return eprintln!("{path}: {e}"),
    };
    let name = file.rsplit('/').next().unwrap_or(file);
    let config = yusuan_check::Config::default();
    bencher.bench(|| {
        yusuan_import::import_text(name, black_box(&text))
            .map(|d| yusuan_check::check(&d, &config).len())
    });
}
