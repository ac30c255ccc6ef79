//! The workspace a team opens (issue: the app's foundation), tried in the
//! real app as a person would: the demo opens with street names readable,
//! layers toggle, a click inspects, an edit is undone and redone from the
//! keyboard and shows in the history with the user's initials, a locked
//! project opens read-only with a banner, and a new project for a
//! municipality fits its boundary. Screenshots land in
//! target/test-output/screenshots.

use afdaek_e2e::{App, make_demo_project};
use serde_json::json;

const ROAD_RGB: [u8; 3] = [0x4d, 0x4d, 0x4d];
/// Coverage within the recency window (Okabe–Ito green).
const COVERAGE_RECENT_RGB: [u8; 3] = [0x00, 0x9e, 0x73];
/// A point on Hans Tausens Gade (Odense C), 10 m from two dormitories.
const HANS_TAUSENS_GADE: (f64, f64) = (10.38182, 55.39925);
/// The demo partner "Boligselskabets driftskontor" in Vollsmose.
const DRIFTSKONTOR: (f64, f64) = (10.444918, 55.401759);

#[tokio::test(flavor = "multi_thread")]
async fn demo_shows_street_names_toggles_layers_and_inspects_a_road() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::start(&make_demo_project(dir.path())?).await?;
    app.wait_map_idle().await?;
    app.screenshot("demo-overview").await?;

    // Street level: the street names are drawn as labels from the vector tiles
    // (Hans Tausens Gade is short: its name fits along it from about zoom 17).
    app.go_to(HANS_TAUSENS_GADE.0, HANS_TAUSENS_GADE.1, 17.5).await?;
    app.screenshot("demo-street-level").await?;
    let labels = app
        .js("return [...new Set(window.afdaek.map.queryRenderedFeatures()\
             .filter(f => f.sourceLayer === 'roads' && f.layer.type === 'symbol')\
             .map(f => f.properties.name))]")
        .await?;
    let labels: Vec<String> = serde_json::from_value(labels)?;
    assert!(labels.iter().any(|n| n == "Hans Tausens Gade"), "street labels drawn: {labels:?}");
    let with_roads = app.assert_map_not_blank("demo-street-names", ROAD_RGB, 300).await?;

    // Toggling the roads layer removes its pixels, and brings them back.
    app.find("[data-testid=visible-roads]").await?.click().await?;
    app.wait_map_idle().await?;
    let without = app.canvas("demo-roads-hidden", ROAD_RGB).await?;
    assert!(
        without.matching * 10 < with_roads.matching,
        "roads hidden: {} road pixels left of {}",
        without.matching,
        with_roads.matching
    );
    app.find("[data-testid=visible-roads]").await?.click().await?;
    app.wait_map_idle().await?;
    let again = app.canvas("demo-roads-shown-again", ROAD_RGB).await?;
    assert!(again.matching * 10 > with_roads.matching * 9, "{} vs {}", again.matching, with_roads.matching);

    // Clicking the road shows its street name in the inspector.
    app.click_lonlat(HANS_TAUSENS_GADE.0, HANS_TAUSENS_GADE.1).await?;
    let title = app.wait_text("[data-testid=inspector-title]", |t| !t.is_empty()).await?;
    assert_eq!(title, "Hans Tausens Gade");
    let inspector = app.text("[data-testid=inspector]").await?;
    assert!(inspector.contains("Lokalvej"), "road class by its Danish label: {inspector}");
    app.screenshot("demo-inspector-road").await?;

    // The picture for the README: Vollsmose with its coverage, the partner inspected.
    app.go_to(10.4440, 55.4025, 15.3).await?;
    app.click_lonlat(DRIFTSKONTOR.0, DRIFTSKONTOR.1).await?;
    app.wait_text("[data-testid=inspector-title]", |t| t == "Boligselskabets driftskontor").await?;
    app.wait_map_idle().await?;
    app.screenshot("main-window").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_is_undone_and_redone_from_the_keyboard_and_listed_with_initials() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::start(&make_demo_project(dir.path())?).await?;
    app.go_to(DRIFTSKONTOR.0, DRIFTSKONTOR.1, 17.0).await?;
    app.click_lonlat(DRIFTSKONTOR.0, DRIFTSKONTOR.1).await?;
    app.wait_text("[data-testid=inspector-title]", |t| t == "Boligselskabets driftskontor").await?;

    // Rename the partner in the inspector: one undoable edit.
    let field = app.find("[data-testid=field-name]").await?;
    field.clear().await?;
    field.send_keys("Driftskontoret Vollsmose").await?;
    app.find("[data-testid=save-name]").await?.click().await?;
    app.wait_text("[data-testid=inspector-title]", |t| t == "Driftskontoret Vollsmose").await?;
    let undo_title = app.find("[data-testid=undo]").await?.attr("title").await?.unwrap_or_default();
    assert!(undo_title.contains("Fortryd") && undo_title.contains("Boligselskabets driftskontor"), "{undo_title}");

    // The history panel shows it, with the user's initials.
    app.find("[data-testid=history-toggle]").await?.click().await?;
    let first = app.wait_text("[data-testid=history-line]", |t| t.contains("driftskontor")).await?;
    assert!(first.contains("TST"), "initials in the history: {first}");
    assert!(!app.text("[data-testid=history-panel]").await?.contains("ukendt"));
    app.screenshot("edit-history").await?;

    // Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo.
    app.press("\u{E009}z").await?;
    app.wait_text("[data-testid=inspector-title]", |t| t == "Boligselskabets driftskontor").await?;
    app.press("\u{E009}\u{E008}z").await?;
    app.wait_text("[data-testid=inspector-title]", |t| t == "Driftskontoret Vollsmose").await?;
    app.press("\u{E009}z").await?;
    app.wait_text("[data-testid=inspector-title]", |t| t == "Boligselskabets driftskontor").await?;
    app.press("\u{E009}y").await?;
    app.wait_text("[data-testid=inspector-title]", |t| t == "Driftskontoret Vollsmose").await?;

    // What the app did is in the project file, by TST (read beside the running app).
    let p = afdaek_core::Project::open_read_only(&app.project)?;
    let log = p.audit_log(5)?;
    assert!(log.iter().any(|(_, user, action, _)| user == "TST" && action.contains("driftskontor")), "{log:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_project_opens_read_only_with_a_banner() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = make_demo_project(dir.path())?;
    // Another Afdæk has it open for writing.
    let holder = afdaek_core::Project::open_writable(&path)?;
    let app = App::start_in_place(&path).await?;
    let banner = app.text("[data-testid=read-only-banner]").await?;
    assert!(banner.contains("kun til læsning"), "{banner}");
    app.wait_map_idle().await?;
    app.assert_map_not_blank("read-only", ROAD_RGB, 500).await?;
    // Edits are refused with the core's words, and nothing is written.
    let err = app
        .invoke("update_feature", json!({"layer": "partners", "fid": 1, "patch": {"name": "X"}}))
        .await
        .expect_err("a read-only project refuses edits");
    assert!(err.to_string().contains("læsning") || err.to_string().contains("skrive"), "{err}");
    drop(holder);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_project_for_a_municipality_fits_its_boundary() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::start(&make_demo_project(dir.path())?).await?;
    let target = dir.path().join("greve.gpkg");

    app.find("[data-testid=project-menu]").await?.click().await?;
    app.find("[data-testid=menu-new]").await?.click().await?;
    app.find("[data-testid=new-name]").await?.send_keys("Fokus Greve").await?;
    app.find("[data-testid=new-municipality-search]").await?.send_keys("Greve").await?;
    app.find("[data-testid=new-municipality] option[value='0253']").await?.click().await?;
    let path = app.find("[data-testid=new-path]").await?;
    path.clear().await?;
    path.send_keys(target.to_str().unwrap()).await?;
    app.find("[data-testid=new-submit]").await?.click().await?;

    app.wait_text("[data-testid=project-name]", |t| t == "Fokus Greve").await?;
    app.wait_map_idle().await?;
    // The map fits Greve (about 12.2–12.4° E, 55.55–55.65° N), not Odense.
    let c =
        app.js("const c = window.afdaek.map.getCenter(); return [c.lng, c.lat, window.afdaek.map.getZoom()]").await?;
    let (lon, lat, zoom) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap(), c[2].as_f64().unwrap());
    assert!((12.1..12.5).contains(&lon) && (55.5..55.7).contains(&lat), "centre {lon}, {lat}");
    assert!(zoom > 9.0, "fitted to the municipality, zoom {zoom}");
    let boundary = app
        .js("return window.afdaek.map.queryRenderedFeatures().filter(f => f.sourceLayer === 'boundary').length")
        .await?;
    assert!(boundary.as_u64().unwrap_or(0) > 0, "the boundary is drawn");
    app.screenshot("new-project-greve").await?;
    let p = afdaek_core::Project::open_read_only(&target)?;
    assert_eq!(p.count(afdaek_core::Layer::Boundary), 1);
    assert_eq!(p.settings().municipality.as_deref(), Some("0253"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn on_first_start_the_app_asks_for_initials_and_uses_them() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::start_with(&make_demo_project(dir.path())?, None).await?;
    app.find("[data-testid=initials-dialog]").await?;
    app.screenshot("first-start-initials").await?;
    app.find("[data-testid=initials-input]").await?.send_keys("kb").await?;
    app.find("[data-testid=initials-save]").await?.click().await?;
    let status = app.wait_text("[data-testid=status]", |t| t.contains("KB")).await?;
    assert!(status.contains("KB"), "{status}");
    // An edit made now is the user's.
    app.invoke("update_feature", json!({"layer": "partners", "fid": 1, "patch": {"role": "Ser beboerne"}})).await?;
    let history = app.invoke("history", json!({"limit": 1})).await?;
    assert_eq!(history[0]["user"], "KB", "{history}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_or_panicking_command_leaves_the_app_usable() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::start(&make_demo_project(dir.path())?).await?;
    // A BBR file whose coordinate text once panicked the reader inside the
    // command, while the project lock was held.
    let bad = dir.path().join("bbr.json");
    std::fs::write(
        &bad,
        r#"[{"id_lokalId": "x1", "byg021BygningensAnvendelse": "150", "byg404Koordinat": "POINT )(", "status": "6"}]"#,
    )?;
    let err = app.invoke("import_file", json!({"path": bad, "asLayer": null, "clip": false})).await;
    assert!(err.is_err(), "a broken file is refused");
    // Not a project at all: the core's Danish message, not a crash.
    let junk = dir.path().join("ikke-et-projekt.gpkg");
    std::fs::write(&junk, "dette er ikke en GeoPackage")?;
    let err = app.invoke("open_project", json!({"path": junk})).await.expect_err("junk is refused");
    assert!(err.to_string().contains("ikke en Afdæk-projektfil"), "{err}");
    // The app still works on its project: commands answer, the map draws.
    let info = app.invoke("project_info", json!({})).await?;
    assert_eq!(info["name"], "Demo: Odense Kommune");
    assert_eq!(app.text("[data-testid=project-name]").await?, "Demo: Odense Kommune");
    app.invoke("update_feature", json!({"layer": "partners", "fid": 1, "patch": {"role": "Efter fejlen"}})).await?;
    app.go_to(HANS_TAUSENS_GADE.0, HANS_TAUSENS_GADE.1, 16.0).await?;
    app.assert_map_not_blank("after-errors", ROAD_RGB, 300).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_import_shows_progress_and_can_be_cancelled() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::start(&make_demo_project(dir.path())?).await?;
    // 400,000 visiting places: long enough (several seconds) to be stopped on the way.
    let big = dir.path().join("mange-steder.geojson");
    let mut text = String::from(r#"{"type":"FeatureCollection","features":["#);
    for i in 0..400_000 {
        let (lon, lat) = (10.30 + (i % 800) as f64 * 0.00025, 55.35 + (i / 800) as f64 * 0.0003);
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            r#"{{"type":"Feature","properties":{{"name":"Sted {i}","place_type":"bench_square"}},"geometry":{{"type":"Point","coordinates":[{lon},{lat}]}}}}"#
        ));
    }
    text.push_str("]}");
    std::fs::write(&big, text)?;
    let before = app.invoke("project_info", json!({})).await?;
    let places = |info: &serde_json::Value| {
        info["layers"].as_array().unwrap().iter().find(|l| l["name"] == "visiting_places").unwrap()["count"].clone()
    };
    // Start the import without waiting for it, as the UI does, then press "Afbryd".
    app.js(&format!(
        "window.__importResult = null; window.__TAURI_INTERNALS__.invoke('import_file', {{path: {:?}, asLayer: 'visiting_places', clip: false}})\
         .then(v => window.__importResult = 'ok', e => window.__importResult = String(e)); return null",
        big.to_str().unwrap()
    ))
    .await?;
    let status = app.wait_text("[data-testid=progress]", |t| t.contains("Afbryd")).await?;
    assert!(status.contains("Læser") || status.contains("Kontrollerer") || status.contains("Gemmer"), "{status}");
    app.click_when_ready("[data-testid=progress-cancel]").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let result = loop {
        let r = app.js("return window.__importResult").await?;
        if !r.is_null() {
            break r;
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "the import never finished");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(result.as_str().unwrap_or("").contains("afbrudt"), "{result}");
    let after = app.invoke("project_info", json!({})).await?;
    assert_eq!(places(&after), places(&before), "nothing was imported");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_project_the_welcome_pane_opens_a_recent_one() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let demo = make_demo_project(dir.path())?;
    let app = App::start_without_project(&[&demo]).await?;
    app.find("[data-testid=welcome]").await?;
    app.screenshot("welcome").await?;
    let recent = app.text("[data-testid=recent-project]").await?;
    assert_eq!(recent, "demo.gpkg");
    app.find("[data-testid=recent-project]").await?.click().await?;
    app.wait_text("[data-testid=project-name]", |t| t == "Demo: Odense Kommune").await?;
    app.wait_map_idle().await?;
    app.go_to(HANS_TAUSENS_GADE.0, HANS_TAUSENS_GADE.1, 16.0).await?;
    app.assert_map_not_blank("opened-from-welcome", ROAD_RGB, 300).await?;
    assert_eq!(app.client.title().await?, "Afdæk — Demo: Odense Kommune");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_not_a_project_gets_the_cores_message_not_a_crash() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let junk = dir.path().join("noter.gpkg");
    std::fs::write(&junk, "ikke en GeoPackage")?;
    let app = App::start_on_file(&junk).await?;
    let msg = app.text("[data-testid=open-error]").await?;
    assert!(msg.contains("ikke en Afdæk-projektfil"), "{msg}");
    app.find("[data-testid=welcome-open]").await?;
    app.screenshot("not-a-project").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn in_tick_mode_a_click_covers_the_street_and_undo_takes_it_back() -> anyhow::Result<()> {
    let recent: [u8; 3] = COVERAGE_RECENT_RGB;
    let dir = tempfile::tempdir()?;
    let app = App::start(&make_demo_project(dir.path())?).await?;
    app.go_to(HANS_TAUSENS_GADE.0, HANS_TAUSENS_GADE.1, 17.5).await?;
    let before = app.canvas("tick-before", recent).await?;

    // A switches to Afkryds; the visit bar shows the visit every tick is credited with.
    app.press("a").await?;
    app.find("[data-testid=visit-bar]").await?;
    let method = app.find("[data-testid=visit-method]").await?.prop("value").await?.unwrap_or_default();
    assert_eq!(method, "walk");
    app.click_lonlat(HANS_TAUSENS_GADE.0, HANS_TAUSENS_GADE.1).await?;
    let notice = app.wait_text("[data-testid=notice]", |t| t.contains("Hans Tausens Gade")).await?;
    assert!(notice.contains("Afkrydset"), "{notice}");
    app.wait_map_idle().await?;
    let after = app.canvas("tick-after", recent).await?;
    assert!(after.matching > before.matching + 500, "covered pixels drawn: {} → {}", before.matching, after.matching);
    let undo_title = app.find("[data-testid=undo]").await?.attr("title").await?.unwrap_or_default();
    assert!(undo_title.contains("Afkryds Hans Tausens Gade"), "{undo_title}");
    // In the file: one coverage record by TST, on that street, with the visit.
    {
        let p = afdaek_core::Project::open_read_only(&app.project)?;
        let log = p.audit_log(1)?;
        assert_eq!((log[0].1.as_str(), log[0].2.as_str()), ("TST", "Afkryds Hans Tausens Gade"));
    }

    // Ctrl+Z takes it back; Esc returns to Vis.
    app.press("\u{E009}z").await?;
    app.wait_map_idle().await?;
    let undone = app.canvas("tick-undone", recent).await?;
    assert!(undone.matching <= before.matching + 50, "{} vs {}", undone.matching, before.matching);
    app.press("\u{E00C}").await?;
    let hidden = app.js("return !document.querySelector('[data-testid=visit-bar]')?.offsetParent").await?;
    assert_eq!(hidden, serde_json::json!(true), "the visit bar goes with the mode");
    Ok(())
}
