//! The routable street network, built from the roads layer.
//!
//! Roads are split into edges at intersections. Where the source has
//! topology (GeoDanmark `STARTKNUDE`/`SLUTKNUDE`, OSM node ids) an end's node
//! is its id; ends and vertices that coincide (to 1 cm) are the same node,
//! also across roads (OSM ways that cross at a shared node); ends without an
//! id are snapped to a node within [`SNAP_M`].
//!
//! Every edge keeps its place on its road as a measure interval
//! `[from_m, to_m]` (metres from the road's start). Coverage is stored in
//! that measure space (road fid + interval), so it survives a rebuild of the
//! network.
//!
//! Cars keep to a road's direction where it has one ([`oneway`]: stated, or
//! inferred for twin carriageways); walkers and cyclists do not.
//!
//! Invariant: for every road, its edges tile `[0, length]` without gaps or
//! overlaps, in measure order.

mod cache;
pub mod input;
pub mod oneway;
pub mod persist;

pub use cache::NetworkCache;
pub use input::RoadRow;

use crate::index::SpatialIndex;
use crate::model::Feature;
use crate::union_find::UnionFind;
use geo::{Distance, Euclidean, Length};
use geo_types::{Coord, Line, LineString, Point};
pub use oneway::Oneway;
// Fx hashing: millions of small integer keys (coordinates to the cm, fids,
// node ids) are hashed while building; SipHash's DoS resistance buys nothing here.
use rustc_hash::FxHashMap as HashMap;

/// Ends without topology closer than this to a node join it.
pub const SNAP_M: f64 = 0.5;

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub road_fid: i64,
    pub from_m: f64,
    pub to_m: f64,
    pub a: u32,
    pub b: u32,
    pub length: f64,
    /// May a car drive here (not a path or cycleway)?
    pub car: bool,
    /// Which way a car may drive it (`a`→`b` is forward).
    pub oneway: Oneway,
}

impl Edge {
    /// The cost of travelling `len` metres of this edge in `forward`
    /// direction (`a`→`b`) for a traveller of `profile`; infinite when not allowed.
    pub fn cost(&self, profile: &Profile, forward: bool, len: f64) -> f64 {
        if !profile.car_only {
            return len;
        }
        if !self.car {
            return f64::INFINITY;
        }
        if self.a == self.b || self.oneway.allows(forward) { len } else { len * profile.wrong_way }
    }
}

/// Who travels: anyone (walk, bike: every street, both ways) or a car
/// (car roads only, one-way roads in their direction). `wrong_way` is the
/// cost factor for driving against a one-way road: infinite for a marked
/// drive; finite when matching a car's GPS track, where a fix a few metres
/// behind the last one is noise, not a wrong-way turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile {
    pub car_only: bool,
    pub wrong_way: f64,
}

impl Profile {
    pub const ANY: Profile = Profile { car_only: false, wrong_way: 1.0 };
    pub const CAR: Profile = Profile { car_only: true, wrong_way: f64::INFINITY };

    pub fn new(car_only: bool) -> Profile {
        if car_only { Profile::CAR } else { Profile::ANY }
    }
}

/// Road-level facts the network needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoadInfo {
    pub name: Option<String>,
    pub street_code: Option<String>,
    pub road_class: Option<String>,
    pub length: f64,
}

impl RoadInfo {
    /// How reports name the street: its name, else its street code
    /// ("vejkode 1234"), else `None`.
    pub fn street_label(&self) -> Option<String> {
        street_label(self.name.as_deref(), self.street_code.as_deref())
    }
}

/// How a street is named for people: its name, else its street code
/// ("vejkode 1234", where no name is known), else `None`.
pub fn street_label(name: Option<&str>, street_code: Option<&str>) -> Option<String> {
    name.map(String::from).or_else(|| street_code.map(|c| format!("vejkode {c}")))
}

#[derive(Default)]
pub struct Network {
    pub nodes: Vec<Coord<f64>>,
    pub edges: Vec<Edge>,
    /// Per node: (edge index, the node at the other end).
    pub adj: Vec<Vec<(u32, u32)>>,
    /// Per road fid: its edges in measure order.
    pub by_road: HashMap<i64, Vec<u32>>,
    pub roads: HashMap<i64, RoadInfo>,
    lines: HashMap<i64, LineString<f64>>,
}

/// May a car use a road of this class? GeoDanmark VEJKLASSE or OSM highway.
pub fn car_allowed(class: Option<&str>) -> bool {
    !matches!(
        class.unwrap_or(""),
        "Sti" | "Hovedsti" | "footway" | "path" | "cycleway" | "pedestrian" | "steps" | "bridleway" | "corridor"
    )
}

fn key(c: Coord<f64>) -> (i64, i64) {
    ((c.x * 100.0).round() as i64, (c.y * 100.0).round() as i64)
}

impl Network {
    /// Builds the network from road features (fid, geometry and attributes).
    pub fn build(roads: &[Feature]) -> Network {
        Network::from_rows(roads.iter().filter_map(RoadRow::from_feature).collect())
    }

    /// Builds the network from roads read for it ([`input::read`]), in the
    /// order given (fid order keeps node numbers stable between runs).
    pub fn from_rows(lines: Vec<RoadRow>) -> Network {
        // How many roads touch each vertex position.
        let mut touching: HashMap<(i64, i64), (i64, u32)> = HashMap::default();
        for RoadRow { fid, line: l, .. } in &lines {
            for c in &l.0 {
                let e = touching.entry(key(*c)).or_insert((*fid, 0));
                if e.0 != *fid || e.1 == 0 {
                    e.1 += 1;
                    e.0 = *fid;
                }
            }
        }

        let mut dsu = UnionFind::new(0);
        let mut by_coord: HashMap<(i64, i64), u32> = HashMap::default();
        let mut by_id: HashMap<&str, u32> = HashMap::default();
        let mut pos: Vec<Coord<f64>> = Vec::new();
        let mut cand = |dsu: &mut UnionFind, c: Coord<f64>, pos: &mut Vec<Coord<f64>>| -> u32 {
            *by_coord.entry(key(c)).or_insert_with(|| {
                pos.push(c);
                dsu.add()
            })
        };
        // Per road: split vertices (index into the line, candidate node).
        let mut splits: Vec<Vec<(usize, u32)>> = Vec::with_capacity(lines.len());
        let mut without_id: Vec<u32> = Vec::new();
        let mut seen_here: HashMap<(i64, i64), usize> = HashMap::default();
        for road in &lines {
            let l = &road.line;
            let last = l.0.len() - 1;
            seen_here.clear();
            let mut s = Vec::new();
            for (i, c) in l.0.iter().enumerate() {
                let k = key(*c);
                let repeated = seen_here.insert(k, i).is_some();
                let shared = touching.get(&k).is_some_and(|t| t.1 >= 2);
                if i == 0 || i == last || shared || repeated {
                    let n = cand(&mut dsu, *c, &mut pos);
                    if i == 0 || i == last {
                        let id = if i == 0 { &road.start_node } else { &road.end_node };
                        match id.as_deref() {
                            Some(id) if !id.is_empty() => {
                                let idn = *by_id.entry(id).or_insert_with(|| {
                                    pos.push(*c);
                                    dsu.add()
                                });
                                dsu.union(idn, n);
                            }
                            _ => without_id.push(n),
                        }
                    }
                    s.push((i, n));
                }
            }
            splits.push(s);
        }

        // Snap ends without topology to the nearest other candidate within SNAP_M.
        if !without_id.is_empty() {
            let tree = rstar::RTree::bulk_load(
                pos.iter()
                    .enumerate()
                    .map(|(i, c)| rstar::primitives::GeomWithData::new([c.x, c.y], i as u32))
                    .collect(),
            );
            for n in without_id {
                let c = pos[n as usize];
                for hit in tree.locate_within_distance([c.x, c.y], SNAP_M * SNAP_M) {
                    if hit.data != n {
                        dsu.union(n, hit.data);
                    }
                }
            }
        }

        // Compact node ids.
        let mut root_to_node: HashMap<u32, u32> = HashMap::default();
        root_to_node.reserve(pos.len());
        let mut net = Network::default();
        net.nodes.reserve(pos.len());
        net.adj.reserve(pos.len());
        net.edges.reserve(splits.iter().map(|s| s.len().saturating_sub(1)).sum());
        net.roads.reserve(lines.len());
        net.by_road.reserve(lines.len());
        net.lines.reserve(lines.len());
        let mut node_of = |dsu: &mut UnionFind, cnd: u32, net: &mut Network| -> u32 {
            let r = dsu.find(cnd);
            *root_to_node.entry(r).or_insert_with(|| {
                net.nodes.push(pos[cnd as usize]);
                net.adj.push(Vec::new());
                (net.nodes.len() - 1) as u32
            })
        };
        let car: Vec<bool> = lines.iter().map(|r| car_allowed(r.road_class.as_deref())).collect();
        let directions = oneway::directions(&lines, &car);
        for ((road, s), (car, oneway)) in lines.into_iter().zip(&splits).zip(car.into_iter().zip(directions)) {
            let RoadRow { fid, line: l, name, street_code, road_class, .. } = road;
            let mut measures = Vec::with_capacity(l.0.len());
            let mut m = 0.0;
            measures.push(0.0);
            for w in l.0.windows(2) {
                m += Euclidean.distance(Point(w[0]), Point(w[1]));
                measures.push(m);
            }
            net.roads.insert(fid, RoadInfo { name, street_code, road_class, length: m });
            let mut list = Vec::new();
            for w in s.windows(2) {
                let (i0, c0) = w[0];
                let (i1, c1) = w[1];
                let a = node_of(&mut dsu, c0, &mut net);
                let b = node_of(&mut dsu, c1, &mut net);
                let e = Edge {
                    road_fid: fid,
                    from_m: measures[i0],
                    to_m: measures[i1],
                    a,
                    b,
                    length: measures[i1] - measures[i0],
                    car,
                    oneway,
                };
                let ei = net.edges.len() as u32;
                net.adj[a as usize].push((ei, b));
                if a != b {
                    net.adj[b as usize].push((ei, a));
                }
                net.edges.push(e);
                list.push(ei);
            }
            net.by_road.insert(fid, list);
            net.lines.insert(fid, l);
        }
        net
    }

    /// Builds the network from the project's roads.
    pub fn from_project(p: &crate::Project) -> crate::Result<Network> {
        Ok(Network::from_rows(input::read(p)?))
    }

    /// How reports name a road's street: [`RoadInfo::street_label`], or
    /// "(uden navn)" for a road with neither name nor street code.
    pub fn street_name(&self, fid: i64) -> String {
        self.roads.get(&fid).and_then(RoadInfo::street_label).unwrap_or_else(|| "(uden navn)".into())
    }

    pub fn road_line(&self, fid: i64) -> Option<&LineString<f64>> {
        self.lines.get(&fid)
    }

    /// The edge of `road_fid` that holds measure `m`.
    pub fn edge_at(&self, road_fid: i64, m: f64) -> Option<u32> {
        let list = self.by_road.get(&road_fid)?;
        list.iter().copied().find(|&e| m <= self.edges[e as usize].to_m + 1e-9).or(list.last().copied())
    }

    /// The part of a road between two measures, as a line.
    pub fn substring(&self, road_fid: i64, from_m: f64, to_m: f64) -> Option<LineString<f64>> {
        let l = self.lines.get(&road_fid)?;
        Some(substring(l, from_m, to_m))
    }

    /// Number of connected components (for tests and diagnostics).
    pub fn components(&self) -> Vec<u32> {
        let mut comp = vec![u32::MAX; self.nodes.len()];
        let mut next = 0;
        for start in 0..self.nodes.len() {
            if comp[start] != u32::MAX {
                continue;
            }
            let mut stack = vec![start as u32];
            comp[start] = next;
            while let Some(n) = stack.pop() {
                for &(_, o) in &self.adj[n as usize] {
                    if comp[o as usize] == u32::MAX {
                        comp[o as usize] = next;
                        stack.push(o);
                    }
                }
            }
            next += 1;
        }
        comp
    }

    /// The nearest point on any edge to `at` within `tolerance_m`: (edge, measure on its road, distance).
    pub fn snap(
        &self,
        index: &SpatialIndex,
        at: Coord<f64>,
        tolerance_m: f64,
        car_only: bool,
    ) -> Option<(u32, f64, f64)> {
        for (fid, _, _) in index.roads_within(at, tolerance_m) {
            let Some(l) = self.lines.get(&fid) else { continue };
            let (m, d) = locate(l, at);
            let Some(e) = self.edge_at(fid, m) else { continue };
            if car_only && !self.edges[e as usize].car {
                continue;
            }
            return Some((e, m, d));
        }
        None
    }
}

/// Measure along `l` of the point nearest to `at`, and the distance to it.
pub fn locate(l: &LineString<f64>, at: Coord<f64>) -> (f64, f64) {
    let mut best = (0.0, f64::INFINITY);
    let mut m = 0.0;
    for seg in l.lines() {
        let len = Euclidean.length(&seg);
        let t = if len > 0.0 {
            let d = seg.delta();
            (((at.x - seg.start.x) * d.x + (at.y - seg.start.y) * d.y) / (len * len)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let p =
            Coord { x: seg.start.x + t * (seg.end.x - seg.start.x), y: seg.start.y + t * (seg.end.y - seg.start.y) };
        let dist = ((p.x - at.x).powi(2) + (p.y - at.y).powi(2)).sqrt();
        if dist < best.1 {
            best = (m + t * len, dist);
        }
        m += len;
    }
    best
}

/// The point at measure `m` along `l`.
pub fn point_at(l: &LineString<f64>, m: f64) -> Coord<f64> {
    let mut acc = 0.0;
    for seg in l.lines() {
        let len = Euclidean.length(&seg);
        if acc + len >= m && len > 0.0 {
            let t = ((m - acc) / len).clamp(0.0, 1.0);
            return Coord {
                x: seg.start.x + t * (seg.end.x - seg.start.x),
                y: seg.start.y + t * (seg.end.y - seg.start.y),
            };
        }
        acc += len;
    }
    *l.0.last().expect("non-empty line")
}

/// The part of `l` between measures `a` and `b` (in either order; reversed when `b < a`).
pub fn substring(l: &LineString<f64>, a: f64, b: f64) -> LineString<f64> {
    let (lo, hi, rev) = if a <= b { (a, b, false) } else { (b, a, true) };
    let mut out = vec![point_at(l, lo)];
    let mut acc = 0.0;
    for seg in l.lines() {
        let len = Euclidean.length(&seg);
        let end_m = acc + len;
        if end_m > lo && end_m < hi {
            out.push(seg.end);
        }
        acc = end_m;
    }
    out.push(point_at(l, hi));
    if rev {
        out.reverse();
    }
    LineString(out)
}

/// Length of a segment (helper for callers holding `Line`s).
pub fn seg_len(s: &Line<f64>) -> f64 {
    Euclidean.length(s)
}
