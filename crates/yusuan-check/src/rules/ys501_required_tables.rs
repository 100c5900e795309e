use crate::profile::RequiredTable;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{Disclosure, Provenance};

declare_rule! {
    /// 地区要求公开的每张表都在文件中。
    ///
    /// ## 检查什么
    /// Every table the region's profile requires — the national eight of 财预〔2016〕143号, the
    /// twelve of 重庆 (表一–表十二, with the 绩效目标表), the nine of 上海 — is present, whatever
    /// its position or printed number; a table that is required but has no data must still be
    /// published, empty, with a sentence saying why. A missing table is named with its regional
    /// number and name.
    ///
    /// ## 为什么
    /// "以公开为常态，不公开为例外": a budget disclosure that leaves out a table is incomplete
    /// whatever the table would have shown, and it is the first thing a review checks.
    ///
    /// ## 示例
    /// Fails: a 重庆 disclosure without a 政府性基金预算支出表 ("缺少 表五 政府性基金预算支出表").
    /// Passes: 表五 is published, empty, with `本部门无政府性基金收支，故此表无数据。`
    pub RequiredTables, "YS501", "required-tables", Completeness, Error
}

fn present(doc: &Disclosure, req: &RequiredTable) -> bool {
    if let Some(kind) = req.kind {
        return doc.tables.iter().any(|t| t.kind == kind);
    }
    if let Some(kind) = req.performance {
        return doc.performance.iter().any(|p| p.kind == kind);
    }
    true
}

fn display(req: &RequiredTable) -> String {
    match &req.number {
        // 上海 numbers its tables `1.`–`9.`; 重庆 prints `表一`.
        Some(n) if n.chars().all(|c| c.is_ascii_digit()) => format!("{n}. {}", req.name),
        Some(n) => format!("{n} {}", req.name),
        None => req.name.clone(),
    }
}

impl Rule for RequiredTables {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let whole = Provenance::new(&cx.doc.source.file);
        for req in &cx.profile.tables {
            if present(cx.doc, req) {
                continue;
            }
            let name = display(req);
            let zh = format!("缺少{}要求公开的表：{}", cx.profile.name, name);
            let en = format!(
                "the {} profile requires a table that is missing: {}",
                cx.profile.name, name
            );
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&whole));
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
