//! The street network, routing and coverage engine on the real Odense roads.

mod common;
use common::odense;

use afdaek_core::coverage::{self, Visit, figures::Context};
use afdaek_core::network::{Network, point_at};
use afdaek_core::routing::{OnNetwork, shortest};
use afdaek_core::{Feature, Layer};
use geo::{BooleanOps, Length};
use geo_types::{Coord, MultiPolygon, polygon};
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

fn visit(date: &str, method: &str) -> Visit {
    Visit {
        date: date.into(),
        method: method.into(),
        time_of_day: Some("evening".into()),
        team: Some("Team Vest".into()),
    }
}

#[test]
fn graph_connectivity_matches_source_node_ids() {
    let d = tempfile::tempdir().unwrap();
    let p = odense(d.path());
    let roads = p.features(Layer::Roads).unwrap();
    let net = Network::build(&roads);
    // Each road end's graph node, against the source's node id.
    let mut node_of_id: HashMap<String, HashSet<u32>> = HashMap::new();
    let mut id_of_node: HashMap<u32, HashSet<String>> = HashMap::new();
    for f in &roads {
        let fid = f.fid.unwrap();
        let edges = &net.by_road[&fid];
        let first = &net.edges[edges[0] as usize];
        let last = &net.edges[*edges.last().unwrap() as usize];
        for (id, node) in [(f.str("start_node").unwrap(), first.a), (f.str("end_node").unwrap(), last.b)] {
            node_of_id.entry(id.to_string()).or_default().insert(node);
            id_of_node.entry(node).or_default().insert(id.to_string());
        }
        // Edges tile the road: no gaps, no overlaps.
        let mut m = 0.0;
        for &e in edges {
            let e = &net.edges[e as usize];
            assert!((e.from_m - m).abs() < 1e-6);
            m = e.to_m;
        }
        assert!((m - net.roads[&fid].length).abs() < 1e-6);
    }
    assert!(node_of_id.values().all(|s| s.len() == 1), "a source node id became several graph nodes");
    let merged: Vec<_> = id_of_node.values().filter(|s| s.len() > 1).collect();
    assert!(merged.is_empty(), "different source node ids joined: {merged:?}");

    // Components: the same partition of roads as the source topology gives.
    let mut parent: HashMap<String, String> = HashMap::new();
    fn find(p: &mut HashMap<String, String>, x: &str) -> String {
        let mut x = x.to_string();
        while let Some(n) = p.get(&x).cloned().filter(|n| *n != x) {
            x = n;
        }
        x
    }
    for f in &roads {
        let (a, b) = (f.str("start_node").unwrap().to_string(), f.str("end_node").unwrap().to_string());
        parent.entry(a.clone()).or_insert(a.clone());
        parent.entry(b.clone()).or_insert(b.clone());
        let (ra, rb) = (find(&mut parent, &a), find(&mut parent, &b));
        if ra != rb {
            parent.insert(ra, rb);
        }
    }
    let comp = net.components();
    let mut src_groups: HashMap<String, Vec<i64>> = HashMap::new();
    let mut our_groups: HashMap<u32, Vec<i64>> = HashMap::new();
    for f in &roads {
        let fid = f.fid.unwrap();
        src_groups.entry(find(&mut parent, f.str("start_node").unwrap())).or_default().push(fid);
        our_groups.entry(comp[net.edges[net.by_road[&fid][0] as usize].a as usize]).or_default().push(fid);
    }
    let norm = |g: Vec<Vec<i64>>| {
        let mut g: Vec<Vec<i64>> = g
            .into_iter()
            .map(|mut v| {
                v.sort();
                v
            })
            .collect();
        g.sort();
        g
    };
    assert_eq!(norm(src_groups.into_values().collect()), norm(our_groups.into_values().collect()));
    let biggest = net.components().iter().fold(HashMap::new(), |mut m: HashMap<u32, usize>, c| {
        *m.entry(*c).or_default() += 1;
        m
    });
    assert!(biggest.values().max().unwrap() > &1000, "the connected core of Odense");
}

/// An independent Dijkstra over the source topology (nodes = source node
/// ids, one edge per road), to check our A* against.
fn reference_distance(roads: &[Feature], from: &str, to: &str) -> Option<f64> {
    let mut adj: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
    for f in roads {
        let len = match f.geometry.as_ref().unwrap() {
            geo_types::Geometry::LineString(l) => geo::Euclidean.length(l),
            _ => unreachable!(),
        };
        let (a, b) = (f.str("start_node").unwrap(), f.str("end_node").unwrap());
        adj.entry(a).or_default().push((b, len));
        adj.entry(b).or_default().push((a, len));
    }
    #[derive(PartialEq)]
    struct S(f64, String);
    impl Eq for S {}
    impl Ord for S {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            o.0.total_cmp(&self.0)
        }
    }
    impl PartialOrd for S {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    let mut dist: HashMap<String, f64> = HashMap::new();
    let mut heap = BinaryHeap::new();
    heap.push(S(0.0, from.to_string()));
    dist.insert(from.to_string(), 0.0);
    while let Some(S(d, n)) = heap.pop() {
        if n == to {
            return Some(d);
        }
        if d > dist[&n] {
            continue;
        }
        for (o, w) in adj.get(n.as_str()).into_iter().flatten() {
            let nd = d + w;
            if dist.get(*o).is_none_or(|&x| nd < x) {
                dist.insert(o.to_string(), nd);
                heap.push(S(nd, o.to_string()));
            }
        }
    }
    None
}

#[test]
fn routes_match_an_independent_dijkstra() {
    let d = tempfile::tempdir().unwrap();
    let p = odense(d.path());
    let roads = p.features(Layer::Roads).unwrap();
    let net = Network::build(&roads);
    let mut rng = afdaek_core::synth::Rng::new(3);
    let mut checked = 0;
    for _ in 0..60 {
        let a = &roads[(rng.next_u64() % roads.len() as u64) as usize];
        let b = &roads[(rng.next_u64() % roads.len() as u64) as usize];
        // From the start node of road a to the end node of road b.
        let ea = net.by_road[&a.fid.unwrap()][0];
        let eb = *net.by_road[&b.fid.unwrap()].last().unwrap();
        let s = OnNetwork { edge: ea, m: 0.0 };
        let t = OnNetwork { edge: eb, m: net.roads[&b.fid.unwrap()].length };
        let ours = shortest(&net, s, t, false, f64::INFINITY).map(|r| r.length_m);
        let theirs = reference_distance(&roads, a.str("start_node").unwrap(), b.str("end_node").unwrap());
        match (ours, theirs) {
            (Some(x), Some(y)) => {
                assert!((x - y).abs() < 1e-6 * y.max(1.0), "ours {x} vs reference {y}");
                checked += 1;
            }
            (None, None) => {}
            other => panic!("connectivity disagrees: {other:?}"),
        }
    }
    assert!(checked > 20, "{checked} connected pairs checked");
}

#[test]
fn route_pieces_add_up_and_follow_the_network() {
    let d = tempfile::tempdir().unwrap();
    let p = odense(d.path());
    let net = Network::from_project(&p).unwrap();
    // A road's own interior: the route stays on it.
    let (&fid, info) = net.roads.iter().find(|(_, r)| r.length > 300.0).unwrap();
    let e0 = net.edge_at(fid, 50.0).unwrap();
    let e1 = net.edge_at(fid, info.length - 50.0).unwrap();
    let r = shortest(
        &net,
        OnNetwork { edge: e0, m: 50.0 },
        OnNetwork { edge: e1, m: info.length - 50.0 },
        false,
        f64::INFINITY,
    )
    .unwrap();
    assert!(r.length_m <= info.length - 100.0 + 1e-6);
    let sum: f64 = r.pieces.iter().map(|p| p.length()).sum();
    assert!((sum - r.length_m).abs() < 1e-6);
    // The preview line is continuous.
    let line = r.line(&net);
    assert!((geo::Euclidean.length(&line) - r.length_m).abs() < 0.5);
}

fn bolbro() -> MultiPolygon<f64> {
    MultiPolygon(vec![
        polygon![(x: 583_600.0, y: 6_138_600.0), (x: 585_600.0, y: 6_138_600.0), (x: 585_600.0, y: 6_140_200.0), (x: 583_600.0, y: 6_140_200.0), (x: 583_600.0, y: 6_138_600.0)],
    ])
}

#[test]
fn clipped_street_length_agrees_with_geo_clip() {
    let d = tempfile::tempdir().unwrap();
    let p = odense(d.path());
    let net = Network::from_project(&p).unwrap();
    for area in [bolbro(), p.features(Layer::Roads).map(|_| {
        // A triangle cutting roads at odd angles.
        MultiPolygon(vec![polygon![(x: 584_000.0, y: 6_138_000.0), (x: 592_000.0, y: 6_139_000.0), (x: 588_000.0, y: 6_142_000.0), (x: 584_000.0, y: 6_138_000.0)]])
    }).unwrap()] {
        let ours = coverage::area_coverage(&p, &net, "x", &area, 180, "2026-11-22").unwrap().street_length_m;
        let lines: geo_types::MultiLineString<f64> = geo_types::MultiLineString(
            p.features(Layer::Roads).unwrap().into_iter().filter_map(|f| match f.geometry {
                Some(geo_types::Geometry::LineString(l)) => Some(l),
                _ => None,
            }).collect(),
        );
        let theirs = geo::Euclidean.length(&area.clip(&lines, false));
        assert!(theirs > 1000.0);
        assert!((ours - theirs).abs() <= 0.001 * theirs, "ours {ours} vs geo {theirs}");
    }
}

fn point_on_road(net: &Network, fid: i64, m: f64) -> Coord<f64> {
    point_at(net.road_line(fid).unwrap(), m)
}

#[test]
fn tick_untick_undo_and_figures() {
    let d = tempfile::tempdir().unwrap();
    let mut p = odense(d.path());
    let net = Network::from_project(&p).unwrap();
    let area = bolbro();
    let before = coverage::area_coverage(&p, &net, "Bolbro", &area, 180, "2026-11-22").unwrap();
    assert_eq!(before.covered_length_m, 0.0);
    assert!(before.dwellings_total > 0);

    // Tick one segment inside the area.
    let ctx = Context::new(&p, &net, 180, "2026-11-22").unwrap();
    drop(ctx);
    let inside_road = *p.index().in_polygon(Layer::Roads, &area.0[0]).first().unwrap();
    let e = net.by_road[&inside_road][0];
    let edge = net.edges[e as usize].clone();
    let at = point_on_road(&net, inside_road, (edge.from_m + edge.to_m) / 2.0);
    let r = coverage::tick(&mut p, &net, Coord { x: at.x + 3.0, y: at.y }, false, None, &visit("2026-11-03", "bike"))
        .unwrap();
    assert_eq!(r.road_fid, inside_road);
    assert!((r.length_m - edge.length).abs() < 1e-6);
    let after = coverage::area_coverage(&p, &net, "Bolbro", &area, 180, "2026-11-22").unwrap();
    assert!(after.covered_length_m > 0.0 && after.covered_length_m <= edge.length + 1e-6);
    assert_eq!(after.last_covered.as_deref(), Some("2026-11-03"));
    assert_eq!(after.weekdays.keys().collect::<Vec<_>>(), vec!["tue"]);
    assert_eq!(after.times_of_day.keys().collect::<Vec<_>>(), vec!["evening"]);
    assert!(after.segments_covered >= 1);

    // Outside the recency window it no longer counts, but the date is still known.
    let later = coverage::area_coverage(&p, &net, "Bolbro", &area, 180, "2027-09-01").unwrap();
    assert_eq!(later.covered_length_m, 0.0);
    assert_eq!(later.last_covered.as_deref(), Some("2026-11-03"));

    // Untick, then undo the untick.
    coverage::untick(&mut p, &net, at, None).unwrap();
    assert_eq!(coverage::area_coverage(&p, &net, "B", &area, 180, "2026-11-22").unwrap().covered_length_m, 0.0);
    p.undo().unwrap();
    let back = coverage::area_coverage(&p, &net, "B", &area, 180, "2026-11-22").unwrap();
    assert!((back.covered_length_m - after.covered_length_m).abs() < 1e-6);

    // Whole street within the area.
    let r = coverage::tick(&mut p, &net, at, true, Some(&area), &visit("2026-11-04", "walk")).unwrap();
    assert!(r.length_m >= edge.length);
    let whole = coverage::area_coverage(&p, &net, "B", &area, 180, "2026-11-22").unwrap();
    let street = net.roads[&inside_road].street_code.clone().unwrap();
    let s = whole.streets.iter().find(|s| s.name == format!("vejkode {street}")).unwrap();
    assert!((s.covered_length_m - s.street_length_m).abs() < 0.01, "{s:?}");
    assert!(whole.dwellings_covered <= whole.dwellings_total);
}

/// Each node's component, and the component of the connected core (the largest).
fn connected_core(net: &Network) -> (Vec<u32>, u32) {
    let comp = net.components();
    let mut sizes: BTreeMap<u32, usize> = BTreeMap::new();
    for c in &comp {
        *sizes.entry(*c).or_default() += 1;
    }
    let core = *sizes.iter().max_by_key(|(_, n)| **n).unwrap().0;
    (comp, core)
}

#[test]
fn zone_and_drive_credit_the_network() {
    let d = tempfile::tempdir().unwrap();
    let mut p = odense(d.path());
    let net = Network::from_project(&p).unwrap();
    let area = bolbro();
    let (_, len) = coverage::zone(&mut p, &net, &area, &visit("2026-10-10", "walk"), "Besøgt zone").unwrap();
    let fig = coverage::area_coverage(&p, &net, "B", &area, 180, "2026-11-22").unwrap();
    assert!((fig.covered_length_m - fig.street_length_m).abs() < 0.01 * fig.street_length_m);
    assert!((len - fig.street_length_m).abs() < 0.01 * fig.street_length_m);
    assert_eq!(fig.segments_covered, fig.segments_total);
    // Every dwelling within 50 m of a street is reached; check against a brute-force distance.
    let mut near = 0;
    for f in p.features(Layer::Buildings).unwrap() {
        let Some(geo_types::Geometry::Point(pt)) = f.geometry else { continue };
        let inside = geo::Contains::contains(&area, &pt);
        if !inside || !afdaek_core::vocab::is_residential_use(f.i64("use_code").unwrap_or(0)) {
            continue;
        }
        let close = p.features(Layer::Roads).unwrap().iter().any(|r| match &r.geometry {
            Some(geo_types::Geometry::LineString(l)) => {
                let d = afdaek_core::network::locate(l, pt.0).1;
                let clipped = area.clip(&geo_types::MultiLineString(vec![l.clone()]), false);
                d <= 50.0 && clipped.0.iter().any(|c| afdaek_core::network::locate(c, pt.0).1 <= 50.0)
            }
            _ => false,
        });
        if close {
            near += f.i64("dwellings").unwrap_or(1);
        }
    }
    assert!(near > 0);
    assert_eq!(fig.dwellings_covered, near, "dwellings within 50 m of the covered streets");
    p.undo().unwrap();

    // A drive between two points on the connected core; by car it avoids paths.
    let (comp, core) = connected_core(&net);
    let core_roads: Vec<i64> = net
        .by_road
        .iter()
        .filter(|(_, es)| comp[net.edges[es[0] as usize].a as usize] == core)
        .map(|(f, _)| *f)
        .collect();
    let mut sorted = core_roads.clone();
    sorted.sort_unstable();
    let (a, b) = (sorted[0], sorted[sorted.len() / 2]);
    let pa = point_on_road(&net, a, net.roads[&a].length / 2.0);
    let pb = point_on_road(&net, b, net.roads[&b].length / 2.0);
    let walk = coverage::drive(&p, &net, &[pa, pb], &visit("2026-11-05", "walk")).unwrap();
    assert!(walk.length_m > 0.0);
    if let Ok(car) = coverage::drive(&p, &net, &[pa, pb], &visit("2026-11-05", "car")) {
        assert!(car.length_m >= walk.length_m - 1e-6, "a car route is never shorter than a walking one");
        for piece in &car.pieces {
            assert!(afdaek_core::network::car_allowed(net.roads[&piece.road_fid].road_class.as_deref()));
        }
    }
    let (n, len) =
        p.edit("tur", |ed| coverage::credit(ed, &net, &walk.pieces, &visit("2026-11-05", "walk"), "drive")).unwrap();
    assert!(n >= 1);
    assert!((len - walk.length_m).abs() < 1.0, "credited {len} of a {} m route", walk.length_m);
}

#[test]
fn partner_reach_is_reported_beside_team_coverage() {
    let d = tempfile::tempdir().unwrap();
    let mut p = odense(d.path());
    let net = Network::from_project(&p).unwrap();
    let area = bolbro();
    let road = *p.index().in_polygon(Layer::Roads, &area.0[0]).first().unwrap();
    let at = point_on_road(&net, road, 1.0);
    p.edit("partner", |ed| {
        ed.insert(
            Layer::Partners,
            Feature::new(geo_types::Point(at))
                .with("name", "Vicevært")
                .with("partner_type", "caretaker")
                .with("reach_m", 200.0),
        )
    })
    .unwrap();
    let fig = coverage::area_coverage(&p, &net, "B", &area, 180, "2026-11-22").unwrap();
    assert!(fig.partner_covered_length_m > 100.0);
    assert_eq!(fig.covered_length_m, 0.0, "partners' reach is never the team's own coverage");
}

/// Vestre Stationsvej (street code 5363) has a central reserve: two centre
/// lines about 10 m apart, the southern drawn west→east, the northern
/// east→west. The network infers that each is one-way (right-hand traffic),
/// so a car driving west takes the northern line; on foot either will do.
#[test]
fn twin_carriageways_are_one_way_for_cars() {
    use afdaek_core::network::Oneway;
    let d = tempfile::tempdir().unwrap();
    let p = odense(d.path());
    let roads = p.features(Layer::Roads).unwrap();
    let net = Network::build(&roads);
    let fid = |sid: &str| roads.iter().find(|f| f.str("source_id") == Some(sid)).unwrap().fid.unwrap();
    let (south, north) = (fid("1113887515"), fid("1113887513"));
    for r in [south, north] {
        assert!(net.by_road[&r].iter().all(|&e| net.edges[e as usize].oneway == Oneway::Forward), "road {r}");
    }
    // Most roads stay two-way: only twins of the same street are made one-way.
    let one_way = net.edges.iter().filter(|e| e.oneway != Oneway::Both).count();
    assert!(one_way * 5 < net.edges.len(), "{one_way} of {} edges one-way", net.edges.len());

    // From the east end of the southern line to its west end.
    let len = net.roads[&south].length;
    let s = OnNetwork { edge: net.edge_at(south, len - 20.0).unwrap(), m: len - 20.0 };
    let t = OnNetwork { edge: net.edge_at(south, 20.0).unwrap(), m: 20.0 };
    let walk = shortest(&net, s, t, false, f64::INFINITY).unwrap();
    assert_eq!(walk.pieces.len(), 1, "on foot: straight back along the southern line");
    let car = shortest(&net, s, t, true, f64::INFINITY).unwrap();
    assert!(car.pieces.iter().any(|p| p.road_fid == north), "by car: over the northern carriageway {car:?}");
    assert!(
        car.pieces.iter().filter(|p| p.road_fid == south).all(|p| p.to_m > p.from_m),
        "by car: the southern line only eastwards {car:?}"
    );
}

#[test]
fn the_network_follows_road_edits_and_undo() {
    use afdaek_core::network::NetworkCache;
    let d = tempfile::tempdir().unwrap();
    let mut p = odense(d.path());
    let mut cache = NetworkCache::default();
    let net = cache.get(&p).unwrap();
    let edges = net.edges.len();
    // Two nodes of the connected core, far apart along the streets.
    let (comp, core) = connected_core(net);
    let core_nodes: Vec<Coord<f64>> = (0..net.nodes.len()).filter(|&i| comp[i] == core).map(|i| net.nodes[i]).collect();
    let (a, b) = (core_nodes[0], core_nodes[core_nodes.len() / 2]);
    let straight = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
    let before = coverage::drive(&p, net, &[a, b], &visit("2026-11-05", "walk")).unwrap().length_m;
    assert!(before > straight + 50.0, "street route {before} m vs straight {straight} m");
    assert_eq!(cache.get(&p).unwrap().edges.len(), edges);
    assert_eq!(cache.builds(), 1, "no change, no rebuild");

    // A new street straight from a to b: its ends meet the nodes, routes take it.
    let road = Feature::new(geo_types::LineString::from(vec![a, b])).with("name", "Ny Genvej");
    let fid = p.edit("ny vej", |ed| ed.insert(Layer::Roads, road)).unwrap();
    let net = cache.get(&p).unwrap();
    let net_edges = net.edges.len();
    assert!(net_edges > edges && net.by_road.contains_key(&fid));
    let route = coverage::drive(&p, net, &[a, b], &visit("2026-11-05", "walk")).unwrap();
    assert!(
        (route.length_m - straight).abs() < 0.01,
        "{} m over the new street, {straight} m straight",
        route.length_m
    );
    assert!(route.pieces.iter().all(|pc| pc.road_fid == fid));

    // Coverage on it is not a road edit: no rebuild.
    p.edit("tur", |ed| coverage::credit(ed, net, &route.pieces, &visit("2026-11-05", "walk"), "drive")).unwrap();
    assert_eq!(cache.builds(), 2);
    assert_eq!(cache.get(&p).unwrap().edges.len(), net_edges);
    assert_eq!(cache.builds(), 2);

    // Undo the coverage and the street: the network is as before.
    p.undo().unwrap();
    p.undo().unwrap();
    let net = cache.get(&p).unwrap();
    assert_eq!(net.edges.len(), edges);
    assert!(!net.by_road.contains_key(&fid));
    let again = coverage::drive(&p, net, &[a, b], &visit("2026-11-05", "walk")).unwrap().length_m;
    assert!((again - before).abs() < 1e-6);
    assert_eq!(cache.builds(), 3);
    // Redo brings it back.
    p.redo().unwrap();
    assert!(cache.get(&p).unwrap().by_road.contains_key(&fid));

    // Another project is another network, even before any edit.
    let other = afdaek_core::Project::create(d.path().join("tom.gpkg"), "Tom", None).unwrap();
    assert_eq!(cache.get(&other).unwrap().edges.len(), 0);
}
