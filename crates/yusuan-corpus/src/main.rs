//! `cargo run --release -p yusuan-corpus [-- --details] [DIR]`: the corpus table.
//!
//! DIR is a corpus folder (default: this repository's `corpus/`) with an `expected/` folder of
//! expected-findings files; `--details` lists every unexpected error and missed defect.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut details = false;
    let mut dir = yusuan_corpus::corpus_dir();
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--details" | "-d" => details = true,
            "-h" | "--help" => {
                println!("yusuan-corpus [--details] [CORPUS_DIR]");
                return ExitCode::SUCCESS;
            }
            other => dir = other.into(),
        }
    }
    let entries = match yusuan_corpus::load(&dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("yusuan-corpus: {e}");
            return ExitCode::from(2);
        }
    };
    let outcomes: Vec<_> = entries
        .iter()
        .map(|e| yusuan_corpus::run(&dir, e))
        .collect();
    print!("{}", yusuan_corpus::table(&entries, &outcomes));
    if details {
        print!("\n{}", yusuan_corpus::details(&entries, &outcomes));
    }
    ExitCode::SUCCESS
}
