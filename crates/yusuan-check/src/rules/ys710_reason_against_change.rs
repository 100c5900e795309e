use super::ys709_reason_opposite_changes::{reasons, specific, DOWN, UP};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::Direction;

declare_rule! {
    /// 增减原因的方向与增减一致：减少的原因不应只说“增加”，反之亦然。
    ///
    /// ## 检查什么
    /// The reason given for a change (`主要原因是…`) is read for its direction: one that only
    /// says something went up (增加, 新增, 提高 …) explains an increase, one that only says
    /// something went down (减少, 压减, 节约 …) explains a decrease. A reason that goes only the
    /// other way from its change is reported.
    ///
    /// A reason with words both ways, with a contrast (`但`, `同时`, `相抵`) or about last year
    /// (`上年…增加` may explain a decrease this year) is left alone, as is one that YS709
    /// already reports (the same reason pasted under an opposite change).
    ///
    /// ## 为什么
    /// The reason is often copied from last year's text or from the item above, whose change
    /// went the other way; the reader is then told that spending fell because it rose.
    ///
    /// ## 示例
    /// Fails: `比2024年减少10.00万元，主要原因是人员增加。` Passes: `…减少10.00万元，主要原因是
    /// 人员减少。`
    pub ReasonAgainstChange, "YS710", "reason-against-change", Narrative, Warning
}

/// Words that make a reason's direction unclear.
const UNCLEAR: [&str; 9] = [
    "但",
    "同时",
    "相抵",
    "抵消",
    "上年",
    "去年",
    "以前年度",
    "虽",
    "不再",
];

/// The direction a reason's words give it, when they go one way only.
fn direction_of(reason: &str) -> Option<Direction> {
    if UNCLEAR.iter().any(|w| reason.contains(w)) {
        return None;
    }
    let up = UP.iter().any(|w| reason.contains(w));
    let down = DOWN.iter().any(|w| reason.contains(w));
    match (up, down) {
        (true, false) => Some(Direction::Increase),
        (false, true) => Some(Direction::Decrease),
        _ => None,
    }
}

impl Rule for ReasonAgainstChange {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let all = reasons(cx);
        for (f, ch, r) in &all {
            let Some(says) = direction_of(r) else {
                continue;
            };
            if says == ch.direction {
                continue;
            }
            // The same reason under the opposite change elsewhere: YS709's finding.
            if specific(r)
                && all
                    .iter()
                    .any(|(_, c, s)| s == r && c.direction != ch.direction)
            {
                continue;
            }
            let what: String = f.text.chars().take(30).collect();
            let zh = format!(
                "「{what}」为{}，但原因「{r}」说的是{}",
                ch.direction.label(),
                says.label()
            );
            let en = format!(
                "\"{what}\" is a {:?}, but its reason \"{r}\" speaks of a {:?}",
                ch.direction, says
            )
            .to_lowercase();
            out.push(Finding::new(Self::INFO.code, Self::INFO.severity, zh, en).at(&ch.prov));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{change_with_reason as change, doc, lines, run};
    use yusuan_model::{Fact, Region};

    fn found(facts: Vec<Fact>) -> Vec<u32> {
        let mut d = doc();
        d.narrative.facts = facts;
        lines(&run(&ReasonAgainstChange, &d, Region::Shanghai))
    }

    #[test]
    fn a_reason_the_other_way_is_reported() {
        assert_eq!(
            found(vec![
                change(Direction::Decrease, "人员增加", 3),
                change(Direction::Increase, "厉行节约压减运行经费", 5),
                change(Direction::Increase, "政策性增资", 9),
            ]),
            vec![3, 5]
        );
    }

    #[test]
    fn a_reason_pasted_under_both_ways_is_left_to_ys709() {
        assert!(found(vec![
            change(Direction::Increase, "厉行节约压减运行经费", 5),
            change(Direction::Decrease, "厉行节约压减运行经费", 7),
        ])
        .is_empty());
    }

    #[test]
    fn unclear_reasons_pass() {
        assert!(found(vec![
            // 万里 2025: a car bought, but of another type.
            change(
                Direction::Decrease,
                "2025年新增1辆公务用车购置，但与2024年购置的车辆类型不同",
                3
            ),
            change(Direction::Decrease, "上年一次性项目增加", 5),
            change(Direction::Increase, "人员增加，公用经费压减", 7),
            change(Direction::Increase, "根据实际支出", 9),
        ])
        .is_empty());
    }
}
