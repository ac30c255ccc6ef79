//! Tauri commands for the planning panels: the blind spots (ranked, with
//! reasons in Danish and English), the area sheet of a focus area, its
//! fidelity checklist and communication plan, and the project's settings.
//! Each runs one [`Session`] method.
//!
//! [`Session`]: afdaek_core::session::Session

use crate::commands::{Changed, change};
use crate::state::with_session;
use afdaek_core::planning::plan::PlanRow;
use afdaek_core::session::{AreaSheet, BlindSpotReport};
use tauri::AppHandle;

type CmdResult<T> = Result<T, String>;

/// The blind spots of the project today, best first (all of them unless `limit`).
#[tauri::command]
pub async fn blindspots(app: AppHandle, limit: Option<usize>) -> CmdResult<BlindSpotReport> {
    with_session(app, move |s| s.blindspots(None, limit)).await
}

/// Everything the area sheet shows of one focus area.
#[tauri::command]
pub async fn area_sheet(app: AppHandle, fid: i64) -> CmdResult<AreaSheet> {
    with_session(app, move |s| s.area_sheet(fid, None)).await
}

/// Records the team's fidelity answers for a focus area on a date (one undoable edit).
#[tauri::command]
pub async fn answer_fidelity(
    app: AppHandle,
    fid: i64,
    date: String,
    answers: Vec<(String, String)>,
) -> CmdResult<Changed> {
    change(app, move |s| s.answer_fidelity_for(fid, &date, &answers)).await
}

/// Adds a row to a focus area's communication plan (one undoable edit).
#[tauri::command]
pub async fn add_plan_row(app: AppHandle, row: PlanRow) -> CmdResult<Changed> {
    change(app, move |s| s.add_plan_row(row).map(|(_, label)| label)).await
}

/// Removes a row of a communication plan (one undoable edit).
#[tauri::command]
pub async fn delete_plan_row(app: AppHandle, fid: i64) -> CmdResult<Changed> {
    change(app, move |s| s.delete_plan_row(fid)).await
}

/// The project's settings (the team's, kept in the file), with the names of
/// the blind-spot types the ranking weighs.
#[derive(serde::Serialize)]
pub struct SettingsView {
    #[serde(flatten)]
    settings: afdaek_core::store::Settings,
    weight_labels: std::collections::BTreeMap<String, afdaek_core::vocab::Term>,
}

#[tauri::command]
pub async fn project_settings(app: AppHandle) -> CmdResult<SettingsView> {
    with_session(app, |s| {
        let settings = s.project().settings().clone();
        let weight_labels = settings
            .blindspots
            .weights
            .keys()
            .filter_map(|k| afdaek_core::blindspots::type_term(k).map(|t| (k.clone(), t)))
            .collect();
        Ok(SettingsView { settings, weight_labels })
    })
    .await
}

/// Changes one project setting (one undoable edit, validated by the core).
#[tauri::command]
pub async fn set_project_setting(app: AppHandle, key: String, value: serde_json::Value) -> CmdResult<Changed> {
    change(app, move |s| s.set_setting(&key, value)).await
}

/// Gives a focus area the priority its four criteria give (one undoable edit).
#[tauri::command]
pub async fn apply_derived_priority(app: AppHandle, fid: i64) -> CmdResult<Changed> {
    with_session(app, move |s| {
        s.derive_priority_for(fid)?.ok_or_else(|| {
            afdaek_core::Error::invalid("priority", "kriterierne er ikke udfyldt, så der er ingen beregnet prioritet")
        })?;
        Changed::after_edit(s)
    })
    .await
}

/// Every partner with its contact status and whether the next contact is overdue; the referral counts (<5 hidden).
#[tauri::command]
pub async fn partners_overview(app: AppHandle) -> CmdResult<afdaek_core::session::PartnersOverview> {
    with_session(app, |s| s.partners_overview(None)).await
}

/// What has gone stale: areas not reviewed or visited within the limits, streets whose coverage is old.
#[tauri::command]
pub async fn stale(app: AppHandle) -> CmdResult<afdaek_core::blindspots::stale::StaleReport> {
    with_session(app, |s| s.stale(None)).await
}
