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

#[test]
#[ignore]
fn dump_text() {
    for name in ["shanghai-putuo-finance-bureau-2025-budget.pdf", "shanghai-putuo-wanli-2025-budget.pdf", "shanghai-putuo-justice-bureau-2026-budget.pdf"] {
        let t = yusuan_import::pdf::layout_text(name, &pdf(name)).unwrap();
        std::fs::write(format!("/tmp/scratch/{name}.txt"), t).unwrap();
    }
}

#[test]
#[ignore]
fn dump_diff() {
    use yusuan_model::Budget;
    for (p, t) in [("shanghai-putuo-finance-bureau-2025-budget.pdf", "shanghai-putuo-finance-bureau-2025-budget.txt"), ("shanghai-putuo-wanli-2025-budget.pdf", "shanghai-putuo-wanli-2025-budget.txt")] {
        let dp = import_file(p, &pdf(p)).unwrap();
        let text = std::fs::read(format!("{}/../../../shared/fixtures/{t}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let dt = import_file(t, &text).unwrap();
        let (mut bp, np) = Budget::from_disclosure(&dp);
        let (mut bt, nt) = Budget::from_disclosure(&dt);
        bp.clear_provenance(); bt.clear_provenance();
        let jp = serde_json::to_string_pretty(&bp).unwrap();
        let jt = serde_json::to_string_pretty(&bt).unwrap();
        std::fs::write(format!("/tmp/scratch/{p}.budget.json"), &jp).unwrap();
        std::fs::write(format!("/tmp/scratch/{t}.budget.json"), &jt).unwrap();
        println!("{p}: budgets equal {} notes {} vs {}", bp == bt, np.len(), nt.len());
        println!("facts {} vs {}, sections {} vs {}, counts {} vs {}", dp.narrative.facts.len(), dt.narrative.facts.len(), dp.narrative.sections.len(), dt.narrative.sections.len(), dp.narrative.counts.len(), dt.narrative.counts.len());
        println!("perf {} vs {}", dp.performance.len(), dt.performance.len());
    }
}
