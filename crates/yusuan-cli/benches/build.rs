//! Building the whole disclosure of the reference budget in every format: derive the tables
//! and narrative (with rounding that foots), then HTML, PDF, DOCX, XLSX, Markdown, CSV and
//! JSON, and the self-check. divan measures each step; after its table, the fastest run of each
//! step summed, against the goal of well under a second for all formats, as a ratio.
//! Run with `cargo bench -p yusuan-cli --bench build` (divan's options after `--`).

#[path = "../../../benches/fastest.rs"]
mod fastest;

use divan::{black_box, Bencher};
use std::sync::LazyLock;
use yusuan_model::disclosure::Disclosure;
use yusuan_model::Region;

/// The goal for all formats together.
const GOAL_MS: f64 = 1000.0;

/// The steps, in the order of the summary (divan's table is alphabetical).
const STEPS: [&str; 9] = [
    "derive",
    "html",
    "pdf",
    "docx",
    "xlsx",
    "markdown",
    "csv",
    "json",
    "self_check",
];

/// The reference budget and the disclosure built from it, read once.
static REFERENCE: LazyLock<Option<(yusuan_model::budget::Budget, Disclosure)>> =
    LazyLock::new(|| {
        let dir = format!(
            "{}/../../examples/chongqing-jiangbeicheng-2025",
            env!("CARGO_MANIFEST_DIR")
        );
        let budget = yusuan_native::read_budget(std::path::Path::new(&dir))
            .map_err(|e| eprintln!("{dir}: {e}"))
            .ok()?;
        let built = yusuan_build::build(&budget, Region::Chongqing)
            .map_err(|e| eprintln!("{dir}: {e}"))
            .ok()?;
        Some((budget, built.disclosure))
    });

fn main() {
    divan::main();
    let steps: Vec<(&str, f64)> = STEPS
        .iter()
        .filter_map(|s| Some((*s, fastest::ms(fastest::runs(s)?.fastest))))
        .collect();
    if steps.is_empty() {
        return;
    }
    println!("{:<28} {:>9}", "step (reference budget)", "fastest ms");
    for (name, ms) in &steps {
        println!("{name:<28} {ms:>9.2}");
    }
    let total: f64 = steps.iter().map(|(_, ms)| ms).sum();
    let all = if steps.len() == STEPS.len() {
        "all formats"
    } else {
        "the steps run"
    };
    println!(
        "{all:<28} {total:>9.2}   (goal: well under {GOAL_MS} ms; {:.0}× under)",
        GOAL_MS / total
    );
}

/// Benches `step` on the reference disclosure, recorded under `name` for the summary.
fn bench<T>(bencher: Bencher, name: &str, step: impl Fn(&Disclosure) -> T) {
    let Some((_, d)) = &*REFERENCE else { return };
    bencher.bench_local(|| fastest::timed(name, || step(black_box(d))));
}

#[divan::bench(sample_count = 20)]
fn derive(bencher: Bencher) {
    let Some((budget, _)) = &*REFERENCE else {
        return;
    };
    bencher.bench(|| {
        fastest::timed("derive", || {
            yusuan_build::build(black_box(budget), Region::Chongqing).is_ok()
        })
    });
}

#[divan::bench(sample_count = 20)]
fn html(bencher: Bencher) {
    bench(bencher, "html", |d| yusuan_render_html::render(d).is_ok());
}

#[divan::bench(sample_count = 20)]
fn pdf(bencher: Bencher) {
    let font = yusuan_render_pdf::FontSource::Bundled;
    bench(bencher, "pdf", |d| {
        yusuan_render_pdf::render(d, &font).is_ok()
    });
}

#[divan::bench(sample_count = 20)]
fn docx(bencher: Bencher) {
    bench(bencher, "docx", |d| yusuan_render_docx::render(d).is_ok());
}

#[divan::bench(sample_count = 20)]
fn xlsx(bencher: Bencher) {
    bench(bencher, "xlsx", |d| yusuan_render_xlsx::render(d).is_ok());
}

#[divan::bench(sample_count = 20)]
fn markdown(bencher: Bencher) {
    bench(bencher, "markdown", |d| {
        yusuan_render_text::render_markdown(d).is_ok()
    });
}

#[divan::bench(sample_count = 20)]
fn csv(bencher: Bencher) {
    bench(bencher, "csv", |d| yusuan_render_text::render_csv(d).len());
}

#[divan::bench(sample_count = 20)]
fn json(bencher: Bencher) {
    bench(bencher, "json", |d| {
        yusuan_render_text::render_json(d).is_ok()
    });
}

#[divan::bench(sample_count = 20)]
fn self_check(bencher: Bencher) {
    let config = yusuan_check::Config::default();
    bench(bencher, "self_check", |d| {
        yusuan_check::check(d, &config).len()
    });
}
