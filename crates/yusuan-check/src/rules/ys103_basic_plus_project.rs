use crate::arith::{check_sum, operand, row_name};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::ColumnKey;

declare_rule! {
    /// 每行 总计 = 基本支出 + 项目支出。
    ///
    /// ## 检查什么
    /// In every row of a table with 总计/合计, 基本支出 and 项目支出 columns, the total equals
    /// basic plus project expenditure.
    ///
    /// ## 为什么
    /// Expenditure is either basic (keeping the unit running) or project; a row whose parts do
    /// not add up misstates one of them.
    ///
    /// ## 示例
    /// Fails: `2120104 城管执法 688.50 | 40.20 | 658.30`. Passes: `688.50 | 40.20 | 648.30`.
    pub BasicPlusProject, "YS103", "total-equals-basic-plus-project", Arithmetic, Error
}

impl Rule for BasicPlusProject {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for t in &cx.doc.tables {
            for r in &t.rows {
                let (Some(total), Some(b), Some(p)) = (
                    operand(r, ColumnKey::Total),
                    operand(r, ColumnKey::Basic),
                    operand(r, ColumnKey::Project),
                ) else {
                    continue;
                };
                let zh = format!(
                    "{}「{}」总计不等于基本支出与项目支出之和",
                    t.display_name(),
                    row_name(r)
                );
                let en = format!(
                    "{}: {} total is not basic + project",
                    t.display_name(),
                    row_name(r)
                );
                out.extend(check_sum(&Self::INFO, &total, &[b, p], (&zh, &en)));
            }
        }
    }
}
