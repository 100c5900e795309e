//! 机关运行经费: a 机关运行经费 column of any table, else the narrative.

use crate::conv::*;
use crate::ConversionKind;
use yusuan_model::disclosure::{ColumnKey, FactKey};
use yusuan_model::money::Fen;
use yusuan_model::provenance::Provenance;

impl<'a> Conv<'a> {
    pub(crate) fn admin_cost(&mut self) -> Option<Fen> {
        let d = self.d;
        let mut from_table: Option<(Fen, Provenance, String)> = None;
        'tables: for t in &d.tables {
            if !self.has_col(t, ColumnKey::AdminCost) {
                continue;
            }
            for r in &t.rows {
                if let Some(c) = self.cell(t, r, ColumnKey::AdminCost) {
                    if let Some(a) = c.amount {
                        from_table = Some((a.fen, c.prov.clone(), t.display_name()));
                        break 'tables;
                    }
                }
            }
        }
        let fact = d
            .fact(&FactKey::AdminCost)
            .and_then(|f| f.amount.map(|a| (a.fen, f.prov.clone())));
        match (from_table, fact) {
            (Some((t, _, name)), Some((f, fprov))) => {
                if t != f {
                    self.note(
                        ConversionKind::Disagreement,
                        format!(
                            "叙述中机关运行经费为 {}，{name}为 {}；采用表",
                            self.show(f),
                            self.show(t)
                        ),
                        Some(&fprov),
                    );
                }
                Some(t)
            }
            (Some((t, _, _)), None) => Some(t),
            (None, Some((f, _))) => Some(f),
            (None, None) => None,
        }
    }
}
