//! The drawing and drag-tick commands end to end (the app's Tegn and
//! Afkryds buttons without the map): the real `afdaek` binary on the demo
//! project, checked with GDAL's `ogrinfo` where the file is the proof.

use std::path::{Path, PathBuf};
use std::process::Command;

fn afdaek(args: &[&str]) -> (bool, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_afdaek")).args(args).env("AFDAEK_USER", "TST").output().expect("run afdaek");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn demo(dir: &Path) -> PathBuf {
    let demo = dir.join("demo.gpkg");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let (ok, _, err) = afdaek(&["demo", demo.to_str().unwrap(), "--data", data.to_str().unwrap()]);
    assert!(ok, "{err}");
    demo
}

fn partners_named(demo: &str, name: &str) -> usize {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-q", demo, "-sql", &format!("SELECT count(*) AS n FROM partners WHERE name = '{name}'")])
        .output()
        .expect("ogrinfo (gdal-bin) is installed by `cargo xtask`");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.trim().strip_prefix("n (Integer) = "))
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

#[test]
fn draw_refuses_a_cpr_note_then_stores_the_partner_and_delete_and_undo_work() {
    let d = tempfile::tempdir().unwrap();
    let demo = demo(d.path());
    let demo = demo.to_str().unwrap();
    let point = r#"{"type":"Point","coordinates":[10.3830,55.3985]}"#;

    let forms: serde_json::Value = serde_json::from_str(&afdaek(&["forms", demo]).1).unwrap();
    assert!(forms.as_array().unwrap().iter().any(|f| f["table"] == "partners"));

    let (ok, _, err) = afdaek(&[
        "draw",
        demo,
        "--layer",
        "partners",
        "--geometry",
        point,
        "--set",
        "name=Netto",
        "--set",
        "partner_type=grocer",
        "--set",
        "notes=Borger 010190-1234",
    ]);
    assert!(!ok && err.contains("CPR"), "{err}");
    assert_eq!(partners_named(demo, "Netto"), 0, "nothing stored");
    let (ok, _, err) = afdaek(&["draw", demo, "--layer", "partners", "--geometry", point, "--set", "name=Netto"]);
    assert!(!ok && err.contains("Type skal udfyldes"), "{err}");

    let (ok, out, err) = afdaek(&[
        "draw",
        demo,
        "--layer",
        "partners",
        "--geometry",
        point,
        "--set",
        "name=Netto",
        "--set",
        "partner_type=grocer",
        "--set",
        "contact_status=in_progress",
        "--set",
        "reach_m=150",
    ]);
    assert!(ok, "{err}");
    assert!(out.starts_with("Tegn samarbejdspartner: Netto"), "{out}");
    assert_eq!(partners_named(demo, "Netto"), 1);
    let fid = out.trim().rsplit("nr. ").next().unwrap().trim_end_matches(')').to_string();

    let (ok, out, _) = afdaek(&["delete", demo, "--layer", "partners", "--fid", &fid]);
    assert!(ok && out.contains("Slet samarbejdspartner: Netto"), "{out}");
    assert_eq!(partners_named(demo, "Netto"), 0);
    assert!(afdaek(&["undo", demo]).0);
    assert_eq!(partners_named(demo, "Netto"), 1);
}

#[test]
fn tick_along_a_dragged_path_and_snap() {
    let d = tempfile::tempdir().unwrap();
    let demo = demo(d.path());
    let demo = demo.to_str().unwrap();
    let (ok, out, err) = afdaek(&[
        "tick",
        demo,
        "--along",
        "10.381402,55.399665",
        "--along",
        "10.381781,55.399292",
        "--along",
        "10.381990,55.399080",
        "--date",
        "2026-11-30",
        "--method",
        "walk",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("Hans Tausens Gade"), "{out}");
    let (ok, out, _) = afdaek(&["snap", demo, "--at", "10.38011,55.39927", "--radius", "12"]);
    assert!(ok && out.contains("road_vertex"), "{out}");
}

#[test]
fn a_communication_plan_row_is_added_refused_with_a_cpr_number_and_read_by_gdal() {
    let d = tempfile::tempdir().unwrap();
    let demo = demo(d.path());
    let demo = demo.to_str().unwrap();
    let (ok, _, err) = afdaek(&["comms", demo, "--area", "Vollsmose", "--add", "Ring til 010190-1234"]);
    assert!(!ok && err.contains("CPR"), "{err}");
    let (ok, out, err) = afdaek(&[
        "comms",
        demo,
        "--area",
        "Vollsmose",
        "--add",
        "Fortæl om åben rådgivning",
        "--partner",
        "Vollsmose Apotek",
        "--medium",
        "møde",
        "--responsible",
        "MHJ",
        "--timeframe",
        "uge 3",
        "--status",
        "in_progress",
    ]);
    assert!(ok, "{err}");
    assert!(out.starts_with("Kommunikationsplan: ny række (Vollsmose)"), "{out}");
    let (ok, out, _) = afdaek(&["comms", demo, "--area", "Vollsmose", "--json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let demo_rows = rows.len() - 1; // the demo's own plan comes first
    let new = &rows[demo_rows];
    assert_eq!(new["partner"], "Vollsmose Apotek");
    assert_eq!(new["status"], "in_progress");
    // GDAL reads the table as the OGC GeoPackage attribute table it is.
    let info = Command::new("ogrinfo").args(["-ro", "-q", demo, "communication_plan"]).output().unwrap();
    let text = String::from_utf8_lossy(&info.stdout);
    assert!(text.contains("Fortæl om åben rådgivning"), "{text}");
    assert!(afdaek(&["undo", demo]).0);
    let (_, out, _) = afdaek(&["comms", demo, "--area", "Vollsmose", "--json"]);
    let after: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(after["rows"].as_array().unwrap().len(), demo_rows, "undo removed the new row only");
}

#[test]
fn a_status_colour_is_a_checked_undoable_project_setting() {
    let d = tempfile::tempdir().unwrap();
    let demo = demo(d.path());
    let demo = demo.to_str().unwrap();
    let colours = r##"{"not_started":"#d73027","in_progress":"#7b2cbf","done":"#1a9850"}"##;
    let (ok, out, err) = afdaek(&["settings", demo, "--set", &format!("status_colours={colours}")]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "Indstilling: farver for kontaktstatus");
    let (_, out, _) = afdaek(&["settings", demo]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status_colours"]["in_progress"], "#7b2cbf");
    let (ok, _, err) = afdaek(&["settings", demo, "--set", r##"status_colours={"in_progress":"lilla"}"##]);
    assert!(!ok && err.contains("er ikke en farve"), "{err}");
    let (ok, _, err) = afdaek(&["settings", demo, "--set", "recency_days=0"]);
    assert!(!ok && err.contains("1–36500"), "{err}");
    assert!(afdaek(&["undo", demo]).0);
    let (_, out, _) = afdaek(&["settings", demo]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status_colours"]["in_progress"], "#fdae61", "undo brings the old colour back");
    // Team names: kept for the team, free text checked by the privacy guard.
    let (ok, out, err) = afdaek(&["settings", demo, "--set", r#"teams=["Team Øst","Team Vest"]"#]);
    assert!(ok && out.contains("Indstilling: teams"), "{err}");
    let (ok, _, err) = afdaek(&["settings", demo, "--set", r#"teams=["Team 010190-1234"]"#]);
    assert!(!ok && err.contains("CPR"), "{err}");
}
