//! Every corpus document: each listed real defect is found as an error on its page, and no
//! other error is raised (beyond the entry's `unexpected_errors_at_most` while the reader is
//! being fixed). `cargo run --release -p yusuan-corpus -- --details` shows what differs.

#[test]
fn corpus_errors_are_the_real_defects() {
    let dir = yusuan_corpus::corpus_dir();
    let entries = yusuan_corpus::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(entries.len() >= 22, "only {} corpus entries", entries.len());
    let mut failures = Vec::new();
    let mut outcomes = Vec::new();
    for e in &entries {
        if e.profile.is_none() {
            failures.push(format!(
                "{}: no `profile`: name the kind of disclosure",
                e.name
            ));
        }
        let o = yusuan_corpus::run(&dir, e);
        if let Some(err) = &o.unreadable {
            failures.push(format!("{}: unreadable: {err}", e.name));
        }
        for m in &o.meta_mismatches {
            failures.push(format!("{}: {m}", e.name));
        }
        for &i in &o.missing {
            failures.push(format!(
                "{}: defect not found: {}",
                e.name, e.defects[i].what
            ));
        }
        for &i in &o.missed_but_found {
            failures.push(format!(
                "{}: defect marked missed is found now (remove `missed`): {}",
                e.name, e.defects[i].what
            ));
        }
        if o.unexpected.len() > e.unexpected_errors_at_most {
            failures.push(format!(
                "{}: {} unexpected errors (at most {})",
                e.name,
                o.unexpected.len(),
                e.unexpected_errors_at_most
            ));
        } else if o.unexpected.len() < e.unexpected_errors_at_most {
            failures.push(format!(
                "{}: {} unexpected errors: lower unexpected_errors_at_most from {}",
                e.name,
                o.unexpected.len(),
                e.unexpected_errors_at_most
            ));
        }
        outcomes.push(o);
    }
    println!("{}", yusuan_corpus::table(&entries, &outcomes));
    assert!(
        failures.is_empty(),
        "{}\n\n{}",
        failures.join("\n"),
        yusuan_corpus::details(&entries, &outcomes)
    );
}
