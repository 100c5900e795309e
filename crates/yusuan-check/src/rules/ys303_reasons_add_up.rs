use crate::arith::{check_sum, Operand};
use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{Amount, Direction, Fen};

declare_rule! {
    /// 列举的增减原因之和等于所说明的增减额。
    ///
    /// ## 检查什么
    /// When a stated change is explained by a list of amounts (`减少 91.13 万元，主要是 A 增加
    /// 420.34 万元，…，B 减少 1.01 万元`), the signed amounts of the list add up to the change.
    ///
    /// ## 为什么
    /// The list is how readers learn where the change came from; if it does not add up, a
    /// reason is missing or mistyped, or the direction of one is wrong.
    ///
    /// ## 示例
    /// Fails: `支出较 2024 年减少 91.13 万元，主要是基本支出预算增加 21.70 万元，项目支出预算增加
    /// 106.00 万元` (the list adds up to +127.70). Passes: `… 项目支出预算减少 106.00 万元，国有资本
    /// 经营预算支出减少 6.83 万元` (−91.13).
    pub ReasonsAddUp, "YS303", "reasons-add-up", Narrative, Error
}

fn signed(dir: Direction, a: &Amount, prov: &yusuan_model::Provenance) -> Operand {
    let mut o = Operand::from_amount(a, prov);
    if dir == Direction::Decrease {
        o.fen = Fen(-o.fen.0);
    }
    if dir == Direction::Flat {
        o.fen = Fen::ZERO;
    }
    o
}

impl Rule for ReasonsAddUp {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for f in &cx.doc.narrative.facts {
            let Some(ch) = &f.change else { continue };
            if ch.reasons.len() < 2 {
                continue;
            }
            let Some(total) = ch
                .amount
                .as_ref()
                .map(|a| signed(ch.direction, a, &ch.prov))
            else {
                continue;
            };
            let parts: Option<Vec<Operand>> = ch
                .reasons
                .iter()
                .map(|r| r.amount.as_ref().map(|a| signed(r.direction, a, &r.prov)))
                .collect();
            let Some(parts) = parts else { continue };
            let zh = format!(
                "「{}」的增减原因之和与增减额不符",
                f.text.chars().take(30).collect::<String>()
            );
            let en = "the listed reasons do not add up to the stated change".to_string();
            out.extend(check_sum(&Self::INFO, &total, &parts, (&zh, &en)));
        }
    }
}
