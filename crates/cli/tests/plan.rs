//! `afdaek plan`: the area plan and the atlas as PDF, checked the way a
//! reader's machine sees them: `qpdf --check`, `pdftotext` (headings, the
//! areas' names with æ, ø, å, the coverage figures equal to `afdaek coverage
//! --json`), `pdftoppm` (the map holds streets in the coverage colours, not a
//! blank box), `pdfinfo` (paper and orientation) and the outline (bookmarks).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn afdaek(args: &[&str]) -> (bool, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_afdaek")).args(args).env("AFDAEK_USER", "TST").output().expect("run afdaek");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn tool(cmd: &str, args: &[&str]) -> String {
    let o = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e} (qpdf and poppler-utils are installed by `cargo xtask`)"));
    assert!(o.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const TODAY: &str = "2026-12-01";
/// A focus area in Odense C whose name has Danish letters, with a note that
/// must only reach paper when asked.
const DANISH: &str = "Æblehaven Østerå";
const NOTE: &str = "Opgangene ved søen tjekkes om aftenen";

/// The demo project plus a second-named focus area with a dimension note and a communication plan row.
fn project(dir: &Path) -> PathBuf {
    let demo = dir.join("demo.gpkg");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let (ok, _, err) = afdaek(&["demo", demo.to_str().unwrap(), "--data", data.to_str().unwrap()]);
    assert!(ok, "{err}");
    let p = demo.to_str().unwrap();
    let (c, d) = ((10.3801, 55.3993), 0.004);
    let square = format!(
        r#"{{"type":"Polygon","coordinates":[[[{a},{b}],[{e},{b}],[{e},{f}],[{a},{f}],[{a},{b}]]]}}"#,
        a = c.0 - d,
        b = c.1 - d / 2.0,
        e = c.0 + d,
        f = c.1 + d / 2.0
    );
    let name = format!("name={DANISH}");
    let note = format!("dim_housing_notes={NOTE}");
    let (ok, _, err) = afdaek(&[
        "draw",
        p,
        "--layer",
        "focus_areas",
        "--geometry",
        &square,
        "--set",
        &name,
        "--set",
        &note,
        "--set",
        "priority=2",
    ]);
    assert!(ok, "{err}");
    let (ok, _, err) = afdaek(&[
        "comms",
        p,
        "--area",
        "Vollsmose",
        "--add",
        "Plakat i opgangene",
        "--partner",
        "Boligselskabets driftskontor",
    ]);
    assert!(ok, "{err}");
    demo
}

fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/test-output/plan");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn plan(project: &Path, out: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["plan", project.to_str().unwrap(), "--out", out.to_str().unwrap(), "--today", TODAY, "--json"];
    args.extend_from_slice(extra);
    let (ok, stdout, err) = afdaek(&args);
    assert!(ok, "{err}");
    tool("qpdf", &["--check", out.to_str().unwrap()]);
    serde_json::from_str(&stdout).unwrap()
}

fn text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

/// Page `page` at 50 dpi as RGB pixels (poppler's PPM: P6, width, height, 255, data).
fn pixels(pdf: &Path, page: usize) -> (usize, usize, Vec<u8>) {
    let prefix = pdf.with_extension(format!("p{page}"));
    let n = page.to_string();
    tool("pdftoppm", &["-r", "50", "-f", &n, "-l", &n, "-singlefile", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    let raw = std::fs::read(prefix.with_extension(format!("p{page}.ppm"))).unwrap();
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while raw[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !raw[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&raw[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P6");
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, raw[i + 1..].to_vec())
}

/// Pixels within `tol` of `rgb` in the top `share` of the page (the map).
fn count(px: &(usize, usize, Vec<u8>), rgb: (u8, u8, u8), share: f64) -> usize {
    let (w, h, data) = px;
    let rows = (*h as f64 * share) as usize;
    data[..rows * w * 3]
        .chunks_exact(3)
        .filter(|c| {
            (c[0] as i32 - rgb.0 as i32).abs() < 18
                && (c[1] as i32 - rgb.1 as i32).abs() < 18
                && (c[2] as i32 - rgb.2 as i32).abs() < 18
        })
        .count()
}

fn da(v: f64, decimals: usize) -> String {
    afdaek_core::display::number_da(v, decimals)
}

#[test]
fn one_area_plan_has_its_headings_figures_and_a_drawn_map() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let pdf = out_dir().join("vollsmose.pdf");
    let summary = plan(&p, &pdf, &["--area", "Vollsmose"]);
    assert_eq!(summary["plan"]["areas"][0], "Vollsmose");

    let t = text(&pdf);
    for heading in [
        "Vollsmose",
        "Prioritet og ansvar",
        "Dækning",
        "De fem afdækningsdimensioner",
        "Fidelitetsskema",
        "Samarbejdspartnere",
        "Kommunikationsplan",
        "Blinde pletter",
        "Hvad nu",
        "Målestok 1:",
        "side 1 af",
        "Plakat i opgangene",
    ] {
        assert!(t.contains(heading), "'{heading}' is not in the plan:\n{t}");
    }
    // The figures are the coverage command's, as a Danish reader writes them.
    let (ok, cov, err) = afdaek(&["coverage", p.to_str().unwrap(), "--area", "Vollsmose", "--today", TODAY, "--json"]);
    assert!(ok, "{err}");
    let cov: Value = serde_json::from_str(&cov).unwrap();
    let a = &cov["areas"][0];
    let street = format!("{} km", da(a["street_length_m"].as_f64().unwrap() / 1000.0, 2));
    let covered = format!(
        "{} km ({} %)",
        da(a["covered_length_m"].as_f64().unwrap() / 1000.0, 2),
        da(a["covered_share"].as_f64().unwrap() * 100.0, 1)
    );
    let segments = format!("{} af {}", a["segments_covered"], a["segments_total"]);
    let dwellings = format!("{} af {}", a["dwellings_covered"], a["dwellings_total"]);
    for figure in [&street, &covered, &segments, &dwellings] {
        assert!(t.contains(figure.as_str()), "'{figure}' (afdaek coverage --json) is not in the plan:\n{t}");
    }
    assert!(a["covered_share"].as_f64().unwrap() > 0.1, "the demo's Vollsmose is partly covered");
    assert!(!t.contains(NOTE), "notes stay off paper unless asked");

    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("x 841.89 pts (A4)") && info.contains("595.2"), "A4 portrait: {info}");

    // The map page holds drawn streets in the coverage colours, not an empty frame.
    let px = pixels(&pdf, 1);
    let green = count(&px, (0x00, 0x9e, 0x73), 0.8);
    let grey = count(&px, (0x4d, 0x4d, 0x4d), 0.8);
    eprintln!("map pixels: green {green}, grey {grey}");
    assert!(green > 300, "covered streets drawn in green: {green} px");
    assert!(grey > 100, "uncovered streets drawn in grey: {grey} px");
}

/// Partners' eyes and the next trip's street list: what `afdaek next` and
/// `afdaek route` say, on paper.
#[test]
fn the_plan_names_who_to_ask_and_the_next_trips_streets_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let ps = p.to_str().unwrap();
    let pdf = out_dir().join("bolbro-route.pdf");
    plan(&p, &pdf, &["--area", "Bolbro", "--route", "walk"]);
    // pdftotext without -layout keeps a table cell's text together.
    let t = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);

    let (ok, next, err) = afdaek(&["next", ps, "--area", "Bolbro", "--today", TODAY, "--json"]);
    assert!(ok, "{err}");
    let next: Value = serde_json::from_str(&next).unwrap();
    let eyes = next["areas"][0]["partners_eyes"].as_array().unwrap();
    let names: Vec<&str> = eyes.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(
        names.contains(&"Madservice Vest, tirsdagsrute"),
        "the demo's meal route passes uncovered homes: {names:?}"
    );
    assert!(!names.contains(&"Købmanden i Bolbro"), "a grocer does not come to the door: {names:?}");
    assert!(t.contains("Partneres øjne"), "{t}");
    for n in &names {
        assert!(t.contains(&format!("Spørg {n} om")), "'{n}' is not asked in the plan:\n{t}");
    }
    let first = &eyes[0]["stretches"][0]["street"];
    assert!(t.contains(first.as_str().unwrap()), "{first}");

    let (ok, route, err) =
        afdaek(&["route", ps, "--area", "Bolbro", "--method", "walk", "--return", "--today", TODAY, "--json"]);
    assert!(ok, "{err}");
    let route: Value = serde_json::from_str(&route).unwrap();
    assert!(t.contains("Næste tur") && t.contains("Til fods: "), "{t}");
    let km = afdaek_core::display::distance_da(route["length_m"].as_f64().unwrap());
    assert!(t.contains(&format!("Til fods: {km} rundt")), "the route's length '{km}' (afdaek route --json):\n{t}");
    // The turn list: every street of the route, numbered in the order walked,
    // with its length. Laid out, a row reads "12.   Højemarksvej   56 m",
    // three columns side by side.
    let laid = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let list = &laid[laid.find("Gaderne i den rækkefølge").expect("the turn list's heading")..];
    let mut printed: std::collections::BTreeMap<usize, (String, String)> = Default::default();
    for line in list.lines().skip(1) {
        let cells: Vec<&str> = line.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
        let mut i = 0;
        while i + 2 < cells.len() {
            if let Some(n) = cells[i].strip_suffix('.').and_then(|n| n.parse::<usize>().ok()) {
                // pdftotext may drop the space in "2 m".
                printed.insert(n, (cells[i + 1].to_string(), cells[i + 2].replace(' ', "")));
                i += 3;
            } else {
                i += 1;
            }
        }
    }
    let turns = route["turns"].as_array().unwrap();
    assert!(turns.len() > 10);
    for (i, turn) in turns.iter().enumerate() {
        let want = (
            turn["street"].as_str().unwrap().to_string(),
            afdaek_core::display::distance_da(turn["length_m"].as_f64().unwrap()).replace(' ', ""),
        );
        assert_eq!(printed.get(&(i + 1)), Some(&want), "turn {} of the plan's list:\n{list}", i + 1);
    }
    assert_eq!(printed.len(), turns.len(), "no turns beyond the route's");
}

#[test]
fn the_atlas_has_an_overview_contents_bookmarks_and_every_area() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let pdf = out_dir().join("atlas-a3-landscape.pdf");
    let summary = plan(&p, &pdf, &["--all", "--paper", "a3", "--landscape", "--grid"]);
    let pages = summary["plan"]["pages"].as_u64().unwrap();
    assert!(pages >= 2 + 3 * 2, "overview, contents and two pages or more per area: {pages}");
    let t = text(&pdf);
    for s in ["Fokusområder", "Indhold", "Vollsmose", "Bolbro", DANISH, &format!("side 1 af {pages}")] {
        assert!(t.contains(s), "'{s}' is not in the atlas:\n{t}");
    }
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("1190.55 x 841.89 pts (A3)"), "A3 landscape: {info}");
    assert!(info.contains(&format!("Pages:           {pages}")), "{info}");
    // Every area is a bookmark.
    let outline = tool("qpdf", &["--json", "--json-key=outlines", pdf.to_str().unwrap()]);
    for name in ["Vollsmose", "Bolbro", DANISH] {
        assert!(outline.contains(name), "bookmark '{name}' missing: {outline}");
    }
    // The overview page draws the areas' streets too.
    let px = pixels(&pdf, 1);
    assert!(count(&px, (0x00, 0x9e, 0x73), 0.9) > 20, "coverage on the overview");
}

#[test]
fn only_the_chosen_layers_and_notes_reach_paper() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let pdf = out_dir().join("roads-only.pdf");
    plan(&p, &pdf, &["--area", DANISH, "--layers", "roads,coverage"]);
    let t = text(&pdf);
    assert!(t.contains(DANISH));
    for absent in ["Samarbejdspartnere\n", "Blinde pletter", "Besøgssted", "Boligområde:", NOTE] {
        assert!(!t.contains(absent), "'{absent}' was not chosen but is in the plan:\n{t}");
    }
    let pdf = out_dir().join("with-notes-a4-landscape.pdf");
    plan(&p, &pdf, &["--area", DANISH, "--include-notes", "--landscape"]);
    let t = text(&pdf);
    assert!(t.contains("Opgangene ved søen"), "the note when asked:\n{t}");
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("841.89 x 595.2"), "A4 landscape: {info}");
}

#[test]
fn bad_choices_are_refused_in_words_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let out = dir.path().join("never.pdf");
    let o = out.to_str().unwrap();
    let pp = p.to_str().unwrap();
    for (args, words) in [
        (vec!["plan", pp, "--area", "Atlantis", "--out", o], "Atlantis"),
        (vec!["plan", pp, "--all", "--layers", "roads,people", "--out", o], "'people'"),
        (vec!["plan", pp, "--all", "--paper", "a5", "--out", o], "a5"),
    ] {
        let (ok, _, err) = afdaek(&args);
        assert!(!ok && err.contains(words), "{args:?}: {err}");
        assert!(!out.exists(), "nothing written for {args:?}");
    }
}
