use super::ys504_empty_table_explained::perf_display;
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::Nature;

declare_rule! {
    /// 定量指标的指标值为数字并注明计量单位；定性指标填写了指标值。
    ///
    /// ## 检查什么
    /// An indicator whose nature is `≥ ≤ = > <` is quantitative: its value (指标值) must be a
    /// number (`92`, `311806.45`, `0.1`, `95%`) and its unit (计量单位) must be given. A 定性
    /// indicator must state its value in words (`高于全区安全感指数平均值`, `好`). Indicators
    /// with an invalid nature are left to YS602.
    ///
    /// ## 为什么
    /// A quantitative target without a number, or a number without a unit, cannot be measured
    /// at the end of the year; a qualitative indicator without a value has no target at all.
    ///
    /// ## 示例
    /// Fails: `服务辖区企业数量 20 ≥ 较多 家` (not a number), `征兵任务数 10 ≥ 1` with the
    /// unit blank, `财务核算及时性 30 定性` with no value. Passes: `服务辖区企业数量 20 ≥ 3900
    /// 家`; `财务核算及时性 30 定性 当月结束`.
    pub QuantitativeValue, "YS603", "quantitative-value", Performance, Error
}

/// `92`, `311,806.45`, `０.１`, `95%`, `-3`.
pub(crate) fn is_number(s: &str) -> bool {
    let t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t.trim_end_matches(['%', '％']);
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let t = t.replace(',', "");
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.matches('.').count() <= 1
        && !t.starts_with('.')
        && !t.ends_with('.')
}

impl Rule for QuantitativeValue {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        // Indicators read in doubt give no error (said once by the reader).
        for p in cx.doc.performance.iter().filter(|p| p.is_certain()) {
            let name = perf_display(p);
            for i in &p.indicators {
                let Some(nature) = i.nature else { continue };
                let value = i.value.trim();
                let mut zh: Vec<String> = Vec::new();
                let mut en: Vec<String> = Vec::new();
                if nature == Nature::Qualitative {
                    if value.is_empty() {
                        zh.push("定性指标没有填写指标值".into());
                        en.push("the qualitative indicator states no value".into());
                    }
                } else {
                    if value.is_empty() {
                        zh.push(format!("定量指标（{}）没有填写指标值", nature.symbol()));
                        en.push(format!(
                            "the quantitative indicator ({}) states no value",
                            nature.symbol()
                        ));
                    } else if !is_number(value) {
                        zh.push(format!(
                            "定量指标（{}）的指标值「{value}」不是数字",
                            nature.symbol()
                        ));
                        en.push(format!("the value \"{value}\" of a quantitative indicator ({}) is not a number", nature.symbol()));
                    }
                    if i.unit.trim().is_empty() {
                        zh.push("没有填写计量单位".into());
                        en.push("no unit is given".into());
                    }
                }
                if zh.is_empty() {
                    continue;
                }
                let zh = format!("{name}「{}」：{}", i.name, zh.join("，"));
                let en = format!("{name}: indicator \"{}\": {}", i.name, en.join("; "));
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
    fn words_for_numbers_missing_units_and_blank_values_fail() {
        let mut d = doc();
        d.performance.push(
            perf(PerformanceKind::Project, 10)
                .indicator("服务辖区企业数量", "20", "≥", "较多", "家", "是")
                .indicator("征兵任务数", "10", "≥", "1", "", "否")
                .indicator("财务核算及时性", "30", "定性", "", "", "否")
                .indicator("怪指标", "40", "约", "", "", "否")
                .build(),
        );
        let f = run(&QuantitativeValue, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![11, 12, 13]);
        assert!(
            f[0].message.contains("「较多」不是数字"),
            "{}",
            f[0].message
        );
        assert!(
            f[1].message.contains("没有填写计量单位"),
            "{}",
            f[1].message
        );
        assert!(
            f[2].message.contains("定性指标没有填写指标值"),
            "{}",
            f[2].message
        );
    }

    #[test]
    fn numbers_with_units_and_worded_qualitative_values_pass() {
        let mut d = doc();
        d.performance.push(
            perf(PerformanceKind::Overall, 10)
                .indicator(
                    "辖区道路清扫保洁面积",
                    "10",
                    "≥",
                    "311806.45",
                    "平方米",
                    "否",
                )
                .indicator(
                    "群众安全感指数",
                    "10",
                    "定性",
                    "高于全区安全感指数平均值",
                    "",
                    "否",
                )
                .indicator("辖区妇女家庭暴力发生率", "20", "≤", "0.1", "%", "否")
                .indicator("覆盖率", "60", "≥", "95%", "%", "是")
                .build(),
        );
        assert!(run(&QuantitativeValue, &d, Region::Chongqing).is_empty());
    }

    #[test]
    fn numbers() {
        assert!(is_number("3,900") && is_number("０.１") && is_number("95%") && is_number("-3"));
        assert!(
            !is_number("较多") && !is_number("1.2.3") && !is_number("%") && !is_number("90-100")
        );
    }
}
