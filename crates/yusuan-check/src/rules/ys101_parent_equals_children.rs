use super::util::report_identities;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::identity::IdentityKind;

declare_rule! {
    /// 上级科目等于下级科目之和（类 = Σ款，款 = Σ项；经济分类 类 = Σ款）。
    ///
    /// ## 检查什么
    /// In every table with classification codes, each row whose code has child rows in the same
    /// table (a 款 under its 类, a 项 under its 款) must equal the sum of those children, in
    /// every amount column.
    ///
    /// ## 为什么
    /// Parents are typed in by hand or exported from another system; a parent that does not
    /// foot means a child was added, removed or changed without the parent, and the reader
    /// cannot tell which figure is right.
    ///
    /// ## 示例
    /// Fails: `212 城乡社区支出 1,248.18` with children `21201 873.40` and `21205 384.77`
    /// (sum 1,258.17). Passes: children `873.40` and `374.77`, sum 1,248.17 — a difference of
    /// 0.01 万元 within the rounding of the three values is reported only as 取舍差异 (info).
    pub ParentEqualsChildren, "YS101", "parent-equals-children", Arithmetic, Error
}

impl Rule for ParentEqualsChildren {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        report_identities(cx, &Self::INFO, &[IdentityKind::ParentChildren], out, |w| {
            (
                format!(
                    "{}「{}」{}不等于下级科目之和",
                    w.table.display_name(),
                    w.row,
                    w.column.label
                ),
                format!(
                    "{}: {} ({}) is not the sum of its children",
                    w.table.display_name(),
                    w.row,
                    w.column.key.label()
                ),
            )
        });
    }
}
