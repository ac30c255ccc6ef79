//! The import preview (the app's Import dialog, `afdaek import --dry-run`):
//! it reads and checks a file exactly as an import does, counts what would be
//! stored per layer, says when a target layer must be chosen, and stores
//! nothing, in the project or its history.

mod common;
use common::data;

use afdaek_core::import::{ImportOptions, ImportPreview, import_file, preview_file};
use afdaek_core::session::Session;
use afdaek_core::{Error, Layer, Project};
use std::path::Path;

fn project(dir: &Path) -> Project {
    Project::create(dir.join("p.gpkg"), "Forhåndsvisning", Some("0461")).unwrap()
}

fn opts(as_layer: Option<Layer>) -> ImportOptions {
    ImportOptions { as_layer, ..Default::default() }
}

fn preview(p: &Project, file: &Path, as_layer: Option<Layer>) -> ImportPreview {
    preview_file(p, file, &opts(as_layer)).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Nothing in any layer, no street names, no undo step.
fn assert_untouched(p: &Project) {
    for l in Layer::all() {
        assert_eq!(p.count(l), 0, "nothing stored in {l}");
    }
    assert!(p.street_names().unwrap().is_empty());
    assert!(p.history().unwrap().is_empty(), "no undo step");
}

#[test]
fn the_preview_counts_what_the_import_then_stores() {
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path());
    for (rel, table) in
        [("odense/vejmidte_0461_odense.geojson", "roads"), ("odense/bbr_bygning_0461_odense.json", "buildings")]
    {
        let file = data().join(rel);
        let before = p.count(Layer::parse(table).unwrap());
        let pv = preview(&p, &file, None);
        assert!(!pv.needs_layer && pv.message.is_none() && !pv.track, "{pv:?}");
        assert_eq!(p.count(Layer::parse(table).unwrap()), before, "the preview stored nothing");
        let r = import_file(&mut p, &file, &opts(None)).unwrap();
        // The same reading: format, CRS, counts per layer, skipped with reasons, extent.
        assert_eq!((&pv.format, &pv.crs, pv.read), (&r.format, &r.crs, r.read), "{rel}");
        assert_eq!(pv.per_layer, r.per_layer, "{rel}");
        assert_eq!(pv.skipped, r.skipped, "{rel}");
        assert_eq!(pv.extent_lonlat, r.extent_lonlat, "{rel}");
        assert_eq!(pv.labels[table], Layer::parse(table).unwrap().def().da);
    }
    let roads = preview(&p, &data().join("odense/vejmidte_0461_odense.geojson"), None);
    assert!(roads.format.contains("Vejmidte"), "{}", roads.format);
    assert_eq!(roads.per_layer["roads"], 1717);
    let [w, s, e, n] = roads.extent_lonlat.unwrap();
    assert!((10.0..11.0).contains(&w) && (10.0..11.0).contains(&e) && (55.0..56.0).contains(&s) && n > s, "Odense");
}

#[test]
fn a_preview_stores_nothing_and_a_broken_file_fails_as_the_import_would() {
    let d = tempfile::tempdir().unwrap();
    let p = project(d.path());
    let file = d.path().join("partnere.geojson");
    std::fs::write(
        &file,
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Viceværten","partner_type":"caretaker"},"geometry":{"type":"Point","coordinates":[10.3883,55.3959]}},
{"type":"Feature","properties":{"name":"Biblioteket"},"geometry":{"type":"Point","coordinates":[10.39,55.40]}}]}"#,
    )
    .unwrap();
    let pv = preview(&p, &file, Some(Layer::Partners));
    assert_eq!((pv.read, pv.per_layer["partners"], pv.format.as_str()), (2, 2, "GeoJSON"));
    assert_eq!(pv.labels["partners"], "Samarbejdspartnere");
    assert_untouched(&p);

    // Cut in half: the core's message names the file and the line, and nothing is stored.
    let full = std::fs::read(&file).unwrap();
    let cut = d.path().join("afbrudt.geojson");
    std::fs::write(&cut, &full[..full.len() / 2]).unwrap();
    let e = preview_file(&p, &cut, &opts(Some(Layer::Partners))).unwrap_err();
    assert!(matches!(e, Error::Input { .. }), "{e}");
    assert!(e.to_string().contains("afbrudt.geojson") && e.to_string().contains("linje"), "{e}");
    assert_untouched(&p);
}

#[test]
fn plain_geojson_kml_gpx_and_csv_ask_for_a_layer() {
    let d = tempfile::tempdir().unwrap();
    let p = project(d.path());
    let gpx = d.path().join("rute.gpx");
    std::fs::write(
        &gpx,
        r#"<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>Madrute tirsdag</name><trkseg><trkpt lat="55.3950" lon="10.3800"><time>2026-11-03T10:00:00Z</time></trkpt>
<trkpt lat="55.3960" lon="10.3850"><time>2026-11-03T10:01:00Z</time></trkpt></trkseg></trk></gpx>"#,
    )
    .unwrap();
    let csv = d.path().join("steder.csv");
    std::fs::write(&csv, "navn;place_type;lat;lon\nKiosken;kiosk;55,3959;10,3883\nBiblioteket;library;55,40;10,39\n")
        .unwrap();
    let kml = d.path().join("kort.kml");
    std::fs::write(
        &kml,
        r#"<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Bænken</name><Point><coordinates>10.3883,55.3959,0</coordinates></Point></Placemark></Document></kml>"#,
    )
    .unwrap();
    let plain = d.path().join("punkter.geojson");
    std::fs::write(
        &plain,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Bænken"},"geometry":{"type":"Point","coordinates":[10.3883,55.3959]}}]}"#,
    )
    .unwrap();

    for (file, format) in [(&gpx, "GPX"), (&csv, "CSV"), (&kml, "KML"), (&plain, "GeoJSON")] {
        // An import without a layer is refused, saying what to do …
        let mut scratch = Project::create(d.path().join(format!("{format}.gpkg")), "x", None).unwrap();
        let e = import_file(&mut scratch, file, &opts(None)).unwrap_err();
        assert!(matches!(e, Error::NeedsLayer { .. }) && e.to_string().contains("--as"), "{e}");
        // … and the preview says so, with the core's words, not as a failure.
        let pv = preview(&p, file, None);
        assert!(pv.needs_layer, "{format}: {pv:?}");
        assert_eq!(pv.format, format);
        let message = pv.message.as_deref().unwrap();
        assert!(message.contains("angiv hvilket lag") && message.contains(&*file.to_string_lossy()), "{message}");
        assert!(!message.contains("--as"), "no command-line words in the app: {message}");
        assert!(pv.per_layer.is_empty() && pv.read == 0);
        assert_eq!(pv.track, format == "GPX");
        assert!(!pv.targets.iter().any(|t| t == "coverage" || t == "gps_tracks"), "{:?}", pv.targets);
        for t in &pv.targets {
            assert_eq!(pv.labels[t], Layer::parse(t).unwrap().def().da);
        }
    }
    // CSV rows are points: only point layers are offered.
    let pv = preview(&p, &csv, None);
    assert!(pv.targets.contains(&"partners".to_string()) && !pv.targets.contains(&"roads".to_string()));

    // With a layer: the counts.
    let pv = preview(&p, &gpx, Some(Layer::MealRoutes));
    assert!(!pv.needs_layer && pv.track);
    assert_eq!(pv.per_layer["meal_routes"], 1);
    let pv = preview(&p, &csv, Some(Layer::VisitingPlaces));
    assert_eq!((pv.read, pv.per_layer["visiting_places"]), (2, 2));
    assert_untouched(&p);
}

#[test]
fn clipping_to_the_boundary_is_previewed() {
    let d = tempfile::tempdir().unwrap();
    let s = Session::create_for_municipality(&d.path().join("o.gpkg"), "Odense", "0461", "TST").unwrap();
    let file = d.path().join("to.geojson");
    // One partner in Odense, one in Copenhagen.
    std::fs::write(
        &file,
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Odense"},"geometry":{"type":"Point","coordinates":[10.3883,55.3959]}},
{"type":"Feature","properties":{"name":"København"},"geometry":{"type":"Point","coordinates":[12.5683,55.6761]}}]}"#,
    )
    .unwrap();
    let history = s.project().history().unwrap().len();
    let all = s.import_preview(&file, &opts(Some(Layer::Partners)), &mut |_| {}).unwrap();
    assert_eq!(all.per_layer["partners"], 2);
    assert!(all.warnings.iter().any(|w| w.contains("uden for projektgrænsen")), "{:?}", all.warnings);
    let clipped = s
        .import_preview(
            &file,
            &ImportOptions { as_layer: Some(Layer::Partners), clip_to_boundary: true, ..Default::default() },
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(clipped.per_layer["partners"], 1);
    assert_eq!(clipped.skipped["uden for projektgrænsen"], 1);
    assert_eq!(s.project().count(Layer::Partners), 0);
    assert_eq!(s.project().history().unwrap().len(), history);
}

#[test]
fn a_street_name_register_is_previewed_without_naming_anything() {
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path());
    import_file(&mut p, &data().join("odense/vejmidte_0461_odense.geojson"), &opts(None)).unwrap();
    let history = p.history().unwrap().len();
    // The register is in the repository's own data/ only.
    let names = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/cpr/vejnavne_0461_odense.csv");
    let pv = preview(&p, &names, None);
    assert_eq!(pv.format, "Vejnavne (CPR)");
    assert_eq!(pv.per_layer["street_names"], 55, "{:?}", pv.per_layer);
    assert!(pv.per_layer["roads"] > 0, "the roads it would name: {:?}", pv.per_layer);
    assert_eq!(pv.labels["street_names"], "Vejnavne");
    assert!(p.street_names().unwrap().is_empty());
    assert_eq!(p.history().unwrap().len(), history);
}
