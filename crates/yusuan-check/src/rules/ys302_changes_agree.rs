use super::subject::subject_of_reason;
use crate::arith::{compare, Operand};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use std::collections::HashMap;
use yusuan_model::{Direction, FactKey, Provenance};

declare_rule! {
    /// 同一项目的增减说明前后一致（方向与金额）。
    ///
    /// ## 检查什么
    /// When the narrative states the change of the same figure against last year in more than
    /// one place — as a sentence of its own (`项目支出 … 比 2024 年减少 106.00 万元`) or as a
    /// listed reason of another change (`主要是 … 项目支出预算增加 106.00 万元`) — the
    /// direction (增加/减少/持平) and the amount agree.
    ///
    /// ## 为什么
    /// A change with the wrong direction word tells readers the opposite of what happened; two
    /// statements that disagree cannot both be right.
    ///
    /// ## 示例
    /// Fails: `项目支出 2304.00 万元，比 2024 年减少 106.00 万元` and elsewhere
    /// `主要是 … 项目支出预算增加 106.00 万元`. Passes: both say 减少.
    pub ChangesAgree, "YS302", "change-statements-agree", Narrative, Error
}

struct Statement {
    key: FactKey,
    direction: Direction,
    op: Option<Operand>,
    prov: Provenance,
    text: String,
}

impl Rule for ChangesAgree {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let mut stmts: Vec<Statement> = Vec::new();
        for f in &cx.doc.narrative.facts {
            let Some(ch) = &f.change else { continue };
            // Only figures with a known meaning can be the same figure stated twice.
            if matches!(
                f.key,
                FactKey::Other { .. } | FactKey::ExpenditureByName { .. }
            ) {
                continue;
            }
            stmts.push(Statement {
                key: f.key.clone(),
                direction: ch.direction,
                op: ch
                    .amount
                    .as_ref()
                    .map(|a| Operand::from_amount(a, &ch.prov)),
                prov: ch.prov.clone(),
                text: f.text.clone(),
            });
            for r in &ch.reasons {
                if let Some(key) = subject_of_reason(&r.label, cx) {
                    stmts.push(Statement {
                        key,
                        direction: r.direction,
                        op: r.amount.as_ref().map(|a| Operand::from_amount(a, &r.prov)),
                        prov: r.prov.clone(),
                        text: format!("{}{}", r.label, r.direction.label()),
                    });
                }
            }
        }
        // Each statement is compared with the first statement of its figure. Later statements
        // that say the same as one already reported add their place to its finding: one
        // disagreement, one finding.
        // Looked up by key rather than by scanning the statements before each one (that grew
        // with the square of the narrative): per figure, its first statement and the first one
        // at another place; per (figure, direction, amount) reported, the finding it went to.
        let mut firsts: HashMap<&FactKey, (usize, Option<usize>)> = HashMap::new();
        let mut reported: HashMap<(&FactKey, Direction, Option<i64>), usize> = HashMap::new();
        for (i, a) in stmts.iter().enumerate() {
            // The first statement before this one of the same figure at another place.
            let b = match firsts.get(&a.key) {
                Some(&(first, _)) if stmts.get(first).is_some_and(|s| s.prov != a.prov) => {
                    Some(first)
                }
                Some(&(_, other)) => other,
                None => None,
            };
            match firsts.get_mut(&a.key) {
                None => {
                    firsts.insert(&a.key, (i, None));
                }
                Some((first, other @ None))
                    if stmts.get(*first).is_some_and(|s| s.prov != a.prov) =>
                {
                    *other = Some(i)
                }
                Some(_) => {}
            }
            let Some(b) = b.and_then(|j| stmts.get(j)) else {
                continue;
            };
            let said = (&a.key, a.direction, a.op.as_ref().map(|o| o.fen.0));
            if let Some(&fi) = reported.get(&said) {
                if let Some(f) = out.get_mut(fi) {
                    f.locations.push(a.prov.clone());
                }
                continue;
            }
            let before = out.len();
            let dir_differs = a.direction != b.direction
                && !(a.op.as_ref().is_some_and(|o| o.fen.is_zero())
                    && b.direction == Direction::Flat);
            if dir_differs {
                let zh = format!(
                    "同一项目的增减方向前后矛盾：「{}」为{}，「{}」为{}",
                    a.text,
                    a.direction.label(),
                    b.text,
                    b.direction.label()
                );
                let en = format!(
                    "contradictory change directions for the same figure: {:?} vs {:?}",
                    a.direction, b.direction
                );
                out.push(
                    Finding::new(Self::INFO.code, Self::INFO.severity, zh, en)
                        .at(&a.prov)
                        .at(&b.prov),
                );
                reported.entry(said).or_insert(before);
                continue;
            }
            if let (Some(x), Some(y)) = (&a.op, &b.op) {
                let zh = format!(
                    "同一项目的增减金额前后不一致：「{}」与「{}」",
                    a.text, b.text
                );
                let en = "contradictory change amounts for the same figure".to_string();
                if let Some(f) = compare(&Self::INFO, x, y.fen, std::slice::from_ref(y), (&zh, &en))
                {
                    out.push(f);
                    reported.entry(said).or_insert(before);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::{at, doc, fact, lines, run, wan};
    use yusuan_model::{Change, Fact, Region};

    fn stated(key: FactKey, dir: Direction, delta: &str, line: u32) -> Fact {
        let mut f = fact(key, "", "", line);
        f.change = Some(Change {
            direction: dir,
            amount: wan(delta),
            percent: None,
            versus_year: None,
            reasons: Vec::new(),
            reason_text: None,
            prov: at(line),
        });
        f
    }

    #[test]
    fn contradictions_of_one_figure_are_one_finding() {
        let mut d = doc();
        let (i, dec) = (Direction::Increase, Direction::Decrease);
        d.narrative
            .facts
            .push(stated(FactKey::Project, dec, "106.00", 10));
        d.narrative
            .facts
            .push(stated(FactKey::Project, i, "106.00", 20));
        d.narrative
            .facts
            .push(stated(FactKey::Project, i, "106.00", 30));
        d.narrative
            .facts
            .push(stated(FactKey::Basic, i, "21.70", 40));
        d.narrative
            .facts
            .push(stated(FactKey::Basic, i, "21.70", 50));
        let f = run(&ChangesAgree, &d, Region::Chongqing);
        assert_eq!(lines(&f), vec![20]);
        let ls: Vec<Option<u32>> = f[0].locations.iter().map(|p| p.line).collect();
        assert_eq!(ls, vec![Some(20), Some(10), Some(30)]);
    }

    #[test]
    fn clauses_without_a_certain_subject_are_not_the_same_figure() {
        let mut d = doc();
        let other = |label: &str| FactKey::Other {
            label: label.to_string(),
        };
        d.narrative.facts.push(stated(
            other("一般公共预算拨款安排的会议费预算支出"),
            Direction::Flat,
            "",
            10,
        ));
        d.narrative.facts.push(stated(
            other("一般公共预算拨款安排的培训费预算支出"),
            Direction::Increase,
            "5",
            20,
        ));
        d.narrative.facts.push(stated(
            FactKey::ExpenditureByName {
                name: "人大事务行政运行（项）".into(),
            },
            Direction::Decrease,
            "17.89",
            30,
        ));
        d.narrative.facts.push(stated(
            FactKey::ExpenditureByName {
                name: "人大事务（款）其他人大事务（项）".into(),
            },
            Direction::Increase,
            "48.3",
            40,
        ));
        assert!(run(&ChangesAgree, &d, Region::National).is_empty());
    }
}
