use super::util::report_identities;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::identity::IdentityKind;

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
        report_identities(cx, &Self::INFO, &[IdentityKind::TotalOfParts], out, |w| {
            (
                format!(
                    "{}「{}」{}不等于{}之和",
                    w.table.display_name(),
                    w.row,
                    w.column.label,
                    w.part_columns
                ),
                format!(
                    "{}: {} ({}) is not the sum of {}",
                    w.table.display_name(),
                    w.row,
                    w.column.key.label(),
                    w.part_columns
                ),
            )
        });
    }
}
