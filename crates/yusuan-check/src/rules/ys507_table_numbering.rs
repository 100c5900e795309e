use super::ys503_section_numbering::number_value;
use crate::profile::Profile;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::text::squash;
use yusuan_model::{Disclosure, Provenance};

declare_rule! {
    /// 表号与地区规定一致、按顺序排列，每张表都印有表号。
    ///
    /// ## 检查什么
    /// In a region whose tables carry printed numbers (重庆: 表一–表十二), every table is
    /// printed with the number the region gives its kind (财政拨款收支总表 is 表一, the
    /// 一般性项目绩效目标表 are all 表十二 …), and the numbers appear in order. A table printed
    /// without its number is reported with the number it should have.
    ///
    /// ## 为什么
    /// The narrative and the table of contents refer to tables by number; a missing or wrong
    /// number sends the reader to the wrong table, and it usually means the document was put
    /// together from pieces of different templates.
    ///
    /// ## 示例
    /// Fails: `2025年重点专项资金绩效目标表（一级项目）` printed between 表十 and 表十二 without
    /// `表十一`. Passes: `表十一` above the title.
    pub TableNumbering, "YS507", "table-numbering", Completeness, Warning
}

struct Printed<'a> {
    number: Option<&'a str>,
    name: String,
    prov: &'a Provenance,
    expected: Option<&'a str>,
}

/// 1 for `表一`, 12 for `表十二`, 5 for `5`.
fn value(n: &str) -> Option<u32> {
    number_value(squash(n).trim_start_matches('表'))
}

/// Every table and performance table in document order, with the number the profile gives it.
fn printed<'a>(doc: &'a Disclosure, profile: &'a Profile) -> Vec<Printed<'a>> {
    let mut v: Vec<Printed> = Vec::new();
    for t in &doc.tables {
        let expected = profile
            .tables
            .iter()
            .find(|r| r.kind == Some(t.kind))
            .and_then(|r| r.number.as_deref());
        v.push(Printed {
            number: t.number.as_deref(),
            name: t.title.clone(),
            prov: &t.prov,
            expected,
        });
    }
    for p in &doc.performance {
        let expected = profile
            .tables
            .iter()
            .find(|r| r.performance == Some(p.kind))
            .and_then(|r| r.number.as_deref());
        v.push(Printed {
            number: p.number.as_deref(),
            name: p.title.clone(),
            prov: &p.prov,
            expected,
        });
    }
    v.sort_by_key(|p| p.prov.line.unwrap_or(0));
    v
}

impl Rule for TableNumbering {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        if !cx.profile.numbered {
            return;
        }
        let mut last: Option<(u32, &Printed)> = None;
        let items = printed(cx.doc, cx.profile);
        for p in &items {
            let Some(number) = p.number else {
                if let Some(e) = p.expected {
                    let zh = format!("「{}」没有印表号（{}规定为{}）", p.name, cx.profile.name, e);
                    let en = format!(
                        "\"{}\" is printed without its table number ({} in the {} layout)",
                        p.name, e, cx.profile.name
                    );
                    out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(p.prov));
                }
                continue;
            };
            if let Some(e) = p.expected {
                if squash(number) != squash(e) {
                    let zh = format!(
                        "「{}」的表号为{}，{}规定为{}",
                        p.name, number, cx.profile.name, e
                    );
                    let en = format!(
                        "\"{}\" is numbered {}; the {} layout numbers it {}",
                        p.name, number, cx.profile.name, e
                    );
                    out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(p.prov));
                }
            }
            let Some(v) = value(number) else { continue };
            if let Some((pv, prev)) = last {
                if v < pv {
                    let zh = format!(
                        "表号顺序颠倒：{}「{}」排在{}「{}」之后",
                        number,
                        p.name,
                        prev.number.unwrap_or(""),
                        prev.name
                    );
                    let en = format!(
                        "tables out of order: {} \"{}\" comes after {} \"{}\"",
                        number,
                        p.name,
                        prev.number.unwrap_or(""),
                        prev.name
                    );
                    out.push(
                        Finding::new(Self::INFO.code, Self::INFO.severity, zh, en)
                            .at(p.prov)
                            .at(prev.prov),
                    );
                }
            }
            last = Some((v, p));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, lines, perf, run, table};
    use yusuan_model::{PerformanceKind, Region, TableKind};

    fn chongqing(key_project_number: Option<&str>) -> Disclosure {
        let mut d = doc();
        d.tables
            .push(table(TableKind::FiscalSummary, 63).number("表一").build());
        d.tables.push(
            table(TableKind::GeneralBudgetExpenditure, 90)
                .number("表二")
                .build(),
        );
        d.performance
            .push(perf(PerformanceKind::Overall, 475).number("表十").build());
        let mut k = perf(PerformanceKind::KeyProject, 492);
        if let Some(n) = key_project_number {
            k = k.number(n);
        }
        d.performance.push(k.build());
        d.performance
            .push(perf(PerformanceKind::Project, 507).number("表十二").build());
        d.performance
            .push(perf(PerformanceKind::Project, 527).number("表十二").build());
        d
    }

    #[test]
    fn missing_wrong_and_out_of_order_numbers_fail() {
        let f = run(&TableNumbering, &chongqing(None), Region::Chongqing);
        assert_eq!(lines(&f), vec![492]);
        assert!(
            f[0].message.contains("没有印表号") && f[0].message.contains("表十一"),
            "{}",
            f[0].message
        );

        let mut d = chongqing(Some("表十一"));
        d.tables[1].number = Some("表三".into());
        d.tables
            .push(table(TableKind::ThreePublic, 600).number("表四").build());
        let f = run(&TableNumbering, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![90, 600], "{f:?}");
        assert!(f[0].message.contains("表号为表三"), "{}", f[0].message);
        assert!(f[1].message.contains("顺序颠倒"), "{}", f[1].message);
    }

    #[test]
    fn numbered_in_order_passes_and_unnumbered_regions_are_skipped() {
        assert!(run(
            &TableNumbering,
            &chongqing(Some("表十一")),
            Region::Chongqing
        )
        .is_empty());
        assert!(run(&TableNumbering, &chongqing(None), Region::Shanghai).is_empty());
    }
}
