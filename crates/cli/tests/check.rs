//! `afdaek check` and a project with one geometry another program damaged:
//! every command still works, and the check names the feature.

use std::path::Path;
use std::process::Command;

fn afdaek(args: &[&str]) -> (bool, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_afdaek")).args(args).env("AFDAEK_USER", "TST").output().expect("run afdaek");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn a_damaged_geometry_is_listed_by_check_and_blocks_nothing_else() {
    let d = tempfile::tempdir().unwrap();
    let demo = d.path().join("demo.gpkg");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let p = demo.to_str().unwrap();
    assert!(afdaek(&["demo", p, "--data", data.to_str().unwrap()]).0);
    let (ok, out, _) = afdaek(&["check", p]);
    assert!(ok && out.contains("i orden"), "{out}");

    // What another GIS might leave behind: a blob that is not a GeoPackage geometry.
    let sql = "UPDATE buildings SET geom = X'00FF00FF' WHERE fid = (SELECT min(fid) FROM buildings)";
    let st = Command::new("sqlite3").args([p, sql]).status().expect("sqlite3 is installed by `cargo xtask`");
    assert!(st.success());

    let (ok, out, err) = afdaek(&["check", p, "--json"]);
    assert!(!ok, "check fails: {out}{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["damaged"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["damaged"][0]["layer"], "buildings");
    assert_eq!(r["integrity"][0], "ok");
    let (_, text, _) = afdaek(&["check", p]);
    assert!(
        text.contains("buildings nr.") && text.contains("kan ikke læses") || text.contains("ikke kan læses"),
        "{text}"
    );

    for args in [
        vec!["info", p],
        vec!["blindspots", p, "--limit", "3"],
        vec!["coverage", p, "--all"],
        vec!["plan", p, "--all", "--out", d.path().join("a.pdf").to_str().unwrap()],
    ] {
        let (ok, _, err) = afdaek(&args);
        assert!(ok, "{args:?} works beside the damaged feature: {err}");
    }
}
