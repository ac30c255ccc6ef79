//! The Afdæk desktop shell. Everything here is a thin adapter: commands take
//! JSON from the UI, call afdaek-core, and hand JSON back. No business logic.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use afdaek_core::Project;
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::Manager;

/// The open project, if any, and why not when it failed to open.
pub struct AppState {
    pub project: Mutex<Option<Project>>,
    pub open_error: Mutex<Option<String>>,
}

/// The project to open: the first command-line argument that is not a flag,
/// else `AFDAEK_PROJECT`.
fn project_arg() -> Option<PathBuf> {
    std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("AFDAEK_PROJECT").map(PathBuf::from))
}

fn main() {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "Afdæk needs a graphical display (no DISPLAY or WAYLAND_DISPLAY is set). Run it from a desktop session, or under Xvfb: xvfb-run -a afdaek-app PROJECT.gpkg"
        );
        std::process::exit(2);
    }
    let (project, open_error) = match project_arg() {
        None => (None, Some("Intet projekt angivet. Start Afdæk med en projektfil (.gpkg).".to_string())),
        Some(path) => match Project::open(&path) {
            Ok(p) => (Some(p), None),
            Err(e) => (None, Some(e.to_string())),
        },
    };
    let title = match &project {
        Some(p) => format!("Afdæk — {}", p.settings().name),
        None => "Afdæk".to_string(),
    };
    tauri::Builder::default()
        .manage(AppState { project: Mutex::new(project), open_error: Mutex::new(open_error) })
        .setup(move |app| {
            if let Some(w) = app.get_webview_window("main") {
                w.set_title(&title)?;
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::ping,
            commands::window_title,
            commands::project_info,
            commands::layer_geojson,
            commands::import_file,
            commands::undo,
            commands::redo,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Afdæk");
}
