//! Property tests over generated budgets: every table foots exactly, every shown amount is
//! within one unit of the last digit of its exact value, the checker finds no error and no
//! rounding difference, the rounding report counts the leaves changed from the nearest rounding,
//! and (for budgets whose amounts are exact in the display unit) the budget comes back from the
//! disclosure.

use proptest::prelude::*;
use std::collections::BTreeMap;
use yusuan_build::{build, Built, NoteKind};
use yusuan_model::budget::{Budget, ExpenditureLine};
use yusuan_model::{
    Amount, Code, ColumnKey, Disclosure, FactKey, Fen, FundSource, MoneyUnit, Region, RowKind,
    Side, Table, TableKind,
};

use yusuan_build::sample::{budget, Rng, Shape};

// ----- what is checked ----------------------------------------------------------------------

fn quantum(a: &Amount) -> i64 {
    a.quantum()
}

fn cell_value(t: &Table, r: &yusuan_model::Row, key: ColumnKey, side: Side) -> Option<Fen> {
    let col = t
        .columns
        .iter()
        .position(|c| c.key == key && c.side == side)?;
    Some(
        r.cells
            .iter()
            .find(|c| c.col == col)
            .and_then(|c| c.amount)
            .map(|a| a.fen)
            .unwrap_or(Fen::ZERO),
    )
}

/// Every coded table foots: parents are the sum of their children, 合计 the sum of the top rows,
/// 总计 = 基本 + 项目 (= 人员 + 公用), 合计 = Σ sources.
fn foots(d: &Disclosure) -> Result<(), String> {
    for t in &d.tables {
        let coded: Vec<&yusuan_model::Row> = t.coded_rows().collect();
        for c in &t.columns {
            for r in &coded {
                let Some(code) = &r.code else { continue };
                let kids: Vec<&&yusuan_model::Row> = coded
                    .iter()
                    .filter(|x| x.code.as_ref().and_then(|k| k.parent()).as_ref() == Some(code))
                    .collect();
                if kids.is_empty() {
                    continue;
                }
                let sum: Fen = kids
                    .iter()
                    .filter_map(|k| cell_value(t, k, c.key, c.side))
                    .sum();
                if cell_value(t, r, c.key, c.side) != Some(sum) {
                    return Err(format!(
                        "{} {code} {}: parent ≠ Σ children",
                        t.display_name(),
                        c.label
                    ));
                }
            }
            if let Some(total) = t
                .rows
                .iter()
                .find(|r| r.kind == RowKind::Total && r.side == Side::Single)
            {
                let top = coded
                    .iter()
                    .map(|r| r.code.as_ref().map(|c| c.as_str().len()).unwrap_or(9))
                    .min();
                if let Some(top) = top {
                    let sum: Fen = coded
                        .iter()
                        .filter(|r| r.code.as_ref().is_some_and(|c| c.as_str().len() == top))
                        .filter_map(|r| cell_value(t, r, c.key, c.side))
                        .sum();
                    if cell_value(t, total, c.key, c.side) != Some(sum) {
                        return Err(format!("{} 合计 {}: ≠ Σ rows", t.display_name(), c.label));
                    }
                }
            }
        }
        for r in &t.rows {
            let v = |k| cell_value(t, r, k, r.side);
            if let (Some(a), Some(b), Some(p)) = (
                v(ColumnKey::Total),
                v(ColumnKey::Basic),
                v(ColumnKey::Project),
            ) {
                if a != b + p {
                    return Err(format!(
                        "{} {}: 总计 ≠ 基本 + 项目",
                        t.display_name(),
                        r.label
                    ));
                }
            }
            if let (Some(a), Some(b), Some(p)) = (
                v(ColumnKey::Total),
                v(ColumnKey::Personnel),
                v(ColumnKey::Operating),
            ) {
                if a != b + p {
                    return Err(format!(
                        "{} {}: 合计 ≠ 人员 + 公用",
                        t.display_name(),
                        r.label
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Exact value of a cell of a 功能分类 / 经济分类 table, from the budget.
fn exact_cell(b: &Budget, t: &Table, code: Option<&Code>, key: ColumnKey) -> Option<Fen> {
    let under = |c: &Code| code.is_none_or(|x| x.contains(c));
    let table_sources = |s: FundSource| match t.kind {
        TableKind::GeneralBudgetExpenditure => s == FundSource::GeneralBudget,
        TableKind::GovFundExpenditure => s == FundSource::GovFund,
        TableKind::StateCapitalExpenditure => s == FundSource::StateCapital,
        _ => true,
    };
    if t.kind == TableKind::GeneralBudgetBasicEconomic {
        let lines = b.economic.iter().filter(|l| under(&l.code));
        return Some(match key {
            ColumnKey::Total => lines.map(|l| l.total()).sum(),
            ColumnKey::Personnel => lines.map(|l| l.personnel).sum(),
            ColumnKey::Operating => lines.map(|l| l.operating).sum(),
            _ => return None,
        });
    }
    let lines = b
        .expenditure
        .iter()
        .filter(|l| under(&l.code) && table_sources(l.source));
    let col_source = |s: FundSource| match key {
        ColumnKey::Total | ColumnKey::Basic | ColumnKey::Project => true,
        ColumnKey::Fiscal => s.is_fiscal(),
        k => k.fund_source() == Some(s),
    };
    let lines = lines.filter(|l| col_source(l.source));
    Some(match key {
        ColumnKey::Basic => lines.map(|l| l.basic).sum(),
        ColumnKey::Project => lines.map(|l| l.project).sum(),
        _ => lines.map(|l| l.total()).sum(),
    })
}

/// Every shown cell of the coded tables, the “三公” table and the narrative's amounts is within
/// one unit of the last digit of its exact value.
fn within_one_unit(b: &Budget, d: &Disclosure) -> Result<usize, String> {
    let mut n = 0;
    let mut check = |what: String, shown: Fen, exact: Fen, q: i64| -> Result<(), String> {
        n += 1;
        if (shown - exact).0.abs() < q {
            Ok(())
        } else {
            Err(format!("{what}: shown {shown}, exact {exact}"))
        }
    };
    for t in &d.tables {
        let coded = matches!(
            t.kind,
            TableKind::GeneralBudgetExpenditure
                | TableKind::GovFundExpenditure
                | TableKind::StateCapitalExpenditure
                | TableKind::DepartmentExpenditure
                | TableKind::DepartmentIncome
                | TableKind::GeneralBudgetBasicEconomic
        );
        for r in &t.rows {
            for c in &r.cells {
                let Some(col) = t.columns.get(c.col) else {
                    continue;
                };
                let shown = c.amount.map(|a| a.fen).unwrap_or(Fen::ZERO);
                let q = c.amount.as_ref().map(quantum).unwrap_or(1);
                let exact = if coded && (r.code.is_some() || r.kind == RowKind::Total) {
                    exact_cell(b, t, r.code.as_ref(), col.key)
                } else if t.kind == TableKind::ThreePublic {
                    let tp = &b.three_public;
                    match col.key {
                        ColumnKey::Total => Some(tp.total()),
                        ColumnKey::Overseas => Some(tp.overseas),
                        ColumnKey::VehicleTotal => Some(tp.vehicles()),
                        ColumnKey::VehiclePurchase => Some(tp.vehicle_purchase),
                        ColumnKey::VehicleOperation => Some(tp.vehicle_operation),
                        ColumnKey::Reception => Some(tp.reception),
                        ColumnKey::AdminCost => b.admin_cost,
                        _ => None,
                    }
                } else {
                    None
                };
                if let Some(e) = exact {
                    let q = if c.amount.is_some() {
                        q
                    } else {
                        quantum(&Amount::new(
                            Fen::ZERO,
                            t.unit.unwrap_or_default(),
                            if t.unit == Some(MoneyUnit::Yuan) {
                                0
                            } else {
                                2
                            },
                        ))
                    };
                    check(
                        format!("{} {} {}", t.display_name(), r.label, col.label),
                        shown,
                        e,
                        q,
                    )?;
                }
            }
        }
    }
    let gb = |part: fn(&ExpenditureLine) -> Fen| -> Fen {
        b.expenditure
            .iter()
            .filter(|l| l.source == FundSource::GeneralBudget)
            .map(part)
            .sum()
    };
    for f in &d.narrative.facts {
        let Some(a) = f.amount else { continue };
        let exact = match &f.key {
            FactKey::IncomeTotal => Some(b.income_total()),
            FactKey::ExpenditureTotal => Some(b.expenditure_total()),
            FactKey::IncomeBySource { source } => Some(b.income_from(*source)),
            FactKey::ExpenditureBySource { source } => Some(
                b.expenditure
                    .iter()
                    .filter(|l| l.source == *source)
                    .map(|l| l.total())
                    .sum(),
            ),
            FactKey::ExpenditureByCode { code, .. } if code.as_str().len() == 3 => Some(
                b.expenditure
                    .iter()
                    .filter(|l| code.contains(&l.code))
                    .map(|l| l.total())
                    .sum(),
            ),
            FactKey::Basic => Some(gb(|l| l.basic)),
            FactKey::Project => Some(gb(|l| l.project)),
            FactKey::ThreePublicTotal => Some(b.three_public.total()),
            FactKey::AdminCost => b.admin_cost,
            FactKey::ProcurementTotal => Some(b.procurement.total()),
            FactKey::ProcurementServices => Some(b.procurement.services),
            FactKey::PerformanceCovered => Some(b.projects.iter().map(|p| p.amount).sum()),
            _ => None,
        };
        if let Some(e) = exact {
            check(format!("narrative {:?}", f.key), a.fen, e, a.quantum())?;
        }
    }
    Ok(n)
}

fn checker_clean(d: &Disclosure) -> Result<(), String> {
    let findings = yusuan_check::check(d, &yusuan_check::Config::default());
    let bad: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == yusuan_check::Severity::Error || f.rounding)
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(bad.join("\n"))
    }
}

fn rounding_stats(built: &Built) -> (usize, usize, usize, bool) {
    let mut stats = (0, 0, 0, true);
    for n in &built.report {
        if let NoteKind::Rounding {
            leaves,
            fractional,
            changed,
            unsatisfied,
            method,
            ..
        } = &n.kind
        {
            METHODS.with(|m| *m.borrow_mut().entry(format!("{method:?}")).or_insert(0) += 1);
            stats.0 += leaves;
            stats.1 += fractional;
            stats.2 += changed;
            stats.3 &= unsatisfied.is_empty();
            assert!(changed <= fractional);
        }
    }
    stats
}

fn all_properties(b: &Budget, region: Region) -> Result<(usize, usize, usize), String> {
    let built = build(b, region).map_err(|e| e.to_string())?;
    if built
        .report
        .iter()
        .any(|n| n.kind == NoteKind::Internal || n.kind == NoteKind::Inconsistent)
    {
        return Err(format!("{:#?}", built.report));
    }
    let (leaves, fractional, changed, satisfied) = rounding_stats(&built);
    if !satisfied {
        return Err(format!(
            "rounding could not keep every aggregate within one unit: {:#?}",
            built.report
        ));
    }
    foots(&built.disclosure)?;
    within_one_unit(b, &built.disclosure)?;
    checker_clean(&built.disclosure)?;
    let text = format!("{:?}", built.disclosure);
    if text.contains("取舍差异") {
        return Err("a rounding disclaimer was generated".into());
    }
    Ok((leaves, fractional, changed))
}

proptest! {
    // 48 cases by default; `PROPTEST_CASES=1000 cargo test` for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn chongqing_budgets_foot_and_check_clean(seed in any::<u64>()) {
        let b = budget(seed, Shape { quantum: 1, mixed_sources: false });
        prop_assert!(all_properties(&b, Region::Chongqing).map(|_| ()) == Ok(()), "seed {seed}: {:?}", all_properties(&b, Region::Chongqing));
    }

    #[test]
    fn shanghai_budgets_foot_and_check_clean(seed in any::<u64>()) {
        let b = budget(seed, Shape { quantum: 1, mixed_sources: false });
        prop_assert!(all_properties(&b, Region::Shanghai).is_ok(), "seed {seed}: {:?}", all_properties(&b, Region::Shanghai));
    }

    #[test]
    fn national_budgets_foot_and_check_clean(seed in any::<u64>()) {
        let b = budget(seed, Shape { quantum: 1, mixed_sources: false });
        prop_assert!(all_properties(&b, Region::National).is_ok(), "seed {seed}: {:?}", all_properties(&b, Region::National));
    }

    #[test]
    fn mixed_source_budgets_foot_and_check_clean(seed in any::<u64>()) {
        let b = budget(seed, Shape { quantum: 1, mixed_sources: true });
        prop_assert!(all_properties(&b, Region::Chongqing).is_ok(), "seed {seed}: {:?}", all_properties(&b, Region::Chongqing));
    }

    #[test]
    fn exact_budgets_come_back_from_the_disclosure(seed in any::<u64>(), national in any::<bool>()) {
        let region = if national { Region::National } else { Region::Chongqing };
        let mut b = budget(seed, Shape { quantum: 10_000, mixed_sources: false });
        b.region = region;
        let built = build(&b, region).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (mut back, _) = yusuan_convert::budget_from_disclosure(&built.disclosure, yusuan_model::Catalog::embedded());
        let mut want = b.clone();
        want.clear_provenance();
        back.clear_provenance();
        // Where the budget gives no reason for the change of a total, the breakdown the figures
        // give is what the reverse direction records as the reason.
        for subject in ["income_total", "expenditure_total"] {
            if !want.narrative.reasons.iter().any(|r| r.subject == subject) {
                back.narrative.reasons.retain(|r| r.subject != subject);
            }
        }
        // Where the tables show class 223 alone, last year's 国有资本经营 money was last year's
        // 223 (it is spent nowhere else): the reverse derives the class the budget left out.
        let classes: std::collections::BTreeSet<String> =
            want.expenditure.iter().map(|l| l.code.class().as_str().to_owned()).collect();
        if want.prior_year.by_class.is_empty() && classes.len() == 1 && classes.contains("223") {
            if let Some(v) = want.prior_year.by_source.get(&yusuan_model::disclosure::FundSource::StateCapital) {
                want.prior_year.by_class.insert(yusuan_model::code::Code::parse("223").ok_or_else(|| TestCaseError::fail("223"))?, *v);
            }
        }
        want.narrative.reasons.sort_by(|a, b| a.subject.cmp(&b.subject));
        back.narrative.reasons.sort_by(|a, b| a.subject.cmp(&b.subject));
        // Without a glossary the standard one is published; the notes come back as the
        // generated sections (the budget has none).
        prop_assert!(want.narrative.glossary.is_empty() && !back.narrative.glossary.is_empty());
        back.narrative.glossary.clear();
        prop_assert!(want.narrative.notes.is_empty());
        back.narrative.notes.clear();
        prop_assert_eq!(&want.income, &back.income, "seed {}", seed);
        prop_assert_eq!(&want.expenditure, &back.expenditure, "seed {}", seed);
        prop_assert_eq!(&want.economic, &back.economic, "seed {}", seed);
        prop_assert_eq!(&want.prior_year, &back.prior_year, "seed {}", seed);
        prop_assert_eq!(&want.projects, &back.projects, "seed {}", seed);
        prop_assert_eq!(&want.narrative, &back.narrative, "seed {}", seed);
        prop_assert_eq!(&want, &back, "seed {}", seed);
    }
}

thread_local! {
    static METHODS: std::cell::RefCell<BTreeMap<String, usize>> = Default::default();
}

/// The rounding report over many generated budgets: how many leaves had a remainder and how
/// many were rounded against the nearest rounding so that everything foots.
#[test]
fn rounding_changes_few_leaves() {
    let mut seeds = Rng(2025);
    let mut total = (0usize, 0usize, 0usize, 0usize);
    for mixed in [false, true] {
        for _ in 0..64 {
            let seed = seeds.next_u64();
            let b = budget(
                seed,
                Shape {
                    quantum: 1,
                    mixed_sources: mixed,
                },
            );
            let (leaves, fractional, changed) = all_properties(&b, Region::Chongqing)
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            total.0 += 1;
            total.1 += leaves;
            total.2 += fractional;
            total.3 += changed;
        }
    }
    eprintln!(
        "{} budgets: {} leaves, {} with a remainder, {} rounded against the nearest ({:.2}%)",
        total.0,
        total.1,
        total.2,
        total.3,
        100.0 * total.3 as f64 / total.2.max(1) as f64
    );
    METHODS.with(|m| eprintln!("rounding methods by family: {:?}", m.borrow()));
    assert!(total.3 * 4 < total.2, "too many leaves changed: {total:?}");
}
