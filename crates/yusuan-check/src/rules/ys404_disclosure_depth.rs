use crate::arith::row_name;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{Level, Row, Scheme, Table, TableKind};

declare_rule! {
    /// 功能分类公开到项级科目，经济分类公开到款级科目。
    ///
    /// ## 检查什么
    /// In the tables by 功能分类 (一般公共预算支出表, 部门收入总表, 部门支出总表, 政府性基金
    /// and 国有资本经营预算支出表) every amount is broken down to 项: a 类 or 款 row with a
    /// non-zero amount must have rows one level below it. In the 基本支出 table by 经济分类
    /// every 类 with a non-zero amount is broken down to 款.
    ///
    /// ## 为什么
    /// 《地方预决算公开操作规程》 requires 一般公共预算支出 to be disclosed by 功能分类 down to
    /// 项 and 基本支出 by 经济分类 down to 款. A 款 shown without its 项 hides what the money is
    /// for, and it cannot be compared with the narrative and the other tables.
    ///
    /// ## 示例
    /// Fails: `20103 政府办公厅（室）及相关机构事务 927.65` with no `20103xx` row below it.
    /// Passes: `20103 927.65` followed by `2010301 行政运行 442.61` and `2010302 一般行政管理事务
    /// 485.05`; a 款 printed blank or 0.00 needs no 项.
    pub DisclosureDepth, "YS404", "disclosure-depth", Codes, Error
}

/// The level a table's amounts must be broken down to, for the tables this rule covers: 项
/// for the 功能分类 expenditure tables, 款 for an economic table.
fn required_depth(kind: TableKind, scheme: Scheme) -> Option<Level> {
    if scheme == Scheme::Economic {
        return Some(Level::Section);
    }
    match kind {
        TableKind::GeneralBudgetExpenditure
        | TableKind::FiscalExpenditure
        | TableKind::DepartmentIncome
        | TableKind::DepartmentExpenditure
        | TableKind::GovFundExpenditure
        | TableKind::StateCapitalExpenditure => Some(Level::Item),
        _ => None,
    }
}

fn has_amount(r: &Row) -> bool {
    r.cells
        .iter()
        .any(|c| c.amount.is_some_and(|a| !a.fen.is_zero()))
}

/// Does the row have rows under it? Its child codes, or a row right below it whose code is
/// misprinted (`7 11 02` under `21011`): that row is its detail, reported as a bad code once.
fn has_children(t: &Table, r: &Row) -> bool {
    let Some(code) = &r.code else { return false };
    let below_is_misprinted = t
        .rows
        .iter()
        .position(|x| std::ptr::eq(x, r))
        .and_then(|i| t.rows.get(i + 1))
        .is_some_and(|next| next.malformed_code.is_some());
    below_is_misprinted
        || t.rows.iter().any(|x| {
            x.side == r.side && x.code.as_ref().and_then(|c| c.parent()).as_ref() == Some(code)
        })
}

impl Rule for DisclosureDepth {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for t in &cx.doc.tables {
            let scheme = t.code_scheme();
            let Some(depth) = required_depth(t.kind, scheme) else {
                continue;
            };
            for r in t.coded_rows() {
                let Some(level) = r.code.as_ref().and_then(|c| c.level(scheme)) else {
                    continue;
                };
                if level >= depth || !has_amount(r) || has_children(t, r) {
                    continue;
                }
                let (zh_cls, en_cls) = match scheme {
                    Scheme::Function => ("功能分类", "function"),
                    Scheme::Economic => ("经济分类", "economic"),
                };
                let zh = format!(
                    "{}「{}」：{}应公开到{}级科目，此{}级科目有金额但下面没有明细",
                    t.display_name(),
                    row_name(r),
                    zh_cls,
                    depth.label(),
                    level.label()
                );
                let en = format!(
                    "{}: {} — amounts by {} classification must be disclosed down to the {} level, but this {} has an amount and no rows below it",
                    t.display_name(),
                    row_name(r),
                    en_cls,
                    match depth {
                        Level::Item => "item (项)",
                        _ => "section (款)",
                    },
                    match level {
                        Level::Class => "class (类)",
                        _ => "section (款)",
                    }
                );
                out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&r.prov));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, lines, run, table};
    use yusuan_model::Region;

    #[test]
    fn section_without_items_fails() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::GeneralBudgetExpenditure, 10)
                .coded("201", "一般公共服务支出", &["930.65"])
                .coded("20103", "政府办公厅（室）及相关机构事务", &["927.65"])
                .coded("20105", "统计信息事务", &["3.00"])
                .coded("2010505", "专项统计业务", &["3.00"])
                .build(),
        );
        d.tables.push(
            table(TableKind::GeneralBudgetBasicEconomic, 20)
                .coded("301", "工资福利支出", &["913.06"])
                .build(),
        );
        let f = run(&DisclosureDepth, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![12, 21]);
        assert!(f[0].message.contains("应公开到项级"), "{}", f[0].message);
        assert!(f[1].message.contains("应公开到款级"), "{}", f[1].message);
    }

    #[test]
    fn full_depth_and_empty_sections_pass() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::DepartmentExpenditure, 10)
                .coded("208", "社会保障和就业支出", &["3.47"])
                .coded("20802", "民政管理事务", &["3.47"])
                .coded("2080299", "其他民政管理事务支出", &["3.47"])
                .coded("20808", "抚恤", &[""])
                .coded("20809", "退役安置", &["0.00"])
                .build(),
        );
        d.tables.push(
            table(TableKind::GeneralBudgetBasicEconomic, 20)
                .coded("301", "工资福利支出", &["211.81"])
                .coded("30101", "基本工资", &["211.81"])
                .build(),
        );
        // Summary tables are not broken down by code at all.
        d.tables.push(
            table(TableKind::FiscalSummary, 30)
                .line("一般公共服务支出", &["1.00"])
                .build(),
        );
        assert!(run(&DisclosureDepth, &d, Region::Chongqing).is_empty());
    }
}
