//! Map matching of GPS tracks onto the street network: a hidden Markov model
//! after Newson & Krumm (2009). Candidates for each GPS point are the nearest
//! points on nearby streets (from the R-tree); the emission probability falls
//! with the distance to the street (Gaussian, σ = GPS noise); the transition
//! probability falls with the difference between the route distance and the
//! straight distance between consecutive fixes (exponential, β); Viterbi picks
//! the most likely sequence.
//!
//! Only what was matched is credited, as partial intervals of streets. A
//! signal gap longer than [`MatchOptions::max_gap_s`] (or a jump longer than
//! [`MatchOptions::max_gap_m`]) is never bridged: the match breaks there and
//! continues after it. Where no candidate or no route exists, the model
//! breaks too, instead of inventing a path.

use crate::index::SpatialIndex;
use crate::network::{Network, Profile, locate};
use crate::routing::{self, OnNetwork, Piece};
use geo_types::Coord;
use std::collections::{BinaryHeap, HashMap};

/// One recorded GPS point: lon/lat and, when the file has it, a UNIX time in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackPoint {
    pub lon: f64,
    pub lat: f64,
    pub time: Option<f64>,
}

/// A track segment as recorded (segments are never joined: a gap between
/// them is a gap in the signal).
pub type TrackSegment = Vec<TrackPoint>;

/// For a car, a metre against a one-way road counts as this many: enough to
/// keep a car on the right carriageway of a dual carriageway, not so much
/// that a fix jittering a few metres back breaks the match.
pub const WRONG_WAY: f64 = 3.0;

#[derive(Debug, Clone, Copy)]
pub struct MatchOptions {
    /// GPS noise, metres (σ of the emission Gaussian).
    pub sigma_m: f64,
    /// How far from a fix to look for streets.
    pub radius_m: f64,
    /// Transition scale β, metres.
    pub beta_m: f64,
    /// Longer silences than this are not bridged.
    pub max_gap_s: f64,
    /// Longer jumps between fixes than this are not bridged.
    pub max_gap_m: f64,
    /// At most this many candidates per fix.
    pub max_candidates: usize,
    /// Only streets a car may use, one-way streets in their direction.
    pub car_only: bool,
    /// Fixes closer than this to the last kept fix are skipped (default 2σ).
    pub thin_m: Option<f64>,
    /// Out-and-back excursions into a street no longer than this are noise
    /// at a junction, not a visit, and are dropped (default 2σ + 20 m).
    pub spur_m: Option<f64>,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            sigma_m: 10.0,
            radius_m: 50.0,
            beta_m: 15.0,
            max_gap_s: 60.0,
            max_gap_m: 500.0,
            max_candidates: 8,
            car_only: false,
            thin_m: None,
            spur_m: None,
        }
    }
}

/// One GPS fix in the project CRS, with its time (seconds) if known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    pub at: Coord<f64>,
    pub time: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchResult {
    /// Matched stretches in travel order.
    pub pieces: Vec<Piece>,
    pub fixes: usize,
    pub matched_fixes: usize,
    /// Where the match broke (signal gaps, no street nearby, no route).
    pub breaks: usize,
}

impl MatchResult {
    pub fn length_m(&self) -> f64 {
        self.pieces.iter().map(Piece::length).sum()
    }
}

/// One fix in a Viterbi run: the fix, its candidates, their best scores,
/// and for each the best predecessor.
type Step = (Fix, Vec<Cand>, Vec<f64>, Vec<usize>);

#[derive(Clone, Copy)]
struct Cand {
    on: OnNetwork,
    dist: f64,
}

fn candidates(net: &Network, idx: &SpatialIndex, at: Coord<f64>, o: &MatchOptions) -> Vec<Cand> {
    let mut best: HashMap<u32, Cand> = HashMap::new();
    for (fid, _, _) in idx.roads_within(at, o.radius_m) {
        let Some(line) = net.road_line(fid) else { continue };
        let (m, d) = locate(line, at);
        let Some(e) = net.edge_at(fid, m) else { continue };
        if o.car_only && !net.edges[e as usize].car {
            continue;
        }
        let c = Cand { on: OnNetwork { edge: e, m }, dist: d };
        best.entry(e)
            .and_modify(|x| {
                if d < x.dist {
                    *x = c
                }
            })
            .or_insert(c);
    }
    let mut v: Vec<Cand> = best.into_values().collect();
    v.sort_by(|a, b| a.dist.total_cmp(&b.dist));
    v.truncate(o.max_candidates);
    v
}

#[derive(PartialEq)]
struct Q(f64, u32);
impl Eq for Q {}
impl Ord for Q {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        o.0.total_cmp(&self.0)
    }
}
impl PartialOrd for Q {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

/// Route costs from one point on the network to many, bounded by `max_m`
/// (one Dijkstra instead of one search per pair).
fn one_to_many(net: &Network, s: OnNetwork, targets: &[Cand], profile: &Profile, max_m: f64) -> Vec<f64> {
    let es = &net.edges[s.edge as usize];
    let mut dist: HashMap<u32, f64> = HashMap::new();
    let mut heap = BinaryHeap::new();
    for (n, c) in routing::leave(es, s.m, profile) {
        if c <= max_m && dist.get(&n).is_none_or(|&d| c < d) {
            dist.insert(n, c);
            heap.push(Q(c, n));
        }
    }
    while let Some(Q(d, n)) = heap.pop() {
        if d > max_m || d > dist[&n] {
            continue;
        }
        for &(ei, o) in &net.adj[n as usize] {
            let e = &net.edges[ei as usize];
            let nd = d + e.cost(profile, e.a == n, e.length);
            if nd <= max_m && dist.get(&o).is_none_or(|&x| nd < x) {
                dist.insert(o, nd);
                heap.push(Q(nd, o));
            }
        }
    }
    targets
        .iter()
        .map(|t| {
            let et = &net.edges[t.on.edge as usize];
            let mut best = f64::INFINITY;
            if t.on.edge == s.edge {
                best = es.cost(profile, t.on.m >= s.m, (t.on.m - s.m).abs());
            }
            for (n, c) in routing::arrive(et, t.on.m, profile) {
                if let Some(d) = dist.get(&n) {
                    best = best.min(d + c);
                }
            }
            best
        })
        .collect()
}

fn straight(a: Coord<f64>, b: Coord<f64>) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// Faster than anything the team drives: a fix reached and left at more than
/// this (plus 3σ of noise) is a jump, not a drive.
const MAX_SPEED_MPS: f64 = 50.0;

/// The fixes without spikes: single fixes that jump away and straight back
/// (multipath beside tall buildings), so far that reaching and leaving them
/// would take more than [`MAX_SPEED_MPS`] plus 3σ. Followed, each sends the
/// match on a detour into a street not driven. Needs times; a track without
/// them is left as it is.
fn without_spikes(fixes: &[Fix], sigma_m: f64) -> Vec<Fix> {
    let mut kept: Vec<Fix> = Vec::with_capacity(fixes.len());
    for (i, f) in fixes.iter().enumerate() {
        let spike = match (kept.last(), fixes.get(i + 1)) {
            (Some(p), Some(n)) => match (p.time, f.time, n.time) {
                (Some(tp), Some(tf), Some(tn)) if tf > tp && tn > tf => {
                    let (d_in, d_out) = (straight(p.at, f.at), straight(f.at, n.at));
                    d_in > MAX_SPEED_MPS * (tf - tp) + 3.0 * sigma_m
                        && d_out > MAX_SPEED_MPS * (tn - tf) + 3.0 * sigma_m
                        && straight(p.at, n.at) < d_in.min(d_out)
                }
                _ => false,
            },
            _ => false,
        };
        if !spike {
            kept.push(*f);
        }
    }
    kept
}

/// Matches a track (fixes in time order, project CRS) onto the network.
pub fn match_track(net: &Network, idx: &SpatialIndex, fixes: &[Fix], o: &MatchOptions) -> MatchResult {
    let profile = if o.car_only { Profile { car_only: true, wrong_way: WRONG_WAY } } else { Profile::ANY };
    let mut out = MatchResult { fixes: fixes.len(), ..Default::default() };
    let spikeless = without_spikes(fixes, o.sigma_m);
    let fixes = &spikeless[..];
    // Thin out fixes closer than 2σ to the last kept one (Newson & Krumm):
    // they add noise, not information. The first and last are always kept.
    let mut kept: Vec<Fix> = Vec::with_capacity(fixes.len());
    for (i, f) in fixes.iter().enumerate() {
        match kept.last() {
            Some(l) if i + 1 < fixes.len() && straight(l.at, f.at) < o.thin_m.unwrap_or(2.0 * o.sigma_m) => {}
            _ => kept.push(*f),
        }
    }
    // Viterbi over runs of fixes; a run ends at a gap or a dead end.
    let mut chain: Vec<Step> = Vec::new();
    let flush = |chain: &mut Vec<Step>, out: &mut MatchResult| {
        if chain.is_empty() {
            return;
        }
        let last = chain.last().expect("non-empty");
        let (mut k, _) =
            last.2.iter().enumerate().fold((0, f64::NEG_INFINITY), |b, (i, &s)| if s > b.1 { (i, s) } else { b });
        let mut states = vec![0usize; chain.len()];
        for t in (0..chain.len()).rev() {
            states[t] = k;
            if t > 0 {
                k = chain[t].3[k];
            }
        }
        out.matched_fixes += chain.len();
        let mut path: Vec<Piece> = Vec::new();
        for t in 1..chain.len() {
            let a = chain[t - 1].1[states[t - 1]].on;
            let b = chain[t].1[states[t]].on;
            let bound = straight(chain[t - 1].0.at, chain[t].0.at) * 3.0 + 4.0 * o.sigma_m + 100.0;
            if let Some(r) = routing::cheapest(net, a, b, &profile, bound) {
                path.extend(r.pieces);
            }
        }
        out.pieces.extend(prune_spurs(path, o.spur_m.unwrap_or(2.0 * o.sigma_m + 20.0)));
        chain.clear();
    };
    let mut prev_fix: Option<Fix> = None;
    for &f in &kept {
        let cands = candidates(net, idx, f.at, o);
        let gap = prev_fix.is_some_and(|p| {
            let dt = match (p.time, f.time) {
                (Some(a), Some(b)) => b - a,
                _ => 0.0,
            };
            dt > o.max_gap_s || straight(p.at, f.at) > o.max_gap_m
        });
        prev_fix = Some(f);
        if cands.is_empty() {
            if !chain.is_empty() {
                out.breaks += 1;
            }
            flush(&mut chain, &mut out);
            continue;
        }
        let emission: Vec<f64> = cands.iter().map(|c| -0.5 * (c.dist / o.sigma_m).powi(2)).collect();
        if gap || chain.is_empty() {
            if gap && !chain.is_empty() {
                out.breaks += 1;
            }
            flush(&mut chain, &mut out);
            chain.push((f, cands, emission, Vec::new()));
            continue;
        }
        let (pf, pc, ps, _) = chain.last().expect("non-empty");
        let d_straight = straight(pf.at, f.at);
        let bound = d_straight * 3.0 + 4.0 * o.sigma_m + 100.0;
        let mut score = vec![f64::NEG_INFINITY; cands.len()];
        let mut back = vec![0usize; cands.len()];
        for (i, c) in pc.iter().enumerate() {
            if ps[i] == f64::NEG_INFINITY {
                continue;
            }
            let routes = one_to_many(net, c.on, &cands, &profile, bound);
            for (j, rd) in routes.into_iter().enumerate() {
                if !rd.is_finite() {
                    continue;
                }
                let s = ps[i] - (rd - d_straight).abs() / o.beta_m + emission[j];
                if s > score[j] {
                    score[j] = s;
                    back[j] = i;
                }
            }
        }
        if score.iter().all(|s| *s == f64::NEG_INFINITY) {
            // No street route explains the move: break rather than invent one.
            out.breaks += 1;
            flush(&mut chain, &mut out);
            chain.push((f, cands, emission, Vec::new()));
            continue;
        }
        // Keep scores from growing without bound over long tracks.
        let top = score.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        for s in &mut score {
            *s -= top;
        }
        chain.push((f, cands, score, back));
    }
    flush(&mut chain, &mut out);
    out
}

/// Drops short out-and-back excursions: a stretch of a road driven in and
/// straight back out again, shorter than `max_m`. Noisy fixes near a junction
/// pull the match a few metres into the side street; a real turn-around
/// covers a longer stretch and is kept.
pub fn prune_spurs(pieces: Vec<Piece>, max_m: f64) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        if p.length() < 1e-9 {
            continue;
        }
        let mut p = p;
        // Consecutive stretches along the same road in the same direction are one stretch.
        if let Some(top) = out.last_mut()
            && top.road_fid == p.road_fid
            && (top.to_m - p.from_m).abs() < 1e-6
            && (top.to_m - top.from_m).signum() == (p.to_m - p.from_m).signum()
        {
            top.to_m = p.to_m;
            continue;
        }
        while let Some(top) = out.last() {
            let reverses = top.road_fid == p.road_fid
                && (top.to_m - p.from_m).abs() < 1e-6
                && (top.to_m - top.from_m).signum() != (p.to_m - p.from_m).signum();
            if !reverses || top.length() > max_m {
                break;
            }
            // `top` goes in and `p` comes back out: cancel the overlap.
            let top = out.pop().expect("checked");
            if p.length() >= top.length() {
                p = Piece { road_fid: p.road_fid, from_m: top.from_m, to_m: p.to_m };
                if p.length() < 1e-9 {
                    break;
                }
            } else {
                p = Piece { road_fid: p.road_fid, from_m: top.from_m, to_m: p.to_m };
                break;
            }
        }
        if p.length() >= 1e-9 {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod spike_tests {
    use super::*;

    fn fix(x: f64, y: f64, t: Option<f64>) -> Fix {
        Fix { at: Coord { x, y }, time: t }
    }

    #[test]
    fn a_jump_away_and_back_is_dropped_a_u_turn_is_kept() {
        // Driving east at 10 m/s, one fix 120 m to the side.
        let drive: Vec<Fix> =
            (0..6).map(|i| fix(i as f64 * 10.0, if i == 3 { 120.0 } else { 0.0 }, Some(i as f64))).collect();
        let kept = without_spikes(&drive, 10.0);
        assert_eq!(kept.len(), 5);
        assert!(kept.iter().all(|f| f.at.y == 0.0));
        // A U-turn at the end of a dead end, sampled every 10 s: far apart, but driven.
        let u_turn = [fix(0.0, 0.0, Some(0.0)), fix(140.0, 0.0, Some(10.0)), fix(10.0, 0.0, Some(20.0))];
        assert_eq!(without_spikes(&u_turn, 10.0).len(), 3);
        // Without times nothing is judged.
        let timeless: Vec<Fix> = drive.iter().map(|f| Fix { time: None, ..*f }).collect();
        assert_eq!(without_spikes(&timeless, 10.0).len(), 6);
    }
}
