//! Map-matching throughput. Goal (issue 5): ≥ 50,000 GPS points per second.
//! A 20,000-segment street grid, a zig-zag drive through it (12 stops, about
//! 93 km) sampled every second at 10 m/s with σ = 10 m noise (about 9,300 fixes).
//!
//! `cargo bench -p afdaek-core --bench matching`

use afdaek_core::matching::{MatchOptions, match_track};
use afdaek_core::network::Network;
use afdaek_core::routing::{OnNetwork, through};
use afdaek_core::synth::{Rng, gps_trace};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let p = afdaek_core::synth::generate_project(&dir.path().join("grid.gpkg"), 20_000, 0, 5).unwrap();
    let net = Network::from_project(&p).unwrap();
    // A zig-zag drive through the grid: 12 stops spread over it.
    let mut rng = Rng::new(8);
    let stops: Vec<OnNetwork> = (0..12)
        .map(|_| {
            let e = (rng.next_u64() % net.edges.len() as u64) as u32;
            let ed = &net.edges[e as usize];
            OnNetwork { edge: e, m: (ed.from_m + ed.to_m) / 2.0 }
        })
        .collect();
    let route = through(&net, &stops, false).unwrap();
    let fixes = gps_trace(&route.line(&net), 10.0, 1.0, 10.0, None, &mut rng);
    let opts = MatchOptions::default();
    let mut g = c.benchmark_group("matching");
    g.sample_size(10).measurement_time(Duration::from_secs(15)).throughput(Throughput::Elements(fixes.len() as u64));
    g.bench_function(format!("{} fixes, {:.0} km, σ=10 m, 1 s", fixes.len(), route.length_m / 1000.0), |b| {
        b.iter(|| match_track(&net, p.index(), &fixes, &opts))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
