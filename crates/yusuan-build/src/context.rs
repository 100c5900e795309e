//! What the table, narrative and performance builders share: the budget index, the region's
//! layout, the value resolver and the notes.

use crate::index::Index;
use crate::prior::Prior;
use crate::report::BuildNote;
use crate::values::{Resolve, Spec};
use std::sync::Arc;
use yusuan_model::{Amount, Fen, MoneyUnit, Provenance, Region};
use yusuan_profile::{BuildSpec, Profile, Style};

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
}

impl<'p> Layout<'p> {
    pub fn new(
        profile: &'p Profile,
        build: &'p BuildSpec,
        display: yusuan_model::budget::Display,
    ) -> Layout<'p> {
        let own = (
            display.unit,
            display.decimals.min(display.unit.max_decimals()),
        );
        let main = match (build.unit, build.decimals) {
            (Some(u), Some(d)) => (u, d.min(u.max_decimals())),
            (Some(u), None) => (u, own.1.min(u.max_decimals())),
            _ => own,
        };
        let three = match (build.three_public_unit, build.three_public_decimals) {
            (Some(u), Some(d)) => (u, d.min(u.max_decimals())),
            (Some(u), None) => (u, main.1.min(u.max_decimals())),
            _ => main,
        };
        Layout {
            profile,
            build,
            region: profile.region.unwrap_or(Region::National),
            style: build.table_style,
            main,
            three,
        }
    }

    /// Does the profile fix the unit (else the budget's own is used)?
    pub fn fixed_unit(&self) -> bool {
        self.build.unit.is_some()
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
