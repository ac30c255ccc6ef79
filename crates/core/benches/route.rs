//! The route through uncovered streets (issue 17). Goal on the 2-core
//! project machine: an area of 2,000 road segments with 40 % uncovered is
//! routed in under 1 s, and the route is compared with the greedy
//! nearest-missing-street walk and with the lower bound (printed once).
//!
//! The fixture: the synthetic street grid (120 m blocks, one segment per
//! block side, every seventh a path) of 20,000 segments; the area a square
//! of 3.8 km in its middle (about 2,000 segments); 40 % of the area's
//! segments, by a fixed hash, not covered. Each iteration is the whole
//! `route::plan` as `afdaek route` calls it after the coverage context:
//! local graph, components, blossom pairing, Euler circuit, greedy baseline.
//!
//! `cargo bench -p afdaek-core --bench route`

use afdaek_core::Project;
use afdaek_core::coverage::figures::Context;
use afdaek_core::network::Network;
use afdaek_core::route::{self, Method};
use criterion::{Criterion, criterion_group, criterion_main};
use geo_types::{Coord, MultiPolygon, Rect};
use std::path::PathBuf;

const ORIGIN: (f64, f64) = (570_000.0, 6_120_000.0);

fn fixture() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("bench-route-20k.gpkg");
    if !path.exists() {
        let tmp = dir.join("bench-route.tmp.gpkg");
        let _ = std::fs::remove_file(&tmp);
        drop(afdaek_core::synth::generate_project(&tmp, 20_000, 0, 42).expect("generate fixture"));
        std::fs::rename(&tmp, &path).expect("rename fixture");
    }
    path
}

fn bench(c: &mut Criterion) {
    let p = Project::open_read_only(fixture()).expect("open fixture");
    let net = Network::from_project(&p).expect("network");
    let min = Coord { x: ORIGIN.0 + 4_100.0, y: ORIGIN.1 + 4_100.0 };
    let area = MultiPolygon(vec![Rect::new(min, Coord { x: min.x + 3_800.0, y: min.y + 3_800.0 }).to_polygon()]);
    let ctx = Context::for_areas(&p, &net, 180, "2026-12-01", &[&area]).expect("context");
    let all = ctx.uncovered_edges(&area);
    let required: Vec<u32> = all.iter().copied().filter(|e| (e.wrapping_mul(2_654_435_761) >> 8) % 100 < 40).collect();
    eprintln!(
        "one-way edges {}, car edges {} of {}",
        net.edges.iter().filter(|e| e.oneway != afdaek_core::network::Oneway::Both).count(),
        net.edges.iter().filter(|e| e.car).count(),
        net.edges.len()
    );
    let mut g = c.benchmark_group("route");
    g.sample_size(10);
    for method in [Method::Walk, Method::Car] {
        let req = route::Request { area: &area, required: &required, method, start: None, return_to_start: true };
        let plan = route::plan(&net, p.index(), &req).expect("plan");
        eprintln!(
            "{method:?}: {} segments in the area, {} uncovered; route {:.1} km, required {:.1} km, \
             lower bound {:.1} km (route ÷ bound {:.2}), greedy {:.1} km (greedy ÷ route {:.2}), {:?}; left out {:.1} km",
            all.len(),
            required.len(),
            plan.length_m / 1000.0,
            plan.required_m / 1000.0,
            plan.lower_bound_m / 1000.0,
            plan.length_m / plan.lower_bound_m,
            plan.greedy_m / 1000.0,
            plan.greedy_m / plan.length_m,
            plan.solver,
            plan.unreachable_m / 1000.0
        );
        g.bench_function(format!("{method:?} 2000 segments 40% uncovered").to_lowercase(), |b| {
            b.iter(|| route::plan(&net, p.index(), &req).expect("plan"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
