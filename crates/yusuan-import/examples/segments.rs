//! Prints how a document is split into narrative and table blocks: every table title found
//! (kind, number, title, line) and the narrative runs between them. For looking at what the
//! segmenter saw. PDFs are laid out first, as the importer does.
//!
//! `cargo run -p yusuan-import --example segments -- FILE`

// An example for developers: it stops on a broken setup; no user document runs it.
#![allow(clippy::indexing_slicing)]

use std::process::ExitCode;
use yusuan_import::segment::{segment, Block};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: segments FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let text = if bytes.starts_with(b"%PDF") {
        match yusuan_import::pdf::layout_text(&path, &bytes) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let src = yusuan_import::source::SourceText::new(&path, &text);
    let mut ctx = yusuan_import::context::Context::new(&src);
    let mut contents: Vec<u32> =
        yusuan_import::segment::contents_lines(&src.lines[src.header_lines as usize..])
            .into_iter()
            .collect();
    contents.sort_unstable();
    if !contents.is_empty() {
        println!("contents   lines {contents:?}");
    }
    for b in segment(&src, &mut ctx) {
        match b {
            Block::Narrative(lines) => {
                let first = lines.first().copied().unwrap_or(0);
                let last = lines.last().copied().unwrap_or(0);
                println!("narrative  lines {first}–{last}");
            }
            Block::Table(t) => {
                let end = t.body.last().copied().unwrap_or(t.title_line);
                println!(
                    "table      lines {}–{end}  {:?}  {}  {}",
                    t.title_line,
                    t.kind,
                    t.number.as_deref().unwrap_or("-"),
                    t.title
                );
            }
        }
    }
    ExitCode::SUCCESS
}
