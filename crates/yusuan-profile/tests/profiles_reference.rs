//! docs/profiles.md is generated from the profile data and must stay in step with it.
//! Regenerate with `cargo run -q -- profiles --markdown > docs/profiles.md`
//! (or run this test with `UPDATE_DOCS=1`).

#[test]
fn docs_profiles_md_is_up_to_date() {
    let path = format!("{}/../../docs/profiles.md", env!("CARGO_MANIFEST_DIR"));
    let want = yusuan_profile::reference::reference_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/profiles.md is stale: run `cargo run -q -- profiles --markdown > docs/profiles.md`"
    );
}
