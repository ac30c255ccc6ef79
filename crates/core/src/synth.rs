//! Synthetic projects for benchmarks and scale tests: a street grid of
//! `roads` segments and `buildings` points around Odense, reproducible from
//! a seed (a small xorshift generator, so no dependency and no surprises).

use crate::error::Result;
use crate::model::{Feature, Layer};
use crate::store::Project;
use geo_types::{LineString, Point};
use std::path::Path;

/// A tiny deterministic random generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const ORIGIN: (f64, f64) = (570_000.0, 6_120_000.0);
const BLOCK: f64 = 120.0;

/// The grid road segments: one segment per block edge, with a slight bend,
/// laid out on a square grid as large as `n` needs.
pub fn grid_roads(n: usize, rng: &mut Rng) -> Vec<Feature> {
    let side = ((n as f64 / 2.0).sqrt().ceil() as usize).max(1);
    let mut out = Vec::with_capacity(n);
    'outer: for i in 0..side {
        for j in 0..side {
            for horizontal in [true, false] {
                if out.len() == n {
                    break 'outer;
                }
                let (x, y) = (ORIGIN.0 + i as f64 * BLOCK, ORIGIN.1 + j as f64 * BLOCK);
                let (x1, y1) = if horizontal { (x + BLOCK, y) } else { (x, y + BLOCK) };
                let bend = (rng.unit() - 0.5) * 6.0;
                let mid = if horizontal { ((x + x1) / 2.0, y + bend) } else { (x + bend, (y + y1) / 2.0) };
                let node = |a: usize, b: usize| format!("{}", a * 1_000_000 + b);
                let (ni, nj) = if horizontal { (i + 1, j) } else { (i, j + 1) };
                out.push(
                    Feature::new(LineString::from(vec![(x, y), mid, (x1, y1)]))
                        .with("name", format!("Testvej {}", if horizontal { j } else { i }))
                        .with("road_class", if (i + j) % 7 == 0 { "Sti" } else { "Lokalvej-Sekundær" })
                        .with("start_node", node(i, j))
                        .with("end_node", node(ni, nj))
                        .with("source_id", format!("synth-road-{}", out.len())),
                );
            }
        }
    }
    out
}

/// Building points scattered over the same area as `grid_roads(n_roads)`.
pub fn scattered_buildings(n: usize, n_roads: usize, rng: &mut Rng) -> Vec<Feature> {
    let side = ((n_roads as f64 / 2.0).sqrt().ceil()).max(1.0) * BLOCK;
    const USES: [i64; 8] = [120, 120, 120, 140, 130, 110, 150, 930];
    (0..n)
        .map(|k| {
            let use_code = USES[(rng.next_u64() % USES.len() as u64) as usize];
            Feature::new(Point::new(ORIGIN.0 + rng.unit() * side, ORIGIN.1 + rng.unit() * side))
                .with("use_code", use_code)
                .with("dwellings", if use_code == 140 { 12 } else { 1 })
                .with("status", "6")
                .with("source_id", format!("synth-bbr-{k}"))
        })
        .collect()
}

/// Writes a project with `n_roads` road segments and `n_buildings` buildings.
pub fn generate_project(path: &Path, n_roads: usize, n_buildings: usize, seed: u64) -> Result<Project> {
    let mut p = Project::create(path, "Syntetisk testprojekt", Some("0461"))?;
    let mut rng = Rng::new(seed);
    let roads = grid_roads(n_roads, &mut rng);
    let buildings = scattered_buildings(n_buildings, n_roads, &mut rng);
    p.edit("Syntetiske data", |ed| {
        for f in roads {
            ed.insert(Layer::Roads, f)?;
        }
        for f in buildings {
            ed.insert(Layer::Buildings, f)?;
        }
        Ok(())
    })?;
    Ok(p)
}

/// A standard normal sample (Box–Muller).
pub fn gaussian(rng: &mut Rng) -> f64 {
    let u1 = rng.unit().max(1e-12);
    let u2 = rng.unit();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// A simulated GPS recording of driving `line` (project CRS) at `speed_mps`,
/// one fix every `every_s` seconds with Gaussian noise of `sigma_m` on each
/// axis. Fixes whose time falls in `gap` (seconds from the start) are dropped,
/// as in a tunnel or with a lost signal.
pub fn gps_trace(
    line: &LineString<f64>,
    speed_mps: f64,
    every_s: f64,
    sigma_m: f64,
    gap: Option<(f64, f64)>,
    rng: &mut Rng,
) -> Vec<crate::matching::Fix> {
    use geo::Length;
    let len = geo::Euclidean.length(line);
    let mut out = Vec::new();
    let mut t = 0.0;
    loop {
        let m = (t * speed_mps).min(len);
        if !gap.is_some_and(|(a, b)| t >= a && t < b) {
            let c = crate::network::point_at(line, m);
            out.push(crate::matching::Fix {
                at: geo_types::Coord { x: c.x + sigma_m * gaussian(rng), y: c.y + sigma_m * gaussian(rng) },
                time: Some(t),
            });
        }
        if m >= len {
            break;
        }
        t += every_s;
    }
    out
}

/// How a phone records a drive, rather than the textbook's independent
/// Gaussian noise of [`gps_trace`]: the error drifts (each axis a first-order
/// autoregressive walk with standard deviation `sigma_m` and correlation time
/// `correlation_s`: a fix is off in the same direction as the one before it),
/// some fixes jump 50–150 m (multipath beside tall buildings), the car stops
/// (lights, a visit) and its speed changes every 15–40 s between 3 and 14 m/s.
#[derive(Debug, Clone, Copy)]
pub struct PhoneGps {
    pub sigma_m: f64,
    pub correlation_s: f64,
    pub every_s: f64,
    /// Share of fixes that jump (0.02 = 2 %).
    pub outliers: f64,
    /// Stops of 10–60 s at random places along the way.
    pub stops: usize,
}

/// A recording of driving `line` as [`PhoneGps`] describes.
pub fn phone_gps_trace(line: &LineString<f64>, how: PhoneGps, rng: &mut Rng) -> Vec<crate::matching::Fix> {
    use geo::Length;
    let len = geo::Euclidean.length(line);
    let mut stops: Vec<(f64, f64)> = (0..how.stops).map(|_| (rng.unit() * len, 10.0 + rng.unit() * 50.0)).collect();
    stops.sort_by(|a, b| a.0.total_cmp(&b.0));
    let rho = (-how.every_s / how.correlation_s.max(1e-9)).exp();
    let step_sd = how.sigma_m * (1.0 - rho * rho).sqrt();
    let (mut ex, mut ey) = (how.sigma_m * gaussian(rng), how.sigma_m * gaussian(rng));
    let (mut m, mut t, mut speed, mut next_change, mut held) = (0.0f64, 0.0f64, 8.0f64, 0.0f64, 0.0f64);
    let mut out = Vec::new();
    loop {
        let c = crate::network::point_at(line, m.min(len));
        let (mut x, mut y) = (c.x + ex, c.y + ey);
        if rng.unit() < how.outliers {
            let (r, a) = (50.0 + rng.unit() * 100.0, rng.unit() * std::f64::consts::TAU);
            x += r * a.cos();
            y += r * a.sin();
        }
        out.push(crate::matching::Fix { at: geo_types::Coord { x, y }, time: Some(t) });
        if m >= len {
            break;
        }
        t += how.every_s;
        if t >= next_change {
            speed = 3.0 + rng.unit() * 11.0;
            next_change = t + 15.0 + rng.unit() * 25.0;
        }
        // Standing at a stop, else moving on (up to the next stop).
        match stops.first_mut() {
            Some((at, wait)) if m >= *at => {
                held += how.every_s;
                if held >= *wait {
                    stops.remove(0);
                    held = 0.0;
                }
            }
            Some((at, _)) => m = (m + speed * how.every_s).min(*at),
            None => m = (m + speed * how.every_s).min(len),
        }
        ex = rho * ex + step_sd * gaussian(rng);
        ey = rho * ey + step_sd * gaussian(rng);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_gps_drifts_stops_and_jumps_as_described() {
        let line = LineString::from(vec![(0.0, 0.0), (20_000.0, 0.0)]);
        let how = PhoneGps { sigma_m: 10.0, correlation_s: 30.0, every_s: 1.0, outliers: 0.0, stops: 3 };
        let fixes = phone_gps_trace(&line, how, &mut Rng::new(3));
        let err: Vec<f64> = fixes.iter().map(|f| f.at.y).collect();
        let n = err.len() as f64;
        let sd = (err.iter().map(|e| e * e).sum::<f64>() / n).sqrt();
        // Across-track error: about σ.
        assert!((6.0..14.0).contains(&sd), "sd {sd}");
        // Drift: one fix's error predicts the next (lag-1 correlation near e^(-1/30) ≈ 0.97).
        let lag1 = err.windows(2).map(|w| w[0] * w[1]).sum::<f64>() / (n - 1.0) / (sd * sd);
        assert!(lag1 > 0.9, "lag-1 correlation {lag1}");
        let jumps =
            |fixes: &[crate::matching::Fix]| fixes.windows(2).filter(|w| (w[1].at.y - w[0].at.y).abs() > 40.0).count();
        assert_eq!(jumps(&fixes), 0, "no jumps asked for");
        let fixes = phone_gps_trace(&line, PhoneGps { outliers: 0.02, ..how }, &mut Rng::new(3));
        assert!(jumps(&fixes) > 20, "{} jumps", jumps(&fixes));
        // 20 km at 3–14 m/s, with 30–180 s standing still.
        let secs = fixes.last().unwrap().time.unwrap();
        assert!((1_400.0..7_000.0).contains(&secs), "{secs} s");
        assert!(fixes.last().unwrap().at.x > 19_900.0);
    }

    #[test]
    fn grid_is_connected_by_node_ids_and_sized_as_asked() {
        let mut rng = Rng::new(7);
        let roads = grid_roads(1000, &mut rng);
        assert_eq!(roads.len(), 1000);
        let b = scattered_buildings(500, 1000, &mut rng);
        assert_eq!(b.len(), 500);
        // Every end node but the grid's outer edge is some other segment's start node.
        let starts: std::collections::HashSet<_> = roads.iter().filter_map(|f| f.str("start_node")).collect();
        let linked = roads.iter().filter(|f| starts.contains(f.str("end_node").unwrap())).count();
        assert!(linked > 900, "{linked}");
    }
}
