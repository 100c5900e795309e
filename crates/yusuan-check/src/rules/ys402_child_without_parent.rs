use crate::arith::row_name;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{Code, Row, Side};

declare_rule! {
    /// 款、项科目的上级科目在表中列出（表中列出了该级科目时）。
    ///
    /// ## 检查什么
    /// In a table that lists rows at a level (类 or 款), every row one level below must have
    /// its parent listed too: a 项 `2010301` needs its 款 `20103`, a 款 `20103` needs its 类
    /// `201`. A table that lists no rows at all at the parent level (a table of 项 only) is
    /// not checked. Two-sided tables are checked side by side.
    ///
    /// ## 为什么
    /// When the parent row is missing, the child's amount is not included in any 类 or 款
    /// subtotal, so the subtotals and the total no longer cover every row — usually a row lost
    /// at a page break or a code typed wrong.
    ///
    /// ## 示例
    /// Fails: `201 一般公共服务支出`, then `2010301 行政运行` with no `20103` row while the
    /// table lists other 款 such as `20101`. Passes: `201`, `20103`, `2010301`.
    pub ChildWithoutParent, "YS402", "child-without-parent", Codes, Error
}

impl Rule for ChildWithoutParent {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for t in &cx.doc.tables {
            let scheme = t.code_scheme();
            for side in [Side::Single, Side::Income, Side::Expenditure] {
                let rows: Vec<&Row> = t.coded_rows().filter(|r| r.side == side).collect();
                let codes: Vec<&Code> = rows.iter().filter_map(|r| r.code.as_ref()).collect();
                let lists_level = |digits: usize| codes.iter().any(|c| c.as_str().len() == digits);
                // Missing parent → the children that name it, in order.
                let mut missing: Vec<(Code, Vec<&Row>)> = Vec::new();
                for r in &rows {
                    let Some(code) = &r.code else { continue };
                    if code.level(scheme).is_none() {
                        continue; // a malformed code is YS401's
                    }
                    let Some(parent) = code.parent() else {
                        continue;
                    };
                    if !lists_level(parent.as_str().len()) || codes.contains(&&parent) {
                        continue;
                    }
                    match missing.iter_mut().find(|(p, _)| *p == parent) {
                        Some((_, kids)) => kids.push(r),
                        None => missing.push((parent, vec![r])),
                    }
                }
                for (parent, kids) in missing {
                    let level = parent.level(scheme).map(|l| l.label()).unwrap_or("上级");
                    let Some((first, rest)) = kids.split_first() else {
                        continue;
                    };
                    let names: Vec<String> = kids.iter().map(|r| row_name(r)).collect();
                    let zh = format!(
                        "{}「{}」的上级{}科目 {} 未列出（表中列出了其他{}级科目）",
                        t.display_name(),
                        names.join("」「"),
                        level,
                        parent,
                        level
                    );
                    let en = format!(
                        "{}: parent {} of {} is not listed, although the table lists other rows at that level",
                        t.display_name(),
                        parent,
                        names.join(", ")
                    );
                    out.push(
                        Finding::new(Self::INFO.code, Self::INFO.severity, zh, en)
                            .at(&first.prov)
                            .at_all(rest.iter().map(|r| &r.prov)),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, lines, run, table};
    use yusuan_model::{Region, TableKind};

    #[test]
    fn item_without_its_section_fails() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::GeneralBudgetExpenditure, 10)
                .coded("201", "一般公共服务支出", &["12.00"])
                .coded("20101", "人大事务", &["2.00"])
                .coded("2010199", "其他人大事务支出", &["2.00"])
                .coded("2010301", "行政运行", &["6.00"])
                .coded("2010302", "一般行政管理事务", &["4.00"])
                .build(),
        );
        let f = run(&ChildWithoutParent, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![14]);
        assert_eq!(f[0].locations.len(), 2);
        assert!(f[0].message.contains("20103"), "{}", f[0].message);
    }

    #[test]
    fn complete_hierarchy_and_item_only_tables_pass() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::GeneralBudgetExpenditure, 10)
                .coded("201", "一般公共服务支出", &["6.00"])
                .coded("20103", "政府办公厅（室）及相关机构事务", &["6.00"])
                .coded("2010301", "行政运行", &["6.00"])
                .build(),
        );
        // A table of 项 only lists no 款: nothing to compare with.
        d.tables.push(
            table(TableKind::DepartmentExpenditure, 20)
                .coded("2010301", "行政运行", &["6.00"])
                .build(),
        );
        assert!(run(&ChildWithoutParent, &d, Region::Chongqing).is_empty());
    }
}
