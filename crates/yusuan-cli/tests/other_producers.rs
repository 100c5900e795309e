//! A disclosure written by another producer reads as well as ours: the example budget built as
//! HTML and printed to PDF by headless Chromium (Debian's package; Skia's PDF writer, as a unit
//! printing its web page publishes it). Chromium's PDF names 人 as the Kangxi radical ⼈ and 门
//! as ⻔ in its ToUnicode maps, draws every border as a filled rectangle, and wraps narrow
//! header cells (`指标权` over `重`). The built budget is consistent, so every table must be
//! read and no error raised.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::Path;
use std::process::Command;

fn yusuan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
}

/// The tables of a file as `yusuan import --format json` reads them.
fn tables(file: &Path) -> Vec<String> {
    let out = yusuan()
        .args(["import", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["disclosure"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_budget_printed_by_chromium_reads_and_checks_clean() {
    let Some(chromium) = common::tool(&["chromium", "chromium-browser"], "chromium") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let example = format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025",
        env!("CARGO_MANIFEST_DIR")
    );
    let built = dir.path().join("built");
    let out = yusuan()
        .args(["build", &example, "--format", "html", "-o"])
        .arg(&built)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_dir(&built)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .unwrap();
    let pdf = dir.path().join("printed.pdf");
    let printed = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        pdf.exists(),
        "Chromium printed nothing: {}",
        String::from_utf8_lossy(&printed.stderr)
    );

    // Every table of the HTML is found in the PDF, under the same title.
    assert_eq!(tables(&pdf), tables(&html));

    let out = yusuan()
        .args(["check", "--format", "json"])
        .arg(&pdf)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| &f["message"])
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
