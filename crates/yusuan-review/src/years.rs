//! Year over year (issue 11): the same unit's documents of consecutive years linked, and the
//! prior-year figures a document states (`比上年增加 84.30 万元`: last year's figure is this
//! year's less the change) compared with what the prior year's document itself states.
//!
//! A difference is not by itself an error of either document: a budget adjusted during the
//! year (调整预算) is compared with its adjusted figure. It is a question for the reviewer,
//! shown in the reports as 不一致 with both documents' pages. Only figures each document states
//! unambiguously are compared: a subject the narrative gives two different amounts for (in
//! different contexts, say 基本支出 of all money and of the general budget) is left out.

use std::collections::BTreeMap;
use yusuan_model::disclosure::{FactKey, FundSource};
use yusuan_model::{Disclosure, Fen, MoneyUnit};

/// One document of a collection, as far as linking goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub id: String,
    pub unit: String,
    pub year: i64,
    pub kind: String,
}

/// Pairs of documents of one unit and kind in consecutive years: (prior, later), by the unit's
/// name as the documents state it (spaces ignored). Where a unit has two documents of one
/// year and kind (a re-publication checked as its own content), each is linked.
pub fn consecutive(keys: &[Key]) -> Vec<(Key, Key)> {
    let name = |k: &Key| -> (String, String) {
        (
            k.unit.chars().filter(|c| !c.is_whitespace()).collect(),
            k.kind.clone(),
        )
    };
    let mut by_unit: BTreeMap<(String, String), BTreeMap<i64, Vec<&Key>>> = BTreeMap::new();
    for k in keys {
        by_unit
            .entry(name(k))
            .or_default()
            .entry(k.year)
            .or_default()
            .push(k);
    }
    let mut pairs = Vec::new();
    for years in by_unit.values() {
        for (year, later) in years {
            let Some(prior) = years.get(&(year - 1)) else {
                continue;
            };
            for p in prior {
                for l in later {
                    pairs.push(((*p).clone(), (*l).clone()));
                }
            }
        }
    }
    pairs
}

/// One figure compared across two years.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Comparison {
    /// What the figure is (`收入预算总额`, `一般公共预算拨款收入`, `“三公”经费` …).
    pub subject: String,
    /// Last year's figure as the later document states it (its figure less its stated change).
    pub stated: Fen,
    /// The figure as the prior year's document states it.
    pub prior: Fen,
    /// `stated − prior`; zero within the rounding of the two documents' figures.
    pub difference: Fen,
    /// The later document's sentence and page.
    pub text: String,
    pub page: Option<u32>,
    /// The prior document's sentence and page.
    pub prior_text: String,
    pub prior_page: Option<u32>,
}

impl Comparison {
    pub fn agrees(&self) -> bool {
        self.difference == Fen::ZERO
    }
}

/// What a fact is about, for comparing across years: a code's expenditure by its code alone (a
/// class renamed between years is the same class), the other subjects the narrative states
/// for the whole unit as they are. Subjects too loose to match across documents (a project's
/// name, anything else) are left out.
fn subject(key: &FactKey) -> Option<(String, String)> {
    let fixed = |id: &str, label: &str| Some((id.to_string(), label.to_string()));
    let source = |s: FundSource| s.label();
    match key {
        FactKey::IncomeTotal => fixed("income_total", "收入预算总额"),
        FactKey::IncomeBySource { source: s } => {
            Some((format!("income_{s:?}"), format!("{}收入", source(*s))))
        }
        FactKey::FiscalIncome => fixed("fiscal_income", "财政拨款收入"),
        FactKey::ExpenditureTotal => fixed("expenditure_total", "支出预算总额"),
        FactKey::FiscalExpenditure => fixed("fiscal_expenditure", "财政拨款支出"),
        FactKey::ExpenditureBySource { source: s } => {
            Some((format!("expenditure_{s:?}"), format!("{}支出", source(*s))))
        }
        FactKey::ExpenditureByCode { code, name } => {
            Some((format!("code_{code}"), format!("{code} {name}")))
        }
        FactKey::Basic => fixed("basic", "基本支出"),
        FactKey::Project => fixed("project", "项目支出"),
        FactKey::ThreePublicTotal => fixed("three_public", "“三公”经费"),
        FactKey::Overseas => fixed("overseas", "因公出国（境）费"),
        FactKey::VehicleTotal => fixed("vehicles", "公务用车购置及运行费"),
        FactKey::VehiclePurchase => fixed("vehicle_purchase", "公务用车购置费"),
        FactKey::VehicleOperation => fixed("vehicle_operation", "公务用车运行维护费"),
        FactKey::Reception => fixed("reception", "公务接待费"),
        FactKey::AdminCost => fixed("admin_cost", "机关运行经费"),
        FactKey::ProcurementTotal => fixed("procurement", "政府采购预算"),
        _ => None,
    }
}

/// A figure a document states once (every statement of it the same amount), with where.
#[derive(Clone)]
struct Stated {
    fen: Fen,
    /// The coarsest step its statements are shown in, in 分.
    quantum: i64,
    text: String,
    page: Option<u32>,
}

/// Each subject's single figure, `pick` choosing what a fact gives (its amount, or last year's
/// by its change); a subject stated with two different figures is left out.
fn stated(
    d: &Disclosure,
    pick: impl Fn(&yusuan_model::disclosure::Fact) -> Option<(Fen, i64)>,
) -> BTreeMap<String, (String, Stated)> {
    let mut out: BTreeMap<String, (String, Option<Stated>)> = BTreeMap::new();
    for f in &d.narrative.facts {
        let Some((id, label)) = subject(&f.key) else {
            continue;
        };
        let Some((fen, quantum)) = pick(f) else {
            continue;
        };
        let this = Stated {
            fen,
            quantum,
            text: f.text.trim().to_string(),
            page: f.prov.page,
        };
        match out.get_mut(&id) {
            None => {
                out.insert(id, (label, Some(this)));
            }
            Some((_, slot)) => {
                if let Some(s) = slot {
                    if (s.fen - fen).0.abs() > s.quantum.max(quantum) {
                        // Two figures for one subject: which one compares is unknown.
                        *slot = None;
                    } else {
                        s.quantum = s.quantum.max(quantum);
                    }
                }
            }
        }
    }
    out.into_iter()
        .filter_map(|(id, (label, s))| Some((id, (label, s?))))
        .collect()
}

/// The prior-year figures `later` states compared with `prior`'s own (the documents of one
/// unit and kind, `prior` of the year before). Subjects only one of them states are left out.
pub fn compare(prior: &Disclosure, later: &Disclosure) -> Vec<Comparison> {
    let prior_year = later.meta.year.map(|y| y.saturating_sub(1));
    let own = stated(prior, |f| f.amount.map(|a| (a.fen, a.quantum())));
    let said = stated(later, |f| {
        let a = f.amount?;
        let c = f.change.as_ref()?;
        // A comparison with another year than the last is not last year's figure.
        if c.versus_year.is_some() && c.versus_year != prior_year {
            return None;
        }
        // Last year's figure carries the rounding of this year's and of the change.
        let quantum = a.quantum() + c.amount.map_or(0, |m| m.quantum());
        Some((a.fen - c.signed()?, quantum))
    });
    let mut out = Vec::new();
    for (id, (label, s)) in &said {
        let Some((_, p)) = own.get(id) else {
            continue;
        };
        let raw = s.fen - p.fen;
        let difference = if raw.0.abs() <= s.quantum.max(p.quantum) {
            Fen::ZERO
        } else {
            raw
        };
        out.push(Comparison {
            subject: label.clone(),
            stated: s.fen,
            prior: p.fen,
            difference,
            text: s.text.clone(),
            page: s.page,
            prior_text: p.text.clone(),
            prior_page: p.page,
        });
    }
    out
}

/// An amount in 万元 with two decimals, as the reports show it.
pub fn wan(f: Fen) -> String {
    f.format(MoneyUnit::WanYuan, 2, true)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn key(id: &str, unit: &str, year: i64, kind: &str) -> Key {
        Key {
            id: id.into(),
            unit: unit.into(),
            year,
            kind: kind.into(),
        }
    }

    #[test]
    fn consecutive_years_of_one_unit_and_kind_are_linked() {
        let keys = vec![
            key("a", "某某街道 办事处", 2024, "department_budget"),
            key("b", "某某街道办事处", 2025, "department_budget"),
            key("c", "某某街道办事处", 2025, "department_final_accounts"),
            key("d", "某某街道办事处", 2027, "department_budget"),
            key("e", "别的单位", 2025, "department_budget"),
        ];
        let pairs = consecutive(&keys);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!((pairs[0].0.id.as_str(), pairs[0].1.id.as_str()), ("a", "b"));
    }
}
