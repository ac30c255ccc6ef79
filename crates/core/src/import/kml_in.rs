//! KML and KMZ (what Google My Maps exports): placemarks with points, lines
//! and polygons, their names, descriptions and ExtendedData. Parsed with the
//! georust `kml` crate; KMZ is unzipped first. KML is always WGS84.

use super::{ImportOptions, Incoming, Parsed};
use crate::error::{Error, Result};
use crate::model::{Feature, GeomKind};
use geo_types::Geometry;
use kml::types::{Element, Placemark};
use kml::{Kml, KmlReader};
use std::io::Read;

/// The KML document inside a KMZ (zip): `doc.kml`, else the first `.kml` entry.
pub fn unzip_kmz(file: &str, bytes: &[u8]) -> Result<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Error::input(file, None, format!("ugyldig KMZ (zip): {e}")))?;
    let names: Vec<String> = zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
    let name = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("doc.kml"))
        .or_else(|| names.iter().find(|n| n.to_ascii_lowercase().ends_with(".kml")))
        .ok_or_else(|| Error::input(file, None, "KMZ-filen indeholder ingen .kml"))?
        .clone();
    let mut entry = zip.by_name(&name).map_err(|e| Error::input(file, None, e.to_string()))?;
    if entry.size() > super::MAX_FILE_BYTES {
        return Err(Error::input(file, Some(name), "den udpakkede KML er for stor (over 1024 MB)"));
    }
    // The declared size can lie: inflate at most one byte past the limit and
    // refuse if it is reached, instead of reading a cut-off KML.
    let mut s = String::new();
    entry
        .by_ref()
        .take(super::MAX_FILE_BYTES + 1)
        .read_to_string(&mut s)
        .map_err(|e| Error::input(file, Some(name.clone()), e.to_string()))?;
    if s.len() as u64 > super::MAX_FILE_BYTES {
        return Err(Error::input(file, Some(name), "den udpakkede KML er for stor (over 1024 MB)"));
    }
    Ok(s)
}

fn walk<'a>(k: &'a Kml, out: &mut Vec<&'a Placemark>) {
    match k {
        Kml::KmlDocument(d) => d.elements.iter().for_each(|e| walk(e, out)),
        Kml::Document { elements, .. } => elements.iter().for_each(|e| walk(e, out)),
        Kml::Folder(f) => f.elements.iter().for_each(|e| walk(e, out)),
        Kml::Placemark(p) => out.push(p),
        _ => {}
    }
}

/// ExtendedData: `<Data name="x"><value>v</value></Data>` and `<SimpleData name="x">v</SimpleData>`.
fn extended(children: &[Element], out: &mut serde_json::Map<String, serde_json::Value>) {
    for c in children {
        match c.name.as_str() {
            "Data" => {
                if let (Some(n), Some(v)) =
                    (c.attrs.get("name"), c.children.iter().find(|v| v.name == "value").and_then(|v| v.content.clone()))
                {
                    out.insert(n.to_ascii_lowercase(), v.trim().into());
                }
            }
            "SimpleData" => {
                if let (Some(n), Some(v)) = (c.attrs.get("name"), c.content.clone()) {
                    out.insert(n.to_ascii_lowercase(), v.trim().into());
                }
            }
            _ => extended(&c.children, out),
        }
    }
}

fn fits(kind: GeomKind, g: &Geometry<f64>) -> bool {
    matches!(
        (kind, g),
        (GeomKind::Point, Geometry::Point(_))
            | (GeomKind::LineString, Geometry::LineString(_))
            | (GeomKind::MultiPolygon, Geometry::Polygon(_) | Geometry::MultiPolygon(_))
    )
}

pub fn parse(file: &str, text: &str, opts: &ImportOptions) -> Result<Parsed> {
    let layer = opts.as_layer.ok_or_else(|| {
        Error::needs_layer(file, "angiv hvilket lag KML-filen skal ind i", "--as partners, places, focus-areas …")
    })?;
    check_nesting(file, text)?;
    // The kml crate panics on some well-formed files (a <Point> without
    // coordinates indexes an empty list; found by fuzzing:
    // `fuzz/corpus/kml/libfuzzer-point-without-coordinates.kml`). Its panic
    // is caught here and becomes the file's error.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| KmlReader::from_string(text).read()));
    let kml: Kml<f64> = read
        .map_err(|_| {
            Error::input(file, None, "ugyldig KML: en geometri mangler sine koordinater eller kan ikke tolkes")
        })?
        .map_err(|e| Error::input(file, None, format!("ugyldig KML: {e}")))?;
    let mut placemarks = Vec::new();
    walk(&kml, &mut placemarks);
    let mut out = Parsed { format: "KML".into(), epsg: 4326, ..Default::default() };
    for (i, pm) in placemarks.into_iter().enumerate() {
        out.read += 1;
        let place = format!("placemark {i}{}", pm.name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default());
        let Some(g) = pm.geometry.clone() else {
            out.skip("placemark uden geometri");
            continue;
        };
        let g: Geometry<f64> = g.try_into().map_err(|e| Error::input(file, Some(place.clone()), format!("{e}")))?;
        let parts: Vec<Geometry<f64>> = match g {
            Geometry::GeometryCollection(gc) => gc.0,
            other => vec![other],
        };
        for (k, part) in parts.into_iter().enumerate() {
            if !fits(layer.def().geom, &part) {
                out.skip(format!("geometrien passer ikke til laget {layer}"));
                continue;
            }
            let mut props = serde_json::Map::new();
            extended(&pm.children, &mut props);
            let mut f = Feature::new(part);
            for (key, v) in props {
                let key = if key == "navn" { "name".to_string() } else { key };
                if layer.field(&key).is_some() {
                    f.attrs.insert(key, v);
                }
            }
            if let Some(n) = &pm.name {
                f.attrs.insert("name".into(), n.trim().into());
            }
            if layer.field("source").is_some() {
                f.attrs.insert("source".into(), "KML".into());
            }
            f.attrs.retain(|key, _| layer.field(key).is_some());
            out.features.push(Incoming { place: format!("{place} del {k}"), layer, feature: f });
        }
    }
    Ok(out)
}

/// A quick pass over the XML before the KML reader sees it. The reader
/// descends one call per nested element (folders in folders a hundred
/// thousand deep would overflow the stack: a crash, not an error), and it
/// loops forever on a file that ends inside an element it does not know
/// (found by fuzzing: `fuzz/corpus/kml/hang-unclosed-element.kml`). So:
/// nothing deeper than [`super::MAX_NESTING`], well-formed XML, every
/// element closed.
fn check_nesting(file: &str, text: &str) -> Result<()> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    // Inside a <Point>: has it coordinates yet, and are we in <coordinates>?
    let (mut in_point, mut point_coords, mut in_coords) = (false, false, false);
    let line_at = |pos: u64| super::line_at(text.as_bytes(), pos);
    let no_coords = |pos: u64| {
        Error::input(file, Some(format!("linje {}", line_at(pos))), "ugyldig KML: et punkt (<Point>) uden koordinater")
    };
    loop {
        match r.read_event() {
            Ok(Event::Empty(e)) if e.local_name().as_ref() == b"Point" => return Err(no_coords(r.buffer_position())),
            Ok(Event::Text(t)) if in_coords && !String::from_utf8_lossy(t.as_ref()).trim().is_empty() => {
                point_coords = true;
            }
            Ok(Event::Start(e)) => {
                match e.local_name().as_ref() {
                    b"Point" => (in_point, point_coords) = (true, false),
                    b"coordinates" if in_point => in_coords = true,
                    _ => {}
                }
                depth += 1;
                if depth > super::MAX_NESTING {
                    let line = line_at(r.buffer_position());
                    return Err(Error::input(
                        file,
                        Some(format!("linje {line}")),
                        format!("elementerne ligger mere end {} niveauer inde i hinanden", super::MAX_NESTING),
                    ));
                }
            }
            Ok(Event::End(e)) => {
                match e.local_name().as_ref() {
                    b"Point" if !point_coords => return Err(no_coords(r.buffer_position())),
                    b"Point" => in_point = false,
                    b"coordinates" => in_coords = false,
                    _ => {}
                }
                depth = depth.saturating_sub(1);
            }
            Ok(Event::Eof) if depth == 0 => return Ok(()),
            Ok(Event::Eof) => {
                return Err(Error::input(file, None, "ugyldig KML: filen slutter, før alle elementer er lukket"));
            }
            Err(e) => {
                let line = line_at(r.error_position());
                return Err(Error::input(file, Some(format!("linje {line}")), format!("ugyldig KML: {e}")));
            }
            Ok(_) => {}
        }
    }
}
