//! The online OpenStreetMap basemap is off by default, and then no tile is
//! requested from anywhere; switched on, the shell fetches raster tiles
//! (here from a tile server of the test's own on loopback, standing in for
//! tile.openstreetmap.org), the map shows them with the attribution; off
//! again, the requests stop. The setting is kept in the user's preferences.

use afdaek_e2e::{App, make_demo_project};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A 256×256 black PNG: drawn at 75 % opacity it darkens the whole map.
fn black_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, 256, 256);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header().unwrap().write_image_data(&vec![0u8; 256 * 256 * 3]).unwrap();
    out
}

/// Serves the PNG for every request on 127.0.0.1, counting requests.
fn tile_server() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let body = black_png();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            // Read the request head.
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            counter.fetch_add(1, Ordering::SeqCst);
            let mut s = stream;
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(&body);
        }
    });
    (port, hits)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_online_basemap_is_off_by_default_and_fetches_only_while_on() -> anyhow::Result<()> {
    let (port, hits) = tile_server();
    let url = format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png");
    let dir = tempfile::tempdir()?;
    let app =
        App::start_with_env(&make_demo_project(dir.path())?, Some("TST"), &[("AFDAEK_OSM_TILE_URL", &url)]).await?;
    app.go_to(10.3883, 55.3959, 14.0).await?;
    let dark = [61, 60, 58];
    let off = app.canvas("basemap-off", dark).await?;
    assert_eq!(hits.load(Ordering::SeqCst), 0, "off by default: no tile requested");
    assert!(off.matching * 5 < off.pixels, "without the basemap the map is light: {off:?}");
    assert!(
        !app.js("return !!document.querySelector('[data-testid=basemap-attribution]')?.offsetParent")
            .await?
            .as_bool()
            .unwrap_or(false)
    );

    // On: the shell fetches tiles, the map shows them, with the attribution.
    app.find("[data-testid=online-basemap]").await?.click().await?;
    app.wait_map_idle().await?;
    let on = app.canvas("basemap-on", dark).await?;
    assert!(hits.load(Ordering::SeqCst) > 0, "tiles were fetched");
    assert!(on.matching * 2 > on.pixels, "the basemap covers the map: {on:?}");
    let attribution = app.text("[data-testid=basemap-attribution]").await?;
    assert!(attribution.contains("OpenStreetMap"), "{attribution}");
    // The tiles reach the page through the app's own protocol: the page itself
    // loaded nothing from another address (its CSP would refuse it anyway).
    let remote = app.js(afdaek_e2e::REMOTE_RESOURCES).await?;
    assert_eq!(remote, serde_json::json!([]), "the page loaded from outside the app");
    let prefs: serde_json::Value = serde_json::from_slice(&std::fs::read(app.config.join("user.json"))?)?;
    assert_eq!(prefs["online_basemap"], true, "kept per user");

    // Off again: no more requests while the map moves.
    app.find("[data-testid=online-basemap]").await?.click().await?;
    app.wait_map_idle().await?;
    let before = hits.load(Ordering::SeqCst);
    app.go_to(10.4449, 55.4018, 13.0).await?;
    app.go_to(10.36, 55.39, 15.0).await?;
    assert_eq!(hits.load(Ordering::SeqCst), before, "off: no tile requested");
    let off_again = app.canvas("basemap-off-again", dark).await?;
    assert!(off_again.matching * 5 < off_again.pixels, "{off_again:?}");
    Ok(())
}
