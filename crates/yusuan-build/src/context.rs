//! What the table, narrative and performance builders share: the budget index, the region's
//! layout, the value resolver and the notes.

use crate::index::Index;
use crate::prior::Prior;
use crate::report::BuildNote;
use crate::values::{Resolve, Spec};
use std::sync::Arc;
use yusuan_model::{Amount, Fen, MoneyUnit, Provenance, Region};
use yusuan_profile::{BuildSpec, Numbering, Profile, Style};
use yusuan_render::style::{ItemForm, TotalRow};

/// How the disclosure is laid out: the profile's table and narrative styles, units and the
/// table set (see `yusuan_profile`).
#[derive(Copy, Clone, Debug)]
pub struct Layout<'p> {
    pub profile: &'p Profile,
    pub build: &'p BuildSpec,
    /// The region the document says it is from.
    pub region: Region,
    /// Shapes of the tables.
    pub style: Style,
    /// Unit and decimals of the tables and the narrative.
    pub main: (MoneyUnit, u8),
    /// Unit and decimals of the “三公” table (上海 shows it in 万元 beside 元 tables).
    pub three: (MoneyUnit, u8),
    /// Unit and decimals of the narrative's figures (上海 writes 万元 beside 元 tables).
    pub narrative: (MoneyUnit, u8),
    /// The print style: what of it the generator writes.
    pub knobs: &'p yusuan_render::Style,
}

impl<'p> Layout<'p> {
    pub fn new(
        profile: &'p Profile,
        build: &'p BuildSpec,
        display: yusuan_model::budget::Display,
        knobs: &'p yusuan_render::Style,
    ) -> Layout<'p> {
        let own = (
            display.unit,
            display.decimals.min(display.unit.max_decimals()),
        );
        let fit = |(u, d): (MoneyUnit, u8)| (u, d.min(u.max_decimals()));
        let profile_main = match (build.unit, build.decimals) {
            (Some(u), Some(d)) => (u, d.min(u.max_decimals())),
            (Some(u), None) => (u, own.1.min(u.max_decimals())),
            _ => own,
        };
        let main = fit(match knobs.unit {
            Choice::Set(u) => u.pair(),
            Choice::Profile => profile_main,
        });
        let three = match (build.three_public_unit, build.three_public_decimals) {
            (Some(u), Some(d)) => (u, d.min(u.max_decimals())),
            (Some(u), None) => (u, main.1.min(u.max_decimals())),
            _ => main,
        };
        let narrative = fit(match knobs.narrative_unit {
            Choice::Set(u) => u.pair(),
            Choice::Profile => main,
        });
        Layout {
            profile,
            build,
            region: profile.region.unwrap_or(Region::National),
            style: build.table_style,
            main,
            three,
            narrative,
            knobs,
        }
    }

    /// Does a coded table put its 合计 row last (上海) or first?
    pub fn total_last(&self) -> bool {
        let default = if self.style == Style::Shanghai {
            TotalRow::Last
        } else {
            TotalRow::First
        };
        self.knobs.total_row.or(default) == TotalRow::Last
    }

    /// Zero amounts print blank, given what the profile says for the table.
    pub fn zero_blank(&self, profile_says: bool) -> bool {
        self.knobs.zero_blank.or(profile_says)
    }

    /// How the narrative lists the 项 of the 一般公共预算 (上海's narrative lists them).
    pub fn items(&self) -> ItemForm {
        let default = if self.build.narrative_style == Style::Shanghai {
            ItemForm::Levels
        } else {
            ItemForm::None
        };
        self.knobs.narrative_items.or(default)
    }

    /// The number printed for a table family of the profile, in the style's numbering: the
    /// number the profile's documents print for it in that style (`公开07表`, `表八`), else its
    /// place among the families the generator builds; the profile's own number by default.
    pub fn number(&self, spec: &yusuan_profile::TableSpec) -> Option<String> {
        let n = match self.knobs.numbering {
            Choice::Profile => return spec.number.clone(),
            Choice::Set(Numbering::None) => return None,
            Choice::Set(n) => n,
        };
        let listed = |t: &yusuan_profile::TableSpec| {
            t.number
                .iter()
                .chain(&t.numbers)
                .find(|x| Numbering::of(Some(x)) == n)
                .cloned()
        };
        if let Some(x) = listed(spec) {
            return Some(x);
        }
        // The families the profile lists no such number for follow the highest listed one.
        let built_specs = || {
            self.profile
                .tables
                .iter()
                .filter(|t| t.generate && (t.performance.is_some() || t.kind.is_some_and(built)))
        };
        let ordinal = |x: &str| (1..=99).find(|&k| number_as(n, k).as_deref() == Some(x));
        let highest = built_specs()
            .filter_map(|t| listed(t).and_then(|x| ordinal(&x)))
            .max()
            .unwrap_or(0);
        let k = built_specs()
            .filter(|t| listed(t).is_none())
            .position(|t| std::ptr::eq(t, spec))
            .unwrap_or(0);
        number_as(n, highest + k + 1)
    }

    /// Does the profile fix the unit (else the budget's own is used)?
    pub fn fixed_unit(&self) -> bool {
        self.build.unit.is_some()
    }
}

pub use yusuan_render::style::Choice;

/// The families the table builders know.
pub fn built(kind: yusuan_model::TableKind) -> bool {
    use yusuan_model::TableKind as K;
    matches!(
        kind,
        K::FiscalSummary
            | K::DepartmentSummary
            | K::DepartmentIncome
            | K::DepartmentExpenditure
            | K::GeneralBudgetExpenditure
            | K::GovFundExpenditure
            | K::StateCapitalExpenditure
            | K::GeneralBudgetBasicEconomic
            | K::ThreePublic
            | K::Procurement
    )
}

/// The `n`-th (1-based) table number in a numbering: `表三`, `3`, `公开03表`; none for
/// [`Numbering::None`].
pub fn number_as(numbering: Numbering, n: usize) -> Option<String> {
    match numbering {
        Numbering::Chinese => Some(format!("表{}", crate::text::chinese(n))),
        Numbering::Arabic => Some(n.to_string()),
        Numbering::Open => Some(format!("公开{n:02}表")),
        Numbering::None => None,
    }
}

pub struct Ctx<'a> {
    pub ix: &'a Index<'a>,
    pub layout: Layout<'a>,
    pub prior: &'a Prior,
    pub r: &'a mut dyn Resolve,
    /// The generated document's name, for provenance.
    pub gen: Arc<str>,
    pub notes: Vec<BuildNote>,
    /// Pseudo line numbers of the generated narrative (each section, fact and reason its own).
    pub line: u32,
}

impl<'a> Ctx<'a> {
    pub fn year(&self) -> u16 {
        self.ix.b.year
    }

    pub fn last_year(&self) -> u16 {
        self.ix.b.year.saturating_sub(1)
    }

    /// Keep a note (only in the final pass, so it is not reported twice).
    pub fn note(&mut self, n: BuildNote) {
        if self.r.is_final() && !self.notes.contains(&n) {
            self.notes.push(n);
        }
    }

    pub fn amount(&mut self, s: &Spec) -> Amount {
        self.r.amount(s)
    }

    pub fn fen(&mut self, s: &Spec) -> Fen {
        self.r.fen(s)
    }

    pub fn exact(&self, s: &Spec) -> Fen {
        self.r.exact(s)
    }

    /// A fresh provenance in the generated narrative.
    pub fn next_prov(&mut self, row: &str) -> Provenance {
        self.line += 1;
        let mut p = Provenance::at_line(&self.gen, self.line, None);
        if !row.is_empty() {
            p.row = Some(row.to_string());
        }
        p
    }

    /// 编制单位 as printed: `806-重庆市…` (上海's shapes: the name alone).
    pub fn compiler(&self) -> Option<String> {
        let u = &self.ix.b.unit;
        let name = u.name.as_deref().map(str::trim).filter(|n| !n.is_empty())?;
        match (&u.code, self.layout.style) {
            (Some(c), Style::Chongqing) if !c.trim().is_empty() => {
                Some(format!("{}-{name}", c.trim()))
            }
            _ => Some(name.to_string()),
        }
    }

    pub fn unit_name(&self) -> String {
        self.ix
            .b
            .unit
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or("本部门")
            .to_string()
    }
}
