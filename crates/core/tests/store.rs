//! The project file end to end: every layer round-trips, edits undo and redo,
//! the audit log records who did what, locks and schema versions hold, and
//! GDAL reads what we write.

use afdaek_core::model::{LAYERS, Layer};
use afdaek_core::store::schema;
use afdaek_core::{Error, Feature, Project};
use geo_types::{LineString, MultiPolygon, Point, polygon};
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;

fn tmp() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("projekt.gpkg");
    (d, p)
}

fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![(x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s), (x: x, y: y)]])
}

/// One feature of every layer, with every field set.
fn sample(layer: Layer) -> Feature {
    let (x, y) = (588_000.0, 6_138_000.0);
    match layer {
        Layer::Roads => Feature::new(LineString::from(vec![(x, y), (x + 100.0, y), (x + 100.0, y + 50.0)]))
            .with("name", "Munkebjergvej")
            .with("road_class", "Lokalvej-Primær")
            .with("municipality", "0461")
            .with("street_code", "4930")
            .with("start_node", "1000")
            .with("end_node", "1001")
            .with("oneway", "forward")
            .with("source", "vejmidte")
            .with("source_id", "{A1}"),
        Layer::Buildings => Feature::new(Point::new(x + 10.0, y + 10.0))
            .with("use_code", 150)
            .with("dwellings", 48)
            .with("status", "6")
            .with("municipality", "0461")
            .with("source", "bbr")
            .with("source_id", "b-1"),
        Layer::HousingAreas => Feature::new(square(x, y, 200.0))
            .with("name", "Kollegiebyen")
            .with("housing_types", "dormitory,private_rental")
            .with("characteristics", "Mange unge, høj udskiftning")
            .with("flags", "young")
            .with("notes", "Opgang C har fælleskøkken")
            .with("last_reviewed", "2026-09-01")
            .with("source", "tegnet")
            .with("source_id", "h-1"),
        Layer::Partners => Feature::new(Point::new(x + 20.0, y))
            .with("name", "Boligselskabet Fyn")
            .with("partner_type", "caretaker")
            .with("role", "Ser beboere i opgangene dagligt")
            .with("contact_channel", "telefon 66 11 22 33")
            .with("contact_person", "Driftsleder")
            .with("contact_status", "in_progress")
            .with("last_contact", "2026-10-01")
            .with("next_contact", "2026-12-01")
            .with("responsible", "Team Vest")
            .with("reach_m", 250.0)
            .with("notes", "Vil gerne have materiale")
            .with("source", "tegnet")
            .with("source_id", "p-1"),
        Layer::PartnerReach => Feature::new(square(x, y, 50.0)).with("partner_fid", 1),
        Layer::VisitingPlaces => Feature::new(Point::new(x + 30.0, y))
            .with("name", "Kiosken på hjørnet")
            .with("place_type", "kiosk")
            .with("notes", "Åben til 23")
            .with("source", "osm")
            .with("source_id", "node/1"),
        Layer::Channels => Feature::new(Point::new(x + 40.0, y))
            .with("name", "Beboerbladet")
            .with("channel_type", "residents_newsletter")
            .with("area_layer", "housing_areas")
            .with("area_fid", 1)
            .with("notes", "Udkommer månedligt")
            .with("source", "tegnet")
            .with("source_id", "c-1"),
        Layer::MealRoutes => Feature::new(LineString::from(vec![(x, y), (x + 500.0, y + 500.0)]))
            .with("name", "Rute 3")
            .with("provider", "Madservice Odense")
            .with("weekdays", json!(["mon", "thu"]))
            .with("source", "tegnet")
            .with("source_id", "m-1"),
        Layer::FocusAreas => Feature::new(square(x - 100.0, y - 100.0, 1000.0))
            .with("name", "Bolbro")
            .with("priority", 2)
            .with("crit_target_fit", 4)
            .with("crit_task", 3)
            .with("crit_partners", 2)
            .with("crit_yield", 4)
            .with("team", "Team Vest")
            .with("period_start", "2026-01-01")
            .with("period_end", "2026-12-31")
            .with("status", "active")
            .with("last_reviewed", "2026-08-15")
            .with("dim_housing_notes", "Kollegier og private udlejninger")
            .with("dim_housing_mark", "high")
            .with("dim_characteristics_notes", "Mange unge")
            .with("dim_characteristics_mark", "neither")
            .with("dim_places_notes", "Kiosk, bibliotek")
            .with("dim_places_mark", "low")
            .with("dim_partners_notes", "Viceværter")
            .with("dim_partners_mark", "very_high")
            .with("dim_channels_notes", "Beboerblad")
            .with("dim_channels_mark", "not_at_all")
            .with("notes", "Start med nordlige del")
            .with("source", "tegnet")
            .with("source_id", "f-1"),
        Layer::VisitedZones => Feature::new(square(x, y, 80.0))
            .with("name", "Gårdmiljø")
            .with("date", "2026-11-03")
            .with("weekday", "tue")
            .with("time_of_day", "evening")
            .with("team", "Team Vest")
            .with("method", "walk")
            .with("notes", "Rolig aften")
            .with("source", "tegnet")
            .with("source_id", "z-1"),
        Layer::Coverage => Feature::new(LineString::from(vec![(x, y), (x + 60.0, y)]))
            .with("road_fid", 1)
            .with("from_m", 0.0)
            .with("to_m", 60.0)
            .with("date", "2026-11-03")
            .with("weekday", "tue")
            .with("time_of_day", "evening")
            .with("team", "Team Vest")
            .with("method", "bike")
            .with("source", "manual")
            .with("visit_id", "v-1"),
        Layer::RuralPlaces => Feature::new(Point::new(x - 3000.0, y + 2000.0))
            .with("name", "Stige Ø")
            .with("place_kind", "isolated_dwelling")
            .with("source", "osm")
            .with("source_id", "node/42"),
        Layer::GpsTracks => Feature::new(LineString::from(vec![(x, y), (x + 30.0, y + 5.0), (x + 60.0, y)]))
            .with("name", "Tirsdagsrunde")
            .with("date", "2026-11-03")
            .with("team", "Team Vest")
            .with("method", "bike")
            .with("fixes", 3)
            .with("visit_id", "track-1"),
        Layer::Boundary => Feature::new(square(x - 5000.0, y - 5000.0, 10000.0))
            .with("name", "Odense Kommune")
            .with("municipality", "0461")
            .with("source", "dagi")
            .with("source_id", "0461"),
    }
}

#[test]
fn every_layer_round_trips() {
    let (_d, path) = tmp();
    let mut p = Project::create(&path, "Test", Some("0461")).unwrap();
    let mut fids = Vec::new();
    for d in LAYERS {
        let f = sample(d.layer);
        // every field of the layer is exercised
        assert_eq!(f.attrs.len(), d.fields.len(), "{}: sample misses fields", d.table);
        let fid = p.edit("indsæt", |ed| ed.insert(d.layer, f)).unwrap();
        fids.push((d.layer, fid));
    }
    drop(p);
    let p = Project::open_writable(&path).unwrap();
    for (layer, fid) in fids {
        let mut want = sample(layer);
        afdaek_core::model::validate(layer, &mut want).unwrap();
        let got = p.feature(layer, fid).unwrap();
        assert_eq!(got.geometry, want.geometry, "{layer}");
        assert_eq!(got.attrs, want.attrs, "{layer}");
        assert!(got.created.is_some() && got.modified.is_some());
        assert_eq!(p.index().len(layer), 1, "{layer} index");
    }
}

#[test]
fn scan_reads_the_asked_columns_like_features_do() {
    let (_d, path) = tmp();
    let mut p = Project::create(&path, "Test", Some("0461")).unwrap();
    let a = p.edit("indsæt", |ed| ed.insert(Layer::Buildings, sample(Layer::Buildings))).unwrap();
    let b = p.edit("indsæt", |ed| ed.insert(Layer::Buildings, Feature::new(Point::new(1.0, 2.0)))).unwrap();
    drop(p);
    // Another tool wrote text into an integer column: it reads as None, as through Feature.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE buildings SET dwellings = 'mange' WHERE fid = ?1", [b]).unwrap();
    drop(conn);
    let p = Project::open_writable(&path).unwrap();
    let mut rows = Vec::new();
    p.scan(Layer::Buildings, &["dwellings", "use_code", "source_id"], |fid, r| {
        rows.push((fid, r.i64(0), r.i64(1), r.f64(1), r.str(2).map(String::from), r.str(0).map(String::from)))
    })
    .unwrap();
    assert_eq!(
        rows,
        vec![
            (a, Some(48), Some(150), Some(150.0), Some("b-1".into()), None),
            (b, None, None, None, None, Some("mange".into())),
        ]
    );
    assert_eq!(p.feature(Layer::Buildings, b).unwrap().i64("dwellings"), None);
    // A column the layer does not have is an error naming it, not SQL injected.
    let err = p.scan(Layer::Buildings, &["name\" FROM settings --"], |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("name"), "{err}");
    assert!(p.scan(Layer::Buildings, &["cpr"], |_, _| {}).is_err());
}

#[test]
fn undo_redo_every_kind_of_edit() {
    let (_d, path) = tmp();
    let mut p = Project::create(&path, "Test", None).unwrap();
    let a = p.edit("partner", |ed| ed.insert(Layer::Partners, sample(Layer::Partners))).unwrap();
    let original = p.feature(Layer::Partners, a).unwrap();
    p.edit("flyt", |ed| {
        let mut f = ed.feature(Layer::Partners, a)?.unwrap();
        f.geometry = Some(Point::new(600_000.0, 6_140_000.0).into());
        f.attrs.insert("contact_status".into(), json!("done"));
        ed.update(Layer::Partners, a, f)
    })
    .unwrap();
    p.edit("slet", |ed| ed.delete(Layer::Partners, a)).unwrap();
    assert!(p.feature(Layer::Partners, a).is_err());
    assert_eq!(p.index().len(Layer::Partners), 0);

    assert_eq!(p.undo().unwrap(), "slet");
    let moved = p.feature(Layer::Partners, a).unwrap();
    assert_eq!(moved.str("contact_status"), Some("done"));
    assert_eq!(p.index().in_bbox(Layer::Partners, [599_999.0, 6_139_999.0, 600_001.0, 6_140_001.0]), vec![a]);

    assert_eq!(p.undo().unwrap(), "flyt");
    let back = p.feature(Layer::Partners, a).unwrap();
    assert_eq!(back.attrs, original.attrs);
    assert_eq!(back.geometry, original.geometry);
    assert!(p.index().in_bbox(Layer::Partners, [599_999.0, 6_139_999.0, 600_001.0, 6_140_001.0]).is_empty());

    assert_eq!(p.undo().unwrap(), "partner");
    assert!(p.feature(Layer::Partners, a).is_err());
    assert!(matches!(p.undo(), Err(Error::NothingToUndo)));

    assert_eq!(p.redo().unwrap(), "partner");
    assert_eq!(p.feature(Layer::Partners, a).unwrap().attrs, original.attrs);
    assert_eq!(p.redo().unwrap(), "flyt");
    assert_eq!(p.feature(Layer::Partners, a).unwrap().str("contact_status"), Some("done"));

    // A new edit drops the redo stack.
    p.edit("ny", |ed| ed.insert(Layer::VisitingPlaces, sample(Layer::VisitingPlaces))).unwrap();
    assert!(matches!(p.redo(), Err(Error::NothingToRedo)));

    // Settings, referral counts and fidelity answers are undoable too.
    p.set_setting("recency_days", json!(90)).unwrap();
    assert_eq!(p.settings().recency_days, 90);
    p.undo().unwrap();
    assert_eq!(p.settings().recency_days, 180);
    p.edit("henvendelser", |ed| ed.set_referral_count(Layer::FocusAreas, 1, "2026-10", "partner", 7)).unwrap();
    p.edit("fidelitet", |ed| ed.set_fidelity_answer(1, "2026-11-01", "partners_mapped", "high")).unwrap();
    p.undo().unwrap();
    p.undo().unwrap();
    p.redo().unwrap();
    // History survives reopening.
    drop(p);
    let mut p = Project::open_writable(&path).unwrap();
    assert_eq!(p.undo().unwrap(), "henvendelser");
    assert!(p.history().unwrap().len() >= 5);
}

#[test]
fn failed_edit_stores_nothing() {
    let (_d, path) = tmp();
    let mut p = Project::create(&path, "Test", None).unwrap();
    let r = p.edit("import", |ed| {
        for i in 0..10 {
            ed.insert(Layer::Buildings, Feature::new(Point::new(i as f64, 0.0)).with("use_code", 120))?;
        }
        ed.insert(Layer::Buildings, Feature::new(Point::new(0.0, 0.0)).with("use_code", "abc"))
    });
    assert!(r.is_err());
    assert_eq!(p.count(Layer::Buildings), 0);
    assert_eq!(p.index().len(Layer::Buildings), 0);
    assert!(p.history().unwrap().is_empty());
}

#[test]
fn audit_log_records_who_what_when() {
    let (_d, path) = tmp();
    let mut p = Project::create(&path, "Test", None).unwrap();
    p.set_setting("user_initials", json!("MKJ")).unwrap();
    p.edit("Tilføj partner", |ed| ed.insert(Layer::Partners, sample(Layer::Partners))).unwrap();
    p.undo().unwrap();
    let log = p.audit_log(10).unwrap();
    assert_eq!(log[0].1, "MKJ");
    assert_eq!(log[0].2, "Fortryd: Tilføj partner");
    assert_eq!(log[1].2, "Tilføj partner");
    assert_eq!(log[1].3, "partners: +1 ~0 -0");
    assert!(log[1].0.starts_with("20") && log[1].0.ends_with('Z'));
}

#[test]
fn privacy_guard_on_every_entry_path() {
    let (_d, path) = tmp();
    let cpr = "Beboer med cpr 120385-1234";
    assert!(matches!(Project::create(&path, cpr, None), Err(Error::Privacy(_))));
    let mut p = Project::create(&path, "Test", None).unwrap();
    for d in LAYERS {
        for fd in d
            .fields
            .iter()
            .filter(|f| matches!(f.ty, afdaek_core::model::FieldType::Text | afdaek_core::model::FieldType::Ident))
        {
            let f = sample(d.layer).with(fd.name, cpr);
            let e = p.edit("x", |ed| ed.insert(d.layer, f)).unwrap_err();
            assert!(e.to_string().contains("CPR-nummer"), "{}.{}: {e}", d.table, fd.name);
        }
    }
    let fid = p.edit("ok", |ed| ed.insert(Layer::HousingAreas, sample(Layer::HousingAreas))).unwrap();
    let mut patch = serde_json::Map::new();
    patch.insert("notes".into(), json!("1203851234"));
    assert!(matches!(p.edit("x", |ed| ed.update_attrs(Layer::HousingAreas, fid, patch)), Err(Error::Privacy(_))));
    assert!(matches!(p.set_setting("name", json!("010203-4444")), Err(Error::Privacy(_))));
    assert!(matches!(p.set_user("0102034444"), Err(Error::Privacy(_))));
    assert!(matches!(p.edit("cpr 010203-4444", |_| Ok(())), Err(Error::Privacy(_))));
    assert_eq!(p.count(Layer::HousingAreas), 1);
}

#[test]
fn second_process_is_locked_out_but_may_read() {
    let (_d, path) = tmp();
    let mut p = Project::create(&path, "Test", None).unwrap();
    p.edit("a", |ed| ed.insert(Layer::Buildings, sample(Layer::Buildings))).unwrap();
    // A second writer (flock is per open file description, so a second open in
    // this process behaves like another process).
    let e = Project::open_writable(&path).err().expect("second writer refused");
    assert!(e.to_string().contains("allerede åbent"), "{e}");
    let mut ro = Project::open_read_only(&path).unwrap();
    assert_eq!(ro.count(Layer::Buildings), 1);
    assert!(matches!(ro.edit("x", |_| Ok(())), Err(Error::ReadOnly)));
    drop(p);
    Project::open_writable(&path).unwrap();
}

#[test]
fn newer_schema_refused_and_not_a_project() {
    let (d, path) = tmp();
    drop(Project::create(&path, "Test", None).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute(
        "UPDATE afdaek_meta SET value = ?1 WHERE key = 'schema_version'",
        [(schema::SCHEMA_VERSION + 1).to_string()],
    )
    .unwrap();
    drop(c);
    let e = Project::open_writable(&path).err().unwrap();
    assert!(matches!(e, Error::NewerSchema { .. }), "{e}");
    assert!(e.to_string().contains("Opdatér Afdæk"));

    let junk = d.path().join("junk.gpkg");
    std::fs::write(&junk, b"this is not sqlite at all, just text....").unwrap();
    assert!(matches!(Project::open_writable(&junk), Err(Error::NotAProject { .. })));
    let other = d.path().join("other.gpkg");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    assert!(matches!(Project::open_writable(&other), Err(Error::NotAProject { .. })));
    assert!(Project::create(&path, "again", None).is_err(), "create never overwrites");
}

#[test]
fn a_version_1_file_is_migrated_to_the_current_version() {
    let (_d, path) = tmp();
    let mut p = Project::create(&path, "Gammel", None).unwrap();
    p.edit("a", |ed| ed.insert(Layer::Partners, sample(Layer::Partners))).unwrap();
    drop(p);
    // Make it what version 1 wrote: no gps_tracks layer (v2), no roads.oneway (v3), no street names (v4).
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(
        "ALTER TABLE roads DROP COLUMN oneway; ALTER TABLE partners DROP COLUMN responsible; DROP TABLE gps_tracks; DELETE FROM gpkg_geometry_columns WHERE table_name = 'gps_tracks';
         DELETE FROM gpkg_contents WHERE table_name IN ('gps_tracks', 'street_names'); DROP TABLE street_names;
         UPDATE afdaek_meta SET value = '1' WHERE key = 'schema_version';",
    )
    .unwrap();
    drop(c);
    let err = Project::open_read_only(&path).err().expect("read-only cannot migrate");
    assert!(matches!(err, Error::OlderSchema { found: 1, .. }), "{err}");
    // The CLI's reports upgrade it first (a copy here; the original goes through `open`).
    let copy = path.with_file_name("kopi.gpkg");
    std::fs::copy(&path, &copy).unwrap();
    let ro = Project::open_upgraded_read_only(&copy).unwrap();
    assert_eq!(ro.schema_version().unwrap(), schema::SCHEMA_VERSION, "upgraded for reading");
    assert!(ro.is_read_only());
    assert_eq!(ro.count(Layer::Partners), 1);
    let mut p = Project::open_writable(&path).unwrap();
    assert_eq!(p.schema_version().unwrap(), schema::SCHEMA_VERSION);
    assert_eq!(p.count(Layer::Partners), 1, "data kept");
    assert!(p.street_names().unwrap().is_empty(), "v4 added the street-name register");
    p.edit("spor", |ed| ed.insert(Layer::GpsTracks, sample(Layer::GpsTracks))).unwrap();
    let road = Feature::new(LineString::from(vec![(0.0, 0.0), (10.0, 0.0)])).with("oneway", "forward");
    p.edit("vej", |ed| ed.insert(Layer::Roads, road)).unwrap();
    assert_eq!(p.features(Layer::Roads).unwrap()[0].str("oneway"), Some("forward"));
    let partner = p.features(Layer::Partners).unwrap()[0].fid.unwrap();
    let mut patch = serde_json::Map::new();
    patch.insert("responsible".into(), "Team Øst".into());
    p.edit("ansvarlig", |ed| ed.update_attrs(Layer::Partners, partner, patch)).unwrap();
    assert_eq!(
        p.features(Layer::Partners).unwrap()[0].str("responsible"),
        Some("Team Øst"),
        "v6 added partners.responsible"
    );
}

#[test]
fn migration_from_version_zero_runs_forward() {
    // A file at version 0 (only the meta table) is migrated to the current schema on open.
    let (_d, path) = tmp();
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "application_id", schema::GPKG_APPLICATION_ID).unwrap();
    c.execute_batch("CREATE TABLE afdaek_meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO afdaek_meta VALUES ('schema_version','0'); CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);").unwrap();
    drop(c);
    // settings table exists before v1 here, so v1 fails cleanly, or succeeds; either way no half state:
    match Project::open_writable(&path) {
        Ok(p) => assert_eq!(p.schema_version().unwrap(), schema::SCHEMA_VERSION),
        Err(e) => {
            let c = rusqlite::Connection::open(&path).unwrap();
            let v: String = c.query_row("SELECT value FROM afdaek_meta", [], |r| r.get(0)).unwrap();
            assert_eq!(v, "0", "failed migration must roll back: {e}");
            let n: i64 = c
                .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'gpkg_contents'", [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "no half-made schema");
        }
    }
}

fn ogrinfo_available() -> bool {
    Command::new("ogrinfo").arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn gdal_ogrinfo_reads_every_layer() {
    assert!(ogrinfo_available(), "ogrinfo (gdal-bin) is required for this test; `cargo xtask test` installs it");
    let (_d, path) = tmp();
    let mut p = Project::create(&path, "Odense", Some("0461")).unwrap();
    for d in LAYERS {
        p.edit("x", |ed| ed.insert(d.layer, sample(d.layer))).unwrap();
    }
    p.edit("x", |ed| ed.insert(Layer::Buildings, Feature::new(Point::new(588_500.0, 6_138_500.0)))).unwrap();
    drop(p);
    let out = Command::new("ogrinfo").args(["-so", "-al"]).arg(&path).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("ERROR"), "{err}");
    for d in LAYERS {
        let block = text.split("Layer name: ").find(|b| b.starts_with(&format!("{}\n", d.table)));
        let block = block.unwrap_or_else(|| panic!("ogrinfo does not list {}:\n{text}", d.table));
        let want_type = match d.geom {
            afdaek_core::model::GeomKind::Point => "Geometry: Point",
            afdaek_core::model::GeomKind::LineString => "Geometry: Line String",
            afdaek_core::model::GeomKind::MultiPolygon => "Geometry: Multi Polygon",
        };
        assert!(block.contains(want_type), "{}: {block}", d.table);
        let want_count = if d.layer == Layer::Buildings { 2 } else { 1 };
        assert!(block.contains(&format!("Feature Count: {want_count}\n")), "{}: {block}", d.table);
        assert!(block.contains("ETRS89 / UTM zone 32N"), "{}: {block}", d.table);
        for fd in d.fields {
            assert!(block.contains(&format!("\n{}: ", fd.name)), "{}.{} missing in {block}", d.table, fd.name);
        }
    }
    assert!(text.contains("Layer name: referral_counts"), "attribute tables listed");
    // GDAL's own validity check of the GeoPackage structure.
    let v = Command::new("ogrinfo")
        .args(["-q", "-ro"])
        .arg(&path)
        .arg("--config")
        .arg("OGR_GPKG_INTEGRITY_CHECK")
        .arg("YES")
        .output()
        .unwrap();
    assert!(v.status.success() && !String::from_utf8_lossy(&v.stderr).contains("ERROR"));
}

/// A history another program damaged: undo refuses in words and changes
/// nothing (it used to read an unreadable row as "absent" and delete the
/// feature, and to write table and column names from the file unquoted).
#[test]
fn a_damaged_undo_history_is_refused_and_deletes_nothing() {
    let (_d, path) = tmp();
    let mut p = Project::create(&path, "Skadet", None).unwrap();
    let fid = p.edit("ny", |ed| ed.insert(Layer::Partners, sample(Layer::Partners))).unwrap();
    let mut patch = serde_json::Map::new();
    patch.insert("name".into(), "Nyt navn".into());
    p.edit("omdøb", |ed| ed.update_attrs(Layer::Partners, fid, patch)).unwrap();
    drop(p);
    let last = "(SELECT max(group_id) FROM afdaek_history_row)";
    for (what, sql) in [
        ("not JSON", format!("UPDATE afdaek_history_row SET before = '{{nope' WHERE group_id = {last}")),
        ("JSON, not a row", format!("UPDATE afdaek_history_row SET before = '[1,2]' WHERE group_id = {last}")),
        ("a foreign table", format!("UPDATE afdaek_history_row SET tbl = 'sqlite_schema' WHERE group_id = {last}")),
        (
            "a name made to escape its quotes",
            format!(
                "UPDATE afdaek_history_row SET tbl = 'partners\" WHERE 1; DROP TABLE roads; --' WHERE group_id = {last}"
            ),
        ),
        (
            "a column the table lacks",
            format!("UPDATE afdaek_history_row SET before = json_set(before, '$.bogus', 1) WHERE group_id = {last}"),
        ),
        (
            "a blob that is not hex",
            format!(
                "UPDATE afdaek_history_row SET before = json_set(before, '$.geom', json('{{\"$blob\":\"æøå1\"}}')) WHERE group_id = {last}"
            ),
        ),
    ] {
        let copy = path.with_file_name(format!("skadet-{}.gpkg", what.replace(' ', "-")));
        std::fs::copy(&path, &copy).unwrap();
        rusqlite::Connection::open(&copy).unwrap().execute_batch(&sql).unwrap();
        let mut p = Project::open_writable(&copy).unwrap();
        let e = p.undo().expect_err(what).to_string();
        assert!(e.contains("beskadiget") && e.contains("intet er ændret"), "{what}: {e}");
        assert_eq!(p.features(Layer::Partners).unwrap()[0].str("name"), Some("Nyt navn"), "{what}: unchanged");
        assert!(p.count(Layer::Partners) == 1, "{what}: nothing deleted");
        drop(p);
        let c = rusqlite::Connection::open(&copy).unwrap();
        let roads: i64 =
            c.query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'roads'", [], |r| r.get(0)).unwrap();
        assert_eq!(roads, 1, "{what}: no table dropped");
    }
}

/// GDAL's GeoPackage validator (Debian's python3-gdal) on a file of ours.
fn validate_gpkg(path: &std::path::Path) {
    let script = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py";
    let out = std::process::Command::new("/usr/bin/python3")
        .args([script, "-k", "--extra", path.to_str().unwrap()])
        .output()
        .expect("python3-gdal is installed by `cargo xtask`");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success() && said.trim().is_empty(),
        "{} is not a conformant GeoPackage: {said}",
        path.display()
    );
}

#[test]
fn projects_pass_gdals_geopackage_validator_new_edited_undone_migrated_and_the_demo() {
    let (d, path) = tmp();
    let mut p = Project::create(&path, "Gyldig", Some("0461")).unwrap();
    validate_gpkg(&path);
    for layer in [Layer::Roads, Layer::Partners, Layer::FocusAreas, Layer::HousingAreas] {
        p.edit("ny", |ed| ed.insert(layer, sample(layer))).unwrap();
    }
    p.set_setting("recency_days", serde_json::json!(120)).unwrap();
    p.undo().unwrap();
    p.redo().unwrap();
    p.undo().unwrap();
    drop(p);
    validate_gpkg(&path);

    // A file from before version 7 (settings keyed by text) is migrated and then conforms.
    let old = d.path().join("gammel.gpkg");
    drop(Project::create(&old, "Gammel", None).unwrap());
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch(
            "CREATE TABLE s6 (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL); INSERT INTO s6 SELECT key, value FROM settings;
             DROP TABLE settings; ALTER TABLE s6 RENAME TO settings; UPDATE afdaek_meta SET value = '6' WHERE key = 'schema_version';",
        )
        .unwrap();
    let p = Project::open_writable(&old).unwrap();
    assert_eq!(p.settings().name, "Gammel", "settings kept through the migration");
    drop(p);
    validate_gpkg(&old);

    let demo = d.path().join("demo.gpkg");
    drop(
        afdaek_core::demo::build(&demo, &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")).unwrap(),
    );
    validate_gpkg(&demo);
}

/// One geometry another program wrote as garbage: the project still opens,
/// the feature is reported and left out of the index and the analyses, the
/// rest is untouched, and the check says so.
#[test]
fn an_undecodable_geometry_is_reported_not_fatal() {
    let (_d, path) = tmp();
    let mut p = Project::create(&path, "Skadet geometri", None).unwrap();
    let good = p.edit("a", |ed| ed.insert(Layer::Partners, sample(Layer::Partners))).unwrap();
    let bad = p.edit("b", |ed| ed.insert(Layer::Partners, sample(Layer::Partners))).unwrap();
    drop(p);
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute("UPDATE partners SET geom = X'4750000100000000DEADBEEF' WHERE fid = ?1", [bad]).unwrap();
    drop(c);
    let p = Project::open_writable(&path).expect("opens despite one bad geometry");
    assert_eq!(p.damaged().len(), 1);
    assert_eq!((p.damaged()[0].layer, p.damaged()[0].fid), ("partners", bad));
    assert_eq!(p.index().len(Layer::Partners), 1, "left out of the index");
    let all = p.features(Layer::Partners).unwrap();
    assert_eq!(all.iter().map(|f| f.fid.unwrap()).collect::<Vec<_>>(), vec![good], "analyses read the rest");
    assert_eq!(p.integrity_check().unwrap(), vec!["ok".to_string()]);
}
