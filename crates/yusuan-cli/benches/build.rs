//! Building the whole disclosure of the reference budget in every format: derive the tables
//! and narrative (with rounding that foots), then HTML, PDF, DOCX, XLSX, Markdown, CSV and
//! JSON. Prints milliseconds per step, best of several runs.
//! Run with `cargo bench -p yusuan-cli --bench build`.

use std::time::{Duration, Instant};
use yusuan_model::Region;

fn best<T>(runs: u32, mut f: impl FnMut() -> T) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f());
        best = best.min(t.elapsed());
    }
    best
}

fn main() {
    let dir = format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025",
        env!("CARGO_MANIFEST_DIR")
    );
    let budget = match yusuan_native::read_budget(std::path::Path::new(&dir)) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let Ok(built) = yusuan_build::build(&budget, Region::Chongqing) else {
        return;
    };
    let d = &built.disclosure;
    let font = yusuan_render_pdf::FontSource::Bundled;
    let runs = 20;
    let steps: Vec<(&str, Duration)> = vec![
        (
            "derive tables + narrative",
            best(runs, || {
                yusuan_build::build(&budget, Region::Chongqing).is_ok()
            }),
        ),
        ("HTML", best(runs, || yusuan_render_html::render(d).is_ok())),
        (
            "PDF",
            best(runs, || yusuan_render_pdf::render(d, &font).is_ok()),
        ),
        ("DOCX", best(runs, || yusuan_render_docx::render(d).is_ok())),
        ("XLSX", best(runs, || yusuan_render_xlsx::render(d).is_ok())),
        (
            "Markdown",
            best(runs, || yusuan_render_text::render_markdown(d).is_ok()),
        ),
        (
            "CSV",
            best(runs, || yusuan_render_text::render_csv(d).len()),
        ),
        (
            "JSON",
            best(runs, || yusuan_render_text::render_json(d).is_ok()),
        ),
        (
            "self-check",
            best(runs, || {
                yusuan_check::check(d, &yusuan_check::Config::default()).len()
            }),
        ),
    ];
    let total: Duration = steps.iter().map(|(_, t)| *t).sum();
    println!("{:<28} {:>9}", "step (reference budget)", "best ms");
    for (name, t) in &steps {
        println!("{name:<28} {:>9.2}", t.as_secs_f64() * 1e3);
    }
    println!(
        "{:<28} {:>9.2}   (goal: well under 1000 ms; ratio {:.0}× under)",
        "all formats",
        total.as_secs_f64() * 1e3,
        1.0 / total.as_secs_f64()
    );
}
