//! Denmark's 98 municipalities from DAGI (1:500,000, Geodatastyrelsen, free
//! data; `data/dagi/kommuner.geojson`, compiled in): the list a new project
//! is made from, and each municipality's polygon, which becomes the
//! project's boundary so the map fits it.

use crate::crs::{Transform, UTM32N, WGS84};
use crate::error::{Error, Result};
use geo_types::{Geometry, MultiPolygon};
use serde::Serialize;

static KOMMUNER: &[u8] = include_bytes!("../../../data/dagi/kommuner.geojson");

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Municipality {
    /// Four digits with the leading zero, e.g. "0461".
    pub code: String,
    pub name: String,
}

fn features() -> Result<Vec<geojson::Feature>> {
    let gj: geojson::GeoJson =
        serde_json::from_slice(KOMMUNER).map_err(|e| Error::invalid("kommuner", e.to_string()))?;
    match gj {
        geojson::GeoJson::FeatureCollection(fc) => Ok(fc.features),
        _ => Err(Error::invalid("kommuner", "ikke en FeatureCollection")),
    }
}

fn code_of(f: &geojson::Feature) -> Option<String> {
    let v = f.property("lau_1")?;
    let s = v.as_str().map(String::from).or_else(|| v.as_i64().map(|n| n.to_string()))?;
    crate::import::normalise_municipality(&s)
}

/// Every municipality, sorted by name (Danish letters after z, as in Danish).
pub fn list() -> Result<Vec<Municipality>> {
    let mut out: Vec<Municipality> = Vec::new();
    for f in features()? {
        let (Some(code), Some(name)) = (code_of(&f), f.property("label_dk").and_then(|v| v.as_str())) else {
            continue;
        };
        if !out.iter().any(|m| m.code == code) {
            out.push(Municipality { code, name: name.to_string() });
        }
    }
    out.sort_by_key(|m| sort_key(&m.name));
    Ok(out)
}

/// Danish alphabetical order: æ, ø, å after z (and aa as å).
fn sort_key(name: &str) -> Vec<u32> {
    name.to_lowercase()
        .replace("aa", "å")
        .chars()
        .map(|c| match c {
            'æ' => 'z' as u32 + 1,
            'ø' => 'z' as u32 + 2,
            'å' => 'z' as u32 + 3,
            c => c as u32,
        })
        .collect()
}

/// The municipality's name and polygon (all its parts) in EPSG:25832.
pub fn boundary(code: &str) -> Result<(String, MultiPolygon<f64>)> {
    let code = crate::import::normalise_municipality(code)
        .ok_or_else(|| Error::invalid("municipality", format!("'{code}' er ikke en kommunekode")))?;
    let t = Transform::new(WGS84, UTM32N)?;
    let mut name = None;
    let mut polys = Vec::new();
    for f in features()? {
        if code_of(&f).as_deref() != Some(code.as_str()) {
            continue;
        }
        name = name.or_else(|| f.property("label_dk").and_then(|v| v.as_str()).map(String::from));
        let Some(g) = f.geometry else { continue };
        let g: Geometry<f64> =
            g.value.try_into().map_err(|e: geojson::Error| Error::invalid("kommuner", e.to_string()))?;
        match t.geometry(&g)? {
            Geometry::Polygon(p) => polys.push(p),
            Geometry::MultiPolygon(mp) => polys.extend(mp.0),
            _ => {}
        }
    }
    match name {
        Some(n) if !polys.is_empty() => Ok((n, MultiPolygon(polys))),
        _ => Err(Error::invalid("municipality", format!("kommunekoden {code} findes ikke"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_municipality_once_in_danish_order() {
        let l = list().unwrap();
        assert!(l.len() >= 98, "{}", l.len());
        assert!(l.iter().any(|m| m.code == "0461" && m.name == "Odense"));
        let names: Vec<&str> = l.iter().map(|m| m.name.as_str()).collect();
        let pos = |name: &str| names.iter().position(|n| *n == name).unwrap();
        assert!(pos("Århus") > pos("Odense") && pos("Ærø") > pos("Vordingborg"), "æ, ø, å after z: {names:?}");
        assert!(pos("Aabenraa") > pos("Odense"), "aa sorts as å");
    }

    #[test]
    fn odense_polygon_in_utm() {
        let (name, mp) = boundary("461").unwrap();
        assert_eq!(name, "Odense");
        use geo::{Area, Contains};
        assert!(mp.contains(&geo_types::Point::new(587_928.0, 6_139_725.0)), "Odense town hall is inside");
        let km2 = mp.unsigned_area() / 1e6;
        assert!((250.0..350.0).contains(&km2), "{km2} km²");
        assert!(boundary("9999").is_err());
    }
}
