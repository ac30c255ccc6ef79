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
/// Outside the 180-day recency window of the benchmarks' "today" (2026-11-22).
const OLD_DATE: &str = "2025-01-15";

fn generate(dir: &Path, segments: usize, areas: usize, buildings: usize, seed: u64) -> Result<()> {
    let path = dir.join("bench.gpkg");
    let tmp = dir.join("bench.tmp.gpkg");
    let _ = std::fs::remove_file(&tmp);
    let mut p = synth::generate_project(&tmp, segments, buildings, seed)?;
    if buildings > 0 {
        // The candidate dwellings, for the Shapely side: fid, x, y.
        let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("buildings.csv"))?);
        for f in p.features(Layer::Buildings)? {
            let (Some(fid), Some(geo_types::Geometry::Point(pt)), Some(u)) = (f.fid, &f.geometry, f.i64("use_code"))
            else {
                continue;
            };
            if afdaek_core::vocab::housing_type_of_use(u).is_some() {
                writeln!(out, "{fid},{:.3},{:.3}", pt.x(), pt.y())?;
            }
        }
    }
    let mut rng = Rng::new(seed ^ 0x5eed);
    let roads = p.features(Layer::Roads)?;
    let net = Network::build(&roads);
    let mut covered = std::io::BufWriter::new(std::fs::File::create(dir.join("covered.wkt"))?);
    let mut covered_old = std::io::BufWriter::new(std::fs::File::create(dir.join("covered_old.wkt"))?);
    // About 40 % of the roads carry one covered stretch each (so pieces never
    // overlap); a quarter of those were covered long before the recency window.
    let (mut pieces, mut old_pieces) = (Vec::new(), Vec::new());
    for f in &roads {
        if rng.unit() < 0.4 {
            let fid = f.fid.expect("stored");
            let len = net.roads[&fid].length;
            let a = rng.unit() * len * 0.5;
            let b = a + (0.2 + 0.8 * rng.unit()) * (len - a);
            let piece = afdaek_core::routing::Piece { road_fid: fid, from_m: a, to_m: b };
            let l = net.substring(fid, a, b).expect("road");
            if rng.unit() < 0.25 {
                old_pieces.push(piece);
                writeln!(covered_old, "{}", wkt_line(&l))?;
            } else {
                pieces.push(piece);
                writeln!(covered, "{}", wkt_line(&l))?;
            }
        }
    }
    let visit =
        afdaek_core::coverage::Visit { date: DATE.into(), method: "bike".into(), time_of_day: None, team: None };
    let old_visit = afdaek_core::coverage::Visit { date: OLD_DATE.into(), ..visit.clone() };
    p.edit("Syntetisk dækning", |ed| {
        afdaek_core::coverage::credit(ed, &net, &pieces, &visit, "manual")?;
        afdaek_core::coverage::credit(ed, &net, &old_pieces, &old_visit, "manual").map(|_| ())
    })?;
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

/// Brings a generated project made by an older build up to the current
/// schema (opening it writable migrates it), so the timed read-only open works.
fn migrate(dir: &Path) -> Result<()> {
    let path = dir.join("bench.gpkg");
    drop(Project::open_upgraded_read_only(&path)?);
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
        generate(dir, segments, areas, 0, seed)?;
        eprintln!("generated {segments} segments and {areas} areas in {:.1} s", t.elapsed().as_secs_f64());
    }
    migrate(dir)?;
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
    let pieces = ctx.covered_segments().len();
    let tree_s = t3.elapsed().as_secs_f64();
    let polys: Vec<&MultiPolygon<f64>> = areas_f
        .iter()
        .filter_map(|f| match &f.geometry {
            Some(geo_types::Geometry::MultiPolygon(mp)) => Some(mp),
            _ => None,
        })
        .collect();
    let results = ctx.covered_segments().lengths_inside(&polys);
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
            "covered_segments": pieces,
            "tree_s": tree_s,
            "total_covered_m": results.iter().sum::<f64>(),
        })
    );
    Ok(())
}

/// `afdaek bench blindspots`: the blind-spot reasons of every candidate
/// dwelling (in a focus area? a recently covered street within 50 m?) on a
/// generated national-scale project, timed phase by phase; the same data as
/// WKT/CSV for `scripts/bench_blindspots_vs_shapely.py`.
pub fn blindspots(dir: &Path, buildings: usize, segments: usize, areas: usize, seed: u64) -> Result<()> {
    use afdaek_core::blindspots::{self, Reach};
    std::fs::create_dir_all(dir)?;
    if !dir.join("bench.gpkg").exists() {
        let t = Instant::now();
        generate(dir, segments, areas, buildings, seed)?;
        eprintln!(
            "generated {segments} segments, {buildings} buildings and {areas} areas in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let today = "2026-11-22";
    migrate(dir)?;
    let t0 = Instant::now();
    let p = Project::open_read_only(dir.join("bench.gpkg"))?;
    let open_s = t0.elapsed().as_secs_f64();
    let net = Network::from_project(&p)?;
    let settings = p.settings().blindspots.clone();
    let since = afdaek_core::coverage::figures::cutoff(today, p.settings().recency_days)?;
    let stale_since = afdaek_core::coverage::figures::cutoff(today, p.settings().stale_days)?;
    let t1 = Instant::now();
    let records = afdaek_core::coverage::figures::records_by_road(&p)?;
    let records_s = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let candidates = blindspots::candidates(&p, &settings)?;
    let candidates_s = t2.elapsed().as_secs_f64();
    let t3 = Instant::now();
    let reach = Reach::new(&p, &net, &records, &since, &stale_since, settings.reach_m)?;
    let reach_s = t3.elapsed().as_secs_f64();
    let t4 = Instant::now();
    let reasons = blindspots::evaluate_all(&candidates, &reach);
    let reasons_s = t4.elapsed().as_secs_f64();
    let buildings_only: Vec<usize> =
        (0..candidates.len()).filter(|&i| candidates[i].layer == Layer::Buildings).collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("ours.csv"))?);
    let (mut in_focus, mut covered, mut old, mut blind) = (0usize, 0usize, 0usize, 0usize);
    for &i in &buildings_only {
        let r = reasons[i];
        let f = !r.has(blindspots::Reason::OutsideFocus);
        let c = !r.uncovered();
        let o = r.has(blindspots::Reason::CoverageOld);
        in_focus += f as usize;
        covered += c as usize;
        old += o as usize;
        blind += r.is_blind() as usize;
        writeln!(out, "{},{},{},{}", candidates[i].fid, f as u8, c as u8, o as u8)?;
    }
    let analysis = blindspots::Analysis {
        candidates,
        reasons,
        settings,
        today: today.into(),
        window_days: p.settings().recency_days,
        stale_days: p.settings().stale_days,
    };
    let t5 = Instant::now();
    let entries = analysis.blindspots()?;
    let rank_s = t5.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "buildings": p.count(Layer::Buildings),
            "candidates": buildings_only.len(),
            "segments": p.count(Layer::Roads),
            "areas": p.count(Layer::FocusAreas),
            "open_s": open_s,
            "records_s": records_s,
            "candidates_s": candidates_s,
            "reach_s": reach_s,
            "reasons_s": reasons_s,
            "rank_s": rank_s,
            "in_focus": in_focus,
            "covered": covered,
            "coverage_old": old,
            "blind": blind,
            "entries": entries.len(),
        })
    );
    Ok(())
}

/// `afdaek bench tiles`: vector-tile encoding over a zoom sweep of a
/// generated municipality-size project (street grid and scattered
/// buildings), each tile made from scratch (an empty tile cache), as the app
/// makes them when a view is first shown. Writes the project for the
/// cold-start measurement (`cargo xtask run --check DIR/tiles.gpkg`).
pub fn tiles(dir: &Path, segments: usize, buildings: usize, seed: u64, per_zoom: usize) -> Result<()> {
    use afdaek_core::session::{Access, Session};
    std::fs::create_dir_all(dir)?;
    let path = dir.join("tiles.gpkg");
    let stamp = dir.join("tiles.params");
    let params = format!("{segments} {buildings} {seed}");
    if !path.exists() || std::fs::read_to_string(&stamp).ok().as_deref() != Some(params.as_str()) {
        let _ = std::fs::remove_file(&path);
        let t = Instant::now();
        drop(synth::generate_project(&path, segments, buildings, seed)?);
        std::fs::write(&stamp, &params)?;
        println!(
            "generated {} ({segments} road segments, {buildings} buildings) in {:.1} s",
            path.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let t = Instant::now();
    let s = Session::open(&path, Access::Read)?;
    println!("open: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    let extent = s.info()?.extent.ok_or_else(|| anyhow::anyhow!("empty project"))?;
    println!("{:>4} {:>6} {:>9} {:>9} {:>9} {:>10}", "zoom", "tiles", "p50 ms", "p95 ms", "max ms", "mean KB");
    let mut all = Vec::new();
    let mut first: Option<f64> = None;
    for z in 10..=16u8 {
        let covering = afdaek_core::tiles::tiles_covering(extent, z);
        // An even sample of the tiles over the project (every k-th).
        let step = covering.len().div_ceil(per_zoom).max(1);
        let mut ms = Vec::new();
        let mut bytes = 0usize;
        for &(x, y) in covering.iter().step_by(step) {
            let t = Instant::now();
            // What the map asks for one place: the base tile and the coverage tile.
            let b = s.tile(afdaek_core::tiles::TileSet::Base, z, x, y)?;
            let c = s.tile(afdaek_core::tiles::TileSet::Coverage, z, x, y)?;
            let e = t.elapsed().as_secs_f64() * 1000.0;
            if first.is_none() {
                // The first tile also reads every layer's tile properties once.
                first = Some(e);
                continue;
            }
            ms.push(e);
            bytes += b.len() + c.len();
        }
        if ms.is_empty() {
            continue;
        }
        let n = ms.len();
        ms.sort_by(f64::total_cmp);
        println!(
            "{z:>4} {n:>6} {:>9.2} {:>9.2} {:>9.2} {:>10.1}",
            ms[n / 2],
            ms[(n * 95 / 100).min(n - 1)],
            ms[n - 1],
            bytes as f64 / n as f64 / 1024.0
        );
        all.extend(ms);
    }
    all.sort_by(f64::total_cmp);
    let n = all.len();
    println!(
        "all zooms: {n} tiles, p50 {:.2} ms, p95 {:.2} ms; the first tile (reading the layers' properties) {:.0} ms",
        all[n / 2],
        all[(n * 95 / 100).min(n - 1)],
        first.unwrap_or(0.0)
    );
    println!("peak resident memory of this process: {}", peak_rss());
    Ok(())
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM")).map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "-".into())
}
