use crate::{declare_rule, Cx, Finding, Rule, RuleInfo};
use yusuan_model::{Amount, Direction, Fact, FactKey};

declare_rule! {
    /// 所述增减百分比与所述的本年数、上年数（或增减额）一致。
    ///
    /// ## 检查什么
    /// When the narrative states a change as a percentage (`2026年预算安排3845.49万元，比2025年预算执行数
    /// 增加17.62%`), the percentage must follow from the figures it states: last year's figure in the
    /// same sentence (`2025年当年预算执行数为3269.3万元`), or the stated change amount. Rounding of the
    /// figures and of the percentage's last digit is allowed for. A percentage cut off instead of
    /// rounded (16.0778% → 16.07%) or one unit off in its last digit is a publishers' convention:
    /// a warning, not an error.
    ///
    /// ## 为什么
    /// A percentage that contradicts its own figures means one of them was mistyped; readers cannot
    /// tell which.
    ///
    /// ## 示例
    /// Fails: `2025年当年预算执行数为43269.3万元，2026年预算安排3845.49万元，比2025年预算执行数增加17.62%`
    /// (from 43,269.3 to 3,845.49 is a decrease of 91.11%). Passes: `执行数为3269.3万元 … 增加17.62%`.
    pub PercentMatches, "YS305", "percent-matches-figures", Narrative, Error
}

/// `17.62%` → (1762, 2): the value in units of its last digit, and the decimals.
fn parse_percent(s: &str) -> Option<(i128, u32)> {
    let t = s.trim().trim_end_matches(['%', '％']).trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let v: i128 = format!("{int}{frac}").parse().ok()?;
    Some((v, frac.len() as u32))
}

/// The range of 100 × (now − before) / before in units of 10⁻⁶ %, over the rounding of both.
fn range(now: &Amount, before: &Amount) -> Option<(i128, i128)> {
    let (n, b) = (now.fen.0 as i128, before.fen.0 as i128);
    let (bn, bb) = (
        now.rounding_bound() as i128,
        before.rounding_bound() as i128,
    );
    let mut lo = i128::MAX;
    let mut hi = i128::MIN;
    for nn in [n - bn, n + bn] {
        for pb in [b - bb, b + bb] {
            if pb <= 0 {
                return None;
            }
            let v = (nn - pb) * 100_000_000 / pb;
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    Some((lo, hi))
}

/// The same from this year's figure and the stated change (`delta`, signed): last year's figure
/// is their difference, so it carries the rounding of both (a change written in 万元 is the
/// exact change rounded once, not the difference of two rounded figures).
fn range_from_change(now: &Amount, delta: &Amount, sign: i128) -> Option<(i128, i128)> {
    let (n, d) = (now.fen.0 as i128, sign * delta.fen.0 as i128);
    let (bn, bd) = (now.rounding_bound() as i128, delta.rounding_bound() as i128);
    let mut lo = i128::MAX;
    let mut hi = i128::MIN;
    // d / (n − d) grows with d and falls with n: its extremes are at the corners.
    for nn in [n - bn, n + bn] {
        for dd in [d - bd, d + bd] {
            let pb = nn - dd;
            if pb <= 0 {
                return None;
            }
            let v = dd * 100_000_000 / pb;
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    Some((lo, hi))
}

/// Whether a change stated as `percent` in `direction` fits the change from `before` to `now`
/// (rounding of all three allowed for); `None` when it cannot be told (flat, no valid figures).
pub(crate) fn fits(
    now: &Amount,
    before: &Amount,
    percent: &str,
    direction: Direction,
) -> Option<bool> {
    let (stated, dec) = parse_percent(percent)?;
    let sign: i128 = match direction {
        Direction::Increase => 1,
        Direction::Decrease => -1,
        Direction::Flat => return None,
    };
    let (lo, hi) = range(now, before)?;
    let unit = 10i128.pow(6 - dec.min(6));
    let value = sign * stated * unit;
    Some(value + unit / 2 >= lo && value - unit / 2 <= hi)
}

fn is_prior(f: &Fact) -> bool {
    match &f.key {
        FactKey::Other { label } => label.contains("执行数") || label.contains("上年"),
        _ => false,
    }
}

impl Rule for PercentMatches {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let facts = &cx.doc.narrative.facts;
        // An item's amount restated differently, the percentage fitting the heading's: YS712's.
        let restated: Vec<usize> = super::ys712_item_amount_restated::restated(cx.doc)
            .into_iter()
            .filter(|&(h, t)| {
                super::ys712_item_amount_restated::percent_follows_heading(cx.doc, h, t)
            })
            .map(|(_, t)| t)
            .collect();
        for (i, f) in facts.iter().enumerate() {
            let (Some(ch), Some(now)) = (&f.change, &f.amount) else {
                continue;
            };
            if restated.contains(&i) {
                continue;
            }
            let Some((stated, dec)) = ch.percent.as_deref().and_then(parse_percent) else {
                continue;
            };
            let sign: i128 = match ch.direction {
                Direction::Increase => 1,
                Direction::Decrease => -1,
                Direction::Flat => continue,
            };
            // Last year's figure: stated just before, in the same sentence (within two lines).
            let line = f.prov.line.unwrap_or(0);
            let prior = facts.iter().take(i).rev().take(3).find(|q| {
                is_prior(q)
                    && q.section == f.section
                    && q.prov.line.is_some_and(|l| l + 2 >= line && l <= line)
            });
            let (before, range) = match (prior.and_then(|q| q.amount), ch.amount) {
                (Some(p), _) => (p, range(now, &p)),
                (None, Some(delta)) => (
                    Amount {
                        fen: now.fen - yusuan_model::Fen(sign as i64 * delta.fen.0),
                        ..*now
                    },
                    range_from_change(now, &delta, sign),
                ),
                (None, None) => continue,
            };
            let Some((lo, hi)) = range else {
                continue;
            };
            // The stated percentage in 10⁻⁶ %, with half a unit of its last digit either way.
            let unit = 10i128.pow(6 - dec.min(6));
            let value = sign * stated * unit;
            if value + unit / 2 >= lo && value - unit / 2 <= hi {
                continue;
            }
            // Within one unit of the last digit: cut off instead of rounded (16.0778% → 16.07%),
            // or moved by one unit (66.6812% → 66.69%): publishers' conventions, a warning.
            let convention = value + unit >= lo && value - unit <= hi;
            let computed = (lo + hi) / 2;
            // Shown rounded to two decimals.
            let shown = |v: i128| {
                let h = (v.abs() + 5_000) / 10_000;
                format!(
                    "{}{}.{:02}%",
                    if v < 0 { "-" } else { "" },
                    h / 100,
                    h % 100
                )
            };
            let zh = format!(
                "所述增减 {}{} 与所述数字不符：由 {} 到 {}，应为 {}{}",
                ch.direction.label(),
                ch.percent.as_deref().unwrap_or(""),
                before,
                now,
                shown(computed),
                if convention {
                    "（末位截断或调整，非四舍五入）"
                } else {
                    ""
                }
            );
            let en = format!(
                "the stated change of {} does not follow from the figures: {} to {} is {}",
                ch.percent.as_deref().unwrap_or(""),
                before,
                now,
                shown(computed)
            );
            let severity = if convention {
                crate::Severity::Warning
            } else {
                Self::INFO.severity
            };
            let mut finding = Finding::new(Self::INFO.code, severity, zh, en)
                .at(&ch.prov)
                .at(&f.prov);
            if let Some(q) = prior {
                finding = finding.at(&q.prov);
            }
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_parsing_and_ranges() {
        assert_eq!(parse_percent("17.62%"), Some((1762, 2)));
        assert_eq!(parse_percent("28%"), Some((28, 0)));
        assert_eq!(parse_percent("x%"), None);
        let a = |s: &str| {
            yusuan_model::parse_amount(s, yusuan_model::MoneyUnit::WanYuan)
                .unwrap()
                .unwrap()
        };
        let (lo, hi) = range(&a("3845.49"), &a("3269.3")).unwrap();
        // 17.62% ± half its last digit overlaps the range the rounded figures allow.
        assert!(
            17_620_000 + 5_000 >= lo && 17_620_000 - 5_000 <= hi,
            "{lo} {hi}"
        );
        let (lo, hi) = range(&a("3845.49"), &a("43269.3")).unwrap();
        assert!(hi < -90_000_000, "{lo} {hi}");
    }

    use crate::rules::testutil::{doc, fact, lines, run};
    use crate::Severity;
    use yusuan_model::{Change, Region};

    fn with_change(amount: &str, dir: Direction, delta: &str, percent: &str, line: u32) -> Fact {
        let mut f = fact(FactKey::Project, amount, "", line);
        f.change = Some(Change {
            direction: dir,
            amount: crate::rules::testutil::wan(delta),
            percent: Some(percent.to_string()),
            versus_year: None,
            reasons: Vec::new(),
            reason_text: None,
            prov: crate::rules::testutil::at(line),
        });
        f
    }

    #[test]
    fn conventions_are_warnings_and_wrong_percentages_errors() {
        let mut d = doc();
        let i = Direction::Increase;
        // 1297.83 / 8072.29 = 16.0778%: cut off to 16.07%.
        d.narrative
            .facts
            .push(with_change("9370.12", i, "1297.83", "16.07%", 10));
        // 2233.13 / 3348.98 = 66.6812%: stated 66.69%.
        d.narrative.facts.push(with_change(
            "1115.85",
            Direction::Decrease,
            "2233.13",
            "66.69%",
            11,
        ));
        // 878.93 / 3015.16 = 29.15%: stated as 30%.
        d.narrative
            .facts
            .push(with_change("3894.09", i, "878.93", "30%", 12));
        // Right.
        d.narrative
            .facts
            .push(with_change("6106.99", i, "101.48", "1.69%", 13));
        // 101.48 / 6005.51 = 1.69%, stated 1.66% (divided by the new figure): an error.
        d.narrative
            .facts
            .push(with_change("6106.99", i, "101.48", "1.66%", 14));
        // 406.02 / 9.22 = 4403.69%, stated 4400.63%: right, from 415.2437 and a change of
        // 406.0174 (last year 9.2263) rounded once each; the figures allow 4398.9%–4408.5%.
        d.narrative
            .facts
            .push(with_change("415.24", i, "406.02", "4400.63%", 16));
        // 1557.29 / 128.43 = 1212.56%, stated 1312.56%.
        d.narrative
            .facts
            .push(with_change("1685.72", i, "1557.29", "1312.56%", 15));
        let f = run(&PercentMatches, &d, Region::National);
        assert_eq!(lines(&f), vec![10, 11, 12, 14, 15]);
        let sev: Vec<Severity> = f.iter().map(|f| f.severity).collect();
        use Severity::*;
        assert_eq!(sev, vec![Warning, Warning, Warning, Error, Error]);
        assert!(f[3].message.contains("应为 1.69%"), "{}", f[3].message);
    }
}
