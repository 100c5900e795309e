use super::ys504_empty_table_explained::perf_display;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::Weight;

declare_rule! {
    /// 每张绩效目标表的指标权重之和恰为 100，且每个权重都填写了数字。
    ///
    /// ## 检查什么
    /// In every performance-goal table, every indicator has a weight that is a number, and the
    /// weights add up to exactly 100 (compared exactly, to the hundredth: `12.5` counts as
    /// 12.50). A blank or unreadable weight is reported on its own; the sum is then not
    /// checked, since it cannot be known.
    ///
    /// ## 为什么
    /// Weights say how much each indicator counts when the project is evaluated; weights that
    /// do not add up to 100 make the evaluation's score meaningless, and a blank weight means
    /// the indicator was never weighed.
    ///
    /// ## 示例
    /// Fails: indicators weighted 10, 30, 10, 10, 30 (sum 90), or a weight printed `十`.
    /// Passes: 10, 30, 10, 10, 30, 10 (sum 100).
    pub WeightsSum100, "YS601", "weights-sum-100", Performance, Error
}

impl Rule for WeightsSum100 {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        // Indicators read in doubt give no error (said once by the reader).
        for p in cx.doc.performance.iter().filter(|p| p.is_certain()) {
            if p.indicators.is_empty() {
                continue;
            }
            let name = perf_display(p);
            let mut unreadable = false;
            for i in &p.indicators {
                if i.weight.is_some() {
                    continue;
                }
                unreadable = true;
                let (zh, en) = if i.weight_text.trim().is_empty() {
                    (
                        format!("{name}「{}」：指标权重空白", i.name),
                        format!("{name}: indicator \"{}\" has no weight", i.name),
                    )
                } else {
                    (
                        format!(
                            "{name}「{}」：指标权重「{}」不是数字",
                            i.name,
                            i.weight_text.trim()
                        ),
                        format!(
                            "{name}: the weight \"{}\" of \"{}\" is not a number",
                            i.weight_text.trim(),
                            i.name
                        ),
                    )
                };
                out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&i.prov));
            }
            if unreadable {
                continue;
            }
            let sum = Weight(
                p.indicators
                    .iter()
                    .filter_map(|i| i.weight)
                    .map(|w| w.0)
                    .sum(),
            );
            if sum == Weight::hundred() {
                continue;
            }
            let parts: Vec<String> = p
                .indicators
                .iter()
                .filter_map(|i| i.weight)
                .map(|w| w.to_string())
                .collect();
            let zh = format!(
                "{name}：指标权重之和为 {sum}（{}），应为 100",
                parts.join(" + ")
            );
            let en = format!(
                "{name}: the weights add up to {sum} ({}), not 100",
                parts.join(" + ")
            );
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
    fn bad_sums_and_unreadable_weights_fail() {
        let mut d = doc();
        d.performance.push(
            perf(PerformanceKind::Project, 527)
                .name("退役军人及武装工作经费")
                .indicator("征兵任务数", "10", "≥", "1", "人", "否")
                .indicator("慰问重点优抚对象", "30", "≥", "4", "人/年", "是")
                .indicator("慰问金发放率", "12.5", "≥", "100", "%", "否")
                .build(),
        );
        d.performance.push(
            perf(PerformanceKind::Project, 600)
                .indicator("完成率", "十", "=", "100", "%", "是")
                .indicator("满意度", "", "≥", "90", "%", "否")
                .build(),
        );
        let f = run(&WeightsSum100, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![527, 601, 602]);
        assert!(
            f[0].message.contains("之和为 52.5（10 + 30 + 12.5）"),
            "{}",
            f[0].message
        );
        assert!(f[1].message.contains("「十」不是数字"), "{}", f[1].message);
        assert!(f[2].message.contains("空白"), "{}", f[2].message);
    }

    #[test]
    fn exact_hundred_passes() {
        let mut d = doc();
        d.performance.push(
            perf(PerformanceKind::Overall, 477)
                .indicator("非公两个覆盖率", "12.5", "≥", "92", "%", "是")
                .indicator("服务辖区居民人数", "87.50", "≥", "14000", "人/年", "是")
                .build(),
        );
        d.performance
            .push(perf(PerformanceKind::KeyProject, 492).build());
        assert!(run(&WeightsSum100, &d, Region::Chongqing).is_empty());
    }
}
