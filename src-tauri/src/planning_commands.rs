//! Tauri commands for the planning panels: the blind spots (ranked, with
//! reasons in Danish and English). Each runs one [`Session`] method.
//!
//! [`Session`]: afdaek_core::session::Session

use crate::state::with_session;
use afdaek_core::session::BlindSpotReport;
use tauri::AppHandle;

type CmdResult<T> = Result<T, String>;

/// The blind spots of the project today, best first (all of them unless `limit`).
#[tauri::command]
pub async fn blindspots(app: AppHandle, limit: Option<usize>) -> CmdResult<BlindSpotReport> {
    with_session(app, move |s| s.blindspots(None, limit)).await
}
