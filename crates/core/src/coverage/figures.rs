//! Coverage figures for an area: street length inside it, what the team has
//! covered within the recency window, segments and dwellings reached, when,
//! on which weekdays and at which times of day, per street, and — beside it —
//! what partners see (reach circles and polygons, meal-delivery routes).

use super::intervals::{PreparedArea, intersect, merge, total};
use crate::error::Result;
use crate::fields::buildings;
use crate::index::SpatialIndex;
use crate::model::Layer;
use crate::network::{Network, locate};
use crate::store::Project;
use crate::vocab;
use crate::vocab::is_residential_use;
use geo::BoundingRect;
use geo_types::{Coord, Geometry, MultiPolygon};
use serde::Serialize;
use std::collections::BTreeMap;
// Fx hashing: these maps are keyed by road fid and read several times per
// road per area (millions of lookups at national scale); SipHash's DoS
// resistance buys nothing here.
use rustc_hash::FxHashMap as HashMap;

/// Per road fid: the records, or intervals, of that road.
pub type ByRoad<T> = HashMap<i64, T>;

/// A dwelling this close to a covered street counts as reached.
pub const DWELLING_REACH_M: f64 = 50.0;
pub use super::partner_seen::MEAL_ROUTE_REACH_M;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StreetCoverage {
    pub name: String,
    pub street_length_m: f64,
    pub covered_length_m: f64,
}

/// The documented JSON of `afdaek coverage` (one per area).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AreaCoverage {
    pub name: String,
    pub layer: String,
    pub fid: Option<i64>,
    pub street_length_m: f64,
    pub covered_length_m: f64,
    pub covered_share: f64,
    pub segments_total: usize,
    pub segments_covered: usize,
    pub dwellings_total: i64,
    pub dwellings_covered: i64,
    pub last_covered: Option<String>,
    pub partner_covered_length_m: f64,
    /// Covered metres per weekday code (within the window).
    pub weekdays: BTreeMap<String, f64>,
    /// Covered metres per time of day (within the window).
    pub times_of_day: BTreeMap<String, f64>,
    /// Covered metres per weekday and time of day (within the window), so a
    /// team sees that it only ever came on Tuesday mornings; a visit without
    /// a time of day counts under "unknown".
    pub week: BTreeMap<String, BTreeMap<String, f64>>,
    pub methods: BTreeMap<String, f64>,
    pub streets: Vec<StreetCoverage>,
    pub window_days: u32,
}

/// One coverage record reduced to what the figures need.
#[derive(Debug, Clone)]
pub struct Rec {
    pub from_m: f64,
    pub to_m: f64,
    pub date: String,
    /// Vocabulary codes (checked on write), borrowed: no strings per record.
    pub weekday: Option<&'static str>,
    pub time_of_day: Option<&'static str>,
    pub method: Option<&'static str>,
}

/// All coverage records, grouped by road.
pub fn records_by_road(p: &Project) -> Result<ByRoad<Vec<Rec>>> {
    let mut m: ByRoad<Vec<Rec>> = HashMap::default();
    let cols = ["road_fid", "from_m", "to_m", "date", "weekday", "time_of_day", "method"];
    p.scan(Layer::Coverage, &cols, |_, r| {
        let (Some(road), Some(a), Some(b), Some(d)) = (r.i64(0), r.f64(1), r.f64(2), r.str(3)) else {
            return;
        };
        m.entry(road).or_default().push(Rec {
            from_m: a,
            to_m: b,
            date: d.to_string(),
            weekday: code(vocab::WEEKDAYS, r.str(4)),
            time_of_day: code(vocab::TIMES_OF_DAY, r.str(5)),
            method: code(vocab::VISIT_METHODS, r.str(6)),
        });
    })?;
    Ok(m)
}

fn code(v: vocab::Vocabulary, s: Option<&str>) -> Option<&'static str> {
    vocab::find(v, s?).map(|t| t.code)
}

/// `today - days` as `YYYY-MM-DD`.
pub fn cutoff(today: &str, days: u32) -> Result<String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(today, fmt)
        .map_err(|_| crate::Error::invalid("today", format!("'{today}' er ikke en dato")))?;
    Ok((d - time::Duration::days(days as i64)).format(fmt).expect("format date"))
}

pub fn today() -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::OffsetDateTime::now_utc().date().format(fmt).expect("format date")
}

/// Everything precomputed once for many areas. It holds no database
/// connection, so areas are computed on every core ([`Context::areas`]).
pub struct Context<'a> {
    index: &'a SpatialIndex,
    pub net: &'a Network,
    pub records: HashMap<i64, Vec<Rec>>,
    /// Recent covered intervals per road (merged).
    pub recent: HashMap<i64, Vec<(f64, f64)>>,
    /// Intervals seen by partners per road (merged).
    pub partner: HashMap<i64, Vec<(f64, f64)>>,
    /// What each partner and meal route sees, apart (for partners' eyes).
    pub seen_by: Vec<super::partner_seen::Seen>,
    pub since: String,
    pub window_days: u32,
    /// Per residential building: its dwellings (at least 1) and BBR use code.
    dwellings: HashMap<i64, (i64, i64)>,
    segments: std::sync::OnceLock<super::clip::CoveredSegments>,
}

impl<'a> Context<'a> {
    /// A context for any area of the project: reads every building's dwellings.
    pub fn new(project: &'a Project, net: &'a Network, window_days: u32, today: &str) -> Result<Self> {
        Self::build(project, net, window_days, today, None)
    }

    /// A context for the given areas only (the area sheet after a tick):
    /// reads the dwellings of the buildings inside them, not the whole layer.
    /// Asking it about another area counts that area's buildings only where
    /// they were read, so pass every area you will ask about.
    pub fn for_areas(
        project: &'a Project,
        net: &'a Network,
        window_days: u32,
        today: &str,
        areas: &[&MultiPolygon<f64>],
    ) -> Result<Self> {
        Self::build(project, net, window_days, today, Some(areas))
    }

    fn build(
        project: &'a Project,
        net: &'a Network,
        window_days: u32,
        today: &str,
        areas: Option<&[&MultiPolygon<f64>]>,
    ) -> Result<Self> {
        let since = cutoff(today, window_days)?;
        let records = records_by_road(project)?;
        let recent = records
            .iter()
            .map(|(r, v)| (*r, merge(v.iter().filter(|x| x.date >= since).map(|x| (x.from_m, x.to_m)).collect())))
            .collect();
        let seen_by = super::partner_seen::seen_by_partners(project, net)?;
        let partner = super::partner_seen::merged(&seen_by);
        let dwellings = dwellings_by_building(project, areas)?;
        Ok(Context {
            index: project.index(),
            net,
            records,
            recent,
            partner,
            seen_by,
            since,
            window_days,
            dwellings,
            segments: Default::default(),
        })
    }

    /// The figures for many areas, on every core, in the order given.
    pub fn areas(&self, list: &[AreaRef<'_>]) -> Vec<AreaCoverage> {
        use rayon::prelude::*;
        list.par_iter().map(|a| self.area(&a.name, a.layer, a.fid, a.area)).collect()
    }

    /// The figures for one area.
    pub fn area(&self, name: &str, layer: Layer, fid: Option<i64>, area: &MultiPolygon<f64>) -> AreaCoverage {
        let prepared = PreparedArea::new(area);
        let fids = self.road_candidates(area);
        let mut out = AreaCoverage {
            name: name.into(),
            layer: layer.table().into(),
            fid,
            window_days: self.window_days,
            ..Default::default()
        };
        let mut streets: BTreeMap<String, StreetCoverage> = BTreeMap::new();
        let mut last: Option<&str> = None;
        let none = Vec::new();
        for fid in fids {
            let Some(line) = self.net.road_line(fid) else { continue };
            let inside = prepared.inside_intervals(line);
            let len = total(&inside);
            if len <= 0.0 {
                continue;
            }
            let recent = self.recent.get(&fid).unwrap_or(&none);
            let covered = intersect(recent, &inside);
            let clen = total(&covered);
            out.street_length_m += len;
            out.covered_length_m += clen;
            out.partner_covered_length_m += total(&intersect(self.partner.get(&fid).unwrap_or(&none), &inside));
            for (_, is_covered) in self.edges_of(fid, &inside, &covered) {
                out.segments_total += 1;
                out.segments_covered += is_covered as usize;
            }
            for r in self.records.get(&fid).into_iter().flatten() {
                let part = total(&intersect(&[(r.from_m, r.to_m)], &inside));
                if part <= 0.0 {
                    continue;
                }
                if last.is_none_or(|l| r.date.as_str() > l) {
                    last = Some(&r.date);
                }
                if r.date >= self.since {
                    for (map, key) in [
                        (&mut out.weekdays, &r.weekday),
                        (&mut out.times_of_day, &r.time_of_day),
                        (&mut out.methods, &r.method),
                    ] {
                        if let Some(k) = key {
                            *map.entry(k.to_string()).or_default() += part;
                        }
                    }
                    if let Some(day) = r.weekday {
                        let tod = r.time_of_day.unwrap_or("unknown");
                        *out.week.entry(day.to_string()).or_default().entry(tod.to_string()).or_default() += part;
                    }
                }
            }
            let sname = self.net.street_name(fid);
            let s =
                streets.entry(sname.clone()).or_insert_with(|| StreetCoverage { name: sname, ..Default::default() });
            s.street_length_m += len;
            s.covered_length_m += clen;
        }
        out.last_covered = last.map(String::from);
        out.covered_share = if out.street_length_m > 0.0 { out.covered_length_m / out.street_length_m } else { 0.0 };
        out.streets = streets.into_values().collect();
        let (total_d, covered_d) = self.dwellings(area, &prepared);
        out.dwellings_total = total_d;
        out.dwellings_covered = covered_d;
        out
    }

    /// Roads whose bounding box meets one of the area's polygons', in fid
    /// order. By bounding box only: the exact clipping that follows gives a
    /// road outside the area no length, so a second exact test would be work twice.
    fn road_candidates(&self, area: &MultiPolygon<f64>) -> Vec<i64> {
        let mut fids: Vec<i64> = area
            .0
            .iter()
            .filter_map(|poly| poly.bounding_rect())
            .flat_map(|r| self.index.in_bbox(Layer::Roads, [r.min().x, r.min().y, r.max().x, r.max().y]))
            .collect();
        fids.sort_unstable();
        fids.dedup();
        fids
    }

    /// The road's network edges that lie (partly) inside the area, each with
    /// whether it counts as covered: at least half of its length inside was
    /// covered within the window. The one rule for "segments covered" and for
    /// the streets a route must take ([`Context::uncovered_edges`]).
    fn edges_of<'s>(
        &'s self,
        fid: i64,
        inside: &'s [(f64, f64)],
        covered: &'s [(f64, f64)],
    ) -> impl Iterator<Item = (u32, bool)> + 's {
        self.net.by_road.get(&fid).into_iter().flatten().filter_map(move |&e| {
            let edge = &self.net.edges[e as usize];
            let ein = intersect(inside, &[(edge.from_m, edge.to_m)]);
            let elen = total(&ein);
            (elen > 0.0).then(|| (e, total(&intersect(&ein, covered)) >= 0.5 * elen))
        })
    }

    /// The network edges inside `area` not covered within the window (by the
    /// rule of the area's "segments covered"), in edge order.
    pub fn uncovered_edges(&self, area: &MultiPolygon<f64>) -> Vec<u32> {
        self.uncovered_parts(area).into_iter().map(|(e, _)| e).collect()
    }

    /// [`Context::uncovered_edges`] with each edge's part inside the area
    /// (measure intervals on its road).
    pub fn uncovered_parts(&self, area: &MultiPolygon<f64>) -> Vec<(u32, Vec<(f64, f64)>)> {
        let prepared = PreparedArea::new(area);
        let fids = self.road_candidates(area);
        let none = Vec::new();
        let mut out = Vec::new();
        for fid in fids {
            let Some(line) = self.net.road_line(fid) else { continue };
            let inside = prepared.inside_intervals(line);
            let covered = intersect(self.recent.get(&fid).unwrap_or(&none), &inside);
            for (e, is_covered) in self.edges_of(fid, &inside, &covered) {
                if !is_covered {
                    let edge = &self.net.edges[e as usize];
                    out.push((e, intersect(&inside, &[(edge.from_m, edge.to_m)])));
                }
            }
        }
        out.sort_unstable_by_key(|p| p.0);
        out.dedup_by_key(|p| p.0);
        out
    }

    /// Residential buildings within [`DWELLING_REACH_M`] of the stretch
    /// `from_m..to_m` of a road: (building fid, dwellings, BBR use code).
    /// Only buildings this context read (see [`Context::for_areas`]).
    pub fn dwellings_along(&self, road_fid: i64, from_m: f64, to_m: f64) -> Vec<(i64, i64, i64)> {
        let Some(line) = self.net.road_line(road_fid) else { return Vec::new() };
        let part = crate::network::substring(line, from_m, to_m);
        let Some(r) = part.bounding_rect() else { return Vec::new() };
        let d = DWELLING_REACH_M;
        let mut out = Vec::new();
        for fid in self.index.in_bbox(Layer::Buildings, [r.min().x - d, r.min().y - d, r.max().x + d, r.max().y + d]) {
            let Some(&(n, use_code)) = self.dwellings.get(&fid) else { continue };
            let Some(Geometry::Point(pt)) = self.index.geometry(Layer::Buildings, fid) else { continue };
            if locate(&part, pt.0).1 <= d {
                out.push((fid, n, use_code));
            }
        }
        out
    }

    /// Does the context know any dwellings (a project without BBR buildings does not)?
    pub fn knows_dwellings(&self) -> bool {
        !self.dwellings.is_empty()
    }

    /// Only the team's covered street length inside `area` (recent coverage):
    /// the core of [`Context::area`] for many areas at once, and what the
    /// Shapely comparison computes. The first call builds the segment tree.
    pub fn area_covered_length(&self, area: &MultiPolygon<f64>) -> f64 {
        self.covered_segments().length_inside(area)
    }

    pub fn covered_segments(&self) -> &super::clip::CoveredSegments {
        self.segments.get_or_init(|| super::clip::CoveredSegments::new(self.net, &self.recent))
    }

    /// Dwellings (residential BBR buildings) in the area, and those within
    /// [`DWELLING_REACH_M`] of a recently covered street.
    fn dwellings(&self, area: &MultiPolygon<f64>, prepared: &PreparedArea) -> (i64, i64) {
        let idx = self.index;
        let mut fids: Vec<i64> = area.0.iter().flat_map(|poly| idx.in_polygon(Layer::Buildings, poly)).collect();
        fids.sort_unstable();
        fids.dedup();
        let (mut total_d, mut covered_d) = (0, 0);
        for fid in fids {
            let Some(Geometry::Point(pt)) = idx.geometry(Layer::Buildings, fid) else { continue };
            if !prepared.contains(pt.0) {
                continue;
            }
            let Some(&(n, _)) = self.dwellings.get(&fid) else { continue };
            total_d += n;
            if self.near_covered(pt.0, DWELLING_REACH_M) {
                covered_d += n;
            }
        }
        (total_d, covered_d)
    }

    /// Is any recently covered stretch of street within `r` metres of `c`?
    pub fn near_covered(&self, c: Coord<f64>, r: f64) -> bool {
        let idx = self.index;
        let mut seen = std::collections::HashSet::new();
        for (road, _, _) in idx.roads_within(c, r) {
            if !seen.insert(road) {
                continue;
            }
            let (Some(iv), Some(line)) = (self.recent.get(&road), self.net.road_line(road)) else { continue };
            for &(a, b) in iv {
                let part = crate::network::substring(line, a, b);
                if locate(&part, c).1 <= r {
                    return true;
                }
            }
        }
        false
    }
}

/// One area to figure: its name, layer, fid and shape.
pub struct AreaRef<'a> {
    pub name: String,
    pub layer: Layer,
    pub fid: Option<i64>,
    pub area: &'a MultiPolygon<f64>,
}

/// Dwellings per residential BBR building (fid → count), of every building
/// or of those inside `areas`. Read before the areas are computed, since the
/// areas run in parallel without a connection. The whole layer is one scan of
/// two columns; a few areas' buildings are rowid lookups (one area sheet
/// after a tick must not scan 200,000 buildings); past an eighth of the layer
/// the scan is cheaper.
fn dwellings_by_building(p: &Project, areas: Option<&[&MultiPolygon<f64>]>) -> Result<HashMap<i64, (i64, i64)>> {
    let mut out = HashMap::default();
    let idx = p.index();
    if idx.is_empty(Layer::Buildings) {
        return Ok(out);
    }
    let cols = [buildings::USE_CODE.1, buildings::DWELLINGS.1];
    let mut keep = |fid: i64, r: &crate::store::ScanRow<'_, '_>| {
        if let Some(use_code) = r.i64(0).filter(|&u| is_residential_use(u)) {
            out.insert(fid, (r.i64(1).unwrap_or(1).max(1), use_code));
        }
    };
    let wanted = areas.map(|areas| {
        let mut fids: Vec<i64> =
            areas.iter().flat_map(|a| a.0.iter()).flat_map(|poly| idx.in_polygon(Layer::Buildings, poly)).collect();
        fids.sort_unstable();
        fids.dedup();
        fids
    });
    match wanted {
        Some(fids) if fids.len() < idx.len(Layer::Buildings) / 8 => {
            p.scan_fids(Layer::Buildings, &cols, &fids, keep)?
        }
        _ => p.scan(Layer::Buildings, &cols, &mut keep)?,
    }
    Ok(out)
}

/// The figures for one polygon (a convenience over [`Context`]).
pub fn area_coverage(
    p: &Project,
    net: &Network,
    name: &str,
    area: &MultiPolygon<f64>,
    window_days: u32,
    today: &str,
) -> Result<AreaCoverage> {
    Ok(Context::for_areas(p, net, window_days, today, &[area])?.area(name, Layer::FocusAreas, None, area))
}
