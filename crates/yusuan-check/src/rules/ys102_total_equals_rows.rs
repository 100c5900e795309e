use super::util::report_identities;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::identity::IdentityKind;

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
        report_identities(cx, &Self::INFO, &[IdentityKind::TotalOfRows], out, |w| {
            (
                format!(
                    "{}「{}」{}不等于各类科目之和",
                    w.table.display_name(),
                    w.row,
                    w.column.label
                ),
                format!(
                    "{}: {} ({}) is not the sum of the top-level rows",
                    w.table.display_name(),
                    w.row,
                    w.column.key.label()
                ),
            )
        });
    }
}
