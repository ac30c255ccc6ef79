//! Exports: GeoJSON (RFC 7946, WGS84), GeoPackage (the chosen layers, in the
//! project CRS), CSV (attributes + WKT in the project CRS, or lon/lat for
//! points) and KML (WGS84). Every export applies DOMAIN.md's privacy rules:
//! notes and contact persons only when asked, and referral counts under 5
//! suppressed.

use crate::crs::{Transform, WGS84};
use crate::error::{Error, Result};
use crate::geojson_io::{self, ExportOptions};
use crate::model::{FieldDef, Layer};
use crate::store::{Project, schema};
use geo_types::Geometry;
use serde_json::Value;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    GeoJson,
    Gpkg,
    Csv,
    Kml,
}

/// An export format as the app offers it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FormatInfo {
    /// What [`ExportFormat::parse`] takes: "geojson", "gpkg", "csv", "kml".
    pub code: &'static str,
    pub label: &'static str,
    /// The file name's ending, without the dot.
    pub extension: &'static str,
    /// Holds several layers in one file (only GeoPackage).
    pub multi_layer: bool,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [Self::GeoJson, Self::Gpkg, Self::Csv, Self::Kml];

    pub fn info(self) -> FormatInfo {
        let (code, label) = match self {
            Self::GeoJson => ("geojson", "GeoJSON"),
            Self::Gpkg => ("gpkg", "GeoPackage"),
            Self::Csv => ("csv", "CSV"),
            Self::Kml => ("kml", "KML"),
        };
        FormatInfo { code, label, extension: code, multi_layer: self == Self::Gpkg }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().trim_start_matches('.') {
            "geojson" | "json" => Ok(Self::GeoJson),
            "gpkg" | "geopackage" => Ok(Self::Gpkg),
            "csv" => Ok(Self::Csv),
            "kml" => Ok(Self::Kml),
            other => Err(Error::invalid("format", format!("ukendt eksportformat '{other}' (geojson, gpkg, csv, kml)"))),
        }
    }

    /// From the output file's extension.
    pub fn from_path(p: &Path) -> Option<Self> {
        p.extension().and_then(|e| Self::parse(&e.to_string_lossy()).ok())
    }
}

/// Referral counts below this are shown as "<5" in every export.
pub const SUPPRESS_BELOW: i64 = 5;

/// Writes `layers` to `out`. GeoJSON, CSV and KML take exactly one layer.
pub fn export(
    project: &Project,
    layers: &[Layer],
    format: ExportFormat,
    out: &Path,
    opts: ExportOptions,
) -> Result<usize> {
    if layers.is_empty() {
        return Err(Error::invalid("layer", "vælg mindst ét lag"));
    }
    if format != ExportFormat::Gpkg && layers.len() != 1 {
        return Err(Error::invalid("layer", "GeoJSON, CSV og KML rummer ét lag ad gangen; brug gpkg til flere"));
    }
    let write = |bytes: Vec<u8>| {
        std::fs::write(out, bytes).map_err(|e| Error::input(out.display().to_string(), None, e.to_string()))
    };
    match format {
        ExportFormat::GeoJson => {
            let fc = geojson_io::layer_to_geojson(project, layers[0], opts)?;
            let n = fc.features.len();
            write(serde_json::to_vec(&fc).expect("geojson serialises"))?;
            Ok(n)
        }
        ExportFormat::Csv => {
            let (n, bytes) = to_csv(project, layers[0], opts)?;
            write(bytes)?;
            Ok(n)
        }
        ExportFormat::Kml => {
            let (n, bytes) = to_kml(project, layers[0], opts)?;
            write(bytes)?;
            Ok(n)
        }
        ExportFormat::Gpkg => to_gpkg(project, layers, out, opts),
    }
}

fn fields(layer: Layer, opts: ExportOptions) -> impl Iterator<Item = &'static FieldDef> {
    layer.def().fields.iter().filter(move |f| !f.private || opts.include_private)
}

fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn to_csv(project: &Project, layer: Layer, opts: ExportOptions) -> Result<(usize, Vec<u8>)> {
    let to_wgs = Transform::new(project.settings().srs_id as u32, WGS84)?;
    let points = layer.def().geom == crate::model::GeomKind::Point;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = vec!["fid".into()];
    header.extend(fields(layer, opts).map(|f| f.name.to_string()));
    if points {
        header.extend(["lon".into(), "lat".into()]);
    }
    header.push(format!("wkt_epsg{}", project.settings().srs_id));
    let csv_err = |e: csv::Error| Error::Io(std::io::Error::other(e));
    w.write_record(&header).map_err(csv_err)?;
    let features = project.features(layer)?;
    for f in &features {
        let mut row = vec![f.fid.unwrap_or_default().to_string()];
        row.extend(fields(layer, opts).map(|fd| cell(f.attrs.get(fd.name))));
        match &f.geometry {
            Some(g) => {
                if let (true, Geometry::Point(p)) = (points, g) {
                    let c = to_wgs.coord(p.0)?;
                    row.extend([format!("{:.8}", c.x), format!("{:.8}", c.y)]);
                }
                row.push(wkt(g));
            }
            None => {
                if points {
                    row.extend([String::new(), String::new()]);
                }
                row.push(String::new());
            }
        }
        w.write_record(&row).map_err(csv_err)?;
    }
    Ok((features.len(), w.into_inner().map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?))
}

fn wkt(g: &Geometry<f64>) -> String {
    use wkt::ToWkt;
    g.wkt_string()
}

/// Referral counts as CSV, counts under [`SUPPRESS_BELOW`] shown as "<5".
/// A referral count as it may be shown: under 5 only as "<5" (small counts could point to people).
pub fn shown_count(count: i64) -> String {
    if count < SUPPRESS_BELOW { format!("<{SUPPRESS_BELOW}") } else { count.to_string() }
}

pub fn referral_counts_csv(project: &Project) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Io(std::io::Error::other(e));
    w.write_record(["area_layer", "area_fid", "month", "source_type", "count"]).map_err(io)?;
    for rc in project.referral_counts()? {
        let shown = shown_count(rc.count);
        w.write_record([rc.area_layer, rc.area_fid.to_string(), rc.month, rc.source_type, shown]).map_err(io)?;
    }
    w.into_inner().map_err(|e| Error::Io(std::io::Error::other(e.to_string())))
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn kml_coords(cs: impl Iterator<Item = geo_types::Coord<f64>>) -> String {
    cs.map(|c| format!("{:.8},{:.8}", c.x, c.y)).collect::<Vec<_>>().join(" ")
}

fn kml_geometry(g: &Geometry<f64>) -> String {
    use geo::CoordsIter;
    let poly = |p: &geo_types::Polygon<f64>| {
        let mut s = format!(
            "<Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs>",
            kml_coords(p.exterior().coords().copied())
        );
        for i in p.interiors() {
            s += &format!(
                "<innerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></innerBoundaryIs>",
                kml_coords(i.coords().copied())
            );
        }
        s + "</Polygon>"
    };
    match g {
        Geometry::Point(p) => format!("<Point><coordinates>{}</coordinates></Point>", kml_coords(std::iter::once(p.0))),
        Geometry::LineString(l) => {
            format!("<LineString><coordinates>{}</coordinates></LineString>", kml_coords(l.coords_iter()))
        }
        Geometry::Polygon(p) => poly(p),
        Geometry::MultiPolygon(mp) if mp.0.len() == 1 => poly(&mp.0[0]),
        Geometry::MultiPolygon(mp) => {
            format!("<MultiGeometry>{}</MultiGeometry>", mp.0.iter().map(poly).collect::<String>())
        }
        other => format!(
            "<MultiGeometry>{}</MultiGeometry>",
            other
                .coords_iter()
                .map(|c| format!("<Point><coordinates>{:.8},{:.8}</coordinates></Point>", c.x, c.y))
                .collect::<String>()
        ),
    }
}

fn to_kml(project: &Project, layer: Layer, opts: ExportOptions) -> Result<(usize, Vec<u8>)> {
    let to_wgs = Transform::new(project.settings().srs_id as u32, WGS84)?;
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n",
    );
    s += &format!("<name>{}</name>\n", xml_escape(&format!("{} – {}", project.settings().name, layer.def().da)));
    let features = project.features(layer)?;
    for f in &features {
        s += "<Placemark>";
        if let Some(n) = f.str("name") {
            s += &format!("<name>{}</name>", xml_escape(n));
        }
        s += "<ExtendedData>";
        s += &format!("<Data name=\"fid\"><value>{}</value></Data>", f.fid.unwrap_or_default());
        for fd in fields(layer, opts) {
            if let Some(v) = f.attrs.get(fd.name).filter(|v| !v.is_null()) {
                s += &format!("<Data name=\"{}\"><value>{}</value></Data>", fd.name, xml_escape(&cell(Some(v))));
            }
        }
        s += "</ExtendedData>";
        if let Some(g) = &f.geometry {
            s += &kml_geometry(&to_wgs.geometry(g)?);
        }
        s += "</Placemark>\n";
    }
    s += "</Document>\n</kml>\n";
    Ok((features.len(), s.into_bytes()))
}

fn to_gpkg(project: &Project, layers: &[Layer], out: &Path, opts: ExportOptions) -> Result<usize> {
    if out.exists() {
        return Err(Error::input(out.display().to_string(), None, "filen findes allerede; vælg et andet navn"));
    }
    let srs = project.settings().srs_id;
    let conn = rusqlite::Connection::open(out)?;
    let made = (|| -> Result<usize> {
        conn.execute_batch("BEGIN")?;
        schema::create_gpkg_core(&conn)?;
        let mut n = 0;
        for &layer in layers {
            schema::create_layer(&conn, layer.def(), srs)?;
            let mut extent: Option<[f64; 4]> = None;
            for mut f in project.features(layer)? {
                if !opts.include_private {
                    f.attrs.retain(|k, _| layer.field(k).is_some_and(|fd| !fd.private));
                }
                if let Some(b) = f.geometry.as_ref().and_then(crate::geom::bbox) {
                    extent = Some(crate::geom::union_bbox(extent, b));
                }
                let created = f.created.clone().unwrap_or_default();
                let modified = f.modified.clone().unwrap_or_default();
                crate::store::features::write_feature(&conn, layer, f.fid, &f, &created, &modified, srs)?;
                n += 1;
            }
            if let Some(e) = extent {
                conn.execute(
                    "UPDATE gpkg_contents SET min_x = ?2, min_y = ?3, max_x = ?4, max_y = ?5 WHERE table_name = ?1",
                    rusqlite::params![layer.table(), e[0], e[1], e[2], e[3]],
                )?;
            }
        }
        conn.execute_batch("COMMIT")?;
        Ok(n)
    })();
    drop(conn);
    if made.is_err() {
        let _ = std::fs::remove_file(out);
    }
    made
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the app offers is what the exporter takes.
    #[test]
    fn every_offered_format_parses_back_and_only_gpkg_holds_several_layers() {
        for f in ExportFormat::ALL {
            let info = f.info();
            assert_eq!(ExportFormat::parse(info.code).unwrap(), f);
            assert_eq!(ExportFormat::from_path(Path::new(&format!("x.{}", info.extension))), Some(f));
            assert_eq!(info.multi_layer, f == ExportFormat::Gpkg);
        }
    }
}
