//! The checker's findings on each real document, pinned: rule, severity, location and message.
//! A change in any finding shows up as a snapshot diff to review (`cargo insta review`).

// Test code: a failed unwrap, panic or index here fails the test; no user document runs it.
#![allow(clippy::unwrap_used, clippy::panic)]

use yusuan_check::{check, Config};

fn findings(path: &str, name: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let d = yusuan_import::import_text(name, &text).unwrap();
    check(&d, &Config::default())
        .iter()
        .map(|f| {
            let p = f.primary();
            format!(
                "{} {:<7} line {:>4} {} | {}",
                f.rule,
                f.severity.label_en(),
                p.and_then(|p| p.line).unwrap_or(0),
                p.and_then(|p| p.table.as_deref()).unwrap_or("-"),
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn shared(name: &str) -> String {
    format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn reference_chongqing() {
    let path = format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025-budget.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    insta::assert_snapshot!(findings(&path, "chongqing-jiangbeicheng-2025-budget.txt"));
}

#[test]
fn shanghai_wanli() {
    insta::assert_snapshot!(findings(
        &shared("shanghai-putuo-wanli-2025-budget.txt"),
        "shanghai-putuo-wanli-2025-budget.txt"
    ));
}

#[test]
fn shanghai_finance_bureau() {
    insta::assert_snapshot!(findings(
        &shared("shanghai-putuo-finance-bureau-2025-budget.txt"),
        "shanghai-putuo-finance-bureau-2025-budget.txt"
    ));
}

/// The 司法局 2026 PDF (no text twin): its findings, pinned with page numbers.
#[test]
fn shanghai_justice_bureau_pdf() {
    let path = shared("pdf/shanghai-putuo-justice-bureau-2026-budget.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let d = yusuan_import::import_file("shanghai-putuo-justice-bureau-2026-budget.pdf", &bytes)
        .unwrap();
    let s = check(&d, &Config::default())
        .iter()
        .filter(|f| f.severity != yusuan_check::Severity::Info)
        .map(|f| {
            let p = f.primary();
            format!(
                "{} {:<7} page {:>2} line {:>3} | {}",
                f.rule,
                f.severity.label_en(),
                p.and_then(|p| p.page).unwrap_or(0),
                p.and_then(|p| p.line).unwrap_or(0),
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(s);
}
