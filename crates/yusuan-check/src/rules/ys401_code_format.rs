use crate::arith::row_name;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{Scheme, TableKind};

declare_rule! {
    /// 科目编码符合其分类的格式（功能分类 2 开头、类/款/项 3/5/7 位；经济分类 3 开头、类/款 3/5 位）。
    ///
    /// ## 检查什么
    /// Every coded row's code must exist as a level of its classification: 支出功能分类 codes
    /// have 3 (类), 5 (款) or 7 (项) digits and start with 2; 部门预算支出经济分类 codes — the
    /// rows of the 基本支出 table by economic classification — have 3 (类) or 5 (款) digits
    /// (there is no 7-digit 项) and start with 3.
    ///
    /// ## 为什么
    /// A code of the wrong shape is a typing or export error: an economic code in a function
    /// table, a 项 code in the economic table, a digit lost or doubled. Such a row cannot be
    /// placed under its parent, so the totals that include it cannot be verified.
    ///
    /// ## 示例
    /// Fails: `3010101 基本工资` in 表三 (经济分类 has no 项), or `30101 基本工资` in 表二
    /// (a function table). Passes: `30101 基本工资` in 表三, `2010301 行政运行` in 表二.
    pub CodeFormat, "YS401", "code-format", Codes, Error
}

/// The classification a table's codes belong to.
pub(crate) fn scheme_of(kind: TableKind) -> Scheme {
    match kind {
        TableKind::GeneralBudgetBasicEconomic => Scheme::Economic,
        _ => Scheme::Function,
    }
}

fn first_digit(s: Scheme) -> char {
    match s {
        Scheme::Function => '2',
        Scheme::Economic => '3',
    }
}

impl Rule for CodeFormat {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for t in &cx.doc.tables {
            let scheme = scheme_of(t.kind);
            for r in t.coded_rows() {
                let Some(code) = &r.code else { continue };
                let digits = code.as_str().len();
                if code.level(scheme).is_none() {
                    let zh = format!(
                        "{}「{}」：{}没有 {} 位的科目编码（应为 {}）",
                        t.display_name(),
                        row_name(r),
                        scheme.label(),
                        digits,
                        if scheme == Scheme::Economic {
                            "类 3 位、款 5 位"
                        } else {
                            "类 3 位、款 5 位、项 7 位"
                        }
                    );
                    let en = format!(
                        "{}: {} — the {} classification has no {}-digit codes",
                        t.display_name(),
                        row_name(r),
                        if scheme == Scheme::Economic {
                            "economic"
                        } else {
                            "function"
                        },
                        digits
                    );
                    out.push(
                        Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&r.prov),
                    );
                    continue;
                }
                let want = first_digit(scheme);
                if !code.as_str().starts_with(want) {
                    let zh = format!(
                        "{}「{}」：{}科目编码应以 {} 开头，此编码不属于本表的分类",
                        t.display_name(),
                        row_name(r),
                        scheme.label(),
                        want
                    );
                    let en = format!(
                        "{}: {} — {} classification codes start with {}; this code belongs to another classification",
                        t.display_name(),
                        row_name(r),
                        if scheme == Scheme::Economic { "economic" } else { "function" },
                        want
                    );
                    out.push(
                        Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&r.prov),
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
    use yusuan_model::Region;

    #[test]
    fn economic_item_and_wrong_first_digit_fail() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::GeneralBudgetBasicEconomic, 10)
                .coded("301", "工资福利支出", &["10.00"])
                .coded("3010101", "基本工资", &["10.00"])
                .build(),
        );
        d.tables.push(
            table(TableKind::GeneralBudgetExpenditure, 20)
                .coded("30101", "基本工资", &["1.00"])
                .build(),
        );
        let f = run(&CodeFormat, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![12, 21]);
        assert!(
            f[0].message.contains("经济分类没有 7 位"),
            "{}",
            f[0].message
        );
        assert!(f[1].message.contains("应以 2 开头"), "{}", f[1].message);
    }

    #[test]
    fn well_formed_codes_pass() {
        let mut d = doc();
        d.tables.push(
            table(TableKind::GeneralBudgetBasicEconomic, 10)
                .coded("301", "工资福利支出", &["10.00"])
                .coded("30101", "基本工资", &["10.00"])
                .build(),
        );
        d.tables.push(
            table(TableKind::DepartmentExpenditure, 20)
                .coded("201", "一般公共服务支出", &["1.00"])
                .coded("20103", "政府办公厅（室）及相关机构事务", &["1.00"])
                .coded("2010301", "行政运行", &["1.00"])
                .build(),
        );
        assert!(run(&CodeFormat, &d, Region::Chongqing).is_empty());
    }
}
