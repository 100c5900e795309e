//! The amounts a disclosure shows, as sums of rounded leaves.
//!
//! Every shown amount is a [`Spec`]: a set of leaves of one [`Fam`]ily. Leaves are the only
//! amounts rounded (a line's 基本支出, a 款's 人员经费, a “三公” part …); any other amount is the
//! sum of its shown leaves, so every table foots by construction, and the same quantity printed
//! twice is the same computation.
//!
//! The tables and the narrative are generated twice with the same code: first with
//! [`Declare`], which records every spec they use (each becomes an aggregate of the rounding
//! problem, see [`crate::rounding`]), then with [`Fill`], which returns the shown values.

use crate::report::{BuildNote, NoteKind};
use crate::rounding::{self, Method, Problem, Set, Solution};
use std::collections::{BTreeMap, HashMap, HashSet};
use yusuan_model::{Amount, Fen, MoneyUnit};

/// A family of leaves rounded together.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fam {
    /// Expenditure lines: leaf `2i` is line `i`'s 基本支出, `2i + 1` its 项目支出.
    Exp,
    /// 经济分类 lines: `2j` 人员经费, `2j + 1` 日常公用经费.
    Econ,
    /// Income lines (本年 and 上年结转), one leaf each.
    Income,
    /// 政府采购: goods, works, services, 中小企业预留, 小微企业预留.
    Proc,
    /// Project amounts (performance tables), one leaf per project.
    Proj,
    /// Last year's figures (see [`crate::prior`]).
    Prior,
    /// “三公”: overseas, vehicle purchase, vehicle operation, reception.
    Three,
    /// Last year's “三公”, same leaves.
    PriorThree,
    /// 机关运行经费: this year, last year.
    Admin,
}

impl Fam {
    pub const ALL: [Fam; 9] = [
        Fam::Exp,
        Fam::Econ,
        Fam::Income,
        Fam::Proc,
        Fam::Proj,
        Fam::Prior,
        Fam::Three,
        Fam::PriorThree,
        Fam::Admin,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Fam::Exp => "支出（功能分类）",
            Fam::Econ => "基本支出（经济分类）",
            Fam::Income => "收入",
            Fam::Proc => "政府采购",
            Fam::Proj => "项目",
            Fam::Prior => "上年数",
            Fam::Three => "“三公”经费",
            Fam::PriorThree => "上年“三公”经费",
            Fam::Admin => "机关运行经费",
        }
    }
}

/// A shown amount: the sum of some leaves of one family.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Spec {
    pub fam: Fam,
    pub leaves: Vec<usize>,
}

impl Spec {
    pub fn new(fam: Fam, leaves: impl IntoIterator<Item = usize>) -> Spec {
        let mut leaves: Vec<usize> = leaves.into_iter().collect();
        leaves.sort_unstable();
        leaves.dedup();
        Spec { fam, leaves }
    }

    pub fn one(fam: Fam, leaf: usize) -> Spec {
        Spec {
            fam,
            leaves: vec![leaf],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.leaves.is_empty()
    }
}

/// The exact leaves of every family and how each family is shown.
#[derive(Clone, Debug, Default)]
pub struct Leaves {
    pub values: BTreeMap<Fam, Vec<i64>>,
    pub shown_as: BTreeMap<Fam, (MoneyUnit, u8)>,
}

impl Leaves {
    pub fn exact(&self, s: &Spec) -> Fen {
        let v = self.values.get(&s.fam);
        Fen(s
            .leaves
            .iter()
            .map(|&i| v.and_then(|v| v.get(i)).copied().unwrap_or(0))
            .sum())
    }

    pub fn unit(&self, fam: Fam) -> (MoneyUnit, u8) {
        self.shown_as
            .get(&fam)
            .copied()
            .unwrap_or((MoneyUnit::WanYuan, 2))
    }

    pub fn quantum(&self, fam: Fam) -> i64 {
        let (unit, dec) = self.unit(fam);
        Amount::new(Fen::ZERO, unit, dec).quantum()
    }
}

/// Every spec the tables and narrative use, and the links between families (a quantity that
/// must show the same value as one of another family: 经济分类 total = 基本支出 …).
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub specs: BTreeMap<Fam, Vec<Spec>>,
    seen: HashSet<Spec>,
    /// (dependent, source): the dependent is shown equal to the source.
    pub links: Vec<(Spec, Spec)>,
}

impl Registry {
    pub fn add(&mut self, s: &Spec) {
        if s.leaves.is_empty() || self.seen.contains(s) {
            return;
        }
        self.seen.insert(s.clone());
        self.specs.entry(s.fam).or_default().push(s.clone());
    }

    pub fn link(&mut self, dependent: &Spec, source: &Spec) {
        self.add(dependent);
        self.add(source);
        if !self.links.iter().any(|(d, _)| d == dependent) {
            self.links.push((dependent.clone(), source.clone()));
        }
    }
}

/// Gives the value of a spec: exact while declaring, shown while filling.
pub trait Resolve {
    fn fen(&mut self, s: &Spec) -> Fen;
    fn leaves(&self) -> &Leaves;
    /// True in the pass whose output is kept.
    fn is_final(&self) -> bool;

    fn amount(&mut self, s: &Spec) -> Amount {
        let (unit, dec) = self.leaves().unit(s.fam);
        Amount::new(self.fen(s), unit, dec)
    }

    fn exact(&self, s: &Spec) -> Fen {
        self.leaves().exact(s)
    }
}

/// The declaring pass: records every spec, answers with exact values.
pub struct Declare<'a> {
    pub reg: &'a mut Registry,
    pub leaves: &'a Leaves,
}

impl Resolve for Declare<'_> {
    fn fen(&mut self, s: &Spec) -> Fen {
        self.reg.add(s);
        self.leaves.exact(s)
    }

    fn leaves(&self) -> &Leaves {
        self.leaves
    }

    fn is_final(&self) -> bool {
        false
    }
}

/// The filling pass: shown values.
pub struct Fill<'a> {
    pub shown: &'a Shown,
    pub leaves: &'a Leaves,
    /// Specs asked for that the declaring pass did not record (a builder defect).
    pub missing: Vec<Spec>,
}

impl Resolve for Fill<'_> {
    fn fen(&mut self, s: &Spec) -> Fen {
        if !s.leaves.is_empty() && !self.shown.registered.contains(s) {
            self.missing.push(s.clone());
        }
        self.shown.value(s)
    }

    fn leaves(&self) -> &Leaves {
        self.leaves
    }

    fn is_final(&self) -> bool {
        true
    }
}

/// The rounded leaves of every family.
#[derive(Clone, Debug, Default)]
pub struct Shown {
    pub values: BTreeMap<Fam, Vec<i64>>,
    pub solutions: BTreeMap<Fam, Solution>,
    pub registered: HashSet<Spec>,
}

impl Shown {
    pub fn value(&self, s: &Spec) -> Fen {
        let v = self.values.get(&s.fam);
        Fen(s
            .leaves
            .iter()
            .map(|&i| v.and_then(|v| v.get(i)).copied().unwrap_or(0))
            .sum())
    }
}

/// The order families are solved in: a family's links point to families solved before it.
const ORDER: [Fam; 9] = [
    Fam::Exp,
    Fam::Econ,
    Fam::Income,
    Fam::Three,
    Fam::PriorThree,
    Fam::Admin,
    Fam::Proc,
    Fam::Proj,
    Fam::Prior,
];

fn problem(leaves: &Leaves, reg: &Registry, fam: Fam, fixes: &HashMap<Spec, i64>) -> Problem {
    let values = leaves.values.get(&fam).cloned().unwrap_or_default();
    let mut sets: Vec<Set> = reg
        .specs
        .get(&fam)
        .map(|v| {
            v.iter()
                .map(|s| Set {
                    members: s.leaves.clone(),
                    fixed: fixes.get(s).copied(),
                })
                .collect()
        })
        .unwrap_or_default();
    for (s, v) in fixes {
        if s.fam == fam && !reg.seen.contains(s) {
            sets.push(Set {
                members: s.leaves.clone(),
                fixed: Some(*v),
            });
        }
    }
    Problem {
        quantum: leaves.quantum(fam),
        values,
        sets,
    }
}

/// Round every family; links are met by fixing the dependent's value to its source's shown
/// value. When a dependent cannot take that value, the source family is solved again with the
/// source fixed to its other admissible value (rounded the other way), and its dependents after
/// it (a joint solution exists when both exact values are equal, see [`crate::rounding`]).
pub fn solve(leaves: &Leaves, reg: &Registry) -> (Shown, Vec<BuildNote>) {
    let mut fixes: HashMap<Spec, i64> = HashMap::new();
    let mut shown = Shown {
        registered: reg.seen.clone(),
        ..Shown::default()
    };
    let mut notes = Vec::new();
    let run = |fam: Fam, fixes: &HashMap<Spec, i64>, shown: &mut Shown| {
        let p = problem(leaves, reg, fam, fixes);
        let sol = rounding::solve(&p);
        shown.values.insert(fam, sol.shown.clone());
        shown.solutions.insert(fam, sol);
    };
    let set_fixes = |fam: Fam, shown: &Shown, fixes: &mut HashMap<Spec, i64>| {
        for (dep, src) in &reg.links {
            if dep.fam == fam && src.fam != fam && shown.values.contains_key(&src.fam) {
                fixes.insert(dep.clone(), shown.value(src).0);
            }
        }
    };
    for fam in ORDER {
        set_fixes(fam, &shown, &mut fixes);
        run(fam, &fixes, &mut shown);
        // Links within the family: solve, then fix the dependents and solve again.
        let inner: Vec<(Spec, Spec)> = reg
            .links
            .iter()
            .filter(|(d, s)| d.fam == fam && s.fam == fam)
            .cloned()
            .collect();
        if !inner.is_empty() {
            for (dep, src) in &inner {
                fixes.insert(dep.clone(), shown.value(src).0);
            }
            run(fam, &fixes, &mut shown);
        }
    }
    // A dependent that could not take its source's value: try the source rounded the other way.
    let failed: Vec<(Spec, Spec)> = reg
        .links
        .iter()
        .filter(|(d, s)| d.fam != s.fam && shown.value(d) != shown.value(s))
        .cloned()
        .collect();
    for (dep, src) in failed {
        let q = leaves.quantum(src.fam);
        let exact = leaves.exact(&src).0;
        let now = shown.value(&src).0;
        let floor = exact - exact.rem_euclid(q);
        if exact.rem_euclid(q) == 0 {
            continue;
        }
        let other = if now == floor { floor + q } else { floor };
        let before = shown.clone();
        let mut tried = fixes.clone();
        tried.insert(src.clone(), other);
        run(src.fam, &tried, &mut shown);
        let src_ok = shown
            .solutions
            .get(&src.fam)
            .is_some_and(|s| s.unsatisfied.is_empty());
        let dependents: Vec<Fam> = ORDER
            .iter()
            .copied()
            .filter(|f| {
                reg.links
                    .iter()
                    .any(|(d, s)| d.fam == *f && s.fam == src.fam)
            })
            .collect();
        for f in &dependents {
            set_fixes(*f, &shown, &mut tried);
            run(*f, &tried, &mut shown);
        }
        let ok = src_ok
            && shown.value(&dep) == shown.value(&src)
            && dependents.iter().all(|f| {
                shown
                    .solutions
                    .get(f)
                    .is_some_and(|s| s.unsatisfied.is_empty())
            });
        if ok {
            fixes = tried;
        } else {
            shown = before;
        }
    }
    // Report each family.
    for fam in Fam::ALL {
        let Some(sol) = shown.solutions.get(&fam) else {
            continue;
        };
        let n = leaves.values.get(&fam).map(Vec::len).unwrap_or(0);
        if n == 0 {
            continue;
        }
        let p = problem(leaves, reg, fam, &fixes);
        let unsatisfied: Vec<String> = sol
            .unsatisfied
            .iter()
            .filter_map(|&i| p.sets.get(i))
            .map(|s| describe(leaves, fam, s))
            .collect();
        let (unit, dec) = leaves.unit(fam);
        let what = format!(
            "{}：{} 个明细数，{} 个不是{}的整数倍，其中 {} 个为使各表合计一致而未按四舍五入取舍",
            fam.label(),
            n,
            sol.fractional,
            Amount::new(Fen(leaves.quantum(fam)), unit, dec),
            sol.changed
        );
        let kind = NoteKind::Rounding {
            family: fam.label().to_string(),
            leaves: n,
            fractional: sol.fractional,
            changed: sol.changed,
            method: sol.method,
            unsatisfied: unsatisfied.clone(),
        };
        if unsatisfied.is_empty() {
            notes.push(BuildNote::info(
                kind,
                format!("{what}（{}）", method_label(sol.method)),
            ));
        } else {
            notes.push(BuildNote::warning(
                kind,
                format!(
                    "{what}；以下合计无法同时与精确值相差不到一个单位：{}",
                    unsatisfied.join("；")
                ),
            ));
        }
    }
    (shown, notes)
}

fn method_label(m: Method) -> &'static str {
    match m {
        Method::Nearest => "四舍五入即已一致",
        Method::Circulation => "最小费用环流，改动最少",
        Method::Search => "精确搜索",
        Method::Partial => "未能全部满足",
    }
}

fn describe(leaves: &Leaves, fam: Fam, s: &Set) -> String {
    let spec = Spec::new(fam, s.members.iter().copied());
    let exact = leaves.exact(&spec);
    let (unit, _) = leaves.unit(fam);
    let e = exact.format(unit, unit.max_decimals(), true);
    match s.fixed {
        Some(v) => format!(
            "{} 个明细之和（精确值 {e}）应等于 {}",
            s.members.len(),
            Fen(v).format(unit, unit.max_decimals(), true)
        ),
        None => format!("{} 个明细之和（精确值 {e}）", s.members.len()),
    }
}
