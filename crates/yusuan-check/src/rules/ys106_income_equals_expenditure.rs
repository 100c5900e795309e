use super::util::report_identities;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::identity::IdentityKind;

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

impl Rule for IncomeEqualsExpenditure {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        report_identities(cx, &Self::INFO, &[IdentityKind::Balance], out, |w| {
            (
                format!(
                    "{}收入合计与支出合计不相等（收支不平衡）",
                    w.table.display_name()
                ),
                format!(
                    "{}: income total differs from expenditure total",
                    w.table.display_name()
                ),
            )
        });
    }
}
