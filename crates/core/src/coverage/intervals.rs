//! Measure intervals along a road, and which parts of a road lie inside a
//! polygon, computed exactly (segment × ring-edge crossings, then a
//! crossing-number test at each sub-segment's midpoint). Polygon edges sit in
//! an R-tree, so large municipality polygons cost log(V) per road segment.

use geo_types::{Coord, LineString, MultiPolygon};
use rstar::primitives::{GeomWithData, Line as RLine};
use rstar::{AABB, RTree};

/// Sorted, non-overlapping `(from, to)` intervals.
pub type Intervals = Vec<(f64, f64)>;

/// Sorts and merges overlapping or touching intervals (with `from <= to`).
pub fn merge(mut v: Intervals) -> Intervals {
    v.retain(|(a, b)| b > a);
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Intervals = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 + 1e-9 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

pub fn total(v: &[(f64, f64)]) -> f64 {
    v.iter().map(|(a, b)| b - a).sum()
}

/// The intersection of two merged interval lists.
pub fn intersect(a: &[(f64, f64)], b: &[(f64, f64)]) -> Intervals {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        let lo = a[i].0.max(b[j].0);
        let hi = a[i].1.min(b[j].1);
        if hi > lo {
            out.push((lo, hi));
        }
        if a[i].1 < b[j].1 { i += 1 } else { j += 1 }
    }
    out
}

/// What of `a` is not in `b` (both merged interval lists).
pub fn subtract(a: &[(f64, f64)], b: &[(f64, f64)]) -> Intervals {
    let mut out = Vec::new();
    let mut j = 0;
    for &(mut lo, hi) in a {
        while j < b.len() && b[j].1 <= lo {
            j += 1;
        }
        let mut k = j;
        while k < b.len() && b[k].0 < hi {
            if b[k].0 > lo {
                out.push((lo, b[k].0));
            }
            lo = lo.max(b[k].1);
            k += 1;
        }
        if hi > lo {
            out.push((lo, hi));
        }
    }
    out
}

/// Polygons with at most this many edges are scanned edge by edge: for a
/// drawn focus area that beats any tree.
const SMALL_POLYGON_EDGES: usize = 64;

/// A polygon prepared for many inside-tests: its ring edges in an R-tree
/// (or a flat list when there are few).
pub struct PreparedArea {
    edges: RTree<GeomWithData<RLine<[f64; 2]>, ()>>,
    small: Option<Vec<[f64; 4]>>,
    max_x: f64,
}

impl PreparedArea {
    pub fn new(mp: &MultiPolygon<f64>) -> Self {
        let mut lines = Vec::new();
        let mut max_x = f64::NEG_INFINITY;
        for p in &mp.0 {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                for l in ring.lines() {
                    max_x = max_x.max(l.start.x).max(l.end.x);
                    lines.push([l.start.x, l.start.y, l.end.x, l.end.y]);
                }
            }
        }
        if lines.len() <= SMALL_POLYGON_EDGES {
            return PreparedArea { edges: RTree::new(), small: Some(lines), max_x };
        }
        let tree = RTree::bulk_load(
            lines.iter().map(|e| GeomWithData::new(RLine::new([e[0], e[1]], [e[2], e[3]]), ())).collect(),
        );
        PreparedArea { edges: tree, small: None, max_x }
    }

    /// Calls `f(a, b)` for every edge whose bounding box meets `env`.
    fn edges_near(&self, env: &AABB<[f64; 2]>, mut f: impl FnMut([f64; 2], [f64; 2])) {
        match &self.small {
            Some(list) => {
                let (lo, hi) = (env.lower(), env.upper());
                for e in list {
                    if e[0].max(e[2]) >= lo[0]
                        && e[0].min(e[2]) <= hi[0]
                        && e[1].max(e[3]) >= lo[1]
                        && e[1].min(e[3]) <= hi[1]
                    {
                        f([e[0], e[1]], [e[2], e[3]]);
                    }
                }
            }
            None => {
                for e in self.edges.locate_in_envelope_intersecting(env) {
                    f(e.geom().from, e.geom().to);
                }
            }
        }
    }

    /// Crossing-number point-in-polygon (holes and multipolygons included).
    pub fn contains(&self, c: Coord<f64>) -> bool {
        if c.x > self.max_x {
            return false;
        }
        let ray = AABB::from_corners([c.x, c.y], [self.max_x + 1.0, c.y]);
        let mut inside = false;
        self.edges_near(&ray, |a, b| {
            if (a[1] > c.y) != (b[1] > c.y) {
                let x = a[0] + (c.y - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
                if x > c.x {
                    inside = !inside;
                }
            }
        });
        inside
    }

    /// The parameters `t` in (0, 1) where the segment `p → q` crosses an edge,
    /// pushed onto `ts` (unsorted).
    fn crossings(&self, p: Coord<f64>, q: Coord<f64>, ts: &mut Vec<f64>) {
        let env = AABB::from_corners([p.x.min(q.x), p.y.min(q.y)], [p.x.max(q.x), p.y.max(q.y)]);
        let r = (q.x - p.x, q.y - p.y);
        self.edges_near(&env, |a, b| {
            let s = (b[0] - a[0], b[1] - a[1]);
            let den = r.0 * s.1 - r.1 * s.0;
            if den.abs() < 1e-12 {
                return;
            }
            let t = ((a[0] - p.x) * s.1 - (a[1] - p.y) * s.0) / den;
            let u = ((a[0] - p.x) * r.1 - (a[1] - p.y) * r.0) / den;
            if (0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u) {
                ts.push(t);
            }
        });
    }

    /// The `(t0, t1)` parameter ranges of segment `p → q` inside the area, in order.
    fn inside_params(&self, p: Coord<f64>, q: Coord<f64>, ts: &mut Vec<f64>, mut f: impl FnMut(f64, f64)) {
        ts.clear();
        self.crossings(p, q, ts);
        if ts.is_empty() {
            // No edge crosses it: wholly inside or wholly outside.
            if self.contains(Coord { x: (p.x + q.x) / 2.0, y: (p.y + q.y) / 2.0 }) {
                f(0.0, 1.0);
            }
            return;
        }
        ts.push(0.0);
        ts.push(1.0);
        ts.sort_by(f64::total_cmp);
        for i in 0..ts.len() - 1 {
            let (t0, t1) = (ts[i], ts[i + 1]);
            if t1 - t0 < 1e-12 {
                continue;
            }
            let tm = (t0 + t1) / 2.0;
            if self.contains(Coord { x: p.x + tm * (q.x - p.x), y: p.y + tm * (q.y - p.y) }) {
                f(t0, t1);
            }
        }
    }

    /// The length of the straight segment `p → q` that lies inside the area.
    pub fn segment_length_inside(&self, p: Coord<f64>, q: Coord<f64>, scratch: &mut Vec<f64>) -> f64 {
        let len = ((q.x - p.x).powi(2) + (q.y - p.y).powi(2)).sqrt();
        let mut inside = 0.0;
        self.inside_params(p, q, scratch, |t0, t1| inside += (t1 - t0) * len);
        inside
    }

    /// The measure intervals of `line` that lie inside the area.
    pub fn inside_intervals(&self, line: &LineString<f64>) -> Intervals {
        let mut out = Vec::new();
        let mut ts = Vec::new();
        let mut m0 = 0.0;
        for seg in line.lines() {
            let (p, q) = (seg.start, seg.end);
            let len = ((q.x - p.x).powi(2) + (q.y - p.y).powi(2)).sqrt();
            if len == 0.0 {
                continue;
            }
            self.inside_params(p, q, &mut ts, |t0, t1| out.push((m0 + t0 * len, m0 + t1 * len)));
            m0 += len;
        }
        merge(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    #[test]
    fn subtract_leaves_what_the_second_does_not_cover() {
        let a = vec![(0.0, 10.0), (20.0, 30.0), (40.0, 50.0)];
        let b = vec![(2.0, 4.0), (6.0, 25.0), (45.0, 60.0)];
        assert_eq!(subtract(&a, &b), vec![(0.0, 2.0), (4.0, 6.0), (25.0, 30.0), (40.0, 45.0)]);
        assert_eq!(subtract(&a, &[]), a);
        assert_eq!(subtract(&a, &[(-1.0, 100.0)]), vec![]);
        // Against brute force on random lists.
        let mut rng = crate::synth::Rng::new(9);
        for _ in 0..200 {
            let mut list = |n: usize| {
                merge(
                    (0..n)
                        .map(|_| {
                            let x = rng.unit() * 100.0;
                            (x, x + rng.unit() * 20.0)
                        })
                        .collect(),
                )
            };
            let (a, b) = (list(5), list(5));
            let d = subtract(&a, &b);
            for k in 0..1000 {
                let x = k as f64 * 0.1 + 0.05;
                let inside = |v: &[(f64, f64)]| v.iter().any(|(lo, hi)| x > *lo && x < *hi);
                assert_eq!(inside(&d), inside(&a) && !inside(&b), "x={x} a={a:?} b={b:?} d={d:?}");
            }
        }
    }

    #[test]
    fn merge_and_intersect() {
        assert_eq!(merge(vec![(5.0, 7.0), (0.0, 2.0), (1.0, 3.0), (7.0, 8.0)]), vec![(0.0, 3.0), (5.0, 8.0)]);
        assert_eq!(intersect(&[(0.0, 3.0), (5.0, 8.0)], &[(2.0, 6.0)]), vec![(2.0, 3.0), (5.0, 6.0)]);
    }

    #[test]
    fn a_line_through_a_square_with_a_hole() {
        let sq = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0), (x: 0.0, y: 0.0)],
            interiors: [[(x: 4.0, y: 4.0), (x: 6.0, y: 4.0), (x: 6.0, y: 6.0), (x: 4.0, y: 6.0), (x: 4.0, y: 4.0)]],
        );
        let a = PreparedArea::new(&MultiPolygon(vec![sq]));
        let line = LineString::from(vec![(-5.0, 5.0), (15.0, 5.0)]);
        let iv = a.inside_intervals(&line);
        assert_eq!(iv.len(), 2);
        assert!((iv[0].0 - 5.0).abs() < 1e-9 && (iv[0].1 - 9.0).abs() < 1e-9, "{iv:?}");
        assert!((iv[1].0 - 11.0).abs() < 1e-9 && (iv[1].1 - 15.0).abs() < 1e-9, "{iv:?}");
        assert!(a.contains(Coord { x: 1.0, y: 1.0 }) && !a.contains(Coord { x: 5.0, y: 5.0 }));
        let mut scratch = Vec::new();
        let l = a.segment_length_inside(Coord { x: -5.0, y: 5.0 }, Coord { x: 15.0, y: 5.0 }, &mut scratch);
        assert!((l - 8.0).abs() < 1e-9, "{l}");
    }

    #[test]
    fn large_polygons_use_the_tree_and_agree_with_small_ones() {
        // A 200-gon circle (tree) against a 64-gon (flat list): both clip a diameter to ~2r.
        for n in [32usize, 200] {
            let ring: Vec<(f64, f64)> = (0..=n)
                .map(|i| {
                    let a = i as f64 / n as f64 * std::f64::consts::TAU;
                    (100.0 * a.cos(), 100.0 * a.sin())
                })
                .collect();
            let poly = geo_types::Polygon::new(LineString::from(ring), vec![]);
            let a = PreparedArea::new(&MultiPolygon(vec![poly]));
            assert_eq!(a.small.is_some(), n <= SMALL_POLYGON_EDGES);
            let iv = a.inside_intervals(&LineString::from(vec![(-150.0, 0.0), (150.0, 0.0)]));
            assert_eq!(iv.len(), 1);
            assert!((total(&iv) - 200.0).abs() < 1e-6, "{iv:?}");
        }
    }
}
