//! `afdaek bench coverage`: per-area covered street length on a generated
//! national-scale network, timed, with the same data written as WKT so that
//! `scripts/bench_coverage_vs_shapely.py` can compute the same figures with
//! Shapely 2 (GEOS, STRtree) in the same run.

use afdaek_core::coverage::figures::Context;
use afdaek_core::network::Network;
use afdaek_core::synth::{self, Rng};
use afdaek_core::{Feature, Layer, Project};
use anyhow::Result;
use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

const DATE: &str = "2026-11-01";

fn generate(dir: &Path, segments: usize, areas: usize, seed: u64) -> Result<()> {
    let path = dir.join("bench.gpkg");
    let tmp = dir.join("bench.tmp.gpkg");
    let _ = std::fs::remove_file(&tmp);
    let mut p = synth::generate_project(&tmp, segments, 0, seed)?;
    let mut rng = Rng::new(seed ^ 0x5eed);
    let roads = p.features(Layer::Roads)?;
    let net = Network::build(&roads);
    let mut covered = std::io::BufWriter::new(std::fs::File::create(dir.join("covered.wkt"))?);
    // About 40 % of the roads carry one covered stretch each (so pieces never overlap).
    let mut pieces = Vec::new();
    for f in &roads {
        if rng.unit() < 0.4 {
            let fid = f.fid.expect("stored");
            let len = net.roads[&fid].length;
            let a = rng.unit() * len * 0.5;
            let b = a + (0.2 + 0.8 * rng.unit()) * (len - a);
            pieces.push(afdaek_core::routing::Piece { road_fid: fid, from_m: a, to_m: b });
            let l = net.substring(fid, a, b).expect("road");
            writeln!(covered, "{}", wkt_line(&l))?;
        }
    }
    let visit =
        afdaek_core::coverage::Visit { date: DATE.into(), method: "bike".into(), time_of_day: None, team: None };
    p.edit("Syntetisk dækning", |ed| afdaek_core::coverage::credit(ed, &net, &pieces, &visit, "manual").map(|_| ()))?;
    // Areas: slightly rotated rectangles of 0.5–2 km scattered over the grid.
    let ext = p.index().extent(Layer::Roads).expect("roads");
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("areas.wkt"))?);
    p.edit("Syntetiske områder", |ed| {
        for i in 0..areas {
            let (w, h) = (500.0 + 1500.0 * rng.unit(), 500.0 + 1500.0 * rng.unit());
            let cx = ext[0] + rng.unit() * (ext[2] - ext[0]);
            let cy = ext[1] + rng.unit() * (ext[3] - ext[1]);
            let ang: f64 = (rng.unit() - 0.5) * 0.6;
            let (s, c) = ang.sin_cos();
            let corner = |dx: f64, dy: f64| Coord { x: cx + dx * c - dy * s, y: cy + dx * s + dy * c };
            let ring = vec![
                corner(-w / 2.0, -h / 2.0),
                corner(w / 2.0, -h / 2.0),
                corner(w / 2.0, h / 2.0),
                corner(-w / 2.0, h / 2.0),
                corner(-w / 2.0, -h / 2.0),
            ];
            let poly = Polygon::new(LineString(ring.clone()), vec![]);
            writeln!(out, "{i}\t{}", wkt_polygon(&ring)).map_err(afdaek_core::Error::Io)?;
            ed.insert(Layer::FocusAreas, Feature::new(MultiPolygon(vec![poly])).with("name", format!("Område {i}")))?;
        }
        Ok(())
    })?;
    drop(p);
    std::fs::rename(&tmp, &path)?;
    Ok(())
}

fn wkt_line(l: &LineString<f64>) -> String {
    format!("LINESTRING ({})", l.0.iter().map(|c| format!("{:.3} {:.3}", c.x, c.y)).collect::<Vec<_>>().join(", "))
}

fn wkt_polygon(r: &[Coord<f64>]) -> String {
    format!("POLYGON (({}))", r.iter().map(|c| format!("{:.3} {:.3}", c.x, c.y)).collect::<Vec<_>>().join(", "))
}

pub fn coverage(dir: &Path, segments: usize, areas: usize, seed: u64) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    if !dir.join("bench.gpkg").exists() {
        let t = Instant::now();
        generate(dir, segments, areas, seed)?;
        eprintln!("generated {segments} segments and {areas} areas in {:.1} s", t.elapsed().as_secs_f64());
    }
    let t0 = Instant::now();
    let p = Project::open_read_only(dir.join("bench.gpkg"))?;
    let open_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let net = Network::from_project(&p)?;
    let network_s = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let ctx = Context::new(&p, &net, 180, "2026-11-22")?;
    let context_s = t2.elapsed().as_secs_f64();
    let areas_f = p.features(Layer::FocusAreas)?;
    let t3 = Instant::now();
    let mut results = Vec::with_capacity(areas_f.len());
    for f in &areas_f {
        if let Some(geo_types::Geometry::MultiPolygon(mp)) = &f.geometry {
            results.push(ctx.area_covered_length(mp));
        }
    }
    let areas_s = t3.elapsed().as_secs_f64();
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("ours.csv"))?);
    for (i, v) in results.iter().enumerate() {
        writeln!(out, "{i},{v}")?;
    }
    println!(
        "{}",
        serde_json::json!({
            "segments": p.count(Layer::Roads),
            "areas": results.len(),
            "open_s": open_s,
            "network_s": network_s,
            "context_s": context_s,
            "areas_s": areas_s,
            "total_covered_m": results.iter().sum::<f64>(),
        })
    );
    Ok(())
}
