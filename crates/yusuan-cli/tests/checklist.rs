//! `yusuan check FILE --checklist OUT.xlsx`: the review checklist written, and the inputs it
//! refuses.

use std::process::Command;

fn yusuan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
}

fn corpus(name: &str) -> String {
    format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"))
}

const JUSTICE: &str = "pdf/shanghai-putuo-justice-bureau-2026-budget.pdf";

#[test]
fn check_writes_the_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("检查表.xlsx");
    let out = yusuan()
        .args(["check", &corpus(JUSTICE), "--checklist"])
        .arg(&out_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The findings include errors: exit 1, as without --checklist.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("已写出公开情况检查表"), "{stderr}");
    let bytes = std::fs::read(&out_path).unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip");
    // Nothing left beside it (written to a temporary name, then renamed).
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn checklist_needs_exactly_one_disclosure() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("c.xlsx");
    let out = yusuan()
        .args([
            "check",
            &corpus(JUSTICE),
            &corpus("pdf/shanghai-putuo-wanli-2025-budget.pdf"),
            "--checklist",
        ])
        .arg(&out_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("只能用于一份公开文件"), "{stderr}");
    assert!(!out_path.exists());
}

#[test]
fn checklist_of_a_text_source_has_no_screenshots() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("c.xlsx");
    let out = yusuan()
        .args([
            "check",
            &corpus("shanghai-putuo-wanli-2025-budget.txt"),
            "--checklist",
        ])
        .arg(&out_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("（0 张截图）"), "{stderr}");
    assert!(out_path.exists());
}
