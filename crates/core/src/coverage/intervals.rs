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

/// A polygon prepared for many inside-tests: its ring edges in an R-tree.
pub struct PreparedArea {
    edges: RTree<GeomWithData<RLine<[f64; 2]>, ()>>,
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
                    lines.push(GeomWithData::new(RLine::new([l.start.x, l.start.y], [l.end.x, l.end.y]), ()));
                }
            }
        }
        PreparedArea { edges: RTree::bulk_load(lines), max_x }
    }

    /// Crossing-number point-in-polygon (holes and multipolygons included).
    pub fn contains(&self, c: Coord<f64>) -> bool {
        if c.x > self.max_x {
            return false;
        }
        let ray = AABB::from_corners([c.x, c.y], [self.max_x + 1.0, c.y]);
        let mut inside = false;
        for e in self.edges.locate_in_envelope_intersecting(&ray) {
            let (a, b) = (e.geom().from, e.geom().to);
            if (a[1] > c.y) != (b[1] > c.y) {
                let x = a[0] + (c.y - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
                if x > c.x {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// The measure intervals of `line` that lie inside the area.
    pub fn inside_intervals(&self, line: &LineString<f64>) -> Intervals {
        let mut out = Vec::new();
        let mut m0 = 0.0;
        for seg in line.lines() {
            let (p, q) = (seg.start, seg.end);
            let len = ((q.x - p.x).powi(2) + (q.y - p.y).powi(2)).sqrt();
            if len == 0.0 {
                continue;
            }
            let env = AABB::from_corners([p.x.min(q.x), p.y.min(q.y)], [p.x.max(q.x), p.y.max(q.y)]);
            let mut ts = vec![0.0, 1.0];
            for e in self.edges.locate_in_envelope_intersecting(&env) {
                let (a, b) = (e.geom().from, e.geom().to);
                let r = (q.x - p.x, q.y - p.y);
                let s = (b[0] - a[0], b[1] - a[1]);
                let den = r.0 * s.1 - r.1 * s.0;
                if den.abs() < 1e-12 {
                    continue;
                }
                let t = ((a[0] - p.x) * s.1 - (a[1] - p.y) * s.0) / den;
                let u = ((a[0] - p.x) * r.1 - (a[1] - p.y) * r.0) / den;
                if (0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u) {
                    ts.push(t);
                }
            }
            ts.sort_by(f64::total_cmp);
            for w in ts.windows(2) {
                if w[1] - w[0] < 1e-12 {
                    continue;
                }
                let tm = (w[0] + w[1]) / 2.0;
                let mid = Coord { x: p.x + tm * (q.x - p.x), y: p.y + tm * (q.y - p.y) };
                if self.contains(mid) {
                    out.push((m0 + w[0] * len, m0 + w[1] * len));
                }
            }
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
    }
}
