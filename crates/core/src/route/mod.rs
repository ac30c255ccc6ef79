//! Plan the next drive: a route through an area's streets that are not
//! covered within the window, for a car, a bike or on foot.
//!
//! The streets to take ("required") come from coverage
//! ([`crate::coverage::figures::Context::uncovered_edges`]: the same rule as
//! the area's "segments covered"). The route is a rural postman tour
//! ([`postman`]) over the streets around the area ([`local`]): the team may
//! drive outside the area to get between its streets. A greedy
//! nearest-missing-street walk ([`greedy`]) is computed beside it as the
//! baseline a person would follow, and the tour's lower bound is reported,
//! so a user (and the tests) can see how good the route is.
//!
//! Where to start: `--start` (snapped to the nearest street node of the
//! part of the network that holds most of the missing streets) or the
//! area's first missing street. With
//! `return_to_start` the route is closed; without, the walk back is left
//! out (the longest stretch of driving between missing streets, when no
//! start was given).

pub mod euler;
pub mod flow;
pub mod greedy;
pub mod local;
pub mod pairing;
pub mod postman;
pub mod write;

use crate::index::SpatialIndex;
use crate::network::Network;
use crate::{Error, Result};
use euler::Item;
use geo::BoundingRect;
use geo_types::{Coord, LineString, MultiPolygon};
use local::Local;

/// How the team travels. Cars keep to car roads and one-way streets' direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Car,
    Bike,
    Walk,
}

impl Method {
    pub fn parse(s: &str) -> Result<Method> {
        match s {
            "car" | "bil" => Ok(Method::Car),
            "bike" | "cykel" => Ok(Method::Bike),
            "walk" | "gang" | "til fods" => Ok(Method::Walk),
            _ => Err(Error::invalid("method", format!("'{s}' er ikke bil (car), cykel (bike) eller gang (walk)"))),
        }
    }

    /// Speed for the time estimate, km/h: outreach pace, not traffic pace (a
    /// car crawling residential streets to look, a bike with stops, walking).
    pub fn speed_kmh(self) -> f64 {
        match self {
            Method::Car => 20.0,
            Method::Bike => 12.0,
            Method::Walk => 4.5,
        }
    }
}

/// What to plan.
pub struct Request<'a> {
    pub area: &'a MultiPolygon<f64>,
    /// Network edges to take (uncovered streets of the area).
    pub required: &'a [u32],
    pub method: Method,
    /// Where the team sets out (project CRS).
    pub start: Option<Coord<f64>>,
    pub return_to_start: bool,
}

/// One stretch of the route along one road, `from_m` → `to_m` in travel direction.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Leg {
    pub road_fid: i64,
    pub from_m: f64,
    pub to_m: f64,
    /// A street the route is for (not covered), or driving between them.
    pub required: bool,
}

impl Leg {
    pub fn length(&self) -> f64 {
        (self.to_m - self.from_m).abs()
    }
}

/// One line of the turn list: a street in the order driven.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Turn {
    pub street: String,
    pub length_m: f64,
    /// Of it, uncovered street the route is for.
    pub required_m: f64,
}

/// Which algorithm made the route: the postman tour, or the greedy walk
/// where that came out shorter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Solver {
    Postman,
    Greedy,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RoutePlan {
    pub method: Method,
    pub solver: Solver,
    pub returns_to_start: bool,
    pub legs: Vec<Leg>,
    pub turns: Vec<Turn>,
    pub length_m: f64,
    /// The uncovered street length the route takes.
    pub required_m: f64,
    /// Driving between uncovered streets (and back), metres and share of the route.
    pub deadhead_m: f64,
    pub deadhead_share: f64,
    /// No closed route through these streets is shorter (see [`postman`]).
    pub lower_bound_m: f64,
    /// The greedy nearest-missing-street route, for comparison (closed).
    pub greedy_m: f64,
    pub minutes: f64,
    /// Uncovered streets of the area this method cannot take or reach from the start.
    pub unreachable_m: f64,
    pub unreachable_streets: Vec<String>,
    /// Where the route begins (project CRS).
    pub start: Option<[f64; 2]>,
}

impl RoutePlan {
    /// The whole route as one line (project CRS), in travel order.
    pub fn line(&self, net: &Network) -> LineString<f64> {
        crate::routing::pieces_line(net, self.legs.iter().map(|l| (l.road_fid, l.from_m, l.to_m)))
    }
}

/// Plans the route. An area with no uncovered street gives an empty route.
pub fn plan(net: &Network, index: &SpatialIndex, req: &Request<'_>) -> Result<RoutePlan> {
    let Some(bb) = req.area.bounding_rect() else {
        return Err(Error::Geometry("området har ingen flade".into()));
    };
    // Room to drive around the area: a kilometre, or a quarter of its size.
    let margin = (bb.width().max(bb.height()) * 0.25).max(1000.0);
    let bbox = [bb.min().x - margin, bb.min().y - margin, bb.max().x + margin, bb.max().y + margin];
    let local = Local::around(net, index, bbox, req.method);
    let label = |e: u32| net.street_name(net.edges[e as usize].road_fid);
    let mut unreachable: Vec<u32> = Vec::new();
    let mut required: Vec<u32> = Vec::new();
    for &e in req.required {
        match local.by_edge.get(&e) {
            Some(&a) => required.push(a),
            None => unreachable.push(e),
        }
    }
    let comp = local.strong_components();
    let mut by_comp: rustc_hash::FxHashMap<u32, f64> = Default::default();
    for &a in &required {
        let arc = &local.arcs[a as usize];
        if comp[arc.a as usize] == comp[arc.b as usize] {
            *by_comp.entry(comp[arc.a as usize]).or_default() += arc.len;
        }
    }
    // The route keeps to the part of the network (strongly connected, for a
    // car) that holds the most of the uncovered length; the start is the
    // given point's nearest node in it, else its first uncovered street.
    let main_comp = by_comp.iter().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0))).map(|(&c, _)| c);
    let start = main_comp.and_then(|c| match req.start {
        Some(p) => (0..local.len() as u32).filter(|&n| comp[n as usize] == c).min_by(|&a, &b| {
            let d = |n: u32| {
                let q = net.nodes[local.net_node[n as usize] as usize];
                (q.x - p.x).powi(2) + (q.y - p.y).powi(2)
            };
            d(a).total_cmp(&d(b))
        }),
        None => required.iter().map(|&a| local.arcs[a as usize].a).find(|&n| comp[n as usize] == c),
    });
    let main = start.map(|s| comp[s as usize]);
    let (mut take, mut cannot): (Vec<u32>, Vec<u32>) = required.iter().partition(|&&a| {
        let arc = &local.arcs[a as usize];
        Some(comp[arc.a as usize]) == main && Some(comp[arc.b as usize]) == main
    });
    take.sort_unstable();
    take.dedup();
    cannot.sort_unstable();
    unreachable.extend(cannot.iter().map(|&a| local.arcs[a as usize].edge));
    let unreachable_m: f64 = unreachable.iter().map(|&e| net.edges[e as usize].length).sum();
    let mut unreachable_streets: Vec<String> = unreachable.iter().map(|&e| label(e)).collect();
    unreachable_streets.sort();
    unreachable_streets.dedup();
    let directed = local.arcs.iter().any(|a| !(a.fwd && a.bwd));
    let (steps, lower_bound_m, greedy_m, solver) = match start {
        Some(s) if !take.is_empty() => {
            let greedy = greedy::tour(&local, &take, s);
            let tour = postman::solve(&local, &take, s, directed, greedy.as_deref())
                .ok_or_else(|| Error::invalid("route", "ruten kunne ikke lægges gennem gaderne"))?;
            let greedy_m = greedy.as_ref().map(|g| length(&local, g)).unwrap_or(f64::NAN);
            let lb = tour.lower_bound();
            // The directed heuristic can lose to the greedy walk (rarely, on
            // small areas cut up by one-way streets): then the greedy walk it is.
            let (mut steps, solver) = match greedy {
                Some(g) if greedy_m < tour.length(&local) - 1e-6 => (g, Solver::Greedy),
                _ => (tour.steps, Solver::Postman),
            };
            if !req.return_to_start {
                steps = open(&local, steps, req.start.is_some());
            }
            (steps, lb, greedy_m, solver)
        }
        _ => (Vec::new(), 0.0, 0.0, Solver::Postman),
    };
    let legs = legs(net, &local, &steps);
    let length_m: f64 = legs.iter().map(Leg::length).sum();
    let required_m: f64 = legs.iter().filter(|l| l.required).map(Leg::length).sum();
    let deadhead_m = length_m - required_m;
    Ok(RoutePlan {
        method: req.method,
        solver,
        returns_to_start: req.return_to_start,
        turns: turns(net, &legs),
        legs,
        length_m,
        required_m,
        deadhead_m,
        deadhead_share: if length_m > 0.0 { deadhead_m / length_m } else { 0.0 },
        lower_bound_m,
        greedy_m,
        minutes: length_m / (req.method.speed_kmh() * 1000.0 / 60.0),
        unreachable_m,
        unreachable_streets,
        start: start.map(|s| {
            let c = net.nodes[local.net_node[s as usize] as usize];
            [c.x, c.y]
        }),
    })
}

fn length(local: &Local, steps: &[Item]) -> f64 {
    steps.iter().map(|i| local.arcs[i.step.arc as usize].len).sum()
}

/// A closed tour made open: without a given start, begin after its longest
/// run of driving between missing streets and leave that run out; with one,
/// keep the start and leave out the drive back at the end.
fn open(local: &Local, mut steps: Vec<Item>, keep_start: bool) -> Vec<Item> {
    if keep_start {
        while steps.last().is_some_and(|i| !i.required) {
            steps.pop();
        }
        return steps;
    }
    let n = steps.len();
    let Some(first_req) = steps.iter().position(|i| i.required) else { return Vec::new() };
    // Runs of deadhead, cyclically: (start index, length in metres, steps).
    let (mut best, mut best_len, mut best_count) = (0usize, -1.0f64, 0usize);
    let mut i = 0;
    while i < n {
        let at = (first_req + i) % n;
        if steps[at].required {
            i += 1;
            continue;
        }
        let (mut len, mut count) = (0.0, 0);
        while i < n && !steps[(first_req + i) % n].required {
            len += local.arcs[steps[(first_req + i) % n].step.arc as usize].len;
            count += 1;
            i += 1;
        }
        if len > best_len {
            (best, best_len, best_count) = (at, len, count);
        }
    }
    if best_count == 0 {
        return steps;
    }
    steps.rotate_left((best + best_count) % n);
    steps.truncate(n - best_count);
    steps
}

/// Steps as legs: network measures in travel direction, joined where one
/// continues the other along the same road.
fn legs(net: &Network, local: &Local, steps: &[Item]) -> Vec<Leg> {
    let mut out: Vec<Leg> = Vec::new();
    for it in steps {
        let e = &net.edges[local.arcs[it.step.arc as usize].edge as usize];
        let (from_m, to_m) = if it.step.forward { (e.from_m, e.to_m) } else { (e.to_m, e.from_m) };
        if let Some(last) = out.last_mut()
            && last.road_fid == e.road_fid
            && last.required == it.required
            && (last.to_m - from_m).abs() < 1e-6
            && (last.to_m - last.from_m).signum() == (to_m - from_m).signum()
        {
            last.to_m = to_m;
            continue;
        }
        out.push(Leg { road_fid: e.road_fid, from_m, to_m, required: it.required });
    }
    out
}

/// The turn list: the streets in the order driven, consecutive legs of one street joined.
fn turns(net: &Network, legs: &[Leg]) -> Vec<Turn> {
    let mut out: Vec<Turn> = Vec::new();
    for l in legs {
        let street = net.street_name(l.road_fid);
        let req = if l.required { l.length() } else { 0.0 };
        match out.last_mut() {
            Some(t) if t.street == street => {
                t.length_m += l.length();
                t.required_m += req;
            }
            _ => out.push(Turn { street, length_m: l.length(), required_m: req }),
        }
    }
    out
}
