//! CSV with coordinates, for partners and places: `lon`/`lat` (also `lng`,
//! `longitude`, `længdegrad`, `latitude`, `breddegrad`) in WGS84, or `x`/`y`
//! (`easting`/`northing`) in EPSG:25832 unless a `crs`/`epsg` column says
//! otherwise. Comma or semicolon separated; with semicolons a decimal comma
//! is accepted (Danish Excel). Other columns named like the layer's fields
//! are copied; `navn` is `name`.

use super::{ImportOptions, Incoming, Parsed};
use crate::error::{Error, Result};
use crate::model::{Feature, GeomKind};
use geo_types::Point;

/// A CSV file opened for reading: the reader, its headers and its delimiter.
pub(super) struct Opened<'a> {
    pub rdr: csv::Reader<&'a [u8]>,
    pub headers: Vec<String>,
    pub delim: u8,
}

/// A CSV reader over UTF-8 text (a BOM is skipped), its headers trimmed and
/// lower-cased, and its delimiter: `;` when the header line has more of
/// those than commas (Danish Excel), else `,`.
pub(super) fn reader<'a>(file: &str, bytes: &'a [u8], flexible: bool) -> Result<Opened<'a>> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::input(file, None, format!("ikke UTF-8-tekst: {e}")))?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delim = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut rdr = csv::ReaderBuilder::new().delimiter(delim).flexible(flexible).from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::input(file, Some("linje 1".into()), e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    Ok(Opened { rdr, headers, delim })
}

fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| names.contains(&h.as_str()))
}

pub fn parse(file: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Parsed> {
    let layer = opts.as_layer.ok_or_else(|| {
        Error::needs_layer(file, "angiv hvilket lag CSV-filen skal ind i", "--as partners eller places")
    })?;
    if layer.def().geom != GeomKind::Point {
        return Err(Error::input(
            file,
            None,
            format!("CSV med koordinater kan kun blive punkter; {layer} er ikke et punktlag"),
        ));
    }
    let Opened { mut rdr, headers, delim } = reader(file, bytes, false)?;
    let (xi, yi, geographic) = match (
        find(&headers, &["lon", "lng", "long", "longitude", "længdegrad"]),
        find(&headers, &["lat", "latitude", "breddegrad"]),
        find(&headers, &["x", "easting", "øst"]),
        find(&headers, &["y", "northing", "nord"]),
    ) {
        (Some(x), Some(y), _, _) => (x, y, true),
        (_, _, Some(x), Some(y)) => (x, y, false),
        _ => {
            return Err(Error::input(
                file,
                Some("linje 1".into()),
                "kolonner for koordinater mangler (lon/lat eller x/y)",
            ));
        }
    };
    let crs_col = find(&headers, &["crs", "epsg"]);
    let mut out = Parsed { format: "CSV".into(), epsg: if geographic { 4326 } else { 25832 }, ..Default::default() };
    let num = |s: &str| -> Option<f64> {
        let s = s.trim();
        let s = if delim == b';' { s.replace(',', ".") } else { s.to_string() };
        s.parse::<f64>().ok().filter(|v| v.is_finite())
    };
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let place = format!("linje {line}");
        let rec = rec.map_err(|e| Error::input(file, Some(place.clone()), e.to_string()))?;
        out.read += 1;
        let (Some(x), Some(y)) = (rec.get(xi).and_then(num), rec.get(yi).and_then(num)) else {
            return Err(Error::input(file, Some(place), "koordinat mangler eller er ikke et tal"));
        };
        if geographic {
            if !(-90.0..=90.0).contains(&y) {
                return Err(Error::input(file, Some(place), format!("breddegrad {y} er uden for -90..90")));
            }
            if !(-180.0..=180.0).contains(&x) {
                return Err(Error::input(file, Some(place), format!("længdegrad {x} er uden for -180..180")));
            }
        }
        if let Some(c) = crs_col.and_then(|c| rec.get(c)) {
            let code = c.trim().trim_start_matches("EPSG:").trim_start_matches("epsg:");
            if !code.is_empty() && code.parse::<u32>().ok() != Some(out.epsg) {
                return Err(Error::input(
                    file,
                    Some(place),
                    format!("alle rækker skal have samme koordinatsystem (EPSG:{})", out.epsg),
                ));
            }
        }
        let mut f = Feature::new(Point::new(x, y));
        for (h, v) in headers.iter().zip(rec.iter()) {
            let key = if h == "navn" { "name" } else { h.as_str() };
            if !v.trim().is_empty() && layer.field(key).is_some() {
                f.attrs.insert(key.to_string(), v.trim().into());
            }
        }
        if layer.field("source").is_some() && !f.attrs.contains_key("source") {
            f.attrs.insert("source".into(), "CSV".into());
        }
        out.features.push(Incoming { place, layer, feature: f });
    }
    Ok(out)
}
