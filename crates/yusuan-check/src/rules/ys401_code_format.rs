use crate::arith::row_name;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::Scheme;

declare_rule! {
    /// 科目编码符合其分类的格式（功能分类 2 开头、类/款/项 3/5/7 位；经济分类 3 开头、类/款 3/5 位）。
    ///
    /// ## 检查什么
    /// Every coded row's code must exist as a level of its classification: 支出功能分类 codes
    /// have 3 (类), 5 (款) or 7 (项) digits and start with 2; 部门预算支出经济分类 codes have
    /// 3 (类) or 5 (款) digits (there is no 7-digit 项) and start with 3. A table's
    /// classification is told by the codes most of its rows carry, not by its title: an
    /// economic table (基本支出 by 经济分类, 机关运行经费 …) is legitimate whatever it is called.
    ///
    /// ## 为什么
    /// A code of the wrong shape is a typing or export error: an economic code in a function
    /// table, a 项 code in the economic table, a digit lost or doubled. Such a row cannot be
    /// placed under its parent, so the totals that include it cannot be verified.
    ///
    /// ## 示例
    /// Fails: `3010101 基本工资` in 表三 (经济分类 has no 项), `30101 基本工资` among the
    /// 功能分类 rows of 表二, or `7 11 02 事业单位医疗` (类 210 misprinted). Passes: `30101
    /// 基本工资` in 表三, `2010301 行政运行` in 表二, `30201 办公费` in a 机关运行经费 table.
    pub CodeFormat, "YS401", "code-format", Codes, Error
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
            let scheme = t.code_scheme();
            let coded = t.coded_rows().count();
            let strays = t
                .coded_rows()
                .filter_map(|r| r.code.as_ref())
                .filter(|c| !c.as_str().starts_with(first_digit(scheme)))
                .count();
            for r in &t.rows {
                let Some(printed) = &r.malformed_code else {
                    continue;
                };
                let zh = format!(
                    "{}「{} {}」：科目编码格式错误，不是任何分类的编码（类 3 位，款、项各 2 位）",
                    t.display_name(),
                    printed,
                    r.label
                );
                let en = format!(
                    "{}: \"{} {}\" is no code of any classification (类 3 digits, 款 and 项 2 each)",
                    t.display_name(),
                    printed,
                    r.label
                );
                out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&r.prov));
            }
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
                // A code of the other classification is a stray only where the table's codes
                // are otherwise of one kind; many of both mean two tables (the reader says so).
                if !code.as_str().starts_with(want) && strays <= 1.max(coded / 10) {
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
    use yusuan_model::{Region, TableKind};

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
                .coded("201", "一般公共服务支出", &["1.00"])
                .coded("20101", "人大事务", &["1.00"])
                .coded("30101", "基本工资", &["1.00"])
                .build(),
        );
        let f = run(&CodeFormat, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![12, 23]);
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

    #[test]
    fn economic_codes_are_legitimate_whatever_the_title() {
        // 江苏's 一般公共预算机关运行经费支出预算表 lists 经济分类 codes.
        let mut d = doc();
        d.tables.push(
            table(TableKind::GeneralBudgetExpenditure, 10)
                .coded("302", "商品和服务支出", &["3.00"])
                .coded("30201", "办公费", &["1.00"])
                .coded("30205", "水费", &["2.00"])
                .build(),
        );
        assert!(run(&CodeFormat, &d, Region::National).is_empty());
    }
}
