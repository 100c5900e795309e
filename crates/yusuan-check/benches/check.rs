//! Checking speed, import included: milliseconds per document for each text fixture, best and
//! mean of many runs. Run with `cargo bench -p yusuan-check`.

use std::time::{Duration, Instant};

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let files = [
        format!("{root}/../../examples/chongqing-jiangbeicheng-2025-budget.txt"),
        format!("{root}/../../corpus/shanghai-putuo-wanli-2025-budget.txt"),
        format!("{root}/../../corpus/shanghai-putuo-finance-bureau-2025-budget.txt"),
    ];
    let config = yusuan_check::Config::default();
    println!(
        "{:<48} {:>9} {:>9} {:>9} {:>9}",
        "document (import + check)", "best ms", "mean ms", "findings", "runs"
    );
    for path in files {
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("{name:<48} (not found)");
            continue;
        };
        let runs = 100u32;
        let mut best = Duration::MAX;
        let mut n = 0;
        let start = Instant::now();
        for _ in 0..runs {
            let t = Instant::now();
            if let Ok(d) = yusuan_import::import_text(&name, &text) {
                n = yusuan_check::check(&d, &config).len();
            }
            best = best.min(t.elapsed());
        }
        let mean = start.elapsed() / runs;
        println!(
            "{name:<48} {:>9.3} {:>9.3} {:>9} {:>9}",
            best.as_secs_f64() * 1e3,
            mean.as_secs_f64() * 1e3,
            n,
            runs
        );
    }
}
