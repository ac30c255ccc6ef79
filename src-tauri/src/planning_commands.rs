//! Tauri commands for the planning panels: the blind spots (ranked, with
//! reasons in Danish and English), the area sheet of a focus area, its
//! fidelity checklist and communication plan, the project's settings, and
//! the area plan (PDF) the Export dialog previews and saves.
//! Each runs one [`Session`] method.
//!
//! [`Session`]: afdaek_core::session::Session

use crate::commands::{Changed, change};
use crate::state::with_session;
use afdaek_core::planning::plan::PlanRow;
use afdaek_core::print::{AreaChoice, LayerChoice, Paper, PlanOptions, PlanPreview};
use afdaek_core::session::{AreaSheet, BlindSpotReport};
use serde::{Deserialize, Serialize};
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

/// A layer an area plan can draw: its code and the Danish label the plan's legend uses.
#[derive(Serialize)]
pub struct PlanLayer {
    code: &'static str,
    label: &'static str,
}

/// The layers an area plan can draw, in the order the core draws them.
#[tauri::command]
pub fn plan_layers() -> Vec<PlanLayer> {
    afdaek_core::print::map_svg::PRINT_LAYERS.iter().map(|&(code, label)| PlanLayer { code, label }).collect()
}

/// The focus areas a plan can be made for, in the order an atlas has them (priority, then name).
#[tauri::command]
pub async fn plan_areas(app: AppHandle) -> CmdResult<Vec<String>> {
    with_session(app, |s| Ok(s.priorities()?.into_iter().map(|p| p.name).collect())).await
}

/// The Export dialog's choices for an area plan (as `afdaek plan`'s options).
#[derive(Deserialize)]
pub struct PlanChoices {
    /// One focus area by name; none: every focus area (an atlas).
    area: Option<String>,
    /// "a4" or "a3".
    paper: String,
    landscape: bool,
    /// Codes from `plan_layers`.
    layers: Vec<String>,
    include_notes: bool,
    grid: bool,
    /// "car", "bike" or "walk": a round trip's turn list per area; none: no route.
    #[serde(default)]
    route: Option<String>,
}

impl PlanChoices {
    fn options(self) -> afdaek_core::Result<PlanOptions> {
        let paper = Paper::parse(&self.paper).ok_or_else(|| {
            afdaek_core::Error::invalid(
                "paper",
                format!("papirformatet '{}' kendes ikke (brug a4 eller a3)", self.paper),
            )
        })?;
        Ok(PlanOptions {
            areas: self.area.map_or(AreaChoice::All, AreaChoice::One),
            paper,
            landscape: self.landscape,
            layers: LayerChoice::parse(&self.layers.join(","))?,
            include_notes: self.include_notes,
            grid: self.grid,
            today: None,
            route: self.route.as_deref().map(afdaek_core::route::Method::parse).transpose()?,
        })
    }
}

/// Page 1 of the area plan as SVG, with the number of pages: nothing is written.
#[tauri::command]
pub async fn plan_preview(app: AppHandle, options: PlanChoices) -> CmdResult<PlanPreview> {
    with_session(app, move |s| s.area_plan_preview(&options.options()?)).await
}

/// What saving an area plan wrote.
#[derive(Serialize)]
pub struct SavedPlan {
    pages: usize,
    areas: Vec<String>,
    features: usize,
    bytes: usize,
    path: String,
}

/// Makes the area plan (or atlas) and writes it to `path` whole or not at all.
#[tauri::command]
pub async fn save_plan(app: AppHandle, options: PlanChoices, path: String) -> CmdResult<SavedPlan> {
    with_session(app, move |s| {
        let plan = s.area_plan(&options.options()?)?;
        afdaek_core::print::save(&plan.pdf, std::path::Path::new(&path))?;
        Ok(SavedPlan { pages: plan.pages, areas: plan.areas, features: plan.features, bytes: plan.bytes, path })
    })
    .await
}
