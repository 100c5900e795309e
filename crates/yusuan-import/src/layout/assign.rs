//! Which amount column each number of a row belongs to.
//!
//! Numbers are right-aligned in their cells, so on one page the right ends of a column's numbers
//! agree to a character or so. The columns' right ends on a page (its anchors) come from the rows
//! that fill every column; failing that, the page's numbers are clustered by right end and the
//! clusters matched to the header's columns in order, by position. Each number then goes to the
//! nearest anchor, keeping the row's order; where two readings are about as near, the one in
//! which the totals add up (合计 = 基本支出 + 项目支出) wins.

use super::words::Word;
use yusuan_model::{parse_amount, MoneyUnit};

/// Numbers whose right ends are this close (in character columns) are one column.
const CLUSTER_GAP: f64 = 2.0;
/// Readings whose distance is within this of the best are weighed by the totals.
const TIE_MARGIN: f64 = 2.0;
/// How far (in half columns) the page before is shifted to match a page.
const MAX_SHIFT_STEPS: i32 = 20;
/// More readings than this are not enumerated; the nearest is taken.
const MAX_READINGS: usize = 20_000;

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v.get(mid).copied()
    } else {
        Some((v.get(mid.checked_sub(1)?)? + v.get(mid)?) / 2.0)
    }
}

/// Assign `items` (in order) to distinct `slots` (in order), keeping the order, at the least total
/// cost. `cost(i, j)` of `None` forbids item `i` in slot `j`. Returns the slot of each item.
// In bounds: `best` and `took` are (items + 1) × (slots + 1), `out` has `items` entries, and
// `i ≤ items`, `j ≤ slots` throughout (each `- 1` only where that index is at least 1).
#[allow(clippy::indexing_slicing)]
pub(super) fn in_order(
    items: usize,
    slots: usize,
    cost: impl Fn(usize, usize) -> Option<f64>,
) -> Option<Vec<usize>> {
    if items == 0 {
        return Some(Vec::new());
    }
    if items > slots {
        return None;
    }
    // best[i][j]: least cost of placing items 0..i in slots 0..j.
    let inf = f64::INFINITY;
    let mut best = vec![vec![inf; slots + 1]; items + 1];
    let mut took = vec![vec![false; slots + 1]; items + 1];
    for row in best.iter_mut().take(1) {
        row.fill(0.0);
    }
    for i in 1..=items {
        for j in 1..=slots {
            let skip = best[i][j - 1];
            let take = match cost(i - 1, j - 1) {
                Some(c) if best[i - 1][j - 1].is_finite() => best[i - 1][j - 1] + c,
                _ => inf,
            };
            if take <= skip && take.is_finite() {
                best[i][j] = take;
                took[i][j] = true;
            } else {
                best[i][j] = skip;
            }
        }
    }
    if !best[items][slots].is_finite() {
        return None;
    }
    let mut out = vec![0; items];
    let (mut i, mut j) = (items, slots);
    while i > 0 && j > 0 {
        if took[i][j] {
            out[i - 1] = j - 1;
            i -= 1;
        }
        j -= 1;
    }
    (i == 0).then_some(out)
}

/// The numbers of one page, by row.
pub(super) struct PageNumbers<'a> {
    pub rows: Vec<&'a [Word]>,
}

struct Cluster {
    right: f64,
    center: f64,
}

fn clusters(rows: &[&[Word]]) -> Vec<Cluster> {
    let mut all: Vec<&Word> = rows.iter().flat_map(|r| r.iter()).collect();
    all.sort_by(|a, b| a.right().total_cmp(&b.right()));
    let mut groups: Vec<Vec<&Word>> = Vec::new();
    for w in all {
        match groups.last_mut() {
            Some(g)
                if g.last()
                    .is_some_and(|p| w.right() - p.right() <= CLUSTER_GAP) =>
            {
                g.push(w)
            }
            _ => groups.push(vec![w]),
        }
    }
    groups
        .into_iter()
        .filter_map(|g| {
            Some(Cluster {
                right: median(g.iter().map(|w| w.right()).collect())?,
                center: median(g.iter().map(|w| w.center(1.0)).collect())?,
            })
        })
        .collect()
}

/// Where the `k` amount columns of a page end. `centers` are the header's column middles on
/// this page (when the page shows the header); `previous` the anchors of the page before.
pub(super) fn anchors(
    k: usize,
    page: &PageNumbers,
    centers: Option<&[f64]>,
    previous: Option<&[Option<f64>]>,
) -> Vec<Option<f64>> {
    let mut out: Vec<Option<f64>> = vec![None; k];
    if k == 0 {
        return out;
    }
    // Rows that fill every column say where each column ends.
    let full: Vec<&&[Word]> = page.rows.iter().filter(|r| r.len() == k).collect();
    if !full.is_empty() {
        for (j, slot) in out.iter_mut().enumerate() {
            *slot = median(
                full.iter()
                    .filter_map(|r| r.get(j))
                    .map(Word::right)
                    .collect(),
            );
        }
        return out;
    }
    let mut cl = clusters(&page.rows);
    // More clusters than columns: a column's numbers spread wider than usual; join the closest.
    while cl.len() > k && cl.len() >= 2 {
        let Some(i) = cl
            .iter()
            .zip(cl.iter().skip(1))
            .map(|(a, b)| b.right - a.right)
            .enumerate()
            .min_by(|(_, a), (_, b)| a.total_cmp(b))
            .map(|(i, _)| i)
        else {
            break;
        };
        // `i + 1` is a cluster: `i` is the first of a neighbouring pair.
        let next = cl.remove(i + 1);
        let Some(c) = cl.get_mut(i) else {
            break;
        };
        c.right = c.right.max(next.right);
        c.center = (c.center + next.center) / 2.0;
    }
    let centers = centers.filter(|c| c.len() == k);
    let previous = previous.filter(|p| p.len() == k);
    // Pages lay text out at slightly different scales: the page before is matched at the shift
    // that fits best (the smallest shift among equals).
    let mut shift = 0.0;
    let placed = match (centers, previous) {
        (Some(c), _) => in_order(cl.len(), k, |i, j| {
            Some((cl.get(i)?.center - c.get(j)?).abs())
        }),
        (None, Some(p)) => {
            let mut best: Option<(f64, f64, Vec<usize>)> = None;
            for step in -MAX_SHIFT_STEPS..=MAX_SHIFT_STEPS {
                let d = f64::from(step) * 0.5;
                let cost = |i: usize, j: usize| {
                    Some((cl.get(i)?.right - p.get(j).copied().flatten()? - d).abs())
                };
                let Some(pl) = in_order(cl.len(), k, cost) else {
                    continue;
                };
                let total: f64 = pl
                    .iter()
                    .enumerate()
                    .filter_map(|(i, &j)| cost(i, j))
                    .sum::<f64>()
                    + 0.01 * d.abs();
                if best.as_ref().is_none_or(|b| total < b.0) {
                    best = Some((total, d, pl));
                }
            }
            best.map(|(_, d, pl)| {
                shift = d;
                pl
            })
        }
        // Nothing to go by: the columns in order from the left.
        _ => Some((0..cl.len()).collect()),
    };
    let Some(placed) = placed else {
        return out;
    };
    // One column for each cluster.
    for (&j, c) in placed.iter().zip(&cl) {
        if let Some(slot) = out.get_mut(j) {
            *slot = Some(c.right);
        }
    }
    // Columns without a number on this page: where the header (or the page before) puts them.
    if let Some(c) = centers {
        let offset = median(
            placed
                .iter()
                .zip(&cl)
                .filter_map(|(&j, cluster)| Some(cluster.right - c.get(j)?))
                .collect(),
        )
        .unwrap_or(0.0);
        for (slot, &center) in out.iter_mut().zip(c) {
            if slot.is_none() {
                *slot = Some(center + offset);
            }
        }
    } else if let Some(p) = previous {
        for (slot, prev) in out.iter_mut().zip(p) {
            if slot.is_none() {
                *slot = prev.map(|a| a + shift);
            }
        }
    }
    out
}

/// Sums that must hold between columns: (total column, its parts).
pub(super) type SumRules = [(usize, Vec<usize>)];

/// Do the totals of a reading add up? `None` when no rule has a value to check.
fn adds_up(values: &[Option<(i64, i64)>], rules: &SumRules) -> Option<bool> {
    let mut checked = false;
    for (t, parts) in rules {
        let involved: Vec<(i64, i64)> = std::iter::once(*t)
            .chain(parts.iter().copied())
            .filter_map(|c| values.get(c).copied().flatten())
            .collect();
        if involved.is_empty() {
            continue;
        }
        checked = true;
        let total = values.get(*t).copied().flatten().map_or(0, |v| v.0);
        let sum: i64 = parts
            .iter()
            .filter_map(|&c| values.get(c).copied().flatten())
            .map(|v| v.0)
            .sum();
        let slack: i64 = involved.iter().map(|v| v.1).sum();
        if (total - sum).abs() > slack {
            return Some(false);
        }
    }
    checked.then_some(true)
}

/// Assign a row's numbers to columns (`anchors` from [`anchors`]). Returns the column of each
/// number, or `None` when they cannot be placed (more numbers than columns with an anchor).
pub(super) fn assign_row(
    numbers: &[Word],
    anchors: &[Option<f64>],
    rules: &SumRules,
    unit: MoneyUnit,
) -> Option<Vec<usize>> {
    let n = numbers.len();
    let k = anchors.len();
    let dist = |i: usize, j: usize| {
        Some((numbers.get(i)?.right() - anchors.get(j).copied().flatten()?).abs())
    };
    let nearest = in_order(n, k, dist)?;
    if n == 0 || rules.is_empty() || binomial(k, n) > MAX_READINGS {
        return Some(nearest);
    }
    // Enumerate the readings near the best and let the totals decide between them.
    let best_cost: f64 = nearest
        .iter()
        .enumerate()
        .filter_map(|(i, &j)| dist(i, j))
        .sum();
    let mut readings: Vec<(f64, Vec<usize>)> = Vec::new();
    let mut cur: Vec<usize> = Vec::with_capacity(n);
    let search = Search {
        n,
        k,
        limit: best_cost + TIE_MARGIN,
        dist: &dist,
    };
    search.run(0, 0.0, &mut cur, &mut readings);
    readings.sort_by(|a, b| a.0.total_cmp(&b.0));
    let Some(best) = readings.first().map(|r| r.0) else {
        return Some(nearest);
    };
    let close: Vec<&(f64, Vec<usize>)> = readings
        .iter()
        .take_while(|r| r.0 <= best + TIE_MARGIN)
        .collect();
    if close.len() > 1 && !rules.is_empty() {
        let values: Vec<Option<(i64, i64)>> = numbers
            .iter()
            .map(|w| {
                parse_amount(&w.text, unit)
                    .ok()
                    .flatten()
                    .map(|a| (a.fen.0, a.quantum() / 2))
            })
            .collect();
        for (_, r) in &close {
            let mut by_col: Vec<Option<(i64, i64)>> = vec![None; k];
            for (i, &j) in r.iter().enumerate() {
                if let Some(slot) = by_col.get_mut(j) {
                    *slot = values.get(i).copied().flatten();
                }
            }
            if adds_up(&by_col, rules) == Some(true) {
                return Some(r.clone());
            }
        }
    }
    Some(close.first().map(|r| r.1.clone()).unwrap_or(nearest))
}

/// All order-keeping readings of a row within `limit` of distance.
struct Search<'a, F: Fn(usize, usize) -> Option<f64>> {
    n: usize,
    k: usize,
    limit: f64,
    dist: &'a F,
}

impl<F: Fn(usize, usize) -> Option<f64>> Search<'_, F> {
    fn run(&self, from: usize, cost: f64, cur: &mut Vec<usize>, out: &mut Vec<(f64, Vec<usize>)>) {
        let i = cur.len();
        if i == self.n {
            out.push((cost, cur.clone()));
            return;
        }
        // Leave room for the numbers still to place.
        let Some(last) = self.k.checked_sub(self.n - i) else {
            return;
        };
        for j in from..=last {
            if let Some(d) = (self.dist)(i, j) {
                if cost + d <= self.limit {
                    cur.push(j);
                    self.run(j + 1, cost + d, cur, out);
                    cur.pop();
                }
            }
        }
    }
}

fn binomial(k: usize, n: usize) -> usize {
    let n = n.min(k - n.min(k));
    let mut r: usize = 1;
    for i in 0..n {
        r = r.saturating_mul(k - i) / (i + 1);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    #[test]
    fn ordered_assignment() {
        let a = in_order(2, 3, |i, j| {
            Some(([10.0_f64, 30.0][i] - [10.0, 20.0, 30.0][j]).abs())
        });
        assert_eq!(a, Some(vec![0, 2]));
        assert_eq!(in_order(3, 2, |_, _| Some(0.0)), None);
        assert_eq!(binomial(7, 3), 35);
        assert_eq!(binomial(5, 5), 1);
    }

    fn number(text: &str, right: usize) -> Word {
        let mut w = words(text).remove(0);
        w.start = right - text.chars().count();
        w.end = right;
        w
    }

    #[test]
    fn totals_break_ties() {
        // 合计 and 基本支出 end close together; the number between them is the total when the
        // row adds up that way.
        let anchors = [Some(50.0), Some(52.0), Some(60.0)];
        let rules = [(0usize, vec![1usize, 2])];
        let row = [number("30", 51), number("30", 60)];
        let nearest = in_order(2, 3, |i, j| {
            anchors[j].map(|a: f64| (row[i].right() - a).abs())
        });
        assert!(nearest.is_some());
        let r = assign_row(&row, &anchors, &rules, MoneyUnit::Yuan);
        assert_eq!(r, Some(vec![0, 2]));
        // Without a rule, the nearest reading stands.
        let row = [number("30", 52), number("30", 60)];
        assert_eq!(
            assign_row(&row, &anchors, &[], MoneyUnit::Yuan),
            Some(vec![1, 2])
        );
        assert_eq!(
            assign_row(&row, &anchors, &rules, MoneyUnit::Yuan),
            Some(vec![0, 2])
        );
    }

    #[test]
    fn blank_middle_cell_keeps_its_place() {
        // 财政局 支出预算总表: 201 06 02 has no 基本支出.
        let lines = [
            "201             一般公共服务支出                 22,186,440.80   16,093,326.00    6,093,114.80",
            "201   06   02   一般行政管理事务                   100,000.00                      100,000.00",
        ];
        let nums: Vec<Vec<Word>> = lines
            .iter()
            .map(|l| {
                words(l)
                    .into_iter()
                    .filter(|w| w.is_amount())
                    .skip(1)
                    .collect()
            })
            .collect();
        let nums: Vec<Vec<Word>> = nums
            .into_iter()
            .map(|v| v.into_iter().filter(|w| w.text.contains('.')).collect())
            .collect();
        let page = PageNumbers {
            rows: nums.iter().map(Vec::as_slice).collect(),
        };
        let a = anchors(3, &page, None, None);
        assert!(a.iter().all(Option::is_some));
        let rules = [(0usize, vec![1usize, 2])];
        let r = assign_row(&nums[1], &a, &rules, MoneyUnit::Yuan);
        assert_eq!(r, Some(vec![0, 2]));
    }
}
