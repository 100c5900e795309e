use super::util::agree;
use crate::quantity::Quantity;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use std::collections::BTreeSet;
use yusuan_model::{Code, TableKind};

declare_rule! {
    /// 同一科目在各表中的金额一致。
    ///
    /// ## 检查什么
    /// A 功能分类 code printed in several tables has the same amount in each: its total in
    /// 部门收入总表 and 部门支出总表 (all sources) and in the 类 lines of 部门收支总表; its
    /// general-budget amount in 一般公共预算支出表, in the 一般公共预算 column of
    /// 部门收入总表 and in the 类 lines of 财政拨款收支总表.
    ///
    /// ## 为什么
    /// The tables are views of one set of line items; a row that differs between two of them
    /// shows that one table was edited by hand after export.
    ///
    /// ## 示例
    /// Fails: `2120104 城管执法` 688.50 in 表二 but 686.50 in 表七. Passes: 688.50 in both.
    pub RowsAgree, "YS202", "rows-agree-across-tables", CrossTable, Error
}

impl Rule for RowsAgree {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let mut codes: BTreeSet<Code> = BTreeSet::new();
        for t in &cx.doc.tables {
            if matches!(
                t.kind,
                TableKind::DepartmentIncome
                    | TableKind::DepartmentExpenditure
                    | TableKind::GeneralBudgetExpenditure
            ) {
                codes.extend(t.coded_rows().filter_map(|r| r.code.clone()));
            }
        }
        for c in codes {
            for q in [Quantity::Code(c.clone()), Quantity::GeneralCode(c.clone())] {
                out.extend(agree(&Self::INFO, &q, &cx.find(&q)));
            }
        }
    }
}
