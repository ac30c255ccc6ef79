//! Blind spots: the places evaluations found teams overlook (DOMAIN.md) —
//! dormitories, private rentals, farms, allotments, rural plots … — that the
//! team does not reach.
//!
//! For every [candidate](candidates) the reasons are computed, each on its own:
//!
//! | code | Danish label | when |
//! |---|---|---|
//! | `outside_focus` | uden for alle fokusområder | no focus area contains it (meets it, for an area) |
//! | `never_covered` | ingen gade inden for 50 m er nogensinde dækket | no covered stretch within `reach_m`, ever |
//! | `coverage_old` | ingen gade inden for 50 m er dækket de seneste N dage | covered once, not within the recency window |
//! | `no_partner` | ingen samarbejdspartner når stedet | outside every partner's reach circle and reach polygon |
//! | `no_meal_route` | ingen madudbringningsrute forbi | no meal-delivery route within `reach_m` |
//! | `not_reviewed` | området er ikke gennemgået de seneste N dage | the housing or focus areas around it were last reviewed before the stale limit, or never |
//!
//! A candidate **is a blind spot** when the team reaches it neither by plan
//! nor by foot: `outside_focus` and (`never_covered` or `coverage_old`). A
//! partner's reach or a meal route does not take it off the list — indirect
//! outreach is reported beside the team's own, never mixed into it — but
//! lowers its score, since fewer reasons apply. So adding coverage, a focus
//! area or a partner can only remove blind spots or lower scores, never add.
//!
//! Ranking: `score = weight(type) × (1 + log10 dwellings) × reasons`, with the
//! type weights from the project settings (defaults favour the overlooked
//! types). The logarithm keeps a 200-flat block from drowning a lone farm:
//! the type is what evaluations say teams get wrong, not the size. Near-identical candidates (same kind and type, within `group_m`,
//! single linkage) are one entry: a dormitory complex is one blind spot.

pub mod candidates;
pub mod cluster;
pub mod reach;
pub mod stale;

use crate::coverage::figures::{Rec, cutoff, records_by_road};
use crate::error::Result;
use crate::network::Network;
use crate::store::{BlindSpotSettings, Project};
use crate::vocab;
pub use candidates::{Candidate, Kind, candidates};
use geo_types::{Coord, MultiPolygon};
pub use reach::Reach;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    OutsideFocus,
    NeverCovered,
    CoverageOld,
    NoPartner,
    NoMealRoute,
    NotReviewed,
}

impl Reason {
    pub const ALL: [Reason; 6] = [
        Reason::OutsideFocus,
        Reason::NeverCovered,
        Reason::CoverageOld,
        Reason::NoPartner,
        Reason::NoMealRoute,
        Reason::NotReviewed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::OutsideFocus => "outside_focus",
            Reason::NeverCovered => "never_covered",
            Reason::CoverageOld => "coverage_old",
            Reason::NoPartner => "no_partner",
            Reason::NoMealRoute => "no_meal_route",
            Reason::NotReviewed => "not_reviewed",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The Danish label, with the project's distances and day counts.
    pub fn label_da(self, reach_m: f64, window_days: u32, stale_days: u32) -> String {
        match self {
            Reason::OutsideFocus => "uden for alle fokusområder".into(),
            Reason::NeverCovered => format!("ingen gade inden for {reach_m:.0} m er nogensinde dækket"),
            Reason::CoverageOld => {
                format!("ingen gade inden for {reach_m:.0} m er dækket de seneste {window_days} dage")
            }
            Reason::NoPartner => "ingen samarbejdspartner når stedet".into(),
            Reason::NoMealRoute => "ingen madudbringningsrute forbi".into(),
            Reason::NotReviewed => format!("området er ikke gennemgået de seneste {stale_days} dage"),
        }
    }

    pub fn label_en(self, reach_m: f64, window_days: u32, stale_days: u32) -> String {
        match self {
            Reason::OutsideFocus => "outside every focus area".into(),
            Reason::NeverCovered => format!("no street within {reach_m:.0} m ever covered"),
            Reason::CoverageOld => format!("no street within {reach_m:.0} m covered in the last {window_days} days"),
            Reason::NoPartner => "no partner reaches it".into(),
            Reason::NoMealRoute => "no meal-delivery route passes".into(),
            Reason::NotReviewed => format!("area not reviewed in the last {stale_days} days"),
        }
    }
}

/// A set of reasons as bits (cheap to keep for millions of candidates).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reasons(u8);

impl Reasons {
    /// The one rule from what reaches a place to its reasons, for points and
    /// areas alike. `covered_before` is asked only when nothing was covered
    /// within the window: then the coverage is old if it was, else never.
    fn from_reach(
        in_focus: bool,
        covered: bool,
        covered_before: impl FnOnce() -> bool,
        partner: bool,
        meal_route: bool,
        reviewed: bool,
    ) -> Reasons {
        let mut r = Reasons::default();
        r.set(Reason::OutsideFocus, !in_focus);
        if !covered {
            let before = covered_before();
            r.set(Reason::NeverCovered, !before);
            r.set(Reason::CoverageOld, before);
        }
        r.set(Reason::NoPartner, !partner);
        r.set(Reason::NoMealRoute, !meal_route);
        r.set(Reason::NotReviewed, !reviewed);
        r
    }

    pub fn has(self, r: Reason) -> bool {
        self.0 & r.bit() != 0
    }
    fn set(&mut self, r: Reason, on: bool) {
        if on {
            self.0 |= r.bit();
        }
    }
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }
    pub fn iter(self) -> impl Iterator<Item = Reason> {
        Reason::ALL.into_iter().filter(move |r| self.has(*r))
    }
    pub fn uncovered(self) -> bool {
        self.has(Reason::NeverCovered) || self.has(Reason::CoverageOld)
    }
    /// Outside every focus area and not covered in the window: a blind spot.
    pub fn is_blind(self) -> bool {
        self.has(Reason::OutsideFocus) && self.uncovered()
    }
}

/// The reasons that apply to one candidate.
pub fn reasons_for(c: &Candidate, reach: &Reach) -> Reasons {
    match &c.area {
        None => reasons_at(c.at, reach),
        Some(mp) => Reasons::from_reach(
            reach.area_in_focus(mp),
            reach.area_covered(mp),
            || reach.area_covered_before(mp),
            reach.area_partner_reaches(mp),
            reach.area_meal_route(mp),
            reach.housing_area_fresh(c.fid),
        ),
    }
}

/// The reasons of a point candidate (a dwelling, a rural place) at `at`.
pub fn reasons_at(at: Coord<f64>, reach: &Reach) -> Reasons {
    let (in_focus, fresh) = reach.plan_at(at);
    Reasons::from_reach(
        in_focus,
        reach.covered_near(at),
        || reach.covered_before_near(at),
        reach.partner_reaches(at),
        reach.meal_route_near(at),
        fresh != Some(false),
    )
}

/// Every candidate with its reasons, for one date.
pub struct Analysis {
    pub candidates: Vec<Candidate>,
    pub reasons: Vec<Reasons>,
    pub settings: BlindSpotSettings,
    pub today: String,
    pub window_days: u32,
    pub stale_days: u32,
}

/// Finds the candidates and computes their reasons as of `today`
/// (`YYYY-MM-DD`), with the project's recency window and stale limit.
pub fn analyse(p: &Project, net: &Network, today: &str) -> Result<Analysis> {
    analyse_with(p, net, &records_by_road(p)?, today)
}

/// [`analyse`] with the coverage records already read (a coverage
/// [`crate::coverage::figures::Context`] holds them): reading them is the
/// costly part at national scale, so callers that have them pass them on.
pub fn analyse_with(
    p: &Project,
    net: &Network,
    records: &crate::coverage::figures::ByRoad<Vec<Rec>>,
    today: &str,
) -> Result<Analysis> {
    let settings = p.settings().blindspots.clone();
    let (window_days, stale_days) = (p.settings().recency_days, p.settings().stale_days);
    let since = cutoff(today, window_days)?;
    let stale_since = cutoff(today, stale_days)?;
    let reach = Reach::new(p, net, records, &since, &stale_since, settings.reach_m)?;
    let candidates = candidates(p, &settings)?;
    let reasons = evaluate_all(&candidates, &reach);
    Ok(Analysis { candidates, reasons, settings, today: today.into(), window_days, stale_days })
}

/// The reasons of many candidates, on every core. Point candidates are
/// first copied out in Z-order of 200 m cells (a counting sort), so that
/// neighbours in the work list are neighbours on the ground and the queries
/// and the list itself stream through the cache: three times as fast as
/// visiting the candidates in file order.
pub fn evaluate_all(candidates: &[Candidate], reach: &Reach) -> Vec<Reasons> {
    let points = spatial_order(candidates);
    use rayon::prelude::*;
    let done: Vec<Reasons> = points.par_iter().with_min_len(1024).map(|&(at, _)| reasons_at(at, reach)).collect();
    let mut out = vec![Reasons::default(); candidates.len()];
    for (&(_, i), r) in points.iter().zip(done) {
        out[i as usize] = r;
    }
    // Area candidates (housing areas) are few.
    for (i, c) in candidates.iter().enumerate().filter(|(_, c)| c.area.is_some()) {
        out[i] = reasons_for(c, reach);
    }
    out
}

/// The point candidates' locations and indexes, in Z-order of 200 m cells.
fn spatial_order(candidates: &[Candidate]) -> Vec<(Coord<f64>, u32)> {
    const CELL_M: f64 = 200.0;
    const SIDE: u32 = 2048;
    let (mut minx, mut miny, mut maxx, mut maxy) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in candidates.iter().filter(|c| c.at.x.is_finite() && c.at.y.is_finite()) {
        (minx, miny, maxx, maxy) = (minx.min(c.at.x), miny.min(c.at.y), maxx.max(c.at.x), maxy.max(c.at.y));
    }
    // At most SIDE cells a side (a bigger extent gets bigger cells).
    let cell = CELL_M.max((maxx - minx) / SIDE as f64).max((maxy - miny) / SIDE as f64);
    let q = |v: f64, o: f64| if v.is_finite() { ((v - o) / cell).clamp(0.0, (SIDE - 1) as f64) as u32 } else { 0 };
    let keys: Vec<u32> = candidates
        .iter()
        .map(|c| if c.area.is_some() { u32::MAX } else { morton(q(c.at.x, minx), q(c.at.y, miny)) as u32 })
        .collect();
    let mut start = vec![0u32; (SIDE * SIDE) as usize + 1];
    for &k in keys.iter().filter(|&&k| k != u32::MAX) {
        start[k as usize + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let n = *start.last().expect("cells") as usize;
    let mut out = vec![(Coord { x: 0.0, y: 0.0 }, 0u32); n];
    for (i, (&k, c)) in keys.iter().zip(candidates).enumerate() {
        if k != u32::MAX {
            out[start[k as usize] as usize] = (c.at, i as u32);
            start[k as usize] += 1;
        }
    }
    out
}

/// Interleaves the bits of `x` and `y` (Z-order).
fn morton(x: u32, y: u32) -> u64 {
    fn spread(v: u32) -> u64 {
        let mut v = v as u64;
        v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF;
        v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF;
        v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        v = (v | (v << 2)) & 0x3333_3333_3333_3333;
        v = (v | (v << 1)) & 0x5555_5555_5555_5555;
        v
    }
    spread(x) | (spread(y) << 1)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LonLat {
    pub lon: f64,
    pub lat: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonOut {
    pub code: &'static str,
    pub label: String,
    pub label_en: String,
}

/// One entry of the documented `afdaek blindspots --json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlindSpot {
    /// `layer:fid` of the entry's first member, stable while the data is.
    pub id: String,
    pub kind: &'static str,
    /// Our vocabulary code (`dormitory`, `farm`, `isolated_dwelling` …).
    #[serde(rename = "type")]
    pub type_code: String,
    pub type_label: String,
    /// The type's English label (the app in English).
    pub type_label_en: String,
    pub location: LonLat,
    /// The location in the project CRS (EPSG:25832), for the map and tests.
    pub x: f64,
    pub y: f64,
    pub dwellings: i64,
    pub reasons: Vec<ReasonOut>,
    pub score: f64,
    pub layer: &'static str,
    /// The features folded into this entry.
    pub fids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_code: Option<i64>,
}

/// The type's vocabulary entry (codes, Danish and English labels), as the
/// settings dialog names the ranking's weights.
pub fn type_term(code: &str) -> Option<vocab::Term> {
    vocab::find(vocab::HOUSING_TYPES, code).or_else(|| vocab::find(vocab::RURAL_PLACE_KINDS, code)).copied()
}

fn type_label(code: &str) -> String {
    vocab::label_da(vocab::HOUSING_TYPES, code)
        .or_else(|| vocab::label_da(vocab::RURAL_PLACE_KINDS, code))
        .unwrap_or(code)
        .to_string()
}

impl Analysis {
    /// The ranked blind spots, grouped, best first.
    pub fn blindspots(&self) -> Result<Vec<BlindSpot>> {
        self.entries(|i| self.reasons[i].is_blind())
    }

    /// Candidates inside `area` the team has not covered within the window
    /// (the "blind spots inside" of an area's what-to-do-next summary).
    pub fn uncovered_in(&self, area: &MultiPolygon<f64>) -> Result<Vec<BlindSpot>> {
        let prepared = crate::coverage::intervals::PreparedArea::new(area);
        self.entries(|i| self.reasons[i].uncovered() && prepared.contains(self.candidates[i].at))
    }

    /// Groups the candidates `keep` selects (by index) and ranks them.
    fn entries(&self, keep: impl Fn(usize) -> bool) -> Result<Vec<BlindSpot>> {
        let selected: Vec<usize> = (0..self.candidates.len()).filter(|&i| keep(i)).collect();
        // Group by (kind, type), then by single linkage within the group distance.
        let mut by_type: BTreeMap<(Kind, &str), Vec<usize>> = BTreeMap::new();
        for &i in &selected {
            let c = &self.candidates[i];
            by_type.entry((c.kind, c.type_code)).or_default().push(i);
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for ((kind, _), members) in by_type {
            if matches!(kind, Kind::HousingArea | Kind::RuralPlace) {
                groups.extend(members.into_iter().map(|i| vec![i]));
                continue;
            }
            let pts: Vec<Coord<f64>> = members.iter().map(|&i| self.candidates[i].at).collect();
            let roots = cluster::single_link(&pts, self.settings.group_m);
            let mut g: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
            for (m, r) in members.iter().zip(roots) {
                g.entry(r).or_default().push(*m);
            }
            groups.extend(g.into_values());
        }
        let to_wgs = crate::crs::Transform::new(crate::crs::UTM32N, crate::crs::WGS84)?;
        let mut out = Vec::with_capacity(groups.len());
        for g in groups {
            out.push(self.entry(&g, &to_wgs)?);
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    fn entry(&self, members: &[usize], to_wgs: &crate::crs::Transform) -> Result<BlindSpot> {
        let first = &self.candidates[members[0]];
        // Reasons that hold for every member.
        let reasons = members.iter().fold(Reasons(u8::MAX), |acc, &i| Reasons(acc.0 & self.reasons[i].0));
        let dwellings: i64 = members.iter().map(|&i| self.candidates[i].dwellings).sum();
        let n = members.len() as f64;
        let mean = members.iter().fold(Coord { x: 0.0, y: 0.0 }, |a, &i| {
            let c = self.candidates[i].at;
            Coord { x: a.x + c.x / n, y: a.y + c.y / n }
        });
        // The member nearest the middle, so the entry sits on a real place.
        let at = members
            .iter()
            .map(|&i| self.candidates[i].at)
            .min_by(|a, b| {
                let d = |c: &Coord<f64>| (c.x - mean.x).powi(2) + (c.y - mean.y).powi(2);
                d(a).total_cmp(&d(b))
            })
            .expect("a group has members");
        let ll = to_wgs.coord(at)?;
        let mut fids: Vec<i64> = members.iter().map(|&i| self.candidates[i].fid).collect();
        fids.sort_unstable();
        let weight = self.settings.weight(first.type_code);
        let score = weight * (1.0 + (dwellings.max(1) as f64).log10()) * reasons.count() as f64;
        let s = &self.settings;
        Ok(BlindSpot {
            id: format!("{}:{}", first.layer.table(), fids[0]),
            kind: first.kind.as_str(),
            type_code: first.type_code.to_string(),
            type_label: type_label(first.type_code),
            type_label_en: type_term(first.type_code).map_or(first.type_code, |t| t.en).to_string(),
            location: LonLat { lon: round(ll.x, 6), lat: round(ll.y, 6) },
            x: round(at.x, 2),
            y: round(at.y, 2),
            dwellings,
            reasons: reasons
                .iter()
                .map(|r| ReasonOut {
                    code: r.code(),
                    label: r.label_da(s.reach_m, self.window_days, self.stale_days),
                    label_en: r.label_en(s.reach_m, self.window_days, self.stale_days),
                })
                .collect(),
            score: round(score, 2),
            layer: first.layer.table(),
            fids,
            name: first.name.clone(),
            use_code: if members.len() == 1 { first.use_code } else { None },
        })
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// `afdaek blindspots`: the ranked list as of `today`, at most `limit` entries.
pub fn blindspots(p: &Project, net: &Network, today: &str, limit: Option<usize>) -> Result<Vec<BlindSpot>> {
    let mut v = analyse(p, net, today)?.blindspots()?;
    if let Some(n) = limit {
        v.truncate(n);
    }
    Ok(v)
}
