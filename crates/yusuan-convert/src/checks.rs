//! The last cross-checks of the derived budget: income against expenditure, against the
//! printed totals and the overall performance table.

use crate::conv::*;
use crate::ConversionKind;
use yusuan_model::budget::Budget;
use yusuan_model::disclosure::{PerformanceKind, RowKind, Side, TableKind};

impl<'a> Conv<'a> {
    pub(crate) fn final_checks(&mut self, b: &Budget) {
        let d = self.d;
        let income = ssum(b.income.iter().map(|l| l.amount));
        let spend = ssum(b.expenditure.iter().map(line_total));
        if !b.income.is_empty() && !b.expenditure.is_empty() && income != spend {
            self.note(
                ConversionKind::Disagreement,
                format!(
                    "得出的收入合计 {} 与支出合计 {} 不相等（差 {}）",
                    self.show(income),
                    self.show(spend),
                    self.show(ssub(income, spend))
                ),
                None,
            );
        }
        if let Some(t) = d.table(TableKind::DepartmentExpenditure) {
            let total = t
                .rows
                .iter()
                .find(|r| r.kind == RowKind::Total && r.side != Side::Income);
            if let Some(a) = total.and_then(|r| self.row_total(t, r)) {
                if a.fen != spend {
                    self.note(
                        ConversionKind::Disagreement,
                        format!(
                            "{}合计为 {}，本预算各支出科目之和为 {}",
                            t.display_name(),
                            self.show(a.fen),
                            self.show(spend)
                        ),
                        total.map(|r| &r.prov),
                    );
                }
            }
        }
        for p in d
            .performance
            .iter()
            .filter(|p| p.kind == PerformanceKind::Overall)
            .take(1)
        {
            if let Some(budget) = &p.budget {
                if budget.amount.fen != spend && !b.expenditure.is_empty() {
                    self.note(
                        ConversionKind::Disagreement,
                        format!(
                            "整体绩效目标表的部门支出预算数 {} 与本预算支出合计 {} 不一致",
                            self.show(budget.amount.fen),
                            self.show(spend)
                        ),
                        Some(&budget.prov),
                    );
                }
            }
        }
    }
}
