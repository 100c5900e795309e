use super::util::agree;
use crate::quantity::Quantity;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::FundSource;

declare_rule! {
    /// 同一合计数在各表中一致（收入总计、支出总计、财政拨款、各资金来源、基本/项目支出、人员/公用经费、“三公”各项）。
    ///
    /// ## 检查什么
    /// A total that several tables print must be the same in each: the department's income
    /// and expenditure totals (部门收支总表, 部门收入总表, 部门支出总表), the 财政拨款 total and
    /// each fund source (财政拨款收支总表, 部门收支总表, 部门收入总表, and the general-budget /
    /// government-fund / state-capital expenditure tables' 合计), general-budget 基本支出 (the
    /// expenditure table's 基本支出 = the economic-classification table's 合计), 项目支出,
    /// 人员经费 and 日常公用经费.
    ///
    /// ## 为什么
    /// Readers take a figure from whichever table they open first. Two tables that disagree
    /// on the same total cannot both be right.
    ///
    /// ## 示例
    /// Fails: 表二 合计 3,634.33 but 表七 一般公共预算 合计 3,643.33. Passes: both 3,634.33.
    pub TotalsAgree, "YS201", "totals-agree-across-tables", CrossTable, Error
}

impl Rule for TotalsAgree {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let mut qs = vec![
            Quantity::IncomeTotal,
            Quantity::ExpenditureTotal,
            Quantity::FiscalTotal,
            Quantity::GeneralBasic,
            Quantity::GeneralProject,
            Quantity::Basic,
            Quantity::Project,
            Quantity::Personnel,
            Quantity::Operating,
        ];
        qs.extend(FundSource::ALL.into_iter().map(Quantity::Source));
        for q in qs {
            out.extend(agree(&Self::INFO, &q, &cx.find(&q)));
        }
    }
}
