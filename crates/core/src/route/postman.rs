//! The rural postman problem: a closed walk of least length through every
//! required arc, free to use any other arc of the local graph.
//!
//! Undirected (walking, cycling), Frederickson's heuristic:
//! 1. the required arcs fall into connected components; join them by a
//!    minimum spanning tree over the shortest paths between components;
//! 2. pair the nodes of odd degree by a minimum-cost perfect matching on
//!    shortest-path distances (blossom, [`super::pairing`]) and add those paths;
//! 3. every degree is now even and the arcs connected: walk an Euler circuit;
//! 4. every run of driving between required streets is replaced by the
//!    shortest way between its ends ([`shortcut`]).
//!
//! Directed (a car where one-way streets exist), a mixed problem that is
//! NP-hard in general; several starts, the shortest tour kept:
//! - directions for the two-way required streets: those the undirected tour
//!   on the same streets (one-way restrictions dropped) takes them, the
//!   same reversed, each street's line direction, the greedy walk's
//!   ([`super::greedy`]);
//! - made whole in one of four ways: turned towards balance, joined (the
//!   spanning tree as above, with driveable paths) and balanced by a
//!   least-cost assignment from the nodes with more arcs in to those with
//!   more out (blossom on the bipartite graph of their copies); the same
//!   without turning; joined and balanced by a least-cost flow
//!   ([`super::flow`]) in which two-way required streets may also be turned
//!   round for free (Frederickson's MIXED idea); or balanced by that flow
//!   first and then joined by round trips, which keep the balance;
//! - the directions the flow chose, and then the best tour's own, are tried
//!   again with assignment;
//! - closed loops of extra driving that the rest does not need to hold
//!   together are dropped, the Euler circuit walked, and its runs of
//!   driving shortcut as above.
//!
//! Everything runs inside one strongly connected component of the local
//! graph (the caller's job), so every path asked for exists.
//!
//! Lower bound: any closed walk through the required arcs travels them
//! (their length) plus deadhead legs that join every component, so at least
//! the spanning tree's length; undirected, the deadhead also evens every odd
//! node, so at least the least pairing's length. The bound is the larger
//! (the pairing only when it was computed over every pair, i.e. exactly).
//! Directed, the required arcs alone must be balanced too: the least-cost
//! balancing flow with free turning of two-way streets (a relaxation: it
//! prices a second traversal of a two-way street at nothing) is a bound.

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
        let steps = shortcut(local, euler::circuit(local, &items, start, false)?);
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
    // Directions: the guide's, the guide's reversed, along each street's
    // line, the greedy walk's. How they are made whole: `Reorient` (turned
    // towards balance, joined, balanced by assignment), `Assign` (joined,
    // balanced by assignment), `Flow` (joined, balanced by least-cost flow,
    // which also turns two-way streets round where that is cheaper),
    // `FlowFirst` (balanced by flow, then joined by round trips). Then the
    // best tour's own directions are tried again, while that shortens it.
    use Balance::*;
    let attempt = |way: &dyn Fn(u32) -> bool, how: Balance| -> Option<(f64, Vec<Item>)> {
        let mut items: Vec<Item> = required
            .iter()
            .map(|&arc| {
                let wanted = way(arc);
                let forward = if local.arcs[arc as usize].allows(wanted) { wanted } else { !wanted };
                Item { step: Step { arc, forward }, required: true }
            })
            .collect();
        let balanced = match how {
            Reorient | Assign => {
                if how == Reorient {
                    reorient(local, &mut items);
                }
                connect(local, &mut items, start);
                balance(local, &mut items).is_some()
            }
            Flow => {
                connect(local, &mut items, start);
                balance_by_flow(local, &mut items).is_some()
            }
            FlowFirst => balance_by_flow(local, &mut items).map(|_| join_balanced(local, &mut items, start)).is_some(),
        };
        if !balanced {
            return None;
        }
        drop_deadhead_loops(local, &mut items, start);
        let steps = shortcut(local, euler::circuit(local, &items, start, true)?);
        Some((steps.iter().map(|i| local.arcs[i.step.arc as usize].len).sum(), steps))
    };
    let guide_way = |arc: u32| way.get(&arc).copied().unwrap_or(true);
    let reversed = |arc: u32| !guide_way(arc);
    let along = |_: u32| true;
    let greedy_dir = |arc: u32| greedy_way.get(&arc).copied().unwrap_or(true);
    let starts: [(&dyn Fn(u32) -> bool, Balance); 8] = [
        (&guide_way, Reorient),
        (&reversed, Reorient),
        (&along, Reorient),
        (&greedy_dir, Reorient),
        (&guide_way, Assign),
        (&greedy_dir, Assign),
        // The flow turns streets itself: one start each serves it.
        (&guide_way, Flow),
        (&guide_way, FlowFirst),
    ];
    let mut best: Option<(f64, Vec<Item>)> = None;
    let keep = |found: Option<(f64, Vec<Item>)>, best: &mut Option<(f64, Vec<Item>)>| -> bool {
        match found {
            Some(f) if best.as_ref().is_none_or(|b| f.0 < b.0 - 0.5) => {
                *best = Some(f);
                true
            }
            _ => false,
        }
    };
    let mut flow_ways: Vec<HashMap<u32, bool>> = Vec::new();
    for (w, how) in starts {
        let found = attempt(w, how);
        if matches!(how, Flow | FlowFirst)
            && let Some((_, steps)) = &found
        {
            let mut dirs: HashMap<u32, bool> = HashMap::default();
            for it in steps.iter().filter(|i| i.required) {
                dirs.entry(it.step.arc).or_insert(it.step.forward);
            }
            flow_ways.push(dirs);
        }
        keep(found, &mut best);
    }
    // The directions the flow chose, joined and balanced the other ways.
    for dirs in &flow_ways {
        let w = |arc: u32| dirs.get(&arc).copied().unwrap_or(true);
        for how in [Reorient, Assign] {
            keep(attempt(&w, how), &mut best);
        }
    }
    for _ in 0..3 {
        let Some((_, steps)) = &best else { break };
        let mut own: HashMap<u32, bool> = HashMap::default();
        for it in steps.iter().filter(|i| i.required) {
            own.entry(it.step.arc).or_insert(it.step.forward);
        }
        let own_way = |arc: u32| own.get(&arc).copied().unwrap_or(true);
        let mut better = false;
        for how in [Reorient, Assign] {
            better |= keep(attempt(&own_way, how), &mut best);
        }
        if !better {
            break;
        }
    }
    let (_, steps) = best?;
    // A car's tour is also a tour of the same streets with one-way
    // restrictions dropped, so the guide's bound holds for it too; and its
    // driving between streets balances every node, so the least-cost
    // balancing flow is a bound as well.
    let guide_bound = guide.lower_bound() - required_m;
    // The bound's spanning tree over the required components, which does not
    // depend on the directions chosen (the tours' own joins may be round trips).
    let alone: Vec<Item> = required
        .iter()
        .map(|&arc| Item { step: Step { arc, forward: local.arcs[arc as usize].fwd }, required: true })
        .collect();
    let connect_m = connect(local, &mut alone.clone(), start);
    let flow_bound = balance_by_flow(local, &mut alone.clone()).unwrap_or(0.0);
    Some(Tour { steps, required_m, connect_m, pairing_exact_m: Some(guide_bound.max(flow_bound)) })
}

/// Replaces every run of driving between required streets in a closed walk
/// by the shortest way between its ends (none where it returns to where it
/// began). The walk stays a walk through the same required streets in the
/// same order; only the legs between them can get shorter. Joining and
/// balancing add their paths separately, and the Euler circuit strings them
/// together, so a run is often a detour.
fn shortcut(local: &Local, steps: Vec<Item>) -> Vec<Item> {
    let len = |run: &[Item]| run.iter().map(|i| local.arcs[i.step.arc as usize].len).sum::<f64>();
    let mut out: Vec<Item> = Vec::with_capacity(steps.len());
    let mut i = 0;
    while i < steps.len() {
        if steps[i].required {
            out.push(steps[i]);
            i += 1;
            continue;
        }
        let j = steps[i..].iter().position(|s| s.required).map_or(steps.len(), |k| i + k);
        let run = &steps[i..j];
        let from = local.arcs[run[0].step.arc as usize].ends(run[0].step.forward).0;
        let last = run[run.len() - 1];
        let to = local.arcs[last.step.arc as usize].ends(last.step.forward).1;
        let better =
            if from == to { Some(Vec::new()) } else { local.dijkstra(&[from], |n, _| n == to).path_to(local, to) };
        match better {
            Some(path) if path.iter().map(|s| local.arcs[s.arc as usize].len).sum::<f64>() < len(run) - 1e-6 => {
                out.extend(path.into_iter().map(|step| Item { step, required: false }));
            }
            _ => out.extend_from_slice(run),
        }
        i = j;
    }
    out
}

/// How a directed tour's streets are made into a balanced, connected whole.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Balance {
    Reorient,
    Assign,
    Flow,
    FlowFirst,
}

/// Drops closed loops of extra driving (a street driven there and straight
/// back, a block driven round) wherever the rest still holds together: a
/// loop enters every node as often as it leaves it, so balance is kept, and
/// joining and balancing separately often leave such loops. Longest first.
fn drop_deadhead_loops(local: &Local, items: &mut Vec<Item>, start: u32) {
    let mut gone = vec![false; items.len()];
    let mut order: Vec<usize> = (0..items.len()).filter(|&k| !items[k].required).collect();
    order.sort_by(|&x, &y| {
        let len = |k: usize| local.arcs[items[k].step.arc as usize].len;
        len(y).total_cmp(&len(x)).then(x.cmp(&y))
    });
    for k in order {
        if gone[k] {
            continue;
        }
        // A way back from the traversal's end to its start over other extra driving.
        let (from, to) = local.arcs[items[k].step.arc as usize].ends(items[k].step.forward);
        let mut leaving: HashMap<u32, Vec<usize>> = HashMap::default();
        for (j, it) in items.iter().enumerate() {
            if !it.required && !gone[j] && j != k {
                leaving.entry(local.arcs[it.step.arc as usize].ends(it.step.forward).0).or_default().push(j);
            }
        }
        let mut via: HashMap<u32, usize> = HashMap::default();
        let mut queue = std::collections::VecDeque::from([to]);
        let mut seen: std::collections::HashSet<u32> = std::collections::HashSet::from([to]);
        while let Some(u) = queue.pop_front() {
            if u == from {
                break;
            }
            for &j in leaving.get(&u).into_iter().flatten() {
                let v = local.arcs[items[j].step.arc as usize].ends(items[j].step.forward).1;
                if seen.insert(v) {
                    via.insert(v, j);
                    queue.push_back(v);
                }
            }
        }
        if from != to && !via.contains_key(&from) {
            continue;
        }
        let mut cycle = vec![k];
        let mut v = from;
        while v != to {
            let j = via[&v];
            cycle.push(j);
            v = local.arcs[items[j].step.arc as usize].ends(items[j].step.forward).0;
        }
        for &j in &cycle {
            gone[j] = true;
        }
        if !connected(local, items, &gone, start) {
            for &j in &cycle {
                gone[j] = false;
            }
        }
    }
    let mut k = 0;
    items.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
}

/// Do the items left (and the start) form one connected whole?
fn connected(local: &Local, items: &[Item], gone: &[bool], start: u32) -> bool {
    let mut uf = UnionFind::new(local.len());
    for (it, _) in items.iter().zip(gone).filter(|(_, g)| !**g) {
        let a = &local.arcs[it.step.arc as usize];
        uf.union(a.a, a.b);
    }
    let root = uf.find(start);
    items.iter().zip(gone).filter(|(_, g)| !**g).all(|(it, _)| uf.find(local.arcs[it.step.arc as usize].a) == root)
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
    let (comp, members) = components(local, items, start);
    let k = members.len();
    if k < 2 {
        return 0.0;
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

/// The components of `items` (and the start node): each node's component
/// (`usize::MAX` off the items) and each component's nodes.
fn components(local: &Local, items: &[Item], start: u32) -> (Vec<usize>, Vec<Vec<u32>>) {
    let mut uf = UnionFind::new(local.len());
    let mut on = vec![false; local.len()];
    on[start as usize] = true;
    for it in items {
        let a = &local.arcs[it.step.arc as usize];
        uf.union(a.a, a.b);
        on[a.a as usize] = true;
        on[a.b as usize] = true;
    }
    let mut comp_of: HashMap<u32, usize> = HashMap::default();
    let mut members: Vec<Vec<u32>> = Vec::new();
    let mut comp = vec![usize::MAX; local.len()];
    for n in (0..local.len() as u32).filter(|&n| on[n as usize]) {
        let root = uf.find(n);
        let c = *comp_of.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[c].push(n);
        comp[n as usize] = c;
    }
    (comp, members)
}

/// Directed, after balancing: joins the components of `items` (and the
/// start) by round trips, a minimum spanning tree over the cost of driving
/// from one component to the nearest node of another and back to where the
/// trip began; both legs are added, so every node stays balanced. Returns
/// the length added.
fn join_balanced(local: &Local, items: &mut Vec<Item>, start: u32) -> f64 {
    let (comp, members) = components(local, items, start);
    let k = members.len();
    if k < 2 {
        return 0.0;
    }
    // Out: from each component to the first node of every other it reaches.
    let mut reach: Vec<Vec<Option<(f64, u32)>>> = vec![vec![None; k]; k];
    for (c, nodes) in members.iter().enumerate() {
        let mut found = 0;
        local.dijkstra(nodes, |n, d| {
            let o = comp[n as usize];
            if o != usize::MAX && o != c && reach[c][o].is_none() {
                reach[c][o] = Some((d, n));
                found += 1;
            }
            found >= k - 1
        });
    }
    let mut cand: Vec<(f64, usize, usize)> = Vec::new();
    for (c, row) in reach.iter().enumerate() {
        for (o, there) in row.iter().enumerate().skip(c + 1) {
            if let (Some((d1, _)), Some((d2, _))) = (there, reach[o][c]) {
                cand.push((d1 + d2, c, o));
            }
        }
    }
    cand.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut join = UnionFind::new(k);
    let mut total = 0.0;
    for (_, c, o) in cand {
        if join.find(c as u32) == join.find(o as u32) {
            continue;
        }
        join.union(c as u32, o as u32);
        // From c to the node of o it reaches first, and from there back to the node it left.
        let Some((_, n)) = reach[c][o] else { continue };
        let search = local.dijkstra(&members[c], |m, _| m == n);
        let Some(there) = search.path_to(local, n) else { continue };
        let Some(left) = there.first().map(|s| local.arcs[s.arc as usize].ends(s.forward).0) else { continue };
        let back = local.dijkstra(&[n], |m, _| m == left);
        let Some(home) = back.path_to(local, left) else { continue };
        total += there.iter().chain(&home).map(|s| local.arcs[s.arc as usize].len).sum::<f64>();
        add_path(items, there);
        add_path(items, home);
    }
    total
}

/// Directed: balances every node (in = out) at least cost by a least-cost
/// flow ([`super::flow`]) of extra driving from the nodes with more arcs in
/// to those with more out, over the arcs a car may take; a two-way required
/// street may also be turned round (two units on its reverse, free). One
/// unit on a reverse means the street is driven once more the other way,
/// which the flow prices at nothing: so the flow's cost is a lower bound of
/// any balancing, and the driving added here may cost a little more.
/// Returns the flow's cost in metres.
fn balance_by_flow(local: &Local, items: &mut Vec<Item>) -> Option<f64> {
    use super::flow::{Network, UNLIMITED};
    let mm = |m: f64| (m * 1000.0).round() as i64;
    let mut net = Network::new(local.len());
    let mut drive: Vec<(usize, Step)> = Vec::new();
    for (i, a) in local.arcs.iter().enumerate() {
        for forward in [true, false] {
            if a.allows(forward) {
                let (u, v) = a.ends(forward);
                drive.push((net.add(u, v, UNLIMITED, mm(a.len)), Step { arc: i as u32, forward }));
            }
        }
    }
    let mut supply = vec![0i64; local.len()]; // in - out: what must leave
    let mut turns: Vec<(usize, usize)> = Vec::new(); // (item, flow arc)
    for (k, it) in items.iter().enumerate() {
        let a = &local.arcs[it.step.arc as usize];
        let (from, to) = a.ends(it.step.forward);
        supply[from as usize] -= 1;
        supply[to as usize] += 1;
        if it.required && a.fwd && a.bwd && a.a != a.b {
            turns.push((k, net.add(to, from, 2, 0)));
        }
    }
    let cost = net.solve(&supply)?;
    for &(k, id) in &turns {
        match net.flow(id) {
            2 => items[k].step.forward = !items[k].step.forward,
            1 => {
                let step = Step { arc: items[k].step.arc, forward: !items[k].step.forward };
                items.push(Item { step, required: false });
            }
            _ => {}
        }
    }
    for (id, step) in drive {
        for _ in 0..net.flow(id) {
            items.push(Item { step, required: false });
        }
    }
    Some(cost as f64 / 1000.0)
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
