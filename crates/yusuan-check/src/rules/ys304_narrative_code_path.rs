use crate::arith::{compare, Operand};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::catalog::normalize_name;
use yusuan_model::{FactKey, TableKind};

declare_rule! {
    /// 情况说明引用的科目路径（类/款/项）与科目目录和表格一致。
    ///
    /// ## 检查什么
    /// When the narrative names an expenditure by its classification path
    /// (`“卫生健康支出（类）计划生育事务（款）计划生育服务（项）”科目 20.00 万元`), the path must be
    /// one the document's tables print or the catalogue knows (each name under the one before).
    /// A path that does not resolve to exactly one line is reported, with the table row of the
    /// same amount whose name appears in the path; its amount is compared with nothing (YS301
    /// compares only subjects resolved with certainty).
    ///
    /// ## 为什么
    /// The path tells the reader which line of the tables the sentence is about; a wrong 类,
    /// 款 or 项 name sends the reader to the wrong line or to none.
    ///
    /// ## 示例
    /// Fails: `“卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”科目20.00万元` (210 has no 款
    /// named 卫生健康支出; the table's 20.00 is `2100717 计划生育服务` under `21007 计划生育事务`).
    /// Passes: `“卫生健康支出（类）计划生育事务（款）计划生育服务（项）”科目20.00万元`.
    pub NarrativeCodePath, "YS304", "narrative-code-path", Narrative, Warning
}

impl Rule for NarrativeCodePath {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for fact in &cx.doc.narrative.facts {
            let FactKey::ExpenditureByName { name } = &fact.key else {
                continue;
            };
            if !name.contains('（') && !name.contains('(') {
                continue;
            }
            let parts: Vec<String> = name
                .split(['）', ')'])
                .filter_map(|p| p.split(['（', '(']).next())
                .map(normalize_name)
                .filter(|p| !p.is_empty())
                .collect();
            // A table row with the same amount whose name is one of the path's names.
            let mut hint = None;
            if let Some(a) = &fact.amount {
                let stated = Operand::from_amount(a, &fact.prov);
                'tables: for t in &cx.doc.tables {
                    if !matches!(
                        t.kind,
                        TableKind::DepartmentExpenditure
                            | TableKind::GeneralBudgetExpenditure
                            | TableKind::DepartmentIncome
                    ) {
                        continue;
                    }
                    for r in t.coded_rows().collect::<Vec<_>>().into_iter().rev() {
                        let Some(c) = r.cell(yusuan_model::ColumnKey::Total) else {
                            continue;
                        };
                        let op = Operand::from_cell(c);
                        let same = compare(
                            &Self::INFO,
                            &stated,
                            op.fen,
                            std::slice::from_ref(&op),
                            ("", ""),
                        )
                        .is_none();
                        if same && parts.contains(&normalize_name(&r.label)) {
                            hint = Some((r.code.clone(), r.label.clone(), c.prov.clone()));
                            break 'tables;
                        }
                    }
                }
            }
            let (zh, en) = match &hint {
                Some((Some(code), label, _)) => (
                    format!("说明中的科目路径「{name}」与科目目录不符；表中金额相同的是 {code} {label}"),
                    format!("the classification path \"{name}\" is not in the catalogue; the table line with the same amount is {code} {label}"),
                ),
                _ => (
                    format!("说明中的科目路径「{name}」与科目目录不符，无法对应到表中的科目，未与表格核对"),
                    format!("the classification path \"{name}\" is not in the catalogue and matches no table line; its amount is not compared"),
                ),
            };
            let mut f = Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&fact.prov);
            if let Some((_, _, p)) = &hint {
                f = f.at(p);
            }
            out.push(f);
        }
    }
}
