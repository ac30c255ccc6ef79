//! The route as files a phone or GIS opens: GPX 1.1 with the route twice
//! (a `<rte>` of turn points, which navigation apps follow, and a `<trk>` of
//! every vertex, which they draw), and GeoJSON legs with their order, street
//! and whether each is a missing street. Both in WGS84, as the formats expect.

use super::RoutePlan;
use crate::crs::{Transform, UTM32N, WGS84};
use crate::network::Network;
use crate::{Error, Result};
use geo_types::{Coord, LineString, Point};

/// GPX 1.1: one route (`<rte>`, a point where each street of the turn list
/// begins, named by it, and the end) and one track (`<trk>`, the whole line).
pub fn gpx(plan: &RoutePlan, net: &Network, name: &str) -> Result<Vec<u8>> {
    let t = Transform::new(UTM32N, WGS84)?;
    let mut route = gpx::Route::new();
    route.name = Some(name.to_string());
    let mut track = gpx::Track::new();
    track.name = Some(name.to_string());
    let mut seg = gpx::TrackSegment::new();
    let mut last_street: Option<String> = None;
    let mut line: Vec<Coord<f64>> = Vec::new();
    for leg in &plan.legs {
        let Some(part) = net.substring(leg.road_fid, leg.from_m, leg.to_m) else { continue };
        let street = net.street_name(leg.road_fid);
        if let Some(&first) = part.0.first()
            && last_street.as_deref() != Some(street.as_str())
        {
            let mut w = gpx::Waypoint::new(Point(t.coord(first)?));
            w.name = Some(street.clone());
            route.points.push(w);
            last_street = Some(street);
        }
        for c in part.0 {
            if line.last() != Some(&c) {
                line.push(c);
            }
        }
    }
    if let Some(&end) = line.last() {
        let mut w = gpx::Waypoint::new(Point(t.coord(end)?));
        w.name = Some("Slut".into());
        route.points.push(w);
    }
    for c in &line {
        seg.points.push(gpx::Waypoint::new(Point(t.coord(*c)?)));
    }
    track.segments.push(seg);
    let doc = gpx::Gpx {
        version: gpx::GpxVersion::Gpx11,
        creator: Some("Afdæk".into()),
        routes: vec![route],
        tracks: vec![track],
        ..Default::default()
    };
    let mut out = Vec::new();
    gpx::write(&doc, &mut out).map_err(|e| Error::invalid("gpx", format!("GPX kunne ikke skrives: {e}")))?;
    Ok(out)
}

/// GeoJSON FeatureCollection: one LineString per leg, in travel order.
pub fn geojson(plan: &RoutePlan, net: &Network) -> Result<Vec<u8>> {
    let t = Transform::new(UTM32N, WGS84)?;
    let mut features = Vec::new();
    for (i, leg) in plan.legs.iter().enumerate() {
        let Some(part) = net.substring(leg.road_fid, leg.from_m, leg.to_m) else { continue };
        let wgs: LineString<f64> = LineString(part.0.iter().map(|c| t.coord(*c)).collect::<Result<_>>()?);
        let street = net.roads.get(&leg.road_fid).and_then(|r| r.street_label());
        let mut props = serde_json::Map::new();
        props.insert("order".into(), (i + 1).into());
        props.insert("street".into(), street.into());
        props.insert("required".into(), leg.required.into());
        props.insert("length_m".into(), ((leg.length() * 10.0).round() / 10.0).into());
        props.insert("road_fid".into(), leg.road_fid.into());
        features.push(geojson::Feature {
            geometry: Some(geojson::Geometry::new((&wgs).into())),
            properties: Some(props),
            ..Default::default()
        });
    }
    let fc = geojson::FeatureCollection { features, bbox: None, foreign_members: None };
    serde_json::to_vec_pretty(&fc).map_err(|e| Error::invalid("geojson", e.to_string()))
}
