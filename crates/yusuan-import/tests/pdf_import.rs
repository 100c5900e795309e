use yusuan_import::import_file;

fn pdf(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../../shared/fixtures/pdf/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
#[ignore]
fn dump() {
    for name in [
        "shanghai-putuo-finance-bureau-2025-budget.pdf",
        "shanghai-putuo-wanli-2025-budget.pdf",
        "shanghai-putuo-justice-bureau-2026-budget.pdf",
    ] {
        let d = import_file(name, &pdf(name)).unwrap();
        println!(
            "== {name}: {} tables, {} unexplained, diags {}",
            d.tables.len(),
            d.coverage.unexplained.len(),
            d.diagnostics.len()
        );
        for t in &d.tables {
            println!(
                "  {} {} rows {}",
                t.display_name(),
                t.columns.len(),
                t.rows.len()
            );
        }
        for u in &d.coverage.unexplained {
            println!(
                "  UNEXPL p{:?} l{} {:?} {}",
                u.page, u.line, u.text, u.reason
            );
        }
        for g in &d.diagnostics {
            println!("  DIAG {:?} {}", g.severity, g.message);
        }
    }
}
