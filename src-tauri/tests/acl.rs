//! What the window may do, read from the files the built app is made from:
//! the commands declared to Tauri (`build.rs`), the handler (`main.rs`), the
//! capability (`capabilities/default.json`) and the UI's own calls
//! (`ui/src`) are one set, and the content security policy in
//! `tauri.conf.json` lets nothing load from or talk to another machine.
//! `tests/e2e/tests/security.rs` checks the same in the running app.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The quoted names in `build.rs`'s `COMMANDS` list.
fn declared() -> BTreeSet<String> {
    let src = read(&here().join("build.rs"));
    let start = src.find("const COMMANDS").expect("build.rs declares COMMANDS");
    let end = start + src[start..].find("];").expect("COMMANDS ends");
    quoted(&src[start..end])
}

/// The commands in `tauri::generate_handler![…]`, without their module.
fn registered() -> BTreeSet<String> {
    let src = read(&here().join("src/main.rs"));
    let start = src.find("generate_handler![").expect("main.rs registers a handler");
    let end = start + src[start..].find(']').expect("handler list ends");
    src[start + "generate_handler![".len()..end]
        .split(',')
        .map(|p| p.trim().rsplit("::").next().unwrap_or("").to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The capability's permissions for the main window.
fn granted() -> Vec<String> {
    let cap: serde_json::Value = serde_json::from_str(&read(&here().join("capabilities/default.json"))).unwrap();
    assert_eq!(cap["windows"], serde_json::json!(["main"]), "the capability is for the main window only");
    cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("permissions are plain names").to_string())
        .collect()
}

/// The first argument of every `invoke("…"` in the UI's sources (not its tests).
fn invoked_by_ui() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![here().join("../ui/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                stack.push(path);
            } else if (name.ends_with(".ts") || name.ends_with(".svelte")) && !name.contains(".test.") {
                let src = read(&path);
                for (i, _) in src.match_indices("invoke") {
                    let rest = &src[i + "invoke".len()..];
                    // invoke<T>("name", …) or invoke("name", …)
                    let rest = if rest.starts_with('<') { &rest[rest.find(">(").map_or(0, |j| j + 1)..] } else { rest };
                    if let Some(args) = rest.strip_prefix("(\"") {
                        found.insert(args[..args.find('"').unwrap()].to_string());
                    }
                }
            }
        }
    }
    found
}

fn quoted(s: &str) -> BTreeSet<String> {
    s.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn the_window_may_call_exactly_the_commands_the_ui_uses() {
    let ui = invoked_by_ui();
    assert!(ui.len() >= 40, "the UI's calls were not found: {ui:?}");
    assert_eq!(declared(), ui, "build.rs's COMMANDS differ from what ui/src invokes");
    assert_eq!(registered(), ui, "main.rs's generate_handler differs from what ui/src invokes");

    let granted = granted();
    let app_grants: BTreeSet<String> =
        granted.iter().filter_map(|p| p.strip_prefix("allow-")).map(|c| c.replace('-', "_")).collect();
    assert_eq!(app_grants, ui, "capabilities/default.json grants other commands than the UI invokes");

    // Beyond the app's commands: only what the UI's Tauri calls need (events for
    // progress and drag and drop, the home folder, the two file dialogs). No
    // `default` sets, no file system, shell, HTTP or opener plugin.
    let others: BTreeSet<&str> = granted.iter().map(String::as_str).filter(|p| !p.starts_with("allow-")).collect();
    let expected = BTreeSet::from([
        "core:event:allow-listen",
        "core:event:allow-unlisten",
        "core:path:allow-resolve-directory",
        "dialog:allow-open",
        "dialog:allow-save",
    ]);
    assert_eq!(others, expected);
}

/// The CSP as Tauri reads it from the configuration, one directive per key.
fn csp() -> serde_json::Map<String, serde_json::Value> {
    let conf: serde_json::Value = serde_json::from_str(&read(&here().join("tauri.conf.json"))).unwrap();
    assert_eq!(conf["app"]["withGlobalTauri"], serde_json::json!(false));
    assert!(conf["app"]["security"].get("dangerousDisableAssetCspModification").is_none());
    conf["app"]["security"]["csp"].as_object().expect("a CSP is set").clone()
}

#[test]
fn the_csp_loads_and_talks_to_nothing_outside_the_app() {
    let csp = csp();
    // The app's own protocols, as WebKitGTK names them.
    let own = ["'self'", "ipc:", "http://ipc.localhost", "afdaek:", "http://afdaek.localhost", "data:", "blob:"];
    for (directive, sources) in &csp {
        for source in sources.as_str().unwrap().split_whitespace() {
            let ok = own.contains(&source)
                || source == "'none'"
                // Svelte and MapLibre set style attributes; styles cannot send data.
                || (directive == "style-src" && source == "'unsafe-inline'");
            assert!(ok, "{directive} allows {source}: only the app's own protocols may be named");
        }
    }
    for directive in ["default-src", "script-src", "connect-src", "img-src", "object-src", "base-uri", "form-action"] {
        assert!(csp.contains_key(directive), "{directive} is not set");
    }
    assert_eq!(csp["script-src"], "'self'", "scripts only from the app: no inline script, no eval");
    assert_eq!(csp["object-src"], "'none'");
    for directive in ["connect-src", "img-src"] {
        let sources = csp[directive].as_str().unwrap();
        assert!(!sources.contains("https:") && !sources.contains('*'), "{directive}: {sources}");
    }
}
