//! Blind spots, staleness and planning on the real Odense data, plus
//! property tests on generated projects.

mod common;
use common::odense;

use afdaek_core::blindspots::{self, BlindSpot, Reason};
use afdaek_core::coverage::{self, Visit};
use afdaek_core::network::Network;
use afdaek_core::planning::{self, priority};
use afdaek_core::{Feature, Layer, Project};
use geo_types::{Coord, MultiPolygon, Point, polygon};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const TODAY: &str = "2026-11-22";

fn square(c: Coord<f64>, half: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![
        (x: c.x - half, y: c.y - half), (x: c.x + half, y: c.y - half),
        (x: c.x + half, y: c.y + half), (x: c.x - half, y: c.y + half), (x: c.x - half, y: c.y - half)
    ]])
}

fn visit(date: &str) -> Visit {
    Visit { date: date.into(), method: "walk".into(), time_of_day: Some("day".into()), team: None }
}

fn spots(p: &Project) -> Vec<BlindSpot> {
    let net = Network::from_project(p).unwrap();
    blindspots::blindspots(p, &net, TODAY, None).unwrap()
}

fn codes(b: &BlindSpot) -> Vec<&str> {
    b.reasons.iter().map(|r| r.code).collect()
}

/// The building fids of a BBR use code.
fn buildings_of_use(p: &Project, use_code: i64) -> Vec<(i64, Coord<f64>)> {
    p.features(Layer::Buildings)
        .unwrap()
        .into_iter()
        .filter(|f| f.i64("use_code") == Some(use_code))
        .map(|f| match f.geometry {
            Some(geo_types::Geometry::Point(pt)) => (f.fid.unwrap(), pt.0),
            _ => unreachable!(),
        })
        .collect()
}

fn entry_with(list: &[BlindSpot], fid: i64) -> Option<&BlindSpot> {
    list.iter().find(|b| b.layer == "buildings" && b.fids.contains(&fid))
}

#[test]
fn odense_dormitories_and_farms_are_blind_spots_until_reached() {
    let d = tempfile::tempdir().unwrap();
    let mut p = odense(d.path());
    let dorms = buildings_of_use(&p, 150);
    let farms = buildings_of_use(&p, 110);
    assert_eq!(dorms.len(), 2, "the fixture has two dormitories");
    assert!(farms.len() >= 3, "the fixture has farmhouses: {farms:?}");

    // A fresh project: nothing reaches them; each with the full set of reasons.
    let list = spots(&p);
    let full = ["outside_focus", "never_covered", "no_partner", "no_meal_route"];
    for (fid, _) in &dorms {
        let b = entry_with(&list, *fid).expect("dormitory listed");
        assert_eq!(b.type_code, "dormitory");
        assert_eq!(b.type_label, "kollegium");
        assert_eq!(codes(b), full);
        assert!(b.reasons[0].label.contains("fokusområder"));
        assert!(b.dwellings >= 10, "dormitories hold many units (estimated from floor area): {}", b.dwellings);
    }
    for (fid, _) in &farms {
        let b = entry_with(&list, *fid).expect("farmhouse listed");
        assert_eq!(b.type_code, "farm");
        assert_eq!(codes(b), full);
    }
    // The two dormitories are 700 m apart: two entries, and they rank first
    // (the overlooked type with many units).
    let dorm_entries: BTreeSet<&str> = dorms.iter().map(|(f, _)| entry_with(&list, *f).unwrap().id.as_str()).collect();
    assert_eq!(dorm_entries.len(), 2);
    assert!(list[..2].iter().all(|b| b.type_code == "dormitory"), "{:?}", &list[..3]);
    // Every entry's location is in Odense (lon/lat).
    for b in &list {
        assert!((10.1..10.7).contains(&b.location.lon) && (55.2..55.6).contains(&b.location.lat), "{b:?}");
    }

    // A focus area over the first dormitory takes it off the list.
    let (d1, c1) = dorms[0];
    p.edit("fokus", |ed| ed.insert(Layer::FocusAreas, Feature::new(square(c1, 100.0)).with("name", "Kollegiet")))
        .unwrap();
    let list = spots(&p);
    assert!(entry_with(&list, d1).is_none(), "covered by a focus area");
    assert!(entry_with(&list, dorms[1].0).is_some());

    // Ticking the street next to the second dormitory takes it off too.
    let (d2, c2) = dorms[1];
    let net = Network::from_project(&p).unwrap();
    let hit = p.index().nearest_road(c2, 50.0).expect("a street within 50 m of the dormitory");
    coverage::tick(&mut p, &net, hit.point, false, None, &visit("2026-10-01")).unwrap();
    let list = spots(&p);
    assert!(entry_with(&list, d2).is_none(), "its street is ticked");

    // Old coverage near a farm: still a blind spot, with `coverage_old`.
    let (f1, fc) =
        farms.iter().copied().find(|(_, c)| p.index().nearest_road(*c, 50.0).is_some()).expect("farm by a road");
    let hit = p.index().nearest_road(fc, 50.0).unwrap();
    coverage::tick(&mut p, &net, hit.point, false, None, &visit("2025-01-10")).unwrap();
    let list = spots(&p);
    let b = entry_with(&list, f1).expect("old coverage does not reach");
    assert_eq!(codes(b), ["outside_focus", "coverage_old", "no_partner", "no_meal_route"]);
    assert!(b.reasons[1].label.contains("180 dage"));
    let score_before = b.score;

    // A partner whose reach covers the farm: still listed (indirect reach is
    // reported beside), one reason fewer, lower score.
    p.edit("partner", |ed| {
        ed.insert(
            Layer::Partners,
            Feature::new(Point::from(fc))
                .with("name", "Madservice Syd")
                .with("partner_type", "meal_delivery")
                .with("reach_m", 300.0),
        )
    })
    .unwrap();
    let list = spots(&p);
    let b = entry_with(&list, f1).unwrap();
    assert_eq!(codes(b), ["outside_focus", "coverage_old", "no_meal_route"]);
    assert!(b.score < score_before);

    // A housing area around the farm, last reviewed long ago: `not_reviewed`
    // for the farm, and the area itself is a candidate of its type.
    p.edit("bolig", |ed| {
        ed.insert(
            Layer::HousingAreas,
            Feature::new(square(fc, 150.0))
                .with("name", "Nedlagt landbrug")
                .with("housing_types", "farm")
                .with("last_reviewed", "2024-03-01"),
        )
    })
    .unwrap();
    let list = spots(&p);
    let b = entry_with(&list, f1).unwrap();
    assert!(codes(b).contains(&"not_reviewed"), "{:?}", codes(b));
    let area = list.iter().find(|b| b.kind == "housing_area").expect("the housing area is listed");
    assert_eq!(area.type_code, "farm");
    assert_eq!(area.name.as_deref(), Some("Nedlagt landbrug"));
    assert!(area.dwellings >= 1);
}

#[test]
fn a_dormitory_complex_is_one_entry_and_lone_houses_are_rural_plots() {
    let d = tempfile::tempdir().unwrap();
    let mut p = Project::create(d.path().join("g.gpkg"), "Gruppe", Some("0461")).unwrap();
    p.edit("data", |ed| {
        // A complex: 40 dormitory blocks 20 m apart.
        for i in 0..40 {
            let c = Coord { x: 590_000.0 + (i % 8) as f64 * 20.0, y: 6_140_000.0 + (i / 8) as f64 * 20.0 };
            ed.insert(Layer::Buildings, Feature::new(Point::from(c)).with("use_code", 150).with("dwellings", 10))?;
        }
        // A town of 100 detached houses 25 m apart.
        for i in 0..100 {
            let c = Coord { x: 592_000.0 + (i % 10) as f64 * 25.0, y: 6_140_000.0 + (i / 10) as f64 * 25.0 };
            ed.insert(Layer::Buildings, Feature::new(Point::from(c)).with("use_code", 120).with("dwellings", 1))?;
        }
        // Two houses together 2 km out, and one more alone.
        for c in [(596_000.0, 6_140_000.0), (596_030.0, 6_140_010.0), (598_000.0, 6_142_000.0)] {
            ed.insert(Layer::Buildings, Feature::new(Point::new(c.0, c.1)).with("use_code", 120).with("dwellings", 1))?;
        }
        Ok(())
    })
    .unwrap();
    let list = spots(&p);
    let dorms: Vec<&BlindSpot> = list.iter().filter(|b| b.type_code == "dormitory").collect();
    assert_eq!(dorms.len(), 1, "one complex, one entry");
    assert_eq!(dorms[0].fids.len(), 40);
    assert_eq!(dorms[0].dwellings, 400);
    let rural: Vec<&BlindSpot> = list.iter().filter(|b| b.kind == "rural_plot").collect();
    assert_eq!(rural.len(), 2, "{rural:?}");
    assert!(rural.iter().all(|b| b.type_code == "isolated_dwelling"));
    assert_eq!(rural.iter().map(|b| b.fids.len()).sum::<usize>(), 3);
    let town: Vec<&BlindSpot> = list.iter().filter(|b| b.type_code == "owner_occupied").collect();
    assert_eq!(town.len(), 1, "the detached-house district is one entry");
    assert_eq!(town[0].dwellings, 100);
    // Overlooked types first.
    assert_eq!(list[0].type_code, "dormitory");
}

#[test]
fn weights_and_distances_are_settings() {
    let d = tempfile::tempdir().unwrap();
    let mut p = Project::create(d.path().join("s.gpkg"), "S", Some("0461")).unwrap();
    p.edit("data", |ed| {
        ed.insert(
            Layer::Buildings,
            Feature::new(Point::new(590_000.0, 6_140_000.0)).with("use_code", 150).with("dwellings", 1),
        )?;
        ed.insert(
            Layer::Buildings,
            Feature::new(Point::new(590_050.0, 6_140_000.0)).with("use_code", 150).with("dwellings", 1),
        )?;
        ed.insert(
            Layer::Buildings,
            Feature::new(Point::new(593_000.0, 6_140_000.0)).with("use_code", 540).with("dwellings", 1),
        )
    })
    .unwrap();
    assert_eq!(spots(&p).iter().filter(|b| b.type_code == "dormitory").count(), 1);
    let mut s = p.settings().blindspots.clone();
    s.group_m = 10.0;
    s.weights.insert("allotment".into(), 50.0);
    p.set_setting("blindspots", serde_json::to_value(&s).unwrap()).unwrap();
    let list = spots(&p);
    assert_eq!(list.iter().filter(|b| b.type_code == "dormitory").count(), 2);
    assert_eq!(list[0].type_code, "allotment");
    // Nonsense is refused, and nothing changes.
    s.reach_m = -1.0;
    assert!(p.set_setting("blindspots", serde_json::to_value(&s).unwrap()).is_err());
    assert_eq!(p.settings().blindspots.reach_m, 50.0);
}

#[test]
fn stale_areas_and_streets() {
    let d = tempfile::tempdir().unwrap();
    let mut p = odense(d.path());
    let net = Network::from_project(&p).unwrap();
    let road = p.features(Layer::Roads).unwrap().into_iter().find(|f| f.str("street_code").is_some()).unwrap();
    let line = match road.geometry.clone().unwrap() {
        geo_types::Geometry::LineString(l) => l,
        _ => unreachable!(),
    };
    let mid = afdaek_core::network::point_at(&line, net.roads[&road.fid.unwrap()].length / 2.0);
    coverage::tick(&mut p, &net, mid, false, None, &visit("2026-03-01")).unwrap();
    p.edit("fokus", |ed| {
        ed.insert(
            Layer::FocusAreas,
            Feature::new(square(mid, 200.0)).with("name", "Gammel").with("last_reviewed", "2024-01-01"),
        )?;
        ed.insert(
            Layer::FocusAreas,
            Feature::new(square(mid, 200.0)).with("name", "Frisk").with("last_reviewed", "2026-11-01"),
        )
    })
    .unwrap();
    let r = blindspots::stale::stale(&p, &net, TODAY).unwrap();
    let old = r.areas.iter().find(|a| a.name == "Gammel").unwrap();
    assert_eq!(old.reasons, ["not_reviewed"], "visited 2026-03-01, within 365 days");
    assert_eq!(old.last_visited.as_deref(), Some("2026-03-01"));
    assert!(old.days_since_review.unwrap() > 1000);
    assert!(r.areas.iter().all(|a| a.name != "Frisk"));
    // Streets are named by their name, or by street code where the source has none.
    let street =
        road.str("name").map(String::from).unwrap_or_else(|| format!("vejkode {}", road.str("street_code").unwrap()));
    let street = street.as_str();
    let s = r.streets.iter().find(|s| s.name == street).expect("the street's coverage is older than 180 days");
    assert_eq!(s.last_covered, "2026-03-01");
    // Covering it again today makes it fresh.
    coverage::tick(&mut p, &net, mid, false, None, &visit("2026-11-20")).unwrap();
    let r = blindspots::stale::stale(&p, &net, TODAY).unwrap();
    assert!(r.streets.iter().all(|s| s.name != street));
}

#[test]
fn priorities_dimensions_fidelity_and_next_steps() {
    let d = tempfile::tempdir().unwrap();
    let mut p = odense(d.path());
    let dorm = buildings_of_use(&p, 150)[0].1;
    let fid = p
        .edit("fokus", |ed| {
            ed.insert(
                Layer::FocusAreas,
                Feature::new(square(dorm, 400.0))
                    .with("name", "Campus")
                    .with("crit_target_fit", 5)
                    .with("crit_task", 4)
                    .with("crit_partners", 2)
                    .with("crit_yield", 5)
                    .with("dim_channels_notes", "Kollegiebladet"),
            )?;
            ed.insert(
                Layer::FocusAreas,
                Feature::new(square(Coord { x: dorm.x + 5000.0, y: dorm.y }, 300.0))
                    .with("name", "Team-valgt")
                    .with("priority", 1),
            )?;
            ed.insert(
                Layer::Partners,
                Feature::new(Point::from(dorm))
                    .with("name", "Kollegiets vicevært")
                    .with("partner_type", "caretaker")
                    .with("contact_status", "not_started"),
            )?;
            ed.insert(
                Layer::Partners,
                Feature::new(Point::new(dorm.x + 50.0, dorm.y))
                    .with("name", "Kiosken")
                    .with("partner_type", "kiosk")
                    .with("contact_status", "in_progress")
                    .with("next_contact", "2026-10-01"),
            )?;
            ed.insert(
                Layer::Partners,
                Feature::new(Point::new(dorm.x + 60.0, dorm.y))
                    .with("name", "Biblioteket")
                    .with("partner_type", "library")
                    .with("contact_status", "done")
                    .with("next_contact", "2026-10-01"),
            )
        })
        .unwrap();
    let _ = fid;
    let ranked = priority::ranked(&p).unwrap();
    assert_eq!(ranked[0].name, "Team-valgt");
    assert_eq!(ranked[0].priority_source, Some("team"));
    assert_eq!(ranked[1].name, "Campus");
    assert_eq!((ranked[1].priority, ranked[1].priority_source), (Some(2), Some("criteria")));
    let campus = planning::focus_area_by_name(&p, "campus").unwrap().fid.unwrap();
    assert_eq!(priority::apply_derived(&mut p, campus).unwrap(), Some(2));
    assert_eq!(p.feature(Layer::FocusAreas, campus).unwrap().i64("priority"), Some(2));

    planning::answer_fidelity(&mut p, campus, "2026-03-01", &[("housing_mapped".into(), "low".into())]).unwrap();
    planning::answer_fidelity(
        &mut p,
        campus,
        "2026-09-01",
        &[("housing_mapped".into(), "high".into()), ("outreach_done".into(), "neither".into())],
    )
    .unwrap();
    assert!(
        planning::answer_fidelity(&mut p, campus, "2026-09-01", &[("housing_mapped".into(), "meget".into())]).is_err()
    );
    let rounds = planning::fidelity(&p, campus).unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0].answers["housing_mapped"], "low");
    assert_eq!(rounds[1].answers["housing_mapped"], "high");

    let net = Network::from_project(&p).unwrap();
    let next = planning::next_steps(&p, &net, TODAY, Some(campus)).unwrap();
    let n = &next[0];
    assert_eq!(n.name, "Campus");
    assert!(n.uncovered_streets_total > 0, "nothing is covered yet");
    assert!(n.blind_spots_inside.iter().any(|b| b.type_code == "dormitory"), "the dormitory inside is not covered yet");
    let todo: Vec<(&str, &str)> = n.partners_to_contact.iter().map(|t| (t.name.as_str(), t.why)).collect();
    assert_eq!(todo, [("Kollegiets vicevært", "not_started"), ("Kiosken", "overdue")]);
    let dims: Vec<(&str, usize, bool)> = n.dimensions.iter().map(|d| (d.code, d.count, d.empty)).collect();
    assert_eq!(dims[3], ("partners", 3, false));
    assert_eq!(dims[4], ("channels", 0, false), "notes count as mapped");
    assert_eq!(n.empty_dimensions, ["housing", "characteristics", "places"]);
    assert_eq!(n.stale, ["not_reviewed", "not_visited"]);
    assert_eq!(n.fidelity.len(), 2);
}

/// A small generated project: grid streets and scattered dwellings.
fn generated(dir: &Path, seed: u64) -> (Project, Network) {
    let p = afdaek_core::synth::generate_project(&dir.join(format!("p{seed}.gpkg")), 120, 300, seed).unwrap();
    let net = Network::from_project(&p).unwrap();
    (p, net)
}

fn blind_set(p: &Project, net: &Network) -> BTreeSet<(String, i64)> {
    let a = blindspots::analyse(p, net, TODAY).unwrap();
    a.candidates
        .iter()
        .zip(&a.reasons)
        .filter(|(_, r)| r.is_blind())
        .map(|(c, _)| (c.layer.table().to_string(), c.fid))
        .collect()
}

/// Every candidate's reasons (by `table:fid`): a blind spot's score is its
/// type's weight × (1 + log10 dwellings) × the number of its reasons, so a
/// candidate whose reasons only shrink can only fall in score. "Never
/// covered" and "covered only before the window" are one reason in two
/// words (a street ticked long ago turns the first into the second), so they
/// count as one here.
fn reasons_by_candidate(p: &Project, net: &Network) -> BTreeMap<(String, i64), BTreeSet<&'static str>> {
    let a = blindspots::analyse(p, net, TODAY).unwrap();
    let one = |code: &'static str| if code == "coverage_old" { "never_covered" } else { code };
    a.candidates
        .iter()
        .zip(&a.reasons)
        .map(|(c, r)| ((c.layer.table().to_string(), c.fid), r.iter().map(|x| one(x.code())).collect()))
        .collect()
}

/// `after`'s reasons are, candidate by candidate, among `before`'s.
fn no_reason_added(
    before: &BTreeMap<(String, i64), BTreeSet<&'static str>>,
    after: &BTreeMap<(String, i64), BTreeSet<&'static str>>,
) -> Result<(), String> {
    for (k, r) in after {
        let was = before.get(k).ok_or(format!("new candidate {k:?}"))?;
        if !r.is_subset(was) {
            return Err(format!("{k:?} gained {:?}", r.difference(was).collect::<Vec<_>>()));
        }
    }
    Ok(())
}

/// The blind spots and reasons now, after a change that may only take them
/// away: every blind spot was one in `before`, and no candidate gained a reason.
#[allow(clippy::type_complexity)]
fn only_taken_away(
    p: &Project,
    net: &Network,
    before: &BTreeSet<(String, i64)>,
    reasons: &BTreeMap<(String, i64), BTreeSet<&'static str>>,
) -> Result<(BTreeSet<(String, i64)>, BTreeMap<(String, i64), BTreeSet<&'static str>>), TestCaseError> {
    let (after, now) = (blind_set(p, net), reasons_by_candidate(p, net));
    prop_assert!(after.is_subset(before), "new blind spots: {:?}", after.difference(before).collect::<Vec<_>>());
    no_reason_added(reasons, &now).map_err(TestCaseError::fail)?;
    Ok((after, now))
}

fn extent(p: &Project) -> [f64; 4] {
    p.index().extent(Layer::Roads).unwrap()
}

fn at(e: [f64; 4], u: f64, v: f64) -> Coord<f64> {
    Coord { x: e[0] + u * (e[2] - e[0]), y: e[1] + v * (e[3] - e[1]) }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// Adding coverage (a tick, a drive, a zone) never adds a blind spot.
    #[test]
    fn adding_coverage_never_adds_a_blind_spot(
        seed in 1u64..10_000,
        focus in proptest::collection::vec((0.0..1.0f64, 0.0..1.0f64, 50.0..600.0f64), 0..4),
        ticks in proptest::collection::vec((0.0..1.0f64, 0.0..1.0f64), 1..6),
        old in proptest::bool::ANY,
    ) {
        let d = tempfile::tempdir().unwrap();
        let (mut p, net) = generated(d.path(), seed);
        let e = extent(&p);
        prop_assert!(!blind_set(&p, &net).is_empty(), "the generated project has no blind spot to start from");
        p.edit("fokus", |ed| {
            for (u, v, r) in &focus {
                ed.insert(Layer::FocusAreas, Feature::new(square(at(e, *u, *v), *r)))?;
            }
            Ok(())
        }).unwrap();
        let mut before = blind_set(&p, &net);
        // The property says something only if there are blind spots to lose:
        // focus areas that happen to cover every one make another case instead.
        prop_assume!(!before.is_empty());
        let mut reasons = reasons_by_candidate(&p, &net);
        let date = if old { "2024-05-01" } else { "2026-11-01" };
        for (u, v) in ticks {
            if let Some(hit) = p.index().nearest_road(at(e, u, v), 1e6) {
                coverage::tick(&mut p, &net, hit.point, false, None, &visit(date)).unwrap();
            }
            (before, reasons) = only_taken_away(&p, &net, &before, &reasons)?;
        }
        let zone = square(at(e, 0.5, 0.5), 300.0);
        coverage::zone(&mut p, &net, &zone, &visit(date), "zone").unwrap();
        prop_assert!(blind_set(&p, &net).is_subset(&before));
    }

    /// Removing a focus area never removes a blind spot.
    #[test]
    fn removing_a_focus_area_never_removes_a_blind_spot(
        seed in 1u64..10_000,
        focus in proptest::collection::vec((0.0..1.0f64, 0.0..1.0f64, 50.0..800.0f64), 1..5),
        ticks in proptest::collection::vec((0.0..1.0f64, 0.0..1.0f64), 0..4),
    ) {
        let d = tempfile::tempdir().unwrap();
        let (mut p, net) = generated(d.path(), seed);
        let e = extent(&p);
        for (u, v) in ticks {
            if let Some(hit) = p.index().nearest_road(at(e, u, v), 1e6) {
                coverage::tick(&mut p, &net, hit.point, false, None, &visit("2026-10-01")).unwrap();
            }
        }
        // Blind spots before any focus area: what removing them all must give back.
        let none = blind_set(&p, &net);
        prop_assert!(!none.is_empty(), "the generated project has no blind spot to start from");
        let fids = p.edit("fokus", |ed| {
            focus.iter().map(|(u, v, r)| ed.insert(Layer::FocusAreas, Feature::new(square(at(e, *u, *v), *r)))).collect::<afdaek_core::Result<Vec<i64>>>()
        }).unwrap();
        let mut before = blind_set(&p, &net);
        for fid in fids {
            p.edit("slet", |ed| ed.delete(Layer::FocusAreas, fid)).unwrap();
            let after = blind_set(&p, &net);
            prop_assert!(before.is_subset(&after), "lost blind spots: {:?}", before.difference(&after).collect::<Vec<_>>());
            before = after;
        }
        prop_assert_eq!(before, none);
    }

    /// Adding a partner (reach circle) or a meal route never adds a blind
    /// spot, and never gives a candidate a reason (so never raises a score).
    #[test]
    fn adding_a_partner_or_a_meal_route_never_adds_a_blind_spot_or_a_reason(
        seed in 1u64..10_000,
        partners in proptest::collection::vec((0.0..1.0f64, 0.0..1.0f64, 200.0..800.0f64), 1..5),
        route in proptest::collection::vec((0.0..1.0f64, 0.0..1.0f64), 2..6),
    ) {
        let d = tempfile::tempdir().unwrap();
        let (mut p, net) = generated(d.path(), seed);
        let e = extent(&p);
        let mut before = blind_set(&p, &net);
        prop_assert!(!before.is_empty(), "the generated project has no blind spot to start from");
        let mut reasons = reasons_by_candidate(&p, &net);
        let reached_before = reasons.values().filter(|r| !r.contains("no_partner")).count();
        for (u, v, r) in partners {
            p.edit("partner", |ed| {
                ed.insert(
                    Layer::Partners,
                    Feature::new(Point::from(at(e, u, v))).with("name", "Madservice").with("partner_type", "meal_delivery").with("reach_m", r),
                )
            }).unwrap();
            (before, reasons) = only_taken_away(&p, &net, &before, &reasons)?;
        }
        // The partners reached someone: the property was not tested on nothing.
        prop_assert!(reasons.values().filter(|r| !r.contains("no_partner")).count() > reached_before);
        let line = geo_types::LineString::from(route.iter().map(|(u, v)| at(e, *u, *v)).collect::<Vec<_>>());
        p.edit("madrute", |ed| ed.insert(Layer::MealRoutes, Feature::new(line).with("name", "Rute 1"))).unwrap();
        only_taken_away(&p, &net, &before, &reasons)?;
    }
}

#[test]
fn reason_codes_are_documented_in_order() {
    let codes: Vec<&str> = Reason::ALL.iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        ["outside_focus", "never_covered", "coverage_old", "no_partner", "no_meal_route", "not_reviewed"]
    );
}
