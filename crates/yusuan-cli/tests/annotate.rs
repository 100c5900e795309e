//! `yusuan check FILE.pdf --annotate OUT.pdf`: the annotated copy, and the inputs it refuses.

use std::process::Command;

fn yusuan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
}

fn shared(name: &str) -> String {
    format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"))
}

const FINANCE_PDF: &str = "pdf/shanghai-putuo-finance-bureau-2025-budget.pdf";

#[test]
fn check_writes_an_annotated_copy_of_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("批注.pdf");
    let input = shared(FINANCE_PDF);
    let out = yusuan()
        .args(["check", &input, "--format", "json", "--annotate"])
        .arg(&out_path)
        .output()
        .unwrap();
    // The findings include errors: exit 1, as without --annotate.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("已写出带批注的 PDF"), "{stderr}");
    // The report on stdout is unchanged JSON.
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report.is_object() || report.is_array());
    let original = std::fs::read(&input).unwrap();
    let annotated = std::fs::read(&out_path).unwrap();
    assert!(annotated.len() > original.len());
    assert_eq!(&annotated[..original.len()], &original[..]);
    let tail = String::from_utf8_lossy(&annotated[original.len()..]);
    assert!(
        tail.contains("/Annots") && tail.contains("/Square"),
        "{tail}"
    );
    // The annotated copy is still the same disclosure.
    let again = yusuan()
        .args(["check", "--format", "json"])
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn annotate_needs_exactly_one_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.pdf");
    let pdf = shared(FINANCE_PDF);
    let two = yusuan()
        .args(["check", &pdf, &pdf, "--annotate"])
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(two.status.code(), Some(2));
    let e = String::from_utf8_lossy(&two.stderr);
    assert!(e.contains("只能用于一个 PDF"), "{e}");

    let text = shared("shanghai-putuo-finance-bureau-2025-budget.txt");
    let not_pdf = yusuan()
        .args(["check", &text, "--annotate"])
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(not_pdf.status.code(), Some(2));
    let e = String::from_utf8_lossy(&not_pdf.stderr);
    assert!(
        e.contains("不是 PDF") && e.contains("finance-bureau"),
        "{e}"
    );
    assert!(!out_path.exists());

    // Never over the input.
    let copy = dir.path().join("in.pdf");
    std::fs::copy(&pdf, &copy).unwrap();
    let over = yusuan()
        .arg("check")
        .arg(&copy)
        .arg("--annotate")
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(over.status.code(), Some(2));
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&pdf).unwrap());
}

#[test]
fn an_annotated_copy_onto_a_hard_link_of_the_input_leaves_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input.pdf");
    std::fs::copy(shared(FINANCE_PDF), &input).unwrap();
    let link = dir.path().join("link.pdf");
    std::fs::hard_link(&input, &link).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = yusuan()
        .arg("check")
        .arg(&input)
        .arg("--annotate")
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert!(std::fs::read(&link).unwrap().len() > before.len());
}
