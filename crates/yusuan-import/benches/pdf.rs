//! PDF import speed: the whole import (text layer, layout, tables, narrative, provenance) of each
//! PDF, in this process, measured by divan (fastest, slowest, median and mean of its samples;
//! pages per second from the page counter).
//!
//! Run: `cargo bench -p yusuan-import --bench pdf` (divan's options after `--`:
//! `--sample-count N`, a filter). The PDFs are those in `corpus/pdf`, or the list in
//! `YUSUAN_BENCH_PDF` (paths separated as in `PATH`). With `YUSUAN_BENCH_TSV=FILE`, a line per PDF
//! (name, pages, tables, fastest ms, mean ms, runs) is also written to FILE, from the same runs
//! (`benches/fastest.rs` says why by hand): `scripts/bench-pdf.sh` reads it to compare with
//! pdfplumber. Arguments are divan's, so the files come by the environment.

#[path = "../../../benches/fastest.rs"]
mod fastest;

use divan::counter::ItemsCount;
use divan::{black_box, Bencher};
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
    if let Some(out) = std::env::var_os("YUSUAN_BENCH_TSV") {
        let mut tsv = String::new();
        for path in files() {
            let name = file_name(&path);
            let (Some(runs), Ok(bytes)) = (fastest::runs(&name), std::fs::read(&path)) else {
                continue;
            };
            let (pages, tables) = yusuan_import::import_file(&name, &bytes)
                .map_or((0, 0), |d| (d.source.pages.unwrap_or(0), d.tables.len()));
            tsv.push_str(&format!(
                "{name}\t{pages}\t{tables}\t{:.3}\t{:.3}\t{}\n",
                fastest::ms(runs.fastest),
                fastest::ms(runs.mean()),
                runs.count
            ));
        }
        if let Err(e) = std::fs::write(&out, tsv) {
            eprintln!("{}: {e}", PathBuf::from(out).display());
        }
    }
}

/// The PDFs to measure: `YUSUAN_BENCH_PDF`, or every PDF in `corpus/pdf`.
fn files() -> Vec<PathBuf> {
    if let Some(list) = std::env::var_os("YUSUAN_BENCH_PDF") {
        return std::env::split_paths(&list).collect();
    }
    let dir = format!("{}/../../corpus/pdf", env!("CARGO_MANIFEST_DIR"));
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A PDF to measure, shown by its file name in divan's table.
struct Pdf(PathBuf);

impl std::fmt::Display for Pdf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&file_name(&self.0))
    }
}

#[divan::bench(args = files().into_iter().map(Pdf), sample_count = 20)]
fn import(bencher: Bencher, pdf: &Pdf) {
    let bytes = match std::fs::read(&pdf.0) {
        Ok(b) => b,
        Err(e) => return eprintln!("{}: {e}", pdf.0.display()),
    };
    let name = file_name(&pdf.0);
    let pages = match yusuan_import::import_file(&name, &bytes) {
        Ok(d) => d.source.pages.unwrap_or(0),
        Err(e) => return eprintln!("{}: {e}", pdf.0.display()),
    };
    bencher.counter(ItemsCount::new(pages)).bench(|| {
        fastest::timed(&name, || {
            yusuan_import::import_file(&name, black_box(&bytes))
        })
    });
}
