//! A budget with no defects gives zero findings: the reference budget with its one real defect
//! (a duplicated indicator name) corrected and every project expenditure covered by a goal,
//! built into a disclosure and checked with the full rule catalogue.

use yusuan_model::{Budget, Fen, Region};

#[test]
fn a_budget_without_defects_gives_zero_findings() {
    let dir = format!(
        "{}/../../examples/chongqing-jiangbeicheng-2025",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut budget: Budget = yusuan_native::read_budget(std::path::Path::new(&dir)).unwrap();
    // The publication names one indicator twice (少数民族入户走访): give the second its own name.
    for p in &mut budget.projects {
        let mut seen = std::collections::HashSet::new();
        for i in &mut p.goal.indicators {
            if !seen.insert(i.name.clone()) {
                i.name.push_str("（场次）");
            }
        }
    }
    // Performance goals cover every project: one more project for the uncovered remainder.
    let covered: Fen = budget.projects.iter().map(|p| p.amount).sum();
    let project_total = budget.project_total(None);
    if project_total > covered {
        let mut extra = budget.projects[0].clone();
        extra.name = "其他项目经费".into();
        extra.amount = project_total - covered;
        budget.projects.push(extra);
    }
    let built = yusuan_build::build(&budget, Region::Chongqing).unwrap();
    let findings = yusuan_check::check(&built.disclosure, &yusuan_check::Config::default());
    for f in &findings {
        eprintln!("{} {:?} {}", f.rule, f.severity, f.message);
    }
    assert!(
        findings.is_empty(),
        "{} findings on a clean budget",
        findings.len()
    );
}
