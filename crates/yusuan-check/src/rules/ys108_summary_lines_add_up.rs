use super::util::report_identities;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::identity::IdentityKind;

declare_rule! {
    /// 收支总表中，合计 = 各项（一、二、…）之和，各项 = 其下明细之和。
    ///
    /// ## 检查什么
    /// In tables whose rows are labelled lines rather than codes (the income and expenditure
    /// sides of 部门收支总表 and 财政拨款收支总表), the total equals the sum of the numbered
    /// items (`一、本年收入`, `二、上年结转`, or `一、一般公共服务支出` …), and a numbered item
    /// with lines under it (`一般公共预算资金`, `1. 一般公共预算资金`) equals their sum.
    ///
    /// ## 为什么
    /// These summary tables are what most readers look at; a line that does not add up there
    /// contradicts the detailed tables behind it.
    ///
    /// ## 示例
    /// Fails: `一、本年收入 3,636.80` over `一般公共预算资金 3,634.33` and
    /// `国有资本经营预算资金 2.74`. Passes: `… 2.47`.
    pub SummaryLinesAddUp, "YS108", "summary-lines-add-up", Arithmetic, Error
}

impl Rule for SummaryLinesAddUp {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        report_identities(cx, &Self::INFO, &[IdentityKind::SummaryLines], out, |w| {
            (
                format!("{}「{}」不等于其下各项之和", w.table.display_name(), w.row),
                format!(
                    "{}: {} is not the sum of the items under it",
                    w.table.display_name(),
                    w.row
                ),
            )
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbered_items() {
        assert!(yusuan_model::identity::is_numbered_item("一、本年收入"));
        assert!(yusuan_model::identity::is_numbered_item(
            "十二、住房保障支出"
        ));
        assert!(!yusuan_model::identity::is_numbered_item(
            "一般公共预算资金"
        ));
        assert!(!yusuan_model::identity::is_numbered_item(
            "1. 一般公共预算资金"
        ));
    }
}
