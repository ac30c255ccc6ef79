//! Opening a project and reading every layer into the spatial index, as the
//! app does (`load_all`). Goal (issue 3): < 0.5 s for 50,000 road segments
//! and 200,000 buildings on the 2-core project machine. Beside it, what a
//! command that needs only the roads pays (layers are read on first use).
//!
//! `cargo bench -p afdaek-core --bench open`

use afdaek_core::Project;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::PathBuf;
use std::time::Duration;

fn fixture() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("bench-open-50k-200k.gpkg");
    if !path.exists() {
        let tmp = dir.join("bench-open-50k-200k.tmp.gpkg");
        let _ = std::fs::remove_file(&tmp);
        drop(afdaek_core::synth::generate_project(&tmp, 50_000, 200_000, 42).expect("generate fixture"));
        std::fs::rename(&tmp, &path).expect("rename fixture");
    }
    path
}

fn open(c: &mut Criterion) {
    let path = fixture();
    let mut g = c.benchmark_group("open");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("50k roads + 200k buildings, every layer indexed", |b| {
        b.iter(|| {
            let p = Project::open_read_only(&path).unwrap();
            p.index().load_all();
            assert_eq!(p.index().len(afdaek_core::Layer::Buildings), 200_000);
            p
        })
    });
    g.bench_function("50k roads + 200k buildings, only the roads indexed", |b| {
        b.iter(|| {
            let p = Project::open_read_only(&path).unwrap();
            assert_eq!(p.index().len(afdaek_core::Layer::Roads), 50_000);
            p
        })
    });
    g.finish();
}

criterion_group!(benches, open);
criterion_main!(benches);
