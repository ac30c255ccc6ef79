//! GPX tracks, routes and waypoints. Tracks are what the coverage engine
//! map-matches (`read_tracks`); as an import they become lines of a line
//! layer (e.g. a meal-delivery route) or waypoints of a point layer.
//! GPX is always WGS84.

use super::{ImportOptions, Incoming, Parsed};
use crate::error::{Error, Result};
use crate::model::{Feature, GeomKind};
use geo_types::{Coord, LineString, Point};

pub use crate::matching::{TrackPoint, TrackSegment};

fn gpx(file: &str, bytes: &[u8]) -> Result<gpx::Gpx> {
    gpx::read(bytes).map_err(|e| Error::input(file, None, format!("ugyldig GPX: {e}")))
}

fn check(file: &str, place: &str, p: Point<f64>) -> Result<Coord<f64>> {
    let (x, y) = (p.x(), p.y());
    if !(-90.0..=90.0).contains(&y) || !(-180.0..=180.0).contains(&x) || !x.is_finite() || !y.is_finite() {
        return Err(Error::input(file, Some(place.into()), format!("position ({x}, {y}) er uden for WGS84")));
    }
    Ok(Coord { x, y })
}

/// Every track segment with its points, for map matching.
pub fn read_tracks(file: &str, bytes: &[u8]) -> Result<Vec<TrackSegment>> {
    let g = gpx(file, bytes)?;
    let mut out = Vec::new();
    for (ti, t) in g.tracks.iter().enumerate() {
        for (si, s) in t.segments.iter().enumerate() {
            let mut seg = Vec::with_capacity(s.points.len());
            for (pi, w) in s.points.iter().enumerate() {
                let c = check(file, &format!("spor {ti} segment {si} punkt {pi}"), w.point())?;
                let time = w.time.map(|t| {
                    let odt: time::OffsetDateTime = t.into();
                    odt.unix_timestamp_nanos() as f64 / 1e9
                });
                seg.push(TrackPoint { lon: c.x, lat: c.y, time });
            }
            if !seg.is_empty() {
                out.push(seg);
            }
        }
    }
    Ok(out)
}

pub fn parse(file: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Parsed> {
    let layer = opts.as_layer.ok_or_else(|| {
        Error::needs_layer(
            file,
            "angiv hvilket lag GPX-filen skal ind i",
            "--as meal-routes, places …; som dækning registreres et GPS-spor med `afdaek track`",
        )
    })?;
    let g = gpx(file, bytes)?;
    let mut out = Parsed { format: "GPX".into(), epsg: 4326, ..Default::default() };
    let push = |out: &mut Parsed, place: String, name: Option<&String>, geom: geo_types::Geometry<f64>| {
        let mut f = Feature { geometry: Some(geom), ..Default::default() };
        if let Some(n) = name.filter(|_| layer.field("name").is_some()) {
            f.attrs.insert("name".into(), n.trim().into());
        }
        if layer.field("source").is_some() {
            f.attrs.insert("source".into(), "GPX".into());
        }
        out.features.push(Incoming { place, layer, feature: f });
    };
    match layer.def().geom {
        GeomKind::LineString => {
            for (ti, t) in g.tracks.iter().enumerate() {
                for (si, s) in t.segments.iter().enumerate() {
                    out.read += 1;
                    let place = format!("spor {ti} segment {si}");
                    let pts = s.points.iter().map(|w| check(file, &place, w.point())).collect::<Result<Vec<_>>>()?;
                    push(&mut out, place, t.name.as_ref(), LineString(pts).into());
                }
            }
            for (ri, r) in g.routes.iter().enumerate() {
                out.read += 1;
                let place = format!("rute {ri}");
                let pts = r.points.iter().map(|w| check(file, &place, w.point())).collect::<Result<Vec<_>>>()?;
                push(&mut out, place, r.name.as_ref(), LineString(pts).into());
            }
        }
        GeomKind::Point => {
            for (wi, w) in g.waypoints.iter().enumerate() {
                out.read += 1;
                let place = format!("waypoint {wi}");
                let c = check(file, &place, w.point())?;
                push(&mut out, place, w.name.as_ref(), Point(c).into());
            }
        }
        GeomKind::MultiPolygon => {
            return Err(Error::input(file, None, format!("GPX har ingen flader; laget {layer} kræver polygoner")));
        }
    }
    Ok(out)
}
