//! Prints the text lines of a PDF, page by page, and the glyphs that map to no text.
//!
//! `cargo run -p yusuan-pdf --example pdftext -- FILE.pdf [--words] [--rules]`

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: pdftext FILE.pdf [--words]");
        return ExitCode::from(2);
    };
    let words = args.iter().any(|a| a == "--words");
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let start = std::time::Instant::now();
    let pdf = match yusuan_pdf::read_pdf(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let elapsed = start.elapsed();
    for page in &pdf.pages {
        println!(
            "=== page {} ({:.1} x {:.1})",
            page.number, page.width, page.height
        );
        for line in page.lines() {
            if words {
                let cells: Vec<String> = line
                    .words
                    .iter()
                    .map(|w| format!("[{:.1}-{:.1} {}]", w.x0, w.x1, w.text))
                    .collect();
                println!("{:7.2} {}", line.baseline, cells.join(" "));
            } else {
                println!("{}", line.text());
            }
        }
        for p in &page.problems {
            println!("! {:?} {p}", p.kind);
        }
        if args.iter().any(|a| a == "--rules") {
            for r in &page.rules {
                println!(
                    "| {:?} at {:.2} from {:.2} to {:.2} thickness {:.2}{}",
                    r.axis,
                    r.at,
                    r.start,
                    r.end,
                    r.thickness,
                    if r.from_fill { " (fill edge)" } else { "" }
                );
            }
        }
        if !page.rules.is_empty() || page.hidden_glyphs > 0 || page.diagonal_segments > 0 {
            println!(
                "# {} rules, {} hidden characters, {} diagonal segments",
                page.rules.len(),
                page.hidden_glyphs,
                page.diagonal_segments
            );
        }
        let report = page.display_report();
        for r in &report.cut_runs {
            println!(
                "~ cut {} glyphs (least visible {:.2}) at [{:.1} {:.1} {:.1} {:.1}]: {}",
                r.glyphs, r.least_visible, r.bbox[0], r.bbox[1], r.bbox[2], r.bbox[3], r.text
            );
        }
        for u in &page.unmapped {
            println!(
                "? unmapped code {:#06x} font {} at ({:.1}, {:.1})",
                u.code, u.font, u.x, u.y
            );
        }
    }
    for p in &pdf.problems {
        println!("! {:?} {p}", p.kind);
    }
    eprintln!(
        "{} pages, {} unmapped glyphs, read in {:.1} ms",
        pdf.pages.len(),
        pdf.unmapped().count(),
        elapsed.as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}
