//! Build the reference budget, render it in every format an importer reads, import each
//! rendering back and check it: zero errors, and the same budget as the one built from.

use yusuan_model::{Budget, Region};

fn example() -> Budget {
    let dir = format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025",
        env!("CARGO_MANIFEST_DIR")
    );
    yusuan_native::read_budget(std::path::Path::new(&dir)).unwrap()
}

fn roundtrip(name: &str, bytes: &[u8], original: &Budget) -> Vec<String> {
    let d = yusuan_import::import_file(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let errors: Vec<String> = yusuan_check::check(&d, &yusuan_check::Config::default())
        .into_iter()
        .filter(|f| f.severity == yusuan_check::Severity::Error)
        .map(|f| format!("{name}: {} {}", f.rule, f.message))
        .collect();
    let (mut back, _) = Budget::from_disclosure(&d);
    back.clear_provenance();
    let mut want = original.clone();
    want.clear_provenance();
    let mut diffs = errors;
    if back.expenditure != want.expenditure {
        diffs.push(format!("{name}: expenditure lines differ"));
    }
    if back.economic != want.economic {
        diffs.push(format!("{name}: economic lines differ"));
    }
    if back.income != want.income {
        diffs.push(format!("{name}: income differs"));
    }
    if back.three_public != want.three_public {
        diffs.push(format!("{name}: 三公 differs"));
    }
    if back.projects.len() != want.projects.len() {
        diffs.push(format!(
            "{name}: {} projects, want {}",
            back.projects.len(),
            want.projects.len()
        ));
    }
    diffs
}

fn check_format(name: &str, render: impl Fn(&yusuan_model::Disclosure) -> Vec<u8>) {
    let budget = example();
    let built = yusuan_build::build(&budget, Region::Chongqing).unwrap();
    let problems = roundtrip(name, &render(&built.disclosure), &budget);
    for p in &problems {
        eprintln!("{p}");
    }
    assert!(problems.is_empty(), "{name}: {} problems", problems.len());
}

#[test]
fn html_imports_back_clean_and_equal() {
    check_format("built.html", |d| {
        yusuan_render_html::render(d).unwrap().into_bytes()
    });
}

#[test]
fn docx_imports_back_clean_and_equal() {
    check_format("built.docx", |d| yusuan_render_docx::render(d).unwrap());
}

#[test]
fn xlsx_imports_back_clean_and_equal() {
    check_format("built.xlsx", |d| yusuan_render_xlsx::render(d).unwrap());
}

#[test]
#[ignore = "the layout reader does not yet read performance-goal forms laid out in a PDF (issue 4)"]
fn pdf_imports_back_clean_and_equal() {
    check_format("built.pdf", |d| {
        yusuan_render_pdf::render(d, &yusuan_render_pdf::FontSource::Bundled).unwrap()
    });
}
