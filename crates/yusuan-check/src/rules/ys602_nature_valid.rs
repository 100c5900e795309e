use super::ys504_empty_table_explained::perf_display;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};

declare_rule! {
    /// 指标性质为 ≥ ≤ = > < 或 定性 之一。
    ///
    /// ## 检查什么
    /// Every performance indicator states its nature (指标性质) as one of `≥`, `≤`, `=`, `>`,
    /// `<` (in any of their usual spellings: `>=`, `大于等于` …) or `定性` for a qualitative
    /// indicator. A blank nature or any other text is reported.
    ///
    /// ## 为什么
    /// The nature says how the target value is read: "at least 90", "at most 1", "exactly
    /// 100" or a description. Without it, the indicator cannot be evaluated at the end of the
    /// year.
    ///
    /// ## 示例
    /// Fails: `年度预算执行率 10 约 80 %`, or the nature left blank. Passes: `年度预算执行率
    /// 10 ≥ 80 %`; `有效引领非公经济组织坚定不移跟党走 20 定性 好`.
    pub NatureValid, "YS602", "nature-valid", Performance, Error
}

impl Rule for NatureValid {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        // Indicators read in doubt give no error (said once by the reader).
        for p in cx.doc.performance.iter().filter(|p| p.is_certain()) {
            for i in p.indicators.iter().filter(|i| i.nature.is_none()) {
                let name = perf_display(p);
                let text = i.nature_text.trim();
                let (zh, en) = if text.is_empty() {
                    (
                        format!(
                            "{name}「{}」：指标性质空白（应为 ≥ ≤ = > < 或 定性）",
                            i.name
                        ),
                        format!(
                            "{name}: indicator \"{}\" has no nature (expected ≥ ≤ = > < or 定性)",
                            i.name
                        ),
                    )
                } else {
                    (
                        format!("{name}「{}」：指标性质「{text}」无效（应为 ≥ ≤ = > < 或 定性）", i.name),
                        format!("{name}: indicator \"{}\" has an invalid nature \"{text}\" (expected ≥ ≤ = > < or 定性)", i.name),
                    )
                };
                out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&i.prov));
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
    fn invalid_or_blank_natures_fail() {
        let mut d = doc();
        d.performance.push(
            perf(PerformanceKind::Project, 10)
                .indicator("年度预算执行率", "50", "约", "80", "%", "否")
                .indicator("满意度", "50", "", "90", "%", "是")
                .build(),
        );
        let f = run(&NatureValid, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![11, 12]);
        assert!(f[0].message.contains("「约」无效"), "{}", f[0].message);
        assert!(f[1].message.contains("空白"), "{}", f[1].message);
    }

    #[test]
    fn every_known_nature_passes() {
        let mut d = doc();
        let mut b = perf(PerformanceKind::Project, 10);
        for n in ["≥", "≤", "=", ">", "<", "定性", ">=", "＝"] {
            b = b.indicator("指标", "10", n, "1", "次", "否");
        }
        d.performance.push(b.build());
        assert!(run(&NatureValid, &d, Region::Chongqing).is_empty());
    }
}
