//! With the online basemap off (the default), the app makes no network
//! request at all: its content security policy allows only the app's own
//! origins, and the app's processes (the shell, WebKit's web and network
//! processes) open no internet socket while the map loads, pans and zooms.
//! The second half is checked from the outside, with strace on every one of
//! the app's processes.

use afdaek_e2e::{App, make_demo_project, workspace_root};
use std::path::Path;
use std::process::{Command, Stdio};

/// Every process whose parent chain leads to `root` (from /proc), with `root`.
fn process_tree(root: u32) -> Vec<u32> {
    let mut parent = std::collections::HashMap::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else { continue };
        // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
        if let Some(ppid) = stat.rsplit(')').next().and_then(|r| r.split_whitespace().nth(1)?.parse::<u32>().ok()) {
            parent.insert(pid, ppid);
        }
    }
    let mut tree = vec![root];
    let mut grew = true;
    while grew {
        grew = false;
        for (&pid, &pp) in &parent {
            if tree.contains(&pp) && !tree.contains(&pid) {
                tree.push(pid);
                grew = true;
            }
        }
    }
    tree
}

fn app_pid(project: &Path) -> Option<u32> {
    let out = Command::new("pgrep").args(["-f", &format!("afdaek-app {}", project.display())]).output().ok()?;
    String::from_utf8_lossy(&out.stdout).lines().next()?.trim().parse().ok()
}

/// Internet (not loopback, not Unix-socket) addresses in strace's connect/send lines.
fn internet_connects(trace: &str) -> Vec<String> {
    trace
        .lines()
        .filter(|l| l.contains("AF_INET"))
        .filter(|l| !(l.contains("\"127.") || l.contains("\"::1\"") || l.contains("inet_addr(\"0.0.0.0\")")))
        .map(String::from)
        .collect()
}

#[test]
fn the_csp_allows_only_the_apps_own_origins() {
    let conf: serde_json::Value =
        serde_json::from_slice(&std::fs::read(workspace_root().join("src-tauri/tauri.conf.json")).unwrap()).unwrap();
    let csp = conf["app"]["security"]["csp"].as_object().expect("a CSP is set");
    assert_eq!(csp["default-src"], "'self'");
    for (directive, sources) in csp {
        for s in sources.as_str().unwrap().split_whitespace() {
            let ok = s.starts_with('\'')
                || matches!(s, "data:" | "blob:" | "ipc:" | "afdaek:")
                || (s.starts_with("http://") && s.ends_with(".localhost"));
            assert!(ok, "{directive} allows {s}: the app must reach no other host");
        }
    }
}

#[test]
fn the_trace_filter_sees_internet_addresses() {
    let trace = r#"123 connect(5, {sa_family=AF_UNIX, sun_path="/tmp/.X11-unix/X0"}, 20) = 0
124 connect(7, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("151.101.2.217")}, 16) = -1
125 connect(8, {sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
126 connect(9, {sa_family=AF_INET6, sin6_port=htons(53), inet_pton(AF_INET6, "2a00::1", &sin6_addr)}, 28) = -1"#;
    let found = internet_connects(trace);
    assert_eq!(found.len(), 2, "{found:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_network_request_while_the_map_loads_pans_and_zooms() -> anyhow::Result<()> {
    if Command::new("strace").arg("-V").stdout(Stdio::null()).status().is_err() {
        anyhow::bail!("strace is missing (cargo xtask setup installs it)");
    }
    let dir = tempfile::tempdir()?;
    let app = App::start(&make_demo_project(dir.path())?).await?;
    let pid = app_pid(&app.project).ok_or_else(|| anyhow::anyhow!("the app's process was not found"))?;
    let pids = process_tree(pid);
    assert!(pids.len() >= 2, "the shell and WebKit's processes: {pids:?}");
    let log = dir.path().join("trace.txt");
    let mut strace = Command::new("strace");
    strace.args(["-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o"]).arg(&log);
    for p in &pids {
        strace.args(["-p", &p.to_string()]);
    }
    let mut tracer = strace.stderr(Stdio::null()).spawn()?;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;

    // Load new tiles and glyphs: street level in two places, then out again.
    app.go_to(10.38182, 55.39925, 16.5).await?;
    app.go_to(10.4449, 55.4018, 15.0).await?;
    app.drag_lonlat((10.4449, 55.4018), (10.4380, 55.4018)).await?;
    app.wait_map_idle().await?;
    app.go_to(10.39, 55.39, 11.0).await?;
    let resources = app.js("return performance.getEntriesByType('resource').map(e => e.name)").await?;

    // SIGINT: strace detaches cleanly and flushes its log.
    Command::new("kill").args(["-INT", &tracer.id().to_string()]).status()?;
    let _ = tracer.wait();
    let trace = std::fs::read_to_string(&log)?;
    assert!(trace.lines().count() > 0, "strace saw nothing at all: it did not attach");
    let internet = internet_connects(&trace);
    assert!(internet.is_empty(), "the app reached for the network:\n{}", internet.join("\n"));
    for r in resources.as_array().into_iter().flatten() {
        let url = r.as_str().unwrap_or("");
        assert!(
            [
                "tauri:",
                "afdaek:",
                "ipc:",
                "http://ipc.localhost",
                "http://afdaek.localhost",
                "http://tauri.localhost",
                "blob:",
                "data:"
            ]
            .iter()
            .any(|p| url.starts_with(p)),
            "the page fetched {url}"
        );
    }
    Ok(())
}
