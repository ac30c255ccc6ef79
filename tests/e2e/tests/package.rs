//! The Debian package (`cargo xtask deb`, made by Tauri's bundler) holds what
//! a team needs, its dependencies resolve on this Debian, and the installed
//! app starts: unpacked into a throw-away root, started with no project and a
//! new user's empty home, it copies the shipped demo, opens it and paints its
//! map. `cargo xtask test` builds the package and passes it as `AFDAEK_DEB`.

use afdaek_e2e::cli_bin;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn deb() -> Option<PathBuf> {
    let deb = std::env::var_os("AFDAEK_DEB").map(PathBuf::from);
    if deb.is_none() {
        eprintln!("SKIPPED: AFDAEK_DEB is not set; `cargo xtask test` (or `cargo xtask deb`) makes the package");
    }
    deb
}

fn output(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_package_holds_the_app_and_resolves_its_dependencies() {
    let Some(deb) = deb() else { return };
    let info = output(Command::new("dpkg-deb").arg("--info").arg(&deb));
    eprintln!("{info}");
    for field in ["Package: afdaek", "Architecture: amd64", "Section: science", "Depends:"] {
        assert!(info.contains(field), "control lacks {field}:\n{info}");
    }
    let depends = info.lines().find(|l| l.trim_start().starts_with("Depends:")).unwrap();
    for lib in ["libwebkit2gtk-4.1-0", "libgtk-3-0", "libproj25"] {
        assert!(depends.contains(lib), "{depends}");
    }
    let contents = output(Command::new("dpkg-deb").arg("--contents").arg(&deb));
    for path in [
        "./usr/bin/afdaek-app",
        "./usr/bin/afdaek",
        "./usr/share/afdaek/demo.gpkg",
        "./usr/share/applications/",
        "./usr/share/icons/hicolor/128x128/apps/",
    ] {
        assert!(contents.contains(path), "the package lacks {path}:\n{contents}");
    }
    // apt resolves the dependencies against this Debian as `apt install ./afdaek.deb` would.
    let sim = output(Command::new("apt-get").args(["install", "--simulate", "--no-install-recommends"]).arg(&deb));
    assert!(sim.lines().any(|l| l.starts_with("Inst afdaek ")), "apt would not install it:\n{sim}");
}

#[test]
fn the_installed_app_opens_the_shipped_demo_on_first_start() {
    let Some(deb) = deb() else { return };
    let root = tempfile::tempdir().unwrap();
    output(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(root.path()));
    let bin = root.path().join("usr/bin");

    // The desktop entry starts the installed binary, with its icon.
    let apps = root.path().join("usr/share/applications");
    let entry = std::fs::read_dir(&apps).unwrap().next().expect("a desktop entry").unwrap().path();
    let desktop = std::fs::read_to_string(&entry).unwrap();
    assert!(desktop.contains("Exec=afdaek-app"), "{desktop}");
    assert!(desktop.contains("Name=Afdæk"), "{desktop}");
    let icon = desktop.lines().find_map(|l| l.strip_prefix("Icon=")).expect("Icon=");
    assert!(root.path().join(format!("usr/share/icons/hicolor/128x128/apps/{icon}.png")).is_file(), "{icon}");

    // The installed CLI reads the installed demo.
    let demo = root.path().join("usr/share/afdaek/demo.gpkg");
    let info = output(Command::new(bin.join("afdaek")).arg("info").arg(&demo));
    assert!(info.contains("Demo"), "{info}");
    assert_eq!(
        output(Command::new(bin.join("afdaek")).arg("--version")).trim(),
        output(Command::new(cli_bin()).arg("--version")).trim()
    );

    // A new user's first start, with no project named: the app copies the demo
    // into the user's data folder, opens it and paints its map.
    let home = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut app = Command::new(bin.join("afdaek-app"));
    app.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home.path())
        .env("DISPLAY", std::env::var("DISPLAY").expect("the suite runs under Xvfb (DISPLAY)"))
        .env("AFDAEK_CHECK_PAINT", "1")
        .env("AFDAEK_USER", "TST");
    // The X server's key, when it has one (xvfb-run's).
    if let Some(auth) = std::env::var_os("XAUTHORITY") {
        app.env("XAUTHORITY", auth);
    }
    let mut child = app.stdout(Stdio::piped()).spawn().unwrap();
    let painted = first_paint(&mut child, Duration::from_secs(90));
    let status = wait(&mut child, Duration::from_secs(15));
    assert!(painted.is_some(), "the installed app did not paint its map (it exited, or 90 s passed): {status:?}");
    assert!(status.is_some_and(|s| s.success()), "the installed app did not exit cleanly: {status:?}");
    eprintln!("installed app: {} after {:.1} s", painted.unwrap(), started.elapsed().as_secs_f64());
    let copy = home.path().join(".local/share/afdaek/demo.gpkg");
    assert!(copy.is_file(), "the demo was not copied for the user");
    let prefs = std::fs::read_to_string(home.path().join(".config/afdaek/user.json")).unwrap();
    assert!(prefs.contains(&copy.display().to_string()), "the copy is the user's recent project: {prefs}");
    assert_same_demo(&demo, &copy);
}

fn assert_same_demo(shipped: &Path, copy: &Path) {
    let summary = |p: &Path| output(Command::new(cli_bin()).args(["info", "--json"]).arg(p));
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&summary(shipped)).unwrap(), serde_json::from_str(&summary(copy)).unwrap());
    assert_eq!(a["layers"], b["layers"], "the copy holds what was shipped");
}

fn first_paint(child: &mut std::process::Child, within: Duration) -> Option<String> {
    let out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            eprintln!("app: {line}");
            if line.starts_with("first paint") {
                let _ = tx.send(line);
            }
        }
    });
    rx.recv_timeout(within).ok()
}

fn wait(child: &mut std::process::Child, within: Duration) -> Option<std::process::ExitStatus> {
    let until = Instant::now() + within;
    loop {
        if let Ok(Some(s)) = child.try_wait() {
            return Some(s);
        }
        if Instant::now() > until {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
