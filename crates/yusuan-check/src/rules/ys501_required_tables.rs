use crate::profile::{Presence, TableSpec};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo, Severity};
use yusuan_model::{Disclosure, Provenance};

declare_rule! {
    /// 公开规范要求的每张表都在文件中。
    ///
    /// ## 检查什么
    /// Every table the document's kind of disclosure (its profile: `yusuan profiles`) requires
    /// is present, whatever its position or printed number: the twelve of 重庆 (表一–表十二,
    /// with the 绩效目标表), the nine of 上海 部门预算 and 单位预算, the eight of 财预〔2016〕143号
    /// for the national template, the 决算 tables for a 部门决算. A table that is required but has
    /// no data must still be published, empty, with a sentence saying why. A missing table is
    /// named with its number and name. A table the profile only expects (the rules ask for it,
    /// but documents of the kind are known to leave it out) is reported as a warning; an
    /// optional one not at all.
    ///
    /// ## 为什么
    /// "以公开为常态，不公开为例外": a disclosure that leaves out a table is incomplete whatever
    /// the table would have shown, and it is the first thing a review checks. The list is the
    /// document's own kind's, never another's: a 部门决算 is not asked for budget tables.
    ///
    /// ## 示例
    /// Fails: a 重庆 disclosure without a 政府性基金预算支出表 ("缺少 表五 政府性基金预算支出表").
    /// Passes: 表五 is published, empty, with `本部门无政府性基金收支，故此表无数据。`
    pub RequiredTables, "YS501", "required-tables", Completeness, Error
}

fn present(doc: &Disclosure, req: &TableSpec) -> bool {
    if let Some(kind) = req.kind {
        return doc.tables.iter().any(|t| t.kind == kind);
    }
    if let Some(kind) = req.performance {
        return doc.performance.iter().any(|p| p.kind == kind);
    }
    true
}

impl Rule for RequiredTables {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let whole = Provenance::new(&cx.doc.source.file);
        for req in &cx.profile.tables {
            let severity = match req.presence {
                Presence::Required => Self::INFO.severity,
                Presence::Expected => Severity::Warning,
                Presence::Optional => continue,
            };
            if present(cx.doc, req) {
                continue;
            }
            let name = req.display();
            let (zh, en) = if req.presence == Presence::Required {
                (
                    format!("缺少{}要求公开的表：{}", cx.profile.name, name),
                    format!(
                        "the {} profile requires a table that is missing: {}",
                        cx.profile.name_en, name
                    ),
                )
            } else {
                (
                    format!("没有{}通常公开的表：{}", cx.profile.name, name),
                    format!(
                        "a table {} disclosures usually publish is missing: {}",
                        cx.profile.name_en, name
                    ),
                )
            };
            out.push(Finding::new(Self::INFO.code, severity, zh, en).at(&whole));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, perf, run, table};
    use yusuan_model::{PerformanceKind, Region, TableKind};

    fn shanghai_tables(skip: Option<TableKind>) -> Disclosure {
        let mut d = doc();
        let kinds = [
            TableKind::DepartmentSummary,
            TableKind::DepartmentIncome,
            TableKind::DepartmentExpenditure,
            TableKind::FiscalSummary,
            TableKind::GeneralBudgetExpenditure,
            TableKind::GovFundExpenditure,
            TableKind::StateCapitalExpenditure,
            TableKind::GeneralBudgetBasicEconomic,
            TableKind::ThreePublic,
        ];
        for (i, k) in kinds.into_iter().enumerate() {
            if Some(k) != skip {
                d.tables.push(table(k, 10 * (i as u32 + 1)).build());
            }
        }
        d
    }

    #[test]
    fn final_accounts_are_not_asked_for_budget_tables() {
        use crate::rules::testutil::run_with;
        let fin = yusuan_profile::final_accounts();
        let mut d = doc();
        for (i, k) in [
            TableKind::FinalSummary,
            TableKind::FinalIncome,
            TableKind::FinalExpenditure,
            TableKind::FinalFiscalSummary,
            TableKind::FinalGeneralBudgetExpenditure,
            TableKind::FinalGeneralBudgetBasicEconomic,
            TableKind::FinalThreePublic,
            TableKind::FinalGovFund,
        ]
        .into_iter()
        .enumerate()
        {
            d.tables.push(table(k, 10 * (i as u32 + 1)).build());
        }
        // The eight required 决算 tables are there; the 国有资本经营 table is only expected.
        let f = run_with(&RequiredTables, &d, fin);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0]
            .message
            .contains("国有资本经营预算财政拨款收入支出决算表"));
        // The same document checked as a 上海 budget would miss every budget table.
        assert_eq!(run(&RequiredTables, &d, Region::Shanghai).len(), 9);
    }

    #[test]
    fn the_national_templates_extra_tables_are_optional() {
        let mut d = doc();
        for (i, k) in [
            TableKind::DepartmentSummary,
            TableKind::DepartmentIncome,
            TableKind::DepartmentExpenditure,
            TableKind::FiscalSummary,
            TableKind::GeneralBudgetExpenditure,
            TableKind::GeneralBudgetBasicEconomic,
            TableKind::ThreePublic,
            TableKind::GovFundExpenditure,
        ]
        .into_iter()
        .enumerate()
        {
            d.tables.push(table(k, 10 * (i as u32 + 1)).build());
        }
        assert!(run(&RequiredTables, &d, Region::National).is_empty());
        d.tables.retain(|t| t.kind != TableKind::ThreePublic);
        let f = run(&RequiredTables, &d, Region::National);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn missing_table_is_named_with_its_number() {
        let d = shanghai_tables(Some(TableKind::StateCapitalExpenditure));
        let f = run(&RequiredTables, &d, Region::Shanghai);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .contains("7. 部门国有资本经营预算支出功能分类预算表"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].locations[0].file.as_ref(), "t.txt");
    }

    #[test]
    fn missing_performance_table_fails_and_complete_passes() {
        let mut d = doc();
        for (i, k) in TableKind::ALL.into_iter().enumerate() {
            d.tables.push(table(k, 10 * (i as u32 + 1)).build());
        }
        d.performance
            .push(perf(PerformanceKind::Overall, 200).build());
        d.performance
            .push(perf(PerformanceKind::Project, 300).build());
        let f = run(&RequiredTables, &d, Region::Chongqing);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("表十一 重点专项资金绩效目标表"),
            "{}",
            f[0].message
        );
        d.performance
            .push(perf(PerformanceKind::KeyProject, 250).build());
        assert!(run(&RequiredTables, &d, Region::Chongqing).is_empty());
        assert!(run(&RequiredTables, &shanghai_tables(None), Region::Shanghai).is_empty());
    }
}
