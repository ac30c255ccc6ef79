//! Recording coverage: every way of recording ends in [`credit`], which
//! writes one coverage record per covered stretch of road, in one undoable
//! edit.

use super::intervals::{PreparedArea, merge};
use crate::error::{Error, Result};
use crate::fields::coverage;
use crate::model::{Feature, Layer};
use crate::network::Network;
use crate::routing::{self, OnNetwork, Piece, Route};
use crate::store::{Edit, Project};
use geo_types::{Coord, MultiPolygon};
use std::collections::BTreeMap;

/// How a visit was made. `weekday` is derived from `date`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Visit {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `walk`, `bike` or `car`.
    pub method: String,
    /// `morning`, `day`, `evening` or `night`.
    pub time_of_day: Option<String>,
    pub team: Option<String>,
}

impl Visit {
    pub fn weekday(&self) -> Result<&'static str> {
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        let d = time::Date::parse(&self.date, fmt)
            .map_err(|_| Error::invalid("date", format!("'{}' er ikke en dato (ÅÅÅÅ-MM-DD)", self.date)))?;
        Ok(match d.weekday() {
            time::Weekday::Monday => "mon",
            time::Weekday::Tuesday => "tue",
            time::Weekday::Wednesday => "wed",
            time::Weekday::Thursday => "thu",
            time::Weekday::Friday => "fri",
            time::Weekday::Saturday => "sat",
            time::Weekday::Sunday => "sun",
        })
    }

    pub fn car_only(&self) -> bool {
        self.method == "car"
    }
}

/// Writes coverage records for `pieces` (merged per road) in an open edit.
/// Returns the number of records and the covered length.
pub fn credit(ed: &mut Edit<'_>, net: &Network, pieces: &[Piece], visit: &Visit, source: &str) -> Result<(usize, f64)> {
    let weekday = visit.weekday()?;
    let mut per_road: BTreeMap<i64, Vec<(f64, f64)>> = BTreeMap::new();
    for p in pieces {
        per_road.entry(p.road_fid).or_default().push((p.from_m.min(p.to_m), p.from_m.max(p.to_m)));
    }
    let visit_id = format!("{}-{}-{}", source, visit.date, crate::store::now_utc());
    let (mut n, mut len) = (0, 0.0);
    for (road, iv) in per_road {
        for (a, b) in merge(iv) {
            if b - a < 0.01 {
                continue;
            }
            let line = net
                .substring(road, a, b)
                .ok_or_else(|| Error::invalid("road_fid", format!("vej {road} findes ikke")))?;
            let mut f = Feature::new(line)
                .with("road_fid", road)
                .with("from_m", a)
                .with("to_m", b)
                .with("date", visit.date.as_str())
                .with("weekday", weekday)
                .with("method", visit.method.as_str())
                .with("source", source)
                .with("visit_id", visit_id.as_str());
            if let Some(t) = &visit.time_of_day {
                f = f.with("time_of_day", t.as_str());
            }
            if let Some(t) = &visit.team {
                f = f.with("team", t.as_str());
            }
            ed.insert(Layer::Coverage, f)?;
            n += 1;
            len += b - a;
        }
    }
    Ok((n, len))
}

/// What a tick or untick did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TickResult {
    pub road_fid: i64,
    pub street: Option<String>,
    pub records: usize,
    pub length_m: f64,
}

/// The pieces a tick at `at` covers: the edge under the point, or with
/// `whole_street` every edge of the same street (same name, or same street
/// code where there is no name) — inside `area` when one is given.
fn tick_pieces(
    p: &Project,
    net: &Network,
    at: Coord<f64>,
    whole_street: bool,
    area: Option<&MultiPolygon<f64>>,
    car_only: bool,
) -> Result<(i64, Vec<Piece>)> {
    let (e, _, _) = net
        .snap(p.index(), at, 30.0, car_only)
        .ok_or_else(|| Error::invalid("at", "ingen vej inden for 30 m af punktet"))?;
    let edge = &net.edges[e as usize];
    if !whole_street {
        return Ok((edge.road_fid, vec![Piece { road_fid: edge.road_fid, from_m: edge.from_m, to_m: edge.to_m }]));
    }
    let info = &net.roads[&edge.road_fid];
    let same = |fid: &i64| {
        let r = &net.roads[fid];
        match (&info.name, &info.street_code) {
            (Some(n), _) => r.name.as_ref() == Some(n),
            (None, Some(code)) => r.street_code.as_ref() == Some(code),
            (None, None) => *fid == edge.road_fid,
        }
    };
    let prepared = area.map(PreparedArea::new);
    let mut pieces = Vec::new();
    for fid in net.roads.keys().filter(|f| same(f)) {
        let len = net.roads[fid].length;
        let ivs = match (&prepared, net.road_line(*fid)) {
            (Some(a), Some(l)) => a.inside_intervals(l),
            _ => vec![(0.0, len)],
        };
        pieces.extend(ivs.into_iter().map(|(a, b)| Piece { road_fid: *fid, from_m: a, to_m: b }));
    }
    Ok((edge.road_fid, pieces))
}

/// Ticks the street segment at `at` (project CRS) as covered.
pub fn tick(
    p: &mut Project,
    net: &Network,
    at: Coord<f64>,
    whole_street: bool,
    area: Option<&MultiPolygon<f64>>,
    visit: &Visit,
) -> Result<TickResult> {
    let (road, pieces) = tick_pieces(p, net, at, whole_street, area, false)?;
    let street = net.roads[&road].name.clone();
    let label = format!("Afkryds {}", street.as_deref().unwrap_or("vejstykke"));
    let (records, length_m) = p.edit(&label, |ed| credit(ed, net, &pieces, visit, "manual"))?;
    Ok(TickResult { road_fid: road, street, records, length_m })
}

/// How near a dragged path must pass a street stretch to tick it: tighter
/// than a click's 30 m, so the side streets a drag crosses at a junction
/// are not caught.
pub const DRAG_TOLERANCE_M: f64 = 12.0;
/// Samples along a dragged path, this far apart.
const DRAG_STEP_M: f64 = 4.0;

/// Ticks every stretch a dragged path (project CRS) runs along, as one
/// edit. A stretch counts when at least two samples, 4 m apart, snap onto
/// it: a path crossing a street at a junction touches it once and leaves it
/// alone. Returns the stretches' road ids with names, and the result.
pub fn tick_along(p: &mut Project, net: &Network, path: &[Coord<f64>], visit: &Visit) -> Result<TickResult> {
    use geo::{Euclidean, Length};
    if path.is_empty() {
        return Err(Error::invalid("path", "trækket har ingen punkter"));
    }
    let line = geo_types::LineString::from(path.to_vec());
    let len = Euclidean.length(&line);
    let steps = ((len / DRAG_STEP_M).ceil() as usize).clamp(1, 10_000);
    let mut hits: BTreeMap<u32, usize> = BTreeMap::new();
    let mut order: Vec<u32> = Vec::new();
    for i in 0..=steps {
        let c = crate::network::point_at(&line, len * i as f64 / steps as f64);
        if let Some((e, _, _)) = net.snap(p.index(), c, DRAG_TOLERANCE_M, false) {
            let n = hits.entry(e).or_default();
            if *n == 0 {
                order.push(e);
            }
            *n += 1;
        }
    }
    let need = if steps < 2 { 1 } else { 2 };
    let edges: Vec<u32> = order.into_iter().filter(|e| hits[e] >= need).collect();
    let Some(&first) = edges.first() else {
        return Err(Error::invalid("path", "trækket følger ingen vej (højst 12 m fra vejen)"));
    };
    let pieces: Vec<Piece> = edges
        .iter()
        .map(|&e| {
            let edge = &net.edges[e as usize];
            Piece { road_fid: edge.road_fid, from_m: edge.from_m, to_m: edge.to_m }
        })
        .collect();
    let road = net.edges[first as usize].road_fid;
    let mut names: Vec<&str> = Vec::new();
    for piece in &pieces {
        if let Some(n) = net.roads[&piece.road_fid].name.as_deref()
            && !names.contains(&n)
        {
            names.push(n);
        }
    }
    let street = (!names.is_empty()).then(|| names.join(", "));
    let label = format!("Afkryds {}", street.as_deref().unwrap_or("vejstykker"));
    let (records, length_m) = p.edit(&label, |ed| credit(ed, net, &pieces, visit, "manual"))?;
    Ok(TickResult { road_fid: road, street, records, length_m })
}

/// Removes coverage of the segment at `at` (all dates, or one `date`):
/// records that reach beyond the segment are cut, not deleted whole.
pub fn untick(p: &mut Project, net: &Network, at: Coord<f64>, date: Option<&str>) -> Result<TickResult> {
    let (road, pieces) = tick_pieces(p, net, at, false, None, false)?;
    let (a, b) = (pieces[0].from_m, pieces[0].to_m);
    let records: Vec<Feature> = p
        .features_in_bbox(
            Layer::Coverage,
            crate::geom::bbox(&net.substring(road, a, b).expect("road").into()).unwrap(),
        )?
        .into_iter()
        .filter(|f| f.int(coverage::ROAD_FID) == Some(road))
        .filter(|f| date.is_none_or(|d| f.text(coverage::DATE) == Some(d)))
        .filter(|f| f.real(coverage::FROM_M).unwrap_or(0.0) < b && f.real(coverage::TO_M).unwrap_or(0.0) > a)
        .collect();
    let street = net.roads[&road].name.clone();
    let n = records.len();
    p.edit(&format!("Fjern afkrydsning {}", street.as_deref().unwrap_or("vejstykke")), |ed| {
        for r in records {
            let fid = r.fid.expect("stored");
            ed.delete(Layer::Coverage, fid)?;
            let (ra, rb) = (r.real(coverage::FROM_M).unwrap_or(0.0), r.real(coverage::TO_M).unwrap_or(0.0));
            for (x, y) in [(ra, a.max(ra)), (b.min(rb), rb)] {
                if y - x >= 0.01 {
                    let mut rest = r.clone();
                    rest.fid = None;
                    rest.geometry = net.substring(road, x, y).map(Into::into);
                    rest.attrs.insert("from_m".into(), x.into());
                    rest.attrs.insert("to_m".into(), y.into());
                    ed.insert(Layer::Coverage, rest)?;
                }
            }
        }
        Ok(())
    })?;
    Ok(TickResult { road_fid: road, street, records: n, length_m: b - a })
}

/// The route of a marked drive through `via` (project CRS), for preview.
pub fn drive(p: &Project, net: &Network, via: &[Coord<f64>], visit: &Visit) -> Result<Route> {
    if via.len() < 2 {
        return Err(Error::invalid("via", "en tur kræver mindst to punkter"));
    }
    let car = visit.car_only();
    let stops = via
        .iter()
        .enumerate()
        .map(|(i, c)| {
            net.snap(p.index(), *c, 100.0, car).map(|(edge, m, _)| OnNetwork { edge, m }).ok_or_else(|| {
                Error::invalid(
                    "via",
                    format!("punkt {}: ingen {}vej inden for 100 m", i + 1, if car { "kørbar " } else { "" }),
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    routing::through(net, &stops, car).ok_or_else(|| {
        Error::invalid(
            "via",
            if car {
                "punkterne hænger ikke sammen ad veje man må køre på"
            } else {
                "punkterne hænger ikke sammen i vejnettet"
            },
        )
    })
}

/// Credits every street segment inside a visited zone.
pub fn zone(
    p: &mut Project,
    net: &Network,
    area: &MultiPolygon<f64>,
    visit: &Visit,
    label: &str,
) -> Result<(usize, f64)> {
    let prepared = PreparedArea::new(area);
    let mut pieces = Vec::new();
    let mut fids: Vec<i64> = area.0.iter().flat_map(|poly| p.index().in_polygon(Layer::Roads, poly)).collect();
    fids.sort_unstable();
    fids.dedup();
    for fid in fids {
        if let Some(l) = net.road_line(fid) {
            pieces.extend(prepared.inside_intervals(l).into_iter().map(|(a, b)| Piece {
                road_fid: fid,
                from_m: a,
                to_m: b,
            }));
        }
    }
    p.edit(label, |ed| credit(ed, net, &pieces, visit, "zone"))
}

/// What a GPS track gave.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrackReport {
    pub fixes: usize,
    pub matched_fixes: usize,
    pub breaks: usize,
    pub matched_length_m: f64,
    pub records: usize,
    pub raw_kept: bool,
}

/// Map-matches GPS track segments (WGS84, as read from GPX) and, unless
/// `preview`, credits what matched. The raw points are stored only with
/// `keep_raw` (privacy: by default the track is thrown away after matching).
pub fn track(
    p: &mut Project,
    net: &Network,
    segments: &[crate::matching::TrackSegment],
    visit: &Visit,
    opts: &crate::matching::MatchOptions,
    preview: bool,
    keep_raw: bool,
) -> Result<(TrackReport, Vec<Piece>)> {
    use crate::matching::{Fix, match_track};
    let t = crate::crs::Transform::new(crate::crs::WGS84, p.settings().srs_id as u32)?;
    let mut pieces = Vec::new();
    let mut report =
        TrackReport { fixes: 0, matched_fixes: 0, breaks: 0, matched_length_m: 0.0, records: 0, raw_kept: false };
    let mut raw = Vec::new();
    let o = crate::matching::MatchOptions { car_only: visit.car_only() || opts.car_only, ..*opts };
    for seg in segments {
        let mut fixes = Vec::with_capacity(seg.len());
        for pt in seg {
            fixes.push(Fix { at: t.coord(Coord { x: pt.lon, y: pt.lat })?, time: pt.time });
        }
        let m = match_track(net, p.index(), &fixes, &o);
        report.fixes += m.fixes;
        report.matched_fixes += m.matched_fixes;
        report.breaks += m.breaks;
        report.matched_length_m += m.length_m();
        pieces.extend(m.pieces);
        if fixes.len() >= 2 {
            raw.push(geo_types::LineString(fixes.iter().map(|f| f.at).collect::<Vec<_>>()));
        }
    }
    if !preview {
        let (n, _) = p.edit("GPS-spor", |ed| {
            let r = credit(ed, net, &pieces, visit, "track")?;
            if keep_raw {
                for line in &raw {
                    let mut f = Feature::new(line.clone())
                        .with("date", visit.date.as_str())
                        .with("method", visit.method.as_str())
                        .with("fixes", line.0.len() as i64);
                    if let Some(team) = &visit.team {
                        f = f.with("team", team.as_str());
                    }
                    ed.insert(Layer::GpsTracks, f)?;
                }
            }
            Ok(r)
        })?;
        report.records = n;
        report.raw_kept = keep_raw;
    }
    Ok((report, pieces))
}
