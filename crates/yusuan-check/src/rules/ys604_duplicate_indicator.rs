use super::ys504_empty_table_explained::perf_display;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::catalog::normalize_name;

declare_rule! {
    /// 同一张绩效目标表中没有同名的指标。
    ///
    /// ## 检查什么
    /// Within one performance-goal table, no two indicators have the same name (compared
    /// without spaces). The second one is reported, with the place of the first.
    ///
    /// ## 为什么
    /// Two indicators of the same name either measure the same thing twice (and double its
    /// weight) or are two different targets that need different names; with the same name,
    /// nobody can tell at evaluation time which value belongs to which.
    ///
    /// ## 示例
    /// Fails: 统战及民族宗教工作经费 lists `少数民族入户走访 5 = 100 %` and
    /// `少数民族入户走访 20 ≥ 2 场次`. Passes: `少数民族入户走访覆盖率` and
    /// `少数民族入户走访场次`.
    pub DuplicateIndicator, "YS604", "duplicate-indicator", Performance, Warning
}

impl Rule for DuplicateIndicator {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        // Indicators read in doubt give no error (said once by the reader).
        for p in cx.doc.performance.iter().filter(|p| p.is_certain()) {
            let names: Vec<String> = p
                .indicators
                .iter()
                .map(|i| normalize_name(&i.name))
                .collect();
            let named = || p.indicators.iter().zip(&names);
            for (k, (i, name)) in named().enumerate() {
                if name.is_empty() {
                    continue;
                }
                let Some((f, _)) = named().take(k).find(|(_, n)| *n == name) else {
                    continue;
                };
                let name = perf_display(p);
                let zh = format!("{name}：指标「{}」重复出现（另见前面同名指标）", i.name);
                let en = format!("{name}: indicator \"{}\" appears twice", i.name);
                out.push(
                    Finding::new(Self::INFO.code, Self::INFO.severity, zh, en)
                        .at(&i.prov)
                        .at(&f.prov),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, lines, perf, run};
    use yusuan_model::{PerformanceKind, Region};

    #[test]
    fn same_name_twice_fails() {
        let mut d = doc();
        d.performance.push(
            perf(PerformanceKind::Project, 509)
                .name("统战及民族宗教工作经费")
                .indicator("民族团结进步周系列活动完成率", "5", "=", "100", "%", "否")
                .indicator("少数民族入户走访", "5", "=", "100", "%", "否")
                .indicator("少数民族入户走访", "20", "≥", "2", "场次", "否")
                .build(),
        );
        let f = run(&DuplicateIndicator, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![513]);
        assert_eq!(f[0].locations[1].line, Some(512));
        assert!(
            f[0].message.contains("统战及民族宗教工作经费"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn same_name_in_different_tables_passes() {
        let mut d = doc();
        for line in [10, 20] {
            d.performance.push(
                perf(PerformanceKind::Project, line)
                    .indicator("年度预算执行率", "50", "≥", "80", "%", "否")
                    .indicator("满意度", "50", "≥", "90", "%", "是")
                    .build(),
            );
        }
        assert!(run(&DuplicateIndicator, &d, Region::Chongqing).is_empty());
    }
}
