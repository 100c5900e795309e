//! 政府采购: goods, works and services from the procurement table, else the narrative; the
//! amounts reserved for small enterprises from the narrative.

use crate::conv::*;
use yusuan_model::budget::Procurement;
use yusuan_model::disclosure::{FactKey, FundSource, Row, RowKind, TableKind};
use yusuan_model::money::Fen;

impl<'a> Conv<'a> {
    pub(crate) fn procurement(&mut self) -> Procurement {
        let d = self.d;
        let mut p = Procurement::default();
        let mut found = [false; 3];
        if let Some(t) = self.table(TableKind::Procurement) {
            let name = t.display_name();
            let mut sum = Fen::ZERO;
            for r in &t.rows {
                if r.kind == RowKind::Total {
                    continue;
                }
                let Some(cat) = procurement_category(r) else {
                    continue;
                };
                let amount = self.row_total(t, r).map(|a| a.fen).unwrap_or_else(|| {
                    ssum(FundSource::ALL.iter().map(|s| self.fen(t, r, s.column())))
                });
                if found[cat] {
                    self.note(
                        format!("{name}：「{}」类出现多次，只采用第一行", r.label.trim()),
                        Some(&r.prov),
                    );
                    continue;
                }
                found[cat] = true;
                sum = sadd(sum, amount);
                match cat {
                    0 => p.goods = amount,
                    1 => p.works = amount,
                    _ => p.services = amount,
                }
            }
            if let Some(total) = t.rows.iter().find(|r| r.kind == RowKind::Total) {
                if let Some(a) = self.row_total(t, total) {
                    if a.fen != sum {
                        let msg = if found.iter().any(|f| *f) {
                            format!(
                                "{name}：合计 {} 不等于货物、工程、服务之和 {}；采用分类数",
                                self.show(a.fen),
                                self.show(sum)
                            )
                        } else {
                            format!(
                                "{name}：合计 {} 没有按货物、工程、服务分列，未能记入分类",
                                self.show(a.fen)
                            )
                        };
                        self.note(msg, Some(&total.prov));
                    }
                }
            }
        }
        let table_has = found.iter().any(|f| *f);
        let facts = [
            FactKey::ProcurementGoods,
            FactKey::ProcurementWorks,
            FactKey::ProcurementServices,
        ];
        for (i, key) in facts.iter().enumerate() {
            let Some(f) = d.fact(key) else { continue };
            let Some(a) = f.amount else { continue };
            let slot = match i {
                0 => &mut p.goods,
                1 => &mut p.works,
                _ => &mut p.services,
            };
            if table_has {
                if *slot != a.fen {
                    let (v, label) = (*slot, ["货物", "工程", "服务"][i]);
                    self.note(
                        format!(
                            "叙述中政府采购{label}预算为 {}，政府采购表为 {}；采用表",
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

/// 0 goods, 1 works, 2 services, from a procurement row's label (`C 服务`, `货物`, `A`).
fn procurement_category(r: &Row) -> Option<usize> {
    let l = squash(&r.label);
    let stripped = l
        .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四、.．（）()ABCabc".contains(c))
        .trim_end_matches('类');
    let by_word = |w: &str| {
        if w.contains("货物") {
            Some(0)
        } else if w.contains("工程") {
            Some(1)
        } else if w.contains("服务") {
            Some(2)
        } else {
            None
        }
    };
    if stripped.chars().count() <= 8 {
        if let Some(c) = by_word(stripped) {
            return Some(c);
        }
    }
    match l.as_str() {
        "A" | "a" => Some(0),
        "B" | "b" => Some(1),
        "C" | "c" => Some(2),
        _ => None,
    }
}

/// [`Procurement::total`], saturating.
fn proc_total(p: &Procurement) -> Fen {
    ssum([p.goods, p.works, p.services])
}
