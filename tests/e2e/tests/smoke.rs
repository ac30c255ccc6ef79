//! Smoke test of the real app: it opens a project, the window title names
//! it, the map draws its roads, and a Tauri command round-trips.

use afdaek_e2e::{App, canvas_stats, make_odense_project};
use serde_json::json;

const ROAD_RGB: [u8; 3] = [0x4d, 0x4d, 0x4d];

#[tokio::test(flavor = "multi_thread")]
async fn opens_project_and_draws_roads() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let project = make_odense_project(dir.path())?;
    let app = App::start(&project).await?;

    // The window title names the project.
    assert_eq!(app.client.title().await?, "Afdæk — Røgtest Odense");
    assert_eq!(app.text("[data-testid=project-name]").await?, "Røgtest Odense");

    // A command round-trips through the shell.
    let info = app.invoke("project_info", json!({})).await?;
    assert_eq!(info["name"], json!("Røgtest Odense"), "{info}");

    // The layer list shows what the project holds.
    let roads = app.text("#layer-list li[data-layer=roads]").await?;
    assert!(roads.contains("Veje (1717)"), "{roads}");

    // The map has drawn the roads: rendered features, and real road-coloured pixels.
    app.wait_map_idle().await?;
    let rendered = app.js("return window.afdaek.map.queryRenderedFeatures({layers: ['lyr-roads']}).length").await?;
    assert!(rendered.as_u64().unwrap_or(0) > 500, "rendered road features: {rendered}");
    let stats = app.assert_map_not_blank("smoke-odense", ROAD_RGB, 2000).await?;
    eprintln!("map canvas: {stats:?}");

    // Pointer input reaches the map: a drag pans it.
    let before = app.js("const c = window.afdaek.map.getCenter(); return [c.lng, c.lat]").await?;
    app.drag_lonlat((10.40, 55.40), (10.35, 55.40)).await?;
    app.wait_map_idle().await?;
    let after = app.js("const c = window.afdaek.map.getCenter(); return [c.lng, c.lat]").await?;
    assert!(after[0].as_f64().unwrap() > before[0].as_f64().unwrap() + 0.02, "drag did not pan: {before} → {after}");
    app.screenshot("smoke-after-drag").await?;
    Ok(())
}

/// The blank-map check must fail when nothing is drawn: an empty project
/// shows only the background, and the assertion says so.
#[tokio::test(flavor = "multi_thread")]
async fn blank_map_is_detected() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("tom.gpkg");
    drop(afdaek_core::Project::create(&path, "Tomt projekt", None)?);
    let app = App::start(&path).await?;
    let err = app.assert_map_not_blank("empty-project", ROAD_RGB, 2000).await.expect_err("an empty map must not pass");
    assert!(err.to_string().contains("blank") || err.to_string().contains("not drawn"), "{err}");
    Ok(())
}

#[test]
fn canvas_stats_on_synthetic_images() {
    // A uniform image is blank; one with a dark line is not.
    let (w, h) = (40u32, 30u32);
    let encode = |pixels: &[u8]| {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header().unwrap().write_image_data(pixels).unwrap();
        out
    };
    let mut px = vec![0xf4u8; (w * h * 3) as usize];
    let blank = canvas_stats(&encode(&px), (0.0, 0.0, w as f64, h as f64), ROAD_RGB).unwrap();
    assert!(blank.std_dev < 1.0 && blank.matching == 0);
    for x in 0..w as usize {
        for k in 0..3 {
            px[(15 * w as usize + x) * 3 + k] = 0x4d;
        }
    }
    let line = canvas_stats(&encode(&px), (0.0, 0.0, w as f64, h as f64), ROAD_RGB).unwrap();
    assert_eq!(line.matching, w as usize);
    assert!(line.std_dev > 5.0);
}
