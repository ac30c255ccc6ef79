//! The planning commands end to end: the real `afdaek` binary on the demo
//! project built from the real Odense data, checked through its documented JSON.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository's own demo data (`data/`): the demo needs nothing else.
fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn afdaek(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_afdaek")).args(args).output().expect("run afdaek");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

/// The demo project, made by the real binary from the repository's data, in `dir`.
fn demo(dir: &Path) -> PathBuf {
    let demo = dir.join("demo.gpkg");
    let (ok, _, err) = afdaek(&["demo", demo.to_str().unwrap(), "--data", data().to_str().unwrap()]);
    assert!(ok, "{err}");
    demo
}

fn json(args: &[&str]) -> Value {
    let (ok, out, err) = afdaek(args);
    assert!(ok, "afdaek {args:?} failed: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

#[test]
fn planning_commands_on_the_demo_project() {
    let d = tempfile::tempdir().unwrap();
    let demo = demo(d.path());
    let demo_s = demo.to_str().unwrap();

    let b = json(&["blindspots", demo_s, "--json", "--limit", "5", "--today", "2026-11-22"]);
    let list = b["blindspots"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert!(b["total"].as_u64().unwrap() >= 5);
    for e in list {
        for key in ["id", "kind", "type", "type_label", "dwellings", "score"] {
            assert!(!e[key].is_null(), "{key} missing in {e}");
        }
        assert!((10.0..11.0).contains(&e["location"]["lon"].as_f64().unwrap()));
        assert!((55.0..56.0).contains(&e["location"]["lat"].as_f64().unwrap()));
        let codes: Vec<&str> = e["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
        assert!(codes.contains(&"outside_focus"), "{codes:?}");
        assert!(e["reasons"][0]["label"].as_str().unwrap().contains("fokusområder"));
    }
    let scores: Vec<f64> = list.iter().map(|e| e["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "ranked best first: {scores:?}");
    assert_eq!(list[0]["type"], "dormitory");

    let p = json(&["priorities", demo_s, "--json"]);
    assert_eq!(p["focus_areas"][0]["name"], "Vollsmose");
    assert_eq!(p["focus_areas"][0]["priority"], 1);

    let s = json(&["stale", demo_s, "--json", "--today", "2026-11-22"]);
    let stale: Vec<&str> = s["areas"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert!(stale.contains(&"Bolbro"), "Bolbro was last reviewed 2025-11-02: {stale:?}");

    let (ok, _, err) = afdaek(&[
        "fidelity",
        demo_s,
        "--area",
        "Vollsmose",
        "--date",
        "2026-11-22",
        "--answer",
        "housing_mapped=high",
        "--answer",
        "outreach_planned=low",
    ]);
    assert!(ok, "{err}");
    let (ok, _, err) = afdaek(&[
        "fidelity",
        demo_s,
        "--area",
        "Vollsmose",
        "--date",
        "2026-11-22",
        "--answer",
        "housing_mapped=maybe",
    ]);
    assert!(!ok && err.contains("ukendt svar"), "{err}");

    let n = json(&["next", demo_s, "--area", "vollsmose", "--json", "--today", "2026-11-22"]);
    let a = &n["areas"][0];
    assert_eq!(a["name"], "Vollsmose");
    assert_eq!(a["fidelity"][0]["answers"]["housing_mapped"], "high");
    assert!(a["uncovered_streets_total"].as_u64().unwrap() > 0);
    let (ok, _, err) = afdaek(&["next", demo_s, "--area", "Atlantis"]);
    assert!(!ok && err.contains("Vollsmose"), "lists the areas that exist: {err}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let d = tempfile::tempdir().unwrap();
    let demo = demo(d.path());
    // Like `afdaek blindspots demo.gpkg | head -1`: the reader closes at once.
    let mut child = Command::new(env!("CARGO_BIN_EXE_afdaek"))
        .args(["blindspots", demo.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn edits_carry_the_users_initials() {
    let d = tempfile::tempdir().unwrap();
    let demo = demo(d.path());
    let demo_s = demo.to_str().unwrap();
    let (ok, out, err) = afdaek(&[
        "tick",
        demo_s,
        "--at",
        "10.38182,55.39925",
        "--date",
        "2026-11-18",
        "--method",
        "bike",
        "--user",
        "kb",
    ]);
    assert!(ok && out.contains("Hans Tausens Gade"), "{out}{err}");
    let (_, log, _) = afdaek(&["log", demo_s, "--limit", "1"]);
    assert!(log.contains(" KB ") && log.contains("Afkryds Hans Tausens Gade"), "{log}");
    // Initials, not a name: refused before anything is written.
    let (ok, _, err) = afdaek(&["undo", demo_s, "--user", "Hans Jensen"]);
    assert!(!ok && err.contains("2–6 bogstaver"), "{err}");
    let (_, log, _) = afdaek(&["log", demo_s, "--limit", "1"]);
    assert!(log.contains("Afkryds"), "nothing undone: {log}");
}

#[test]
fn a_new_project_for_a_municipality_gets_its_boundary_and_a_copy_can_be_saved() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("greve.gpkg");
    let p_s = p.to_str().unwrap();
    let (ok, out, err) = afdaek(&["new", p_s, "--name", "Fokus Greve", "--municipality", "253", "--user", "KB"]);
    assert!(ok && out.contains("kommunegrænsen"), "{out}{err}");
    let info = json(&["info", p_s, "--json"]);
    let boundary = info["layers"].as_array().unwrap().iter().find(|l| l["name"] == "boundary").unwrap();
    assert_eq!(boundary["count"], 1);
    assert_eq!(info["municipality"], "0253");
    // A copy, written while another process has the project open for writing.
    let holder = afdaek_core::Project::open_writable(&p).unwrap();
    let copy = d.path().join("kopi.gpkg");
    let (ok, _, err) = afdaek(&["save-copy", p_s, copy.to_str().unwrap()]);
    assert!(ok, "{err}");
    drop(holder);
    let c = json(&["info", copy.to_str().unwrap(), "--json"]);
    assert_eq!(c["name"], "Fokus Greve");
    // Never over an existing file.
    let (ok, _, err) = afdaek(&["save-copy", p_s, copy.to_str().unwrap()]);
    assert!(!ok && err.contains("findes allerede"), "{err}");
}

fn ogrinfo(args: &[&str]) -> String {
    let out = Command::new("ogrinfo")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("ogrinfo (gdal-bin) is installed by `cargo xtask`");
    assert!(out.status.success(), "ogrinfo {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into()
}

#[test]
fn route_through_bolbros_uncovered_streets() {
    let d = tempfile::tempdir().unwrap();
    let demo = demo(d.path());
    let demo_s = demo.to_str().unwrap();
    let cov = json(&["coverage", demo_s, "--area", "Bolbro", "--json", "--today", "2026-12-01"]);
    let gpx = d.path().join("bolbro.gpx");
    let r = json(&[
        "route",
        demo_s,
        "--area",
        "Bolbro",
        "--method",
        "car",
        "--return",
        "--today",
        "2026-12-01",
        "--out",
        gpx.to_str().unwrap(),
        "--json",
    ]);
    let (len, req, lb, greedy) = (
        r["length_m"].as_f64().unwrap(),
        r["required_m"].as_f64().unwrap(),
        r["lower_bound_m"].as_f64().unwrap(),
        r["greedy_m"].as_f64().unwrap(),
    );
    // The required streets are the area's uncovered ones: at most its uncovered length
    // (edges crossing the boundary count whole, paths are not for cars).
    let a = &cov["areas"][0];
    let uncovered = a["street_length_m"].as_f64().unwrap() - a["covered_length_m"].as_f64().unwrap();
    assert!(req > 0.5 * uncovered && req < 1.3 * uncovered, "required {req:.0} m, uncovered {uncovered:.0} m");
    assert!(lb <= len && len <= greedy + 1e-6, "lower bound {lb}, route {len}, greedy {greedy}");
    assert!(r["turns"].as_array().unwrap().len() >= 5);
    assert!(r["line_lonlat"].as_array().unwrap().len() > 10);
    // GDAL reads the GPX: one route, one track.
    let info = ogrinfo(&["-ro", "-so", "-al", gpx.to_str().unwrap()]);
    assert!(info.contains("Layer name: routes") && info.contains("Layer name: tracks"), "{info}");
    assert!(info.matches("Feature Count: 1").count() >= 2, "{info}");
    // And the GeoJSON: one feature per leg.
    let gj = d.path().join("bolbro.geojson");
    let (ok, _, err) = afdaek(&[
        "route",
        demo_s,
        "--area",
        "Bolbro",
        "--method",
        "walk",
        "--today",
        "2026-12-01",
        "--out",
        gj.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let legs: Value = serde_json::from_slice(&std::fs::read(&gj).unwrap()).unwrap();
    assert!(legs["features"].as_array().unwrap().len() > 5);
    assert!(ogrinfo(&["-ro", "-so", "-al", gj.to_str().unwrap()]).contains("Geometry: Line String"));
    // Refusals in words, nothing written.
    let bad = d.path().join("bad.gpx");
    let (ok, _, err) = afdaek(&["route", demo_s, "--area", "Ingen", "--out", bad.to_str().unwrap()]);
    assert!(!ok && err.contains("intet fokusområde hedder 'Ingen'"), "{err}");
    let (ok, _, err) = afdaek(&["route", demo_s, "--area", "Bolbro", "--method", "fly"]);
    assert!(!ok && err.contains("er ikke bil"), "{err}");
    assert!(!bad.exists());
}
