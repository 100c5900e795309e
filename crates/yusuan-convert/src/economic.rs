//! 经济分类: general-budget basic expenditure by economic class (人员经费 / 日常公用经费).

use crate::conv::*;
use crate::ConversionKind;
use yusuan_model::budget::{EconomicLine, ExpenditureLine};
use yusuan_model::code::Scheme;
use yusuan_model::disclosure::{ColumnKey, FundSource, TableKind};
use yusuan_model::money::Fen;

impl<'a> Conv<'a> {
    pub(crate) fn economic(&mut self, expenditure: &[ExpenditureLine]) -> Vec<EconomicLine> {
        let Some(t) = self.table(TableKind::GeneralBudgetBasicEconomic) else {
            let basic = ssum(
                expenditure
                    .iter()
                    .filter(|l| l.source == FundSource::GeneralBudget)
                    .map(|l| l.basic),
            );
            if basic.0 > 0 {
                self.note(
                    ConversionKind::Missing,
                    format!(
                        "没有一般公共预算基本支出经济分类表，基本支出 {} 的经济分类无法得出",
                        self.show(basic)
                    ),
                    None,
                );
            }
            return Vec::new();
        };
        let name = t.display_name();
        let rows = self.coded(t, Scheme::Economic);
        let leaf_idx = leaves(&rows);
        let split = self.has_col(t, ColumnKey::Personnel) || self.has_col(t, ColumnKey::Operating);
        if split {
            self.check_sums(
                t,
                &rows,
                &leaf_idx,
                &[ColumnKey::Personnel, ColumnKey::Operating],
            );
        } else {
            self.check_sums(t, &rows, &leaf_idx, &[ColumnKey::Total, ColumnKey::Amount]);
            if !leaf_idx.is_empty() {
                self.note(ConversionKind::Assumption,
                    format!("{name}：没有人员经费/日常公用经费列；301、303 类记为人员经费，其余记为日常公用经费"),
                    Some(&t.prov),
                );
            }
        }
        let mut lines = Vec::new();
        let mut tol = 0i64;
        for &i in &leaf_idx {
            let Some((code, row)) = rows.get(i) else {
                continue;
            };
            let total = self.row_total(t, row);
            let (personnel, operating) = if split {
                (
                    self.fen(t, row, ColumnKey::Personnel),
                    self.fen(t, row, ColumnKey::Operating),
                )
            } else {
                let v = total.map(|a| a.fen).unwrap_or(Fen::ZERO);
                if matches!(code.class().as_str(), "301" | "303") {
                    (v, Fen::ZERO)
                } else {
                    (Fen::ZERO, v)
                }
            };
            tol = tol
                .saturating_add(total.map(|a| a.rounding_bound()).unwrap_or(0))
                .saturating_add(self.bound(t, row, ColumnKey::Personnel))
                .saturating_add(self.bound(t, row, ColumnKey::Operating));
            if let (true, Some(tot)) = (split, total) {
                let diff = ssub(tot.fen, sadd(personnel, operating));
                let row_tol = tot.rounding_bound()
                    + self.bound(t, row, ColumnKey::Personnel)
                    + self.bound(t, row, ColumnKey::Operating);
                if diff.0.saturating_abs() > row_tol {
                    self.note(ConversionKind::Disagreement,
                        format!(
                            "{name}：科目 {code} 的总计 {} 不等于人员经费 {} 加日常公用经费 {}；采用人员经费和日常公用经费",
                            self.show(tot.fen),
                            self.show(personnel),
                            self.show(operating)
                        ),
                        Some(&row.prov),
                    );
                }
            }
            lines.push(EconomicLine {
                code: code.clone(),
                name: row.label.trim().to_string(),
                personnel,
                operating,
                prov: Some(row.prov.clone()),
            });
        }
        // 表三 total = general-budget basic expenditure.
        let gb: Vec<&ExpenditureLine> = expenditure
            .iter()
            .filter(|l| l.source == FundSource::GeneralBudget)
            .collect();
        if !gb.is_empty() && !lines.is_empty() {
            let basic = ssum(gb.iter().map(|l| l.basic));
            let econ = ssum(lines.iter().map(|l| sadd(l.personnel, l.operating)));
            let diff = ssub(basic, econ);
            if !diff.is_zero() {
                let gb_tol = (gb.len() as i64)
                    .saturating_mul(self.display.unit.fen_per_unit() / 200)
                    .max(0);
                let within = diff.0.saturating_abs() <= tol.saturating_add(gb_tol);
                self.note(
                    ConversionKind::Disagreement,
                    format!(
                        "{name}的合计 {} 与一般公共预算基本支出 {} 相差 {}{}",
                        self.show(econ),
                        self.show(basic),
                        self.show(diff),
                        if within {
                            "（在舍入误差以内）"
                        } else {
                            ""
                        }
                    ),
                    Some(&t.prov),
                );
            }
        }
        lines.sort_by(|a, b| a.code.cmp(&b.code));
        lines
    }
}
