//! Clipping and rounding in tile coordinates (y down), for vector tiles.
//!
//! Lines are cut at the window's edges into pieces (Liang–Barsky per
//! segment); rings are clipped against the window's four half-planes
//! (Sutherland–Hodgman: the window is convex, so the result is one ring,
//! possibly with edges along the border, which the buffer keeps out of sight).

use geo_types::Coord;

/// Coordinates rounded to whole tile units, without consecutive repeats
/// (MVT stores integers; a repeat is a zero-length move).
pub fn round_dedup(cs: impl Iterator<Item = Coord<f64>>) -> Vec<Coord<f64>> {
    let mut out: Vec<Coord<f64>> = Vec::new();
    for c in cs {
        let r = Coord { x: c.x.round(), y: c.y.round() };
        if out.last() != Some(&r) {
            out.push(r);
        }
    }
    out
}

/// The parts of a line inside `w = [minx, miny, maxx, maxy]`, each with at
/// least two distinct points.
pub fn clip_line(cs: &[Coord<f64>], w: [f64; 4]) -> Vec<geo_types::LineString<f64>> {
    let mut parts = Vec::new();
    let mut cur: Vec<Coord<f64>> = Vec::new();
    for seg in cs.windows(2) {
        match clip_segment(seg[0], seg[1], w) {
            Some((a, b)) => {
                if cur.last() != Some(&a) {
                    flush(&mut cur, &mut parts);
                    cur.push(a);
                }
                cur.push(b);
                if b != seg[1] {
                    flush(&mut cur, &mut parts);
                }
            }
            None => flush(&mut cur, &mut parts),
        }
    }
    flush(&mut cur, &mut parts);
    parts
}

fn flush(cur: &mut Vec<Coord<f64>>, parts: &mut Vec<geo_types::LineString<f64>>) {
    let pts = round_dedup(cur.drain(..));
    if pts.len() >= 2 {
        parts.push(geo_types::LineString(pts));
    }
}

/// Liang–Barsky: the part of segment `p`–`q` inside the window.
fn clip_segment(p: Coord<f64>, q: Coord<f64>, w: [f64; 4]) -> Option<(Coord<f64>, Coord<f64>)> {
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (pk, qk) in [(-dx, p.x - w[0]), (dx, w[2] - p.x), (-dy, p.y - w[1]), (dy, w[3] - p.y)] {
        if pk == 0.0 {
            if qk < 0.0 {
                return None;
            }
        } else {
            let r = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    let at = |t: f64| {
        if t == 0.0 {
            p
        } else if t == 1.0 {
            q
        } else {
            Coord { x: p.x + t * dx, y: p.y + t * dy }
        }
    };
    Some((at(t0), at(t1)))
}

/// A ring clipped to the window, rounded, closed and oriented as MVT wants
/// (exterior: positive surveyor's area in y-down tile coordinates; holes:
/// negative). `None` when less than a triangle is left.
pub fn clip_ring(cs: &[Coord<f64>], w: [f64; 4], exterior: bool) -> Option<Vec<Coord<f64>>> {
    let mut ring: Vec<Coord<f64>> = cs.to_vec();
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    // Each edge of the window: inside test and the crossing point.
    type Inside = fn(Coord<f64>, f64) -> bool;
    type Cross = fn(Coord<f64>, Coord<f64>, f64) -> Coord<f64>;
    let x_at = |a: Coord<f64>, b: Coord<f64>, x: f64| Coord { x, y: a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x) };
    let y_at = |a: Coord<f64>, b: Coord<f64>, y: f64| Coord { x: a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y };
    let edges: [(Inside, Cross, f64); 4] = [
        (|c, v| c.x >= v, x_at, w[0]),
        (|c, v| c.x <= v, x_at, w[2]),
        (|c, v| c.y >= v, y_at, w[1]),
        (|c, v| c.y <= v, y_at, w[3]),
    ];
    for (inside, cross, v) in edges {
        if ring.is_empty() {
            return None;
        }
        let input = std::mem::take(&mut ring);
        let mut prev = *input.last().expect("not empty");
        for &cur in &input {
            match (inside(cur, v), inside(prev, v)) {
                (true, true) => ring.push(cur),
                (true, false) => {
                    ring.push(cross(prev, cur, v));
                    ring.push(cur);
                }
                (false, true) => ring.push(cross(prev, cur, v)),
                (false, false) => {}
            }
            prev = cur;
        }
    }
    let mut ring = round_dedup(ring.into_iter());
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if ring.len() < 3 {
        return None;
    }
    let area: f64 = (0..ring.len())
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
            a.x * b.y - b.x * a.y
        })
        .sum();
    if area == 0.0 {
        return None;
    }
    if (area > 0.0) != exterior {
        ring.reverse();
    }
    ring.push(ring[0]);
    Some(ring)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    const W: [f64; 4] = [0.0, 0.0, 100.0, 100.0];

    #[test]
    fn a_line_leaving_and_coming_back_is_two_pieces() {
        let parts = clip_line(&[c(10.0, 50.0), c(150.0, 50.0), c(150.0, 80.0), c(10.0, 80.0)], W);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].0, vec![c(10.0, 50.0), c(100.0, 50.0)]);
        assert_eq!(parts[1].0, vec![c(100.0, 80.0), c(10.0, 80.0)]);
        assert!(clip_line(&[c(-10.0, -10.0), c(-5.0, 200.0)], W).is_empty());
        // Inside: unchanged but rounded.
        assert_eq!(clip_line(&[c(1.2, 1.7), c(50.4, 60.6)], W)[0].0, vec![c(1.0, 2.0), c(50.0, 61.0)]);
    }

    #[test]
    fn rings_are_clipped_closed_and_oriented() {
        // A square sticking out to the right, drawn either way round.
        let sq = [c(50.0, 10.0), c(150.0, 10.0), c(150.0, 90.0), c(50.0, 90.0), c(50.0, 10.0)];
        let ext = clip_ring(&sq, W, true).unwrap();
        assert_eq!(ext.first(), ext.last());
        let xs: Vec<f64> = ext.iter().map(|p| p.x).collect();
        assert!(xs.iter().all(|x| (50.0..=100.0).contains(x)));
        let area = |r: &[Coord<f64>]| r.windows(2).map(|w| w[0].x * w[1].y - w[1].x * w[0].y).sum::<f64>();
        assert!(area(&ext) > 0.0);
        assert_eq!(area(&ext), 2.0 * 50.0 * 80.0);
        let mut rev = sq;
        rev.reverse();
        assert!(area(&clip_ring(&rev, W, true).unwrap()) > 0.0);
        assert!(area(&clip_ring(&sq, W, false).unwrap()) < 0.0);
        // Wholly outside, or collapsed to a sliver: nothing.
        assert!(clip_ring(&[c(200.0, 0.0), c(300.0, 0.0), c(300.0, 50.0), c(200.0, 0.0)], W, true).is_none());
        assert!(clip_ring(&[c(1.0, 1.0), c(1.2, 1.1), c(1.1, 1.3), c(1.0, 1.0)], W, true).is_none());
    }
}
