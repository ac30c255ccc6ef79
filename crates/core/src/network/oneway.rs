//! Which way a car may drive along a road.
//!
//! Two sources:
//! - **Stated**: the road's `oneway` attribute (`forward` = along the line's
//!   direction, `backward` = against it). The OSM importer fills it from
//!   `oneway=*`, `junction=roundabout` and `highway=motorway`.
//! - **Inferred for twin carriageways**: GeoDanmark's Vejmidte has no
//!   direction, but a street with a central reserve is drawn as two centre
//!   lines a few metres apart with the same street code. Denmark drives on
//!   the right, so on each carriageway the other one lies to the driver's
//!   left; that fixes the direction. Without this a car route (and a car
//!   track's match) may use the wrong carriageway, and the two lines are too
//!   close for GPS noise alone to tell apart.
//!
//! The inference is deliberately strict (same street, parallel, 3–25 m apart
//! over most of the road, a twin on one side only): a wrongly one-way street
//! makes a marked drive detour, a missed one only leaves both directions open.

use super::RoadRow;
use geo::{BoundingRect, Distance, Euclidean};
use geo_types::{Coord, LineString, Point, Rect};
use rstar::{AABB, Envelope, RTree, primitives::GeomWithData, primitives::Rectangle};

/// Direction a car may take along a road's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Oneway {
    #[default]
    Both,
    /// Only from the line's start towards its end.
    Forward,
    /// Only from the line's end towards its start.
    Backward,
}

impl Oneway {
    /// The stored attribute value: `forward`, `backward`, or none for both ways.
    pub fn from_attr(v: Option<&str>) -> Option<Oneway> {
        match v? {
            "forward" => Some(Oneway::Forward),
            "backward" => Some(Oneway::Backward),
            _ => None,
        }
    }

    /// May a car go along the line's direction (`forward = true`) or against it?
    pub fn allows(self, forward: bool) -> bool {
        match self {
            Oneway::Both => true,
            Oneway::Forward => forward,
            Oneway::Backward => !forward,
        }
    }
}

/// Centre lines of twin carriageways lie this far apart (metres): a central
/// reserve of 1–20 m plus half of each carriageway. Closer is one road drawn
/// twice; farther is two streets with houses between them.
const TWIN_MIN_M: f64 = 3.0;
const TWIN_MAX_M: f64 = 25.0;
/// Parallel: |cos| of the angle between the two lines at least this (≈ 25°).
const PARALLEL_COS: f64 = 0.9;
/// Share of the road's samples that must have a twin on one side, and at
/// most on the other side.
const TWIN_SHARE: f64 = 0.6;
const OTHER_SIDE_MAX: f64 = 0.1;
/// Samples every this many metres, skipping the ends where twins converge.
const SAMPLE_M: f64 = 5.0;
const END_SKIP_M: f64 = 8.0;

/// The direction of every car road: stated where the data says so, inferred
/// for twin carriageways, else both. `car` says which roads cars may use.
pub fn directions(lines: &[RoadRow], car: &[bool]) -> Vec<Oneway> {
    let mut out: Vec<Oneway> = lines.iter().map(|r| r.oneway.unwrap_or_default()).collect();
    // Car roads without a stated direction, keyed by street (street code, else name).
    let open: Vec<(usize, &str, Rect<f64>)> = lines
        .iter()
        .enumerate()
        .filter(|(i, r)| car[*i] && r.oneway.is_none())
        .filter_map(|(i, r)| Some((i, r.street()?, r.line.bounding_rect()?)))
        .collect();
    let tree = RTree::bulk_load(
        open.iter()
            .enumerate()
            .map(|(k, (_, _, r))| {
                GeomWithData::new(Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]), k)
            })
            .collect(),
    );
    // Each road's answer depends only on its neighbours: one task per road.
    use rayon::prelude::*;
    let inferred: Vec<(usize, Oneway)> = open
        .par_iter()
        .with_min_len(1024)
        .filter_map(|&(ia, key, r)| {
            let near = grown(r);
            let twins: Vec<(&LineString<f64>, AABB<[f64; 2]>)> = tree
                .locate_in_envelope_intersecting(&near)
                .map(|hit| open[hit.data])
                .filter(|&(ib, k, _)| ib != ia && k == key)
                .map(|(ib, _, rb)| (&lines[ib].line, grown(rb)))
                .collect();
            (!twins.is_empty()).then(|| (ia, twin_direction(&lines[ia].line, &twins)))
        })
        .collect();
    for (i, dir) in inferred {
        out[i] = dir;
    }
    out
}

/// A road's bounding box grown by [`TWIN_MAX_M`]: where its twin may lie.
fn grown(r: Rect<f64>) -> AABB<[f64; 2]> {
    AABB::from_corners(
        [r.min().x - TWIN_MAX_M, r.min().y - TWIN_MAX_M],
        [r.max().x + TWIN_MAX_M, r.max().y + TWIN_MAX_M],
    )
}

/// Which side the twins of `road` are on, as a direction of travel. Each
/// twin comes with its grown bounding box: a sample outside it is farther
/// than [`TWIN_MAX_M`] from that twin, so its nearest point is not sought
/// (on a grid of streets, most candidates are the next block of the same
/// street, touching only at an end).
fn twin_direction(road: &LineString<f64>, twins: &[(&LineString<f64>, AABB<[f64; 2]>)]) -> Oneway {
    let samples = samples(road);
    if samples.is_empty() {
        return Oneway::Both;
    }
    let (mut left, mut right) = (0usize, 0usize);
    for (p, dir) in &samples {
        let (mut on_left, mut on_right) = (false, false);
        for (t, reach) in twins {
            if !reach.contains_point(&[p.x, p.y]) {
                continue;
            }
            let Some((q, tdir)) = nearest_with_direction(t, *p) else { continue };
            let d = Euclidean.distance(Point(*p), Point(q));
            if !(TWIN_MIN_M..=TWIN_MAX_M).contains(&d) || (dir.x * tdir.x + dir.y * tdir.y).abs() < PARALLEL_COS {
                continue;
            }
            // Left of the road's direction when the cross product is positive.
            if dir.x * (q.y - p.y) - dir.y * (q.x - p.x) > 0.0 {
                on_left = true;
            } else {
                on_right = true;
            }
        }
        left += on_left as usize;
        right += on_right as usize;
    }
    let n = samples.len() as f64;
    let (l, r) = (left as f64 / n, right as f64 / n);
    // Right-hand traffic: the opposite carriageway is on the driver's left.
    if l >= TWIN_SHARE && r <= OTHER_SIDE_MAX {
        Oneway::Forward
    } else if r >= TWIN_SHARE && l <= OTHER_SIDE_MAX {
        Oneway::Backward
    } else {
        Oneway::Both
    }
}

/// Points along the line with the unit direction there, every [`SAMPLE_M`],
/// leaving out [`END_SKIP_M`] at each end (a short road: its middle only).
fn samples(l: &LineString<f64>) -> Vec<(Coord<f64>, Coord<f64>)> {
    let segs: Vec<(Coord<f64>, Coord<f64>, f64)> = l
        .lines()
        .filter_map(|s| {
            let len = Euclidean.distance(Point(s.start), Point(s.end));
            (len > 1e-9).then_some((s.start, s.end, len))
        })
        .collect();
    let total: f64 = segs.iter().map(|s| s.2).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let wanted: Vec<f64> = if total <= 2.0 * END_SKIP_M + SAMPLE_M {
        vec![total / 2.0]
    } else {
        let n = ((total - 2.0 * END_SKIP_M) / SAMPLE_M).floor().min(400.0) as usize;
        let step = (total - 2.0 * END_SKIP_M) / n as f64;
        (0..=n).map(|i| END_SKIP_M + i as f64 * step).collect()
    };
    let mut out = Vec::with_capacity(wanted.len());
    let (mut acc, mut k) = (0.0, 0);
    for m in wanted {
        while k + 1 < segs.len() && acc + segs[k].2 < m {
            acc += segs[k].2;
            k += 1;
        }
        let (a, b, len) = segs[k];
        let t = ((m - acc) / len).clamp(0.0, 1.0);
        let p = Coord { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
        out.push((p, Coord { x: (b.x - a.x) / len, y: (b.y - a.y) / len }));
    }
    out
}

/// The nearest point of `l` to `p` and the unit direction of `l` there;
/// `None` when the nearest point is an end of `l` (the twin stops short, so
/// this is not a place where the two run side by side).
fn nearest_with_direction(l: &LineString<f64>, p: Coord<f64>) -> Option<(Coord<f64>, Coord<f64>)> {
    let n = l.0.len();
    let mut best: Option<(f64, Coord<f64>, Coord<f64>, bool)> = None;
    for (i, s) in l.lines().enumerate() {
        let d = s.delta();
        let len2 = d.x * d.x + d.y * d.y;
        if len2 <= 1e-18 {
            continue;
        }
        let t = (((p.x - s.start.x) * d.x + (p.y - s.start.y) * d.y) / len2).clamp(0.0, 1.0);
        let q = Coord { x: s.start.x + t * d.x, y: s.start.y + t * d.y };
        let dist2 = (q.x - p.x).powi(2) + (q.y - p.y).powi(2);
        if best.is_none_or(|b| dist2 < b.0) {
            let at_end = (i == 0 && t <= 0.0) || (i + 2 == n && t >= 1.0);
            let len = len2.sqrt();
            best = Some((dist2, q, Coord { x: d.x / len, y: d.y / len }, at_end));
        }
    }
    best.filter(|b| !b.3).map(|b| (b.1, b.2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Feature;

    fn road(pts: Vec<(f64, f64)>, code: &str) -> Feature {
        Feature::new(LineString::from(pts)).with("street_code", code)
    }

    fn run(fs: &[Feature]) -> Vec<Oneway> {
        let lines: Vec<RoadRow> = fs
            .iter()
            .enumerate()
            .map(|(i, f)| RoadRow::from_feature(&Feature { fid: Some(i as i64), ..f.clone() }).expect("a line"))
            .collect();
        directions(&lines, &vec![true; fs.len()])
    }

    #[test]
    fn twin_carriageways_drive_on_the_right() {
        // Southern line drawn west→east, northern line east→west, 12 m apart:
        // both are drawn in their direction of travel.
        let fs = [road(vec![(0.0, 0.0), (200.0, 0.0)], "1"), road(vec![(200.0, 12.0), (0.0, 12.0)], "1")];
        assert_eq!(run(&fs), vec![Oneway::Forward, Oneway::Forward]);
        // The same lines drawn the other way round.
        let fs = [road(vec![(200.0, 0.0), (0.0, 0.0)], "1"), road(vec![(0.0, 12.0), (200.0, 12.0)], "1")];
        assert_eq!(run(&fs), vec![Oneway::Backward, Oneway::Backward]);
    }

    #[test]
    fn other_streets_and_distant_legs_stay_two_way() {
        // Different street codes; a loop whose legs are 40 m apart; a line with twins on both sides.
        let fs = [road(vec![(0.0, 0.0), (200.0, 0.0)], "1"), road(vec![(200.0, 12.0), (0.0, 12.0)], "2")];
        assert_eq!(run(&fs), vec![Oneway::Both, Oneway::Both]);
        let fs = [road(vec![(0.0, 0.0), (200.0, 0.0)], "1"), road(vec![(200.0, 40.0), (0.0, 40.0)], "1")];
        assert_eq!(run(&fs), vec![Oneway::Both, Oneway::Both]);
        let fs = [
            road(vec![(0.0, 0.0), (200.0, 0.0)], "1"),
            road(vec![(200.0, 12.0), (0.0, 12.0)], "1"),
            road(vec![(200.0, -12.0), (0.0, -12.0)], "1"),
        ];
        assert_eq!(run(&fs)[0], Oneway::Both);
        // A stated direction wins.
        let fs = [
            road(vec![(0.0, 0.0), (200.0, 0.0)], "1").with("oneway", "backward"),
            road(vec![(200.0, 12.0), (0.0, 12.0)], "1"),
        ];
        assert_eq!(run(&fs)[0], Oneway::Backward);
    }
}
