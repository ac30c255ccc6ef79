//! Import throughput. Goal (issue 4): ≥ 1M features per minute on the
//! 2-core project machine, for a whole import (parse, transform, validate,
//! store with undo history, index).
//!
//! `cargo bench -p afdaek-core --bench import`

use afdaek_core::import::{ImportOptions, import_file};
use afdaek_core::{Layer, Project};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

const N: usize = 100_000;

/// A GeoJSON file of N building-like points in EPSG:25832 with a few properties each.
fn fixture() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-import-100k.geojson");
    if !path.exists() {
        let mut rng = afdaek_core::synth::Rng::new(9);
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        write!(
            f,
            r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"EPSG:25832"}}}},"features":["#
        )
        .unwrap();
        for i in 0..N {
            let (x, y) = (570_000.0 + rng.unit() * 30_000.0, 6_120_000.0 + rng.unit() * 30_000.0);
            if i > 0 {
                write!(f, ",").unwrap();
            }
            write!(
                f,
                r#"{{"type":"Feature","properties":{{"use_code":120,"dwellings":1,"status":"6","source_id":"b{i}"}},"geometry":{{"type":"Point","coordinates":[{x:.2},{y:.2},12.5]}}}}"#
            )
            .unwrap();
        }
        write!(f, "]}}").unwrap();
    }
    path
}

fn import(c: &mut Criterion) {
    let file = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("import");
    g.sample_size(10).measurement_time(Duration::from_secs(30)).throughput(Throughput::Elements(N as u64));
    let mut k = 0;
    g.bench_function("100k GeoJSON points into a new project", |b| {
        b.iter_batched(
            || {
                k += 1;
                Project::create(dir.path().join(format!("p{k}.gpkg")), "bench", None).unwrap()
            },
            |mut p| {
                let r = import_file(
                    &mut p,
                    &file,
                    &ImportOptions { as_layer: Some(Layer::Buildings), ..Default::default() },
                )
                .unwrap();
                assert_eq!(r.imported, N);
                p
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
