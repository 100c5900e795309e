//! Import speed of the text fixtures: the whole import of each, measured by divan (fastest,
//! slowest, median and mean of its samples; bytes per second from the counter).
//! Run with `cargo bench -p yusuan-import --bench import`. No baseline: the speed goal and its
//! pdfplumber baseline are in `crates/yusuan-check/benches/speed.rs`.

use divan::counter::BytesCount;
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

#[divan::bench(args = FILES, sample_count = 200)]
fn import_text(bencher: Bencher, file: &str) {
    let path = format!("{}/../../{file}", env!("CARGO_MANIFEST_DIR"));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => return eprintln!("{path}: {e}"),
    };
    let name = file.rsplit('/').next().unwrap_or(file);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| yusuan_import::import_text(name, black_box(&text)));
}

/// Pairing the halves of a collection published in two files a unit (情况说明 and tables):
/// `n` units of one year, the tables naming each unit more fully. Before the halves were
/// looked up by name (each compared with every other), 20,000 took 45 s (now 0.11 s).
#[divan::bench(args = [2_000, 20_000])]
fn pair_halves_of_units(bencher: Bencher, n: usize) {
    use yusuan_import::{Half, HalfKey};
    let mut keys = Vec::new();
    for i in 0..n {
        let unit = format!("第{i}区财政局");
        keys.push(HalfKey {
            half: Some(Half::Narrative),
            year: Some(2025),
            final_accounts: false,
            unit: Some(unit.clone()),
            own_text: String::new(),
        });
        keys.push(HalfKey {
            half: Some(Half::Tables),
            year: Some(2025),
            final_accounts: false,
            unit: Some(format!("上海市{unit}")),
            own_text: String::new(),
        });
    }
    bencher.bench(|| yusuan_import::pair_keys(black_box(&keys)));
}
