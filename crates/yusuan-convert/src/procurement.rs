//! 政府采购: goods, works and services from the procurement table, else the narrative; the
//! amounts reserved for small enterprises from the narrative.

use crate::conv::*;
use crate::ConversionKind;
use std::collections::BTreeSet;
use yusuan_model::budget::Procurement;
use yusuan_model::disclosure::{FactKey, FundSource, ProcurementCategory, RowKind, TableKind};
use yusuan_model::money::Fen;

impl<'a> Conv<'a> {
    pub(crate) fn procurement(&mut self) -> Procurement {
        let d = self.d;
        let mut p = Procurement::default();
        let mut found: BTreeSet<ProcurementCategory> = BTreeSet::new();
        if let Some(t) = self.table(TableKind::Procurement) {
            let name = t.display_name();
            let mut sum = Fen::ZERO;
            for r in &t.rows {
                if r.kind == RowKind::Total {
                    continue;
                }
                // The importer typed each line's category from its label (`Row::procurement`).
                let Some(cat) = r.procurement else {
                    continue;
                };
                let amount = self.row_total(t, r).map(|a| a.fen).unwrap_or_else(|| {
                    ssum(FundSource::ALL.iter().map(|s| self.fen(t, r, s.column())))
                });
                if !found.insert(cat) {
                    self.note(
                        ConversionKind::LeftOut,
                        format!("{name}：「{}」类出现多次，只采用第一行", r.label.trim()),
                        Some(&r.prov),
                    );
                    continue;
                }
                sum = sadd(sum, amount);
                *slot(&mut p, cat) = amount;
            }
            if let Some(total) = t.rows.iter().find(|r| r.kind == RowKind::Total) {
                if let Some(a) = self.row_total(t, total) {
                    if a.fen != sum {
                        let (kind, msg) = if !found.is_empty() {
                            (
                                ConversionKind::Disagreement,
                                format!(
                                    "{name}：合计 {} 不等于货物、工程、服务之和 {}；采用分类数",
                                    self.show(a.fen),
                                    self.show(sum)
                                ),
                            )
                        } else {
                            (
                                ConversionKind::Missing,
                                format!(
                                    "{name}：合计 {} 没有按货物、工程、服务分列，未能记入分类",
                                    self.show(a.fen)
                                ),
                            )
                        };
                        self.note(kind, msg, Some(&total.prov));
                    }
                }
            }
        }
        let table_has = !found.is_empty();
        for (cat, key) in [
            (ProcurementCategory::Goods, FactKey::ProcurementGoods),
            (ProcurementCategory::Works, FactKey::ProcurementWorks),
            (ProcurementCategory::Services, FactKey::ProcurementServices),
        ] {
            let Some(f) = d.fact(&key) else { continue };
            let Some(a) = f.amount else { continue };
            let slot = slot(&mut p, cat);
            if table_has {
                if *slot != a.fen {
                    let v = *slot;
                    self.note(
                        ConversionKind::Disagreement,
                        format!(
                            "叙述中政府采购{}预算为 {}，政府采购表为 {}；采用表",
                            cat.label(),
                            self.show(a.fen),
                            self.show(v)
                        ),
                        Some(&f.prov),
                    );
                }
            } else {
                *slot = a.fen;
            }
        }
        if let Some(f) = d.fact(&FactKey::ProcurementTotal) {
            if let Some(a) = f.amount {
                if a.fen != proc_total(&p) {
                    self.note(
                        ConversionKind::Disagreement,
                        format!(
                            "叙述中政府采购预算总额为 {}，货物、工程、服务之和为 {}",
                            self.show(a.fen),
                            self.show(proc_total(&p))
                        ),
                        Some(&f.prov),
                    );
                }
            }
        }
        p.sme_reserved = d
            .fact(&FactKey::ProcurementSmeReserved)
            .and_then(|f| f.amount)
            .map(|a| a.fen);
        p.small_micro_reserved = d
            .fact(&FactKey::ProcurementSmallMicro)
            .and_then(|f| f.amount)
            .map(|a| a.fen);
        p
    }
}

/// The budget's amount of a category.
fn slot(p: &mut Procurement, cat: ProcurementCategory) -> &mut Fen {
    match cat {
        ProcurementCategory::Goods => &mut p.goods,
        ProcurementCategory::Works => &mut p.works,
        ProcurementCategory::Services => &mut p.services,
    }
}

/// [`Procurement::total`], saturating.
fn proc_total(p: &Procurement) -> Fen {
    ssum([p.goods, p.works, p.services])
}
