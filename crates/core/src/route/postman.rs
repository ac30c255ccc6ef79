//! The rural postman problem: a closed walk of least length through every
//! required arc, free to use any other arc of the local graph.
//!
//! Undirected (walking, cycling), Frederickson's heuristic:
//! 1. the required arcs fall into connected components; join them by a
//!    minimum spanning tree over the shortest paths between components;
//! 2. pair the nodes of odd degree by a minimum-cost perfect matching on
//!    shortest-path distances (blossom, [`super::pairing`]) and add those paths;
//! 3. every degree is now even and the arcs connected: walk an Euler circuit.
//!
//! Directed (a car where one-way streets exist), a mixed problem that is
//! NP-hard in general; the heuristic:
//! 1. solve the undirected problem on the same streets with one-way
//!    restrictions dropped and take each two-way required street in the
//!    direction that tour takes it (one-way streets in their own direction),
//!    then turn two-way streets round where that lessens the imbalance; the
//!    same from the reversed tour, from the streets' own line direction and
//!    from the directions the greedy walk ([`super::greedy`]) drove them;
//! 2. join the components as above, with driveable shortest paths;
//! 3. balance every node (in = out) by an assignment of least cost from the
//!    nodes with more arcs in to the nodes with more arcs out (the same
//!    blossom matching on the bipartite graph of their copies), adding
//!    driveable shortest paths;
//! 4. a balanced, weakly connected directed graph has an Euler circuit;
//!    the shortest of the starts is kept.
//!
//! Everything runs inside one strongly connected component of the local
//! graph (the caller's job), so every path asked for exists.
//!
//! Lower bound: any closed walk through the required arcs travels them
//! (their length) plus deadhead legs that join every component, so at least
//! the spanning tree's length; undirected, the deadhead also evens every odd
//! node, so at least the least pairing's length. The bound is the larger
//! (the pairing only when it was computed over every pair, i.e. exactly).

use super::euler::{self, Item};
use super::local::{Local, Step};
use super::pairing;
use crate::union_find::UnionFind;
use rustc_hash::FxHashMap as HashMap;

/// Up to this many odd nodes are paired over every pair (exact); above it,
/// each node is offered its nearest [`NEAREST`] (and every pair if that
/// admits no perfect matching).
const EXACT_UP_TO: usize = 250;
const NEAREST: usize = 16;

/// A solved route: the steps of a closed walk from the start, each marked
/// required or not, and the parts of the lower bound.
pub struct Tour {
    pub steps: Vec<Item>,
    pub required_m: f64,
    /// Length of the spanning tree joining the required components.
    pub connect_m: f64,
    /// Least cost of evening the odd nodes, when computed exactly (directed:
    /// the undirected tour's bound beyond the required length).
    pub pairing_exact_m: Option<f64>,
}

impl Tour {
    pub fn length(&self, local: &Local) -> f64 {
        self.steps.iter().map(|i| local.arcs[i.step.arc as usize].len).sum()
    }

    pub fn lower_bound(&self) -> f64 {
        self.required_m + self.connect_m.max(self.pairing_exact_m.unwrap_or(0.0))
    }
}

/// The tour through `required` (arc ids) from `start`, undirected (every arc
/// may be taken either way) or directed (arcs only the ways they allow).
/// `greedy`: the greedy walk through the same streets from `start`, if the
/// caller has it (its directions are one of the directed starts).
pub fn solve(local: &Local, required: &[u32], start: u32, directed: bool, greedy: Option<&[Item]>) -> Option<Tour> {
    let required_m = required.iter().map(|&a| local.arcs[a as usize].len).sum();
    if !directed {
        let mut items: Vec<Item> =
            required.iter().map(|&arc| Item { step: Step { arc, forward: true }, required: true }).collect();
        let connect_m = connect(local, &mut items, start);
        let pairing_exact_m = even_out(local, &mut items);
        let steps = euler::circuit(local, &items, start, false)?;
        return Some(Tour { steps, required_m, connect_m, pairing_exact_m });
    }
    // 1. Directions from the undirected tour on the same streets.
    let both = local.both_ways();
    let guide = solve(&both, required, start, false, None)?;
    let mut way: HashMap<u32, bool> = HashMap::default();
    for it in guide.steps.iter().filter(|i| i.required) {
        way.entry(it.step.arc).or_insert(it.step.forward);
    }
    // The guide's directions, the same reversed (its tour driven the other
    // way round), and every street along its line: each is turned towards
    // balance, joined, balanced and walked; the shortest tour is kept.
    // The greedy walk's directions too: with them its own legs between
    // streets already join and balance everything, so the assignment below
    // can only do as well or better on that part.
    let mut greedy_way: HashMap<u32, bool> = HashMap::default();
    for it in greedy.unwrap_or_default().iter().filter(|i| i.required) {
        greedy_way.entry(it.step.arc).or_insert(it.step.forward);
    }
    let mut best: Option<(f64, Vec<Item>, f64)> = None;
    for (pick, turn) in [(0, true), (1, true), (2, true), (3, true), (0, false), (3, false)] {
        let mut items: Vec<Item> = required
            .iter()
            .map(|&arc| {
                let a = &local.arcs[arc as usize];
                let wanted = match pick {
                    0 => way.get(&arc).copied().unwrap_or(true),
                    1 => !way.get(&arc).copied().unwrap_or(true),
                    2 => true,
                    _ => greedy_way.get(&arc).copied().unwrap_or(true),
                };
                let forward = if a.allows(wanted) { wanted } else { !wanted };
                Item { step: Step { arc, forward }, required: true }
            })
            .collect();
        if turn {
            reorient(local, &mut items);
        }
        let connect_m = connect(local, &mut items, start);
        if balance(local, &mut items).is_none() {
            continue;
        }
        let Some(steps) = euler::circuit(local, &items, start, true) else { continue };
        let len: f64 = steps.iter().map(|i| local.arcs[i.step.arc as usize].len).sum();
        if best.as_ref().is_none_or(|b| len < b.0) {
            best = Some((len, steps, connect_m));
        }
    }
    let (_, steps, connect_m) = best?;
    // A car's tour is also a tour of the same streets with one-way
    // restrictions dropped, so the guide's bound holds for it too.
    let guide_bound = guide.lower_bound() - required_m;
    Some(Tour { steps, required_m, connect_m, pairing_exact_m: Some(guide_bound) })
}

/// Turns two-way required streets round where that brings their end nodes
/// nearer balance (free: a street is driven once either way), so less
/// driving is needed to balance them. Each turn lowers the total imbalance,
/// so this ends.
fn reorient(local: &Local, items: &mut [Item]) {
    let mut net = vec![0i64; local.len()]; // in - out
    for it in items.iter() {
        let (from, to) = local.arcs[it.step.arc as usize].ends(it.step.forward);
        net[from as usize] -= 1;
        net[to as usize] += 1;
    }
    loop {
        let mut changed = false;
        for it in items.iter_mut() {
            let arc = &local.arcs[it.step.arc as usize];
            if !(arc.fwd && arc.bwd) || arc.a == arc.b {
                continue;
            }
            let (u, v) = arc.ends(it.step.forward);
            let (du, dv) = (net[u as usize], net[v as usize]);
            // Turned round, u gains an arc in and loses one out (+2); v the opposite.
            if du.abs() + dv.abs() > (du + 2).abs() + (dv - 2).abs() {
                net[u as usize] += 2;
                net[v as usize] -= 2;
                it.step.forward = !it.step.forward;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

fn add_path(items: &mut Vec<Item>, path: Vec<Step>) {
    items.extend(path.into_iter().map(|step| Item { step, required: false }));
}

/// Joins the components of `items` (and the start node) by a minimum
/// spanning tree over shortest paths (driveable ones where the local graph's
/// arcs are one-way); returns the tree's length.
fn connect(local: &Local, items: &mut Vec<Item>, start: u32) -> f64 {
    let mut uf = UnionFind::new(local.len());
    let mut on = vec![false; local.len()];
    on[start as usize] = true;
    for it in items.iter() {
        let a = &local.arcs[it.step.arc as usize];
        uf.union(a.a, a.b);
        on[a.a as usize] = true;
        on[a.b as usize] = true;
    }
    let mut comp_of: HashMap<u32, usize> = HashMap::default();
    let mut members: Vec<Vec<u32>> = Vec::new();
    for n in (0..local.len() as u32).filter(|&n| on[n as usize]) {
        let root = uf.find(n);
        let c = *comp_of.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[c].push(n);
    }
    let k = members.len();
    if k < 2 {
        return 0.0;
    }
    let mut comp = vec![usize::MAX; local.len()];
    for (c, nodes) in members.iter().enumerate() {
        for &n in nodes {
            comp[n as usize] = c;
        }
    }
    // Candidate joins: from each component to its nearest others
    // (all others when the nearest ones leave the tree disconnected).
    let mut tree = None;
    for limit in [NEAREST, usize::MAX] {
        let mut cand: Vec<(f64, usize, usize, u32)> = Vec::new(); // (length, from comp, to comp, reached node)
        for (c, nodes) in members.iter().enumerate() {
            let mut seen = vec![false; k];
            let mut found = 0;
            local.dijkstra(nodes, |n, d| {
                let o = comp[n as usize];
                if o != usize::MAX && o != c && !seen[o] {
                    seen[o] = true;
                    found += 1;
                    cand.push((d, c, o, n));
                }
                found >= limit.min(k - 1)
            });
        }
        cand.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut join = UnionFind::new(k);
        let mut chosen = Vec::new();
        for &(d, c, o, n) in &cand {
            if join.find(c as u32) != join.find(o as u32) {
                join.union(c as u32, o as u32);
                chosen.push((d, c, n));
            }
        }
        if chosen.len() == k - 1 {
            tree = Some(chosen);
            break;
        }
    }
    // Within one strong component every join exists; a missing tree is a caller's error.
    let Some(tree) = tree else { return 0.0 };
    let mut total = 0.0;
    for (d, c, n) in tree {
        let search = local.dijkstra(&members[c], |m, _| m == n);
        if let Some(path) = search.path_to(local, n) {
            total += d;
            add_path(items, path);
        }
    }
    total
}

/// Undirected: pairs the odd-degree nodes by least total distance and adds
/// the paths. Returns the pairing's cost when it was computed over every pair.
fn even_out(local: &Local, items: &mut Vec<Item>) -> Option<f64> {
    let mut deg = vec![0u32; local.len()];
    for it in items.iter() {
        let a = &local.arcs[it.step.arc as usize];
        deg[a.a as usize] += 1;
        deg[a.b as usize] += 1;
    }
    let odd: Vec<u32> = (0..local.len() as u32).filter(|&n| deg[n as usize] % 2 == 1).collect();
    let (pairs, exact) = match_nodes(local, &odd, &odd, true);
    let mut cost = 0.0;
    for (i, j, d) in pairs {
        cost += d;
        let search = local.dijkstra(&[odd[i]], |m, _| m == odd[j]);
        add_path(items, search.path_to(local, odd[j]).unwrap_or_default());
    }
    exact.then_some(cost)
}

/// Directed: adds least-cost paths from every node with more arcs in than
/// out to the nodes with more out than in, until every node is balanced.
fn balance(local: &Local, items: &mut Vec<Item>) -> Option<()> {
    let mut net = vec![0i64; local.len()]; // in - out
    for it in items.iter() {
        let (from, to) = local.arcs[it.step.arc as usize].ends(it.step.forward);
        net[from as usize] -= 1;
        net[to as usize] += 1;
    }
    let copies = |sign: i64| -> Vec<u32> {
        (0..local.len() as u32).flat_map(|n| std::iter::repeat_n(n, (net[n as usize] * sign).max(0) as usize)).collect()
    };
    let (surplus, deficit) = (copies(1), copies(-1));
    if surplus.is_empty() {
        return Some(());
    }
    let (pairs, _) = match_nodes(local, &surplus, &deficit, false);
    if pairs.len() != surplus.len() {
        return None;
    }
    for (i, j, _) in pairs {
        let search = local.dijkstra(&[surplus[i]], |m, _| m == deficit[j]);
        add_path(items, search.path_to(local, deficit[j])?);
    }
    Some(())
}

/// A least-cost perfect matching between `from` and `to` (one list: the
/// nodes pair among themselves, `same`; two lists: each `from` with a `to`),
/// on shortest-path distances `from → to`. Returns `(i, j, distance)` with
/// `i` indexing `from` and `j` indexing `to`, and whether every pair was offered.
fn match_nodes(local: &Local, from: &[u32], to: &[u32], same: bool) -> (Vec<(usize, usize, f64)>, bool) {
    if from.is_empty() {
        return (Vec::new(), true);
    }
    let mut at_node: HashMap<u32, Vec<usize>> = HashMap::default();
    for (j, &n) in to.iter().enumerate() {
        at_node.entry(n).or_default().push(j);
    }
    let exact_first = from.len() <= EXACT_UP_TO;
    for limit in if exact_first { vec![usize::MAX] } else { vec![NEAREST, usize::MAX] } {
        let mut dist: HashMap<(usize, usize), f64> = HashMap::default();
        // Distinct source nodes, each searched once.
        let mut sources: HashMap<u32, Vec<usize>> = HashMap::default();
        for (i, &n) in from.iter().enumerate() {
            sources.entry(n).or_default().push(i);
        }
        let mut order: Vec<(&u32, &Vec<usize>)> = sources.iter().collect();
        order.sort_by_key(|(n, _)| **n);
        for (&s, idx) in order {
            let mut found = 0usize;
            local.dijkstra(&[s], |n, d| {
                if let Some(js) = at_node.get(&n) {
                    for &j in js {
                        for &i in idx {
                            if !(same && (i == j || to[j] == s)) {
                                dist.insert((i, j), d);
                            }
                        }
                    }
                    found += 1;
                }
                found > limit
            });
        }
        let pairs: Vec<(usize, usize, f64)> = if same {
            dist.iter().filter(|((i, j), _)| i < j).map(|(&(i, j), &d)| (i, j, d)).collect()
        } else {
            // Bipartite: `to` indices follow `from`'s in one vertex numbering.
            dist.iter().map(|(&(i, j), &d)| (i, from.len() + j, d)).collect()
        };
        let n = if same { from.len() } else { from.len() + to.len() };
        if let Some(m) = pairing::min_cost_perfect(n, &pairs) {
            let out = m
                .into_iter()
                .map(|(a, b)| {
                    let (i, j) = if same || a < from.len() { (a.min(b), a.max(b)) } else { (b, a) };
                    let j = if same { j } else { j - from.len() };
                    (i, j, dist.get(&(i, j)).copied().unwrap_or(0.0))
                })
                .collect();
            return (out, limit == usize::MAX);
        }
    }
    (Vec::new(), false)
}
