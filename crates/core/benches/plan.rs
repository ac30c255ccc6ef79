//! The area plan PDF (issue 14). Goals on the 2-core project machine: an A3
//! map page of an area with 20,000 features in under 1 s and under 5 MB; an
//! atlas of 20 areas in under 10 s.
//!
//! The fixture is the synthetic municipality of the `open` benchmark (50,000
//! road segments, 200,000 buildings) with 20 focus areas of 4 × 4 km in a
//! 5 × 4 grid, and coverage ticked along ten streets across it.
//!
//! `cargo bench -p afdaek-core --bench plan`

use afdaek_core::coverage::Visit;
use afdaek_core::print::{AreaChoice, Paper, PlanOptions};
use afdaek_core::session::{Access, Session};
use afdaek_core::{Feature, Layer, Project};
use criterion::{Criterion, criterion_group, criterion_main};
use geo_types::{Coord, MultiPolygon, Rect};
use std::path::PathBuf;
use std::time::Duration;

const ORIGIN: (f64, f64) = (570_000.0, 6_120_000.0);

fn fixture() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("bench-plan-50k-200k-20areas.gpkg");
    if path.exists() {
        return path;
    }
    let tmp = dir.join("bench-plan.tmp.gpkg");
    let _ = std::fs::remove_file(&tmp);
    let mut p = afdaek_core::synth::generate_project(&tmp, 50_000, 200_000, 42).expect("generate fixture");
    p.edit("Fokusområder", |ed| {
        for k in 0..20 {
            let (i, j) = ((k % 5) as f64, (k / 5) as f64);
            let min = Coord { x: ORIGIN.0 + 200.0 + i * 3_700.0, y: ORIGIN.1 + 200.0 + j * 4_600.0 };
            let rect = Rect::new(min, Coord { x: min.x + 4_000.0, y: min.y + 4_000.0 });
            ed.insert(
                Layer::FocusAreas,
                Feature::new(MultiPolygon(vec![rect.to_polygon()]))
                    .with("name", format!("Område {:02}", k + 1))
                    .with("priority", (k % 5 + 1) as i64),
            )?;
        }
        Ok(())
    })
    .expect("focus areas");
    drop(p);
    let mut s = Session::open(&tmp, Access::Write).expect("open fixture");
    let to_lonlat = afdaek_core::crs::Transform::new(25832, 4326).unwrap();
    let visit = Visit { date: "2026-11-20".into(), method: "walk".into(), time_of_day: Some("day".into()), team: None };
    for row in 0..10 {
        // Along a street of the grid (blocks are 120 m), across several areas.
        let y = ORIGIN.1 + 120.0 * (10 + row * 14) as f64;
        let path: Vec<(f64, f64)> = (0..40)
            .map(|k| {
                let c = to_lonlat.coord(Coord { x: ORIGIN.0 + 300.0 + k as f64 * 400.0, y }).unwrap();
                (c.x, c.y)
            })
            .collect();
        s.tick_along(&path, &visit).expect("tick along");
    }
    drop(s);
    std::fs::rename(&tmp, &path).expect("rename fixture");
    path
}

fn plan(c: &mut Criterion) {
    let path = fixture();
    let mut s = Session::open(&path, Access::Read).unwrap();
    let one = PlanOptions {
        areas: AreaChoice::One("Område 07".into()),
        paper: Paper::A3,
        today: Some("2026-12-01".into()),
        ..Default::default()
    };
    let atlas = PlanOptions { areas: AreaChoice::All, today: Some("2026-12-01".into()), ..Default::default() };
    // The sizes the figures are for, once.
    let p1 = s.area_plan(&one).unwrap();
    eprintln!("A3 plan of one area: {} features drawn, {} pages, {} bytes", p1.features, p1.pages, p1.bytes);
    assert!(p1.features >= 20_000, "the area's map draws 20,000 features or more: {}", p1.features);
    let pa = s.area_plan(&atlas).unwrap();
    eprintln!(
        "A4 atlas: {} areas, {} features drawn, {} pages, {} bytes",
        pa.areas.len(),
        pa.features,
        pa.pages,
        pa.bytes
    );

    let mut g = c.benchmark_group("plan");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("A3 plan of one area (map page + sheet)", |b| b.iter(|| s.area_plan(&one).unwrap()));
    g.bench_function("A4 atlas of 20 areas", |b| b.iter(|| s.area_plan(&atlas).unwrap()));
    g.finish();
    let _ = Project::open_read_only(&path);
}

criterion_group!(benches, plan);
criterion_main!(benches);
