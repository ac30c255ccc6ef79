//! A team edits its map and covers streets in the real app (issue: draw,
//! tick, drive, track): one session on the demo, as a person works it.
//! Draw a focus area whose corner snaps to a road junction and name it; move
//! one vertex; add a partner, first with a CPR number in its note (refused
//! at the field, nothing stored); tick three streets and see the area's
//! covered length rise by exactly what the core stored; undo the last tick
//! from the keyboard; mark a rural drive and confirm it. The tick latency
//! (click → figure → map drawn) is printed for docs/BENCHMARKS.md.
//! Screenshots of every step land in target/test-output/screenshots.

use afdaek_core::Layer;
use afdaek_core::session::{Access, Session};
use afdaek_core::tiles::mercator::lonlat_to_utm32;
use afdaek_e2e::{App, make_demo_project, write_noisy_gpx};
use serde_json::{Value, json};

/// The corners of the focus area drawn around Odense's station quarter. The
/// first lies 4 m from the junction of Østre Stationsvej and Klostervej and
/// must snap onto it.
const CORNERS: [(f64, f64); 4] = [(10.38011, 55.39927), (10.3855, 55.4012), (10.3855, 55.3975), (10.3790, 55.3975)];
const JUNCTION: (f64, f64) = (10.380_075_895, 55.399_254_18);
/// Three streets inside it: Hans Tausens Gade, Slotsvænget, Klostervej.
const STREETS: [(f64, f64, &str); 3] = [
    (10.381781, 55.399292, "Hans Tausens Gade"),
    (10.382221, 55.399146, "Slotsvænget"),
    (10.381156, 55.398645, "Klostervej"),
];
/// Two points on a country road west of Odense.
const DRIVE: [(f64, f64); 2] = [(10.18351, 55.36839), (10.18564, 55.37261)];
/// Further along the same country road: the drive's last point is dragged here.
const DRIVE_FURTHER: (f64, f64) = (10.18635, 55.37343);
/// A town drive along Jernbanegade, recorded as a noisy GPS track (σ = 5 m).
const GPS_DRIVE: [(f64, f64); 2] = [(10.383637, 55.39999), (10.384894, 55.398356)];

fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (ax, ay) = lonlat_to_utm32(a.0, a.1);
    let (bx, by) = lonlat_to_utm32(b.0, b.1);
    (ax - bx).hypot(ay - by)
}

/// The outer ring of a stored area, in lon/lat.
fn ring(app_project: &std::path::Path, layer: Layer, fid: i64) -> anyhow::Result<Vec<(f64, f64)>> {
    let s = Session::open(app_project, Access::Read)?;
    let g: geo_types::Geometry<f64> = s.feature_geometry(layer, fid)?.try_into()?;
    let poly = match g {
        geo_types::Geometry::MultiPolygon(mp) => mp.0.into_iter().next(),
        geo_types::Geometry::Polygon(p) => Some(p),
        other => anyhow::bail!("not an area: {other:?}"),
    };
    Ok(poly.map(|p| p.exterior().0.iter().map(|c| (c.x, c.y)).collect()).unwrap_or_default())
}

/// "Tur: 491 m" or "Tur: 1,2 km" → metres.
fn metres_of(text: &str) -> f64 {
    let t = text.trim_start_matches("Tur:").trim();
    let (n, unit) = t.split_once(' ').unwrap_or((t, "m"));
    let n: f64 = n.replace('.', "").replace(',', ".").parse().unwrap_or(f64::NAN);
    if unit == "km" { n * 1000.0 } else { n }
}

async fn count(app: &App, layer: &str) -> anyhow::Result<u64> {
    let info = app.invoke("project_info", json!({})).await?;
    Ok(info["layers"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|l| l["name"] == layer)
        .and_then(|l| l["count"].as_u64())
        .unwrap_or(0))
}

async fn covered_metres(app: &App) -> anyhow::Result<f64> {
    let el = app.find("[data-testid=area-covered]").await?;
    Ok(el.attr("data-metres").await?.unwrap_or_default().parse()?)
}

/// Waits until the area figure shows something other than `old`.
async fn covered_metres_after(app: &App, old: f64) -> anyhow::Result<f64> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let m = covered_metres(app).await.unwrap_or(old);
        if (m - old).abs() > 0.001 {
            return Ok(m);
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "the covered figure stayed {old}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_team_draws_an_area_adds_a_partner_ticks_streets_and_marks_a_drive() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let demo = make_demo_project(dir.path())?;
    let gpx = dir.path().join("koersel-jernbanegade.gpx");
    write_noisy_gpx(&demo, &GPS_DRIVE, 5.0, &gpx)?;
    let app = App::start(&demo).await?;
    let areas_before = count(&app, "focus_areas").await?;
    app.go_to(10.3823, 55.3993, 15.8).await?;

    // ---- Tegn: a focus area, its first corner snapped onto the junction.
    app.press("t").await?;
    app.find("[data-testid=draw-bar]").await?;
    for &(lon, lat) in &CORNERS {
        app.hover_lonlat(lon, lat).await?;
        app.click_lonlat(lon, lat).await?;
    }
    // Closing on the first corner (where it snapped) finishes the shape.
    app.hover_lonlat(JUNCTION.0, JUNCTION.1).await?;
    app.click_lonlat(JUNCTION.0, JUNCTION.1).await?;
    app.find("[data-testid=feature-form]").await?;
    app.screenshot("edit-1-form").await?;
    app.find("[data-testid=form-name]").await?.send_keys("Banegårdskvarteret").await?;
    app.click_when_ready("[data-testid=form-save]").await?;
    app.wait_text("[data-testid=notice]", |t| t.contains("Tegn fokusområde: Banegårdskvarteret")).await?;
    assert_eq!(count(&app, "focus_areas").await?, areas_before + 1);
    let fid =
        app.js("return window.afdaek.state.selection?.fid ?? null").await?.as_i64().expect("the new area is selected");
    let corners = ring(&app.project, Layer::FocusAreas, fid)?;
    assert_eq!(corners.len(), 5, "four corners and the closing one: {corners:?}");
    let snapped = corners.iter().map(|&c| metres(c, JUNCTION)).fold(f64::INFINITY, f64::min);
    assert!(snapped < 0.05, "a corner lies on the junction (nearest {snapped:.2} m)");
    app.wait_map_idle().await?;
    app.screenshot("edit-2-area-drawn").await?;

    // ---- Move one vertex: Ret form, drag the south-east corner 50 m east.
    let se = *corners.iter().min_by(|a, b| metres(**a, CORNERS[2]).total_cmp(&metres(**b, CORNERS[2]))).unwrap();
    let moved_to = (se.0 + 0.0008, se.1);
    app.click_when_ready("[data-testid=reshape]").await?;
    app.wait_map_idle().await?;
    app.hover_lonlat(se.0, se.1).await?;
    app.drag_lonlat(se, moved_to).await?;
    app.wait_text("[data-testid=notice]", |t| t.contains("Ret form på fokusområde: Banegårdskvarteret")).await?;
    let corners = ring(&app.project, Layer::FocusAreas, fid)?;
    let nearest = corners.iter().map(|&c| metres(c, moved_to)).fold(f64::INFINITY, f64::min);
    assert!(nearest < 3.0, "the corner moved to where it was dropped ({nearest:.1} m off): {corners:?}");
    assert!(corners.iter().all(|&c| metres(c, se) > 10.0), "the old corner is gone");
    app.screenshot("edit-3-vertex-moved").await?;
    app.click_when_ready("[data-testid=reshape-done]").await?;

    // ---- A partner with type and contact status; a CPR number in the note is refused.
    let partners_before = count(&app, "partners").await?;
    app.press("t").await?;
    app.click_when_ready("[data-testid=draw-layer-partners]").await?;
    app.click_lonlat(10.3830, 55.3985).await?;
    app.find("[data-testid=feature-form]").await?;
    app.find("[data-testid=form-name]").await?.send_keys("Netto Klostervej").await?;
    app.find("[data-testid=form-partner_type]").await?.select_by_value("grocer").await?;
    app.find("[data-testid=form-contact_status]").await?.select_by_value("in_progress").await?;
    app.find("[data-testid=form-contact_status-colour]").await?;
    let notes = app.find("[data-testid=form-notes]").await?;
    notes.send_keys("Borger 010190-1234 handler her dagligt").await?;
    app.click_when_ready("[data-testid=form-save]").await?;
    let refusal = app.wait_text("[data-testid=form-error-notes]", |t| t.contains("CPR")).await?;
    assert!(refusal.contains("steder, ikke personer"), "{refusal}");
    assert_eq!(count(&app, "partners").await?, partners_before, "nothing stored");
    app.screenshot("edit-4-cpr-refused").await?;
    notes.clear().await?;
    notes.send_keys("Butikschefen ser kunder, der kommer alene").await?;
    app.click_when_ready("[data-testid=form-save]").await?;
    app.wait_text("[data-testid=notice]", |t| t.contains("Tegn samarbejdspartner: Netto Klostervej")).await?;
    assert_eq!(count(&app, "partners").await?, partners_before + 1);
    {
        let p = afdaek_core::Project::open_read_only(&app.project)?;
        let log = p.audit_log(1)?;
        assert_eq!((log[0].1.as_str(), log[0].2.as_str()), ("TST", "Tegn samarbejdspartner: Netto Klostervej"));
    }
    app.press("\u{E00C}").await?;

    // ---- Afkryds three streets: the area's covered length rises by exactly what was stored.
    app.js_async(&format!("window.afdaek.state.select('focus_areas', {fid}).then(() => done(null))")).await?;
    app.find("[data-testid=area-coverage]").await?;
    let before = covered_metres(&app).await?;
    let coverage_before = count(&app, "coverage").await?;
    app.go_to(10.3818, 55.3990, 17.0).await?;
    app.press("a").await?;
    app.find("[data-testid=visit-bar]").await?;
    let mut figure = before;
    let mut timings = Vec::new();
    for (lon, lat, street) in STREETS {
        app.click_lonlat(lon, lat).await?;
        app.wait_text("[data-testid=notice]", |t| t.contains(street)).await?;
        figure = covered_metres_after(&app, figure).await?;
        app.wait_map_idle().await?;
        timings.push(app.js("return {...window.afdaek.tickTiming}").await?);
    }
    app.screenshot("edit-5-three-ticks").await?;
    let (stored, core_figure) = {
        let mut s = Session::open(&app.project, Access::Read)?;
        let recs = s.project().features(Layer::Coverage)?;
        assert_eq!(recs.len() as u64, coverage_before + 3, "one record per tick");
        let stored: f64 =
            recs.iter().rev().take(3).map(|f| f.f64("to_m").unwrap_or(0.0) - f.f64("from_m").unwrap_or(0.0)).sum();
        (stored, s.area_coverage(Layer::FocusAreas, fid, None)?.covered_length_m)
    };
    assert!((figure - core_figure).abs() < 0.01, "the app shows the core's figure: {figure} vs {core_figure}");
    assert!(((figure - before) - stored).abs() < 0.5, "rise {:.2} m = ticked {stored:.2} m", figure - before);
    for t in &timings {
        let ms = |k: &str| t[k].as_f64().unwrap_or(f64::NAN);
        println!(
            "tick latency: click→answer {:.1} ms (shell command {:.1} ms, core edit {:.1} ms, tile invalidation {:.2} ms), click→figure {:.1} ms, click→all refreshed {:.1} ms, click→map drawn {:.1} ms",
            ms("answered") - ms("started"),
            ms("command_ms"),
            ms("edit_ms"),
            ms("invalidate_ms"),
            ms("figure") - ms("started"),
            ms("refreshed") - ms("started"),
            ms("redrawn") - ms("started"),
        );
    }

    // ---- Ctrl+Z takes the last tick back: the figure drops by that stretch.
    let last: Value = app.js("return window.afdaek.state.undoState.undo").await?;
    assert!(last.as_str().unwrap_or_default().contains("Klostervej"), "{last}");
    app.press("\u{E009}z").await?;
    let undone = covered_metres_after(&app, figure).await?;
    assert!(undone < figure && undone > before, "{before} < {undone} < {figure}");

    // ---- Kør: a rural drive between two clicked points, previewed, then confirmed.
    app.press("\u{E00C}").await?;
    app.press("k").await?;
    app.find("[data-testid=drive-bar]").await?;
    app.go_to(10.1850, 55.3712, 15.0).await?;
    for &(lon, lat) in &DRIVE {
        app.click_lonlat(lon, lat).await?;
    }
    let length = app.wait_text("[data-testid=drive-length]", |t| t.contains(" m") || t.contains("km")).await?;
    app.wait_map_idle().await?;
    app.screenshot("edit-6-drive-preview").await?;
    assert!(length.starts_with("Tur:"), "{length}");
    // Dragging the last point further along the road reroutes the drive.
    // The pin is drawn above its point: take it by its head and move it as far as the point moves.
    let head = app.centre_of("[data-testid=drive-point-1]").await?;
    let (from, to) =
        (app.pixel_of(DRIVE[1].0, DRIVE[1].1).await?, app.pixel_of(DRIVE_FURTHER.0, DRIVE_FURTHER.1).await?);
    app.drag_px(head, (head.0 + to.0 - from.0, head.1 + to.1 - from.1)).await?;
    let longer = app.wait_text("[data-testid=drive-length]", |t| t.starts_with("Tur:") && t != length).await?;
    assert_eq!(
        app.js("return window.afdaek.map.getContainer().querySelectorAll('.maplibregl-marker').length").await?,
        json!(2)
    );
    app.wait_map_idle().await?;
    app.screenshot("edit-6b-drive-rerouted").await?;
    assert!(metres_of(&longer) > metres_of(&length), "{length} → {longer}");
    app.click_when_ready("[data-testid=drive-confirm]").await?;
    app.wait_text("[data-testid=notice]", |t| t.contains("Turen er markeret som dækket")).await?;
    {
        let p = afdaek_core::Project::open_read_only(&app.project)?;
        let drives = p.features(Layer::Coverage)?.into_iter().filter(|f| f.str("source") == Some("drive")).count();
        assert!(drives >= 1, "the drive is stored as coverage");
        assert_eq!(p.audit_log(1)?[0].2, "Markeret tur");
    }
    app.wait_map_idle().await?;
    app.screenshot("edit-7-drive-confirmed").await?;

    // ---- A GPS track: read in the Import dialog, run along the roads, shown beside the raw track, accepted.
    app.press("\u{E00C}").await?;
    app.find("[data-testid=import-open]").await?.click().await?;
    app.find("[data-testid=import-path]").await?.send_keys(gpx.to_str().unwrap()).await?;
    app.find("[data-testid=import-read]").await?.click().await?;
    app.wait_text("[data-testid=import-format]", |t| t.contains("GPX")).await?;
    app.click_when_ready("[data-testid=import-use-track]").await?;
    app.click_when_ready("[data-testid=import-submit]").await?;
    let matched = app.wait_text("[data-testid=track-length]", |t| t.contains("Matchet")).await?;
    app.find("[data-testid=track-gaps]").await?;
    app.wait_map_idle().await?;
    app.screenshot("edit-8-track-preview").await?;
    let tracks_before = count(&app, "gps_tracks").await?;
    app.click_when_ready("[data-testid=track-accept]").await?;
    app.wait_text("[data-testid=notice]", |t| t.contains("GPS-sporet er godkendt")).await?;
    assert_eq!(count(&app, "gps_tracks").await?, tracks_before, "the raw points are not kept unless asked");
    {
        let p = afdaek_core::Project::open_read_only(&app.project)?;
        let tracked: f64 = p
            .features(Layer::Coverage)?
            .iter()
            .filter(|f| f.str("source") == Some("track"))
            .map(|f| f.f64("to_m").unwrap_or(0.0) - f.f64("from_m").unwrap_or(0.0))
            .sum();
        assert!(tracked > 150.0, "the matched streets are credited ({tracked:.0} m; panel said {matched})");
        assert_eq!(p.audit_log(1)?[0].2, "GPS-spor");
    }
    app.wait_map_idle().await?;
    app.screenshot("edit-9-track-accepted").await?;
    Ok(())
}
