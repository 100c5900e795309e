//! Prints every table of a PDF as the table readers read it: header and data rows as grid
//! cells. For looking at what the table readers saw.
//!
//! `cargo run -p yusuan-import --example grids -- FILE.pdf`

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: grids FILE.pdf");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    match yusuan_import::pdf::table_grids(&path, &bytes) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
