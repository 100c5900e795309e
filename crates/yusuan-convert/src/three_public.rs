//! “三公”经费: from the table (this year, and last year where a column is headed with it), else
//! from the narrative.

use crate::conv::*;
use crate::ConversionKind;
use std::collections::BTreeMap;
use yusuan_model::budget::ThreePublic;
use yusuan_model::disclosure::{ColumnKey, FactKey, Row, RowKind, TableKind};
use yusuan_model::money::{Amount, Fen};

impl<'a> Conv<'a> {
    /// This year's “三公” (and last year's when a column is headed with last year).
    pub(crate) fn three_public(&mut self) -> (ThreePublic, Option<ThreePublic>) {
        use ColumnKey as K;
        let keys = [
            K::Overseas,
            K::VehiclePurchase,
            K::VehicleOperation,
            K::VehicleTotal,
            K::Reception,
        ];
        let Some(t) = self.table(TableKind::ThreePublic) else {
            return (self.three_public_from_narrative(), None);
        };
        let name = t.display_name();
        let pick = |cx: &Conv, r: &Row, key: ColumnKey, prior: bool| -> Option<Amount> {
            r.cells
                .iter()
                .filter(|c| c.column == key)
                .find(|c| {
                    let y = t.columns.get(c.col).and_then(|col| col.year);
                    if prior {
                        y.is_some() && y == cx.year.checked_sub(1)
                    } else {
                        y.is_none() || y == Some(cx.year)
                    }
                })
                .and_then(|c| c.amount)
        };
        let row = t.rows.iter().find(|r| {
            r.kind != RowKind::Heading && keys.iter().any(|k| pick(self, r, *k, false).is_some())
        });
        let mut tp = ThreePublic::default();
        let mut prior = None;
        if let Some(r) = row {
            for is_prior in [false, true] {
                let got: BTreeMap<ColumnKey, Amount> = keys
                    .iter()
                    .chain([K::Total].iter())
                    .filter_map(|k| pick(self, r, *k, is_prior).map(|a| (*k, a)))
                    .collect();
                let get = |k: ColumnKey| got.get(&k).copied();
                if keys.iter().all(|k| get(*k).is_none()) {
                    continue;
                }
                let fen = |a: Option<Amount>| a.map(|a| a.fen).unwrap_or(Fen::ZERO);
                let mut v = ThreePublic {
                    overseas: fen(get(K::Overseas)),
                    vehicle_purchase: fen(get(K::VehiclePurchase)),
                    vehicle_operation: fen(get(K::VehicleOperation)),
                    reception: fen(get(K::Reception)),
                };
                if let Some(vt) = get(K::VehicleTotal) {
                    let parts_blank =
                        get(K::VehiclePurchase).is_none() && get(K::VehicleOperation).is_none();
                    if parts_blank && !vt.fen.is_zero() {
                        v.vehicle_operation = vt.fen;
                        self.note(ConversionKind::Assumption,
                            format!(
                                "{name}：公务用车购置及运行费 {} 没有分列购置费和运行费，记为运行维护费",
                                self.show(vt.fen)
                            ),
                            Some(&r.prov),
                        );
                    } else if vt.fen != tp_vehicles(&v) {
                        self.note(ConversionKind::Disagreement,
                            format!(
                                "{name}：公务用车小计 {} 不等于购置费加运行费 {}；采用购置费和运行费",
                                self.show(vt.fen),
                                self.show(tp_vehicles(&v))
                            ),
                            Some(&r.prov),
                        );
                    }
                }
                if let Some(total) = get(K::Total) {
                    if total.fen != tp_total(&v) {
                        self.note(
                            ConversionKind::Disagreement,
                            format!(
                                "{name}：“三公”经费合计 {} 不等于各项之和 {}；采用各项",
                                self.show(total.fen),
                                self.show(tp_total(&v))
                            ),
                            Some(&r.prov),
                        );
                    }
                }
                if is_prior {
                    prior = Some(v);
                } else {
                    tp = v;
                }
            }
        }
        // The narrative against the table.
        let d = self.d;
        for (key, value, label) in [
            (FactKey::Overseas, tp.overseas, "因公出国（境）费"),
            (
                FactKey::VehiclePurchase,
                tp.vehicle_purchase,
                "公务用车购置费",
            ),
            (
                FactKey::VehicleOperation,
                tp.vehicle_operation,
                "公务用车运行维护费",
            ),
            (FactKey::Reception, tp.reception, "公务接待费"),
            (FactKey::ThreePublicTotal, tp_total(&tp), "“三公”经费"),
        ] {
            if let Some(f) = d.fact(&key) {
                if let Some(a) = f.amount {
                    if a.fen != value {
                        self.note(
                            ConversionKind::Disagreement,
                            format!(
                                "叙述中{label}为 {}，{name}为 {}；采用表",
                                self.show(a.fen),
                                self.show(value)
                            ),
                            Some(&f.prov),
                        );
                    }
                }
            }
        }
        (tp, prior)
    }

    fn three_public_from_narrative(&mut self) -> ThreePublic {
        let d = self.d;
        let get = |k: FactKey| d.fact(&k).and_then(|f| f.amount).map(|a| a.fen);
        let mut tp = ThreePublic {
            overseas: get(FactKey::Overseas).unwrap_or(Fen::ZERO),
            vehicle_purchase: get(FactKey::VehiclePurchase).unwrap_or(Fen::ZERO),
            vehicle_operation: get(FactKey::VehicleOperation).unwrap_or(Fen::ZERO),
            reception: get(FactKey::Reception).unwrap_or(Fen::ZERO),
        };
        let any = [
            FactKey::Overseas,
            FactKey::VehiclePurchase,
            FactKey::VehicleOperation,
            FactKey::VehicleTotal,
            FactKey::Reception,
            FactKey::ThreePublicTotal,
        ]
        .into_iter()
        .any(|k| get(k).is_some());
        if !any {
            return tp;
        }
        self.note(
            ConversionKind::Assumption,
            "没有“三公”经费表，“三公”经费取自叙述",
            None,
        );
        if let Some(vt) = get(FactKey::VehicleTotal) {
            match (
                get(FactKey::VehiclePurchase),
                get(FactKey::VehicleOperation),
            ) {
                (None, None) => {
                    tp.vehicle_operation = vt;
                    if !vt.is_zero() {
                        self.note(
                            ConversionKind::Assumption,
                            format!(
                                "叙述中公务用车购置及运行费 {} 没有分列，记为运行维护费",
                                self.show(vt)
                            ),
                            None,
                        );
                    }
                }
                (Some(p), None) => tp.vehicle_operation = ssub(vt, p),
                (None, Some(o)) => tp.vehicle_purchase = ssub(vt, o),
                (Some(_), Some(_)) => {}
            }
        }
        if let Some(total) = get(FactKey::ThreePublicTotal) {
            if total != tp_total(&tp) {
                self.note(
                    ConversionKind::Disagreement,
                    format!(
                        "叙述中“三公”经费合计 {} 与各项之和 {} 不一致；采用各项",
                        self.show(total),
                        self.show(tp_total(&tp))
                    ),
                    d.fact(&FactKey::ThreePublicTotal).map(|f| &f.prov),
                );
            }
        }
        tp
    }
}

/// [`ThreePublic::vehicles`], saturating.
fn tp_vehicles(t: &ThreePublic) -> Fen {
    sadd(t.vehicle_purchase, t.vehicle_operation)
}

/// [`ThreePublic::total`], saturating.
fn tp_total(t: &ThreePublic) -> Fen {
    ssum([t.overseas, tp_vehicles(t), t.reception])
}
