use super::util::report_identities;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::identity::IdentityKind;

declare_rule! {
    /// “三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费；公务用车 = 购置费 + 运行费。
    ///
    /// ## 检查什么
    /// In the 三公 table, the total equals its three parts, and the vehicle subtotal equals
    /// purchase plus operation. Where the table also shows 会议费 and 培训费 (the national
    /// template's “三公”经费、会议费、培训费支出预算表), its 合计 is the 三公 subtotal plus those
    /// two, and the 三公 subtotal is the three parts.
    ///
    /// ## 为什么
    /// The 三公 figures are the most read and most compared numbers of a disclosure; each part
    /// is quoted on its own in the narrative.
    ///
    /// ## 示例
    /// Fails: `合计 33.50 | 出国 3.00 | 公务用车 27.50 | 接待 5.00`. Passes: `33.50 | 3.00 |
    /// 27.50 | 3.00`.
    pub ThreePublicParts, "YS107", "three-public-parts", Arithmetic, Error
}

impl Rule for ThreePublicParts {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        report_identities(
            cx,
            &Self::INFO,
            &[IdentityKind::ThreePublic, IdentityKind::Vehicles],
            out,
            |w| {
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
            },
        );
    }
}
