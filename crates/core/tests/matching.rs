//! Map-matching accuracy on noisy simulated GPS drives along known routes of
//! the real Odense network (generator: `synth::gps_trace`). Requirement: at
//! least 95 % of the true route credited and at most 5 % of what is credited
//! off the route.

mod common;
use common::data;

use afdaek_core::coverage::intervals::{intersect, merge, total};
use afdaek_core::import::{ImportOptions, import_file};
use afdaek_core::matching::{MatchOptions, match_track};
use afdaek_core::network::Network;
use afdaek_core::routing::{OnNetwork, Piece, Route, shortest, through};
use afdaek_core::synth::{PhoneGps, Rng, gps_trace, phone_gps_trace};
use afdaek_core::{Feature, Layer, Project};
use geo_types::LineString;
use std::collections::HashMap;

fn by_road(pieces: &[Piece]) -> HashMap<i64, Vec<(f64, f64)>> {
    let mut m: HashMap<i64, Vec<(f64, f64)>> = HashMap::new();
    for p in pieces {
        m.entry(p.road_fid).or_default().push((p.from_m.min(p.to_m), p.from_m.max(p.to_m)));
    }
    m.into_iter().map(|(k, v)| (k, merge(v))).collect()
}

/// (share of the true route credited, share of the credit that is off the route)
fn score(truth: &[Piece], matched: &[Piece]) -> (f64, f64) {
    let (t, m) = (by_road(truth), by_road(matched));
    let true_len: f64 = t.values().map(|v| total(v)).sum();
    let got: f64 = m.values().map(|v| total(v)).sum();
    let on: f64 = m.iter().map(|(r, v)| t.get(r).map_or(0.0, |tv| total(&intersect(tv, v)))).sum();
    (on / true_len, if got > 0.0 { (got - on) / got } else { 0.0 })
}

struct Odense {
    _dir: tempfile::TempDir,
    project: Project,
    net: Network,
}

fn odense() -> Odense {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(dir.path().join("o.gpkg"), "Odense", Some("0461")).unwrap();
    import_file(&mut p, &data().join("odense/vejmidte_0461_odense.geojson"), &ImportOptions::default()).unwrap();
    let net = Network::from_project(&p).unwrap();
    Odense { _dir: dir, project: p, net }
}

/// Known routes on the connected core, 1.5–5 km, from a fixed seed.
fn routes(net: &Network, n: usize, car: bool) -> Vec<Route> {
    let comp = net.components();
    let mut sizes: HashMap<u32, usize> = HashMap::new();
    for c in &comp {
        *sizes.entry(*c).or_default() += 1;
    }
    let core = *sizes.iter().max_by_key(|(_, n)| **n).unwrap().0;
    let mut core_edges: Vec<u32> = (0..net.edges.len() as u32)
        .filter(|&e| comp[net.edges[e as usize].a as usize] == core && (!car || net.edges[e as usize].car))
        .collect();
    core_edges.sort_unstable();
    let mut rng = Rng::new(11);
    let mut out = Vec::new();
    while out.len() < n {
        let pick = |rng: &mut Rng| {
            let e = core_edges[(rng.next_u64() % core_edges.len() as u64) as usize];
            let ed = &net.edges[e as usize];
            OnNetwork { edge: e, m: (ed.from_m + ed.to_m) / 2.0 }
        };
        let (a, b) = (pick(&mut rng), pick(&mut rng));
        if let Some(r) = shortest(net, a, b, car, f64::INFINITY).filter(|r| (1500.0..5000.0).contains(&r.length_m)) {
            out.push(r);
        }
    }
    out
}

/// Simulates a drive along `route` and matches it, as a car when `car`.
fn run(o: &Odense, route: &Route, sigma: f64, every_s: f64, gap: Option<(f64, f64)>, seed: u64) -> ((f64, f64), usize) {
    run_as(o, route, sigma, every_s, gap, seed, true)
}

fn run_as(
    o: &Odense,
    route: &Route,
    sigma: f64,
    every_s: f64,
    gap: Option<(f64, f64)>,
    seed: u64,
    car: bool,
) -> ((f64, f64), usize) {
    let line: LineString<f64> = route.line(&o.net);
    let mut rng = Rng::new(seed);
    let fixes = gps_trace(&line, 10.0, every_s, sigma, gap, &mut rng);
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
    let mut opts = MatchOptions {
        sigma_m: sigma.max(5.0),
        radius_m: (4.0 * sigma).max(40.0),
        car_only: car,
        ..Default::default()
    };
    if let Some(b) = env("MM_BETA") {
        opts.beta_m = b;
    }
    if let Some(t) = env("MM_THIN") {
        opts.thin_m = Some(t * sigma);
    }
    let m = match_track(&o.net, o.project.index(), &fixes, &opts);
    if std::env::var("MM_DEBUG").is_ok() {
        let (t, mm) = (by_road(&route.pieces), by_road(&m.pieces));
        for (r, v) in &mm {
            let on = t.get(r).map_or(0.0, |tv| total(&intersect(tv, v)));
            let got = total(v);
            if got - on > 1.0 {
                let info = &o.net.roads[r];
                let tv = t.get(r);
                eprintln!(
                    "  off: road {r} ({:?}, {:?}, len {:.0}) matched {v:?} truth {tv:?}",
                    info.road_class, info.street_code, info.length
                );
            }
        }
        for (r, v) in &t {
            let on = mm.get(r).map_or(0.0, |mv| total(&intersect(mv, v)));
            if total(v) - on > 1.0 {
                eprintln!("  missed: road {r} ({:?}) truth {v:?} matched {:?}", o.net.roads[r].road_class, mm.get(r));
            }
        }
    }
    (score(&route.pieces, &m.pieces), m.breaks)
}

/// Per noise level and sampling interval, over 12 routes: of all true route
/// length at least 95 % credited, of all credit at most 5 % off the routes;
/// and no single route below 90 % / above 12 %. Single routes can miss the
/// 95/5 line where the data itself is ambiguous at that noise: a shortcut
/// through a 55 m driveway beside a main road 20 m away, sampled every 10 s,
/// or a side loop within 2σ of the route at σ = 20 m (printed, not hidden).
#[test]
fn accuracy_across_noise_and_sampling() {
    let o = odense();
    let n = std::env::var("MM_ROUTES").ok().and_then(|v| v.parse().ok()).unwrap_or(12);
    let rs = routes(&o.net, n, true);
    let mut failures = Vec::new();
    for sigma in [5.0, 10.0, 20.0] {
        for every in [1.0, 10.0] {
            let (mut truth, mut on_len, mut off_len) = (0.0, 0.0, 0.0);
            for (i, r) in rs.iter().enumerate() {
                let ((on, off), _) = run(&o, r, sigma, every, None, 100 + i as u64);
                eprintln!(
                    "σ={sigma} m, every {every} s, route {i} ({:.0} m): credited {:.1} %, off-route {:.1} %",
                    r.length_m,
                    100.0 * on,
                    100.0 * off
                );
                truth += r.length_m;
                on_len += on * r.length_m;
                off_len += if off < 1.0 { on * r.length_m * off / (1.0 - off) } else { 0.0 };
                if on < 0.90 || off > 0.12 {
                    failures.push(format!(
                        "σ={sigma} every {every}s route {i}: {:.1} % / {:.1} % off",
                        100.0 * on,
                        100.0 * off
                    ));
                }
            }
            let (on, off) = (on_len / truth, off_len / (on_len + off_len));
            eprintln!(
                "σ={sigma} m, every {every} s, all routes: credited {:.1} %, off-route {:.1} %",
                100.0 * on,
                100.0 * off
            );
            if on < 0.95 || off > 0.05 {
                failures.push(format!(
                    "σ={sigma} every {every}s, all routes: {:.1} % / {:.1} % off",
                    100.0 * on,
                    100.0 * off
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Phone-like recordings (`synth::PhoneGps`: drifting error, 2 % jumps of
/// 50–150 m, three stops, speed changing between 3 and 14 m/s), matched as
/// `afdaek track` matches them: with its default σ = 10 m whatever the true
/// error, and not told it is a car. The figures are printed and recorded in
/// docs/BENCHMARKS.md. At σ = 10 m they miss the 95/5 line of the textbook
/// noise (2026-12-02, with jumps dropped by `without_spikes`: 94.0 % credited
/// and 5.8 % off-route at 1 s; before it 93.4 % / 9.9 %), so the assertion is
/// a floor under what was measured, to catch a regression, not the goal.
#[test]
fn accuracy_on_phone_like_gps_with_the_default_sigma() {
    let o = odense();
    let n = std::env::var("MM_ROUTES").ok().and_then(|v| v.parse().ok()).unwrap_or(12);
    let rs = routes(&o.net, n, true);
    let opts =
        MatchOptions { sigma_m: 10.0, radius_m: afdaek_core::session::match_radius_m(10.0), ..Default::default() };
    let mut failures = Vec::new();
    for (sigma, floor) in [(5.0, (0.96, 0.04)), (10.0, (0.93, 0.07)), (20.0, (0.85, 0.11))] {
        for every_s in [1.0, 5.0] {
            let how = PhoneGps { sigma_m: sigma, correlation_s: 30.0, every_s, outliers: 0.02, stops: 3 };
            let (mut truth, mut on_len, mut got_len, mut worst) = (0.0, 0.0, 0.0, (1.0f64, 0.0f64));
            for (i, r) in rs.iter().enumerate() {
                let fixes = phone_gps_trace(&r.line(&o.net), how, &mut Rng::new(500 + i as u64));
                let m = match_track(&o.net, o.project.index(), &fixes, &opts);
                let (on, off) = score(&r.pieces, &m.pieces);
                truth += r.length_m;
                on_len += on * r.length_m;
                got_len += if off < 1.0 { on * r.length_m / (1.0 - off) } else { 0.0 };
                worst = (worst.0.min(on), worst.1.max(off));
            }
            let (on, off) = (on_len / truth, 1.0 - on_len / got_len);
            eprintln!(
                "phone GPS σ={sigma} m (τ=30 s, 2 % jumps, 3 stops), every {every_s} s, matched with σ=10: \
                 credited {:.1} %, off-route {:.1} %; worst route {:.1} % / {:.1} %",
                100.0 * on,
                100.0 * off,
                100.0 * worst.0,
                100.0 * worst.1
            );
            if on < floor.0 || off > floor.1 {
                failures.push(format!("σ={sigma} every {every_s}s: {:.1} % / {:.1} % off", 100.0 * on, 100.0 * off));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_short_signal_gap_is_routed_a_long_one_is_not_bridged() {
    let o = odense();
    let r = &routes(&o.net, 1, true)[0];
    // 20 s without fixes (200 m): under the 60 s limit, matched through by routing.
    let ((on, off), breaks) = run(&o, r, 10.0, 1.0, Some((40.0, 60.0)), 7);
    assert!(on >= 0.95 && off <= 0.05, "short gap: {on} {off}");
    assert_eq!(breaks, 0);
    // 90 s without fixes (900 m): the match breaks and the gap is not credited.
    let ((on, _), breaks) = run(&o, r, 10.0, 1.0, Some((40.0, 130.0)), 7);
    assert!(breaks >= 1);
    let gap_len = 900.0_f64.min(r.length_m - 400.0);
    assert!(on * r.length_m <= r.length_m - 0.8 * gap_len, "the 900 m gap was bridged: credited {on}");
}

#[test]
fn a_u_turn_is_followed() {
    let o = odense();
    let r = &routes(&o.net, 1, false)[0];
    // Drive to the end, turn and come back half way.
    let start =
        OnNetwork { edge: o.net.edge_at(r.pieces[0].road_fid, r.pieces[0].from_m).unwrap(), m: r.pieces[0].from_m };
    let last = r.pieces.last().unwrap();
    let end = OnNetwork { edge: o.net.edge_at(last.road_fid, last.to_m).unwrap(), m: last.to_m };
    let mid_piece = &r.pieces[r.pieces.len() / 2];
    let mid = OnNetwork { edge: o.net.edge_at(mid_piece.road_fid, mid_piece.from_m).unwrap(), m: mid_piece.from_m };
    let there_and_back = through(&o.net, &[start, end, mid], false).unwrap();
    let ((on, off), _) = run_as(&o, &there_and_back, 5.0, 1.0, None, 21, false);
    assert!(on >= 0.95 && off <= 0.05, "u-turn: credited {on}, off {off}");
}

#[test]
fn a_parallel_street_20_m_away_is_not_credited() {
    // Two parallel 1 km streets 20 m apart, joined at both ends.
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(dir.path().join("par.gpkg"), "Parallel", None).unwrap();
    let (x0, y0) = (580_000.0, 6_130_000.0);
    p.edit("veje", |ed| {
        for (name, pts) in [
            ("Nordvej", vec![(x0, y0 + 20.0), (x0 + 1000.0, y0 + 20.0)]),
            ("Sydvej", vec![(x0, y0), (x0 + 1000.0, y0)]),
            ("Vestvej", vec![(x0, y0), (x0, y0 + 20.0)]),
            ("Østvej", vec![(x0 + 1000.0, y0), (x0 + 1000.0, y0 + 20.0)]),
        ] {
            ed.insert(Layer::Roads, Feature::new(LineString::from(pts)).with("name", name))?;
        }
        Ok(())
    })
    .unwrap();
    let net = Network::from_project(&p).unwrap();
    let south = *net.by_road.iter().find(|(f, _)| net.roads[f].name.as_deref() == Some("Sydvej")).unwrap().0;
    let truth = vec![Piece { road_fid: south, from_m: 0.0, to_m: 1000.0 }];
    for sigma in [5.0, 10.0] {
        for seed in 0..5 {
            let mut rng = Rng::new(500 + seed);
            let line = LineString::from(vec![(x0, y0), (x0 + 1000.0, y0)]);
            let fixes = gps_trace(&line, 10.0, 1.0, sigma, None, &mut rng);
            let m = match_track(&net, p.index(), &fixes, &MatchOptions { sigma_m: sigma, ..Default::default() });
            let (on, off) = score(&truth, &m.pieces);
            assert!(on >= 0.95 && off <= 0.05, "σ={sigma} seed {seed}: credited {on}, off {off}");
        }
    }
}
