use super::ys504_empty_table_explained::perf_display;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};

declare_rule! {
    /// 有“是否核心”一栏的绩效目标表至少标明一个核心指标。
    ///
    /// ## 检查什么
    /// In a performance-goal table with a 是否核心 column (at least one indicator marked 是 or
    /// 否), at least one indicator is marked 是. Tables without the column are not checked.
    ///
    /// ## 为什么
    /// Core indicators are the ones the evaluation of the project rests on; a table that
    /// marks every indicator 否 has goals but nothing that says which of them matter.
    ///
    /// ## 示例
    /// Fails: every indicator of a project marked `否`. Passes: `辖区少数民族暴力发生率 25 ≤ 1 %
    /// 是` among indicators marked `否`.
    pub CoreIndicator, "YS605", "core-indicator", Performance, Warning
}

impl Rule for CoreIndicator {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        // Indicators read in doubt give no error (said once by the reader).
        for p in cx.doc.performance.iter().filter(|p| p.is_certain()) {
            let has_column = p.indicators.iter().any(|i| i.core.is_some());
            if !has_column || p.indicators.iter().any(|i| i.core == Some(true)) {
                continue;
            }
            let name = perf_display(p);
            let zh = format!("{name}：没有一个指标标为核心指标（是否核心 均为“否”或空白）");
            let en = format!("{name}: no indicator is marked as a core indicator");
            out.push(
                Finding::new(Self::INFO.code, Self::INFO.severity, zh, en)
                    .at(&p.prov)
                    .at_all(p.indicators.iter().map(|i| &i.prov)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, lines, perf, run};
    use yusuan_model::{PerformanceKind, Region};

    #[test]
    fn no_core_indicator_fails() {
        let mut d = doc();
        d.performance.push(
            perf(PerformanceKind::Project, 10)
                .indicator("征兵任务数", "50", "≥", "1", "人", "否")
                .indicator("慰问金发放率", "50", "≥", "100", "%", "")
                .build(),
        );
        let f = run(&CoreIndicator, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![10]);
        assert_eq!(f[0].locations.len(), 3);
    }

    #[test]
    fn one_core_indicator_or_no_column_passes() {
        let mut d = doc();
        d.performance.push(
            perf(PerformanceKind::Project, 10)
                .indicator("征兵任务数", "50", "≥", "1", "人", "否")
                .indicator("慰问重点优抚对象", "50", "≥", "4", "人/年", "是")
                .build(),
        );
        d.performance.push(
            perf(PerformanceKind::Project, 20)
                .indicator("完成率", "100", "=", "100", "%", "")
                .build(),
        );
        assert!(run(&CoreIndicator, &d, Region::Chongqing).is_empty());
    }
}
