//! The part of the street network a route may use: every edge whose road
//! lies in a box around the area, as a small graph with dense node ids,
//! arcs that know which way the traveller may take them, and Dijkstra with
//! predecessors over it.
//!
//! Why a local graph: the route problem runs many shortest-path searches
//! (one per component, per odd node); over the box they touch a few
//! thousand nodes instead of the whole municipality, and dense ids let
//! them use plain vectors.

use super::Method;
use crate::index::SpatialIndex;
use crate::model::Layer;
use crate::network::{Network, Oneway};
use rustc_hash::FxHashMap as HashMap;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One network edge the traveller may use, with local node ids.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arc {
    /// The network edge (`Network::edges`).
    pub edge: u32,
    pub a: u32,
    pub b: u32,
    pub len: f64,
    /// May be taken `a` → `b`.
    pub fwd: bool,
    /// May be taken `b` → `a`.
    pub bwd: bool,
}

impl Arc {
    pub fn allows(&self, forward: bool) -> bool {
        if forward { self.fwd } else { self.bwd }
    }
    /// The node a traversal starts from and the one it reaches.
    pub fn ends(&self, forward: bool) -> (u32, u32) {
        if forward { (self.a, self.b) } else { (self.b, self.a) }
    }
}

/// One traversal of an arc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Step {
    pub arc: u32,
    pub forward: bool,
}

pub struct Local {
    /// Local node id → network node id.
    pub net_node: Vec<u32>,
    pub arcs: Vec<Arc>,
    /// Per local node: (arc, forward) for every arc that may be left by.
    pub out: Vec<Vec<Step>>,
    /// Network edge → arc.
    pub by_edge: HashMap<u32, u32>,
}

impl Local {
    /// The edges of every road whose bounding box meets `bbox`, usable by `method`.
    pub fn around(net: &Network, index: &SpatialIndex, bbox: [f64; 4], method: Method) -> Local {
        let mut roads = index.in_bbox(Layer::Roads, bbox);
        roads.sort_unstable();
        let mut edges: Vec<u32> = roads.iter().filter_map(|fid| net.by_road.get(fid)).flatten().copied().collect();
        edges.sort_unstable();
        edges.dedup();
        Local::of_edges(net, &edges, method)
    }

    /// A local graph of the given network edges.
    pub fn of_edges(net: &Network, edges: &[u32], method: Method) -> Local {
        let mut ids: HashMap<u32, u32> = HashMap::default();
        let mut net_node = Vec::new();
        let mut local_id = |n: u32, net_node: &mut Vec<u32>| {
            *ids.entry(n).or_insert_with(|| {
                net_node.push(n);
                (net_node.len() - 1) as u32
            })
        };
        let mut arcs = Vec::new();
        let mut by_edge = HashMap::default();
        for &ei in edges {
            let e = &net.edges[ei as usize];
            let (fwd, bwd) = match method {
                Method::Car if !e.car => continue,
                Method::Car => match e.oneway {
                    Oneway::Both => (true, true),
                    Oneway::Forward => (true, false),
                    Oneway::Backward => (false, true),
                },
                Method::Bike | Method::Walk => (true, true),
            };
            if e.a == e.b && !(fwd && bwd) {
                continue; // a one-way loop: no use to a route, and it cannot be entered and left
            }
            let a = local_id(e.a, &mut net_node);
            let b = local_id(e.b, &mut net_node);
            by_edge.insert(ei, arcs.len() as u32);
            arcs.push(Arc { edge: ei, a, b, len: e.length.max(0.0), fwd, bwd });
        }
        let mut out = vec![Vec::new(); net_node.len()];
        for (i, arc) in arcs.iter().enumerate() {
            if arc.fwd {
                out[arc.a as usize].push(Step { arc: i as u32, forward: true });
            }
            if arc.bwd {
                out[arc.b as usize].push(Step { arc: i as u32, forward: false });
            }
        }
        Local { net_node, arcs, out, by_edge }
    }

    /// The same graph with every arc open both ways (the directed solver's
    /// guide: where would a walker take each street?).
    pub fn both_ways(&self) -> Local {
        let arcs: Vec<Arc> = self.arcs.iter().map(|a| Arc { fwd: true, bwd: true, ..*a }).collect();
        let mut out = vec![Vec::new(); self.len()];
        for (i, arc) in arcs.iter().enumerate() {
            out[arc.a as usize].push(Step { arc: i as u32, forward: true });
            out[arc.b as usize].push(Step { arc: i as u32, forward: false });
        }
        Local { net_node: self.net_node.clone(), arcs, out, by_edge: self.by_edge.clone() }
    }

    pub fn len(&self) -> usize {
        self.net_node.len()
    }

    pub fn is_empty(&self) -> bool {
        self.net_node.is_empty()
    }

    /// Shortest distances from `sources` (all at distance 0) over allowed
    /// traversals, with each reached node's last step. `stop(node)` is asked
    /// as each node is settled; `true` ends the search there.
    pub fn dijkstra(&self, sources: &[u32], mut stop: impl FnMut(u32, f64) -> bool) -> Search {
        let mut dist = vec![f64::INFINITY; self.len()];
        let mut pred: Vec<Option<Step>> = vec![None; self.len()];
        let mut heap = BinaryHeap::new();
        for &s in sources {
            dist[s as usize] = 0.0;
            heap.push(Queued(0.0, s));
        }
        while let Some(Queued(d, n)) = heap.pop() {
            if d > dist[n as usize] {
                continue;
            }
            if stop(n, d) {
                break;
            }
            for &st in &self.out[n as usize] {
                let arc = &self.arcs[st.arc as usize];
                let (_, to) = arc.ends(st.forward);
                let nd = d + arc.len;
                if nd < dist[to as usize] {
                    dist[to as usize] = nd;
                    pred[to as usize] = Some(st);
                    heap.push(Queued(nd, to));
                }
            }
        }
        Search { dist, pred }
    }

    /// Strongly connected components (for walking and cycling, where every
    /// arc goes both ways, the connected components): a component id per node.
    pub fn strong_components(&self) -> Vec<u32> {
        use rustworkx_core::petgraph::{algo::kosaraju_scc, graph::DiGraph};
        let mut g: DiGraph<(), ()> = DiGraph::with_capacity(self.len(), self.arcs.len() * 2);
        for _ in 0..self.len() {
            g.add_node(());
        }
        for arc in &self.arcs {
            if arc.fwd {
                g.add_edge(arc.a.into(), arc.b.into(), ());
            }
            if arc.bwd {
                g.add_edge(arc.b.into(), arc.a.into(), ());
            }
        }
        let mut comp = vec![0u32; self.len()];
        for (i, members) in kosaraju_scc(&g).into_iter().enumerate() {
            for n in members {
                comp[n.index()] = i as u32;
            }
        }
        comp
    }
}

/// The result of [`Local::dijkstra`].
pub struct Search {
    pub dist: Vec<f64>,
    pred: Vec<Option<Step>>,
}

impl Search {
    /// The steps from the sources to `to`, in travel order (`None` if not reached).
    pub fn path_to(&self, local: &Local, to: u32) -> Option<Vec<Step>> {
        if !self.dist[to as usize].is_finite() {
            return None;
        }
        let mut steps = Vec::new();
        let mut n = to;
        while let Some(st) = self.pred[n as usize] {
            steps.push(st);
            n = local.arcs[st.arc as usize].ends(st.forward).0;
        }
        steps.reverse();
        Some(steps)
    }
}

#[derive(PartialEq)]
struct Queued(f64, u32);
impl Eq for Queued {}
impl Ord for Queued {
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.total_cmp(&self.0).then_with(|| o.1.cmp(&self.1))
    }
}
impl PartialOrd for Queued {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
