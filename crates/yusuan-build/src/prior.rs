//! Last year's figures as leaves of the [`Fam::Prior`] family, so that the changes the narrative
//! states add up exactly: last year's parts are rounded so that they sum to last year's shown
//! total whenever the budget's parts sum to its total.

use crate::values::{Fam, Spec};
use std::collections::BTreeMap;
use yusuan_model::budget::Budget;
use yusuan_model::{Code, Fen, FundSource};

#[derive(Clone, Debug, Default)]
pub struct Prior {
    pub leaves: Vec<i64>,
    pub income_total: Option<Spec>,
    pub expenditure_total: Option<Spec>,
    pub by_source: BTreeMap<FundSource, Spec>,
    pub by_class: BTreeMap<Code, Spec>,
    pub basic: Option<Spec>,
    pub project: Option<Spec>,
    /// Last year's 类 add up to last year's expenditure total.
    pub class_complete: bool,
    /// Last year's sources add up to last year's income total.
    pub source_complete: bool,
    /// Quantities of this family that must show the same value: (dependent, source).
    pub links: Vec<(Spec, Spec)>,
    /// “三公”, in [`Fam::PriorThree`]: overseas, purchase, operation, reception.
    pub three: Option<[i64; 4]>,
    /// 机关运行经费, leaf 1 of [`Fam::Admin`].
    pub admin: Option<i64>,
}

impl Prior {
    pub fn new(b: &Budget) -> Prior {
        let py = &b.prior_year;
        let mut p = Prior {
            three: py.three_public.as_ref().map(|t| {
                [
                    t.overseas.0,
                    t.vehicle_purchase.0,
                    t.vehicle_operation.0,
                    t.reception.0,
                ]
            }),
            admin: py.admin_cost.map(|f| f.0),
            ..Prior::default()
        };
        let leaf = |p: &mut Prior, f: Fen| {
            p.leaves.push(f.0);
            Spec::one(Fam::Prior, p.leaves.len() - 1)
        };
        // 一般公共预算 split into 基本支出 and 项目支出 when they add up to it.
        let gb = py.by_source.get(&FundSource::GeneralBudget).copied();
        match (py.basic, py.project, gb) {
            (Some(b_), Some(p_), Some(g)) if b_.0.checked_add(p_.0) == Some(g.0) => {
                let bs = leaf(&mut p, b_);
                let ps = leaf(&mut p, p_);
                p.by_source.insert(
                    FundSource::GeneralBudget,
                    Spec::new(Fam::Prior, bs.leaves.iter().chain(&ps.leaves).copied()),
                );
                p.basic = Some(bs);
                p.project = Some(ps);
            }
            _ => {
                if let Some(v) = py.basic {
                    p.basic = Some(leaf(&mut p, v));
                }
                if let Some(v) = py.project {
                    p.project = Some(leaf(&mut p, v));
                }
                if let Some(g) = gb {
                    let s = leaf(&mut p, g);
                    p.by_source.insert(FundSource::GeneralBudget, s);
                }
            }
        }
        for (s, v) in &py.by_source {
            if *s != FundSource::GeneralBudget {
                let spec = leaf(&mut p, *v);
                p.by_source.insert(*s, spec);
            }
        }
        let source_sum: Option<i64> = py
            .by_source
            .values()
            .try_fold(0i64, |a, v| a.checked_add(v.0));
        p.income_total = match py.income_total {
            Some(t) if !py.by_source.is_empty() && source_sum == Some(t.0) => {
                p.source_complete = true;
                Some(Spec::new(
                    Fam::Prior,
                    p.by_source.values().flat_map(|s| s.leaves.clone()),
                ))
            }
            Some(t) => Some(leaf(&mut p, t)),
            None => None,
        };
        for (c, v) in &py.by_class {
            let spec = leaf(&mut p, *v);
            p.by_class.insert(c.clone(), spec);
        }
        let class_sum: Option<i64> = py
            .by_class
            .values()
            .try_fold(0i64, |a, v| a.checked_add(v.0));
        p.expenditure_total = match py.expenditure_total {
            Some(t) if !py.by_class.is_empty() && class_sum == Some(t.0) => {
                p.class_complete = true;
                let spec = Spec::new(
                    Fam::Prior,
                    p.by_class.values().flat_map(|s| s.leaves.clone()),
                );
                if py.income_total == Some(t) {
                    if let Some(inc) = &p.income_total {
                        p.links.push((spec.clone(), inc.clone()));
                    }
                }
                Some(spec)
            }
            Some(t) if py.income_total == Some(t) => p.income_total.clone(),
            Some(t) => Some(leaf(&mut p, t)),
            None => None,
        };
        p
    }

    /// 财政拨款 last year: the three fiscal sources that had money last year.
    pub fn fiscal(&self) -> Option<Spec> {
        let fiscal: Vec<&Spec> = self
            .by_source
            .iter()
            .filter(|(s, _)| s.is_fiscal())
            .map(|(_, v)| v)
            .collect();
        if fiscal.is_empty() {
            return None;
        }
        Some(Spec::new(
            Fam::Prior,
            fiscal.iter().flat_map(|s| s.leaves.clone()),
        ))
    }
}
