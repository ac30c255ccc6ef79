//! `afdaek import --dry-run`: the real binary previews a file (the app's
//! Import dialog asks the same of the session) and stores nothing.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn afdaek(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_afdaek")).args(args).output().expect("run afdaek");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn ok(args: &[&str]) -> String {
    let (ok, out, err) = afdaek(args);
    assert!(ok, "afdaek {args:?} failed: {err}");
    out
}

fn partners(project: &Path) -> u64 {
    let info: Value = serde_json::from_str(&ok(&["info", project.to_str().unwrap(), "--json"])).unwrap();
    info["layers"].as_array().unwrap().iter().find(|l| l["name"] == "partners").unwrap()["count"].as_u64().unwrap()
}

#[test]
fn a_dry_run_shows_what_would_be_imported_and_stores_nothing() {
    let d = tempfile::tempdir().unwrap();
    let project = d.path().join("p.gpkg");
    let p = project.to_str().unwrap();
    ok(&["new", p, "--name", "Prøve"]);
    let file = d.path().join("partnere.geojson");
    std::fs::write(
        &file,
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Viceværten"},"geometry":{"type":"Point","coordinates":[10.3883,55.3959]}},
{"type":"Feature","properties":{"name":"Biblioteket"},"geometry":{"type":"Point","coordinates":[10.39,55.40]}}]}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();

    // Without a layer: the core's question and the layers to choose from, not a failure.
    let out = ok(&["import", p, f, "--dry-run"]);
    assert!(out.contains("angiv hvilket lag") && out.contains("partners") && out.contains("intet gemt"), "{out}");
    let j: Value = serde_json::from_str(&ok(&["import", p, f, "--dry-run", "--json"])).unwrap();
    assert_eq!(j["needs_layer"], true);
    assert_eq!(j["format"], "GeoJSON");

    // With one: the counts per layer, in words and as JSON.
    let out = ok(&["import", p, f, "--as", "partners", "--dry-run"]);
    assert!(out.contains("læst 2") && out.contains("partners: 2"), "{out}");
    let j: Value = serde_json::from_str(&ok(&["import", p, f, "--as", "partners", "--dry-run", "--json"])).unwrap();
    assert_eq!((j["read"].as_u64(), j["per_layer"]["partners"].as_u64()), (Some(2), Some(2)));
    assert_eq!(j["labels"]["partners"], "Samarbejdspartnere");
    assert_eq!(partners(&project), 0, "a dry run stores nothing");
    let log = ok(&["log", p]);
    assert!(!log.contains("Import"), "no history line: {log}");

    // The import itself still stores them.
    ok(&["import", p, f, "--as", "partners", "--user", "TST"]);
    assert_eq!(partners(&project), 2);
}
