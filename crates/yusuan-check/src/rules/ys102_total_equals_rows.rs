use super::util::{amount_columns, column_operands};
use crate::arith::{check_sum, operand};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::RowKind;

declare_rule! {
    /// 合计行等于各类（最高一级科目）之和。
    ///
    /// ## 检查什么
    /// In a table with classification codes, the 合计/总计 row equals the sum of the rows at the
    /// top level of the hierarchy (the 类 rows), in every amount column.
    ///
    /// ## 为什么
    /// The total is the figure readers quote. If it does not equal the rows, either a row is
    /// missing from the published table or the total was typed in separately.
    ///
    /// ## 示例
    /// Fails: `合计 3,634.33` while the 类 rows add up to 3,644.33. Passes: the 类 rows add up
    /// to 3,634.33.
    pub TotalEqualsRows, "YS102", "total-equals-rows", Arithmetic, Error
}

impl Rule for TotalEqualsRows {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for t in &cx.doc.tables {
            for total in t.rows.iter().filter(|r| r.kind == RowKind::Total) {
                let coded: Vec<_> = t.coded_rows().filter(|r| r.side == total.side).collect();
                let Some(min_len) = coded
                    .iter()
                    .filter_map(|r| r.code.as_ref())
                    .map(|c| c.as_str().len())
                    .min()
                else {
                    continue;
                };
                let top: Vec<_> = coded
                    .into_iter()
                    .filter(|r| r.code.as_ref().is_some_and(|c| c.as_str().len() == min_len))
                    .collect();
                for key in amount_columns(t, total.side) {
                    let Some(actual) = operand(total, key) else {
                        continue;
                    };
                    let parts = column_operands(top.iter().copied(), key);
                    let label = t
                        .columns
                        .iter()
                        .find(|c| c.key == key)
                        .map(|c| c.label.as_str())
                        .unwrap_or("");
                    let zh = format!(
                        "{}「{}」{}不等于各类科目之和",
                        t.display_name(),
                        total.label,
                        label
                    );
                    let en = format!(
                        "{}: {} ({}) is not the sum of the top-level rows",
                        t.display_name(),
                        total.label,
                        key.label()
                    );
                    out.extend(check_sum(&Self::INFO, &actual, &parts, (&zh, &en)));
                }
            }
        }
    }
}
