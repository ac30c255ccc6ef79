//! The session's map operations on the demo project (the app's buttons):
//! drawing a feature from its form, reshaping and deleting it, snapping,
//! ticking along a dragged path, a drive preview as a line, a GPS track
//! beside its matched streets, and an area's coverage figure by fid.

use afdaek_core::Layer;
use afdaek_core::coverage::Visit;
use afdaek_core::session::{Access, Session};
use afdaek_core::tiles::mercator::lonlat_to_utm32;
use serde_json::{Map, Value, json};
use std::path::Path;

fn demo(dir: &Path) -> Session {
    let path = dir.join("demo.gpkg");
    drop(afdaek_core::demo::build(&path, &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")).unwrap());
    Session::open(&path, Access::Write).unwrap()
}

fn attrs(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn visit() -> Visit {
    Visit { date: "2026-11-30".into(), method: "walk".into(), time_of_day: Some("day".into()), team: None }
}

fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (ax, ay) = lonlat_to_utm32(a.0, a.1);
    let (bx, by) = lonlat_to_utm32(b.0, b.1);
    (ax - bx).hypot(ay - by)
}

/// The junction of Østre Stationsvej and Klostervej in Odense C.
const JUNCTION: (f64, f64) = (10.380_075_895, 55.399_254_18);

fn square(c: (f64, f64), d: f64) -> geojson::Geometry {
    let ring = vec![
        vec![c.0 - d, c.1 - d],
        vec![c.0 + d, c.1 - d],
        vec![c.0 + d, c.1 + d],
        vec![c.0 - d, c.1 + d],
        vec![c.0 - d, c.1 - d],
    ];
    serde_json::from_value(json!({ "type": "Polygon", "coordinates": [ring] })).unwrap()
}

#[test]
fn the_forms_come_from_the_schema_with_required_fields_and_status_colours() {
    let dir = tempfile::tempdir().unwrap();
    let s = demo(dir.path());
    let forms = s.forms();
    let partners = forms.iter().find(|f| f.table == "partners").unwrap();
    assert_eq!(partners.geometry, "point");
    let status = partners.fields.iter().find(|f| f.name == "contact_status").unwrap();
    assert_eq!(status.kind, "code");
    assert!(status.options.iter().all(|o| o.colour.is_some()), "contact status carries the project's colours");
    assert!(partners.fields.iter().find(|f| f.name == "name").unwrap().required);
    assert!(partners.fields.iter().find(|f| f.name == "notes").unwrap().private);
    // Register ids are not typed by people.
    assert!(partners.fields.iter().all(|f| f.name != "source_id"));
    assert_eq!(forms.iter().find(|f| f.table == "focus_areas").unwrap().geometry, "polygon");
    assert!(forms.iter().all(|f| f.table != "roads"), "roads come from registers, not drawing");
}

#[test]
fn a_drawn_area_is_one_undoable_edit_and_a_cpr_note_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let n = s.project().count(Layer::FocusAreas);
    let geom = square((10.3822, 55.3990), 0.002);
    let err = s.add_feature(Layer::FocusAreas, &geom, attrs(json!({ "name": "", "team": "Øst" }))).unwrap_err();
    assert!(err.to_string().contains("Navn skal udfyldes"), "{err}");
    let err = s
        .add_feature(Layer::FocusAreas, &geom, attrs(json!({ "name": "Banegården", "notes": "Borger 010190-1234" })))
        .unwrap_err();
    assert!(err.to_string().contains("CPR"), "{err}");
    assert_eq!(s.project().count(Layer::FocusAreas), n, "nothing stored");

    let (fid, label) = s.add_feature(Layer::FocusAreas, &geom, attrs(json!({ "name": "Banegården" }))).unwrap();
    assert_eq!(label, "Tegn fokusområde: Banegården");
    assert_eq!(s.undo_state().unwrap().undo.as_deref(), Some("Tegn fokusområde: Banegården"));
    assert_eq!(s.project().count(Layer::FocusAreas), n + 1);

    // Reshape: one edit, the attributes kept; then delete; undo brings it back.
    s.update_geometry(Layer::FocusAreas, fid, &square((10.3822, 55.3990), 0.003)).unwrap();
    assert_eq!(s.project().feature(Layer::FocusAreas, fid).unwrap().str("name"), Some("Banegården"));
    let err = s.update_feature(Layer::FocusAreas, fid, attrs(json!({ "name": " " }))).unwrap_err();
    assert!(err.to_string().contains("Navn skal udfyldes"), "{err}");
    assert_eq!(s.delete_feature(Layer::FocusAreas, fid).unwrap(), "Slet fokusområde: Banegården");
    assert_eq!(s.project().count(Layer::FocusAreas), n);
    s.undo().unwrap();
    assert_eq!(s.project().count(Layer::FocusAreas), n + 1);
    let g = s.feature_geometry(Layer::FocusAreas, fid).unwrap();
    let g: geo_types::Geometry<f64> = g.try_into().unwrap();
    assert!(matches!(g, geo_types::Geometry::MultiPolygon(_)), "stored as the layer's multipolygon");
}

#[test]
fn the_pointer_snaps_to_a_junction_first_then_to_a_road_and_not_beyond_the_radius() {
    let dir = tempfile::tempdir().unwrap();
    let s = demo(dir.path());
    // 4 m from the junction, radius 12 m: the corner wins.
    let near = (JUNCTION.0 + 0.00004, JUNCTION.1 + 0.00002);
    let hit = s.snap(near, 12.0, None).unwrap().unwrap();
    assert_eq!(hit.kind, "road_vertex");
    assert!(metres((hit.lon, hit.lat), JUNCTION) < 0.05, "{hit:?}");
    // Far from everything: nothing.
    assert_eq!(s.snap((10.3, 55.2), 12.0, None).unwrap(), None);
    // A refused radius is an error, not a panic.
    assert!(s.snap(near, f64::NAN, None).is_err());
}

#[test]
fn a_drag_along_a_street_ticks_its_stretches_in_one_edit_and_the_area_figure_follows() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let (fid, _) = s
        .add_feature(Layer::FocusAreas, &square((10.3822, 55.3990), 0.003), attrs(json!({ "name": "Kvarteret" })))
        .unwrap();
    let before = s.area_coverage(Layer::FocusAreas, fid, Some("2026-12-01".into())).unwrap();
    // Along Hans Tausens Gade from its north end to the Slotsvænget junction.
    let path = [(10.381402, 55.399665), (10.381600, 55.399450), (10.381781, 55.399292), (10.381990, 55.399080)];
    let r = s.tick_along(&path, &visit()).unwrap();
    assert_eq!(r.street.as_deref(), Some("Hans Tausens Gade"), "the cross streets at the ends are left alone");
    assert!(r.length_m > 60.0 && r.length_m < 120.0, "{}", r.length_m);
    assert_eq!(s.undo_state().unwrap().undo.as_deref(), Some("Afkryds Hans Tausens Gade"));
    let after = s.area_coverage(Layer::FocusAreas, fid, Some("2026-12-01".into())).unwrap();
    assert!((after.covered_length_m - before.covered_length_m - r.length_m).abs() < 0.5);
    // A drag over nothing is refused with a reason.
    let err = s.tick_along(&[(10.3, 55.2), (10.3001, 55.2)], &visit()).unwrap_err();
    assert!(err.to_string().contains("følger ingen vej"), "{err}");
    // Only areas have coverage figures.
    assert!(s.area_coverage(Layer::Partners, 1, None).is_err());
}

#[test]
fn a_drive_preview_is_a_line_with_its_length_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let n = s.project().count(Layer::Coverage);
    let car = Visit { method: "car".into(), ..visit() };
    let v = s.drive_view(&[(10.18351, 55.36839), (10.18564, 55.37261)], &car, true).unwrap();
    assert!(v.length_m > 400.0 && v.length_m < 600.0, "{}", v.length_m);
    assert!(v.credited.is_none());
    let g: geo_types::Geometry<f64> = v.line.try_into().unwrap();
    assert!(matches!(g, geo_types::Geometry::LineString(ref l) if l.0.len() >= 2));
    assert_eq!(s.project().count(Layer::Coverage), n);
    let v = s.drive_view(&[(10.18351, 55.36839), (10.18564, 55.37261)], &car, false).unwrap();
    assert!(v.credited.unwrap().0 >= 1);
    assert!(s.project().count(Layer::Coverage) > n);
}

#[test]
fn a_track_preview_shows_raw_and_matched_lines_and_keeps_no_points_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let gpx = dir.path().join("tur.gpx");
    // A walk down Hans Tausens Gade, one fix every 10 m.
    let pts = [
        (10.381402, 55.399665),
        (10.381500, 55.399560),
        (10.381600, 55.399450),
        (10.381700, 55.399360),
        (10.381781, 55.399292),
        (10.381900, 55.399170),
        (10.381990, 55.399080),
    ];
    let mut text = String::from("<?xml version=\"1.0\"?><gpx version=\"1.1\"><trk><trkseg>");
    for (i, (lon, lat)) in pts.iter().enumerate() {
        text.push_str(&format!(
            "<trkpt lat=\"{lat}\" lon=\"{lon}\"><time>2026-11-30T10:00:{:02}Z</time></trkpt>",
            i * 8
        ));
    }
    text.push_str("</trkseg></trk></gpx>");
    std::fs::write(&gpx, text).unwrap();
    let (tracks, cover) = (s.project().count(Layer::GpsTracks), s.project().count(Layer::Coverage));
    let v = s.track_view(&gpx, &visit(), 5.0, true, false).unwrap();
    assert_eq!(v.fixes, 7);
    assert!(v.matched_length_m > 50.0, "{}", v.matched_length_m);
    assert_eq!((s.project().count(Layer::GpsTracks), s.project().count(Layer::Coverage)), (tracks, cover));
    let v = s.track_view(&gpx, &visit(), 5.0, false, false).unwrap();
    assert!(v.records >= 1 && !v.raw_kept);
    assert_eq!(s.project().count(Layer::GpsTracks), tracks, "raw points are not kept by default");
}

#[test]
fn the_last_visit_is_kept_in_the_file_outside_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    assert_eq!(s.project().settings().last_visit, None);
    let v = Visit { team: Some("Team Nord".into()), method: "bike".into(), ..visit() };
    s.tick((10.381781, 55.399292), false, &v).unwrap();
    let label = s.undo_state().unwrap().undo;
    assert_eq!(label.as_deref(), Some("Afkryds Hans Tausens Gade"), "remembering the visit is no edit of its own");
    let path = s.project().path().to_path_buf();
    drop(s);
    let s = Session::open(&path, Access::Read).unwrap();
    let last = s.project().settings().last_visit.clone().unwrap();
    assert_eq!(
        (last.method.as_str(), last.team.as_deref(), last.date.as_str()),
        ("bike", Some("Team Nord"), "2026-11-30")
    );
}

#[test]
fn the_area_sheet_holds_the_coverage_report_and_next_steps_of_the_area() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let today = Some("2026-12-01".to_string());
    let q = afdaek_core::session::CoverageQuery {
        area: Some("Vollsmose".into()),
        today: today.clone(),
        ..Default::default()
    };
    let report = s.coverage(&q).unwrap().areas.remove(0);
    let (_, next) = s.next_steps(Some("Vollsmose"), today.clone()).unwrap();
    let sheet = s.area_sheet(report.fid.unwrap(), today).unwrap();
    assert_eq!(sheet.coverage, report);
    assert_eq!(sheet.next, next[0]);
    // The week table adds up to the weekday figures.
    let week: f64 = sheet.coverage.week.values().flat_map(|r| r.values()).sum();
    let days: f64 = report.weekdays.values().sum();
    assert!(week > 0.0 && (week - days).abs() < 1e-6, "{week} vs {days}");
    assert!(sheet.times_of_day.iter().any(|t| t.code == "unknown"));
    // A fidelity answer is one undoable edit.
    let label =
        s.answer_fidelity_for(report.fid.unwrap(), "2026-12-01", &[("partners_mapped".into(), "high".into())]).unwrap();
    assert_eq!(s.undo_state().unwrap().undo.as_deref(), Some(label.as_str()));
    assert!(
        s.answer_fidelity_for(report.fid.unwrap(), "2026-12-01", &[("partners_mapped".into(), "maybe".into())])
            .is_err()
    );
}

#[test]
fn a_drawn_layer_has_every_form_field_editable_in_the_inspector_a_register_layer_only_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let s = demo(dir.path());
    let vollsmose = s.project().features(Layer::FocusAreas).unwrap()[0].fid.unwrap();
    let ins = s.inspect(Layer::FocusAreas, vollsmose).unwrap();
    let editable = |name: &str| ins.fields.iter().find(|f| f.name == name).map(|f| f.editable);
    assert_eq!(editable("priority"), Some(true));
    assert_eq!(editable("crit_task"), Some(true));
    assert_eq!(editable("dim_channels_mark"), Some(true), "empty marks are shown to be filled in");
    assert_eq!(editable("period_start"), Some(true));
    assert_eq!(editable("source_id"), None, "register ids are not shown when empty and never edited");
    let road = s.project().features(Layer::Roads).unwrap()[0].fid.unwrap();
    let ins = s.inspect(Layer::Roads, road).unwrap();
    // A road (from the register) can have its free text corrected, nothing else.
    for f in &ins.fields {
        let text = matches!(Layer::Roads.field(f.name).unwrap().ty, afdaek_core::model::FieldType::Text);
        assert_eq!(f.editable, text, "{}", f.name);
    }
}
