use super::util::report_identities;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::identity::IdentityKind;

declare_rule! {
    /// 每行 合计 = 各资金来源之和。
    ///
    /// ## 检查什么
    /// In tables split by fund source (部门收入总表, the expenditure side of 财政拨款收支总表,
    /// 政府采购预算明细表 …), every row's total equals the sum of its source columns
    /// (一般公共预算, 政府性基金, 国有资本经营, 财政专户, 事业收入, 上级补助, 附属单位上缴,
    /// 事业单位经营, 其他). A 财政拨款 column stands for the three fiscal budgets together.
    ///
    /// ## 为什么
    /// Where money comes from is the first thing a reader of a budget asks; a total that does
    /// not equal its sources hides or double counts a source.
    ///
    /// ## 示例
    /// Fails: `223 国有资本经营预算支出 总计 2.47 | 一般公共预算 2.47 | 国有资本经营 2.47`.
    /// Passes: `2.47 | | 2.47`.
    pub TotalEqualsSources, "YS105", "total-equals-sources", Arithmetic, Error
}

impl Rule for TotalEqualsSources {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        report_identities(cx, &Self::INFO, &[IdentityKind::TotalOfSources], out, |w| {
            (
                format!(
                    "{}「{}」合计不等于各资金来源之和",
                    w.table.display_name(),
                    w.row
                ),
                format!(
                    "{}: {} total is not the sum of its fund sources",
                    w.table.display_name(),
                    w.row
                ),
            )
        });
    }
}
