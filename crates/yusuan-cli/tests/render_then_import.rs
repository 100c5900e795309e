//! Build a budget, render it in every format an importer reads, import each rendering back and
//! check it: zero errors, and the same budget as the one built from. The reference budget, and
//! generated budgets of every region profile (a property test).

use yusuan_model::{Budget, Region};

fn example() -> Budget {
    let dir = format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025",
        env!("CARGO_MANIFEST_DIR")
    );
    yusuan_native::read_budget(std::path::Path::new(&dir)).unwrap()
}

/// The disclosure rendered as the file `name` (`built.html`, `.docx`, `.xlsx` or `.pdf`).
fn render(name: &str, d: &yusuan_model::Disclosure) -> Vec<u8> {
    match name.rsplit('.').next() {
        Some("html") => yusuan_render_html::render(d).unwrap().into_bytes(),
        Some("docx") => yusuan_render_docx::render(d).unwrap(),
        Some("xlsx") => yusuan_render_xlsx::render(d).unwrap(),
        Some("pdf") => {
            yusuan_render_pdf::render(d, &yusuan_render_pdf::FontSource::Bundled).unwrap()
        }
        _ => panic!("no renderer for {name}"),
    }
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
    // A budget without a glossary is published with the standard one.
    if original.narrative.glossary.is_empty() {
        back.narrative.glossary.clear();
    }
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

fn check_format(name: &str) {
    let budget = example();
    let built = yusuan_build::build(&budget, Region::Chongqing).unwrap();
    let problems = roundtrip(name, &render(name, &built.disclosure), &budget);
    for p in &problems {
        eprintln!("{p}");
    }
    assert!(problems.is_empty(), "{name}: {} problems", problems.len());
}

#[test]
fn html_imports_back_clean_and_equal() {
    check_format("built.html");
}

#[test]
fn docx_imports_back_clean_and_equal() {
    check_format("built.docx");
}

#[test]
fn xlsx_imports_back_clean_and_equal() {
    check_format("built.xlsx");
}

#[test]
fn pdf_imports_back_clean_and_equal() {
    check_format("built.pdf");
}

/// A generated budget of one of the three profiles, built, rendered as each of `files` and
/// imported back: every problem found.
fn generated_roundtrip(seed: u64, pick: u8, files: &[&str]) -> Vec<String> {
    use yusuan_build::sample::{budget, Shape};
    let region = [Region::Chongqing, Region::Shanghai, Region::National][pick as usize % 3];
    // Amounts exact in the display unit: a rounded figure cannot give the 分 back.
    let mut b = budget(
        seed,
        Shape {
            quantum: 10_000,
            mixed_sources: false,
        },
    );
    b.region = region;
    let built = yusuan_build::build(&b, region).unwrap();
    // The 上海 profile publishes less than a budget holds (amounts in 元, no unit code, no
    // goal tables): what comes back is what its disclosure carries. The others publish
    // everything, so the budget itself comes back.
    let want = if region == Region::Shanghai {
        let mut w = Budget::from_disclosure(&built.disclosure).0;
        // Its 编制部门 line names the unit without a code.
        w.unit.code = None;
        w
    } else {
        b.clone()
    };
    files
        .iter()
        .flat_map(|name| roundtrip(name, &render(name, &built.disclosure), &want))
        .collect()
}

proptest::proptest! {
    // Three renderings and imports per case; `PROPTEST_CASES=500 cargo test --release` for more.
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(16),
        ..proptest::prelude::ProptestConfig::default()
    })]

    #[test]
    fn generated_budgets_come_back_through_html_docx_xlsx(seed in proptest::prelude::any::<u64>(), pick in 0u8..3) {
        let problems = generated_roundtrip(seed, pick, &["built.html", "built.docx", "built.xlsx"]);
        proptest::prop_assert!(problems.is_empty(), "seed {seed} pick {pick}:\n{}", problems.join("\n"));
    }

    /// The same through PDF. Most generated budgets come back; some table layouts do not yet
    /// (a 部门收入总表 with one fund column among many narrow ones: its amount is read into
    /// the wrong column). Run with `cargo test --release -- --ignored`.
    #[test]
    #[ignore = "some generated table layouts do not yet read back from PDF (issue 5 note)"]
    fn generated_budgets_come_back_through_pdf(seed in proptest::prelude::any::<u64>(), pick in 0u8..3) {
        let problems = generated_roundtrip(seed, pick, &["built.pdf"]);
        proptest::prop_assert!(problems.is_empty(), "seed {seed} pick {pick}:\n{}", problems.join("\n"));
    }
}
