use super::util::{amount_columns, column_operands};
use crate::arith::{check_sum, operand, row_name};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};

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
        for t in &cx.doc.tables {
            for parent in t.coded_rows() {
                let Some(code) = &parent.code else { continue };
                let children: Vec<_> = t
                    .rows
                    .iter()
                    .filter(|r| {
                        r.side == parent.side
                            && r.code.as_ref().and_then(|c| c.parent()).as_ref() == Some(code)
                    })
                    .collect();
                if children.is_empty() {
                    continue;
                }
                for key in amount_columns(t, parent.side) {
                    let Some(actual) = operand(parent, key) else {
                        continue;
                    };
                    let parts = column_operands(children.iter().copied(), key);
                    let label = t
                        .columns
                        .iter()
                        .find(|c| c.key == key)
                        .map(|c| c.label.as_str())
                        .unwrap_or("");
                    let zh = format!(
                        "{}「{}」{}不等于下级科目之和",
                        t.display_name(),
                        row_name(parent),
                        label
                    );
                    let en = format!(
                        "{}: {} ({}) is not the sum of its children",
                        t.display_name(),
                        row_name(parent),
                        key.label()
                    );
                    out.extend(check_sum(&Self::INFO, &actual, &parts, (&zh, &en)));
                }
            }
        }
    }
}
