//! `cargo xtask run` and `cargo xtask test`: the two set-up commands from the
//! README. Both install what is missing on a fresh Debian/Ubuntu machine
//! (apt packages, npm packages, tauri-driver), build what changed, and then
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

/// Installs missing apt packages, npm packages and tauri-driver. Fast when nothing is missing.
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
        step("tauri-driver");
        let bin = target_dir().join("tools/bin/tauri-driver");
        if bin.exists() {
            println!("{}", bin.display());
        } else {
            run(Command::new(cargo())
                .args(["install", "tauri-driver", "--version", "^2", "--locked", "--root"])
                .arg(target_dir().join("tools")))?;
        }
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

/// The demo project in data/, made by our own CLI from the public data
/// extract beside it; rebuilt (atomically) only when its sources, the schema
/// or the demo changed.
fn ensure_demo() -> Result<PathBuf> {
    let data = root().join("data");
    let demo = data.join("demo.gpkg");
    step("demo project (data/demo.gpkg)");
    run(Command::new(target_dir().join("debug/afdaek"))
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
    let built = gate("build UI, app and CLI", &mut build_app);
    // The README's run command, proven: the demo is built from data/ alone and
    // the app opens it and paints its map.
    gate("cargo xtask run --check (demo built, app paints its map)", &mut || {
        if !built {
            bail!("the app did not build");
        }
        let demo = ensure_demo()?;
        run_check(&demo)
    });
    gate("clippy (-D warnings)", &mut || {
        run(Command::new(&cargo)
            .args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])
            .current_dir(&root))
    });
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
        run(Command::new(&cargo)
            .args(["test", "--workspace"])
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
        Some("demo") => {
            setup(false)?;
            build_app()?;
            ensure_demo().map(|p| println!("{}", p.display()))
        }
        _ => {
            eprintln!(
                "usage: cargo xtask run [--check] [PROJECT.gpkg] | test | setup | demo | fuzz TARGET [--runs N] [--secs S]"
            );
            std::process::exit(2);
        }
    }
}
