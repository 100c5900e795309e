//! The budget seen as leaves and code trees: which lines fall under a code, what each code is
//! called, and the specs of the usual quantities.

use crate::report::BuildError;
use crate::values::{Fam, Spec};
use std::collections::BTreeSet;
use yusuan_model::budget::Budget;
use yusuan_model::{Catalog, Code, FundSource, Scheme};

/// Which part of an expenditure line.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Basic,
    Project,
    Both,
}

/// Which fund sources.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Sources {
    One(FundSource),
    /// 一般公共预算, 政府性基金, 国有资本经营 together (财政拨款).
    Fiscal,
    All,
}

impl Sources {
    pub fn has(self, s: FundSource) -> bool {
        match self {
            Sources::One(x) => x == s,
            Sources::Fiscal => s.is_fiscal(),
            Sources::All => true,
        }
    }
}

/// The budget with look-ups for building.
pub struct Index<'a> {
    pub b: &'a Budget,
    pub cat: &'a Catalog,
}

impl<'a> Index<'a> {
    /// Check what the tables cannot show and index the budget.
    pub fn new(b: &'a Budget, cat: &'a Catalog) -> Result<Index<'a>, BuildError> {
        for l in &b.expenditure {
            if l.code.as_str().starts_with('3') || l.code.level(Scheme::Function).is_none() {
                return Err(BuildError::WrongScheme {
                    code: l.code.clone(),
                    expected: "支出功能分类",
                });
            }
        }
        for l in &b.economic {
            if !l.code.as_str().starts_with('3') || l.code.level(Scheme::Economic).is_none() {
                return Err(BuildError::WrongScheme {
                    code: l.code.clone(),
                    expected: "部门预算支出经济分类",
                });
            }
        }
        let codes: BTreeSet<&Code> = b.expenditure.iter().map(|l| &l.code).collect();
        for c in &codes {
            if let Some(child) = codes.iter().find(|d| *d != c && c.contains(d)) {
                return Err(BuildError::NestedLines {
                    parent: (*c).clone(),
                    child: (*child).clone(),
                });
            }
        }
        let econ: BTreeSet<&Code> = b.economic.iter().map(|l| &l.code).collect();
        for c in &econ {
            if let Some(child) = econ.iter().find(|d| *d != c && c.contains(d)) {
                return Err(BuildError::NestedEconomic {
                    parent: (*c).clone(),
                    child: (*child).clone(),
                });
            }
        }
        // Every sum of the disclosure stays far from overflow.
        let mut total: i64 = 0;
        let amounts = b
            .expenditure
            .iter()
            .flat_map(|l| [l.basic, l.project])
            .chain(b.economic.iter().flat_map(|l| [l.personnel, l.operating]))
            .chain(b.income.iter().map(|l| l.amount))
            .chain(b.projects.iter().map(|p| p.amount))
            .chain([
                b.three_public.overseas,
                b.three_public.vehicle_purchase,
                b.three_public.vehicle_operation,
                b.three_public.reception,
                b.procurement.goods,
                b.procurement.works,
                b.procurement.services,
            ]);
        for a in amounts {
            total = total
                .checked_add(a.0.checked_abs().ok_or(BuildError::TooLarge)?)
                .ok_or(BuildError::TooLarge)?;
        }
        if total > i64::MAX / 16 {
            return Err(BuildError::TooLarge);
        }
        Ok(Index { b, cat })
    }

    pub fn year(&self) -> u16 {
        self.b.year
    }

    /// Indices of the expenditure lines with a source in `sel`.
    pub fn lines(&self, sel: Sources) -> Vec<usize> {
        (0..)
            .zip(&self.b.expenditure)
            .filter(|(_, l)| sel.has(l.source))
            .map(|(i, _)| i)
            .collect()
    }

    /// Lines of `sel` under `code` (any level).
    pub fn lines_under(&self, code: &Code, sel: Sources) -> Vec<usize> {
        (0..)
            .zip(&self.b.expenditure)
            .filter(|(_, l)| sel.has(l.source) && code.contains(&l.code))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn exp(&self, lines: &[usize], part: Part) -> Spec {
        let leaves = lines.iter().flat_map(|&i| match part {
            Part::Basic => vec![2 * i],
            Part::Project => vec![2 * i + 1],
            Part::Both => vec![2 * i, 2 * i + 1],
        });
        Spec::new(Fam::Exp, leaves)
    }

    /// Expenditure under a code (`None` = everything) from some sources.
    pub fn exp_under(&self, code: Option<&Code>, sel: Sources, part: Part) -> Spec {
        let lines = match code {
            Some(c) => self.lines_under(c, sel),
            None => self.lines(sel),
        };
        self.exp(&lines, part)
    }

    pub fn line_total(&self, i: usize) -> i64 {
        self.b
            .expenditure
            .get(i)
            .map(|l| l.basic.0.saturating_add(l.project.0))
            .unwrap_or(0)
    }

    /// True when some line of `lines` has money (its exact value, so both passes decide alike).
    pub fn any_money(&self, lines: &[usize]) -> bool {
        lines.iter().any(|&i| {
            self.b
                .expenditure
                .get(i)
                .is_some_and(|l| !l.basic.is_zero() || !l.project.is_zero())
        })
    }

    /// Codes to print for these lines: every line's code and its ancestors, in code order
    /// (which is the printed order: a 类, its 款, their 项).
    pub fn codes_of(&self, lines: &[usize]) -> Vec<Code> {
        let mut set: BTreeSet<Code> = BTreeSet::new();
        for &i in lines {
            let Some(l) = self.b.expenditure.get(i) else {
                continue;
            };
            let mut c = Some(l.code.clone());
            while let Some(code) = c {
                c = code.parent();
                set.insert(code);
            }
        }
        set.into_iter().collect()
    }

    /// The 类 codes with lines of `sel` that have money, in order.
    pub fn classes(&self, sel: Sources) -> Vec<Code> {
        let mut set = BTreeSet::new();
        for i in self.lines(sel) {
            if self.any_money(&[i]) {
                if let Some(l) = self.b.expenditure.get(i) {
                    set.insert(l.code.class());
                }
            }
        }
        set.into_iter().collect()
    }

    /// The name printed for a 功能分类 code: the budget line's own name, else the unit's name for
    /// the code, else the catalogue's.
    pub fn fn_name(&self, code: &Code) -> Option<String> {
        let lines = self
            .b
            .expenditure
            .iter()
            .map(|l| (&l.code, l.name.as_str()));
        self.name_of(Scheme::Function, code, lines)
    }

    /// The name printed for a 经济分类 code, found as [`Self::fn_name`] finds a 功能分类 one.
    pub fn econ_name(&self, code: &Code) -> Option<String> {
        let lines = self.b.economic.iter().map(|l| (&l.code, l.name.as_str()));
        self.name_of(Scheme::Economic, code, lines)
    }

    /// The first non-blank name `lines` give `code`, else the unit's name for it, else the
    /// catalogue's in `scheme`.
    fn name_of<'l>(
        &self,
        scheme: Scheme,
        code: &Code,
        lines: impl Iterator<Item = (&'l Code, &'l str)>,
    ) -> Option<String> {
        lines
            .filter(|(c, _)| *c == code)
            .map(|(_, name)| name.trim())
            .find(|n| !n.is_empty())
            .map(str::to_string)
            .or_else(|| self.b.code_names.get(code).cloned())
            .or_else(|| self.cat.name(scheme, code, self.year()).map(str::to_string))
    }

    /// A 类's name as a summary table prints it (the catalogue's name when the budget gives
    /// none).
    pub fn class_name(&self, code: &Code) -> String {
        self.fn_name(code).unwrap_or_else(|| code.to_string())
    }

    // ----- 经济分类 -----

    pub fn econ_codes(&self) -> Vec<Code> {
        let mut set: BTreeSet<Code> = BTreeSet::new();
        for l in &self.b.economic {
            set.insert(l.code.clone());
            if let Some(p) = l.code.parent() {
                set.insert(p);
            }
        }
        set.into_iter().collect()
    }

    /// 经济分类 leaves under a code (`None` = all): part Basic = 人员经费, Project = 公用经费.
    pub fn econ(&self, code: Option<&Code>, part: Part) -> Spec {
        let leaves = (0..)
            .zip(&self.b.economic)
            .filter(|(_, l)| code.is_none_or(|c| c.contains(&l.code)))
            .flat_map(|(j, _)| match part {
                Part::Basic => vec![2 * j],
                Part::Project => vec![2 * j + 1],
                Part::Both => vec![2 * j, 2 * j + 1],
            });
        Spec::new(Fam::Econ, leaves)
    }

    // ----- income -----

    /// Income lines of a source (`None` = all) this year or carried forward (`None` = both).
    pub fn income(&self, sel: Sources, carried: Option<bool>) -> Spec {
        let leaves = (0..)
            .zip(&self.b.income)
            .filter(|(_, l)| sel.has(l.source) && carried.is_none_or(|c| c == l.carried_forward))
            .map(|(k, _)| k);
        Spec::new(Fam::Income, leaves)
    }

    pub fn has_carried(&self) -> bool {
        self.b
            .income
            .iter()
            .any(|l| l.carried_forward && !l.amount.is_zero())
    }

    /// Sources with income or expenditure (exact, so both passes agree).
    pub fn sources_with_money(&self) -> Vec<FundSource> {
        FundSource::ALL
            .into_iter()
            .filter(|&s| {
                self.b
                    .income
                    .iter()
                    .any(|l| l.source == s && !l.amount.is_zero())
                    || self.any_money(&self.lines(Sources::One(s)))
            })
            .collect()
    }
}
