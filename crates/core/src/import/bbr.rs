//! BBR "Bygning" records (JSON array with BBR field names) → buildings.
//!
//! BBR is bitemporal: one building (`id_lokalId`) can appear in several
//! versions, and the one in force is the newest registration
//! (`registreringFra`, then `virkningFra`). Only standing buildings (status 6
//! and 7) are imported; records without coordinates, or closed, historic or
//! erroneous ones, are skipped and counted.
//!
//! BBR often leaves the dwelling counts (byg024/byg025) at 0 even for houses.
//! A residential building has at least one dwelling, so for residential use
//! codes with no count we estimate from the residential floor area (byg039):
//! 30 m² per unit in dormitories (150), 80 m² elsewhere, at least 1; the
//! report says how many were estimated.

use super::{ImportOptions, Incoming, Parsed, normalise_municipality};
use crate::error::{Error, Result};
use crate::model::{Feature, Layer};
use geo_types::{Coord, Point};
use serde_json::{Map, Value};
use std::collections::HashMap;

fn s<'a>(r: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    r.get(k).and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty())
}

fn num(r: &Map<String, Value>, k: &str) -> Option<i64> {
    match r.get(k)? {
        Value::Number(n) => n.as_i64(),
        Value::String(v) => v.trim().parse().ok(),
        _ => None,
    }
}

/// Parses "POINT (x y)" (optionally "POINT Z (x y z)").
fn wkt_point(w: &str) -> std::result::Result<Coord<f64>, String> {
    let t = w.trim();
    let upper = t.to_ascii_uppercase();
    if !upper.starts_with("POINT") {
        return Err(format!("koordinaten '{t}' er ikke et WKT-punkt"));
    }
    let open = t.find('(').ok_or("WKT-punkt uden '('")?;
    let close = t.rfind(')').ok_or("WKT-punkt uden ')'")?;
    // A ')' before the '(' (as in "POINT )(") is not a point; never slice backwards.
    let inner = t.get(open + 1..close).filter(|_| open < close).ok_or("WKT-punkt med ')' før '('")?;
    let nums: Vec<f64> = inner
        .split_whitespace()
        .map(|n| n.parse::<f64>().map_err(|_| format!("'{n}' er ikke et tal")))
        .collect::<std::result::Result<_, _>>()?;
    if nums.len() < 2 || !nums[0].is_finite() || !nums[1].is_finite() {
        return Err("WKT-punkt skal have x og y".into());
    }
    Ok(Coord { x: nums[0], y: nums[1] })
}

pub fn parse(file: &str, bytes: &[u8], _opts: &ImportOptions) -> Result<Parsed> {
    let records: Vec<Value> = serde_json::from_slice(bytes)
        .map_err(|e| Error::input(file, Some(format!("linje {}", e.line())), format!("ugyldig JSON: {e}")))?;
    let mut out = Parsed { format: "BBR Bygning (JSON)".into(), epsg: 25832, ..Default::default() };
    // Newest version of each building wins.
    let mut newest: HashMap<String, (usize, String, String)> = HashMap::new();
    for (i, rv) in records.iter().enumerate() {
        out.read += 1;
        let r =
            rv.as_object().ok_or_else(|| Error::input(file, Some(format!("post {i}")), "forventede et JSON-objekt"))?;
        let id =
            s(r, "id_lokalId").ok_or_else(|| Error::input(file, Some(format!("post {i}")), "id_lokalId mangler"))?;
        let key = (s(r, "registreringFra").unwrap_or("").to_string(), s(r, "virkningFra").unwrap_or("").to_string());
        match newest.get(id) {
            Some((_, reg, virk)) if (reg.as_str(), virk.as_str()) >= (key.0.as_str(), key.1.as_str()) => {
                out.skip("ældre BBR-version af samme bygning");
            }
            Some(_) => {
                out.skip("ældre BBR-version af samme bygning");
                newest.insert(id.to_string(), (i, key.0, key.1));
            }
            None => {
                newest.insert(id.to_string(), (i, key.0, key.1));
            }
        }
    }
    let mut order: Vec<usize> = newest.values().map(|v| v.0).collect();
    order.sort_unstable();
    let mut estimated = 0usize;
    for i in order {
        let r = records[i].as_object().expect("checked above");
        let place = format!("post {i}");
        let status = s(r, "status").unwrap_or("");
        if !matches!(status, "6" | "7") {
            out.skip(format!("status {status} (ikke en stående bygning)"));
            continue;
        }
        let Some(wkt) = s(r, "byg404Koordinat") else {
            out.skip("ingen koordinat");
            continue;
        };
        if let Some(sys) = s(r, "byg406Koordinatsystem") {
            // BBR code 5 = ETRS89/UTM32N, the only system in current BBR data.
            if sys != "5" {
                return Err(Error::input(
                    file,
                    Some(place),
                    format!("koordinatsystem {sys} understøttes ikke (kun 5 = EPSG:25832)"),
                ));
            }
        }
        let c = wkt_point(wkt).map_err(|e| Error::input(file, Some(place.clone()), e))?;
        let mut f = Feature::new(Point(c));
        let use_code = num(r, "byg021BygningensAnvendelse");
        if let Some(u) = use_code {
            f.attrs.insert("use_code".into(), u.into());
        }
        let counted = num(r, "byg024AntalLejlighederMedKøkken").unwrap_or(0).max(0)
            + num(r, "byg025AntalLejlighederUdenKøkken").unwrap_or(0).max(0);
        let dwellings = match use_code {
            Some(u) if crate::vocab::is_residential_use(u) && counted == 0 => {
                estimated += 1;
                let area = num(r, "byg039BygningensSamledeBoligAreal").unwrap_or(0).max(0) as f64;
                let per = if u == 150 { 30.0 } else { 80.0 };
                ((area / per).round() as i64).max(1)
            }
            _ => counted,
        };
        f.attrs.insert("dwellings".into(), dwellings.into());
        f.attrs.insert("status".into(), status.into());
        if let Some(m) = s(r, "kommunekode").and_then(normalise_municipality) {
            f.attrs.insert("municipality".into(), m.into());
        }
        f.attrs.insert("source".into(), "BBR".into());
        f.attrs.insert("source_id".into(), s(r, "id_lokalId").unwrap_or_default().into());
        out.features.push(Incoming { place, layer: Layer::Buildings, feature: f });
    }
    if estimated > 0 {
        out.notes.push(format!(
            "{estimated} boligbygninger uden antal boliger i BBR: antallet er skønnet ud fra boligarealet (mindst 1)"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::wkt_point;

    #[test]
    fn wkt_points_parse_and_garbage_is_an_error_not_a_panic() {
        let c = wkt_point("POINT(586000.5 6140000.25)").unwrap();
        assert_eq!((c.x, c.y), (586000.5, 6140000.25));
        for bad in [
            "POINT )(",
            "POINT ) 1 2 (",
            "POINT(",
            "POINT)",
            "POINT(1)",
            "POINT(NaN 1)",
            "LINESTRING(1 2)",
            "POINT(æ ø)",
        ] {
            assert!(wkt_point(bad).is_err(), "{bad}");
        }
    }
}
