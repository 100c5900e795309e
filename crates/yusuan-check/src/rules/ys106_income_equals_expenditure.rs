use crate::arith::{compare, Operand};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{ColumnKey, Row, RowKind, Side};

declare_rule! {
    /// 收支平衡：收入合计 = 支出合计。
    ///
    /// ## 检查什么
    /// In every two-sided table (部门收支总表, 财政拨款收支总表), the income total equals the
    /// expenditure total.
    ///
    /// ## 为什么
    /// A budget balances by definition (收支平衡): every 元 received is planned to be spent or
    /// carried forward. Unequal totals mean one side is incomplete.
    ///
    /// ## 示例
    /// Fails: `收入合计 3,636.80 | 支出合计 3,634.33`. Passes: both 3,636.80.
    pub IncomeEqualsExpenditure, "YS106", "income-equals-expenditure", Arithmetic, Error
}

/// The total of a side: its first amount in the 合计/预算数 column.
fn side_total(row: &Row) -> Option<Operand> {
    [ColumnKey::Total, ColumnKey::Amount]
        .into_iter()
        .find_map(|k| row.cell(k))
        .or_else(|| row.cells.first())
        .map(Operand::from_cell)
}

impl Rule for IncomeEqualsExpenditure {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for t in &cx.doc.tables {
            let find = |side| {
                t.rows
                    .iter()
                    .rev()
                    .find(|r| r.side == side && r.kind == RowKind::Total)
            };
            let (Some(inc), Some(exp)) = (find(Side::Income), find(Side::Expenditure)) else {
                continue;
            };
            let (Some(i), Some(e)) = (side_total(inc), side_total(exp)) else {
                continue;
            };
            if !i.present && !e.present {
                continue;
            }
            let zh = format!("{}收入合计与支出合计不相等（收支不平衡）", t.display_name());
            let en = format!(
                "{}: income total differs from expenditure total",
                t.display_name()
            );
            out.extend(compare(
                &Self::INFO,
                &e,
                i.fen,
                std::slice::from_ref(&i),
                (&zh, &en),
            ));
        }
    }
}
