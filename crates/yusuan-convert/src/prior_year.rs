//! Last year's figures: from the narrative's stated changes (last year = this year − the
//! signed change), 三公 also from a table column headed with last year.

use crate::conv::*;
use crate::ConversionKind;
use yusuan_model::budget::{PriorYear, ThreePublic};
use yusuan_model::code::{Code, Level, Scheme};
use yusuan_model::disclosure::{Fact, FactKey, FundSource};
use yusuan_model::money::Fen;

impl<'a> Conv<'a> {
    /// Last year's amount from a fact with a stated change.
    fn prior_from(&mut self, f: &Fact) -> Option<Fen> {
        let a = f.amount?;
        let c = f.change.as_ref()?;
        if let Some(y) = c.versus_year {
            if self.year != 0 && u32::from(y) + 1 != u32::from(self.year) {
                self.note(
                    ConversionKind::LeftOut,
                    format!(
                        "「{}」与 {y} 年比较，不是上一年；未用作上年数",
                        f.text.trim()
                    ),
                    Some(&f.prov),
                );
                return None;
            }
        }
        let signed = c.signed()?;
        Some(ssub(a.fen, signed))
    }

    fn prior_of(&mut self, key: &FactKey) -> Option<Fen> {
        let d = self.d;
        let mut first: Option<Fen> = None;
        for f in d.facts(key) {
            let Some(v) = self.prior_from(f) else {
                continue;
            };
            match first {
                None => first = Some(v),
                Some(p) if p != v => {
                    self.note(
                        ConversionKind::Disagreement,
                        format!(
                            "叙述对同一项目给出两个上年数（{} 与 {}），采用第一个",
                            self.show(p),
                            self.show(v)
                        ),
                        Some(&f.prov),
                    );
                }
                Some(_) => {}
            }
        }
        first
    }

    pub(crate) fn prior_year(&mut self, table_three_public: Option<ThreePublic>) -> PriorYear {
        let d = self.d;
        let mut py = PriorYear {
            income_total: self.prior_of(&FactKey::IncomeTotal),
            expenditure_total: self.prior_of(&FactKey::ExpenditureTotal),
            basic: self.prior_of(&FactKey::Basic),
            project: self.prior_of(&FactKey::Project),
            admin_cost: self.prior_of(&FactKey::AdminCost),
            ..PriorYear::default()
        };
        for s in FundSource::ALL {
            let v = match self.prior_of(&FactKey::IncomeBySource { source: s }) {
                Some(v) => Some(v),
                None => {
                    let v = self.prior_of(&FactKey::ExpenditureBySource { source: s });
                    if v.is_some() {
                        self.note(
                            ConversionKind::Assumption,
                            format!("上年{}收入取自叙述中的{}支出变动", s.label(), s.label()),
                            None,
                        );
                    }
                    v
                }
            };
            if let Some(v) = v {
                py.by_source.insert(s, v);
            }
        }
        for f in &d.narrative.facts {
            if let FactKey::ExpenditureByCode { code, .. } = &f.key {
                if code.level(Scheme::Function) != Some(Level::Class)
                    || py.by_class.contains_key(code)
                {
                    continue;
                }
                if let Some(v) = self.prior_from(f) {
                    py.by_class.insert(code.clone(), v);
                }
            }
        }
        // 国有资本经营预算 money is spent under 223 (国有资本经营预算支出) and nowhere else, and
        // the narrative names the class and the source alike: in a breakdown by class (or where
        // 223 is the only class the tables show), a stated change of 国有资本经营预算支出 is the
        // class's.
        let classes: std::collections::BTreeSet<&str> = d
            .tables
            .iter()
            .filter(|t| t.code_scheme() == Scheme::Function)
            .flat_map(|t| t.coded_rows())
            .filter_map(|r| r.code.as_ref())
            .filter(|c| c.level(Scheme::Function) == Some(Level::Class))
            .map(|c| c.as_str())
            .collect();
        let only_223 = classes.len() == 1 && classes.contains("223");
        if !py.by_class.is_empty() || only_223 {
            if let Some(c223) = Code::parse("223") {
                if let std::collections::btree_map::Entry::Vacant(e) = py.by_class.entry(c223) {
                    let source = FactKey::ExpenditureBySource {
                        source: FundSource::StateCapital,
                    };
                    if let Some(v) = self.prior_of(&source) {
                        e.insert(v);
                    }
                }
            }
        }
        py.three_public = match table_three_public {
            Some(tp) => Some(tp),
            None => self.prior_three_public(),
        };
        py
    }

    fn prior_three_public(&mut self) -> Option<ThreePublic> {
        let mut o = self.prior_of(&FactKey::Overseas);
        let mut p = self.prior_of(&FactKey::VehiclePurchase);
        let mut op = self.prior_of(&FactKey::VehicleOperation);
        let mut r = self.prior_of(&FactKey::Reception);
        let vt = self.prior_of(&FactKey::VehicleTotal);
        let total = self.prior_of(&FactKey::ThreePublicTotal);
        if let Some(vt) = vt {
            match (p, op) {
                (None, Some(x)) => p = Some(ssub(vt, x)),
                (Some(x), None) => op = Some(ssub(vt, x)),
                _ => {}
            }
        }
        let missing = [o, p, op, r].iter().filter(|v| v.is_none()).count();
        if missing == 1 {
            if let Some(t) = total {
                let known = ssum([o, p, op, r].into_iter().flatten());
                let v = Some(ssub(t, known));
                if o.is_none() {
                    o = v;
                } else if p.is_none() {
                    p = v;
                } else if op.is_none() {
                    op = v;
                } else {
                    r = v;
                }
            }
        }
        match (o, p, op, r) {
            (Some(o), Some(p), Some(op), Some(r)) => Some(ThreePublic {
                overseas: o,
                vehicle_purchase: p,
                vehicle_operation: op,
                reception: r,
            }),
            (None, None, None, None) => None,
            _ => {
                self.note(
                    ConversionKind::Missing,
                    "叙述只给出部分“三公”经费的上年变动，上年“三公”经费未能记入",
                    None,
                );
                None
            }
        }
    }
}
