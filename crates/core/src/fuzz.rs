//! Fuzz targets: every reader of outside bytes, as one function each that
//! must return (an error is fine) and never panic, hang or overflow.
//!
//! The same functions run two ways: briefly in the test suite over the seed
//! corpus in `fuzz/corpus/<target>` with deterministic mutations
//! (`crates/core/tests/fuzz_smoke.rs`), and under libFuzzer with coverage
//! instrumentation on the stable toolchain (`cargo xtask fuzz TARGET`, the
//! `fuzz/` crate) for the recorded long runs in docs/RELIABILITY.md.

use crate::import::{self, ImportOptions};
use crate::model::Layer;

/// A fuzz target: takes any bytes, returns (errors are fine), never panics.
pub type Target = fn(&[u8]);

/// The targets by name (the corpus folders and `cargo xtask fuzz` use these).
pub const TARGETS: &[(&str, Target)] = &[
    ("geojson", geojson),
    ("bbr", bbr),
    ("gpx", gpx),
    ("kml", kml),
    ("kmz", kmz),
    ("csv", csv),
    ("osm_xml", osm_xml),
    ("osm_pbf", osm_pbf),
    ("detect", detect),
    ("gpkg_geometry", gpkg_geometry),
    ("gpkg_open", gpkg_open),
    ("history_row", history_row),
    ("network_blob", network_blob),
];

fn opts(as_layer: Option<Layer>) -> ImportOptions {
    ImportOptions { as_layer, ..Default::default() }
}

/// GeoJSON as an import reads it: with and without a target layer, with a municipality.
pub fn geojson(data: &[u8]) {
    let _ = import::geojson_in::parse("fuzz.geojson", data, &opts(None), Some("0461"));
    let _ = import::geojson_in::parse("fuzz.geojson", data, &opts(Some(Layer::HousingAreas)), None);
}

/// BBR Bygning JSON.
pub fn bbr(data: &[u8]) {
    let _ = import::bbr::parse("fuzz.json", data, &opts(None));
}

/// GPX, as an import and as a track for map matching.
pub fn gpx(data: &[u8]) {
    let _ = import::gpx_in::parse("fuzz.gpx", data, &opts(Some(Layer::MealRoutes)));
    let _ = import::gpx_in::read_tracks("fuzz.gpx", data);
}

/// KML text.
pub fn kml(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = import::kml_in::parse("fuzz.kml", text, &opts(Some(Layer::VisitingPlaces)));
    }
}

/// KMZ: a zip holding KML (inflation is capped).
pub fn kmz(data: &[u8]) {
    if let Ok(text) = import::kml_in::unzip_kmz("fuzz.kmz", data) {
        let _ = import::kml_in::parse("fuzz.kmz", &text, &opts(Some(Layer::VisitingPlaces)));
    }
}

/// CSV with coordinates or WKT.
pub fn csv(data: &[u8]) {
    let _ = import::csv_in::parse("fuzz.csv", data, &opts(Some(Layer::Partners)));
}

/// OpenStreetMap XML.
pub fn osm_xml(data: &[u8]) {
    let _ = import::osm_in::parse_xml("fuzz.osm", data, &opts(None));
}

/// OpenStreetMap PBF.
pub fn osm_pbf(data: &[u8]) {
    let _ = import::osm_in::parse_pbf("fuzz.osm.pbf", data, &opts(None));
}

/// Format detection and whichever reader it picks.
pub fn detect(data: &[u8]) {
    let _ = import::parse_bytes("fuzz.dat", data, &opts(Some(Layer::VisitingPlaces)), None);
}

/// A GeoPackage geometry blob (header + WKB), as the store and imports decode it.
pub fn gpkg_geometry(data: &[u8]) {
    if let Ok(g) = crate::geom::from_gpkg(data) {
        let _ = crate::geom::check_finite(&g);
        let _ = crate::geom::to_gpkg(&g, 25832);
    }
}

/// A whole file opened as a project (read-only) and as a GeoPackage to import.
pub fn gpkg_open(data: &[u8]) {
    let Ok(dir) = tempdir() else { return };
    let path = dir.join("fuzz.gpkg");
    if std::fs::write(&path, data).is_ok() {
        if let Ok(p) = crate::store::Project::open_read_only(&path) {
            let _ = p.info();
            let _ = p.features(Layer::Partners);
        }
        let _ = import::gpkg_in::parse(&path, &opts(Some(Layer::VisitingPlaces)));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// One undo-history row's text, as undo reads it back before writing.
pub fn history_row(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::store::rows::decode_snapshot(text);
    }
}

/// A street network kept in a project file, as the next process reads it
/// (a crafted project can hold any bytes there). Every road gets a short
/// line. The bytes are tried as they are and with their right checksum
/// appended, so the reader behind the checksum is fuzzed too (the seeds are
/// blobs without it).
pub fn network_blob(data: &[u8]) {
    let line = geo_types::LineString::from(vec![(0.0, 0.0), (10.0, 0.0)]);
    let _ = crate::network::persist::decode(data, |_| Some(line.clone()));
    let mut sealed = data.to_vec();
    sealed.extend_from_slice(&crc32fast::hash(data).to_le_bytes());
    let _ = crate::network::persist::decode(&sealed, |_| Some(line.clone()));
}

/// A private folder per call (the fuzzer runs many at once across processes).
fn tempdir() -> std::io::Result<std::path::PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let d =
        std::env::temp_dir().join(format!("afdaek-fuzz-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&d)?;
    Ok(d)
}
