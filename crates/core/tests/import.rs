//! Importers on the real public data in ../shared/data, round trips through
//! every export format, and malformed inputs that must fail cleanly with
//! nothing stored.

mod common;
use common::data;

use afdaek_core::export::{ExportFormat, export};
use afdaek_core::geojson_io::ExportOptions;
use afdaek_core::import::{ImportOptions, ImportReport, import_file};
use afdaek_core::{Error, Layer, Project};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn project(dir: &Path, municipality: Option<&str>) -> Project {
    Project::create(dir.join("p.gpkg"), "Importtest", municipality).unwrap()
}

fn opts(as_layer: Option<Layer>) -> ImportOptions {
    ImportOptions { as_layer, ..Default::default() }
}

fn imp(p: &mut Project, rel: &str, as_layer: Option<Layer>) -> ImportReport {
    import_file(p, &data().join(rel), &opts(as_layer)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(rel: &str) -> Value {
    serde_json::from_slice(&std::fs::read(data().join(rel)).unwrap()).unwrap()
}

fn find<'a>(p: &'a [afdaek_core::Feature], source_id: &str) -> &'a afdaek_core::Feature {
    p.iter().find(|f| f.str("source_id") == Some(source_id)).unwrap_or_else(|| panic!("{source_id} not imported"))
}

#[test]
fn odense_roads_and_buildings() {
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path(), Some("0461"));
    let r = imp(&mut p, "odense/vejmidte_0461_odense.geojson", None);
    assert_eq!((r.read, r.imported, r.crs.as_str()), (1717, 1717, "EPSG:25832"));
    assert!(r.format.contains("Vejmidte"));
    let roads = p.features(Layer::Roads).unwrap();
    let f = find(&roads, "1067477984");
    assert_eq!(f.str("road_class"), Some("Lokalvej-Primær"));
    assert_eq!(f.str("municipality"), Some("0461"));
    assert_eq!(f.str("street_code"), Some("5363"));
    assert_eq!((f.str("start_node"), f.str("end_node")), (Some("5269886"), Some("5269887")));
    // Z dropped, XY kept exactly.
    match f.geometry.as_ref().unwrap() {
        geo_types::Geometry::LineString(l) => {
            assert_eq!((l.0[0].x, l.0[0].y), (585459.87, 6139443.61))
        }
        g => panic!("{g:?}"),
    }

    let r = imp(&mut p, "odense/bbr_bygning_0461_odense.json", None);
    assert_eq!(r.read, 1047);
    let skipped: usize = r.skipped.values().sum();
    assert_eq!(r.imported + skipped, 1047, "{r:?}");
    assert!(r.skipped.contains_key("ingen koordinat") || r.skipped.keys().any(|k| k.starts_with("status")));
    let b = p.features(Layer::Buildings).unwrap();
    assert_eq!(b.iter().filter(|f| f.i64("use_code") == Some(150)).count(), 2, "the two dormitories");
    let dorm = find(&b, "ead13470-b9a4-4f6e-9add-746aa8929457");
    assert_eq!(dorm.i64("use_code"), Some(150));
    assert_eq!(dorm.i64("dwellings"), Some(39), "1178 m² of dormitory at 30 m² a unit");
    assert!(b.iter().all(|f| matches!(f.str("status"), Some("6") | Some("7"))));
    // Bitemporal: one row per building id, the newest version.
    let mut ids: Vec<_> = b.iter().filter_map(|f| f.str("source_id")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), b.len());

    // Re-importing updates by source id instead of duplicating.
    let again = imp(&mut p, "odense/vejmidte_0461_odense.geojson", None);
    assert_eq!((again.imported, again.updated), (0, 1717));
    assert_eq!(p.count(Layer::Roads), 1717);
}

#[test]
fn every_danish_road_and_building_file() {
    if !common::have_shared("every_danish_road_and_building_file") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path(), None);
    for f in [
        "denmark/vejmidte_0253_greve.geojson",
        "denmark/vejmidte_0265_roskilde.geojson",
        "denmark/vejmidte_0340_soroe.geojson",
    ] {
        let n = json(f)["features"].as_array().unwrap().len();
        let r = imp(&mut p, f, None);
        assert_eq!(r.read, n, "{f}");
        assert_eq!(r.imported, n, "{f}: every road centre line imported (multi-lines split counted apart)");
    }
    for f in [
        "denmark/bbr_bygning_0155_dragoer.json",
        "denmark/bbr_bygning_0185_taarnby.json",
        "denmark/bbr_bygning_0253_greve.json",
    ] {
        let n = json(f).as_array().unwrap().len();
        let r = imp(&mut p, f, None);
        assert_eq!(r.read, n, "{f}");
        assert_eq!(r.imported + r.skipped.values().sum::<usize>(), n, "{f}: {r:?}");
        assert!(r.imported > 0, "{f}");
    }
    let munis: std::collections::BTreeSet<_> =
        p.features(Layer::Roads).unwrap().iter().filter_map(|f| f.str("municipality").map(String::from)).collect();
    assert_eq!(munis.into_iter().collect::<Vec<_>>(), vec!["0253", "0265", "0340"]);
}

#[test]
fn dagi_municipalities_and_postcodes() {
    if !common::have_shared("dagi_municipalities_and_postcodes") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    // With the project's municipality set, only that municipality becomes the boundary.
    let mut p = project(d.path(), Some("0461"));
    let r = imp(&mut p, "denmark/kommuner.geojson", Some(Layer::Boundary));
    assert_eq!(r.imported, 1);
    assert_eq!(r.crs, "EPSG:4326");
    let b = p.features(Layer::Boundary).unwrap();
    assert_eq!(b[0].str("name"), Some("Odense"));
    assert_eq!(b[0].str("municipality"), Some("0461"));
    let e = r.extent_lonlat.unwrap();
    assert!(e[0] > 10.0 && e[2] < 10.8 && e[1] > 55.2 && e[3] < 55.6, "{e:?}");

    // Without one, all 99 municipalities, each one multipolygon (islands joined).
    let d2 = tempfile::tempdir().unwrap();
    let mut p = project(d2.path(), None);
    imp(&mut p, "denmark/kommuner.geojson", None);
    assert_eq!(p.count(Layer::Boundary), 99);
    let codes = json("denmark/postnumre.geojson");
    let distinct: std::collections::BTreeSet<_> =
        codes["features"].as_array().unwrap().iter().map(|f| f["properties"]["postal_code"].to_string()).collect();
    let r = imp(&mut p, "denmark/postnumre.geojson", Some(Layer::HousingAreas));
    assert_eq!(r.imported, distinct.len());
}

#[test]
fn osm_points_of_interest() {
    if !common::have_shared("osm_points_of_interest") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path(), None);
    let src = json("denmark/osm_poi_denmark_2019.geojson");
    let feats = src["features"].as_array().unwrap();
    let count = |k: &str, v: &str| feats.iter().filter(|f| f["properties"][k] == v).count();
    let r = imp(&mut p, "denmark/osm_poi_denmark_2019.geojson", None);
    assert_eq!(r.read, feats.len());
    assert_eq!(r.per_layer["rural_places"], count("place", "hamlet") + count("place", "isolated_dwelling"));
    let pharmacies =
        p.features(Layer::Partners).unwrap().iter().filter(|f| f.str("partner_type") == Some("pharmacy")).count();
    assert_eq!(pharmacies, count("amenity", "pharmacy"));
    let kiosks =
        p.features(Layer::VisitingPlaces).unwrap().iter().filter(|f| f.str("place_type") == Some("kiosk")).count();
    assert_eq!(kiosks, count("shop", "kiosk"));
    // Schools are not part of the mapping and are reported, not stored.
    assert_eq!(r.skipped["OSM-type uden betydning for afdækningen (amenity=school)"], count("amenity", "school"));
    let partners = p.features(Layer::Partners).unwrap();
    assert!(partners.iter().all(|f| f.str("contact_status") == Some("not_started")));
}

#[test]
fn osm_xml_and_pbf_from_osmium() {
    let d = tempfile::tempdir().unwrap();
    let xml = d.path().join("lille.osm");
    std::fs::write(
        &xml,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="afdaek-test">
  <node id="1" version="1" lat="55.3950" lon="10.3800"/>
  <node id="2" version="1" lat="55.3960" lon="10.3850"/>
  <node id="3" version="1" lat="55.3970" lon="10.3900"><tag k="highway" v="crossing"/></node>
  <node id="10" version="1" lat="55.3955" lon="10.3820"><tag k="shop" v="kiosk"/><tag k="name" v="Kiosk &amp; Co"/></node>
  <node id="11" version="1" lat="55.4200" lon="10.2000"><tag k="place" v="isolated_dwelling"/><tag k="name" v="Enegården"/></node>
  <node id="12" version="1" lat="55.3990" lon="10.3880"><tag k="amenity" v="pharmacy"/><tag k="name" v="Apoteket"/></node>
  <way id="100" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="name" v="Testvej"/><tag k="oneway" v="-1"/></way>
  <way id="101" version="1"><nd ref="2"/><nd ref="3"/><tag k="highway" v="proposed"/></way>
  <way id="102" version="1"><nd ref="1"/><nd ref="3"/><tag k="building" v="yes"/></way>
</osm>"#,
    )
    .unwrap();
    let pbf = d.path().join("lille.osm.pbf");
    let st = Command::new("osmium").arg("cat").arg(&xml).arg("-o").arg(&pbf).arg("--overwrite").status();
    assert!(st.is_ok_and(|s| s.success()), "osmium (osmium-tool) is required; `cargo xtask test` installs it");
    for file in [&xml, &pbf] {
        let dd = tempfile::tempdir().unwrap();
        let mut p = project(dd.path(), None);
        let r = import_file(&mut p, file, &opts(None)).unwrap();
        assert_eq!(r.per_layer["roads"], 1, "{}: {r:?}", file.display());
        let road = &p.features(Layer::Roads).unwrap()[0];
        assert_eq!(road.str("name"), Some("Testvej"));
        assert_eq!(road.str("road_class"), Some("residential"));
        assert_eq!(road.str("source_id"), Some("way/100"));
        assert_eq!((road.str("start_node"), road.str("end_node")), (Some("1"), Some("3")));
        assert_eq!(road.str("oneway"), Some("backward"), "oneway=-1: cars drive against the way's direction");
        assert_eq!(p.features(Layer::VisitingPlaces).unwrap()[0].str("name"), Some("Kiosk & Co"));
        assert_eq!(p.features(Layer::RuralPlaces).unwrap()[0].str("place_kind"), Some("isolated_dwelling"));
        assert_eq!(p.features(Layer::Partners).unwrap()[0].str("partner_type"), Some("pharmacy"));
        assert!(r.skipped.keys().any(|k| k.contains("highway=proposed")), "{r:?}");
    }
}

#[test]
fn kml_kmz_gpx_csv() {
    let d = tempfile::tempdir().unwrap();
    let kml = r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Min kort</name>
<Folder><name>Partnere</name>
<Placemark><name>Viceværten, Blok 4</name><ExtendedData><Data name="partner_type"><value>caretaker</value></Data></ExtendedData>
<Point><coordinates>10.3883,55.3959,0</coordinates></Point></Placemark>
<Placemark><name>Zone</name><Polygon><outerBoundaryIs><LinearRing><coordinates>10.38,55.39 10.39,55.39 10.39,55.40 10.38,55.39</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Folder></Document></kml>"#;
    let kml_path = d.path().join("kort.kml");
    std::fs::write(&kml_path, kml).unwrap();
    let mut p = project(d.path(), None);
    let r = import_file(&mut p, &kml_path, &opts(Some(Layer::Partners))).unwrap();
    assert_eq!(r.imported, 1);
    assert_eq!(r.skipped.values().sum::<usize>(), 1, "the polygon does not fit partners");
    let f = &p.features(Layer::Partners).unwrap()[0];
    assert_eq!((f.str("name"), f.str("partner_type")), (Some("Viceværten, Blok 4"), Some("caretaker")));

    // KMZ: the same document zipped.
    let kmz_path = d.path().join("kort.kmz");
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::fs::File::create(&kmz_path).unwrap());
        z.start_file("doc.kml", zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(kml.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    let r = import_file(&mut p, &kmz_path, &opts(Some(Layer::FocusAreas))).unwrap();
    assert_eq!((r.format.as_str(), r.imported), ("KMZ", 1));

    // GPX: a track becomes a meal-delivery route; without --as it points to `afdaek track`.
    let gpx = d.path().join("rute.gpx");
    std::fs::write(
        &gpx,
        r#"<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>Madrute tirsdag</name><trkseg><trkpt lat="55.3950" lon="10.3800"><time>2026-11-03T10:00:00Z</time></trkpt>
<trkpt lat="55.3960" lon="10.3850"><time>2026-11-03T10:01:00Z</time></trkpt></trkseg></trk></gpx>"#,
    )
    .unwrap();
    let e = import_file(&mut p, &gpx, &opts(None)).unwrap_err();
    assert!(e.to_string().contains("afdaek track"), "{e}");
    let r = import_file(&mut p, &gpx, &opts(Some(Layer::MealRoutes))).unwrap();
    assert_eq!(r.imported, 1);
    assert_eq!(p.features(Layer::MealRoutes).unwrap()[0].str("name"), Some("Madrute tirsdag"));
    let tracks = afdaek_core::import::gpx_in::read_tracks("rute.gpx", &std::fs::read(&gpx).unwrap()).unwrap();
    assert_eq!(tracks[0].len(), 2);
    assert_eq!(tracks[0][1].time.unwrap() - tracks[0][0].time.unwrap(), 60.0);

    // CSV: Danish Excel style (semicolons, decimal commas) and x/y in UTM.
    let csv1 = d.path().join("steder.csv");
    std::fs::write(&csv1, "navn;place_type;lat;lon\nKiosken;kiosk;55,3959;10,3883\nBiblioteket;library;55,40;10,39\n")
        .unwrap();
    let r = import_file(&mut p, &csv1, &opts(Some(Layer::VisitingPlaces))).unwrap();
    assert_eq!(r.imported, 2);
    let csv2 = d.path().join("partnere.csv");
    std::fs::write(&csv2, "name,partner_type,x,y\nLokalbetjent,police,587927.9,6139725.1\n").unwrap();
    import_file(&mut p, &csv2, &opts(Some(Layer::Partners))).unwrap();
    let police =
        p.features(Layer::Partners).unwrap().into_iter().find(|f| f.str("partner_type") == Some("police")).unwrap();
    match police.geometry.unwrap() {
        geo_types::Geometry::Point(pt) => assert!((pt.x() - 587927.9).abs() < 1e-6),
        g => panic!("{g:?}"),
    }
}

/// Import → export (every format) → import gives the same features.
#[test]
fn exports_round_trip() {
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path(), Some("0461"));
    imp(&mut p, "odense/vejmidte_0461_odense.geojson", None);
    imp(&mut p, "odense/bbr_bygning_0461_odense.json", None);
    let o = ExportOptions::default();
    let cases: [(ExportFormat, &str, Layer, f64); 6] = [
        (ExportFormat::GeoJson, "roads.geojson", Layer::Roads, 0.01),
        (ExportFormat::Gpkg, "roads.gpkg", Layer::Roads, 1e-9),
        (ExportFormat::Kml, "roads.kml", Layer::Roads, 0.01),
        (ExportFormat::GeoJson, "b.geojson", Layer::Buildings, 0.01),
        (ExportFormat::Csv, "b.csv", Layer::Buildings, 0.01),
        (ExportFormat::Gpkg, "b.gpkg", Layer::Buildings, 1e-9),
    ];
    for (format, name, layer, tol) in cases {
        let out = d.path().join(name);
        let n = export(&p, &[layer], format, &out, o).unwrap();
        assert_eq!(n, p.count(layer));
        let dd = tempfile::tempdir().unwrap();
        let mut q = project(dd.path(), Some("0461"));
        let r = import_file(&mut q, &out, &opts(Some(layer))).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.imported, n, "{name}");
        let (a, b) = (p.features(layer).unwrap(), q.features(layer).unwrap());
        for (fa, fb) in a.iter().zip(&b) {
            for key in ["source_id", "road_class", "use_code", "dwellings", "status"] {
                if layer.field(key).is_some() {
                    assert_eq!(
                        fa.attrs.get(key).map(|v| v.to_string().trim_matches('"').to_string()),
                        fb.attrs.get(key).map(|v| v.to_string().trim_matches('"').to_string()),
                        "{name}: {key}"
                    );
                }
            }
            use geo::CoordsIter;
            let (ga, gb) = (fa.geometry.as_ref().unwrap(), fb.geometry.as_ref().unwrap());
            assert_eq!(ga.coords_count(), gb.coords_count(), "{name}");
            for (ca, cb) in ga.coords_iter().zip(gb.coords_iter()) {
                assert!((ca.x - cb.x).abs() <= tol && (ca.y - cb.y).abs() <= tol, "{name}: {ca:?} vs {cb:?}");
            }
        }
    }
}

#[test]
fn gdal_reads_our_exports() {
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path(), Some("0461"));
    imp(&mut p, "odense/vejmidte_0461_odense.geojson", None);
    imp(&mut p, "odense/bbr_bygning_0461_odense.json", None);
    let gpkg = d.path().join("udtraek.gpkg");
    export(&p, &[Layer::Roads, Layer::Buildings], ExportFormat::Gpkg, &gpkg, ExportOptions::default()).unwrap();
    let out = Command::new("ogrinfo").args(["-so", "-al"]).arg(&gpkg).output().expect("ogrinfo (gdal-bin)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("Layer name: roads") && text.contains("Feature Count: 1717"), "{text}");
    assert!(text.contains(&format!("Feature Count: {}", p.count(Layer::Buildings))));
    assert!(!text.contains("Layer name: partners"), "only the chosen layers");

    let gj = d.path().join("roads.geojson");
    export(&p, &[Layer::Roads], ExportFormat::GeoJson, &gj, ExportOptions::default()).unwrap();
    let conv = d.path().join("roads-via-gdal.gpkg");
    let out = Command::new("ogr2ogr").args(["-f", "GPKG"]).arg(&conv).arg(&gj).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "ogr2ogr complained: {}", String::from_utf8_lossy(&out.stderr));
    // ...and the GDAL-made GeoPackage imports back (a "QGIS-made" layer).
    let mut q = project(tempfile::tempdir().unwrap().keep().as_path(), None);
    let r = import_file(&mut q, &conv, &opts(Some(Layer::Roads))).unwrap();
    assert_eq!(r.imported, 1717);
}

#[test]
fn private_fields_and_small_counts_stay_home() {
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path(), None);
    p.edit("x", |ed| {
        ed.insert(
            Layer::Partners,
            afdaek_core::Feature::new(geo_types::Point::new(588_000.0, 6_138_000.0))
                .with("name", "Hjemmeplejen")
                .with("contact_person", "Gruppeleder")
                .with("notes", "Ring før 9"),
        )?;
        ed.set_referral_count(Layer::FocusAreas, 1, "2026-10", "partner", 3)?;
        ed.set_referral_count(Layer::FocusAreas, 1, "2026-11", "partner", 7)
    })
    .unwrap();
    for format in [ExportFormat::GeoJson, ExportFormat::Csv, ExportFormat::Kml] {
        let out = d.path().join(format!("p.{format:?}"));
        export(&p, &[Layer::Partners], format, &out, ExportOptions::default()).unwrap();
        let s = std::fs::read_to_string(&out).unwrap();
        assert!(
            s.contains("Hjemmeplejen") && !s.contains("Gruppeleder") && !s.contains("Ring før 9"),
            "{format:?}: {s}"
        );
        let out2 = d.path().join(format!("p2.{format:?}"));
        export(&p, &[Layer::Partners], format, &out2, ExportOptions { include_private: true, labels: false }).unwrap();
        assert!(std::fs::read_to_string(&out2).unwrap().contains("Gruppeleder"));
    }
    let csv = String::from_utf8(afdaek_core::export::referral_counts_csv(&p).unwrap()).unwrap();
    assert!(csv.contains("2026-10,partner,<5") && csv.contains("2026-11,partner,7"), "{csv}");
}

fn expect_clean_failure(bytes: &[u8], as_layer: Option<Layer>, must_say: &[&str]) {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("input.dat");
    std::fs::write(&file, bytes).unwrap();
    let mut p = project(d.path(), None);
    let e = import_file(&mut p, &file, &opts(as_layer)).expect_err("malformed input must fail");
    let msg = e.to_string();
    assert!(matches!(e, Error::Input { .. }), "{msg}");
    assert!(msg.contains("input.dat"), "names the file: {msg}");
    for s in must_say {
        assert!(msg.contains(s), "{msg} should say {s}");
    }
    for l in Layer::all() {
        assert_eq!(p.count(l), 0, "nothing stored in {l}: {msg}");
    }
    assert!(p.history().unwrap().is_empty());
}

#[test]
fn malformed_inputs_fail_cleanly() {
    let good_point =
        r#"{"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Point","coordinates":[10.38,55.39]}}"#;
    // Truncated JSON: names the line.
    let full = std::fs::read(data().join("odense/vejmidte_0461_odense.geojson")).unwrap();
    expect_clean_failure(&full[..full.len() / 2], None, &["linje", "JSON"]);
    // Lat/lon swapped (Danish data written latitude first).
    expect_clean_failure(
        br#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[55.39,10.38]}}]}"#,
        Some(Layer::VisitingPlaces),
        &["byttet om"],
    );
    // A latitude out of range in the middle of good features: names the feature.
    expect_clean_failure(
        format!(r#"{{"type":"FeatureCollection","features":[{good_point},{good_point},{{"type":"Feature","properties":{{}},"geometry":{{"type":"Point","coordinates":[10.4,155.2]}}}}]}}"#).as_bytes(),
        Some(Layer::VisitingPlaces),
        &["objekt 2", "155.2"],
    );
    // UTM x/y swapped.
    expect_clean_failure(
        br#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:25832"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[6139725.1,587927.9]}}]}"#,
        Some(Layer::VisitingPlaces),
        &["objekt 0", "byttet om"],
    );
    // Empty geometry.
    expect_clean_failure(
        format!(r#"{{"type":"FeatureCollection","features":[{good_point},{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[]}}}}]}}"#).as_bytes(),
        Some(Layer::FocusAreas),
        &["objekt 1", "tom geometri"],
    );
    // Huge coordinates.
    expect_clean_failure(
        br#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e300,1e300]}}]}"#,
        Some(Layer::VisitingPlaces),
        &["objekt 0"],
    );
    // A ring of two points.
    expect_clean_failure(
        br#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[10.3,55.3],[10.4,55.4]]]}}"#,
        Some(Layer::FocusAreas),
        &["objekt 0", "polygonring"],
    );
    // A CPR number in an imported name: refused, nothing stored.
    expect_clean_failure(
        br#"{"type":"Feature","properties":{"name":"Hr. X 120385-1234"},"geometry":{"type":"Point","coordinates":[10.38,55.39]}}"#,
        Some(Layer::VisitingPlaces),
        &["objekt 0", "CPR-nummer"],
    );
    // Binary garbage.
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    expect_clean_failure(&garbage, None, &["ukendt filformat"]);
    // A PBF whose first block declares 2 GB.
    let mut pbf = vec![0x7f, 0xff, 0xff, 0xff];
    pbf.extend_from_slice(b"\x0a\x09OSMHeader\x18\xff\xff\xff\xff\x07");
    pbf.extend(std::iter::repeat_n(0u8, 64));
    expect_clean_failure(&pbf, None, &["PBF"]);
    // CSV with a bad latitude: names the line.
    expect_clean_failure(
        b"name,lat,lon\nA,55.1,10.1\nB,155.2,10.2\n",
        Some(Layer::VisitingPlaces),
        &["linje 3", "155.2"],
    );
    // OSM XML cut short.
    expect_clean_failure(b"<?xml version=\"1.0\"?><osm version=\"0.6\"><node id=\"1\" lat=\"55\" lon=\"10\"><tag k=\"shop\" v=\"kiosk\"/></nod", None, &["XML"]);
    // GPX that is not GPX inside.
    expect_clean_failure(
        b"<?xml version=\"1.0\"?><gpx><trk><trkseg><trkpt lat=\"x\" lon=\"y\"/></trkseg></trk></gpx>",
        Some(Layer::MealRoutes),
        &["GPX"],
    );
}

#[test]
fn a_two_gigabyte_file_is_refused_without_reading_it() {
    // Every format is refused by its size before a byte is read (the files
    // are sparse: 2 GB of nothing after a valid start).
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path(), None);
    for (name, head) in [
        ("stor.csv", &b"name,lat,lon\n"[..]),
        ("stor.geojson", &b"{\"type\":\"FeatureCollection\",\"features\":["[..]),
        ("stor.gpkg", &b"SQLite format 3\0"[..]),
    ] {
        let file = d.path().join(name);
        let f = std::fs::File::create(&file).unwrap();
        use std::io::Write;
        (&f).write_all(head).unwrap();
        f.set_len(2 << 30).unwrap(); // sparse: costs no disk
        let e = import_file(&mut p, &file, &opts(Some(Layer::VisitingPlaces))).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("2048 MB") && msg.contains("højst 1024 MB"), "{name}: {msg}");
        let e = afdaek_core::import::preview_file(&p, &file, &opts(Some(Layer::VisitingPlaces))).unwrap_err();
        assert!(e.to_string().contains("2048 MB"), "{name}: the preview refuses too: {e}");
    }
}

#[test]
fn progress_is_reported_while_importing() {
    if !common::have_shared("progress_is_reported_while_importing") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path(), None);
    let mut seen = Vec::new();
    afdaek_core::import::import_file_with_progress(
        &mut p,
        &data().join("denmark/osm_poi_denmark_2019.geojson"),
        &opts(None),
        &mut |pr| seen.push(pr),
    )
    .unwrap();
    assert_eq!(seen.first().map(|p| p.stage), Some("read"));
    assert!(seen.iter().any(|p| p.stage == "check" && p.done > 0));
    assert!(seen.iter().any(|p| p.stage == "store" && p.done > 0));
    assert!(seen.iter().all(|p| p.done <= p.total));
}

/// The CPR street-name list names GeoDanmark roads, whichever is imported
/// first, and again when the roads are re-imported; reports show names.
#[test]
fn street_names_name_the_roads_whichever_comes_first() {
    let names = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/cpr/vejnavne_0461_odense.csv");
    let named = |p: &Project| {
        let roads = p.features(Layer::Roads).unwrap();
        let n = roads.iter().filter(|f| f.str("name").is_some()).count();
        (n, roads.len(), roads.iter().any(|f| f.str("name") == Some("Hans Tausens Gade")))
    };
    // Roads first, then names: the roads are renamed in the same (undoable) edit.
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path(), Some("0461"));
    imp(&mut p, "odense/vejmidte_0461_odense.geojson", None);
    assert_eq!(named(&p).0, 0);
    let r = import_file(&mut p, &names, &opts(None)).unwrap();
    assert_eq!(r.format, "Vejnavne (CPR)");
    assert_eq!(
        r.per_layer["street_names"], 55,
        "57 rows, 55 road codes (a code renamed over time keeps its current name)"
    );
    let (n, total, hans) = named(&p);
    assert!(hans && n * 10 > total * 9, "{n} of {total} roads named");
    assert_eq!(r.updated, n);
    p.undo().unwrap();
    assert_eq!(named(&p).0, 0, "one undo takes the names away again");
    p.redo().unwrap();
    // Re-imported roads keep getting their names.
    imp(&mut p, "odense/vejmidte_0461_odense.geojson", None);
    assert_eq!(named(&p).0, n);

    // Names first: roads get them as they arrive.
    let d2 = tempfile::tempdir().unwrap();
    let mut q = project(d2.path(), Some("0461"));
    import_file(&mut q, &names, &opts(None)).unwrap();
    imp(&mut q, "odense/vejmidte_0461_odense.geojson", None);
    assert_eq!(named(&q).0, n);
}

/// An import stopped by the user (the app's "Afbryd") stores nothing, even
/// when it is stopped while storing.
#[test]
fn a_cancelled_import_stores_nothing() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let d = tempfile::tempdir().unwrap();
    let mut p = project(d.path(), None);
    let before = p.history().unwrap().len();
    let flag = Arc::new(AtomicBool::new(false));
    let o = ImportOptions { cancel: Some(flag.clone()), ..opts(None) };
    let file = data().join("odense/bbr_bygning_0461_odense.json");
    // Stopped once the storing has begun (from the progress callback, as another thread would).
    let err = afdaek_core::import::import_file_with_progress(&mut p, &file, &o, &mut |pr| {
        if pr.stage == "store" {
            flag.store(true, Ordering::Relaxed);
        }
    })
    .unwrap_err();
    assert!(matches!(err, Error::Cancelled(_)), "{err}");
    assert!(err.to_string().contains("afbrudt"), "{err}");
    assert_eq!(p.count(Layer::Buildings), 0, "nothing stored");
    assert_eq!(p.history().unwrap().len(), before, "no undo step either");
    // Without the flag the same import goes through.
    flag.store(false, Ordering::Relaxed);
    import_file(&mut p, &file, &o).unwrap();
    assert!(p.count(Layer::Buildings) > 0);
}
