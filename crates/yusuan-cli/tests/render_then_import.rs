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
    let pdf = name.ends_with(".pdf");
    let (a, b) = (comparable(&back, pdf), comparable(&want, pdf));
    json_diff("", &a, &b, &mut diffs);
    diffs
        .into_iter()
        .map(|d| {
            if d.starts_with(name) {
                d
            } else {
                format!("{name}: {d}")
            }
        })
        .collect()
}

/// The budget as compared. Left out: the reasons and notes, which are the unit's words woven
/// into generated sentences (reading the document back gives those sentences, not the words).
/// In a PDF, free text keeps its characters but not its line breaks (a paragraph break and a
/// wrapped line look alike, and a space at the end of a line is not printed), so long text
/// is compared without whitespace there.
fn comparable(b: &Budget, pdf: bool) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value, key: &str) {
        match v {
            serde_json::Value::String(s)
                if matches!(
                    key,
                    "text" | "overview" | "basis" | "functions" | "organisation" | "glossary"
                ) =>
            {
                s.retain(|c| !c.is_whitespace());
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| strip(x, key)),
            serde_json::Value::Object(o) => o.iter_mut().for_each(|(k, x)| strip(x, k)),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(b).unwrap();
    if let Some(n) = v.get_mut("narrative").and_then(|n| n.as_object_mut()) {
        n.remove("reasons");
        n.remove("notes");
    }
    if pdf {
        strip(&mut v, "");
    }
    v
}

/// Every path where two JSON values differ, with both values (shortened).
fn json_diff(path: &str, got: &serde_json::Value, want: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match (got, want) {
        (Value::Object(a), Value::Object(b)) => {
            for k in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                let null = Value::Null;
                let (x, y) = (a.get(k).unwrap_or(&null), b.get(k).unwrap_or(&null));
                json_diff(&format!("{path}.{k}"), x, y, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                json_diff(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (x, y) if x != y => {
            // Show where two strings part.
            let (xs, ys) = (x.to_string(), y.to_string());
            let common = xs
                .chars()
                .zip(ys.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let from = common.saturating_sub(20);
            let short = |v: &str| v.chars().skip(from).take(80).collect::<String>();
            out.push(format!("{path}: got …{} want …{}", short(&xs), short(&ys)));
        }
        _ => {}
    }
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
fn pdf_imports_back_clean_and_equal() {
    check_format("built.pdf", |d| {
        yusuan_render_pdf::render(d, &yusuan_render_pdf::FontSource::Bundled).unwrap()
    });
}
