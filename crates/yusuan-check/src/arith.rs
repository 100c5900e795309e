//! Comparing amounts with rounding in mind.
//!
//! Amounts shown in 万元 are rounded from 元: each shown value can be off by half a unit of its
//! last digit. A difference no larger than the sum of those bounds over every value involved is
//! a rounding difference (取舍差异), reported as information; anything larger is an error.
//! The same holds for whole 元 rounded from 分 (上海's tables); amounts printed to the 分 are
//! exact, so any difference between them counts.

use crate::finding::{Finding, Money};
use crate::RuleInfo;
use yusuan_model::{Amount, Cell, Fen, MoneyUnit, Provenance, Row};

/// One value in an identity: the amount (blank = zero), how far rounding may have moved it,
/// and where it is.
#[derive(Clone, Debug)]
pub struct Operand {
    pub fen: Fen,
    pub bound: i64,
    pub prov: Provenance,
    pub unit: MoneyUnit,
    pub decimals: u8,
    /// False for a blank cell.
    pub present: bool,
}

impl Operand {
    pub fn from_amount(a: &Amount, prov: &Provenance) -> Operand {
        Operand {
            fen: a.fen,
            bound: rounding_bound(a),
            prov: prov.clone(),
            unit: a.unit,
            decimals: a.decimals,
            present: true,
        }
    }

    pub fn from_cell(c: &Cell) -> Operand {
        match &c.amount {
            Some(a) => Operand::from_amount(a, &c.prov),
            None => Operand {
                fen: Fen::ZERO,
                bound: 0,
                prov: c.prov.clone(),
                unit: MoneyUnit::WanYuan,
                decimals: 2,
                present: false,
            },
        }
    }
}

/// How far rounding may have moved a shown amount: half a unit of its last digit (nothing
/// for an amount shown to the 分).
pub fn rounding_bound(a: &Amount) -> i64 {
    a.rounding_bound()
}

/// The cell of a row in a column, as an operand (`None` when the row has no such column).
pub fn operand(row: &Row, key: yusuan_model::ColumnKey) -> Option<Operand> {
    row.cell(key).map(Operand::from_cell)
}

/// Unit and decimals to show a comparison in: those of the first present operand.
fn display_of(ops: &[&Operand]) -> (MoneyUnit, u8) {
    ops.iter()
        .find(|o| o.present)
        .map(|o| {
            (
                o.unit,
                if o.unit == MoneyUnit::WanYuan {
                    o.decimals.max(2)
                } else {
                    o.decimals
                },
            )
        })
        .unwrap_or((MoneyUnit::WanYuan, 2))
}

/// Check `actual == Σ parts` (parts may carry a sign through negative operands). Returns a
/// finding when they differ: marked as rounding when within the rounding bounds.
/// `what` describes the identity in Chinese and English.
pub fn check_sum(
    info: &'static RuleInfo,
    actual: &Operand,
    parts: &[Operand],
    what: (&str, &str),
) -> Option<Finding> {
    let expected: Fen = parts.iter().map(|p| p.fen).sum();
    compare(info, actual, expected, parts, what)
}

/// Check `actual == expected`, where `expected` was computed from `parts`.
pub fn compare(
    info: &'static RuleInfo,
    actual: &Operand,
    expected: Fen,
    parts: &[Operand],
    what: (&str, &str),
) -> Option<Finding> {
    let diff = actual.fen - expected;
    if diff.is_zero() {
        return None;
    }
    // A rounded figure compared with exact ones (万元 narrative against 元 tables) is right
    // when it is the correctly rounded value: that is not even a rounding difference. One that
    // was cut off instead of rounded (87.708 → 87.70) is a smaller defect than a wrong figure.
    let mut truncated = false;
    if actual.bound > 0 && parts.iter().all(|p| p.bound == 0) {
        let quantum = actual.bound * 2;
        if expected.round_to(quantum) == actual.fen {
            return None;
        }
        truncated = Fen(expected.0 - expected.0 % quantum) == actual.fen;
    }
    // Nothing to compare when every value is blank but the difference is zero (handled above)
    // or when the actual is blank and no part is present.
    let bound: i64 = actual.bound + parts.iter().map(|p| p.bound).sum::<i64>();
    let rounding = diff.0.abs() <= bound;
    let mut all: Vec<&Operand> = vec![actual];
    all.extend(parts.iter());
    let (unit, dec) = display_of(&all);
    let exp = Money::new(expected, unit, dec);
    let act = Money::new(actual.fen, unit, dec);
    let d = Money::new(diff, unit, dec);
    let (zh, en) = if rounding {
        (
            format!(
                "{}：应为 {}，实为 {}，相差 {}，在四舍五入范围内（取舍差异）",
                what.0, exp, act, d
            ),
            format!(
                "{}: expected {}, found {}, difference {} is within rounding",
                what.1, exp, act, d
            ),
        )
    } else {
        (
            format!("{}：应为 {}，实为 {}，相差 {}", what.0, exp, act, d),
            format!(
                "{}: expected {}, found {}, difference {}",
                what.1, exp, act, d
            ),
        )
    };
    let mut f = Finding::new(info.code, info.severity, zh, en)
        .at(&actual.prov)
        .at_all(parts.iter().map(|p| &p.prov))
        .values(exp, act);
    f.rounding = rounding;
    if truncated {
        f.severity = crate::Severity::Warning;
    }
    Some(f)
}

/// Does `actual` agree with one other figure: equal, the correctly rounded value of an exact
/// one, or within the rounding of both? The same answer as [`compare`] of `actual` with
/// `[part]` giving nothing or a rounding difference, without writing a finding (rules that
/// compare a figure with many places call this once per place).
pub fn agrees(actual: &Operand, part: &Operand) -> bool {
    let diff = actual.fen - part.fen;
    if diff.is_zero() {
        return true;
    }
    if actual.bound > 0 && part.bound == 0 && part.fen.round_to(actual.bound * 2) == actual.fen {
        return true;
    }
    diff.0.abs() <= actual.bound + part.bound
}

/// `row.label` or code, for messages.
pub fn row_name(row: &Row) -> String {
    match &row.code {
        Some(c) => format!("{} {}", c, row.label),
        None => row.label.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::NarrativeMatchesTables;

    fn op(fen: i64, bound: i64) -> Operand {
        Operand {
            fen: Fen(fen),
            bound,
            prov: Provenance::default(),
            unit: MoneyUnit::WanYuan,
            decimals: 2,
            present: true,
        }
    }

    #[test]
    fn agrees_is_compare_without_a_finding() {
        let info = &NarrativeMatchesTables::INFO;
        let bounds = [0, 50, 500, 5_000];
        let mut seen = [0usize; 2];
        for a in (-12_000..12_000).step_by(97) {
            for b in (-12_000..12_000).step_by(389) {
                for &ab in &bounds {
                    for &bb in &bounds {
                        let (x, y) = (op(a, ab), op(b, bb));
                        let by_compare =
                            compare(info, &x, y.fen, std::slice::from_ref(&y), ("", ""))
                                .is_none_or(|f| f.rounding);
                        assert_eq!(agrees(&x, &y), by_compare, "{a}±{ab} against {b}±{bb}");
                        seen[usize::from(by_compare)] += 1;
                    }
                }
            }
        }
        // Both answers occur on the grid.
        assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
    }
}
