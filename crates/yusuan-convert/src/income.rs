//! 收入: income by source, from the income side of the summary tables or the 合计 row of
//! 部门收入总表; from the narrative when there is no table.

use crate::conv::*;
use crate::ConversionKind;
use std::collections::BTreeMap;
use yusuan_model::budget::IncomeLine;
use yusuan_model::disclosure::{
    Cell, ColumnKey, FactKey, FundSource, Funding, Row, RowKind, Side, Table, TableKind,
};
use yusuan_model::money::Fen;
use yusuan_model::provenance::Provenance;

/// Income by source as one table states it.
#[derive(Default)]
struct IncomeView {
    table: String,
    current: BTreeMap<FundSource, (Fen, Provenance)>,
    carried: BTreeMap<FundSource, (Fen, Provenance)>,
    /// 财政拨款 not split into the three budgets (部门收入总表 with one 财政拨款 column).
    fiscal_lump: Option<(Fen, Provenance)>,
    /// 上年结转 not split by source (a 上年结转 column).
    carried_lump: Option<(Fen, Provenance)>,
}

impl<'a> Conv<'a> {
    pub(crate) fn income(&mut self) -> Vec<IncomeLine> {
        let mut views = Vec::new();
        if let Some(t) = self.table(TableKind::DepartmentSummary) {
            if let Some(v) = self.summary_view(t, false) {
                views.push(v);
            }
        }
        if let Some(t) = self.table(TableKind::FiscalSummary) {
            if let Some(v) = self.summary_view(t, true) {
                views.push(v);
            }
        }
        if let Some(t) = self.table(TableKind::DepartmentIncome) {
            if let Some(v) = self.income_table_view(t) {
                views.push(v);
            }
        }
        let mut lines = Vec::new();
        for carried in [false, true] {
            for s in FundSource::ALL {
                let mut chosen: Option<(String, Fen, Provenance)> = None;
                for v in &views {
                    let map = if carried { &v.carried } else { &v.current };
                    let Some((fen, prov)) = map.get(&s) else {
                        continue;
                    };
                    match &chosen {
                        None => chosen = Some((v.table.clone(), *fen, prov.clone())),
                        Some((table, c, _)) if c != fen => {
                            let msg = format!(
                                "{}{}：{}为 {}，{}为 {}；采用{}",
                                s.label(),
                                if carried { "上年结转" } else { "收入" },
                                v.table,
                                self.show(*fen),
                                table,
                                self.show(*c),
                                table
                            );
                            let prov = prov.clone();
                            self.note(ConversionKind::Disagreement, msg, Some(&prov));
                        }
                        Some(_) => {}
                    }
                }
                if let Some((_, fen, prov)) = chosen {
                    if !fen.is_zero() {
                        lines.push(IncomeLine {
                            source: s,
                            amount: fen,
                            carried_forward: carried,
                            prov: Some(prov),
                        });
                    }
                }
            }
        }
        // Lumps (财政拨款, 上年结转 without a source) against what the other tables split.
        for v in &views {
            for (lump, carried) in [(&v.fiscal_lump, false), (&v.carried_lump, true)] {
                let Some((fen, prov)) = lump else { continue };
                let parts = ssum(
                    lines
                        .iter()
                        .filter(|l| {
                            l.carried_forward == carried && (carried || l.source.is_fiscal())
                        })
                        .map(|l| l.amount),
                );
                let what = if carried {
                    "上年结转"
                } else {
                    "财政拨款收入"
                };
                let split_elsewhere = views.iter().any(|o| {
                    let map = if carried { &o.carried } else { &o.current };
                    map.keys().any(|s| carried || s.is_fiscal())
                });
                if !split_elsewhere {
                    if !fen.is_zero() {
                        lines.push(IncomeLine {
                            source: FundSource::GeneralBudget,
                            amount: *fen,
                            carried_forward: carried,
                            prov: Some(prov.clone()),
                        });
                        let msg = format!(
                            "{}：{what} {} 没有分来源，记为一般公共预算",
                            v.table,
                            self.show(*fen)
                        );
                        self.note(ConversionKind::Assumption, msg, Some(prov));
                    }
                } else if parts != *fen {
                    let msg = format!(
                        "{}：{what}为 {}，与其他表分列之和 {} 不一致；采用分列数",
                        v.table,
                        self.show(*fen),
                        self.show(parts)
                    );
                    self.note(ConversionKind::Disagreement, msg, Some(prov));
                }
            }
        }
        lines.sort_by_key(|l| (l.carried_forward, l.source));
        if views.is_empty() {
            lines = self.income_from_narrative();
        }
        lines
    }

    fn income_from_narrative(&mut self) -> Vec<IncomeLine> {
        let d = self.d;
        let mut lines = Vec::new();
        for s in FundSource::ALL {
            if let Some(f) = d.fact(&FactKey::IncomeBySource { source: s }) {
                if let Some(a) = f.amount {
                    if !a.fen.is_zero() {
                        lines.push(IncomeLine {
                            source: s,
                            amount: a.fen,
                            carried_forward: false,
                            prov: Some(f.prov.clone()),
                        });
                    }
                }
            }
        }
        if lines.is_empty() {
            if let Some(f) = d.fact(&FactKey::IncomeTotal) {
                if f.amount.is_some_and(|a| !a.fen.is_zero()) {
                    self.note(
                        ConversionKind::Missing,
                        "没有收入表，叙述只给出收入总额而没有分来源，收入未能记入",
                        Some(&f.prov),
                    );
                }
            }
        } else {
            self.note(
                ConversionKind::Assumption,
                "没有收支总表或收入总表，收入按叙述中的分来源数记入",
                None,
            );
        }
        lines
    }

    /// The amount cell of an income-side row.
    fn income_cell<'r>(&self, t: &Table, r: &'r Row) -> Option<&'r Cell> {
        let income_side = |c: &Cell| {
            t.columns
                .get(c.col)
                .is_none_or(|col| col.side != Side::Expenditure)
        };
        r.cells
            .iter()
            .find(|c| {
                matches!(c.column, ColumnKey::Amount | ColumnKey::Total)
                    && income_side(c)
                    && self.this_year(t, c.col)
            })
            .or_else(|| {
                r.cells
                    .iter()
                    .find(|c| income_side(c) && self.this_year(t, c.col) && c.amount.is_some())
            })
    }

    /// Income by source from the income side of 部门收支总表 / 财政拨款收支总表.
    fn summary_view(&mut self, t: &'a Table, fiscal_only: bool) -> Option<IncomeView> {
        let name = t.display_name();
        let rows: Vec<&Row> = t.rows.iter().filter(|r| r.side == Side::Income).collect();
        if rows.is_empty() {
            if !t.has_no_data() {
                self.note(
                    ConversionKind::LeftOut,
                    format!("{name}：没有读出收入方，收入未取自此表"),
                    Some(&t.prov),
                );
            }
            return None;
        }
        let mut v = IncomeView {
            table: name.clone(),
            ..IncomeView::default()
        };
        // 财政拨款 not split into the three budgets: this year's and carried forward.
        let mut fiscal_lump: Option<(Fen, Provenance)> = None;
        let mut fiscal_lump_carried: Option<(Fen, Provenance)> = None;
        let mut carried_lump: Option<(Fen, Provenance)> = None;
        for r in rows {
            // The importer typed each line from its label (`Row::funding`).
            let carried = r.carried_forward;
            // 本年收入: the heading (or sum) of the lines below it.
            let this_year = r.funding == Some(Funding::All) && !carried;
            if r.kind == RowKind::Total || this_year {
                continue;
            }
            let cell = self.income_cell(t, r);
            let fen = cell
                .and_then(|c| c.amount)
                .map(|a| a.fen)
                .unwrap_or(Fen::ZERO);
            let prov = cell
                .map(|c| c.prov.clone())
                .unwrap_or_else(|| r.prov.clone());
            match r.funding {
                Some(Funding::Source(s)) => {
                    if fiscal_only && !s.is_fiscal() {
                        continue;
                    }
                    let map = if carried {
                        &mut v.carried
                    } else {
                        &mut v.current
                    };
                    match map.get_mut(&s) {
                        Some((f, _)) => *f = sadd(*f, fen),
                        None => {
                            map.insert(s, (fen, prov));
                        }
                    }
                }
                Some(Funding::Fiscal) => {
                    let slot = if carried {
                        &mut fiscal_lump_carried
                    } else {
                        &mut fiscal_lump
                    };
                    if slot.is_none() {
                        *slot = Some((fen, prov));
                    }
                }
                // 上年结转 without a source.
                Some(Funding::All) => {
                    if !fen.is_zero() {
                        carried_lump = Some((fen, prov));
                    }
                }
                None => {
                    if !fen.is_zero() {
                        self.note(
                            ConversionKind::LeftOut,
                            format!(
                                "{name}：收入行「{}」({}) 不是已知的收入来源，未记入",
                                r.label.trim(),
                                self.show(fen)
                            ),
                            Some(&prov),
                        );
                    }
                }
            }
        }
        for (carried, lump) in [(false, fiscal_lump), (true, fiscal_lump_carried)] {
            let Some((fen, prov)) = lump else { continue };
            let map = if carried {
                &mut v.carried
            } else {
                &mut v.current
            };
            let parts = ssum(
                map.iter()
                    .filter(|(s, _)| s.is_fiscal())
                    .map(|(_, (f, _))| *f),
            );
            let listed = map.keys().any(|s| s.is_fiscal());
            if !listed && !fen.is_zero() {
                map.insert(FundSource::GeneralBudget, (fen, prov.clone()));
                self.note(ConversionKind::Assumption,
                    format!(
                        "{name}：财政拨款收入 {} 没有分列一般公共预算、政府性基金和国有资本经营，全部记为一般公共预算",
                        self.show(fen)
                    ),
                    Some(&prov),
                );
            } else if listed && parts != fen {
                self.note(
                    ConversionKind::Disagreement,
                    format!(
                        "{name}：财政拨款收入 {} 与其分项之和 {} 不一致；采用分项",
                        self.show(fen),
                        self.show(parts)
                    ),
                    Some(&prov),
                );
            }
        }
        if let Some((fen, prov)) = carried_lump {
            let parts = ssum(v.carried.values().map(|(f, _)| *f));
            if v.carried.values().all(|(f, _)| f.is_zero()) {
                v.carried
                    .insert(FundSource::GeneralBudget, (fen, prov.clone()));
                self.note(
                    ConversionKind::Assumption,
                    format!(
                        "{name}：上年结转 {} 没有分来源，记为一般公共预算",
                        self.show(fen)
                    ),
                    Some(&prov),
                );
            } else if parts != fen {
                self.note(
                    ConversionKind::Disagreement,
                    format!(
                        "{name}：上年结转 {} 与其分项之和 {} 不一致；采用分项",
                        self.show(fen),
                        self.show(parts)
                    ),
                    Some(&prov),
                );
            }
        }
        // The stated income total against the lines.
        if let Some(total) = t
            .rows
            .iter()
            .find(|r| r.side == Side::Income && r.kind == RowKind::Total)
        {
            if let Some(a) = self.income_cell(t, total).and_then(|c| c.amount) {
                let sum = ssum(
                    v.current
                        .values()
                        .chain(v.carried.values())
                        .map(|(f, _)| *f),
                );
                if sum != a.fen && !fiscal_only {
                    self.note(
                        ConversionKind::Disagreement,
                        format!(
                            "{name}：收入合计 {} 与各收入行之和 {} 不一致；采用各收入行",
                            self.show(a.fen),
                            self.show(sum)
                        ),
                        Some(&total.prov),
                    );
                }
            }
        }
        Some(v)
    }

    /// Income by source from the 合计 row of 部门收入总表.
    fn income_table_view(&mut self, t: &'a Table) -> Option<IncomeView> {
        let name = t.display_name();
        let Some(total) = t
            .rows
            .iter()
            .find(|r| r.kind == RowKind::Total && r.side != Side::Expenditure)
        else {
            if !t.has_no_data() {
                self.note(
                    ConversionKind::LeftOut,
                    format!("{name}：没有合计行，收入未取自此表"),
                    Some(&t.prov),
                );
            }
            return None;
        };
        let mut v = IncomeView {
            table: name.clone(),
            ..IncomeView::default()
        };
        for s in FundSource::ALL {
            if self.has_col(t, s.column()) {
                let fen = self.fen(t, total, s.column());
                v.current
                    .insert(s, (fen, self.cell_prov(t, total, s.column())));
            }
        }
        let fiscal_cols = FundSource::ALL
            .iter()
            .any(|s| s.is_fiscal() && self.has_col(t, s.column()));
        if self.has_col(t, ColumnKey::Fiscal) && !fiscal_cols {
            let fen = self.fen(t, total, ColumnKey::Fiscal);
            v.fiscal_lump = Some((fen, self.cell_prov(t, total, ColumnKey::Fiscal)));
        }
        if self.has_col(t, ColumnKey::CarriedForward) {
            let fen = self.fen(t, total, ColumnKey::CarriedForward);
            v.carried_lump = Some((fen, self.cell_prov(t, total, ColumnKey::CarriedForward)));
        }
        Some(v)
    }
}
