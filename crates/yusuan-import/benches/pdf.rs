//! PDF import speed: the whole import (text layer, layout, tables, narrative, provenance) of each
//! PDF, best of N runs in this process. `cargo bench -p yusuan-import --bench pdf -- [--runs N]
//! [--tsv] [FILE.pdf …]`; without files, the fixture PDFs. `scripts/bench-pdf.sh` compares it
//! with pdfplumber.

use std::time::{Duration, Instant};

fn main() {
    let mut runs = 20usize;
    let mut tsv = false;
    let mut files: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => {}
            "--tsv" => tsv = true,
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(runs)
                    .max(1)
            }
            _ if a.starts_with("--") => {}
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        let dir = format!("{}/../../corpus/pdf", env!("CARGO_MANIFEST_DIR"));
        let mut found: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path().display().to_string())
                    .filter(|p| p.ends_with(".pdf"))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        files = found;
    }
    if !tsv {
        println!(
            "{:<48} {:>6} {:>7} {:>10} {:>10} {:>6}",
            "document", "pages", "tables", "best ms", "mean ms", "runs"
        );
    }
    for path in &files {
        let name = std::path::Path::new(path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let mut best = Duration::MAX;
        let mut shape = (0u32, 0usize);
        let start = Instant::now();
        for _ in 0..runs {
            let t = Instant::now();
            let d = yusuan_import::import_file(&name, &bytes);
            best = best.min(t.elapsed());
            if let Ok(d) = &d {
                shape = (d.source.pages.unwrap_or(0), d.tables.len());
            }
            std::hint::black_box(&d);
        }
        let mean = start.elapsed() / runs as u32;
        let (best_ms, mean_ms) = (best.as_secs_f64() * 1e3, mean.as_secs_f64() * 1e3);
        if tsv {
            println!(
                "{name}\t{}\t{}\t{best_ms:.3}\t{mean_ms:.3}\t{runs}",
                shape.0, shape.1
            );
        } else {
            println!(
                "{name:<48} {:>6} {:>7} {best_ms:>10.2} {mean_ms:>10.2} {runs:>6}",
                shape.0, shape.1
            );
        }
    }
}
