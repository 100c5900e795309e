#[test]
fn dump() {
    let f = "chongqing-jiangbeicheng-2025-budget.txt";
    let text = std::fs::read_to_string(format!("{}/../../../shared/fixtures/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let d = yusuan_import::import_text(f, &text).unwrap();
    std::fs::write("/tmp/yusuan_dump.json", serde_json::to_string_pretty(&d).unwrap()).unwrap();
    for t in &d.tables {
        println!("== {} cols={:?}", t.display_name(), t.columns.iter().map(|c| (c.key, c.label.clone(), c.side)).collect::<Vec<_>>());
        for r in &t.rows { println!("  {:?} {:?} {:?} {:?} [{}]", r.prov.line, r.side, r.kind, r.code.as_ref().map(|c| c.to_string()).unwrap_or_default() + " " + &r.label, r.cells.iter().map(|c| c.text.clone()).collect::<Vec<_>>().join("|")); }
    }
    for p in &d.performance { println!("== P {:?} {:?} name={:?} dep={:?} budget={:?} comp={:?} ind={}", p.number, p.title, p.name.as_ref().map(|n| &n.text), p.department.as_ref().map(|n| &n.text), p.budget.as_ref().map(|b| b.amount.shown()), p.compiler.as_ref().map(|n| &n.text), p.indicators.len()); }
    for dg in &d.diagnostics { println!("DIAG {:?} {} {}", dg.severity, dg.prov, dg.message); }
    println!("coverage {:?} {} {} {}", d.coverage.total_lines, d.coverage.understood_lines, d.coverage.ignored_lines, d.coverage.unexplained.len());
}
