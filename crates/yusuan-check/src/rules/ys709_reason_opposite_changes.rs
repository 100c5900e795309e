use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{Change, Direction, Fact};

declare_rule! {
    /// 同一原因不应同时用于一增一减的两个项目。
    ///
    /// ## 检查什么
    /// The reason given for a change (`主要原因是…`) is compared across the narrative: the
    /// same reason, word for word, given for one item that increased and another that
    /// decreased is reported once, with both places.
    ///
    /// Reasons that explain both ways by their words (`增减调剂`, `有增有减`, `增减相抵`) and short
    /// generic ones without a direction (`根据实际支出`) are left alone: they fit either change.
    ///
    /// ## 为什么
    /// Reasons are written item by item, often by copying the one above; one pasted under an
    /// item whose change goes the other way no longer explains it, and a reviewer marks it.
    ///
    /// ## 示例
    /// Fails: `公务接待费…比上年增加2万元，主要原因是接待任务增加。` and `会议费…比上年减少
    /// 3万元，主要原因是接待任务增加。`. Passes: each with its own reason.
    pub ReasonOppositeChanges, "YS709", "same-reason-opposite-changes", Narrative, Warning
}

/// Words that say something went up.
pub(crate) const UP: [&str; 9] = [
    "增加", "新增", "增长", "提高", "上调", "增资", "调增", "扩大", "增多",
];
/// Words that say something went down.
pub(crate) const DOWN: [&str; 11] = [
    "减少", "压减", "下降", "降低", "缩减", "节约", "压缩", "核减", "调减", "取消", "减员",
];
/// Words of a reason that fits either way.
const EITHER: [&str; 6] = ["增减", "有增有减", "相抵", "调剂", "一增一减", "增或减"];

/// A reason as compared: no whitespace, no leading colon, no closing `等` or punctuation.
pub(crate) fn normalized(reason: &str) -> String {
    let s: String = reason.chars().filter(|c| !c.is_whitespace()).collect();
    s.trim_start_matches(['：', ':', '，'])
        .trim_end_matches(['。', '；', '，', '等', ';', ','])
        .to_string()
}

/// The changes of the narrative that give a reason, with the reason as compared.
pub(crate) fn reasons<'a>(cx: &Cx<'a>) -> Vec<(&'a Fact, &'a Change, String)> {
    cx.doc
        .narrative
        .facts
        .iter()
        .filter_map(|f| {
            let ch = f.change.as_ref()?;
            let r = normalized(ch.reason_text.as_deref()?);
            (!r.is_empty() && ch.direction != Direction::Flat).then_some((f, ch, r))
        })
        .collect()
}

/// Is the reason particular enough that it cannot explain both an increase and a decrease?
pub(crate) fn specific(reason: &str) -> bool {
    if EITHER.iter().any(|w| reason.contains(w)) {
        return false;
    }
    let directed = UP.iter().chain(DOWN.iter()).any(|w| reason.contains(w));
    directed || reason.chars().count() >= 8
}

impl Rule for ReasonOppositeChanges {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let all = reasons(cx);
        let mut done: Vec<&str> = Vec::new();
        for (i, (f, ch, r)) in all.iter().enumerate() {
            if done.contains(&r.as_str()) || !specific(r) {
                continue;
            }
            // The first later place that gives the same reason for the opposite change.
            let Some((g, other, _)) = all
                .iter()
                .skip(i + 1)
                .find(|(_, c, s)| s == r && c.direction != ch.direction)
            else {
                continue;
            };
            done.push(r);
            let what = |x: &Fact| x.text.chars().take(24).collect::<String>();
            let zh = format!(
                "同一原因「{r}」既用于{}的「{}」，又用于{}的「{}」",
                ch.direction.label(),
                what(f),
                other.direction.label(),
                what(g)
            );
            let en = format!(
                "the same reason \"{r}\" is given for a {:?} (\"{}\") and a {:?} (\"{}\")",
                ch.direction,
                what(f),
                other.direction,
                what(g)
            )
            .to_lowercase();
            out.push(
                Finding::new(Self::INFO.code, Self::INFO.severity, zh, en)
                    .at(&other.prov)
                    .at(&ch.prov),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{change_with_reason as change, doc, lines, run};
    use yusuan_model::Region;

    fn found(facts: Vec<Fact>) -> Vec<Finding> {
        let mut d = doc();
        d.narrative.facts = facts;
        run(&ReasonOppositeChanges, &d, Region::Shanghai)
    }

    #[test]
    fn a_reason_pasted_under_the_opposite_change_is_reported_once() {
        let f = found(vec![
            change(Direction::Increase, "接待任务增加", 3),
            change(Direction::Increase, "接待任务增加等", 5),
            change(Direction::Decrease, "接待任务增加。", 8),
            change(Direction::Decrease, "接待任务增加", 9),
        ]);
        assert_eq!(lines(&f), vec![8]);
        assert_eq!(f[0].locations[1].line, Some(3));
        assert!(f[0].message.contains("接待任务增加"), "{}", f[0].message);
    }

    #[test]
    fn reasons_that_fit_either_way_pass() {
        assert!(found(vec![
            change(Direction::Increase, "对部分项目预算数进行了增减调剂", 3),
            change(Direction::Decrease, "对部分项目预算数进行了增减调剂", 5),
            change(Direction::Increase, "：根据实际支出", 7),
            change(Direction::Decrease, "：根据实际支出", 9),
        ])
        .is_empty());
        // The same reason under changes the same way is no finding.
        assert!(found(vec![
            change(Direction::Increase, "政策性增资", 3),
            change(Direction::Increase, "政策性增资", 5),
        ])
        .is_empty());
    }
}
