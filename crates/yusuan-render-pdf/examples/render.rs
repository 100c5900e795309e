//! Render a disclosure text file as a PDF: `cargo run -p yusuan-render-pdf --example render --
//! INPUT.txt OUTPUT.pdf [FONT[#N]]`. Prints the page count, glyph count, missing glyphs and timing.

use std::process::ExitCode;
use std::time::Instant;
use yusuan_render_pdf::{render_with, FontSource, Options};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!("usage: render INPUT.txt OUTPUT.pdf [FONT]");
        return ExitCode::from(2);
    };
    let font = args.get(2).map_or(FontSource::Bundled, |f| {
        FontSource::from_arg(std::path::Path::new(f))
    });
    let text = match std::fs::read_to_string(input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{input}: {e}");
            return ExitCode::from(2);
        }
    };
    let d = match yusuan_import::import_text(input, &text) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{input}: {e}");
            return ExitCode::from(2);
        }
    };
    let options = Options {
        allow_missing_glyphs: true,
        ..Options::default()
    };
    let start = Instant::now();
    let r = match render_with(&d, &font, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let took = start.elapsed();
    if let Err(e) = std::fs::write(output, &r.pdf) {
        eprintln!("{output}: {e}");
        return ExitCode::from(2);
    }
    println!(
        "{output}: {} pages, {} bytes, {} glyphs, rendered in {:.1} ms",
        r.pages,
        r.pdf.len(),
        r.glyphs,
        took.as_secs_f64() * 1000.0
    );
    if !r.missing_glyphs.is_empty() {
        let s: String = r.missing_glyphs.iter().collect();
        println!("missing glyphs: {s}");
    }
    ExitCode::SUCCESS
}
