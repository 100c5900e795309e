//! docs/rules.md is generated from the rules' own documentation and must stay in step with it.
//! Regenerate with `cargo run -q -- rules --markdown > docs/rules.md`
//! (or run this test with `UPDATE_DOCS=1`).

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = format!("{}/../../docs/rules.md", env!("CARGO_MANIFEST_DIR"));
    let want = yusuan_check::reference_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run `cargo run -q -- rules --markdown > docs/rules.md`"
    );
}

#[test]
fn every_rule_has_a_section() {
    let md = yusuan_check::reference_markdown();
    for r in yusuan_check::rules::all() {
        assert!(
            md.contains(&format!("\n## {}\n", r.info().code)),
            "{}",
            r.info().code
        );
    }
}
