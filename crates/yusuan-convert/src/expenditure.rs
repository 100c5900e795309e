//! 支出 by 功能分类: each fiscal budget from its own table, the other sources from 部门支出总表
//! split by source with 部门收入总表.

use crate::conv::*;
use crate::ConversionKind;
use std::collections::{BTreeMap, BTreeSet};
use yusuan_model::budget::{ExpenditureLine, IncomeLine};
use yusuan_model::code::{Code, Scheme};
use yusuan_model::disclosure::{ColumnKey, FundSource, Table, TableKind};
use yusuan_model::money::Fen;
use yusuan_model::provenance::Provenance;

/// Income of one code in 部门收入总表 not yet matched with expenditure.
struct Pool {
    code: Code,
    amounts: BTreeMap<FundSource, Fen>,
}

/// Expenditure of one code in 部门支出总表 not covered by the fiscal tables.
struct Residual {
    code: Code,
    name: String,
    basic: Fen,
    project: Fen,
    prov: Provenance,
}

impl<'a> Conv<'a> {
    pub(crate) fn expenditure(&mut self, income: &[IncomeLine]) -> Vec<ExpenditureLine> {
        let income_of =
            |s: FundSource| ssum(income.iter().filter(|l| l.source == s).map(|l| l.amount));
        let mut lines: Vec<ExpenditureLine> = Vec::new();
        let mut derived = BTreeSet::new();
        for (kind, source) in [
            (
                TableKind::GeneralBudgetExpenditure,
                FundSource::GeneralBudget,
            ),
            (TableKind::GovFundExpenditure, FundSource::GovFund),
            (TableKind::StateCapitalExpenditure, FundSource::StateCapital),
        ] {
            let Some(t) = self.table(kind) else { continue };
            if t.has_no_data() && !income_of(source).is_zero() {
                self.note(
                    ConversionKind::Assumption,
                    format!(
                        "{}没有数据，但{}收入为 {}；其支出改由部门支出总表推出",
                        t.display_name(),
                        source.label(),
                        self.show(income_of(source))
                    ),
                    Some(&t.prov),
                );
                continue;
            }
            derived.insert(source);
            let from_table = self.fiscal_table_lines(t, source);
            lines.extend(from_table);
        }
        let mut remaining: BTreeMap<FundSource, Fen> = FundSource::ALL
            .into_iter()
            .filter(|s| !derived.contains(s))
            .map(|s| (s, income_of(s)))
            .collect();
        match self.table(TableKind::DepartmentExpenditure) {
            Some(t) => {
                let others = self.other_sources(t, &lines, &derived, &mut remaining);
                lines.extend(others);
                for (s, r) in &remaining {
                    if r.0 > 0 {
                        self.note(
                            ConversionKind::Missing,
                            format!(
                                "{}收入中有 {} 在{}中找不到对应的支出科目",
                                s.label(),
                                self.show(*r),
                                t.display_name()
                            ),
                            Some(&t.prov),
                        );
                    }
                }
            }
            None => {
                for (s, r) in &remaining {
                    if r.0 > 0 {
                        self.note(
                            ConversionKind::Missing,
                            format!(
                                "没有部门支出总表，{}收入 {} 的支出科目无法得出",
                                s.label(),
                                self.show(*r)
                            ),
                            None,
                        );
                    }
                }
            }
        }
        // One line per (code, source), sorted by code then source.
        let mut merged: BTreeMap<(Code, FundSource), ExpenditureLine> = BTreeMap::new();
        for l in lines {
            let key = (l.code.clone(), l.source);
            match merged.get_mut(&key) {
                Some(m) => {
                    m.basic = sadd(m.basic, l.basic);
                    m.project = sadd(m.project, l.project);
                    let msg = format!(
                        "科目 {} 的{}支出由两处得出，已合并",
                        l.code,
                        l.source.label()
                    );
                    self.note(ConversionKind::Assumption, msg, l.prov.as_ref());
                }
                None => {
                    merged.insert(key, l);
                }
            }
        }
        merged.into_values().collect()
    }

    /// Lines of one fiscal budget from its own table, at the deepest level printed.
    fn fiscal_table_lines(&mut self, t: &'a Table, source: FundSource) -> Vec<ExpenditureLine> {
        let name = t.display_name();
        let rows = self.coded(t, Scheme::Function);
        let leaves = leaves(&rows);
        let split = self.has_col(t, ColumnKey::Basic) || self.has_col(t, ColumnKey::Project);
        if split {
            self.check_sums(t, &rows, &leaves, &[ColumnKey::Basic, ColumnKey::Project]);
        } else {
            self.check_sums(t, &rows, &leaves, &[ColumnKey::Total, ColumnKey::Amount]);
            if !leaves.is_empty() {
                self.note(
                    ConversionKind::Assumption,
                    format!("{name}：没有基本支出/项目支出列，全部记为基本支出"),
                    Some(&t.prov),
                );
            }
        }
        let mut rounding = 0usize;
        let mut lines = Vec::new();
        for &i in &leaves {
            let Some((code, row)) = rows.get(i) else {
                continue;
            };
            let total = self.row_total(t, row);
            let (basic, project) = if split {
                (
                    self.fen(t, row, ColumnKey::Basic),
                    self.fen(t, row, ColumnKey::Project),
                )
            } else {
                (total.map(|a| a.fen).unwrap_or(Fen::ZERO), Fen::ZERO)
            };
            if let (true, Some(tot)) = (split, total) {
                let diff = ssub(tot.fen, sadd(basic, project));
                let tol = tot.rounding_bound()
                    + self.bound(t, row, ColumnKey::Basic)
                    + self.bound(t, row, ColumnKey::Project);
                if diff.0.saturating_abs() > tol {
                    self.note(ConversionKind::Disagreement,
                        format!(
                            "{name}：科目 {code} 的总计 {} 不等于基本支出 {} 加项目支出 {}；采用基本支出和项目支出",
                            self.show(tot.fen),
                            self.show(basic),
                            self.show(project)
                        ),
                        Some(&row.prov),
                    );
                } else if !diff.is_zero() {
                    rounding += 1;
                }
            }
            lines.push(ExpenditureLine {
                code: code.clone(),
                name: row.label.trim().to_string(),
                source,
                basic,
                project,
                prov: Some(row.prov.clone()),
            });
        }
        if rounding > 0 {
            self.note(ConversionKind::Disagreement,
                format!("{name}：有 {rounding} 行总计与基本支出加项目支出相差在舍入误差以内；采用基本支出和项目支出"),
                Some(&t.prov),
            );
        }
        lines
    }

    /// Lines of the sources without their own table: 部门支出总表 minus the fiscal lines, split by
    /// source with 部门收入总表.
    fn other_sources(
        &mut self,
        t: &'a Table,
        fiscal: &[ExpenditureLine],
        derived: &BTreeSet<FundSource>,
        remaining: &mut BTreeMap<FundSource, Fen>,
    ) -> Vec<ExpenditureLine> {
        let name = t.display_name();
        let rows = self.coded(t, Scheme::Function);
        let leaf_idx = leaves(&rows);
        let split = self.has_col(t, ColumnKey::Basic) || self.has_col(t, ColumnKey::Project);
        if split {
            self.check_sums(t, &rows, &leaf_idx, &[ColumnKey::Basic, ColumnKey::Project]);
        } else {
            self.check_sums(t, &rows, &leaf_idx, &[ColumnKey::Total, ColumnKey::Amount]);
        }
        let mut res: Vec<Residual> = Vec::new();
        for &i in &leaf_idx {
            let Some((code, row)) = rows.get(i) else {
                continue;
            };
            let (basic, project) = if split {
                (
                    self.fen(t, row, ColumnKey::Basic),
                    self.fen(t, row, ColumnKey::Project),
                )
            } else {
                (
                    self.row_total(t, row).map(|a| a.fen).unwrap_or(Fen::ZERO),
                    Fen::ZERO,
                )
            };
            res.push(Residual {
                code: code.clone(),
                name: row.label.trim().to_string(),
                basic,
                project,
                prov: row.prov.clone(),
            });
        }
        if !split && res.iter().any(|r| !r.basic.is_zero()) {
            self.note(
                ConversionKind::Assumption,
                format!("{name}：没有基本支出/项目支出列，其余来源的支出全部记为基本支出"),
                Some(&t.prov),
            );
        }
        // Subtract what the fiscal tables already give.
        let mut used = vec![false; fiscal.len()];
        for r in res.iter_mut() {
            for (k, f) in fiscal.iter().enumerate() {
                if r.code.contains(&f.code) {
                    r.basic = ssub(r.basic, f.basic);
                    r.project = ssub(r.project, f.project);
                    if let Some(u) = used.get_mut(k) {
                        *u = true;
                    }
                }
            }
        }
        for (k, f) in fiscal.iter().enumerate() {
            if used.get(k).copied().unwrap_or(true) {
                continue;
            }
            let under: Vec<usize> = res
                .iter()
                .enumerate()
                .filter(|(_, r)| f.code.contains(&r.code))
                .map(|(i, _)| i)
                .collect();
            if under.is_empty() {
                if !line_total(f).is_zero() {
                    self.note(
                        ConversionKind::Disagreement,
                        format!(
                            "{name}中没有科目 {} {}（{}支出 {}）",
                            f.code,
                            f.name,
                            f.source.label(),
                            self.show(line_total(f))
                        ),
                        f.prov.as_ref(),
                    );
                }
                continue;
            }
            self.note(
                ConversionKind::Assumption,
                format!(
                    "{name}把科目 {} 分得比{}支出表更细；从其下级科目中按编码顺序扣除",
                    f.code,
                    f.source.label()
                ),
                f.prov.as_ref(),
            );
            let (mut rb, mut rp) = (f.basic, f.project);
            for &i in &under {
                if let Some(r) = res.get_mut(i) {
                    let tb = rb.min(r.basic.max(Fen::ZERO));
                    r.basic = ssub(r.basic, tb);
                    rb = ssub(rb, tb);
                    let tp = rp.min(r.project.max(Fen::ZERO));
                    r.project = ssub(r.project, tp);
                    rp = ssub(rp, tp);
                }
            }
            if let Some(r) = under.first().and_then(|&i| res.get_mut(i)) {
                r.basic = ssub(r.basic, rb);
                r.project = ssub(r.project, rp);
            }
        }
        for r in res.iter_mut() {
            if r.basic.0 < 0 || r.project.0 < 0 {
                let (b, p) = (r.basic, r.project);
                if b.0 < 0 {
                    r.project = sadd(r.project, b).max(Fen::ZERO);
                    r.basic = Fen::ZERO;
                }
                if p.0 < 0 {
                    r.basic = sadd(r.basic, p).max(Fen::ZERO);
                    r.project = Fen::ZERO;
                }
                let msg = format!(
                    "{name}：科目 {} 的支出小于财政拨款支出表（基本支出差 {}，项目支出差 {}）；财政拨款以其支出表为准，其余来源记为基本支出 {}、项目支出 {}",
                    r.code,
                    self.show(b),
                    self.show(p),
                    self.show(r.basic),
                    self.show(r.project)
                );
                let prov = r.prov.clone();
                self.note(ConversionKind::Disagreement, msg, Some(&prov));
            }
        }
        if res.iter().all(|r| r.basic.is_zero() && r.project.is_zero()) {
            return Vec::new();
        }
        // Split what is left by source.
        let pools = self.income_pools(fiscal, derived, remaining);
        let has_pools = pools.is_some();
        let mut pools = pools.unwrap_or_default();
        if !has_pools {
            self.note(ConversionKind::Assumption,
                format!(
                    "没有部门收入总表，{name}中财政拨款支出表以外的支出按收入来源顺序分配（先基本支出）"
                ),
                Some(&t.prov),
            );
        }
        let mut out = Vec::new();
        for r in res {
            if r.basic.is_zero() && r.project.is_zero() {
                continue;
            }
            let related: Vec<usize> = pools
                .iter()
                .enumerate()
                .filter(|(_, p)| p.code.contains(&r.code) || r.code.contains(&p.code))
                .map(|(i, _)| i)
                .collect();
            let mut alloc: BTreeMap<FundSource, (Fen, Fen)> = BTreeMap::new();
            let mut need = [r.basic, r.project];
            for (part, n) in need.iter_mut().enumerate() {
                for s in FundSource::ALL {
                    if derived.contains(&s) || n.0 <= 0 {
                        continue;
                    }
                    let got = take(&mut pools, &related, s, *n);
                    if got.0 > 0 {
                        *n = ssub(*n, got);
                        add_alloc(&mut alloc, s, part, got);
                        if let Some(rem) = remaining.get_mut(&s) {
                            *rem = ssub(*rem, got);
                        }
                    }
                }
            }
            if need.iter().any(|n| n.0 > 0) {
                // Not enough in 部门收入总表 for this code: use the income not yet placed.
                let before = need;
                for (part, n) in need.iter_mut().enumerate() {
                    for s in FundSource::ALL {
                        if derived.contains(&s) || n.0 <= 0 {
                            continue;
                        }
                        let avail = remaining.get(&s).copied().unwrap_or(Fen::ZERO);
                        let got = avail.min(*n);
                        if got.0 > 0 {
                            *n = ssub(*n, got);
                            add_alloc(&mut alloc, s, part, got);
                            if let Some(rem) = remaining.get_mut(&s) {
                                *rem = ssub(*rem, got);
                            }
                        }
                    }
                }
                let fallback = alloc.keys().next().copied().unwrap_or_else(|| {
                    if derived.contains(&FundSource::GeneralBudget) {
                        FundSource::OtherRevenue
                    } else {
                        FundSource::GeneralBudget
                    }
                });
                for (part, n) in need.iter_mut().enumerate() {
                    if n.0 > 0 {
                        add_alloc(&mut alloc, fallback, part, *n);
                        *n = Fen::ZERO;
                    }
                }
                if has_pools {
                    let sources: Vec<&str> = alloc.keys().map(|s| s.label()).collect();
                    let msg = format!(
                        "{name}：科目 {} 有 {} 不在财政拨款支出表中，部门收入总表中该科目的收入不足以说明其来源；按尚未对应的收入记为{}",
                        r.code,
                        self.show(sadd(before[0], before[1])),
                        sources.join("、")
                    );
                    self.note(ConversionKind::Assumption, msg, Some(&r.prov));
                }
            }
            if alloc.len() > 1 && r.basic.0 > 0 && r.project.0 > 0 {
                let parts: Vec<String> = alloc
                    .iter()
                    .map(|(s, (b, p))| {
                        format!(
                            "{}（基本 {}，项目 {}）",
                            s.label(),
                            self.show(*b),
                            self.show(*p)
                        )
                    })
                    .collect();
                let msg = format!(
                    "{name}：科目 {} 的基本支出和项目支出没有按来源分列；按来源顺序先分基本支出：{}",
                    r.code,
                    parts.join("、")
                );
                self.note(ConversionKind::Assumption, msg, Some(&r.prov));
            }
            for (s, (b, p)) in alloc {
                out.push(ExpenditureLine {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    source: s,
                    basic: b,
                    project: p,
                    prov: Some(r.prov.clone()),
                });
            }
        }
        out
    }

    /// The income of each code of 部门收入总表 (deepest rows) by the sources without their own
    /// expenditure table.
    fn income_pools(
        &mut self,
        fiscal: &[ExpenditureLine],
        derived: &BTreeSet<FundSource>,
        remaining: &BTreeMap<FundSource, Fen>,
    ) -> Option<Vec<Pool>> {
        let t = self.table(TableKind::DepartmentIncome)?;
        let rows = self.coded(t, Scheme::Function);
        let leaf_idx = leaves(&rows);
        let fiscal_cols = FundSource::ALL
            .iter()
            .any(|s| s.is_fiscal() && self.has_col(t, s.column()));
        let lump_col = self.has_col(t, ColumnKey::Fiscal) && !fiscal_cols;
        let lump_target = FundSource::ALL
            .into_iter()
            .filter(|s| s.is_fiscal() && !derived.contains(s))
            .find(|s| remaining.get(s).is_some_and(|r| r.0 > 0))
            .or_else(|| {
                FundSource::ALL
                    .into_iter()
                    .find(|s| s.is_fiscal() && !derived.contains(s))
            });
        let mut pools = Vec::new();
        for &i in &leaf_idx {
            let Some((code, row)) = rows.get(i) else {
                continue;
            };
            let mut amounts = BTreeMap::new();
            for s in FundSource::ALL {
                if derived.contains(&s) {
                    continue;
                }
                let v = self.fen(t, row, s.column());
                if v.0 > 0 {
                    amounts.insert(s, v);
                }
            }
            if lump_col {
                let covered = ssum(
                    fiscal
                        .iter()
                        .filter(|f| code.contains(&f.code))
                        .map(line_total),
                );
                let lump = ssub(self.fen(t, row, ColumnKey::Fiscal), covered);
                if lump.0 > 0 {
                    match lump_target {
                        Some(s) => {
                            let e = amounts.entry(s).or_insert(Fen::ZERO);
                            *e = sadd(*e, lump);
                        }
                        None => self.note(
                            ConversionKind::Disagreement,
                            format!(
                                "{}：科目 {code} 的财政拨款收入比财政拨款支出表多 {}",
                                t.display_name(),
                                self.show(lump)
                            ),
                            Some(&row.prov),
                        ),
                    }
                }
            }
            pools.push(Pool {
                code: code.clone(),
                amounts,
            });
        }
        Some(pools)
    }
}

/// Take up to `need` of source `s` from the related pools, in order.
fn take(pools: &mut [Pool], related: &[usize], s: FundSource, need: Fen) -> Fen {
    let mut got = Fen::ZERO;
    for &i in related {
        let Some(p) = pools.get_mut(i) else { continue };
        let Some(avail) = p.amounts.get_mut(&s) else {
            continue;
        };
        let t = (*avail).min(ssub(need, got));
        if t.0 > 0 {
            *avail = ssub(*avail, t);
            got = sadd(got, t);
        }
        if got >= need {
            break;
        }
    }
    got
}

fn add_alloc(alloc: &mut BTreeMap<FundSource, (Fen, Fen)>, s: FundSource, part: usize, v: Fen) {
    let e = alloc.entry(s).or_insert((Fen::ZERO, Fen::ZERO));
    if part == 0 {
        e.0 = sadd(e.0, v);
    } else {
        e.1 = sadd(e.1, v);
    }
}
