//! The planning panels in the real app (first slice of the planning issue):
//! the blind-spot list is the core's (`afdaek blindspots --json` on the same
//! file), it shows on the map, and ticking the street by the dormitory on
//! Hans Tausens Gade takes the dormitory off the list and the map; the
//! language switches to English and back without a restart.

use afdaek_e2e::{App, make_demo_project};
use serde_json::Value;

/// The dormitory by Hans Tausens Gade (BBR building), third on the demo's list.
const DORMITORY: &str = "buildings:157";
const HANS_TAUSENS_GADE: (f64, f64) = (10.38182, 55.39925);

async fn listed(app: &App) -> anyhow::Result<Vec<String>> {
    let v = app.js("return [...document.querySelectorAll('[data-testid=blindspot]')].map(e => e.dataset.id)").await?;
    Ok(v.as_array().into_iter().flatten().filter_map(|x| x.as_str().map(String::from)).collect())
}

async fn on_map(app: &App) -> anyhow::Result<usize> {
    let v = app
        .js_async("window.afdaek.map.getSource('afdaek-blindspots').getData().then(d => done(d.features.length))")
        .await?;
    Ok(v.as_u64().unwrap_or(0) as usize)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dormitory_leaves_the_blind_spots_when_its_street_is_ticked() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let demo = make_demo_project(dir.path())?;
    let app = App::start(&demo).await?;

    // The list is the core's, in the core's order.
    let core: Value = {
        let mut s = afdaek_core::session::Session::open(&app.project, afdaek_core::session::Access::Read)?;
        serde_json::to_value(s.blindspots(None, None)?)?
    };
    let core_ids: Vec<String> =
        core["blindspots"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap().to_string()).collect();
    app.click_when_ready("[data-testid=tab-blindspots]").await?;
    app.wait_text("[data-testid=blindspots-summary]", |t| t.contains("steder")).await?;
    assert_eq!(listed(&app).await?, core_ids);
    assert!(core_ids.contains(&DORMITORY.to_string()));
    assert_eq!(on_map(&app).await?, core_ids.len(), "every blind spot is on the map");
    app.click_when_ready(&format!("[data-id='{DORMITORY}']")).await?;
    app.wait_map_idle().await?;
    app.screenshot("planning-1-blindspots").await?;

    // Tick the street by the dormitory: it leaves the list and the map.
    app.press("a").await?;
    app.click_lonlat(HANS_TAUSENS_GADE.0, HANS_TAUSENS_GADE.1).await?;
    app.wait_text("[data-testid=notice]", |t| t.contains("Hans Tausens Gade")).await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while listed(&app).await?.contains(&DORMITORY.to_string()) {
        anyhow::ensure!(std::time::Instant::now() < deadline, "the dormitory stayed on the list");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(listed(&app).await?.len(), core_ids.len() - 1);
    assert_eq!(on_map(&app).await?, core_ids.len() - 1);
    app.wait_map_idle().await?;
    app.screenshot("planning-2-dormitory-ticked").await?;
    app.press("\u{E00C}").await?;

    // English and back, without a restart.
    app.click_when_ready("[data-testid=language]").await?;
    app.wait_text("[data-testid=mode-view]", |t| t.trim() == "View").await?;
    app.wait_text("[data-testid=blindspots-summary]", |t| t.contains("places no focus area")).await?;
    app.screenshot("planning-3-english").await?;
    app.click_when_ready("[data-testid=language]").await?;
    app.wait_text("[data-testid=mode-view]", |t| t.trim() == "Vis").await?;
    let prefs: Value = serde_json::from_str(&std::fs::read_to_string(app.config.join("user.json"))?)?;
    assert_eq!(prefs["language"], "da", "the choice is kept for the user");
    Ok(())
}
