//! Single-linkage clustering of points: two points closer than `link` are in
//! the same group, and so is everything linked to them. Used to find rural
//! plots (small, far-apart groups of dwellings) and to fold a dormitory
//! complex into one blind spot.
//!
//! A hash grid with cells of `link` metres finds the neighbours (only the
//! 3 × 3 cells around a point can hold one) and a union-find joins them, so
//! the work is linear in the number of close pairs.
//!
//! ```
//! use afdaek_core::blindspots::cluster::single_link;
//! use geo_types::Coord;
//! let pts = [Coord { x: 0.0, y: 0.0 }, Coord { x: 40.0, y: 0.0 }, Coord { x: 500.0, y: 0.0 }];
//! let g = single_link(&pts, 50.0);
//! assert_eq!(g[0], g[1]);
//! assert_ne!(g[0], g[2]);
//! ```

use geo_types::Coord;
use std::collections::HashMap;

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut i: u32) -> u32 {
        while self.0[i as usize] != i {
            let parent = self.0[i as usize];
            self.0[i as usize] = self.0[parent as usize]; // path halving
            i = parent;
        }
        i
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index becomes the root, so group ids are deterministic.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi as usize] = lo;
        }
    }
}

/// The group of every point: the index of the group's first point.
/// Points with non-finite coordinates are groups of their own.
pub fn single_link(points: &[Coord<f64>], link: f64) -> Vec<u32> {
    let n = points.len();
    let mut uf = UnionFind((0..n as u32).collect());
    if link <= 0.0 || !link.is_finite() {
        return uf.0;
    }
    let cell = |c: Coord<f64>| ((c.x / link).floor() as i64, (c.y / link).floor() as i64);
    let mut grid: HashMap<(i64, i64), Vec<u32>> = HashMap::new();
    for (i, c) in points.iter().enumerate() {
        if c.x.is_finite() && c.y.is_finite() {
            grid.entry(cell(*c)).or_default().push(i as u32);
        }
    }
    let l2 = link * link;
    for (&(cx, cy), members) in &grid {
        // Each pair of cells once: the cell itself and four of its neighbours.
        for (dx, dy) in [(0, 0), (1, 0), (1, 1), (0, 1), (-1, 1)] {
            let Some(other) = grid.get(&(cx + dx, cy + dy)) else { continue };
            for (k, &a) in members.iter().enumerate() {
                let start = if (dx, dy) == (0, 0) { k + 1 } else { 0 };
                for &b in &other[start..] {
                    let (p, q) = (points[a as usize], points[b as usize]);
                    if (p.x - q.x).powi(2) + (p.y - q.y).powi(2) <= l2 && uf.find(a) != uf.find(b) {
                        uf.union(a, b);
                    }
                }
            }
        }
    }
    (0..n as u32).map(|i| uf.find(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_link_across_cells_and_far_points_stay_apart() {
        // A chain of points 90 m apart links end to end at 100 m, not at 80 m.
        let chain: Vec<Coord<f64>> = (0..10).map(|i| Coord { x: i as f64 * 90.0, y: -5.0 }).collect();
        let g = single_link(&chain, 100.0);
        assert!(g.iter().all(|&r| r == 0));
        let g = single_link(&chain, 80.0);
        assert_eq!(g, (0..10).collect::<Vec<u32>>());
    }

    #[test]
    fn brute_force_agrees() {
        let mut rng = crate::synth::Rng::new(7);
        let pts: Vec<Coord<f64>> =
            (0..400).map(|_| Coord { x: rng.unit() * 2000.0 - 1000.0, y: rng.unit() * 2000.0 }).collect();
        let g = single_link(&pts, 60.0);
        // Brute force: repeated relaxation until no label changes.
        let mut lab: Vec<u32> = (0..pts.len() as u32).collect();
        loop {
            let mut changed = false;
            for i in 0..pts.len() {
                for j in 0..pts.len() {
                    let d2 = (pts[i].x - pts[j].x).powi(2) + (pts[i].y - pts[j].y).powi(2);
                    if d2 <= 3600.0 && lab[j] < lab[i] {
                        lab[i] = lab[j];
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        assert_eq!(g, lab);
    }
}
