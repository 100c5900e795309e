use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{Amount, Disclosure, Fact, FactKey};

declare_rule! {
    /// 同一事项只有一个本年金额：标题（或首句）所列金额与其正文所述本年预算一致。
    ///
    /// ## 检查什么
    /// A narrative item that names its subject with an amount (`12、住房保障支出（221类）住房改革
    /// 支出（02款）住房公积金（01项）208.8万元。`) and then, in its own text, states this year's
    /// budget of it again without naming another subject (`2026年预算安排201.50万元`,
    /// `本年预算数…`): the two amounts must be the same, within their rounding. The text belongs
    /// to the item while no other subject is named and no new item begins, in the same part and
    /// at most a few lines on. A budget only: a 决算's text states the 年初预算 beside the 决算数
    /// on purpose. When the text's change percentage fits the heading's amount and not the text's,
    /// the message says so (the text's figure is then the slip), and YS305 does not report that
    /// percentage again.
    ///
    /// Also one subject stated twice in one part with two amounts: the same named project,
    /// “三公” item or 机关运行经费, each of which a part states once (the first difference of
    /// each subject in a part). Totals, fund sources and 功能分类 lines are left out: a part
    /// states them of several scopes (all sources, 财政拨款, 一般公共预算); so are clauses
    /// naming another year's figure (上年, 执行数, 决算, 年初, last year).
    ///
    /// ## 为什么
    /// One item with two different amounts leaves the reader without the figure: reviewers mark
    /// it (`住房公积金标题为208.8万元，正文为201.50万元`). Neither figure alone contradicts a
    /// table when the item is not printed in one, and a percentage check sees only one side.
    ///
    /// ## 示例
    /// Fails: `住房公积金（01项）208.8万元。… 2026年预算安排201.50万元，比2025年预算执行数增加5.27%`.
    /// Fails: `公务接待费0.5万元` and, later in the same part, `公务接待费预算为0.8万元`.
    /// Passes: `购房补贴（03项）243.36万元。… 2026年预算安排243.36万元`; `其中：基本支出2026年预算安排…`
    /// (another subject).
    pub ItemAmountRestated, "YS712", "item-amount-restated", Narrative, Error
}

/// Lines after the heading within which its text restates the amount.
const ITEM_LINES: u32 = 4;

/// Words that restate an item's budget for the document's year, after the year itself.
const THIS_YEARS_BUDGET: &[&str] = &[
    "预算安排",
    "预算安排资金",
    "预算数",
    "预算数为",
    "预算为",
    "预算",
    "安排",
    "安排预算",
    "预算金额",
    "预算金额为",
];

/// `2026年预算安排`, `本年预算数`, `2026年度预算为`: the label states only the document's year and
/// that it is the budget (no other subject, not last year's).
fn restates_this_year(label: &str, year: Option<u16>) -> bool {
    let l: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let after_year = year
        .and_then(|y| l.strip_prefix(&format!("{y}年")))
        .or_else(|| l.strip_prefix("本年"))
        .or_else(|| l.strip_prefix("今年"));
    let Some(rest) = after_year else {
        return false;
    };
    let rest = rest.strip_prefix('度').unwrap_or(rest);
    THIS_YEARS_BUDGET.contains(&rest)
}

/// Starts a numbered item: `12、`, `（三）`, `3.`.
fn starts_item(text: &str) -> bool {
    let t = text.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        return t
            .chars()
            .nth(digits)
            .is_some_and(|c| matches!(c, '、' | '.' | '．'));
    }
    // （三） or (3)
    let Some(rest) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) else {
        return false;
    };
    let n = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .count();
    n > 0 && rest.chars().nth(n).is_some_and(|c| matches!(c, '）' | ')'))
}

fn differ(a: &Amount, b: &Amount) -> bool {
    (a.fen.0 - b.fen.0).abs() > a.rounding_bound() + b.rounding_bound()
}

/// An item's amount stated twice, differently: the heading's fact and the restating fact, by
/// index into the document's facts.
pub(crate) fn restated(doc: &Disclosure) -> Vec<(usize, usize)> {
    if doc.meta.kind.is_final_accounts() {
        return Vec::new();
    }
    let year = doc.meta.year;
    let facts = &doc.narrative.facts;
    let mut out = Vec::new();
    let mut heading: Option<usize> = None;
    for (i, f) in facts.iter().enumerate() {
        let same_item = |h: &Fact| {
            h.section == f.section
                && h.prov.file == f.prov.file
                && match (h.prov.line, f.prov.line) {
                    (Some(a), Some(b)) => b >= a && b - a <= ITEM_LINES,
                    _ => false,
                }
        };
        match &f.key {
            FactKey::Other { label } => {
                if starts_item(&f.text) {
                    heading = None;
                    continue;
                }
                let Some(h) = heading.and_then(|h| facts.get(h).map(|hf| (h, hf))) else {
                    continue;
                };
                if !same_item(h.1) || !restates_this_year(label, year) {
                    continue;
                }
                if let (Some(a), Some(b)) = (h.1.amount, f.amount) {
                    if differ(&a, &b) {
                        out.push((h.0, i));
                    }
                }
            }
            _ => {
                // A subject named: the heading of an item when it opens one (or is the first
                // fact of its line), else a sentence about another subject, which ends the item.
                heading =
                    (f.amount.is_some() && f.change.is_none() && starts_item(&f.text)).then_some(i);
            }
        }
    }
    out
}

/// Subjects named once per item of a part: the same subject stated twice in one part with two
/// amounts is one of them misstated. (Totals, fund sources and 功能分类 lines are stated of
/// several scopes in one part — all sources, 财政拨款, 一般公共预算 — and are left out: 上海's
/// 收支预算总体情况 gives each class once for all money and again for 财政拨款.)
fn one_amount_per_part(key: &FactKey) -> bool {
    matches!(
        key,
        FactKey::ProjectAmount { .. }
            | FactKey::ThreePublicTotal
            | FactKey::Overseas
            | FactKey::VehicleTotal
            | FactKey::VehiclePurchase
            | FactKey::VehicleOperation
            | FactKey::Reception
            | FactKey::AdminCost
    )
}

/// One subject stated twice in one part with different amounts: (the first fact, the later
/// one), by index. The first difference of each subject in a part only.
pub(crate) fn stated_twice(doc: &Disclosure) -> Vec<(usize, usize)> {
    if doc.meta.kind.is_final_accounts() {
        return Vec::new();
    }
    let facts = &doc.narrative.facts;
    // A clause naming another year's figure (`上年预算数0.8万元`, `2025年执行数`) states it of
    // that year, not this one's.
    let last_year = doc.meta.year.map(|y| format!("{}年", y.saturating_sub(1)));
    let other_year = |f: &Fact| {
        ["上年", "去年", "执行", "决算", "年初"]
            .iter()
            .any(|w| f.text.contains(w))
            || last_year.as_deref().is_some_and(|y| f.text.contains(y))
    };
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        if !one_amount_per_part(&f.key) || f.section.is_none() || other_year(f) {
            continue;
        }
        let Some(b) = f.amount else { continue };
        let earlier = facts.iter().enumerate().take(i).find(|(_, e)| {
            e.key == f.key
                && e.section == f.section
                && e.prov.file == f.prov.file
                && !other_year(e)
                && e.amount.is_some_and(|a| differ(&a, &b))
        });
        if let Some((h, _)) = earlier {
            if !out.iter().any(|&(x, _)| {
                facts
                    .get(x)
                    .is_some_and(|x| x.key == f.key && x.section == f.section)
            }) {
                out.push((h, i));
            }
        }
    }
    out
}

/// Does the stated percentage of `f`'s change fit a change from the prior figure stated just
/// before it to `now`?
fn percent_fits(facts: &[Fact], i: usize, now: &Amount) -> Option<bool> {
    let f = facts.get(i)?;
    let ch = f.change.as_ref()?;
    let percent = ch.percent.as_deref()?;
    let line = f.prov.line?;
    let prior = facts.iter().take(i).rev().take(3).find(|q| {
        matches!(&q.key, FactKey::Other { label } if label.contains("执行数") || label.contains("上年"))
            && q.section == f.section
            && q.prov.line.is_some_and(|l| l + 2 >= line && l <= line)
    })?;
    super::ys305_percent_matches::fits(now, prior.amount.as_ref()?, percent, ch.direction)
}

/// The restating fact's percentage fits the heading's amount and not its own: the text's
/// figure is the slip, reported here, and not again as a wrong percentage.
pub(crate) fn percent_follows_heading(doc: &Disclosure, heading: usize, text: usize) -> bool {
    let facts = &doc.narrative.facts;
    let (Some(h), Some(t)) = (facts.get(heading), facts.get(text)) else {
        return false;
    };
    let (Some(ha), Some(ta)) = (h.amount, t.amount) else {
        return false;
    };
    percent_fits(facts, text, &ha) == Some(true) && percent_fits(facts, text, &ta) == Some(false)
}

impl Rule for ItemAmountRestated {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let facts = &cx.doc.narrative.facts;
        let restated = restated(cx.doc);
        let twice = stated_twice(cx.doc)
            .into_iter()
            .filter(|p| !restated.contains(p) && !restated.iter().any(|r| r.1 == p.1))
            .map(|p| (p, false));
        for ((h, t), heading) in restated.iter().map(|&p| (p, true)).chain(twice) {
            let (Some(hf), Some(tf)) = (facts.get(h), facts.get(t)) else {
                continue;
            };
            let (Some(ha), Some(ta)) = (hf.amount, tf.amount) else {
                continue;
            };
            let (subject_zh, subject_en) = match subject(&hf.key) {
                Some(s) => (format!("「{s}」"), format!("\"{s}\"")),
                None => ("同一事项".to_string(), "one item".to_string()),
            };
            let (zh, en) = if heading {
                let follows = percent_follows_heading(cx.doc, h, t);
                let percent = tf
                    .change
                    .as_ref()
                    .and_then(|c| c.percent.clone())
                    .unwrap_or_default();
                (
                    format!(
                        "{subject_zh}列出两个不同的金额：标题为 {ha}，正文为 {ta}{}",
                        if follows {
                            format!("（所述增减 {percent} 与 {ha} 相符）")
                        } else {
                            String::new()
                        }
                    ),
                    format!(
                        "two different amounts for {subject_en}: {ha} in its heading, {ta} in its text{}",
                        if follows {
                            format!(" (the stated change of {percent} fits {ha})")
                        } else {
                            String::new()
                        }
                    ),
                )
            } else {
                let page = |f: &Fact| {
                    f.prov
                        .page
                        .map(|p| format!("第 {p} 页"))
                        .unwrap_or_default()
                };
                (
                    format!(
                        "{subject_zh}在同一部分中两处金额不同：{page_h}为 {ha}，{page_t}为 {ta}",
                        page_h = page(hf),
                        page_t = page(tf)
                    ),
                    format!("two different amounts for {subject_en} in one part: {ha}, then {ta}"),
                )
            };
            out.push(
                Finding::new(Self::INFO.code, Self::INFO.severity, zh, en)
                    .at(&tf.prov)
                    .at(&hf.prov),
            );
        }
    }
}

/// The subject's name as the message states it.
fn subject(key: &FactKey) -> Option<String> {
    let name = match key {
        FactKey::ExpenditureByCode { name, .. }
        | FactKey::ExpenditureByName { name }
        | FactKey::ProjectAmount { name } => name.as_str(),
        FactKey::ThreePublicTotal => "“三公”经费",
        FactKey::Overseas => "因公出国（境）费",
        FactKey::VehicleTotal => "公务用车购置及运行费",
        FactKey::VehiclePurchase => "公务用车购置费",
        FactKey::VehicleOperation => "公务用车运行费",
        FactKey::Reception => "公务接待费",
        FactKey::AdminCost => "机关运行经费",
        _ => return None,
    };
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{doc, fact, run, wan};
    use yusuan_model::{Change, Code, Direction, Region};

    fn item(doc_year: u16, heading: &str, text: &str, percent: Option<&str>) -> Disclosure {
        let mut d = doc();
        d.meta.year = Some(doc_year);
        let key = FactKey::ExpenditureByCode {
            code: Code::parse("2210201").unwrap(),
            name: "住房公积金".into(),
        };
        let other = |label: &str| FactKey::Other {
            label: label.into(),
        };
        let mut t = fact(other("2026年预算安排"), text, "2026年预算安排…", 11);
        t.change = percent.map(|p| Change {
            direction: Direction::Increase,
            amount: None,
            percent: Some(p.into()),
            versus_year: Some(2025),
            reasons: Vec::new(),
            reason_text: None,
            prov: t.prov.clone(),
        });
        d.narrative.facts = vec![
            fact(
                key,
                heading,
                "12、住房保障支出（221类）住房改革支出（02款）住房公积金（01项）",
                10,
            ),
            fact(
                other("2025年当年预算执行数"),
                "198.34",
                "2025年当年预算执行数为198.34万元",
                11,
            ),
            t,
        ];
        d
    }

    #[test]
    fn heading_and_text_with_different_amounts_fail() {
        let d = item(2026, "208.8", "201.50", Some("5.27%"));
        let f = run(&ItemAmountRestated, &d, Region::Shanghai);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("208.8") && f[0].message.contains("201.50"));
        assert!(f[0].message.contains("住房公积金"));
        // 198.34 → 208.8 is +5.27%: the text's 201.50 is the slip.
        assert!(
            f[0].message.contains("与 208.8 万元 相符"),
            "{}",
            f[0].message
        );
        assert!(percent_follows_heading(&d, 0, 2));
        assert_eq!(f[0].primary().and_then(|p| p.line), Some(11));
    }

    #[test]
    fn the_same_amount_or_another_year_passes() {
        let d = item(2026, "243.36", "243.36", None);
        assert!(run(&ItemAmountRestated, &d, Region::Shanghai).is_empty());
        // Within rounding: 201.5 and 201.50.
        let d = item(2026, "201.5", "201.50", None);
        assert!(run(&ItemAmountRestated, &d, Region::Shanghai).is_empty());
        // A 2027 document's "2026年预算安排" is last year's.
        let d = item(2027, "208.8", "201.50", None);
        assert!(run(&ItemAmountRestated, &d, Region::Shanghai).is_empty());
    }

    #[test]
    fn another_subject_or_a_final_account_passes() {
        let mut d = item(2026, "208.8", "201.50", None);
        d.narrative.facts[2].key = FactKey::Other {
            label: "其中：基本支出2026年预算安排".into(),
        };
        assert!(run(&ItemAmountRestated, &d, Region::Shanghai).is_empty());
        let mut d = item(2026, "208.8", "201.50", None);
        d.meta.kind = yusuan_model::DocKind::DepartmentFinalAccounts;
        assert!(run(&ItemAmountRestated, &d, Region::Shanghai).is_empty());
        // The next item begins before the restatement.
        let mut d = item(2026, "208.8", "201.50", None);
        d.narrative.facts.insert(
            2,
            fact(
                FactKey::Other {
                    label: "13、购房补贴".into(),
                },
                "1",
                "13、购房补贴1万元",
                11,
            ),
        );
        assert!(run(&ItemAmountRestated, &d, Region::Shanghai).is_empty());
        assert!(wan("1").is_some());
    }

    #[test]
    fn one_subject_twice_in_a_part_with_two_amounts_fails() {
        let mut d = doc();
        d.meta.year = Some(2026);
        let mut a = fact(FactKey::Reception, "0.5", "公务接待费0.5万元", 20);
        let mut b = fact(FactKey::Reception, "0.8", "公务接待费预算为0.8万元", 24);
        let mut c = fact(FactKey::Reception, "0.5", "公务接待费0.5万元", 40);
        a.section = Some("“三公”经费".into());
        b.section = a.section.clone();
        // Another part may state another scope.
        c.section = Some("其他".into());
        d.narrative.facts = vec![a, b, c];
        let f = run(&ItemAmountRestated, &d, Region::Shanghai);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("公务接待费") && f[0].message.contains("0.8"));
        assert_eq!(f[0].primary().and_then(|p| p.line), Some(24));
        // A clause of last year's figure is no restatement.
        d.narrative.facts[1].text = "上年预算数0.8万元".into();
        assert!(run(&ItemAmountRestated, &d, Region::Shanghai).is_empty());
        // The same amount twice passes.
        d.narrative.facts[1].text = "公务接待费预算为0.50万元".into();
        d.narrative.facts[1].amount = wan("0.50");
        assert!(run(&ItemAmountRestated, &d, Region::Shanghai).is_empty());
    }

    /// 上海's 收支预算总体情况 gives a class once for all money and again for 财政拨款 (seen in a
    /// generated budget, render_then_import seed 810217088438112554): two scopes, no defect.
    #[test]
    fn a_class_stated_for_two_scopes_in_one_part_passes() {
        let mut d = doc();
        d.meta.year = Some(2026);
        let key = FactKey::ExpenditureByCode {
            code: yusuan_model::code::Code::parse("201").unwrap(),
            name: "一般公共服务支出".into(),
        };
        let mut a = fact(key.clone(), "3180.88", "一般公共服务支出3180.88万元", 20);
        let mut b = fact(key, "2524.36", "一般公共服务支出2524.36万元", 24);
        a.section = Some("收支预算总体情况".into());
        b.section = a.section.clone();
        d.narrative.facts = vec![a, b];
        assert!(run(&ItemAmountRestated, &d, Region::Shanghai).is_empty());
    }

    #[test]
    fn labels() {
        assert!(restates_this_year("2026年预算安排", Some(2026)));
        assert!(restates_this_year("2026年度预算数", Some(2026)));
        assert!(restates_this_year("本年预算", Some(2026)));
        assert!(!restates_this_year("2025年当年预算执行数", Some(2026)));
        assert!(!restates_this_year("2026年预算安排培训费", Some(2026)));
        assert!(!restates_this_year("2025年预算安排", Some(2026)));
        assert!(starts_item("12、住房"));
        assert!(starts_item("（三）住房"));
        assert!(!starts_item("2026年预算安排"));
        assert!(!starts_item("（221类）"));
    }
}
