//! Synthetic budgets, one per seed: for property tests (every rendered table foots, render then
//! import gives the same budget), benchmarks and demonstrations. They are consistent by
//! construction (income equals expenditure per source, the economic split equals the 基本支出,
//! goal weights add up to 100), drawn from the embedded catalogue, and deterministic: no
//! dependency on a random-number crate, so a failing seed reproduces anywhere.

use std::collections::BTreeMap;
use yusuan_model::budget::{
    Assets, Budget, ChangeReason, EconomicLine, ExpenditureLine, Goal, IncomeLine, NarrativeInputs,
    PriorYear, Procurement, Project, ThreePublic,
};
use yusuan_model::{
    Catalog, Code, Fen, FundSource, Indicator, Level, Nature, Provenance, Region, Scheme,
    UnitIdentity, Weight,
};

/// A small deterministic generator (SplitMix64), so one `u64` seed is one budget.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// One of `items`, drawn as `below(len)` draws it (`None` when there are none).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// An amount in 分 up to `max_yuan` 元; `quantum` > 1 makes it exact in the display unit.
    pub fn amount(&mut self, max_yuan: u64, quantum: i64) -> Fen {
        let v = self.below(max_yuan * 100) as i64;
        Fen(v - v % quantum.max(1))
    }
}

/// How a generated budget is shaped.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Amounts are multiples of this many 分 (1: any amount; 10 000: exact in 万元 with 2 decimals).
    pub quantum: i64,
    /// Lines of several sources under one 项 with both parts (the 3-dimensional case).
    pub mixed_sources: bool,
}

fn catalog_codes(scheme: Scheme, level: Level) -> Vec<(Code, String)> {
    Catalog::embedded()
        .all(scheme, level)
        .into_iter()
        .filter(|e| e.first_year <= 2025 && 2025 <= e.last_year)
        .filter(|e| {
            // Every ancestor has a name too.
            let mut c = e.code.parent();
            while let Some(p) = c {
                if Catalog::embedded().name(scheme, &p, 2025).is_none() {
                    return false;
                }
                c = p.parent();
            }
            true
        })
        .map(|e| (e.code.clone(), e.name.clone()))
        .collect()
}

fn indicator(name: &str, weight: i64) -> Indicator {
    Indicator {
        category: None,
        name: name.to_string(),
        weight: Some(Weight(weight * 100)),
        weight_text: weight.to_string(),
        nature: Some(Nature::AtLeast),
        nature_text: "≥".to_string(),
        value: "90".to_string(),
        unit: "%".to_string(),
        core: Some(true),
        prov: Provenance::default(),
    }
}

fn goal(rng: &mut Rng, what: &str) -> Goal {
    let n = 1 + rng.below(3) as usize;
    let mut w = vec![100 / n as i64; n];
    let rest = 100 - w.iter().sum::<i64>();
    if let Some(first) = w.first_mut() {
        *first += rest;
    }
    Goal {
        text: format!("完成{what}的年度工作任务。"),
        indicators: w
            .iter()
            .enumerate()
            .map(|(k, &wk)| indicator(&format!("{what}指标{}", k + 1), wk))
            .collect(),
    }
}

/// The budget of one seed: a few 项 of the embedded catalogue with money from one or more
/// sources, an economic split of the 一般公共预算 基本支出, balanced income, 三公, 政府采购,
/// assets, projects with goals, and (mostly) last year's figures with some stated reasons.
pub fn budget(seed: u64, shape: Shape) -> Budget {
    let mut rng = Rng(seed);
    let q = shape.quantum;
    let items = catalog_codes(Scheme::Function, Level::Item);
    let econ = catalog_codes(Scheme::Economic, Level::Section);
    // 项 with money.
    let k = 1 + rng.below(14) as usize;
    let mut chosen: Vec<(Code, String)> = Vec::new();
    for _ in 0..k {
        let Some(c) = rng.pick(&items) else {
            continue;
        };
        if !chosen.iter().any(|(x, _)| *x == c.0) {
            chosen.push(c.clone());
        }
    }
    chosen.sort();
    let mut expenditure = Vec::new();
    for (code, name) in &chosen {
        let mut sources = Vec::new();
        if rng.chance(85) {
            sources.push(FundSource::GeneralBudget);
        }
        if rng.chance(15) {
            sources.push(FundSource::GovFund);
        }
        // 国有资本经营预算 money is spent under 223 (国有资本经营预算支出) and nowhere else.
        if code.class().as_str() == "223" {
            sources = vec![FundSource::StateCapital];
        } else if rng.chance(25) {
            // At most one kind of the unit's own income per 项, unless mixing is wanted.
            let own = [FundSource::OperatingRevenue, FundSource::OtherRevenue];
            sources.extend(rng.pick(&own));
            if shape.mixed_sources && rng.chance(50) {
                if let Some(&s) = rng.pick(&own) {
                    if !sources.contains(&s) {
                        sources.push(s);
                    }
                }
            }
        }
        if sources.is_empty() {
            sources.push(FundSource::GeneralBudget);
        }
        for s in sources {
            let fiscal_table = matches!(s, FundSource::GeneralBudget | FundSource::GovFund);
            let mut basic = if rng.chance(50) {
                rng.amount(3_000_000, q)
            } else {
                Fen::ZERO
            };
            let mut project = if rng.chance(60) {
                rng.amount(5_000_000, q)
            } else {
                Fen::ZERO
            };
            if !fiscal_table && basic.is_zero() && project.is_zero() {
                // Zero lines of sources without their own table do not come back.
                project = Fen(q.max(1) * 7);
            }
            if shape.mixed_sources && rng.chance(50) {
                basic += rng.amount(1_000_000, q);
                project += rng.amount(1_000_000, q);
            }
            expenditure.push(ExpenditureLine {
                code: code.clone(),
                name: name.clone(),
                source: s,
                basic,
                project,
                prov: None,
            });
        }
    }
    expenditure.sort_by(|a, b| (&a.code, a.source).cmp(&(&b.code, b.source)));
    // 经济分类: the 一般公共预算 基本支出 split over some 款.
    let gb_basic: i64 = expenditure
        .iter()
        .filter(|l| l.source == FundSource::GeneralBudget)
        .map(|l| l.basic.0)
        .sum();
    let mut economic = Vec::new();
    if gb_basic > 0 {
        let n = 1 + rng.below(8) as usize;
        let mut codes: Vec<(Code, String)> =
            (0..n).filter_map(|_| rng.pick(&econ).cloned()).collect();
        codes.sort();
        codes.dedup_by(|a, b| a.0 == b.0);
        let mut left = gb_basic;
        let last = codes.len() - 1;
        for (i, (code, name)) in codes.into_iter().enumerate() {
            let v = if i == last {
                left
            } else {
                let v = rng.below(left as u64 + 1) as i64;
                v - v % q.max(1)
            };
            left -= v;
            let personnel_class = matches!(code.class().as_str(), "301" | "303");
            let (personnel, operating) = if personnel_class { (v, 0) } else { (0, v) };
            economic.push(EconomicLine {
                code,
                name,
                personnel: Fen(personnel),
                operating: Fen(operating),
                prov: None,
            });
        }
    }
    // Income: each source's expenditure (balanced).
    let mut income = Vec::new();
    for s in FundSource::ALL {
        let v: i64 = expenditure
            .iter()
            .filter(|l| l.source == s)
            .map(|l| l.total().0)
            .sum();
        if v != 0 {
            income.push(IncomeLine {
                source: s,
                amount: Fen(v),
                carried_forward: false,
                prov: None,
            });
        }
    }
    let three_public = ThreePublic {
        overseas: rng.amount(50_000, q),
        vehicle_purchase: if rng.chance(30) {
            rng.amount(300_000, q)
        } else {
            Fen::ZERO
        },
        vehicle_operation: rng.amount(300_000, q),
        reception: rng.amount(50_000, q),
    };
    let procurement = Procurement {
        goods: rng.amount(1_000_000, q),
        works: if rng.chance(40) {
            rng.amount(5_000_000, q)
        } else {
            Fen::ZERO
        },
        services: rng.amount(5_000_000, q),
        sme_reserved: rng.chance(50).then(|| rng.amount(1_000_000, q)),
        small_micro_reserved: None,
    };
    let mut projects = Vec::new();
    for k in 0..rng.below(5) {
        projects.push(Project {
            name: format!("测试项目{}", k + 1),
            department: rng.chance(50).then(|| "901-测试单位".to_string()),
            amount: rng.amount(2_000_000, q),
            key: rng.chance(20),
            overview: "项目概况。".to_string(),
            basis: "立项依据。".to_string(),
            goal: goal(&mut rng, &format!("测试项目{}", k + 1)),
        });
    }
    // General projects first, key projects after, as the tables print them.
    projects.sort_by_key(|p| p.key);
    projects.sort_by_key(|p| !p.key);
    // Last year: consistent totals.
    let mut prior_year = PriorYear::default();
    let mut reasons = Vec::new();
    if rng.chance(80) {
        let classes: Vec<Code> = {
            let mut v: Vec<Code> = expenditure.iter().map(|l| l.code.class()).collect();
            v.dedup();
            v
        };
        let mut by_class = BTreeMap::new();
        for c in &classes {
            by_class.insert(c.clone(), rng.amount(8_000_000, q));
        }
        let mut sources: Vec<FundSource> = income.iter().map(|l| l.source).collect();
        // 国有资本经营 money is spent under 223 alone: a unit living on it alone spent nothing
        // under other classes last year either.
        if sources.iter().all(|s| *s == FundSource::StateCapital)
            && by_class.keys().any(|c| c.as_str() == "223")
        {
            for (c, v) in by_class.iter_mut() {
                if c.as_str() != "223" {
                    *v = Fen::ZERO;
                }
            }
        }
        let total: i64 = by_class.values().map(|v| v.0).sum();
        let mut by_source = BTreeMap::new();
        let mut left = total;
        // Last year's 国有资本经营 money was last year's 223 too.
        let class_223 = by_class.iter().find(|(c, _)| c.as_str() == "223");
        if let Some((_, sc)) = class_223 {
            if sources.contains(&FundSource::StateCapital) && sources.len() > 1 {
                sources.retain(|s| *s != FundSource::StateCapital);
                by_source.insert(FundSource::StateCapital, *sc);
                left -= sc.0;
            }
        }
        for (i, s) in sources.iter().enumerate() {
            let v = if i + 1 == sources.len() {
                left
            } else {
                let v = rng.below(left.max(0) as u64 + 1) as i64;
                v - v % q.max(1)
            };
            left -= v;
            by_source.insert(*s, Fen(v));
        }
        if let Some(gb) = by_source.get(&FundSource::GeneralBudget) {
            let b = rng.below(gb.0.max(0) as u64 + 1) as i64;
            let b = b - b % q.max(1);
            prior_year.basic = Some(Fen(b));
            prior_year.project = Some(Fen(gb.0 - b));
        }
        prior_year.income_total = Some(Fen(total));
        prior_year.expenditure_total = Some(Fen(total));
        prior_year.by_source = by_source;
        if rng.chance(60) {
            prior_year.by_class = by_class;
        }
        prior_year.three_public = Some(ThreePublic {
            overseas: rng.amount(50_000, q),
            vehicle_purchase: Fen::ZERO,
            vehicle_operation: rng.amount(300_000, q),
            reception: rng.amount(50_000, q),
        });
        prior_year.admin_cost = Some(rng.amount(3_000_000, q));
        let has_gb = prior_year
            .by_source
            .contains_key(&FundSource::GeneralBudget);
        for subject in [
            "basic",
            "project",
            "three_public",
            "admin_cost",
            "general_budget",
        ] {
            let stated = has_gb || matches!(subject, "three_public" | "admin_cost");
            if stated && rng.chance(70) {
                reasons.push(ChangeReason {
                    subject: subject.to_string(),
                    text: format!("{subject}调整"),
                });
            }
        }
        if rng.chance(50) {
            reasons.push(ChangeReason {
                subject: "expenditure_total".to_string(),
                text: "业务量变化".to_string(),
            });
        }
    }
    Budget {
        unit: UnitIdentity {
            code: Some("901".into()),
            name: Some("测试单位".into()),
            subordinate_units: vec!["测试单位（本级）".into()],
            internal_departments: vec!["办公室".into()],
            contact: Some("张三 电话：023-00000000".into()),
        },
        year: 2025,
        kind: yusuan_model::DocKind::DepartmentBudget,
        region: Region::Chongqing,
        display: Default::default(),
        income,
        expenditure,
        economic,
        code_names: BTreeMap::new(),
        three_public,
        admin_cost: Some(rng.amount(3_000_000, q)),
        procurement,
        assets: Assets {
            as_of: Some("2024年12月".into()),
            vehicles: Some(rng.below(10) as i64),
            vehicles_by_kind: BTreeMap::from([("一般公务用车".to_string(), 1)]),
            vehicles_to_buy: Some(rng.below(2) as i64),
            expensive_equipment: Some(0),
        },
        overall_goal: Some(goal(&mut rng, "部门整体")),
        projects,
        prior_year,
        narrative: NarrativeInputs {
            functions: "负责测试工作。".into(),
            organisation:
                "测试单位有内设机构1个：办公室。下属1个二级预算单位，分别是测试单位（本级）。"
                    .into(),
            reasons,
            glossary: Vec::new(),
            notes: BTreeMap::new(),
        },
    }
}
