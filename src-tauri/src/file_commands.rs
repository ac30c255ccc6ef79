//! Tauri commands for the Import and Export dialogs: the import preview
//! (nothing stored), layer export and the referral counts. Each runs one
//! [`afdaek_core::session::Session`] method; the import itself is
//! `commands::import_file`.

use crate::commands::import_job;
use crate::state::with_session;
use afdaek_core::Layer;
use afdaek_core::export::{ExportFormat, FormatInfo};
use afdaek_core::import::ImportPreview;
use serde::Serialize;
use std::path::PathBuf;
use tauri::AppHandle;

type CmdResult<T> = Result<T, String>;

/// What importing the file would do (format, counts per layer, skipped,
/// whether a layer must be chosen), with nothing stored. Reports progress
/// like an import, and "Afbryd" (`cancel_job`) stops it.
#[tauri::command]
pub async fn import_preview(
    app: AppHandle,
    path: String,
    as_layer: Option<String>,
    clip: bool,
) -> CmdResult<ImportPreview> {
    import_job(app, path, as_layer, clip, |s, path, opts, progress| s.import_preview(path, opts, progress)).await
}

/// The export formats the app offers.
#[tauri::command]
pub fn export_formats() -> Vec<FormatInfo> {
    ExportFormat::ALL.iter().map(|f| f.info()).collect()
}

/// What an export wrote.
#[derive(Serialize)]
pub struct Exported {
    count: usize,
    layers: Vec<&'static str>,
}

/// Writes the layers to `path` in `format` (privacy rules in the core: notes
/// and contact persons only with `include_private`).
#[tauri::command]
pub async fn export_layers(
    app: AppHandle,
    layers: Vec<String>,
    format: String,
    path: String,
    include_private: bool,
) -> CmdResult<Exported> {
    let layers = layers.iter().map(|l| Layer::parse(l)).collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())?;
    let format = ExportFormat::parse(&format).map_err(|e| e.to_string())?;
    with_session(app, move |s| {
        let (count, layers) = s.export(Some(layers), format, &PathBuf::from(path), include_private)?;
        Ok(Exported { count, layers: layers.iter().map(|l| l.table()).collect() })
    })
    .await
}

/// Writes the referral counts as CSV (counts under 5 shown as "<5").
#[tauri::command]
pub async fn export_referral_counts(app: AppHandle, path: String) -> CmdResult<()> {
    with_session(app, move |s| {
        let bytes = s.referral_counts_csv()?;
        std::fs::write(&path, bytes).map_err(|e| afdaek_core::Error::input(&path, None, e.to_string()))
    })
    .await
}
