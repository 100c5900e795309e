//! Rounding that foots (controlled rounding).
//!
//! # The problem
//!
//! A budget is exact (分); the tables show it in 万元 with 2 decimals (a *quantum* of 10 000 分)
//! or in whole 元 (100 分). Only the *leaves* are rounded — the 项 × source × 基本/项目 cells,
//! the 经济分类 款 × 人员/公用 cells, the “三公” parts, the procurement parts — and every other
//! shown cell is the sum of the shown leaves under it, so every table foots by construction.
//! What has to be chosen is the direction of each leaf (down to the multiple of the quantum
//! below it, or up to the one above), such that every shown *aggregate* (a set of leaves:
//! a 类 row's 基本支出, a source's total, a table's 合计 …) is also within one quantum of its
//! exact value — the exact value rounded down or up — and as few leaves as possible are rounded
//! against the nearest rounding.
//!
//! With `fᵢ` the remainder of leaf `i` (in quanta, 0 ≤ fᵢ < 1) and `xᵢ ∈ {0, 1}` its
//! direction, an aggregate `S` is shown within one quantum exactly when
//! `⌊Σ_{i∈S} fᵢ⌋ ≤ Σ_{i∈S} xᵢ ≤ ⌈Σ_{i∈S} fᵢ⌉`: an interval constraint on the number of leaves of
//! `S` rounded up. Leaves with no remainder are fixed and drop out. A quantity that must equal
//! a value chosen elsewhere (the 经济分类 total must equal the 基本支出 already shown) is a
//! constraint with `lo = hi`.
//!
//! # The algorithm
//!
//! 1. Round every leaf to the nearest; if every constraint holds, that is the answer.
//! 2. Otherwise look at how the aggregates overlap. Two sets *cross* when they intersect and
//!    neither contains the other. If the crossing graph is bipartite, the aggregates split into
//!    two laminar families (each a forest under inclusion) — the case of any one table with a
//!    code hierarchy in its rows and 总计 = 基本 + 项目 (or 合计 = Σ sources) in its columns, and
//!    of all the tables together when no 功能分类 code mixes fund sources.
//!    The incidence matrix of two laminar families is a network matrix, hence totally
//!    unimodular, and the problem is a **minimum-cost circulation**: family A as a tree of arcs
//!    directed down from a root (the arc into set `X` carries `Σ_{i∈X} xᵢ`, bounded by `X`'s
//!    interval), family B as a tree directed up to its root, each leaf an arc from the smallest
//!    A-set holding it to the smallest B-set holding it with capacity 1, and one arc closing the
//!    circulation. The exact remainders `xᵢ = fᵢ` are a feasible fractional circulation, so by
//!    Hoffman's theorem an integral one exists, and a minimum-cost circulation algorithm finds
//!    the integral optimum. The cost of rounding leaf `i` up is `W·(±1) + (1 − 2fᵢ)`: the first
//!    term counts leaves rounded against the nearest (`W` is larger than any sum of second
//!    terms), the second breaks ties by the total rounding error. **Guarantee: a rounding in
//!    which every aggregate is within one quantum always exists in this case, and the one found
//!    changes the fewest leaves from the nearest rounding.**
//! 3. Otherwise (a 3-dimensional structure: codes × sources × 基本/项目 with a code that has
//!    money from several sources and both parts), controlled rounding can in theory be
//!    infeasible. The crossing graph is 2-coloured greedily (larger aggregates first); the
//!    circulation solves the two laminar families found, and its solution is the first guess of
//!    an exact depth-first search with constraint propagation over all constraints
//!    ([`search`]), with a node budget. The search either returns a rounding that satisfies
//!    everything (and, within the budget, changes fewest leaves), or proves none exists.
//! 4. Whatever happens, the solution is verified against every aggregate; an aggregate still
//!    more than one quantum off (only possible in case 3 when no solution exists or the budget
//!    ran out) is reported, never hidden: the tables still foot (sums of shown leaves), and the
//!    builder notes which aggregate is off.

pub mod flow;
pub mod search;

use flow::Circulation;
use search::{Bound, Search};
use std::collections::HashMap;

/// How a rounding was found.
#[derive(Copy, Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Rounding every leaf to the nearest already satisfied every aggregate.
    Nearest,
    /// Minimum-cost circulation (two laminar families): exact and optimal.
    Circulation,
    /// Exact search over a structure with more than two laminar families.
    Search,
    /// No rounding satisfies every aggregate (or the search budget ran out): see `unsatisfied`.
    Partial,
}

/// An aggregate: a set of leaves whose shown sum is within one quantum of its exact sum, or
/// equal to `fixed` when given.
#[derive(Clone, Debug, Default)]
pub struct Set {
    pub members: Vec<usize>,
    pub fixed: Option<i64>,
}

/// One rounding problem: exact leaf values (分), the quantum, the aggregates.
#[derive(Clone, Debug)]
pub struct Problem {
    pub quantum: i64,
    pub values: Vec<i64>,
    pub sets: Vec<Set>,
}

/// The shown leaf values and how they were found.
#[derive(Clone, Debug)]
pub struct Solution {
    /// Shown value of every leaf (a multiple of the quantum, within one quantum of the exact).
    pub shown: Vec<i64>,
    /// Leaves whose exact value is not a multiple of the quantum.
    pub fractional: usize,
    /// Leaves rounded in the other direction than the nearest rounding.
    pub changed: usize,
    pub method: Method,
    /// Indices into [`Problem::sets`] whose shown sum is not within one quantum of the exact
    /// sum (or not equal to `fixed`). Empty unless `method` is [`Method::Partial`].
    pub unsatisfied: Vec<usize>,
}

/// Search budget (branching nodes) for the structures the circulation cannot take whole.
const SEARCH_BUDGET: usize = 200_000;

fn floor_to(v: i64, q: i64) -> i64 {
    v - v.rem_euclid(q)
}

fn nearest_to(v: i64, q: i64) -> i64 {
    yusuan_model::Fen(v).round_to(q).0
}

/// A constraint in terms of the variables (leaves with a remainder).
#[derive(Clone, Debug)]
struct Con {
    vars: Vec<usize>,
    lo: i64,
    hi: i64,
}

/// Solve a rounding problem. Never panics; an impossible constraint is reported in
/// [`Solution::unsatisfied`].
pub fn solve(p: &Problem) -> Solution {
    let q = p.quantum.max(1);
    let floors: Vec<i64> = p.values.iter().map(|&v| floor_to(v, q)).collect();
    // Variables: leaves with a remainder.
    let mut var_of: Vec<Option<usize>> = Vec::with_capacity(p.values.len());
    let mut leaf_of: Vec<usize> = Vec::new();
    let mut frac: Vec<i64> = Vec::new();
    let mut nearest: Vec<u8> = Vec::new();
    for (i, (&v, &floor)) in p.values.iter().zip(&floors).enumerate() {
        let r = v.rem_euclid(q);
        if r == 0 {
            var_of.push(None);
        } else {
            var_of.push(Some(leaf_of.len()));
            leaf_of.push(i);
            frac.push(r);
            nearest.push(u8::from(nearest_to(v, q) != floor));
        }
    }
    let n = leaf_of.len();
    // Constraints over variables, deduplicated by their variable sets.
    let mut cons: Vec<Con> = Vec::new();
    let mut by_vars: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut impossible = false;
    for s in &p.sets {
        let mut vars: Vec<usize> = s
            .members
            .iter()
            .filter_map(|&m| var_of.get(m).copied().flatten())
            .collect();
        vars.sort_unstable();
        vars.dedup();
        let fl: i64 = s
            .members
            .iter()
            .map(|&m| floors.get(m).copied().unwrap_or(0))
            .sum();
        let f: i64 = vars.iter().filter_map(|&v| frac.get(v)).sum();
        let (lo, hi) = match s.fixed {
            Some(t) => {
                let d = t - fl;
                if d.rem_euclid(q) != 0 {
                    impossible = true;
                    continue;
                }
                (d / q, d / q)
            }
            None => (f / q, (f + q - 1) / q),
        };
        if lo > hi || lo < 0 || hi < 0 || lo > vars.len() as i64 {
            impossible = true;
            continue;
        }
        if lo == 0 && hi >= vars.len() as i64 {
            continue; // says nothing
        }
        match by_vars.get(&vars).and_then(|&k| cons.get_mut(k)) {
            Some(c) => {
                c.lo = c.lo.max(lo);
                c.hi = c.hi.min(hi);
                if c.lo > c.hi {
                    impossible = true;
                }
            }
            None => {
                by_vars.insert(vars.clone(), cons.len());
                cons.push(Con { vars, lo, hi });
            }
        }
    }
    let _ = impossible; // reported by the final verification
    cons.retain(|c| c.lo <= c.hi);

    let satisfied = |x: &[u8]| {
        cons.iter().all(|c| {
            let k: i64 = c
                .vars
                .iter()
                .map(|&v| i64::from(x.get(v).copied().unwrap_or(0)))
                .sum();
            c.lo <= k && k <= c.hi
        })
    };
    let (x, method) = if satisfied(&nearest) {
        (nearest.clone(), Method::Nearest)
    } else {
        let (a, b, rest) = two_laminar(n, &cons);
        if rest.is_empty() {
            match circulate(n, &a, &b, &frac, &nearest, q) {
                Some(x) => (x, Method::Circulation),
                None => search_all(n, &cons, &nearest, &nearest),
            }
        } else {
            let hint = circulate(n, &a, &b, &frac, &nearest, q).unwrap_or(nearest.clone());
            search_all(n, &cons, &nearest, &hint)
        }
    };
    // Shown leaves and the final verification against every aggregate.
    let mut shown = floors.clone();
    for (v, &leaf) in leaf_of.iter().enumerate() {
        if x.get(v).copied().unwrap_or(0) == 1 {
            if let Some(s) = shown.get_mut(leaf) {
                *s += q;
            }
        }
    }
    let unsatisfied: Vec<usize> = p
        .sets
        .iter()
        .enumerate()
        .filter(|(_, s)| !holds(s, &shown, &p.values, q))
        .map(|(i, _)| i)
        .collect();
    let changed = x.iter().zip(&nearest).filter(|(a, b)| a != b).count();
    Solution {
        shown,
        fractional: n,
        changed,
        method: if unsatisfied.is_empty() {
            method
        } else {
            Method::Partial
        },
        unsatisfied,
    }
}

/// Does an aggregate hold for these shown leaves?
pub fn holds(s: &Set, shown: &[i64], exact: &[i64], q: i64) -> bool {
    let sh: i64 = s
        .members
        .iter()
        .map(|&m| shown.get(m).copied().unwrap_or(0))
        .sum();
    let ex: i64 = s
        .members
        .iter()
        .map(|&m| exact.get(m).copied().unwrap_or(0))
        .sum();
    match s.fixed {
        Some(t) => sh == t,
        None => (sh - ex).abs() < q,
    }
}

fn search_all(n: usize, cons: &[Con], nearest: &[u8], hint: &[u8]) -> (Vec<u8>, Method) {
    let bounds: Vec<Bound> = cons
        .iter()
        .map(|c| Bound {
            vars: c.vars.clone(),
            lo: c.lo,
            hi: c.hi,
        })
        .collect();
    let (best, _complete) = Search::new(n, &bounds, nearest, hint).run(SEARCH_BUDGET);
    match best {
        Some(x) => (x, Method::Search),
        None => (hint.to_vec(), Method::Partial),
    }
}

/// Bitset of a constraint's variables.
fn bits(n: usize, vars: &[usize]) -> Vec<u64> {
    let mut b = vec![0u64; n.div_ceil(64).max(1)];
    for &v in vars {
        if let Some(w) = b.get_mut(v / 64) {
            *w |= 1 << (v % 64);
        }
    }
    b
}

fn subset(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x & !y == 0)
}

fn intersects(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

/// Split the constraints into two laminar families A and B (a 2-colouring of the crossing
/// graph, larger sets first); constraints that fit in neither are returned as the rest.
// In bounds: `adj`, `colour` and `aside` have one entry per constraint, and the indices used
// (`order`, the lists in `adj`) are constraint numbers, all below `cons.len()`.
#[allow(clippy::indexing_slicing)]
fn two_laminar(n: usize, cons: &[Con]) -> (Vec<&Con>, Vec<&Con>, Vec<&Con>) {
    let m = cons.len();
    let bs: Vec<Vec<u64>> = cons.iter().map(|c| bits(n, &c.vars)).collect();
    // The crossing graph: each constraint's crossing constraints, in order.
    let crosses = |x: &[u64], y: &[u64]| intersects(x, y) && !subset(x, y) && !subset(y, x);
    let adj: Vec<Vec<usize>> = bs
        .iter()
        .enumerate()
        .map(|(i, bi)| {
            (0..)
                .zip(&bs)
                .filter(|&(j, bj)| j != i && crosses(bi, bj))
                .map(|(j, _)| j)
                .collect()
        })
        .collect();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cons[i].vars.len()));
    // Colour by breadth-first search, component by component, larger sets first; a constraint
    // that would cross a set of its own colour is set aside.
    let mut colour: Vec<i8> = vec![-1; m];
    let mut aside = vec![false; m];
    for &start in &order {
        if colour[start] >= 0 || aside[start] {
            continue;
        }
        colour[start] = 0;
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(i) = queue.pop_front() {
            let want = 1 - colour[i];
            for &j in &adj[i] {
                if aside[j] || colour[j] >= 0 {
                    continue;
                }
                if adj[j].iter().any(|&k| colour[k] == want) {
                    aside[j] = true;
                } else {
                    colour[j] = want;
                    queue.push_back(j);
                }
            }
        }
    }
    let with = |want: i8| {
        cons.iter()
            .zip(&colour)
            .filter(|&(_, &c)| c == want)
            .map(|(c, _)| c)
            .collect()
    };
    let rest = cons
        .iter()
        .zip(&aside)
        .filter(|&(_, &a)| a)
        .map(|(c, _)| c)
        .collect();
    (with(0), with(1), rest)
}

/// Parents in a laminar family (smallest strictly larger set containing it) and, for every
/// variable, the smallest set of the family holding it.
fn forest(n: usize, family: &[&Con]) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let bs: Vec<Vec<u64>> = family.iter().map(|c| bits(n, &c.vars)).collect();
    let parent = family
        .iter()
        .zip(&bs)
        .enumerate()
        .map(|(x, (cx, bx))| {
            // (index, size) of the smallest set strictly larger than x that holds it.
            let mut best: Option<(usize, usize)> = None;
            for (y, (cy, by)) in family.iter().zip(&bs).enumerate() {
                let size = cy.vars.len();
                if y == x || size <= cx.vars.len() || !subset(bx, by) {
                    continue;
                }
                if best.is_none_or(|(_, b)| size < b) {
                    best = Some((y, size));
                }
            }
            best.map(|(y, _)| y)
        })
        .collect();
    // For every variable, the (index, size) of the smallest set holding it.
    let mut smallest: Vec<Option<(usize, usize)>> = vec![None; n];
    for (k, c) in family.iter().enumerate() {
        let size = c.vars.len();
        for &v in &c.vars {
            if let Some(s) = smallest.get_mut(v) {
                if s.is_none_or(|(_, b)| size < b) {
                    *s = Some((k, size));
                }
            }
        }
    }
    let smallest = smallest.into_iter().map(|s| s.map(|(k, _)| k)).collect();
    (parent, smallest)
}

/// Minimum-cost circulation over two laminar families (see the module documentation).
fn circulate(
    n: usize,
    a: &[&Con],
    b: &[&Con],
    frac: &[i64],
    nearest: &[u8],
    q: i64,
) -> Option<Vec<u8>> {
    let (pa, sa) = forest(n, a);
    let (pb, sb) = forest(n, b);
    let mut c = Circulation::new();
    let root_a = c.node();
    let root_b = c.node();
    let node_a: Vec<usize> = a.iter().map(|_| c.node()).collect();
    let node_b: Vec<usize> = b.iter().map(|_| c.node()).collect();
    // A set's node, or the family's root for none.
    let node = |nodes: &[usize], k: Option<usize>, root: usize| {
        k.and_then(|k| nodes.get(k).copied()).unwrap_or(root)
    };
    for ((con, &parent), &here) in a.iter().zip(&pa).zip(&node_a) {
        c.arc(node(&node_a, parent, root_a), here, con.lo, con.hi, 0);
    }
    for ((con, &parent), &here) in b.iter().zip(&pb).zip(&node_b) {
        c.arc(here, node(&node_b, parent, root_b), con.lo, con.hi, 0);
    }
    let w = q.saturating_mul(n as i64 + 1);
    let mut arcs = Vec::with_capacity(n);
    // One entry per variable in each of the four.
    for (((&in_a, &in_b), &near), &fr) in sa.iter().zip(&sb).zip(nearest).zip(frac) {
        let from = node(&node_a, in_a, root_a);
        let to = node(&node_b, in_b, root_b);
        let primary = if near == 1 { -w } else { w };
        let cost = primary + (q - 2 * fr);
        arcs.push(c.arc(from, to, 0, 1, cost));
    }
    c.arc(root_b, root_a, 0, n as i64, 0);
    if !c.solve() {
        return None;
    }
    Some(arcs.iter().map(|&arc| u8::from(c.flow(arc) > 0)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(members: &[usize]) -> Set {
        Set {
            members: members.to_vec(),
            fixed: None,
        }
    }

    fn all_hold(p: &Problem, s: &Solution) -> bool {
        p.sets
            .iter()
            .all(|x| holds(x, &s.shown, &p.values, p.quantum))
            && s.shown
                .iter()
                .zip(&p.values)
                .all(|(a, b)| (a - b).abs() < p.quantum && a.rem_euclid(p.quantum) == 0)
    }

    #[test]
    fn nearest_when_it_foots() {
        let p = Problem {
            quantum: 100,
            values: vec![120, 230],
            sets: vec![set(&[0, 1])],
        };
        let s = solve(&p);
        assert_eq!(s.shown, vec![100, 200]);
        assert_eq!(s.method, Method::Nearest);
        assert_eq!(s.changed, 0);
    }

    #[test]
    fn three_halves_must_not_all_round_up() {
        // 0.5 + 0.5 + 0.5 = 1.5: nearest gives 3, the total may show 1 or 2.
        let p = Problem {
            quantum: 100,
            values: vec![50, 50, 50],
            sets: vec![set(&[0, 1, 2])],
        };
        let s = solve(&p);
        assert!(all_hold(&p, &s), "{s:?}");
        assert_eq!(s.changed, 1);
        assert_eq!(s.method, Method::Circulation);
    }

    #[test]
    fn fixed_totals_are_met() {
        let p = Problem {
            quantum: 100,
            values: vec![40, 40, 40],
            sets: vec![Set {
                members: vec![0, 1, 2],
                fixed: Some(100),
            }],
        };
        let s = solve(&p);
        assert_eq!(s.shown.iter().sum::<i64>(), 100);
        assert!(all_hold(&p, &s));
    }

    #[test]
    fn impossible_fixed_value_is_reported() {
        let p = Problem {
            quantum: 100,
            values: vec![40],
            sets: vec![Set {
                members: vec![0],
                fixed: Some(300),
            }],
        };
        let s = solve(&p);
        assert_eq!(s.unsatisfied, vec![0]);
        assert_eq!(s.method, Method::Partial);
    }

    /// A table: `rows` leaves in a two-level tree × `cols` columns, with row totals, column
    /// totals per group and per row, and the grand total.
    fn table(values: Vec<i64>, rows: usize, cols: usize, group: usize) -> Problem {
        let at = |r: usize, c: usize| r * cols + c;
        let mut sets = Vec::new();
        let groups: Vec<Vec<usize>> = (0..rows)
            .collect::<Vec<_>>()
            .chunks(group.max(1))
            .map(|g| g.to_vec())
            .collect();
        for c in 0..cols {
            sets.push(set(&(0..rows).map(|r| at(r, c)).collect::<Vec<_>>()));
            for g in &groups {
                sets.push(set(&g.iter().map(|&r| at(r, c)).collect::<Vec<_>>()));
            }
        }
        for r in 0..rows {
            sets.push(set(&(0..cols).map(|c| at(r, c)).collect::<Vec<_>>()));
        }
        for g in &groups {
            let m: Vec<usize> = g
                .iter()
                .flat_map(|&r| (0..cols).map(move |c| at(r, c)))
                .collect();
            sets.push(set(&m));
        }
        sets.push(set(&(0..rows * cols).collect::<Vec<_>>()));
        Problem {
            quantum: 10_000,
            values,
            sets,
        }
    }

    proptest! {
        #[test]
        fn two_dimensional_tables_always_round_exactly(
            rows in 1usize..12,
            cols in 1usize..4,
            group in 1usize..4,
            seed in proptest::collection::vec(0i64..10_000_000, 48),
        ) {
            let values: Vec<i64> = seed.iter().take(rows * cols).copied()
                .chain(std::iter::repeat(0)).take(rows * cols).collect();
            let p = table(values, rows, cols, group);
            let s = solve(&p);
            prop_assert!(s.unsatisfied.is_empty(), "{:?}", s);
            prop_assert!(all_hold(&p, &s));
            prop_assert!(matches!(s.method, Method::Nearest | Method::Circulation));
        }

        #[test]
        fn three_dimensional_structures_are_solved_or_reported(
            codes in 1usize..8,
            seed in proptest::collection::vec(0i64..10_000_000, 64),
        ) {
            // codes × 2 sources × 2 parts, with every 2-D margin and a two-level code tree.
            let at = |c: usize, s: usize, k: usize| (c * 2 + s) * 2 + k;
            let n = codes * 4;
            let values: Vec<i64> = seed.iter().copied().cycle().take(n).collect();
            let mut sets = Vec::new();
            let groups: Vec<Vec<usize>> = (0..codes).collect::<Vec<_>>().chunks(2).map(|g| g.to_vec()).collect();
            let mut ranges: Vec<Vec<usize>> = groups.clone();
            ranges.push((0..codes).collect());
            ranges.extend((0..codes).map(|c| vec![c]));
            for r in &ranges {
                for s in 0..2 {
                    for k in 0..2 { sets.push(set(&r.iter().map(|&c| at(c, s, k)).collect::<Vec<_>>())); }
                    sets.push(set(&r.iter().flat_map(|&c| [at(c, s, 0), at(c, s, 1)]).collect::<Vec<_>>()));
                }
                for k in 0..2 {
                    sets.push(set(&r.iter().flat_map(|&c| [at(c, 0, k), at(c, 1, k)]).collect::<Vec<_>>()));
                }
                sets.push(set(&r.iter().flat_map(|&c| (0..4).map(move |j| c * 4 + j)).collect::<Vec<_>>()));
            }
            let p = Problem { quantum: 10_000, values, sets };
            let s = solve(&p);
            // Whatever the method, what is reported as satisfied holds, and what does not hold
            // is reported.
            for (i, x) in p.sets.iter().enumerate() {
                prop_assert_eq!(holds(x, &s.shown, &p.values, p.quantum), !s.unsatisfied.contains(&i));
            }
            prop_assert!(s.unsatisfied.is_empty(), "3-D instance not solved: {:?}", s);
        }
    }
}
