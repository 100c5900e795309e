//! Exact search for the rounding problems the circulation cannot take whole: depth-first
//! branch and bound over the rounding directions, with constraint propagation.
//!
//! Every constraint says "between `lo` and `hi` of these variables are 1". Propagation fixes
//! the remaining variables of a constraint as soon as it is tight; a constraint that can no
//! longer be met ends the branch. Variables are tried with the hint's value first (the
//! circulation's solution of as many constraints as it can take), so the first solution is
//! usually found without backtracking; the search then keeps looking for one that changes
//! fewer directions from the nearest rounding, up to a node budget.

/// One constraint over 0/1 variables: `lo ≤ Σ x ≤ hi`.
#[derive(Clone, Debug)]
pub struct Bound {
    pub vars: Vec<usize>,
    pub lo: i64,
    pub hi: i64,
}

pub struct Search<'a> {
    bounds: &'a [Bound],
    /// Constraints each variable is in.
    of_var: Vec<Vec<usize>>,
    /// The preferred (nearest) value of each variable: changes from it are counted.
    nearest: &'a [u8],
    /// The value tried first.
    hint: &'a [u8],
    order: Vec<usize>,
    val: Vec<i8>,
    ones: Vec<i64>,
    free: Vec<i64>,
    trail: Vec<usize>,
    changes: usize,
    best: Option<(usize, Vec<u8>)>,
    nodes: usize,
    budget: usize,
}

impl<'a> Search<'a> {
    pub fn new(n: usize, bounds: &'a [Bound], nearest: &'a [u8], hint: &'a [u8]) -> Search<'a> {
        let mut of_var = vec![Vec::new(); n];
        for (c, b) in bounds.iter().enumerate() {
            for &v in &b.vars {
                if let Some(list) = of_var.get_mut(v) {
                    list.push(c);
                }
            }
        }
        // Most constrained variables first: their conflicts show early.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&v| std::cmp::Reverse(of_var.get(v).map(Vec::len).unwrap_or(0)));
        let free = bounds.iter().map(|b| b.vars.len() as i64).collect();
        Search {
            bounds,
            of_var,
            nearest,
            hint,
            order,
            val: vec![-1; n],
            ones: vec![0; bounds.len()],
            free,
            trail: Vec::new(),
            changes: 0,
            best: None,
            nodes: 0,
            budget: 0,
        }
    }

    /// Search with a budget of branching nodes; the best assignment found (fewest changes from
    /// the nearest rounding) and whether the search was complete (proved optimal or infeasible).
    pub fn run(mut self, budget: usize) -> (Option<Vec<u8>>, bool) {
        self.budget = budget;
        // Constraints with nothing to choose must already hold.
        let mut queue: Vec<usize> = (0..self.bounds.len()).collect();
        let ok = self.propagate(&mut queue);
        let complete = if ok { self.dfs(0) } else { true };
        (self.best.map(|(_, v)| v), complete)
    }

    fn near(&self, v: usize) -> u8 {
        self.nearest.get(v).copied().unwrap_or(0)
    }

    fn assign(&mut self, v: usize, x: u8, queue: &mut Vec<usize>) {
        let Some(slot) = self.val.get_mut(v) else {
            return;
        };
        *slot = x as i8;
        if x != self.near(v) {
            self.changes += 1;
        }
        self.trail.push(v);
        for &c in self.of_var.get(v).into_iter().flatten() {
            if let Some(free) = self.free.get_mut(c) {
                *free -= 1;
            }
            if x == 1 {
                if let Some(ones) = self.ones.get_mut(c) {
                    *ones += 1;
                }
            }
            queue.push(c);
        }
    }

    fn undo_to(&mut self, mark: usize) {
        while self.trail.len() > mark {
            let Some(v) = self.trail.pop() else { break };
            // Only assigned variables are on the trail.
            let Some(slot) = self.val.get_mut(v) else {
                continue;
            };
            let x = std::mem::replace(slot, -1);
            if x as u8 != self.near(v) {
                self.changes -= 1;
            }
            for &c in self.of_var.get(v).into_iter().flatten() {
                if let Some(free) = self.free.get_mut(c) {
                    *free += 1;
                }
                if x == 1 {
                    if let Some(ones) = self.ones.get_mut(c) {
                        *ones -= 1;
                    }
                }
            }
        }
    }

    /// Apply every forced assignment; `false` on a conflict.
    fn propagate(&mut self, queue: &mut Vec<usize>) -> bool {
        while let Some(c) = queue.pop() {
            let Some(b) = self.bounds.get(c) else {
                continue;
            };
            let (Some(&ones), Some(&free)) = (self.ones.get(c), self.free.get(c)) else {
                continue;
            };
            if ones > b.hi || ones + free < b.lo {
                return false;
            }
            if free == 0 {
                continue;
            }
            let force = if ones == b.hi {
                0
            } else if ones + free == b.lo {
                1
            } else {
                continue;
            };
            for &v in &b.vars {
                if self.val.get(v).is_some_and(|&x| x < 0) {
                    self.assign(v, force, queue);
                }
            }
        }
        true
    }

    /// Returns `false` when the budget ran out.
    fn dfs(&mut self, from: usize) -> bool {
        if self.best.as_ref().is_some_and(|(c, _)| self.changes >= *c) {
            return true;
        }
        let mut k = from;
        while self
            .order
            .get(k)
            .is_some_and(|&v| self.val.get(v).is_some_and(|&x| x >= 0))
        {
            k += 1;
        }
        let Some(&v) = self.order.get(k) else {
            let sol: Vec<u8> = self.val.iter().map(|&x| x.max(0) as u8).collect();
            self.best = Some((self.changes, sol));
            return true;
        };
        self.nodes += 1;
        if self.nodes > self.budget {
            return false;
        }
        let first = self.hint.get(v).copied().unwrap_or(0);
        for x in [first, 1 - first] {
            let mark = self.trail.len();
            let mut queue = Vec::new();
            self.assign(v, x, &mut queue);
            let ok = self.propagate(&mut queue);
            let complete = if ok { self.dfs(k + 1) } else { true };
            self.undo_to(mark);
            if !complete {
                return false;
            }
            if self.best.as_ref().is_some_and(|(c, _)| *c == 0) {
                return true;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_solution_and_minimises_changes() {
        // x0 + x1 = 1, x1 + x2 = 1, x0 + x2 ≤ 2; nearest 1,1,1.
        let bounds = vec![
            Bound {
                vars: vec![0, 1],
                lo: 1,
                hi: 1,
            },
            Bound {
                vars: vec![1, 2],
                lo: 1,
                hi: 1,
            },
        ];
        let nearest = [1, 1, 1];
        let (sol, complete) = Search::new(3, &bounds, &nearest, &nearest).run(1000);
        assert!(complete);
        assert_eq!(sol, Some(vec![1, 0, 1]));
    }

    #[test]
    fn proves_infeasibility() {
        // An odd cycle of "exactly one of each pair".
        let pair = |a, b| Bound {
            vars: vec![a, b],
            lo: 1,
            hi: 1,
        };
        let bounds = vec![pair(0, 1), pair(1, 2), pair(0, 2)];
        let nearest = [0, 0, 0];
        let (sol, complete) = Search::new(3, &bounds, &nearest, &nearest).run(1000);
        assert!(complete);
        assert_eq!(sol, None);
    }
}
