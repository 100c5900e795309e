use super::util::report_identities;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::identity::IdentityKind;

declare_rule! {
    /// 每行 基本支出合计 = 人员经费 + 日常公用经费。
    ///
    /// ## 检查什么
    /// In the basic-expenditure table by economic classification, every row's total equals
    /// 人员经费 plus 日常公用经费 (公用经费).
    ///
    /// ## 为什么
    /// Basic expenditure is exactly personnel plus operating costs; 机关运行经费 and the 三公
    /// figures are read from these columns.
    ///
    /// ## 示例
    /// Fails: `合计 1,330.33 | 1,047.13 | 293.20`. Passes: `1,330.33 | 1,047.13 | 283.20`.
    pub PersonnelPlusOperating, "YS104", "total-equals-personnel-plus-operating", Arithmetic, Error
}

impl Rule for PersonnelPlusOperating {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        report_identities(cx, &Self::INFO, &[IdentityKind::BasicOfParts], out, |w| {
            (
                format!(
                    "{}「{}」{}不等于人员经费与公用经费之和",
                    w.table.display_name(),
                    w.row,
                    w.column.label
                ),
                format!(
                    "{}: {} ({}) is not personnel + operating",
                    w.table.display_name(),
                    w.row,
                    w.column.key.label()
                ),
            )
        });
    }
}
