//! Shortest paths over the street network by length (A* with a straight-line
//! heuristic), between points that lie anywhere on edges, not only at nodes.
//! With `car_only`, paths and cycleways are not used and one-way roads are
//! driven in their direction only.

use crate::network::{Edge, Network, Profile, substring};
use geo_types::{Coord, LineString};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

/// A point on the network: an edge and a measure on that edge's road.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OnNetwork {
    pub edge: u32,
    pub m: f64,
}

/// One stretch of a route along one road, `from_m` → `to_m` in travel
/// direction (so `to_m < from_m` when driven against the road's direction).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Piece {
    pub road_fid: i64,
    pub from_m: f64,
    pub to_m: f64,
}

impl Piece {
    pub fn length(&self) -> f64 {
        (self.to_m - self.from_m).abs()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub pieces: Vec<Piece>,
    pub length_m: f64,
}

impl Route {
    /// The route as one line in the project CRS, for the preview.
    pub fn line(&self, net: &Network) -> LineString<f64> {
        pieces_line(net, self.pieces.iter().map(|p| (p.road_fid, p.from_m, p.to_m)))
    }
}

/// Stretches of roads (`road_fid`, from, to), in travel order, as one line
/// (project CRS) with the shared ends not repeated: a drive's preview, a
/// planned route.
pub fn pieces_line(net: &Network, pieces: impl Iterator<Item = (i64, f64, f64)>) -> LineString<f64> {
    let mut out: Vec<Coord<f64>> = Vec::new();
    for (fid, from_m, to_m) in pieces {
        if let Some(l) = net.substring(fid, from_m, to_m) {
            for c in l.0 {
                if out.last() != Some(&c) {
                    out.push(c);
                }
            }
        }
    }
    LineString(out)
}

#[derive(PartialEq)]
struct State {
    f: f64,
    g: f64,
    node: u32,
}
impl Eq for State {}
impl Ord for State {
    fn cmp(&self, o: &Self) -> Ordering {
        o.f.total_cmp(&self.f).then_with(|| o.g.total_cmp(&self.g))
    }
}
impl PartialOrd for State {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

fn dist(a: Coord<f64>, b: Coord<f64>) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// The shortest route from `s` to `t`, or `None` when they are not connected
/// (for a car: not by roads a car may use, in their direction). `max_m`
/// bounds the search.
pub fn shortest(net: &Network, s: OnNetwork, t: OnNetwork, car_only: bool, max_m: f64) -> Option<Route> {
    cheapest(net, s, t, &Profile::new(car_only), max_m)
}

/// The cheapest route for a traveller of `profile` (cost = length, times
/// the profile's factor against one-way roads); `max_cost` bounds the search.
/// The route's `length_m` is its length on the ground.
pub fn cheapest(net: &Network, s: OnNetwork, t: OnNetwork, profile: &Profile, max_cost: f64) -> Option<Route> {
    let es = &net.edges[s.edge as usize];
    let et = &net.edges[t.edge as usize];
    if profile.car_only && (!es.car || !et.car) {
        return None;
    }
    let target_pt =
        net.road_line(et.road_fid).map(|l| crate::network::point_at(l, t.m)).unwrap_or(net.nodes[et.a as usize]);
    // Along the same edge, directly.
    let mut best: Option<(f64, Option<u32>)> = None;
    if s.edge == t.edge {
        let c = es.cost(profile, t.m >= s.m, (t.m - s.m).abs());
        if c.is_finite() {
            best = Some((c, None));
        }
    }
    let mut g: HashMap<u32, f64> = HashMap::new();
    let mut prev: HashMap<u32, (u32, u32)> = HashMap::new(); // node -> (edge, from node)
    let mut heap = BinaryHeap::new();
    for (node, cost) in leave(es, s.m, profile) {
        if cost.is_finite() && g.get(&node).is_none_or(|&c| cost < c) {
            g.insert(node, cost);
            heap.push(State { f: cost + dist(net.nodes[node as usize], target_pt), g: cost, node });
        }
    }
    let exit_cost = |node: u32| -> Option<f64> {
        let c = arrive(et, t.m, profile)
            .into_iter()
            .filter(|&(n, c)| n == node && c.is_finite())
            .map(|(_, c)| c)
            .fold(f64::INFINITY, f64::min);
        c.is_finite().then_some(c)
    };
    while let Some(State { f, g: gc, node }) = heap.pop() {
        if gc > *g.get(&node).unwrap_or(&f64::INFINITY) + 1e-9 {
            continue;
        }
        if best.is_some_and(|(b, _)| f >= b) || gc > max_cost {
            break;
        }
        if let Some(x) = exit_cost(node) {
            let total = gc + x;
            if best.is_none_or(|(b, _)| total < b) {
                best = Some((total, Some(node)));
            }
        }
        for &(ei, other) in &net.adj[node as usize] {
            let e = &net.edges[ei as usize];
            let ng = gc + e.cost(profile, e.a == node, e.length);
            if ng < *g.get(&other).unwrap_or(&f64::INFINITY) {
                g.insert(other, ng);
                prev.insert(other, (ei, node));
                heap.push(State { f: ng + dist(net.nodes[other as usize], target_pt), g: ng, node: other });
            }
        }
    }
    let (_, via) = best?;
    let Some(end_node) = via else {
        return Some(Route {
            pieces: vec![Piece { road_fid: es.road_fid, from_m: s.m, to_m: t.m }],
            length_m: (t.m - s.m).abs(),
        });
    };
    // Walk back from the exit node to the start node it was reached from
    // (the start nodes are the only ones with no predecessor).
    let mut middle: Vec<Piece> = Vec::new();
    let mut n = end_node;
    while let Some(&(ei, from)) = prev.get(&n) {
        let e = &net.edges[ei as usize];
        let (fm, tm) = if e.a == from { (e.from_m, e.to_m) } else { (e.to_m, e.from_m) };
        middle.push(Piece { road_fid: e.road_fid, from_m: fm, to_m: tm });
        n = from;
    }
    middle.reverse();
    // Which end of an edge a node is; for a loop edge (a == b) the nearer end.
    let end_measure = |e: &crate::network::Edge, node: u32, m: f64| {
        if e.a == node && (e.b != node || (m - e.from_m).abs() <= (e.to_m - m).abs()) { e.from_m } else { e.to_m }
    };
    let mut pieces = vec![Piece { road_fid: es.road_fid, from_m: s.m, to_m: end_measure(es, n, s.m) }];
    pieces.extend(middle);
    pieces.push(Piece { road_fid: et.road_fid, from_m: end_measure(et, end_node, t.m), to_m: t.m });
    pieces.retain(|p| p.length() > 1e-9);
    let length_m = pieces.iter().map(Piece::length).sum();
    Some(Route { pieces, length_m })
}

/// From a point at measure `m` on `e` to each end node: (node, cost).
pub(crate) fn leave(e: &Edge, m: f64, profile: &Profile) -> [(u32, f64); 2] {
    [(e.a, e.cost(profile, false, (m - e.from_m).abs())), (e.b, e.cost(profile, true, (e.to_m - m).abs()))]
}

/// From each end node of `e` to the point at measure `m` on it: (node, cost).
pub(crate) fn arrive(e: &Edge, m: f64, profile: &Profile) -> [(u32, f64); 2] {
    [(e.a, e.cost(profile, true, (m - e.from_m).abs())), (e.b, e.cost(profile, false, (e.to_m - m).abs()))]
}

/// A route through several points in order (a marked drive).
pub fn through(net: &Network, stops: &[OnNetwork], car_only: bool) -> Option<Route> {
    let mut pieces = Vec::new();
    let mut length_m = 0.0;
    for w in stops.windows(2) {
        let r = shortest(net, w[0], w[1], car_only, f64::INFINITY)?;
        length_m += r.length_m;
        pieces.extend(r.pieces);
    }
    Some(Route { pieces, length_m })
}

/// One piece as a line, in travel direction.
pub fn piece_line(net: &Network, p: &Piece) -> Option<LineString<f64>> {
    net.road_line(p.road_fid).map(|l| substring(l, p.from_m, p.to_m))
}
