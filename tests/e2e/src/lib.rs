//! The end-to-end harness: starts the real Afdæk binary on a project file
//! under Xvfb, drives it over WebDriver (WebKitWebDriver, which starts the
//! app as its browser), and offers the helpers every UI test uses: find
//! elements, click and drag on the map at a lon/lat, run JS, wait for the map
//! to be idle, screenshot, and assert the map canvas is not blank.
//!
//! Environment (set by `cargo xtask test`, with fallbacks for a plain
//! `cargo test -p afdaek-e2e`):
//! - `AFDAEK_APP_BIN`: the app binary (default `target/debug/afdaek-app`)
//! - `AFDAEK_TEST_OUTPUT`: where screenshots go (default `target/test-output`)
//! - `DISPLAY`: used if set; otherwise the harness starts its own Xvfb.
//!
//! Known here (Debian 12, WebKitGTK 2.50, Mesa llvmpipe): the app must start
//! with no special environment. `WEBKIT_DISABLE_DMABUF_RENDERER=1` or
//! `WEBKIT_DISABLE_COMPOSITING_MODE=1` stop the canvas redrawing past its
//! background, which [`App::assert_map_not_blank`] catches.

use anyhow::{Context, Result, anyhow, bail};
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A script for [`App::js`]: the addresses of everything the page has loaded
/// (`performance` resource entries) that are not the app's own protocols
/// (the page on `tauri:`, tiles and styles on `afdaek:`, commands on `ipc:`,
/// inline `data:`/`blob:`).
pub const REMOTE_RESOURCES: &str = "return performance.getEntriesByType('resource').map(e => e.name)\
    .filter(n => !/^(afdaek:|ipc:|tauri:|data:|blob:|http:\\/\\/(afdaek|ipc|tauri)\\.localhost\\/)/.test(n))";

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"))
}

pub fn app_bin() -> PathBuf {
    std::env::var_os("AFDAEK_APP_BIN").map(PathBuf::from).unwrap_or_else(|| target_dir().join("debug/afdaek-app"))
}

/// The `afdaek` command-line binary built beside the app (`cargo xtask test` builds both).
pub fn cli_bin() -> PathBuf {
    std::env::var_os("AFDAEK_CLI_BIN").map(PathBuf::from).unwrap_or_else(|| target_dir().join("debug/afdaek"))
}

pub fn output_dir() -> PathBuf {
    let d =
        std::env::var_os("AFDAEK_TEST_OUTPUT").map(PathBuf::from).unwrap_or_else(|| target_dir().join("test-output"));
    std::fs::create_dir_all(&d).expect("create test output dir");
    d
}

/// The public test data (`../shared/data` beside the repository).
pub fn shared_data() -> PathBuf {
    std::env::var_os("AFDAEK_SHARED_DATA").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("../shared/data"))
}

/// WebKitGTK's own WebDriver server (Debian's `webkit2gtk-driver`). The app
/// is its "browser": started through `webkitgtk:browserOptions`, as
/// tauri-driver would do it, without that proxy in between.
const WEBKIT_WEBDRIVER: &str = "/usr/bin/WebKitWebDriver";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// A child process that is killed when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An Xvfb server of our own, for runs without a display.
struct Xvfb {
    _proc: Guard,
    display: String,
}

fn start_xvfb() -> Result<Xvfb> {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("starting Xvfb (apt-get install xvfb)")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line)?;
    let n: u32 = line.trim().parse().map_err(|_| anyhow!("Xvfb did not report a display: {line:?}"))?;
    Ok(Xvfb { _proc: Guard(child), display: format!(":{n}") })
}

/// One app at a time per test process: tests in a file run on parallel
/// threads, but they share one screen and one machine's two cores.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The running app and its WebDriver session.
pub struct App {
    pub client: Client,
    _turn: tokio::sync::MutexGuard<'static, ()>,
    _driver: Guard,
    _xvfb: Option<Xvfb>,
    _dir: tempfile::TempDir,
    /// The project file the app has open (a private copy).
    pub project: PathBuf,
    /// The app's private preferences folder (`user.json`).
    pub config: PathBuf,
}

impl App {
    /// Starts the app on a private copy of `project`, as a user whose
    /// initials ("TST") are already saved.
    pub async fn start(project: &Path) -> Result<App> {
        Self::start_with(project, Some("TST")).await
    }

    /// Starts the app on a private copy of `project`, with a private
    /// preferences folder holding these initials (`None`: first start, the
    /// app asks for them).
    pub async fn start_with(project: &Path, initials: Option<&str>) -> Result<App> {
        Self::start_with_env(project, initials, &[]).await
    }

    /// As [`App::start_with`], with extra environment variables for the app.
    pub async fn start_with_env(project: &Path, initials: Option<&str>, env: &[(&str, &str)]) -> Result<App> {
        let dir = tempfile::tempdir()?;
        let copy = dir.path().join(project.file_name().unwrap_or("project.gpkg".as_ref()));
        std::fs::copy(project, &copy).with_context(|| format!("copying {}", project.display()))?;
        Self::start_on(Some(copy), dir, initials, env, &[], false).await
    }

    /// Starts the app with no project on its command line, as a person does
    /// from the desktop; `recent` are the saved recent projects.
    pub async fn start_without_project(recent: &[&Path]) -> Result<App> {
        Self::start_on(None, tempfile::tempdir()?, Some("TST"), &[], recent, false).await
    }

    /// Starts the app on a file that is not a project: the app must report
    /// an error on start (and this returns it running, to be looked at).
    pub async fn start_on_file(file: &Path) -> Result<App> {
        Self::start_on(Some(file.to_path_buf()), tempfile::tempdir()?, Some("TST"), &[], &[], true).await
    }

    /// Starts the app on `project` itself (not a copy): for tests about the file, such as its lock.
    pub async fn start_in_place(project: &Path) -> Result<App> {
        Self::start_on(Some(project.to_path_buf()), tempfile::tempdir()?, Some("TST"), &[], &[], false).await
    }

    async fn start_on(
        project: Option<PathBuf>,
        dir: tempfile::TempDir,
        initials: Option<&str>,
        env: &[(&str, &str)],
        recent: &[&Path],
        start_error_expected: bool,
    ) -> Result<App> {
        let config = dir.path().join("config");
        std::fs::create_dir_all(&config)?;
        if initials.is_some() || !recent.is_empty() {
            let recent: Vec<String> = recent.iter().map(|p| p.display().to_string()).collect();
            std::fs::write(
                config.join("user.json"),
                json!({ "initials": initials, "recent_projects": recent }).to_string(),
            )?;
        }
        let turn = ONE_AT_A_TIME.lock().await;
        let bin = app_bin();
        if !bin.exists() {
            bail!("{} is not built (run `cargo xtask test`, which builds it)", bin.display());
        }
        let xvfb = match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() => None,
            _ => Some(start_xvfb()?),
        };
        let port = free_port();
        let mut cmd = Command::new(WEBKIT_WEBDRIVER);
        cmd.arg(format!("--port={port}"))
            .arg("--host=127.0.0.1")
            // Tauri allows automation of its webview only with this set.
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env("AFDAEK_CONFIG_DIR", &config)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(x) = &xvfb {
            cmd.env("DISPLAY", &x.display);
        }
        let mut driver = cmd.spawn().context("starting WebKitWebDriver (apt-get install webkit2gtk-driver)")?;
        let stderr = driver.stderr.take();
        let driver = Guard(driver);
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                let mut err = String::new();
                if let Some(mut s) = stderr {
                    let _ = s.read_to_string(&mut err);
                }
                bail!("WebKitWebDriver did not listen on {port}: {err}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut caps = serde_json::Map::new();
        let args: Vec<String> = project.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        caps.insert("webkitgtk:browserOptions".into(), json!({ "binary": bin, "args": args }));
        // On a loaded machine the driver can drop the very first request: try again, a
        // few times, when it did not answer at all (an answered error is final).
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url).await {
                Ok(c) => break c,
                Err(e) if attempt < 3 && e.to_string().contains("did not respond") => {
                    eprintln!("WebDriver session, attempt {attempt}: {e}; trying again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(e) => bail!("WebDriver session: {e}"),
            }
        };
        let project = project.unwrap_or_default();
        let app = App { client, _turn: turn, _driver: driver, _xvfb: xvfb, config, _dir: dir, project };
        match app.wait_ready().await {
            Err(e) if start_error_expected && e.to_string().contains("reported an error") => Ok(app),
            Err(e) => Err(e),
            Ok(()) if start_error_expected => bail!("the app started without the expected error"),
            Ok(()) => Ok(app),
        }
    }

    /// Waits until the UI has loaded the project into the map (or failed).
    /// The session can start before the page has run its module script, so
    /// first wait for the `window.afdaek` handle to exist.
    pub async fn wait_ready(&self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        // A script error while the page is still loading is "not yet", not a failure.
        while !matches!(self.js("return !!window.afdaek").await, Ok(Value::Bool(true))) {
            if Instant::now() > deadline {
                bail!("the UI never started (no window.afdaek after 30 s)");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        match self.js_async("window.afdaek.ready.then(() => done(window.afdaek.error))").await? {
            Value::Null => Ok(()),
            other => bail!("the app reported an error on start: {other}"),
        }
    }

    /// Runs JS in the page (`return …` to get a value back).
    pub async fn js(&self, script: &str) -> Result<Value> {
        self.client.execute(script, vec![]).await.map_err(|e| anyhow!("js `{script}`: {e}"))
    }

    /// Runs async JS; the script calls `done(value)` when finished.
    pub async fn js_async(&self, script: &str) -> Result<Value> {
        let wrapped = format!("const done = arguments[arguments.length - 1]; {script}");
        self.client.execute_async(&wrapped, vec![]).await.map_err(|e| anyhow!("js async `{script}`: {e}"))
    }

    /// Calls a Tauri command through the page, as the UI does.
    pub async fn invoke(&self, cmd: &str, args: Value) -> Result<Value> {
        let v = self
            .js_async(&format!(
                "window.__TAURI_INTERNALS__.invoke({cmd:?}, {args}).then(v => done({{ok: v}}), e => done({{err: String(e)}}))"
            ))
            .await?;
        match (v.get("ok"), v.get("err")) {
            (_, Some(e)) => bail!("{cmd}: {e}"),
            (Some(ok), _) => Ok(ok.clone()),
            _ => Ok(Value::Null),
        }
    }

    pub async fn find(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| anyhow!("find {css}: {e}"))
    }

    pub async fn text(&self, css: &str) -> Result<String> {
        Ok(self.find(css).await?.text().await?)
    }

    /// Waits until the map has finished loading, moving and rendering.
    pub async fn wait_map_idle(&self) -> Result<()> {
        let v = self
            .js_async(
                "const m = window.afdaek.map; if (!m) { done('no map'); } \
                 else if (m.loaded() && !m.isMoving() && m.areTilesLoaded()) { m.triggerRepaint(); m.once('idle', () => done(null)); } \
                 else { m.once('idle', () => done(null)); }",
            )
            .await?;
        if !v.is_null() {
            bail!("map: {v}");
        }
        Ok(())
    }

    /// The viewport pixel position of a lon/lat on the map.
    pub async fn pixel_of(&self, lon: f64, lat: f64) -> Result<(f64, f64)> {
        let v = self
            .js(&format!(
                "const m = window.afdaek.map; const p = m.project([{lon}, {lat}]); const r = m.getCanvas().getBoundingClientRect(); return [r.left + p.x, r.top + p.y];"
            ))
            .await?;
        let a = v.as_array().ok_or_else(|| anyhow!("pixel_of: {v}"))?;
        Ok((a[0].as_f64().unwrap_or(f64::NAN), a[1].as_f64().unwrap_or(f64::NAN)))
    }

    /// Clicks the map at a lon/lat with the real pointer.
    pub async fn click_lonlat(&self, lon: f64, lat: f64) -> Result<()> {
        let (x, y) = self.pixel_of(lon, lat).await?;
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo { duration: None, x: x.round(), y: y.round() })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
        self.client.perform_actions(mouse).await?;
        self.client.release_actions().await?;
        Ok(())
    }

    /// Moves the real pointer over a lon/lat and rests there (snapping asks the core as the pointer moves).
    pub async fn hover_lonlat(&self, lon: f64, lat: f64) -> Result<()> {
        let (x, y) = self.pixel_of(lon, lat).await?;
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo { duration: Some(Duration::from_millis(60)), x: x.round() - 3.0, y: y.round() })
            .then(PointerAction::MoveTo { duration: Some(Duration::from_millis(60)), x: x.round(), y: y.round() });
        self.client.perform_actions(mouse).await?;
        self.client.release_actions().await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        Ok(())
    }

    /// Drags on the map from one lon/lat to another with the real pointer.
    pub async fn drag_lonlat(&self, from: (f64, f64), to: (f64, f64)) -> Result<()> {
        let a = self.pixel_of(from.0, from.1).await?;
        let b = self.pixel_of(to.0, to.1).await?;
        self.drag_px(a, b).await
    }

    /// The centre of an element in viewport pixels (to take a map marker by its head).
    pub async fn centre_of(&self, css: &str) -> Result<(f64, f64)> {
        let v = self
            .js(&format!(
                "const r = document.querySelector({css:?}).getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];"
            ))
            .await?;
        let a = v.as_array().ok_or_else(|| anyhow!("centre_of {css}: {v}"))?;
        Ok((a[0].as_f64().unwrap_or(f64::NAN), a[1].as_f64().unwrap_or(f64::NAN)))
    }

    /// Drags with the real pointer between two viewport pixels, in ten steps.
    pub async fn drag_px(&self, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) -> Result<()> {
        let mut mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo { duration: None, x: x0.round(), y: y0.round() })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT });
        for i in 1..=10 {
            let t = i as f64 / 10.0;
            mouse = mouse.then(PointerAction::MoveTo {
                duration: Some(Duration::from_millis(20)),
                x: (x0 + (x1 - x0) * t).round(),
                y: (y0 + (y1 - y0) * t).round(),
            });
        }
        mouse = mouse.then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
        self.client.perform_actions(mouse).await?;
        self.client.release_actions().await?;
        Ok(())
    }

    /// Saves a screenshot of the window as `<output>/screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        // Let the page paint what the DOM holds now: WebKit's snapshot is of the last painted frame.
        let _ = self.js_async("requestAnimationFrame(() => requestAnimationFrame(() => done(null)))").await;
        let png = self.client.screenshot().await?;
        let dir = output_dir().join("screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// The map canvas's rectangle in viewport pixels.
    async fn canvas_rect(&self) -> Result<(f64, f64, f64, f64)> {
        let v = self
            .js("const r = window.afdaek.map.getCanvas().getBoundingClientRect(); return [r.left, r.top, r.width, r.height];")
            .await?;
        let a: Vec<f64> =
            v.as_array().ok_or_else(|| anyhow!("canvas rect"))?.iter().filter_map(Value::as_f64).collect();
        Ok((a[0], a[1], a[2], a[3]))
    }

    /// Asserts that the map canvas shows drawn features, not just its
    /// background: in a real screenshot, inside the canvas, the pixels must
    /// vary, and at least `min_pixels` must be of `rgb` (± 40 per channel),
    /// the colour a known layer is drawn in.
    pub async fn assert_map_not_blank(&self, name: &str, rgb: [u8; 3], min_pixels: usize) -> Result<CanvasStats> {
        self.wait_map_idle().await?;
        let path = self.screenshot(name).await?;
        let (cx, cy, cw, ch) = self.canvas_rect().await?;
        let stats = canvas_stats(&std::fs::read(&path)?, (cx, cy, cw, ch), rgb)?;
        if stats.std_dev < 5.0 {
            bail!("map canvas is blank (pixel std dev {:.1}); see {}", stats.std_dev, path.display());
        }
        if stats.matching < min_pixels {
            bail!(
                "map canvas shows only {} pixels of rgb{rgb:?} (want ≥ {min_pixels}): features are not drawn; see {}",
                stats.matching,
                path.display()
            );
        }
        Ok(stats)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct CanvasStats {
    pub std_dev: f64,
    pub matching: usize,
    pub pixels: usize,
}

/// Pixel statistics of a PNG screenshot inside a rectangle (CSS pixels; the
/// screenshot may be at a device pixel ratio, which is accounted for).
pub fn canvas_stats(png_bytes: &[u8], rect: (f64, f64, f64, f64), rgb: [u8; 3]) -> Result<CanvasStats> {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info()?;
    let mut buf = vec![0; reader.output_buffer_size().ok_or_else(|| anyhow!("png size"))?];
    let info = reader.next_frame(&mut buf)?;
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let (x0, y0) = (rect.0.max(0.0) as usize, rect.1.max(0.0) as usize);
    let (x1, y1) = (((rect.0 + rect.2) as usize).min(w), ((rect.1 + rect.3) as usize).min(h));
    let (mut n, mut sum, mut sum2, mut matching) = (0usize, 0f64, 0f64, 0usize);
    for y in y0..y1 {
        for x in x0..x1 {
            let i = (y * w + x) * channels;
            let (r, g, b) = (buf[i], buf[i + 1], buf[i + 2]);
            let lum = 0.299 * r as f64 + 0.587 * g as f64 + 0.114 * b as f64;
            sum += lum;
            sum2 += lum * lum;
            n += 1;
            if r.abs_diff(rgb[0]) <= 40 && g.abs_diff(rgb[1]) <= 40 && b.abs_diff(rgb[2]) <= 40 {
                matching += 1;
            }
        }
    }
    if n == 0 {
        bail!("canvas rectangle {rect:?} lies outside the {w}x{h} screenshot");
    }
    let mean = sum / n as f64;
    Ok(CanvasStats { std_dev: (sum2 / n as f64 - mean * mean).max(0.0).sqrt(), matching, pixels: n })
}

/// A small project for smoke tests: the real Odense roads (with their
/// street names) and buildings from the repository's `data/`, made with the
/// core API.
pub fn make_odense_project(dir: &Path) -> Result<PathBuf> {
    use afdaek_core::import::{ImportOptions, import_file};
    let path = dir.join("odense-smoke.gpkg");
    let mut p = afdaek_core::Project::create(&path, "Røgtest Odense", Some("0461"))?;
    let data = workspace_root().join("data");
    import_file(&mut p, &data.join("cpr/vejnavne_0461_odense.csv"), &ImportOptions::default())?;
    import_file(&mut p, &data.join("odense/vejmidte_0461_odense.geojson"), &ImportOptions::default())?;
    import_file(&mut p, &data.join("odense/bbr_bygning_0461_odense.json"), &ImportOptions::default())?;
    Ok(path)
}

/// The demo project, built by the core from the repository's `data/` into `dir`.
pub fn make_demo_project(dir: &Path) -> Result<PathBuf> {
    let path = dir.join("demo.gpkg");
    drop(afdaek_core::demo::build(&path, &workspace_root().join("data"))?);
    Ok(path)
}

impl App {
    /// Moves the map to a place and zoom, and waits until it is drawn.
    pub async fn go_to(&self, lon: f64, lat: f64, zoom: f64) -> Result<()> {
        self.js(&format!("window.afdaek.map.jumpTo({{center: [{lon}, {lat}], zoom: {zoom}}})")).await?;
        self.wait_map_idle().await
    }

    /// Presses a key with modifiers on the page (WebDriver key codes: "\u{E009}" is Control,
    /// "\u{E008}" Shift), as a person at the keyboard would.
    pub async fn press(&self, keys: &str) -> Result<()> {
        let body = self.find("body").await?;
        body.send_keys(&format!("{keys}\u{E000}")).await.map_err(|e| anyhow!("keys: {e}"))
    }

    /// Clicks an element that may be redrawn while it is found (a progress
    /// bar that updates): finds it again and retries for up to 10 s.
    pub async fn click_when_ready(&self, css: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let r = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.click().await.map_err(|e| anyhow!("click {css}: {e}")),
                Err(e) => Err(anyhow!("find {css}: {e}")),
            };
            match r {
                Ok(()) => return Ok(()),
                Err(e) if Instant::now() > deadline => return Err(e),
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// Waits until the element's text satisfies `ok` (10 s).
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let t = self.text(css).await.unwrap_or_default();
            if ok(&t) {
                return Ok(t);
            }
            if Instant::now() > deadline {
                bail!("{css}: text stayed {t:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The map canvas as pixel statistics for one colour (no assertion).
    pub async fn canvas(&self, name: &str, rgb: [u8; 3]) -> Result<CanvasStats> {
        let png = self.screenshot(name).await?;
        canvas_stats(&std::fs::read(png)?, self.canvas_rect().await?, rgb)
    }
}

/// Writes a GPX file of a simulated car drive along the route the core finds
/// through `via` (lon/lat) in `project`: one fix a second at 10 m/s with
/// Gaussian noise of `sigma_m`, a fixed seed (the same file every run).
pub fn write_noisy_gpx(project: &Path, via: &[(f64, f64)], sigma_m: f64, out: &Path) -> Result<()> {
    use afdaek_core::coverage::Visit;
    use afdaek_core::session::{Access, Session};
    use afdaek_core::tiles::mercator::{lonlat_to_utm32, utm32_to_lonlat};
    let mut s = Session::open(project, Access::Read)?;
    let visit = Visit { date: "2026-11-30".into(), method: "car".into(), time_of_day: None, team: None };
    let route = s.drive_view(via, &visit, true)?;
    let g: geo_types::Geometry<f64> = route.line.try_into().map_err(|e| anyhow!("route: {e}"))?;
    let geo_types::Geometry::LineString(lonlat) = g else { bail!("the route is not a line") };
    let line = geo_types::LineString::from(lonlat.0.iter().map(|c| lonlat_to_utm32(c.x, c.y)).collect::<Vec<_>>());
    let mut rng = afdaek_core::synth::Rng::new(42);
    let fixes = afdaek_core::synth::gps_trace(&line, 10.0, 1.0, sigma_m, None, &mut rng);
    let mut gpx = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"afdaek-e2e\"><trk><name>Kørsel</name><trkseg>\n",
    );
    for f in fixes {
        let (lon, lat) = utm32_to_lonlat(f.at.x, f.at.y);
        let t = f.time.unwrap_or(0.0) as i64;
        gpx.push_str(&format!(
            "<trkpt lat=\"{lat:.7}\" lon=\"{lon:.7}\"><time>2026-11-30T10:{:02}:{:02}Z</time></trkpt>\n",
            t / 60,
            t % 60
        ));
    }
    gpx.push_str("</trkseg></trk></gpx>\n");
    std::fs::write(out, gpx)?;
    Ok(())
}
