//! Partners' eyes on the real Odense roads and BBR buildings: which uncovered
//! streets of Bolbro a meal route and partners already pass, checked against
//! an independent measurement with `geo` (distances sampled every metre), and
//! that covering a street takes it off the list.

mod common;
use common::odense;

use afdaek_core::coverage::figures::{Context, DWELLING_REACH_M, MEAL_ROUTE_REACH_M};
use afdaek_core::coverage::{self, Visit};
use afdaek_core::network::{Network, point_at};
use afdaek_core::planning::{self, eyes::PartnerEyes};
use afdaek_core::vocab;
use afdaek_core::{Feature, Layer, Project};
use geo::{Contains, Distance, Euclidean};
use geo_types::{Coord, Geometry, LineString, MultiPolygon, Point, polygon};
use std::collections::HashSet;

fn bolbro() -> MultiPolygon<f64> {
    MultiPolygon(vec![
        polygon![(x: 583_600.0, y: 6_138_600.0), (x: 585_600.0, y: 6_138_600.0), (x: 585_600.0, y: 6_140_200.0), (x: 583_600.0, y: 6_140_200.0), (x: 583_600.0, y: 6_138_600.0)],
    ])
}

const TODAY: &str = "2026-11-22";

/// Bolbro as a focus area; a meal route along the road inside it with most
/// homes along it; a caretaker, a pharmacy and a homeowners' association
/// with 300 m reach at its centre.
fn setup(p: &mut Project, net: &Network) -> LineString<f64> {
    let area = bolbro();
    let homes: Vec<Point<f64>> = p
        .features(Layer::Buildings)
        .unwrap()
        .into_iter()
        .filter(|b| b.i64("use_code").is_some_and(vocab::is_residential_use))
        .filter_map(|b| match b.geometry {
            Some(Geometry::Point(pt)) => Some(pt),
            _ => None,
        })
        .collect();
    let busiest = p
        .index()
        .in_polygon(Layer::Roads, &area.0[0])
        .into_iter()
        .filter(|f| net.roads[f].street_label().is_some())
        .filter(|f| net.road_line(*f).unwrap().0.iter().all(|c| area.contains(&Point(*c))))
        .max_by_key(|f| {
            let line = net.road_line(*f).unwrap();
            homes.iter().filter(|h| Euclidean.distance(*h, line) <= 30.0).count()
        })
        .unwrap();
    let meal = net.road_line(busiest).unwrap().clone();
    let centre = Point::new(584_600.0, 6_139_400.0);
    p.edit("partners' eyes", |ed| {
        ed.insert(Layer::FocusAreas, Feature::new(area.clone()).with("name", "Bolbro"))?;
        ed.insert(
            Layer::MealRoutes,
            Feature::new(meal.clone()).with("name", "tirsdagsrute").with("provider", "Madservice Vest"),
        )?;
        for (name, kind) in [
            ("Vicevært Bolbro", "caretaker"),
            ("Bolbro Apotek", "pharmacy"),
            ("Grundejerforeningen", "homeowners_association"),
        ] {
            ed.insert(
                Layer::Partners,
                Feature::new(centre).with("name", name).with("partner_type", kind).with("reach_m", 300.0),
            )?;
        }
        Ok(())
    })
    .unwrap();
    meal
}

fn eyes_of(p: &Project, net: &Network) -> Vec<PartnerEyes> {
    let next = planning::next_steps(p, net, TODAY, None).unwrap();
    assert_eq!(next.len(), 1);
    next.into_iter().next().unwrap().partners_eyes
}

/// The share of an edge's length (inside the area) within `r` of `line`, sampled every metre.
fn share_within(net: &Network, e: u32, area: &MultiPolygon<f64>, r: f64, near: &dyn Fn(Coord<f64>) -> f64) -> f64 {
    let edge = &net.edges[e as usize];
    let line = net.road_line(edge.road_fid).unwrap();
    let (mut inside, mut hit) = (0usize, 0usize);
    let mut m = edge.from_m + 0.5;
    while m < edge.to_m {
        let c = point_at(line, m);
        if area.contains(&Point(c)) {
            inside += 1;
            hit += (near(c) <= r) as usize;
        }
        m += 1.0;
    }
    if inside == 0 { 0.0 } else { hit as f64 / inside as f64 }
}

#[test]
fn a_meal_route_and_partners_see_the_uncovered_streets_where_people_live() {
    let d = tempfile::tempdir().unwrap();
    let mut p = odense(d.path());
    let net = Network::from_project(&p).unwrap();
    let meal = setup(&mut p, &net);
    let area = bolbro();

    let eyes = eyes_of(&p, &net);
    let names: Vec<&str> = eyes.iter().map(|e| e.seer.name.as_str()).collect();
    eprintln!("partners' eyes in Bolbro: {names:?}");
    for e in &eyes {
        eprintln!("  {}", e.ask_da(3));
    }
    // A pharmacy sees people at its counter, not at their doors.
    assert!(!names.contains(&"Bolbro Apotek"), "{names:?}");
    let route = eyes.iter().find(|e| e.seer.layer == "meal_routes").expect("the meal route sees uncovered streets");
    assert_eq!(route.seer.name, "Madservice Vest (tirsdagsrute)");
    assert!(route.ask_da(3).starts_with("Spørg Madservice Vest (tirsdagsrute) om "));

    let ctx = Context::new(&p, &net, p.settings().recency_days, TODAY).unwrap();
    let uncovered: HashSet<u32> = ctx.uncovered_edges(&area).into_iter().collect();
    for e in &eyes {
        let mut lengths = 0.0;
        for s in &e.stretches {
            assert!(s.length_m >= planning::eyes::MIN_STRETCH_M, "{s:?}");
            lengths += s.length_m;
            for &edge in &s.edges {
                // Every segment listed is uncovered, on the named street, and
                // (measured independently) at least half within the seer's reach.
                assert!(uncovered.contains(&edge), "{} lists covered edge {edge}", e.seer.name);
                assert_eq!(net.street_name(net.edges[edge as usize].road_fid), s.street);
                let share = if e.seer.layer == "meal_routes" {
                    share_within(&net, edge, &area, MEAL_ROUTE_REACH_M + 0.5, &|c| Euclidean.distance(&Point(c), &meal))
                } else {
                    share_within(&net, edge, &area, 300.5, &|c| {
                        Euclidean.distance(&Point(c), &Point::new(584_600.0, 6_139_400.0))
                    })
                };
                // Reach is sampled every 5 m by the core (± half a step at each end).
                assert!(share >= 0.4, "{}: edge {edge} only {share:.2} within reach", e.seer.name);
            }
            // The cross streets named meet the stretch.
            let nodes: HashSet<u32> =
                s.edges.iter().flat_map(|&x| [net.edges[x as usize].a, net.edges[x as usize].b]).collect();
            for cross in &s.cross_streets {
                let meets = nodes.iter().any(|&n| {
                    net.adj[n as usize].iter().any(|&(x, _)| net.street_name(net.edges[x as usize].road_fid) == *cross)
                });
                assert!(meets, "{cross} does not meet {}", s.street);
                assert_ne!(cross, &s.street);
            }
            // Restricted partners only where their kind of home is.
            if let Some(Some(types)) = vocab::partner_sees_homes(e.seer.partner_type) {
                assert!(s.housing_types.iter().any(|t| types.contains(t)), "{}: {s:?}", e.seer.name);
            } else {
                assert!(s.dwellings > 0, "the project has BBR, so a stretch without homes is left out: {s:?}");
            }
        }
        assert!((lengths - e.length_m).abs() < 1e-6);
        let sorted = e.stretches.windows(2).all(|w| w[0].length_m >= w[1].length_m);
        assert!(sorted, "longest first");
    }
    assert!(eyes.windows(2).all(|w| w[0].length_m >= w[1].length_m), "most seen first");

    // The dwellings of the meal route's longest stretch, counted independently:
    // residential buildings within 50 m of its segments.
    let s = &route.stretches[0];
    let parts: Vec<LineString<f64>> = s
        .edges
        .iter()
        .map(|&e| {
            let ed = &net.edges[e as usize];
            net.substring(ed.road_fid, ed.from_m, ed.to_m).unwrap()
        })
        .collect();
    if parts.iter().all(|l| l.0.iter().all(|c| area.contains(&Point(*c)))) {
        let mut want = 0;
        for b in p.features(Layer::Buildings).unwrap() {
            let (Some(Geometry::Point(pt)), Some(u)) = (&b.geometry, b.i64("use_code")) else { continue };
            if vocab::is_residential_use(u) && parts.iter().any(|l| Euclidean.distance(pt, l) <= DWELLING_REACH_M) {
                want += b.i64("dwellings").unwrap_or(1).max(1);
            }
        }
        assert_eq!(s.dwellings, want, "{s:?}");
    }

    // Covering the meal route's longest stretch takes it off the list.
    let visit = Visit { date: "2026-11-20".into(), method: "walk".into(), time_of_day: None, team: None };
    for &e in &s.edges {
        let ed = net.edges[e as usize].clone();
        let at = point_at(net.road_line(ed.road_fid).unwrap(), 0.5 * (ed.from_m + ed.to_m));
        coverage::tick(&mut p, &net, at, false, None, &visit).unwrap();
    }
    let after = eyes_of(&p, &net);
    let gone: HashSet<u32> = s.edges.iter().copied().collect();
    for e in &after {
        for st in &e.stretches {
            assert!(st.edges.iter().all(|x| !gone.contains(x)), "{} still lists a covered segment", e.seer.name);
        }
    }
}
