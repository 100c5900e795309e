//! Import speed: time per document for each text fixture, best of several runs.
//! Run with `cargo bench -p yusuan-import`. Prints milliseconds per document.

use std::time::{Duration, Instant};

fn main() {
    let dir = format!("{}/../../corpus", env!("CARGO_MANIFEST_DIR"));
    let local = format!("{}/../../examples", env!("CARGO_MANIFEST_DIR"));
    let files = [
        (local.clone(), "chongqing-jiangbeicheng-2025-budget.txt"),
        (dir.clone(), "shanghai-putuo-wanli-2025-budget.txt"),
        (dir.clone(), "shanghai-putuo-finance-bureau-2025-budget.txt"),
    ];
    println!(
        "{:<48} {:>10} {:>10} {:>8}",
        "document", "best ms", "mean ms", "runs"
    );
    for (d, f) in files {
        let path = format!("{d}/{f}");
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("{f:<48} (not found: {path})");
            continue;
        };
        let runs = 200;
        let mut best = Duration::MAX;
        let start = Instant::now();
        for _ in 0..runs {
            let t = Instant::now();
            let d = yusuan_import::import_text(f, &text);
            std::hint::black_box(&d);
            best = best.min(t.elapsed());
        }
        let mean = start.elapsed() / runs;
        println!(
            "{f:<48} {:>10.3} {:>10.3} {:>8}",
            best.as_secs_f64() * 1e3,
            mean.as_secs_f64() * 1e3,
            runs
        );
    }
}
