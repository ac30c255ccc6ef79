//! Single-linkage clustering of points: two points closer than `link` are in
//! the same group, and so is everything linked to them. Used to find rural
//! plots (small, far-apart groups of dwellings) and to fold a dormitory
//! complex into one blind spot.
//!
//! Points go into a grid of square cells whose diagonal is `link`, so all
//! points of one cell are linked to each other and a cell is joined whole.
//! Then each pair of nearby cells (the 20 cells whose nearest corner is
//! within `link`) needs only one close pair of points to join, and none if
//! they are joined already: in towns, where a cell holds hundreds of
//! dwellings, this skips almost every pair. A union-find holds the groups.
//!
//! ```
//! use afdaek_core::blindspots::cluster::single_link;
//! use geo_types::Coord;
//! let pts = [Coord { x: 0.0, y: 0.0 }, Coord { x: 40.0, y: 0.0 }, Coord { x: 500.0, y: 0.0 }];
//! let g = single_link(&pts, 50.0);
//! assert_eq!(g[0], g[1]);
//! assert_ne!(g[0], g[2]);
//! ```

use crate::union_find::UnionFind;
use geo_types::Coord;
use rustc_hash::FxHashMap;

/// The group of every point: the index of the group's first point.
/// Points with non-finite coordinates are groups of their own.
pub fn single_link(points: &[Coord<f64>], link: f64) -> Vec<u32> {
    let n = points.len();
    let mut uf = UnionFind::new(n);
    if link <= 0.0 || !link.is_finite() {
        return uf.roots();
    }
    // Shrunk by a hair so that rounding can never make a cell's diagonal
    // longer than `link`.
    let side = link / std::f64::consts::SQRT_2 * (1.0 - 1e-12);
    let mut keyed: Vec<((i64, i64), u32)> = points
        .iter()
        .enumerate()
        .filter(|(_, c)| c.x.is_finite() && c.y.is_finite())
        .map(|(i, c)| (((c.x / side).floor() as i64, (c.y / side).floor() as i64), i as u32))
        .collect();
    keyed.sort_unstable();
    // Each cell: its key and its range in `keyed`; all its points are one group.
    // Fx hashing: a million small integer keys, looked up ten times each.
    let mut cells: FxHashMap<(i64, i64), (usize, usize)> = FxHashMap::default();
    let mut start = 0;
    while start < keyed.len() {
        let key = keyed[start].0;
        let mut end = start + 1;
        while end < keyed.len() && keyed[end].0 == key {
            uf.union(keyed[start].1, keyed[end].1);
            end += 1;
        }
        cells.insert(key, (start, end));
        start = end;
    }
    // Half of the 5 × 5 neighbourhood (each pair of cells once), without the
    // corners (±2, ±2): points there are always more than `link` apart.
    let offsets = [(1, 0), (2, 0), (-2, 1), (-1, 1), (0, 1), (1, 1), (2, 1), (-1, 2), (0, 2), (1, 2)];
    let l2 = link * link;
    let mut order: Vec<&(i64, i64)> = cells.keys().collect();
    order.sort_unstable(); // deterministic work order
    for &(cx, cy) in order {
        let (a0, a1) = cells[&(cx, cy)];
        for (dx, dy) in offsets {
            let Some(&(b0, b1)) = cells.get(&(cx + dx, cy + dy)) else { continue };
            if uf.find(keyed[a0].1) == uf.find(keyed[b0].1) {
                continue;
            }
            'pairs: for &(_, a) in &keyed[a0..a1] {
                let p = points[a as usize];
                for &(_, b) in &keyed[b0..b1] {
                    let q = points[b as usize];
                    if (p.x - q.x).powi(2) + (p.y - q.y).powi(2) <= l2 {
                        uf.union(a, b);
                        break 'pairs;
                    }
                }
            }
        }
    }
    uf.roots()
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
        // Sparse and dense, with points exactly `link` apart on a lattice.
        let mut rng = crate::synth::Rng::new(7);
        let mut cases: Vec<(Vec<Coord<f64>>, f64)> = Vec::new();
        cases.push((
            (0..400).map(|_| Coord { x: rng.unit() * 2000.0 - 1000.0, y: rng.unit() * 2000.0 }).collect(),
            60.0,
        ));
        cases.push(((0..600).map(|_| Coord { x: rng.unit() * 300.0, y: rng.unit() * 300.0 - 150.0 }).collect(), 9.0));
        cases.push(((0..300).map(|i| Coord { x: (i % 20) as f64 * 25.0, y: (i / 20) as f64 * 25.0 }).collect(), 25.0));
        cases.push(((0..300).map(|i| Coord { x: (i % 20) as f64 * 25.0, y: (i / 20) as f64 * 25.0 }).collect(), 24.99));
        for (pts, link) in cases {
            let g = single_link(&pts, link);
            // Brute force: repeated relaxation until no label changes.
            let mut lab: Vec<u32> = (0..pts.len() as u32).collect();
            loop {
                let mut changed = false;
                for i in 0..pts.len() {
                    for j in 0..pts.len() {
                        let d2 = (pts[i].x - pts[j].x).powi(2) + (pts[i].y - pts[j].y).powi(2);
                        if d2 <= link * link && lab[j] < lab[i] {
                            lab[i] = lab[j];
                            changed = true;
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
            assert_eq!(g, lab, "link {link}");
        }
    }
}
