//! Minimum-cost flow with successive shortest paths (Dijkstra with potentials), and the
//! minimum-cost circulation with lower bounds built on it.
//!
//! Capacities and costs are integers, so the flow found is integral (the flow polytope of a
//! network has integral vertices); that is what makes rounding by circulation exact.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Clone, Debug)]
struct Edge {
    to: usize,
    cap: i64,
    cost: i64,
}

/// A residual network: edge `e` and `e ^ 1` are each other's reverse.
#[derive(Clone, Debug, Default)]
pub struct Network {
    edges: Vec<Edge>,
    adj: Vec<Vec<usize>>,
}

impl Network {
    pub fn new(nodes: usize) -> Network {
        Network {
            edges: Vec::new(),
            adj: vec![Vec::new(); nodes],
        }
    }

    pub fn add_node(&mut self) -> usize {
        self.adj.push(Vec::new());
        self.adj.len() - 1
    }

    /// Add `u → v` with a capacity and a cost per unit; returns the edge's index.
    pub fn add_edge(&mut self, u: usize, v: usize, cap: i64, cost: i64) -> usize {
        let e = self.edges.len();
        self.edges.push(Edge { to: v, cap, cost });
        self.edges.push(Edge {
            to: u,
            cap: 0,
            cost: -cost,
        });
        if let Some(a) = self.adj.get_mut(u) {
            a.push(e);
        }
        if let Some(a) = self.adj.get_mut(v) {
            a.push(e + 1);
        }
        e
    }

    /// Flow sent through edge `e` so far.
    pub fn flow(&self, e: usize) -> i64 {
        self.edges.get(e ^ 1).map(|r| r.cap).unwrap_or(0)
    }

    /// Edge `e` and its reverse `e ^ 1` (added together, so side by side).
    fn with_reverse(&mut self, e: usize) -> Option<(&mut Edge, &mut Edge)> {
        let [a, b] = self.edges.get_mut((e & !1)..=(e | 1))? else {
            return None;
        };
        Some(if e & 1 == 0 { (a, b) } else { (b, a) })
    }

    /// Send up to `need` units from `s` to `t` at least cost. Every edge cost must be
    /// non-negative at the start (the circulation below makes sure of it). Returns the flow sent.
    pub fn min_cost_flow(&mut self, s: usize, t: usize, need: i64) -> i64 {
        let n = self.adj.len();
        let mut potential = vec![0i64; n];
        let mut sent = 0i64;
        let inf = i64::MAX / 4;
        while sent < need {
            // Dijkstra on reduced costs.
            let mut dist = vec![inf; n];
            let mut prev: Vec<Option<usize>> = vec![None; n];
            let mut heap = BinaryHeap::new();
            if let Some(d) = dist.get_mut(s) {
                *d = 0;
            }
            heap.push(Reverse((0i64, s)));
            while let Some(Reverse((d, u))) = heap.pop() {
                if dist.get(u).is_none_or(|&du| d > du) {
                    continue;
                }
                let pu = potential.get(u).copied().unwrap_or(0);
                for &e in self.adj.get(u).map(|a| a.as_slice()).unwrap_or(&[]) {
                    let Some(edge) = self.edges.get(e) else {
                        continue;
                    };
                    if edge.cap <= 0 {
                        continue;
                    }
                    let v = edge.to;
                    let pv = potential.get(v).copied().unwrap_or(0);
                    let nd = d + edge.cost + pu - pv;
                    if let (Some(dv), Some(pv)) = (dist.get_mut(v), prev.get_mut(v)) {
                        if nd < *dv {
                            *dv = nd;
                            *pv = Some(e);
                            heap.push(Reverse((nd, v)));
                        }
                    }
                }
            }
            if dist.get(t).is_none_or(|&dt| dt >= inf) {
                break;
            }
            for (p, d) in potential.iter_mut().zip(&dist) {
                if *d < inf {
                    *p += *d;
                }
            }
            // Bottleneck along the path.
            let mut push = need - sent;
            let mut v = t;
            while let Some(e) = prev.get(v).copied().flatten() {
                let Some((edge, reverse)) = self.with_reverse(e) else {
                    break;
                };
                push = push.min(edge.cap);
                v = reverse.to;
            }
            let mut v = t;
            while let Some(e) = prev.get(v).copied().flatten() {
                let Some((edge, reverse)) = self.with_reverse(e) else {
                    break;
                };
                edge.cap -= push;
                reverse.cap += push;
                v = reverse.to;
            }
            if push <= 0 {
                break;
            }
            sent += push;
        }
        sent
    }
}

/// An arc of a circulation, as added: where its flow can be read back.
#[derive(Copy, Clone, Debug)]
pub struct Arc {
    edge: usize,
    lower: i64,
    cap: i64,
    reversed: bool,
}

/// A minimum-cost circulation with lower and upper bounds on every arc.
///
/// Lower bounds are sent up front (they become node excesses); arcs with a negative cost are
/// saturated up front and replaced by their reverse (positive cost), so every residual cost is
/// non-negative; the excesses are then balanced by a minimum-cost flow from a super source to a
/// super sink. The circulation is feasible exactly when that flow meets every excess.
pub struct Circulation {
    net: Network,
    excess: Vec<i64>,
    source: usize,
    sink: usize,
    infeasible: bool,
}

impl Circulation {
    pub fn new() -> Circulation {
        let net = Network::new(2);
        Circulation {
            net,
            excess: vec![0, 0],
            source: 0,
            sink: 1,
            infeasible: false,
        }
    }

    pub fn node(&mut self) -> usize {
        self.excess.push(0);
        self.net.add_node()
    }

    /// `u → v` carrying between `lower` and `upper` units at `cost` per unit.
    pub fn arc(&mut self, u: usize, v: usize, lower: i64, upper: i64, cost: i64) -> Arc {
        if lower > upper {
            self.infeasible = true;
        }
        let cap = (upper - lower).max(0);
        self.shift(u, v, lower);
        if cost < 0 {
            self.shift(u, v, cap);
            let edge = self.net.add_edge(v, u, cap, -cost);
            Arc {
                edge,
                lower,
                cap,
                reversed: true,
            }
        } else {
            let edge = self.net.add_edge(u, v, cap, cost);
            Arc {
                edge,
                lower,
                cap,
                reversed: false,
            }
        }
    }

    fn shift(&mut self, u: usize, v: usize, amount: i64) {
        if let Some(x) = self.excess.get_mut(v) {
            *x += amount;
        }
        if let Some(x) = self.excess.get_mut(u) {
            *x -= amount;
        }
    }

    /// Solve; `false` when no circulation meets every bound.
    pub fn solve(&mut self) -> bool {
        if self.infeasible {
            return false;
        }
        let mut need = 0i64;
        let excess = std::mem::take(&mut self.excess);
        for (node, &x) in excess.iter().enumerate() {
            if node == self.source || node == self.sink {
                continue;
            }
            if x > 0 {
                self.net.add_edge(self.source, node, x, 0);
                need += x;
            } else if x < 0 {
                self.net.add_edge(node, self.sink, -x, 0);
            }
        }
        self.excess = excess;
        self.net.min_cost_flow(self.source, self.sink, need) == need
    }

    /// The flow on an arc after [`Circulation::solve`].
    pub fn flow(&self, a: Arc) -> i64 {
        let f = self.net.flow(a.edge);
        if a.reversed {
            a.lower + a.cap - f
        } else {
            a.lower + f
        }
    }
}

impl Default for Circulation {
    fn default() -> Self {
        Circulation::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_takes_the_cheaper_path() {
        let mut n = Network::new(4);
        let a = n.add_edge(0, 1, 1, 5);
        let b = n.add_edge(0, 2, 1, 1);
        n.add_edge(1, 3, 1, 0);
        n.add_edge(2, 3, 1, 0);
        assert_eq!(n.min_cost_flow(0, 3, 1), 1);
        assert_eq!(n.flow(a), 0);
        assert_eq!(n.flow(b), 1);
    }

    #[test]
    fn circulation_respects_bounds_and_prefers_negative_costs() {
        // A triangle: x → y → z → x; one arc must carry at least 1, another pays to carry flow.
        let mut c = Circulation::new();
        let (x, y, z) = (c.node(), c.node(), c.node());
        let a = c.arc(x, y, 1, 2, 0);
        let b = c.arc(y, z, 0, 2, -3);
        let d = c.arc(z, x, 0, 5, 1);
        assert!(c.solve());
        assert_eq!(c.flow(a), 2);
        assert_eq!(c.flow(b), 2);
        assert_eq!(c.flow(d), 2);
    }

    #[test]
    fn circulation_reports_infeasible_bounds() {
        let mut c = Circulation::new();
        let (x, y) = (c.node(), c.node());
        c.arc(x, y, 2, 2, 0);
        c.arc(y, x, 0, 1, 0);
        assert!(!c.solve());
    }
}
