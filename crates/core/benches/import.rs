//! Import throughput. Goal (issue 4): ≥ 1M features per minute on the
//! 2-core project machine, for a whole import (parse, transform, validate,
//! store with undo history, index).
//!
//! `cargo bench -p afdaek-core --bench import`
//!
//! Besides points already in the project's CRS, the honest cases: files in
//! WGS84 (every coordinate transformed by PROJ) with features that need
//! repair (duplicate points removed, self-intersecting polygons checked and
//! reported) — what an OSM or web export brings.

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

/// Shapes near Odense, made in EPSG:25832 and written in WGS84 (no `crs`
/// member: RFC 7946 lon/lat). Every 10th has a vertex repeated (a repair);
/// every 50th polygon is a bow-tie (kept, reported as self-intersecting).
fn wgs84_fixture(name: &str, n: usize, polygons: bool) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    if path.exists() {
        return path;
    }
    let to_wgs84 = afdaek_core::crs::Transform::new(afdaek_core::crs::UTM32N, afdaek_core::crs::WGS84).unwrap();
    let mut rng = afdaek_core::synth::Rng::new(11);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    write!(f, r#"{{"type":"FeatureCollection","features":["#).unwrap();
    for i in 0..n {
        let (x0, y0) = (570_000.0 + rng.unit() * 30_000.0, 6_120_000.0 + rng.unit() * 30_000.0);
        let mut pts: Vec<geo_types::Coord<f64>> = if polygons {
            let (w, h) = (40.0 + rng.unit() * 200.0, 40.0 + rng.unit() * 200.0);
            let mut ring = vec![(0.0, 0.0), (w, 0.0), (w, h * 0.5), (w, h), (0.0, h), (0.0, h * 0.5)];
            if i % 50 == 0 {
                ring.swap(2, 4); // crossing edges: a bow-tie
            }
            ring.push(ring[0]);
            ring.into_iter().map(|(dx, dy)| geo_types::coord! { x: x0 + dx, y: y0 + dy }).collect()
        } else {
            let (mut x, mut y) = (x0, y0);
            (0..8)
                .map(|_| {
                    x += 20.0 + rng.unit() * 60.0;
                    y += rng.unit() * 40.0 - 20.0;
                    geo_types::coord! { x: x, y: y }
                })
                .collect()
        };
        if i % 10 == 0 {
            pts.insert(2, pts[1]);
        }
        to_wgs84.coords_in_place(&mut pts).unwrap();
        let coords: Vec<String> = pts.iter().map(|c| format!("[{:.7},{:.7}]", c.x, c.y)).collect();
        let (kind, coords, props) = if polygons {
            (
                "Polygon",
                format!("[[{}]]", coords.join(",")),
                format!(r#"{{"name":"Område {i}","housing_types":"social_housing"}}"#),
            )
        } else {
            (
                "LineString",
                format!("[{}]", coords.join(",")),
                format!(r#"{{"name":"Vej {i}","road_class":"residential"}}"#),
            )
        };
        if i > 0 {
            write!(f, ",").unwrap();
        }
        write!(f, r#"{{"type":"Feature","properties":{props},"geometry":{{"type":"{kind}","coordinates":{coords}}}}}"#)
            .unwrap();
    }
    write!(f, "]}}").unwrap();
    path
}

fn import_wgs84(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut k = 0;
    for (name, n, layer, polygons) in [
        ("100k WGS84 road lines (8 points, 10 % repaired) into a new project", 100_000, Layer::Roads, false),
        ("20k WGS84 housing-area polygons (10 % repaired, 2 % self-intersecting)", 20_000, Layer::HousingAreas, true),
    ] {
        let file = wgs84_fixture(&format!("bench-import-wgs84-{n}-{polygons}.geojson"), n, polygons);
        let mut g = c.benchmark_group("import");
        g.sample_size(10).measurement_time(Duration::from_secs(20)).throughput(Throughput::Elements(n as u64));
        g.bench_function(name, |b| {
            b.iter_batched(
                || {
                    k += 1;
                    Project::create(dir.path().join(format!("w{k}.gpkg")), "bench", None).unwrap()
                },
                |mut p| {
                    let r = import_file(&mut p, &file, &ImportOptions { as_layer: Some(layer), ..Default::default() })
                        .unwrap();
                    assert_eq!((r.imported, r.crs.as_str()), (n, "EPSG:4326"));
                    assert_eq!(r.repaired.get(afdaek_core::import::repair::DUPLICATE_POINTS), Some(&(n / 10)));
                    if polygons {
                        assert_eq!(r.repaired.get(afdaek_core::import::repair::SELF_INTERSECTING), Some(&(n / 50)));
                    }
                    p
                },
                BatchSize::PerIteration,
            )
        });
        g.finish();
    }
}

/// The transform alone, as imports did it (one PROJ call per coordinate)
/// and do it now (one call per geometry), on the same 100,000 lines.
fn transform(c: &mut Criterion) {
    use afdaek_core::crs::{Transform, UTM32N, WGS84};
    let mut rng = afdaek_core::synth::Rng::new(5);
    let lines: Vec<geo_types::Geometry<f64>> = (0..100_000)
        .map(|_| {
            let (x, y) = (10.2 + rng.unit() * 0.4, 55.3 + rng.unit() * 0.2);
            let pts: Vec<(f64, f64)> = (0..8).map(|k| (x + k as f64 * 0.0005, y + rng.unit() * 0.0003)).collect();
            geo_types::Geometry::LineString(pts.into())
        })
        .collect();
    let t = Transform::new(WGS84, UTM32N).unwrap();
    let mut g = c.benchmark_group("transform");
    g.sample_size(10).measurement_time(Duration::from_secs(10)).throughput(Throughput::Elements(800_000));
    g.bench_function("100k lines of 8 points, a PROJ call per coordinate", |b| {
        b.iter(|| {
            for l in &lines {
                std::hint::black_box(t.geometry(l).unwrap());
            }
        })
    });
    g.bench_function("100k lines of 8 points, a PROJ call per geometry", |b| {
        b.iter_batched(
            || lines.clone(),
            |mut ls| {
                for l in &mut ls {
                    t.geometry_in_place(l).unwrap();
                }
                ls
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
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

criterion_group!(benches, import, import_wgs84, transform);
criterion_main!(benches);
