//! Least-cost flow by successive shortest paths (Dijkstra on reduced costs
//! with node potentials), for balancing a car's route: every node must be
//! left as often as it is entered, and the cheapest way to get there is a
//! flow of extra driving from the nodes with more arcs in to the nodes with
//! more arcs out, where two-way streets may also be turned round for free.
//!
//! Why here and not a crate: no maintained, permissively licensed pure-Rust
//! min-cost-flow crate was at hand (LEMON's binding needs a C++ toolchain,
//! rs-graph is GPL). The algorithm is the textbook one (Ahuja, Magnanti and
//! Orlin, *Network Flows*, ch. 9); costs are integers (millimetres), so it
//! is exact, and the unit tests check it against a brute force.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A capacity that is never reached.
pub const UNLIMITED: i64 = i64::MAX / 4;

#[derive(Debug, Clone, Copy)]
struct Edge {
    to: u32,
    cap: i64,
    cost: i64,
}

/// A flow network; edges are added in pairs (forward, residual).
pub struct Network {
    edges: Vec<Edge>,
    out: Vec<Vec<u32>>,
}

impl Network {
    pub fn new(nodes: usize) -> Network {
        Network { edges: Vec::new(), out: vec![Vec::new(); nodes] }
    }

    /// Adds an arc `from → to` with a capacity and a non-negative cost per
    /// unit; returns its id for [`Network::flow`].
    pub fn add(&mut self, from: u32, to: u32, cap: i64, cost: i64) -> usize {
        debug_assert!(cost >= 0, "costs are non-negative");
        let id = self.edges.len();
        self.edges.push(Edge { to, cap, cost });
        self.edges.push(Edge { to: from, cap: 0, cost: -cost });
        self.out[from as usize].push(id as u32);
        self.out[to as usize].push(id as u32 + 1);
        id
    }

    /// The flow on arc `id` after [`Network::solve`].
    pub fn flow(&self, id: usize) -> i64 {
        self.edges[id + 1].cap
    }

    /// Sends `supply[v]` units out of every node with positive supply into the
    /// nodes with negative supply (the sum must be zero) at least total cost.
    /// Returns the cost, or `None` when the demand cannot be met.
    pub fn solve(&mut self, supply: &[i64]) -> Option<i64> {
        let n = self.out.len();
        debug_assert_eq!(supply.len(), n);
        if supply.iter().sum::<i64>() != 0 {
            return None;
        }
        // A super source and sink around the network.
        let (s, t) = (n as u32, n as u32 + 1);
        self.out.push(Vec::new());
        self.out.push(Vec::new());
        let mut need = 0;
        for (v, &b) in supply.iter().enumerate() {
            if b > 0 {
                self.add(s, v as u32, b, 0);
                need += b;
            } else if b < 0 {
                self.add(v as u32, t, -b, 0);
            }
        }
        let nodes = n + 2;
        let mut potential = vec![0i64; nodes];
        let mut cost = 0i64;
        let mut sent = 0;
        while sent < need {
            // Dijkstra on reduced costs (non-negative given the potentials).
            let mut dist = vec![i64::MAX; nodes];
            let mut via = vec![u32::MAX; nodes];
            let mut heap = BinaryHeap::new();
            dist[s as usize] = 0;
            heap.push(Reverse((0i64, s)));
            while let Some(Reverse((d, u))) = heap.pop() {
                if d > dist[u as usize] {
                    continue;
                }
                for &e in &self.out[u as usize] {
                    let edge = self.edges[e as usize];
                    if edge.cap <= 0 {
                        continue;
                    }
                    let nd = d + edge.cost + potential[u as usize] - potential[edge.to as usize];
                    if nd < dist[edge.to as usize] {
                        dist[edge.to as usize] = nd;
                        via[edge.to as usize] = e;
                        heap.push(Reverse((nd, edge.to)));
                    }
                }
            }
            if dist[t as usize] == i64::MAX {
                return None;
            }
            for v in 0..nodes {
                if dist[v] < i64::MAX {
                    potential[v] += dist[v];
                }
            }
            // The bottleneck along the path, then push it.
            let mut push = need - sent;
            let mut v = t;
            while v != s {
                let e = via[v as usize] as usize;
                push = push.min(self.edges[e].cap);
                v = self.edges[e ^ 1].to;
            }
            let mut v = t;
            while v != s {
                let e = via[v as usize] as usize;
                self.edges[e].cap -= push;
                self.edges[e ^ 1].cap += push;
                cost += push * self.edges[e].cost;
                v = self.edges[e ^ 1].to;
            }
            sent += push;
        }
        Some(cost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The least cost by trying every split of the flow (tiny networks only).
    fn brute(arcs: &[(u32, u32, i64, i64)], supply: &[i64]) -> Option<i64> {
        // Enumerate flows 0..=cap (cap ≤ 3) on every arc.
        fn go(i: usize, arcs: &[(u32, u32, i64, i64)], bal: &mut Vec<i64>, cost: i64, best: &mut Option<i64>) {
            if i == arcs.len() {
                if bal.iter().all(|&b| b == 0) && best.is_none_or(|b| cost < b) {
                    *best = Some(cost);
                }
                return;
            }
            let (u, v, cap, c) = arcs[i];
            for f in 0..=cap.min(3) {
                bal[u as usize] -= f;
                bal[v as usize] += f;
                go(i + 1, arcs, bal, cost + f * c, best);
                bal[u as usize] += f;
                bal[v as usize] -= f;
            }
        }
        let mut best = None;
        go(0, arcs, &mut supply.to_vec(), 0, &mut best);
        best
    }

    #[test]
    fn matches_a_brute_force_on_small_networks() {
        let mut seed = 7u64;
        let mut rnd = |m: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..300 {
            let n = 3 + rnd(3) as usize;
            let arcs: Vec<(u32, u32, i64, i64)> = (0..(3 + rnd(5)))
                .map(|_| {
                    let u = rnd(n as u64) as u32;
                    let v = (u + 1 + rnd(n as u64 - 1) as u32) % n as u32;
                    (u, v, 1 + rnd(3) as i64, rnd(10) as i64)
                })
                .collect();
            let mut supply = vec![0i64; n];
            for _ in 0..rnd(3) {
                let (a, b) = (rnd(n as u64) as usize, rnd(n as u64) as usize);
                supply[a] += 1;
                supply[b] -= 1;
            }
            let mut net = Network::new(n);
            let ids: Vec<usize> = arcs.iter().map(|&(u, v, cap, c)| net.add(u, v, cap, c)).collect();
            let got = net.solve(&supply);
            assert_eq!(got, brute(&arcs, &supply), "{arcs:?} {supply:?}");
            if got.is_some() {
                // The flows honour capacities and balance every node.
                let mut bal = supply.clone();
                for (&(u, v, cap, _), &id) in arcs.iter().zip(&ids) {
                    let f = net.flow(id);
                    assert!((0..=cap).contains(&f));
                    bal[u as usize] -= f;
                    bal[v as usize] += f;
                }
                assert!(bal.iter().all(|&b| b == 0), "{bal:?}");
            }
        }
    }
}
