//! Hostile files (issue 15): each is refused with a message that names the
//! file and says why, nothing is stored, and nothing panics or overflows the
//! stack. Also a project file cut off mid-page.

use afdaek_core::import::{ImportOptions, import_file};
use afdaek_core::{Error, Layer, Project};
use std::fmt::Write as _;
use std::path::Path;

fn refused(name: &str, bytes: &[u8], as_layer: Option<Layer>, must_say: &[&str]) {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let mut p = Project::create(d.path().join("p.gpkg"), "Fjendtlige filer", None).unwrap();
    let e = import_file(&mut p, &file, &ImportOptions { as_layer, ..Default::default() }).expect_err(name);
    let msg = e.to_string();
    assert!(matches!(e, Error::Input { .. }), "{name}: {msg}");
    assert!(msg.contains(name), "{name}: names the file: {msg}");
    for s in must_say {
        assert!(msg.contains(s), "{name}: '{msg}' should say '{s}'");
    }
    for l in Layer::all() {
        assert_eq!(p.count(l), 0, "{name}: nothing stored in {l}");
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let depth = 200_000;
    let mut s = String::from(r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":"#);
    s.push_str(&"[".repeat(depth));
    s.push_str(&"]".repeat(depth));
    s.push_str("}}");
    refused("dyb.geojson", s.as_bytes(), Some(Layer::VisitingPlaces), &["linje 1"]);
}

#[test]
fn a_polygon_of_a_million_and_one_vertices_is_refused_with_the_limit() {
    let n = 1_000_001;
    let mut s = String::with_capacity(n * 30);
    s.push_str(r#"{"type":"Feature","properties":{"name":"Stor"},"geometry":{"type":"Polygon","coordinates":[["#);
    for i in 0..n - 1 {
        let a = i as f64 / (n - 1) as f64 * std::f64::consts::TAU;
        write!(s, "[{:.7},{:.7}],", 10.38 + 0.01 * a.cos(), 55.39 + 0.01 * a.sin()).unwrap();
    }
    s.push_str("[10.39,55.39]]]}}");
    refused("mange-punkter.geojson", s.as_bytes(), Some(Layer::HousingAreas), &["1000001 punkter", "højst 1000000"]);
}

#[test]
fn infinite_and_non_numeric_coordinates_are_refused() {
    let inf = r#"{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[1e999,55.4]}}"#;
    refused("uendelig.geojson", inf.as_bytes(), Some(Layer::VisitingPlaces), &["linje 1"]);
    let nan = r#"{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[NaN,55.4]}}"#;
    refused("nan.geojson", nan.as_bytes(), Some(Layer::VisitingPlaces), &["linje 1"]);
    let csv = "name,lat,lon\nTorvet,NaN,10.38\n";
    refused("nan.csv", csv.as_bytes(), Some(Layer::VisitingPlaces), &["linje 2", "ikke et tal"]);
}

#[test]
fn kml_folders_nested_a_hundred_thousand_deep_are_refused() {
    let depth = 100_000;
    let mut s = String::from(r#"<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>"#);
    s.push_str(&"<Folder>".repeat(depth));
    s.push_str("<Placemark><Point><coordinates>10.38,55.39</coordinates></Point></Placemark>");
    s.push_str(&"</Folder>".repeat(depth));
    s.push_str("</Document></kml>");
    refused("dyb.kml", s.as_bytes(), Some(Layer::VisitingPlaces), &["niveauer"]);
}

#[test]
fn a_project_file_cut_off_mid_page_is_refused_or_checked_never_a_panic() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("p.gpkg");
    let mut p = Project::create(&path, "Afskåret", None).unwrap();
    p.edit("mange", |ed| {
        for i in 0..2000 {
            let f = afdaek_core::Feature::new(geo_types::Point::new(588_000.0 + i as f64, 6_138_000.0))
                .with("name", format!("Sted {i}"));
            ed.insert(Layer::VisitingPlaces, f)?;
        }
        Ok(())
    })
    .unwrap();
    drop(p);
    // Fold the WAL into the file so the cut really loses pages.
    rusqlite::Connection::open(&path).unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    let len = std::fs::metadata(&path).unwrap().len();
    for keep in [len / 2 + 1000, len - 4096 + 17, 100] {
        let cut = d.path().join(format!("cut-{keep}.gpkg"));
        std::fs::copy(&path, &cut).unwrap();
        std::fs::OpenOptions::new().write(true).open(&cut).unwrap().set_len(keep).unwrap();
        match Project::open_read_only(&cut) {
            Err(e) => assert!(!e.to_string().is_empty(), "{keep}: an error in words"),
            Ok(p) => {
                // SQLite may open a short file; its own check must then say what is wrong.
                let check = p.integrity_check();
                assert!(check.is_err() || check.unwrap() != ["ok"], "{keep} bytes of {len}: a cut file is not ok");
            }
        }
    }
    assert!(Path::new(&path).exists());
}

/// A KMZ of about a megabyte that inflates past 1 GiB: refused by its
/// declared size, and — with the sizes in its headers forged small — by
/// what it inflates to, never cut off and parsed.
#[test]
fn a_kmz_zip_bomb_is_refused() {
    use std::io::Write;
    let big = (1u64 << 30) + 1024;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    zip.start_file("doc.kml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    let mut left = big;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        zip.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    let honest = zip.finish().unwrap().into_inner();
    assert!(honest.len() < 4 << 20, "the bomb is small: {} bytes", honest.len());
    refused("bombe.kmz", &honest, Some(Layer::VisitingPlaces), &["for stor"]);

    // The same bytes with every uncompressed-size field (zip64 extra fields
    // included) set to 100: the reader must count what it inflates.
    let mut forged = honest.clone();
    let mut i = 0;
    while i + 4 <= forged.len() {
        match &forged[i..i + 4] {
            [0x50, 0x4b, 0x03, 0x04] => forged[i + 22..i + 26].copy_from_slice(&100u32.to_le_bytes()),
            [0x50, 0x4b, 0x01, 0x02] => forged[i + 24..i + 28].copy_from_slice(&100u32.to_le_bytes()),
            _ => {}
        }
        i += 1;
    }
    // zip64 extra field (id 0x0001): its first 8 bytes are the uncompressed size.
    let mut i = 0;
    while i + 12 <= forged.len() {
        if forged[i..i + 2] == [0x01, 0x00] && forged[i + 4..i + 12] == big.to_le_bytes() {
            forged[i + 4..i + 12].copy_from_slice(&100u64.to_le_bytes());
        }
        i += 1;
    }
    refused("forfalsket.kmz", &forged, Some(Layer::VisitingPlaces), &["forfalsket.kmz"]);
}

/// `afdaek track` and the app's GPS button refuse a GPX over 1 GiB unread.
#[test]
fn a_two_gigabyte_gpx_track_is_refused_unread() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("stor.gpx");
    let f = std::fs::File::create(&file).unwrap();
    use std::io::Write;
    (&f).write_all(b"<?xml version=\"1.0\"?><gpx>").unwrap();
    f.set_len(2 << 30).unwrap(); // sparse: costs no disk
    let path = d.path().join("p.gpkg");
    drop(Project::create(&path, "Spor", None).unwrap());
    let mut s = afdaek_core::session::Session::open_as(&path, afdaek_core::session::Access::Write, "TST").unwrap();
    let visit =
        afdaek_core::coverage::Visit { date: "2026-11-01".into(), method: "car".into(), time_of_day: None, team: None };
    let e = s.track_view(&file, &visit, 10.0, false, false).unwrap_err().to_string();
    assert!(e.contains("2048 MB") && e.contains("højst 1024 MB"), "{e}");
}
