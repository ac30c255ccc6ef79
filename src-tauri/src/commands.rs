//! Tauri commands: each one locks the project, calls one core function and
//! maps its error to the Danish message the core already wrote.

use crate::AppState;
use afdaek_core::geojson_io::{self, ExportOptions};
use afdaek_core::{Layer, Project};
use serde::Serialize;
use tauri::State;

type CmdResult<T> = Result<T, String>;

fn with_project<T>(state: &State<AppState>, f: impl FnOnce(&mut Project) -> afdaek_core::Result<T>) -> CmdResult<T> {
    let mut guard = state.project.lock().map_err(|_| "intern fejl: projektlåsen er forgiftet".to_string())?;
    match guard.as_mut() {
        Some(p) => f(p).map_err(|e| e.to_string()),
        None => {
            Err(state.open_error.lock().ok().and_then(|e| e.clone()).unwrap_or_else(|| "Intet projekt åbent".into()))
        }
    }
}

/// A round trip through the shell, for the end-to-end smoke test.
#[tauri::command]
pub fn ping(message: String) -> String {
    format!("pong: {message}")
}

/// The native window title, as the window manager shows it.
#[tauri::command]
pub fn window_title(window: tauri::WebviewWindow) -> CmdResult<String> {
    window.title().map_err(|e| e.to_string())
}

#[derive(Serialize)]
pub struct ProjectView {
    #[serde(flatten)]
    info: afdaek_core::store::ProjectInfo,
    /// The project extent in WGS84 `[west, south, east, north]`, for the map.
    extent_lonlat: Option<[f64; 4]>,
    layer_labels: Vec<(&'static str, &'static str)>,
}

#[tauri::command]
pub fn project_info(state: State<AppState>) -> CmdResult<ProjectView> {
    with_project(&state, |p| {
        Ok(ProjectView {
            info: p.info()?,
            extent_lonlat: geojson_io::extent_lonlat(p)?,
            layer_labels: afdaek_core::model::LAYERS.iter().map(|d| (d.table, d.da)).collect(),
        })
    })
}

/// One layer as GeoJSON in WGS84, with Danish labels for code fields.
#[tauri::command]
pub fn layer_geojson(state: State<AppState>, layer: String) -> CmdResult<geojson::FeatureCollection> {
    let layer = Layer::parse(&layer).map_err(|e| e.to_string())?;
    with_project(&state, |p| {
        geojson_io::layer_to_geojson(p, layer, ExportOptions { include_private: true, labels: true })
    })
}

#[tauri::command]
pub fn undo(state: State<AppState>) -> CmdResult<String> {
    with_project(&state, |p| p.undo())
}

#[tauri::command]
pub fn redo(state: State<AppState>) -> CmdResult<String> {
    with_project(&state, |p| p.redo())
}

/// Imports a file into the open project (all or nothing) and returns the report.
#[tauri::command]
pub fn import_file(
    state: State<AppState>,
    path: String,
    as_layer: Option<String>,
    clip: bool,
) -> CmdResult<afdaek_core::import::ImportReport> {
    let as_layer = as_layer.map(|l| Layer::parse(&l)).transpose().map_err(|e| e.to_string())?;
    let opts = afdaek_core::import::ImportOptions { as_layer, clip_to_boundary: clip };
    with_project(&state, |p| afdaek_core::import::import_file(p, std::path::Path::new(&path), &opts))
}
