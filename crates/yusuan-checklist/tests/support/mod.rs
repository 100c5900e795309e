//! Shared by the tests: a corpus document read, checked and turned into its checklist.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;
use yusuan_checklist::Checklist;

pub fn corpus(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus")
        .join(rel)
}

/// The checklist of a corpus PDF (path relative to corpus/), without screenshots, and the
/// PDF's bytes. Files are named in the findings as `corpus/<rel>`, as the corpus tool does.
pub fn checklist(rel: &str) -> (Checklist, Arc<Vec<u8>>) {
    let bytes = std::fs::read(corpus(rel)).unwrap();
    let name = format!("corpus/{rel}");
    let d = yusuan_import::import_file(&name, &bytes).unwrap();
    let findings = yusuan_check::check(&d, &yusuan_check::Config::default());
    (Checklist::new(&d, &findings), Arc::new(bytes))
}

pub const JUSTICE: &str = "pdf/shanghai-putuo-justice-bureau-2026-budget.pdf";

/// The 司法局 checklist with its screenshots rendered, made once for all tests of a binary
/// (rendering in a debug build takes seconds).
pub fn justice_rendered() -> &'static (Checklist, Arc<Vec<u8>>) {
    static DONE: std::sync::OnceLock<(Checklist, Arc<Vec<u8>>)> = std::sync::OnceLock::new();
    DONE.get_or_init(|| {
        let (mut c, pdf) = checklist(JUSTICE);
        let name = format!("corpus/{JUSTICE}");
        c.render(
            &|f: &str| (f == name).then(|| pdf.clone()),
            &yusuan_checklist::render::Limits::default(),
        );
        (c, pdf)
    })
}
