//! Covered length inside many areas at once: the recently covered stretches
//! as straight segments in a uniform grid, each area clipping only the
//! segments in the cells its bounding box meets. This is the hot path of
//! coverage figures for thousands of areas (and what the Shapely comparison
//! measures).
//!
//! Why a grid and not the R-tree used elsewhere: covered segments are short
//! and evenly spread, so a grid is built in one counting pass (an R-tree bulk
//! load of a million segments costs more than all the queries together) and a
//! query touches only the cells under the area.

use super::intervals::PreparedArea;
use crate::network::Network;
use geo_types::{Coord, Geometry, LineString, MultiPolygon};

/// Grid cells are about this many segments' worth of area on average.
const SEGMENTS_PER_CELL: f64 = 8.0;

pub struct CoveredSegments {
    /// `[x0, y0, x1, y1]` per segment, grouped by cell (CSR layout).
    segs: Vec<[f64; 4]>,
    /// `start[c]..start[c + 1]` are cell `c`'s segments.
    start: Vec<u32>,
    origin: Coord<f64>,
    cell: f64,
    nx: usize,
    ny: usize,
    /// The widest or tallest segment box: how far below-left of a query a
    /// segment reaching into it can be bucketed.
    reach: f64,
}

impl CoveredSegments {
    /// From merged covered intervals per road (`Context::recent`).
    pub fn new(net: &Network, covered: &super::figures::ByRoad<Vec<(f64, f64)>>) -> Self {
        let mut raw: Vec<[f64; 4]> = Vec::new();
        for (road, iv) in covered {
            let Some(line) = net.road_line(*road) else { continue };
            for &(a, b) in iv {
                push_stretch(line, a, b, &mut raw);
            }
        }
        Self::from_segments(raw)
    }

    /// Buckets segments by the cell of their lower-left corner; a segment
    /// longer than a cell is still found because queries widen by the
    /// longest segment extent.
    pub fn from_segments(raw: Vec<[f64; 4]>) -> Self {
        let finite: Vec<[f64; 4]> = raw.into_iter().filter(|s| s.iter().all(|v| v.is_finite())).collect();
        if finite.is_empty() {
            return CoveredSegments {
                segs: Vec::new(),
                start: vec![0, 0],
                origin: Coord { x: 0.0, y: 0.0 },
                cell: 1.0,
                nx: 1,
                ny: 1,
                reach: 0.0,
            };
        }
        let (mut minx, mut miny, mut maxx, mut maxy) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let mut reach: f64 = 0.0;
        for s in &finite {
            reach = reach.max((s[0] - s[2]).abs()).max((s[1] - s[3]).abs());
            minx = minx.min(s[0].min(s[2]));
            miny = miny.min(s[1].min(s[3]));
            maxx = maxx.max(s[0].max(s[2]));
            maxy = maxy.max(s[1].max(s[3]));
        }
        let area = ((maxx - minx) * (maxy - miny)).max(1.0);
        let cell = (area * SEGMENTS_PER_CELL / finite.len() as f64).sqrt().max(1.0);
        let nx = (((maxx - minx) / cell) as usize + 1).min(1 << 14);
        let ny = (((maxy - miny) / cell) as usize + 1).min(1 << 14);
        let cell = cell.max((maxx - minx) / nx as f64).max((maxy - miny) / ny as f64);
        let mut grid = CoveredSegments {
            segs: Vec::new(),
            start: Vec::new(),
            origin: Coord { x: minx, y: miny },
            cell,
            nx,
            ny,
            reach,
        };
        let cells: Vec<usize> = finite.iter().map(|s| grid.cell_of(s[0].min(s[2]), s[1].min(s[3]))).collect();
        let mut count = vec![0u32; nx * ny + 1];
        for &c in &cells {
            count[c + 1] += 1;
        }
        for i in 1..count.len() {
            count[i] += count[i - 1];
        }
        let mut fill = count.clone();
        let mut segs = vec![[0.0; 4]; finite.len()];
        for (s, &c) in finite.iter().zip(&cells) {
            segs[fill[c] as usize] = *s;
            fill[c] += 1;
        }
        grid.segs = segs;
        grid.start = count;
        grid
    }

    fn cell_of(&self, x: f64, y: f64) -> usize {
        let i = (((x - self.origin.x) / self.cell) as usize).min(self.nx - 1);
        let j = (((y - self.origin.y) / self.cell) as usize).min(self.ny - 1);
        j * self.nx + i
    }

    pub fn len(&self) -> usize {
        self.segs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segs.is_empty()
    }

    /// Covered metres inside `area`.
    pub fn length_inside(&self, area: &MultiPolygon<f64>) -> f64 {
        let Some(b) = crate::geom::bbox(&Geometry::MultiPolygon(area.clone())) else { return 0.0 };
        if self.segs.is_empty() {
            return 0.0;
        }
        let prepared = PreparedArea::new(area);
        let mut scratch = Vec::new();
        self.segments_in(b)
            .map(|s| {
                prepared.segment_length_inside(Coord { x: s[0], y: s[1] }, Coord { x: s[2], y: s[3] }, &mut scratch)
            })
            .sum()
    }

    /// The segments whose box meets `b` (`[minx, miny, maxx, maxy]`).
    pub fn segments_in(&self, b: [f64; 4]) -> impl Iterator<Item = &[f64; 4]> + '_ {
        self.candidates(b).filter(move |s| {
            !(s[0].max(s[2]) < b[0] || s[0].min(s[2]) > b[2] || s[1].max(s[3]) < b[1] || s[1].min(s[3]) > b[3])
        })
    }

    /// The segments bucketed in cells that can hold one meeting `b` (a superset).
    fn candidates(&self, b: [f64; 4]) -> impl Iterator<Item = &[f64; 4]> + '_ {
        let empty =
            self.segs.is_empty() || b[2] < self.origin.x || b[3] < self.origin.y || !b.iter().all(|v| v.is_finite());
        let i0 = ((b[0] - self.reach - self.origin.x) / self.cell).floor().max(0.0) as usize;
        let j0 = ((b[1] - self.reach - self.origin.y) / self.cell).floor().max(0.0) as usize;
        let empty = empty || i0 >= self.nx || j0 >= self.ny;
        let i1 = if empty { 0 } else { (((b[2] - self.origin.x) / self.cell).floor() as usize).min(self.nx - 1) };
        let j1 = if empty { 0 } else { (((b[3] - self.origin.y) / self.cell).floor() as usize).min(self.ny - 1) };
        let rows = if empty { 1..1 } else { j0..j1 + 1 };
        rows.flat_map(move |j| {
            let row = j * self.nx;
            &self.segs[self.start[row + i0] as usize..self.start[row + i1 + 1] as usize]
        })
    }

    /// Is any segment within `r` metres of `c`?
    pub fn any_within(&self, c: Coord<f64>, r: f64) -> bool {
        let r2 = r * r;
        self.candidates([c.x - r, c.y - r, c.x + r, c.y + r]).any(|s| point_segment_dist2(c, s) <= r2)
    }

    /// Covered metres inside each of many areas, on every core.
    pub fn lengths_inside(&self, areas: &[&MultiPolygon<f64>]) -> Vec<f64> {
        use rayon::prelude::*;
        areas.par_iter().with_min_len(64).map(|a| self.length_inside(a)).collect()
    }
}

/// Appends the straight pieces of `line` between measures `a <= b` as
/// `[x0, y0, x1, y1]`, without building the substring first.
pub fn push_stretch(line: &LineString<f64>, a: f64, b: f64, out: &mut Vec<[f64; 4]>) {
    let mut acc = 0.0;
    for seg in line.lines() {
        let len = ((seg.end.x - seg.start.x).powi(2) + (seg.end.y - seg.start.y).powi(2)).sqrt();
        let (s0, s1) = (acc, acc + len);
        acc = s1;
        if s1 <= a || s0 >= b || len <= 0.0 {
            continue;
        }
        let at = |m: f64| {
            let t = ((m - s0) / len).clamp(0.0, 1.0);
            [seg.start.x + t * (seg.end.x - seg.start.x), seg.start.y + t * (seg.end.y - seg.start.y)]
        };
        let (p, q) = (at(a.max(s0)), at(b.min(s1)));
        out.push([p[0], p[1], q[0], q[1]]);
    }
}

/// Squared distance from `c` to the segment `[x0, y0, x1, y1]`.
fn point_segment_dist2(c: Coord<f64>, s: &[f64; 4]) -> f64 {
    let (dx, dy) = (s[2] - s[0], s[3] - s[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 { (((c.x - s[0]) * dx + (c.y - s[1]) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
    let (px, py) = (s[0] + t * dx - c.x, s[1] + t * dy - c.y);
    px * px + py * py
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    #[test]
    fn agrees_with_clipping_every_segment() {
        let mut rng = crate::synth::Rng::new(3);
        // Mostly short segments plus a few very long ones (rural roads).
        let segs: Vec<[f64; 4]> = (0..3000)
            .map(|k| {
                let (x, y) = (rng.unit() * 5000.0, rng.unit() * 5000.0);
                let l = if k % 100 == 0 { 3000.0 } else { 40.0 };
                let a = rng.unit() * std::f64::consts::TAU;
                [x, y, x + l * a.cos(), y + l * a.sin()]
            })
            .collect();
        let grid = CoveredSegments::from_segments(segs.clone());
        for _ in 0..50 {
            let (x, y, w) = (rng.unit() * 5000.0, rng.unit() * 5000.0, 100.0 + rng.unit() * 900.0);
            let area = MultiPolygon(vec![
                polygon![(x: x, y: y), (x: x + w, y: y + 0.3 * w), (x: x + 0.6 * w, y: y + w), (x: x, y: y)],
            ]);
            let prepared = PreparedArea::new(&area);
            let mut scratch = Vec::new();
            let brute: f64 = segs
                .iter()
                .map(|s| {
                    prepared.segment_length_inside(Coord { x: s[0], y: s[1] }, Coord { x: s[2], y: s[3] }, &mut scratch)
                })
                .sum();
            let fast = grid.length_inside(&area);
            assert!((brute - fast).abs() < 1e-6, "{brute} vs {fast}");
        }
        for _ in 0..2000 {
            let c = Coord { x: rng.unit() * 6000.0 - 500.0, y: rng.unit() * 6000.0 - 500.0 };
            let brute = segs.iter().any(|s| point_segment_dist2(c, s) <= 50.0 * 50.0);
            assert_eq!(grid.any_within(c, 50.0), brute, "{c:?}");
        }
    }
}
