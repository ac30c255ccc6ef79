//! `cargo xtask run` and `cargo xtask test`: the two set-up commands from the
//! README. Both install what is missing on a fresh Debian/Ubuntu machine
//! (apt packages, npm packages; for the tests cargo-deny), build what changed, and then
//! open the app on the demo project, or run every quality gate and test.
//!
//! Nothing here is clever: each step is a command a person could type, run
//! in order, with its time and outcome printed.

use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Debian packages the project needs: to build the app (WebKitGTK, PROJ,
/// clang for bindgen), to test it (Xvfb, WebKitWebDriver, GDAL, poppler,
/// qpdf, osmium) and to show text (fonts).
const APT_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "file",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "libproj-dev",
    "proj-data",
    "proj-bin",
    "libclang-dev",
    "clang",
    "webkit2gtk-driver",
    "xvfb",
    "xauth",
    "gdal-bin",
    "poppler-utils",
    "qpdf",
    "python3-gdal",
    "osmium-tool",
    "sqlite3",
    "fonts-dejavu-core",
    "strace",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let status = cmd.status().with_context(|| format!("starting {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn apt(args: &[&str]) -> Command {
    let mut c = if is_root() {
        Command::new("apt-get")
    } else {
        let mut c = Command::new("sudo");
        c.arg("apt-get");
        c
    };
    c.env("DEBIAN_FRONTEND", "noninteractive").args(args);
    c
}

fn installed(pkg: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", pkg])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn step(name: &str) {
    println!("\n==> {name}");
}

/// Installs missing apt packages, npm packages and (for the tests) cargo-deny. Fast when nothing is missing.
fn setup(with_test_tools: bool) -> Result<()> {
    step("system packages (apt)");
    let missing: Vec<&str> = APT_PACKAGES.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        println!("all {} present", APT_PACKAGES.len());
    } else {
        println!("installing: {}", missing.join(" "));
        run(&mut apt(&["update", "-q"]))?;
        let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
        args.extend(&missing);
        run(&mut apt(&args))?;
    }

    step("node and npm packages");
    let node = Command::new("node").arg("--version").output().context("Node.js is required (20 or newer)")?;
    let v = String::from_utf8_lossy(&node.stdout).trim().to_string();
    let major: u32 = v.trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major < 20 {
        bail!("Node.js {v} is too old: the UI build (Vite) needs Node 20 or newer");
    }
    let ui = root().join("ui");
    let lock = std::fs::read(ui.join("package-lock.json")).context("ui/package-lock.json")?;
    let stamp = ui.join("node_modules/.afdaek-lock-stamp");
    if std::fs::read(&stamp).ok().as_deref() != Some(lock.as_slice()) {
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&ui))?;
        std::fs::write(&stamp, &lock)?;
    } else {
        println!("node_modules up to date ({v})");
    }

    if with_test_tools {
        step("cargo-deny");
        println!("{}", ensure_cargo_deny()?.display());
    }
    Ok(())
}

fn build_ui() -> Result<()> {
    step("UI build (Vite → ui/dist, embedded in the app)");
    run(Command::new("npm").args(["run", "--silent", "build"]).current_dir(root().join("ui")))
}

fn build_app() -> Result<()> {
    build_ui()?;
    step("Rust build (app and CLI)");
    run(Command::new(cargo()).args(["build", "-p", "afdaek-app", "-p", "afdaek-cli"]).current_dir(root()))
}

/// The cargo-deny release the suite builds (crates.io) and runs.
const CARGO_DENY: &str = "0.20.2";

/// cargo-deny, pinned, built from crates.io into target/tools once.
fn ensure_cargo_deny() -> Result<PathBuf> {
    let tools = target_dir().join("tools");
    let bin = tools.join("bin/cargo-deny");
    let version = Command::new(&bin).arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).to_string());
    if !version.is_ok_and(|v| v.contains(CARGO_DENY)) {
        // A debug build: it compiles in about half the time of a release
        // one, and checking this tree takes it seconds either way.
        run(Command::new(cargo())
            .args(["install", "cargo-deny", "--version", &format!("={CARGO_DENY}"), "--locked", "--debug", "--root"])
            .arg(&tools))?;
    }
    Ok(bin)
}

/// `cargo deny check` against `deny.toml`: licences, bans, sources and the
/// RustSec advisories of the snapshot in `deny/advisory-db`. cargo-deny reads
/// a database as a git checkout under its `db-path` (named from the URL it
/// would fetch it from), so the snapshot is committed into such a checkout
/// under target/, dated as the snapshot: staleness counts from that date.
fn cargo_deny() -> Result<()> {
    let bin = ensure_cargo_deny()?;
    let snapshot = root().join("deny/advisory-db");
    let stamp = std::fs::read_to_string(snapshot.join("SNAPSHOT")).context("deny/advisory-db/SNAPSHOT")?;
    let date = stamp.split_whitespace().nth(2).context("SNAPSHOT: repository commit date")?.to_string();
    let dbs = target_dir().join("advisory-dbs");
    // cargo-deny's directory for https://github.com/rustsec/advisory-db.
    let db = dbs.join("advisory-db-3157b0e258782691");
    if std::fs::read_to_string(db.join("SNAPSHOT")).ok().as_deref() != Some(stamp.as_str()) {
        let _ = std::fs::remove_dir_all(&db);
        std::fs::create_dir_all(&dbs)?;
        run(Command::new("cp").arg("-r").arg(&snapshot).arg(&db))?;
        let git = |args: &[&str]| {
            let mut c = Command::new("git");
            c.arg("-C").arg(&db).args(args);
            c.env("GIT_AUTHOR_DATE", &date).env("GIT_COMMITTER_DATE", &date);
            c
        };
        run(&mut git(&["init", "-q", "-b", "main"]))?;
        run(&mut git(&["add", "-A"]))?;
        run(&mut git(&[
            "-c",
            "user.name=afdaek",
            "-c",
            "user.email=afdaek@localhost",
            "commit",
            "-q",
            "-m",
            "snapshot",
        ]))?;
    }
    run(Command::new(&bin)
        .args(["deny", "--offline", "--log-level", "warn", "check", "--hide-inclusion-graph"])
        .env("AFDAEK_ADVISORY_DBS", &dbs)
        .current_dir(root()))
}

/// `cargo xtask deb [--debug]`: the Debian package, made by Tauri's bundler
/// (the npm `@tauri-apps/cli`) from binaries cargo has built: the app, the
/// `afdaek` CLI, the demo (`/usr/share/afdaek/demo.gpkg`, copied for the user
/// on the app's first start), the desktop entry and the icons. Release by
/// default; the test suite packages its debug build (same files, no second
/// compile) and installs that.
fn bundle_deb(release: bool) -> Result<PathBuf> {
    let profile = if release { "release" } else { "debug" };
    if release {
        build_ui()?;
        step("Rust build, release (app and CLI)");
        run(Command::new(cargo())
            .args(["build", "--release", "-p", "afdaek-app", "-p", "afdaek-cli"])
            .current_dir(root()))?;
    }
    let demo = ensure_demo_with(profile)?;
    step(&format!("Debian package ({profile} build)"));
    let out = target_dir().join(profile).join("bundle/deb");
    let _ = std::fs::remove_dir_all(&out);
    let json_path = |p: &Path| format!("{:?}", p.display().to_string());
    let overlay = format!(
        r#"{{"bundle":{{"linux":{{"deb":{{"files":{{"/usr/bin/afdaek":{},"/usr/share/afdaek/demo.gpkg":{}}}}}}}}}}}"#,
        json_path(&target_dir().join(profile).join("afdaek")),
        json_path(&demo)
    );
    let mut cmd = Command::new(root().join("ui/node_modules/.bin/tauri"));
    cmd.args(["bundle", "--bundles", "deb", "--ci", "--config", &overlay]);
    if !release {
        cmd.arg("--debug");
    }
    run(cmd.current_dir(root().join("src-tauri")))?;
    let made = std::fs::read_dir(&out)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .with_context(|| format!("the bundler made no .deb in {}", out.display()))?;
    // Tauri names the package after the product, "afdæk": not a Debian
    // package name (ASCII only), and it has no setting for it. Repack the
    // same files with `Package: afdaek`.
    let tree = out.join("repack");
    run(Command::new("dpkg-deb").arg("-R").arg(&made).arg(&tree))?;
    let control_path = tree.join("DEBIAN/control");
    let control = std::fs::read_to_string(&control_path)?;
    let version = control
        .lines()
        .find_map(|l| l.strip_prefix("Version: "))
        .context("the bundler's control file has no Version")?
        .to_string();
    let control: String = control
        .lines()
        .map(|l| if l.starts_with("Package: ") { "Package: afdaek".to_string() } else { l.to_string() })
        .map(|l| l + "\n")
        .collect();
    std::fs::write(&control_path, control)?;
    let deb = out.join(format!("afdaek_{version}_amd64.deb"));
    // xz for the release package (smallest); gzip for the suite's debug build (fast).
    let compress = if release { "-Zxz" } else { "-Zgzip" };
    run(Command::new("dpkg-deb").args(["--root-owner-group", compress, "-b"]).arg(&tree).arg(&deb))?;
    std::fs::remove_dir_all(&tree)?;
    std::fs::remove_file(&made)?;
    println!("{}", deb.display());
    Ok(deb)
}

/// Cargo for the test suite: every compile of a workspace crate goes through
/// clippy's driver with `-D warnings`. That is `cargo clippy`'s own mechanism,
/// but on the real build, so the lints cost no second pass over the
/// dependencies (a `cargo clippy` type-checks all of them again: minutes on a
/// fresh machine). Dependencies are compiled by plain rustc.
fn cargo_with_clippy() -> Command {
    let mut cmd = Command::new(cargo());
    let toolchain_bin = Command::new("rustup")
        .args(["which", "cargo"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|p| PathBuf::from(p.trim()).with_file_name("clippy-driver"));
    let driver = toolchain_bin.filter(|p| p.exists()).unwrap_or_else(|| PathBuf::from("clippy-driver"));
    cmd.env("RUSTC_WORKSPACE_WRAPPER", driver).env("CLIPPY_ARGS", "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__");
    cmd.current_dir(root());
    cmd
}

/// The suite's build: the UI, then every crate, binary, test and benchmark in
/// one cargo invocation, linted (see [`cargo_with_clippy`]). One invocation so
/// that dependencies are built once with one feature set: `cargo build` of the
/// app and CLI alone unifies features differently (tokio, syn, …) and the
/// tests would then rebuild half the tree. The app and CLI binaries land in
/// target/debug as a plain build puts them.
fn build_for_tests() -> Result<()> {
    build_ui()?;
    step("Rust build of everything, with clippy -D warnings (app, CLI, tests, benchmarks)");
    run(cargo_with_clippy().args(["test", "--workspace", "--all-targets", "--no-run"]))
}

/// The demo project in data/, made by our own CLI from the public data
/// extract beside it; rebuilt (atomically) only when its sources, the schema
/// or the demo changed.
fn ensure_demo() -> Result<PathBuf> {
    ensure_demo_with("debug")
}

/// [`ensure_demo`] with the CLI of a build profile (`debug` or `release`).
fn ensure_demo_with(profile: &str) -> Result<PathBuf> {
    let data = root().join("data");
    let demo = data.join("demo.gpkg");
    step("demo project (data/demo.gpkg)");
    run(Command::new(target_dir().join(profile).join("afdaek"))
        .arg("demo")
        .arg(&demo)
        .arg("--data")
        .arg(&data)
        .arg("--if-stale"))?;
    Ok(demo)
}

fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

fn cmd_run(project: Option<PathBuf>, check: bool) -> Result<()> {
    setup(false)?;
    build_app()?;
    let project = match project {
        Some(p) => p,
        None => ensure_demo()?,
    };
    if check {
        return run_check(&project);
    }
    if !has_display() {
        bail!(
            "no display: DISPLAY and WAYLAND_DISPLAY are unset, so there is no screen to open Afdæk on.\n\
             Run this from a desktop session, or under a virtual one: xvfb-run -a cargo xtask run"
        );
    }
    step(&format!("starting Afdæk on {}", project.display()));
    run(Command::new(target_dir().join("debug/afdaek-app")).arg(&project))
}

/// `cargo xtask run --check`: what `run` does, proven: the app starts on the
/// project (under a private Xvfb when there is no display), paints its first
/// complete map and exits; fails if it does not within a minute.
fn run_check(project: &Path) -> Result<()> {
    step(&format!("checking that Afdæk opens {} and paints its map", project.display()));
    let xvfb = if has_display() { None } else { Some(start_xvfb()?) };
    let mut cmd = Command::new(target_dir().join("debug/afdaek-app"));
    cmd.arg(project).env("AFDAEK_CHECK_PAINT", "1");
    if let Some(x) = &xvfb {
        cmd.env("DISPLAY", &x.1);
    }
    // A private preferences folder: the check must not ask for initials or touch the user's list.
    let prefs = target_dir().join("run-check-config");
    std::fs::create_dir_all(&prefs)?;
    cmd.env("AFDAEK_CONFIG_DIR", &prefs);
    let mut child = cmd.stdout(Stdio::piped()).spawn().context("starting afdaek-app")?;
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if line.starts_with("first paint") {
                let _ = tx.send(line);
            }
        }
    });
    let painted = rx.recv_timeout(std::time::Duration::from_secs(60));
    let status = child.wait_timeout_or_kill(std::time::Duration::from_secs(10))?;
    drop(xvfb);
    match painted {
        Ok(line) if status.is_some_and(|s| s.success()) => {
            println!("ok: {line}");
            Ok(())
        }
        Ok(line) => bail!("the app painted ({line}) but did not exit cleanly"),
        Err(_) => bail!("the app did not paint a complete map within 60 s"),
    }
}

trait WaitTimeout {
    fn wait_timeout_or_kill(&mut self, d: std::time::Duration) -> Result<Option<std::process::ExitStatus>>;
}

impl WaitTimeout for std::process::Child {
    /// Waits up to `d`; kills the child if it is still running.
    fn wait_timeout_or_kill(&mut self, d: std::time::Duration) -> Result<Option<std::process::ExitStatus>> {
        let until = Instant::now() + d;
        loop {
            if let Some(s) = self.try_wait()? {
                return Ok(Some(s));
            }
            if Instant::now() > until {
                let _ = self.kill();
                let _ = self.wait();
                return Ok(None);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

struct Xvfb(std::process::Child, String);

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_xvfb() -> Result<Xvfb> {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("starting Xvfb")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line)?;
    Ok(Xvfb(child, format!(":{}", line.trim())))
}

fn cmd_test() -> Result<()> {
    let started = Instant::now();
    setup(true)?;
    let out = target_dir().join("test-output");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out)?;

    let mut results: Vec<(String, bool, f64)> = Vec::new();
    let mut gate = |name: &str, f: &mut dyn FnMut() -> Result<()>| -> bool {
        step(name);
        let t = Instant::now();
        let r = f();
        if let Err(e) = &r {
            eprintln!("FAILED: {name}: {e:#}");
        }
        results.push((name.to_string(), r.is_ok(), t.elapsed().as_secs_f64()));
        r.is_ok()
    };
    let root = root();
    let cargo = cargo();
    gate("rustfmt", &mut || run(Command::new(&cargo).args(["fmt", "--all", "--check"]).current_dir(&root)));
    gate("UI type check (svelte-check, TypeScript)", &mut || {
        run(Command::new("npm").args(["run", "--silent", "check"]).current_dir(root.join("ui")))
    });
    gate("UI unit tests (vitest)", &mut || {
        run(Command::new("npm").args(["run", "--silent", "test"]).current_dir(root.join("ui")))
    });
    let built = gate("build (UI; Rust with clippy -D warnings)", &mut build_for_tests);
    // The README's run command, proven: the demo is built from data/ alone and
    // the app opens it and paints its map.
    gate("cargo xtask run --check (demo built, app paints its map)", &mut || {
        if !built {
            bail!("the app did not build");
        }
        let demo = ensure_demo()?;
        run_check(&demo)
    });
    // The package of the app just built; the end-to-end suite installs it.
    let mut deb = None;
    gate("Debian package (Tauri bundler)", &mut || {
        if !built {
            bail!("the app did not build");
        }
        deb = Some(bundle_deb(false)?);
        Ok(())
    });
    gate("cargo deny (licences, bans, sources, advisories)", &mut cargo_deny);
    // One cargo invocation for every test (unit, integration, end-to-end), so
    // dependencies are built once with one feature set. The end-to-end tests
    // drive the app built above on a private Xvfb screen.
    gate("all tests: Rust unit, integration and end-to-end (real app, Xvfb, WebDriver)", &mut || {
        if !built {
            bail!("the app did not build, so the end-to-end tests cannot run");
        }
        let shared = root.join("../shared/data");
        if !shared.is_dir() && std::env::var_os("AFDAEK_SHARED_DATA").is_none() {
            println!(
                "SKIPPED: {} is absent, so the tests that need the larger public data return early \
                 (import of every municipality file, DAGI postcodes, Denmark's OSM points); the rest use data/",
                shared.display()
            );
        }
        let xvfb = start_xvfb()?;
        println!("Xvfb on {}", xvfb.1);
        // With the build's driver and flags, so nothing is compiled again.
        let mut cmd = cargo_with_clippy();
        if let Some(deb) = &deb {
            cmd.env("AFDAEK_DEB", deb);
        }
        run(cmd
            .args(["test", "--workspace", "--no-fail-fast"])
            .env("DISPLAY", &xvfb.1)
            .env("AFDAEK_TEST_OUTPUT", &out)
            .env("AFDAEK_APP_BIN", target_dir().join("debug/afdaek-app"))
            .current_dir(&root))
    });

    println!("\n==> summary ({:.0} s in all)", started.elapsed().as_secs_f64());
    for (name, ok, secs) in &results {
        println!("  {:<4} {name} ({secs:.0} s)", if *ok { "ok" } else { "FAIL" });
    }
    println!("  screenshots: {}", out.join("screenshots").display());
    let failed = results.iter().filter(|r| !r.1).count();
    println!("xtask: {} passed, {failed} failed", results.len() - failed);
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// `cargo xtask fuzz TARGET [--runs N] [--secs S]`: builds the libFuzzer
/// harness (`fuzz/`) with coverage instrumentation on the stable toolchain
/// and runs one target of `afdaek_core::fuzz::TARGETS` over its seed corpus.
/// New inputs go to `target/fuzz/corpus/TARGET` (the committed seeds stay as
/// they are), findings to `target/fuzz/artifacts/TARGET/`; an input that runs
/// over 1 s counts as a hang. Prints libFuzzer's executions at the end.
fn cmd_fuzz(args: Vec<String>) -> Result<()> {
    let root = root();
    let Some(target) = args.iter().find(|a| !a.starts_with("--")).cloned() else {
        bail!("usage: cargo xtask fuzz TARGET [--runs N] [--secs S] (targets: crates/core/src/fuzz.rs)");
    };
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let dir = target_dir().join("fuzz");
    // The flags cargo-fuzz passes, all stable rustc options; no sanitizer.
    let rustflags = [
        "-Cpasses=sancov-module",
        "-Cllvm-args=-sanitizer-coverage-level=4",
        "-Cllvm-args=-sanitizer-coverage-inline-8bit-counters",
        "-Cllvm-args=-sanitizer-coverage-pc-table",
        "-Cllvm-args=-sanitizer-coverage-trace-compares",
        "--cfg",
        "fuzzing",
    ]
    .join(" ");
    // With an explicit --target, RUSTFLAGS reach only the fuzzed code, not
    // build scripts and proc macros (which would miss the coverage symbols).
    let vv = Command::new("rustc").arg("-vV").output()?;
    let host = String::from_utf8_lossy(&vv.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .context("rustc -vV names no host")?;
    run(Command::new(cargo())
        .args(["build", "--release", "--manifest-path", "fuzz/Cargo.toml", "--target", &host, "--target-dir"])
        .arg(&dir)
        .env("RUSTFLAGS", rustflags)
        .current_dir(&root))?;
    let work = dir.join("corpus").join(&target);
    let artifacts = dir.join("artifacts").join(&target);
    std::fs::create_dir_all(&work)?;
    std::fs::create_dir_all(&artifacts)?;
    let mut cmd = Command::new(dir.join(&host).join("release/afdaek-fuzz"));
    cmd.env("AFDAEK_FUZZ_TARGET", &target)
        .arg(&work)
        .arg(root.join("fuzz/corpus").join(&target))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg("-timeout=1")
        .arg("-rss_limit_mb=2048")
        .arg("-print_final_stats=1")
        .arg(format!("-max_len={}", if target == "gpkg_open" { 300_000 } else { 65_536 }));
    if let Some(n) = value("--runs") {
        cmd.arg(format!("-runs={n}"));
    }
    if let Some(s) = value("--secs") {
        cmd.arg(format!("-max_total_time={s}"));
    }
    run(cmd.current_dir(&root))
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("run") => {
            let rest: Vec<String> = args.collect();
            let check = rest.iter().any(|a| a == "--check");
            cmd_run(rest.iter().find(|a| !a.starts_with("--")).map(PathBuf::from), check)
        }
        Some("test") => cmd_test(),
        Some("setup") => setup(true),
        Some("fuzz") => cmd_fuzz(args.collect()),
        Some("deny") => cargo_deny(),
        Some("deb") => {
            let release = !args.any(|a| a == "--debug");
            setup(false)?;
            if !release {
                build_app()?;
            }
            bundle_deb(release).map(|_| ())
        }
        Some("demo") => {
            setup(false)?;
            build_app()?;
            ensure_demo().map(|p| println!("{}", p.display()))
        }
        _ => {
            eprintln!(
                "usage: cargo xtask run [--check] [PROJECT.gpkg] | test | setup | demo | deny | deb [--debug] | fuzz TARGET [--runs N] [--secs S]"
            );
            std::process::exit(2);
        }
    }
}
