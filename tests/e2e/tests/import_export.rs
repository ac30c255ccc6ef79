//! The Import and Export dialogs in the real app, as a person uses them: the
//! file's path typed into the dialog (native file dialogs cannot be driven),
//! the core's preview and its question about the layer, the core's error for
//! a broken file with the project untouched, the report after an import with
//! the counts risen, an export written where asked, and an area plan previewed
//! and saved as PDF (checked with qpdf and poppler). Screenshots land in
//! target/test-output/screenshots.

use afdaek_e2e::{App, make_demo_project};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

/// Two partners in Odense C, as a plain GeoJSON file that does not say its layer.
const TWO_PARTNERS: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Kirkens Korshær, Nørregade","partner_type":"volunteer_org"},"geometry":{"type":"Point","coordinates":[10.3905,55.3975]}},
{"type":"Feature","properties":{"name":"Viceværten, Ejerslykke","partner_type":"caretaker"},"geometry":{"type":"Point","coordinates":[10.3862,55.3951]}}]}"#;

/// Every layer's count, as the app's project_info tells the UI.
async fn counts(app: &App) -> anyhow::Result<BTreeMap<String, u64>> {
    let info = app.invoke("project_info", json!({})).await?;
    Ok(info["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["name"].as_str().unwrap().to_string(), l["count"].as_u64().unwrap()))
        .collect())
}

/// Opens the Import dialog from the top bar, types the path and asks for the preview.
async fn read_file(app: &App, path: &std::path::Path) -> anyhow::Result<()> {
    app.find("[data-testid=import-open]").await?.click().await?;
    let field = app.find("[data-testid=import-path]").await?;
    field.clear().await?;
    field.send_keys(path.to_str().unwrap()).await?;
    app.find("[data-testid=import-read]").await?.click().await?;
    Ok(())
}

async fn disabled(app: &App, css: &str) -> anyhow::Result<bool> {
    Ok(app.find(css).await?.prop("disabled").await?.as_deref() == Some("true"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_truncated_file_shows_the_cores_error_and_changes_nothing() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::start(&make_demo_project(dir.path())?).await?;
    let before = counts(&app).await?;
    let history = app.invoke("history", json!({"limit": 5})).await?;

    // The download stopped half way.
    let cut = dir.path().join("partnere-afbrudt.geojson");
    std::fs::write(&cut, &TWO_PARTNERS.as_bytes()[..TWO_PARTNERS.len() / 2])?;
    read_file(&app, &cut).await?;
    let error = app.wait_text("[data-testid=import-error]", |t| t.contains("partnere-afbrudt.geojson")).await?;
    // The core's message, word for word: the file, the line, the reason.
    assert!(error.contains("linje") && error.contains("JSON"), "{error}");
    assert!(error.contains("Intet er ændret i projektet"), "{error}");
    assert!(disabled(&app, "[data-testid=import-submit]").await?, "nothing to import");
    app.screenshot("import-truncated-error").await?;

    // The project is as it was: every layer's count, and no new history line.
    assert_eq!(counts(&app).await?, before);
    assert_eq!(app.invoke("history", json!({"limit": 5})).await?, history);
    app.find("[data-testid=import-cancel]").await?.click().await?;
    let gone = app.js("return !document.querySelector('[data-testid=import-dialog]')").await?;
    assert_eq!(gone, Value::Bool(true));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_partners_are_previewed_imported_reported_and_exported() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::start(&make_demo_project(dir.path())?).await?;
    let before = counts(&app).await?;
    let file = dir.path().join("nye-partnere.geojson");
    std::fs::write(&file, TWO_PARTNERS)?;

    // A plain GeoJSON file does not say its layer: the dialog asks, in the core's words too.
    read_file(&app, &file).await?;
    let ask = app.wait_text("[data-testid=import-needs-layer]", |t| !t.is_empty()).await?;
    assert!(ask.contains("Vælg laget") && ask.contains("angiv hvilket lag"), "{ask}");
    assert_eq!(app.text("[data-testid=import-format]").await?, "GeoJSON");
    assert!(disabled(&app, "[data-testid=import-submit]").await?);
    app.screenshot("import-asks-for-layer").await?;

    // Choosing the layer (labels from the backend) previews again with counts.
    app.find("[data-testid=import-layer] option[value='partners']").await?.click().await?;
    let count = app.wait_text("[data-testid=import-count-partners]", |t| t.contains('2')).await?;
    assert_eq!(count, "Samarbejdspartnere: 2");
    assert_eq!(counts(&app).await?, before, "the preview stores nothing");
    app.screenshot("import-preview-partners").await?;

    // Importér: the core's report, and the count risen by exactly 2.
    app.find("[data-testid=import-submit]").await?.click().await?;
    let report = app.wait_text("[data-testid=import-report]", |t| t.contains("Importen er færdig")).await?;
    assert!(report.contains("Nye: 2") && report.contains("Samarbejdspartnere: 2"), "{report}");
    app.screenshot("import-report").await?;
    let after = counts(&app).await?;
    assert_eq!(after["partners"], before["partners"] + 2);
    for (layer, n) in &before {
        if layer != "partners" {
            assert_eq!(after[layer], *n, "{layer} untouched");
        }
    }
    // The layers panel follows, and undo offers the import back.
    let want = format!("({})", before["partners"] + 2);
    app.wait_text("li[data-layer=partners] .name", |t| t.contains(&want)).await?;
    let undo = app.find("[data-testid=undo]").await?.attr("title").await?.unwrap_or_default();
    assert!(undo.contains("Import: nye-partnere.geojson"), "{undo}");

    // Closed: the map has gone to what came in (two points 300 m apart in Odense C).
    app.find("[data-testid=import-close]").await?.click().await?;
    app.wait_map_idle().await?;
    let c = app.js("const m = window.afdaek.map; const c = m.getCenter(); return [c.lng, c.lat, m.getZoom()]").await?;
    let (lon, lat, zoom) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap(), c[2].as_f64().unwrap());
    assert!((10.38..10.40).contains(&lon) && (55.39..55.40).contains(&lat), "centre {lon}, {lat}");
    assert!(zoom > 14.0, "fitted to the two partners, zoom {zoom}");
    app.screenshot("import-map-fitted").await?;

    // Export the partners as GeoJSON, without private fields, to a typed path.
    let out = dir.path().join("partnere-ud.geojson");
    app.find("[data-testid=export-open]").await?.click().await?;
    app.find("[data-testid=export-format] option[value='geojson']").await?.click().await?;
    app.find("[data-testid=export-layer-partners]").await?.click().await?;
    let path = app.find("[data-testid=export-path]").await?;
    path.clear().await?;
    path.send_keys(out.to_str().unwrap()).await?;
    app.screenshot("export-dialog").await?;
    app.find("[data-testid=export-submit]").await?.click().await?;
    let notice = app.wait_text("[data-testid=notice]", |t| t.contains("Eksporteret")).await?;
    assert!(notice.contains(out.to_str().unwrap()), "{notice}");
    let written: Value = serde_json::from_slice(&std::fs::read(&out)?)?;
    let features = written["features"].as_array().unwrap();
    assert_eq!(features.len() as u64, after["partners"]);
    assert!(features.iter().any(|f| f["properties"]["name"] == "Kirkens Korshær, Nørregade"));
    Ok(())
}

/// The core's refusal shown in the Export dialog (of the preview or of saving), or null.
const DIALOG_ERROR: &str = "const e = document.querySelector('[data-testid=plan-error], [data-testid=export-error]'); return e ? e.textContent : null";

/// Waits until the script returns true (failing at once on an error in the dialog): the
/// area plan is laid out by typst, which takes seconds.
async fn wait_until(app: &App, what: &str, script: &str, limit: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + limit;
    while app.js(script).await? != Value::Bool(true) {
        let error = app.js(DIALOG_ERROR).await?;
        anyhow::ensure!(error.is_null(), "{what}: the dialog shows an error: {error}");
        anyhow::ensure!(Instant::now() < deadline, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

/// A tool's standard output, failing with its error output when it fails.
fn run(tool: &str, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new(tool).args(args).output().map_err(|e| anyhow::anyhow!("{tool}: {e}"))?;
    anyhow::ensure!(
        out.status.success(),
        "{tool} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn area_plan_from_the_export_dialog() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::start(&make_demo_project(dir.path())?).await?;

    // Export → Områdeplan (PDF), for Vollsmose: the focus areas come from the project.
    app.find("[data-testid=export-open]").await?.click().await?;
    app.find("[data-testid=export-what-plan]").await?.click().await?;
    app.find("[data-testid=plan-area] option[value='Vollsmose']").await?.click().await?;
    let area = app.js("return document.querySelector('[data-testid=plan-area]').value").await?;
    assert_eq!(area, "Vollsmose");
    // The defaults: A4 upright, every layer the core prints, notes and grid off.
    let defaults = app
        .js("const q = (s) => document.querySelector(s); \
             const layers = [...document.querySelectorAll('[data-testid^=plan-layer-]')]; \
             return [q('[data-testid=plan-paper]').value, q('[data-testid=plan-landscape]').checked, \
                     layers.length, layers.every((l) => l.checked), \
                     q('[data-testid=plan-notes]').checked, q('[data-testid=plan-grid]').checked]")
        .await?;
    let printable = afdaek_core::print::map_svg::PRINT_LAYERS.len();
    assert_eq!(defaults, json!(["a4", false, printable, true, false, false]));

    // Page 1 as the core lays it out, shown in the dialog and scaled to fit it.
    app.find("[data-testid=plan-show]").await?.click().await?;
    wait_until(
        &app,
        "the preview",
        "const i = document.querySelector('[data-testid=plan-preview]'); return !!i && i.complete && i.naturalWidth > 0",
        Duration::from_secs(120),
    )
    .await?;
    let pages = app.text("[data-testid=plan-pages]").await?;
    assert!(pages.ends_with("sider") || pages == "1 side", "{pages}");
    let fits = app
        .js("const i = document.querySelector('[data-testid=plan-preview]').getBoundingClientRect(); \
             const d = document.querySelector('[data-testid=export-dialog]').getBoundingClientRect(); \
             return i.width > 100 && i.left >= d.left && i.right <= d.right && i.height <= window.innerHeight")
        .await?;
    assert_eq!(fits, Value::Bool(true), "the preview fits the dialog");

    // Saved to a typed path: a progress bar meanwhile, then pages and size.
    let out = dir.path().join("områdeplan Vollsmose.pdf");
    let field = app.find("[data-testid=export-path]").await?;
    field.clear().await?;
    field.send_keys(out.to_str().unwrap()).await?;
    app.find("[data-testid=export-submit]").await?.click().await?;
    wait_until(
        &app,
        "the saved plan",
        "const r = document.querySelector('[data-testid=plan-result]'); return !!r && r.textContent.includes('Gemt:')",
        Duration::from_secs(120),
    )
    .await?;
    let result = app.text("[data-testid=plan-result]").await?;
    assert!(result.starts_with("Gemt: ") && result.ends_with(" kB"), "{result}");
    app.screenshot("export-plan").await?;

    // A sound PDF, in A4, about Vollsmose, with the coverage on it; as many pages as the dialog said.
    let pdf = out.to_str().unwrap();
    run("qpdf", &["--check", pdf])?;
    let text = run("pdftotext", &["-layout", pdf, "-"])?;
    assert!(text.contains("Vollsmose") && text.contains("Dækning"), "{text}");
    let info = run("pdfinfo", &[pdf])?;
    assert!(info.lines().any(|l| l.starts_with("Page size:") && l.contains("(A4)")), "{info}");
    let count = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(str::trim).unwrap_or_default();
    let said = if count == "1" { "Gemt: 1 side,".to_string() } else { format!("Gemt: {count} sider,") };
    assert!(result.starts_with(&said), "{result} vs pdfinfo's {count} pages");
    Ok(())
}
