//! Tauri commands: each one runs one [`Session`] method off the main thread
//! and hands back its answer or the core's Danish error text. No rules live
//! here; see `crate::state` for how a command gets the session.

use crate::state::{AppState, ProjectView, with_session};
use afdaek_core::Layer;
use afdaek_core::import::ImportOptions;
use afdaek_core::session::{Access, HistoryLine, Inspected, Session, UndoState};
use serde::Serialize;
use serde_json::{Map, Value};
use tauri::{AppHandle, Emitter, Manager};

type CmdResult<T> = Result<T, String>;

/// The UI reports its first complete map paint (all tiles of the first view
/// drawn). Logged with the time since the process started: the cold-start
/// figure. With `AFDAEK_CHECK_PAINT` set (`cargo xtask run --check`), the app
/// then exits, proving the run path end to end.
#[tauri::command]
pub async fn first_paint(app: AppHandle, page_ms: f64, detail: Option<String>) {
    let ms = crate::STARTED.get().map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0);
    let tiles = with_session(app.clone(), |s| {
        let st = s.tile_stats();
        Ok(format!("{} tiles made in {:.0} ms", st.made, st.make_ms.iter().sum::<f64>()))
    })
    .await
    .unwrap_or_default();
    // The shell's own memory (the project, its index, the tile cache); WebKit's processes are apart.
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS")).map(|l| l.trim_start_matches("VmRSS:").trim().to_string())
        })
        .unwrap_or_default();
    println!(
        "first paint {ms:.0} ms after process start ({page_ms:.0} ms after the page started; {}; {tiles}; shell resident {rss})",
        detail.unwrap_or_default()
    );
    if std::env::var_os("AFDAEK_CHECK_PAINT").is_some() {
        app.exit(0);
    }
}

#[derive(Serialize)]
pub struct AppStatus {
    project: Option<ProjectView>,
    open_error: Option<String>,
    user_initials: Option<String>,
    recent_projects: Vec<String>,
    /// Off by default; with it off the app makes no network request.
    online_basemap: bool,
    /// "da" (default) or "en", per user.
    language: String,
    /// Larger type (for a projector), per user.
    large_text: bool,
}

#[tauri::command]
pub async fn app_status(app: AppHandle) -> CmdResult<AppStatus> {
    let project = with_session(app.clone(), ProjectView::of).await.ok();
    let state = app.state::<AppState>();
    let prefs = state.prefs();
    Ok(AppStatus {
        open_error: if project.is_none() { state.open_error() } else { None },
        project,
        user_initials: prefs.initials,
        recent_projects: prefs.recent_projects,
        online_basemap: prefs.online_basemap,
        language: prefs.language.unwrap_or_else(|| "da".into()),
        large_text: prefs.large_text,
    })
}

#[tauri::command]
pub async fn project_info(app: AppHandle) -> CmdResult<ProjectView> {
    with_session(app, ProjectView::of).await
}

/// Saves the user's initials (per user) and uses them for this session's edits.
#[tauri::command]
pub async fn set_user_initials(app: AppHandle, initials: String) -> CmdResult<()> {
    let initials = afdaek_core::user_prefs::check_initials(&initials).map_err(|e| e.to_string())?;
    app.state::<AppState>().update_prefs(|p| p.initials = Some(initials.clone()))?;
    // No project open is fine: the initials are kept for the next one.
    let _ = with_session(app, move |s| s.set_user(&initials)).await;
    Ok(())
}

/// The vocabularies the visit bar offers (codes with Danish and English labels).
#[derive(Serialize)]
pub struct Vocabularies {
    visit_methods: afdaek_core::vocab::Vocabulary,
    times_of_day: afdaek_core::vocab::Vocabulary,
}

#[tauri::command]
pub fn vocabularies() -> Vocabularies {
    Vocabularies { visit_methods: afdaek_core::vocab::VISIT_METHODS, times_of_day: afdaek_core::vocab::TIMES_OF_DAY }
}

/// What a tick or untick did, with what the UI must refresh.
#[derive(Serialize)]
pub struct TickAnswer {
    #[serde(flatten)]
    changed: Changed,
    street: Option<String>,
    length_m: f64,
    /// Where the time went: the core's edit, dropping the touched tiles, the whole command.
    timing: TickTiming,
}

/// Ticks the street stretch at a map click as covered by the visit (one undoable edit).
#[tauri::command]
pub async fn tick(app: AppHandle, lon: f64, lat: f64, visit: afdaek_core::coverage::Visit) -> CmdResult<TickAnswer> {
    with_session(app, move |s| {
        let started = std::time::Instant::now();
        let r = s.tick((lon, lat), false, &visit)?;
        tick_answer(s, r, started)
    })
    .await
}

/// Ticks every stretch a drag on the map ran along (lon/lat points), as one undoable edit.
#[tauri::command]
pub async fn tick_along(
    app: AppHandle,
    path: Vec<(f64, f64)>,
    visit: afdaek_core::coverage::Visit,
) -> CmdResult<TickAnswer> {
    with_session(app, move |s| {
        let started = std::time::Instant::now();
        let r = s.tick_along(&path, &visit)?;
        tick_answer(s, r, started)
    })
    .await
}

/// Removes the coverage of the stretch at a map click, all dates (one undoable edit).
#[tauri::command]
pub async fn untick(app: AppHandle, lon: f64, lat: f64) -> CmdResult<TickAnswer> {
    with_session(app, move |s| {
        let started = std::time::Instant::now();
        let r = s.untick((lon, lat), None)?;
        tick_answer(s, r, started)
    })
    .await
}

fn tick_answer(
    s: &Session,
    r: afdaek_core::coverage::record::TickResult,
    started: std::time::Instant,
) -> afdaek_core::Result<TickAnswer> {
    let changed = Changed::after_edit(s)?;
    Ok(TickAnswer {
        changed,
        street: r.street,
        length_m: r.length_m,
        timing: TickTiming { core: s.last_change_timing(), command_ms: started.elapsed().as_secs_f64() * 1000.0 },
    })
}

/// Where a tick's time went in the shell: the core's split, and the whole
/// command (the lock, the edit, the answer) from the worker thread's start.
#[derive(Serialize)]
pub struct TickTiming {
    #[serde(flatten)]
    core: afdaek_core::session::ChangeTiming,
    command_ms: f64,
}

/// Sets the app's language for this user ("da" or "en"); the UI switches at once.
#[tauri::command]
pub fn set_language(app: AppHandle, language: String) -> CmdResult<()> {
    if !matches!(language.as_str(), "da" | "en") {
        return Err(format!("ukendt sprog '{language}' (da eller en)"));
    }
    app.state::<AppState>().update_prefs(|p| p.language = Some(language))
}

/// Larger type everywhere, for a projector (a per-user setting, off by default).
#[tauri::command]
pub fn set_large_text(app: AppHandle, on: bool) -> CmdResult<()> {
    app.state::<AppState>().update_prefs(|p| p.large_text = on)
}

/// Switches the online OpenStreetMap basemap on or off (a per-user setting, off by default).
#[tauri::command]
pub fn set_online_basemap(app: AppHandle, on: bool) -> CmdResult<()> {
    app.state::<AppState>().update_prefs(|p| p.online_basemap = on)
}

#[tauri::command]
pub async fn inspect(app: AppHandle, layer: String, fid: i64) -> CmdResult<Inspected> {
    let layer = Layer::parse(&layer).map_err(|e| e.to_string())?;
    with_session(app, move |s| s.inspect(layer, fid)).await
}

/// What the UI refreshes after an edit, undo or redo.
#[derive(Serialize)]
pub struct Changed {
    label: String,
    undo: UndoState,
    tile_revision: u64,
    coverage_revision: u64,
}

impl Changed {
    /// After an edit labelled `label`: the undo state and tile revision as they are now.
    /// After an edit: labelled with what undo would now undo (that edit).
    pub(crate) fn after_edit(s: &Session) -> afdaek_core::Result<Changed> {
        let undo = s.undo_state()?;
        Ok(Changed {
            label: undo.undo.clone().unwrap_or_default(),
            undo,
            tile_revision: s.tile_revision(),
            coverage_revision: s.coverage_revision(),
        })
    }

    pub(crate) fn now(s: &Session, label: String) -> afdaek_core::Result<Changed> {
        Ok(Changed {
            label,
            undo: s.undo_state()?,
            tile_revision: s.tile_revision(),
            coverage_revision: s.coverage_revision(),
        })
    }
}

/// Runs a change (it returns its label) and answers what the UI must refresh.
pub(crate) async fn change(
    app: AppHandle,
    f: impl FnOnce(&mut Session) -> afdaek_core::Result<String> + Send + 'static,
) -> CmdResult<Changed> {
    with_session(app, |s| {
        let label = f(s)?;
        Changed::now(s, label)
    })
    .await
}

#[tauri::command]
pub async fn update_feature(app: AppHandle, layer: String, fid: i64, patch: Map<String, Value>) -> CmdResult<Changed> {
    let layer = Layer::parse(&layer).map_err(|e| e.to_string())?;
    change(app, move |s| s.update_feature(layer, fid, patch)).await
}

#[tauri::command]
pub async fn undo(app: AppHandle) -> CmdResult<Changed> {
    change(app, Session::undo).await
}

#[tauri::command]
pub async fn redo(app: AppHandle) -> CmdResult<Changed> {
    change(app, Session::redo).await
}

#[tauri::command]
pub async fn undo_state(app: AppHandle) -> CmdResult<UndoState> {
    with_session(app, |s| s.undo_state()).await
}

#[tauri::command]
pub async fn history(app: AppHandle, limit: usize) -> CmdResult<Vec<HistoryLine>> {
    with_session(app, move |s| s.history(limit)).await
}

#[tauri::command]
pub async fn municipalities() -> CmdResult<Vec<afdaek_core::municipalities::Municipality>> {
    tauri::async_runtime::spawn_blocking(afdaek_core::municipalities::list)
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
}

/// Opens another project (read-only with a reason if another Afdæk has it).
#[tauri::command]
pub async fn open_project(app: AppHandle, path: String) -> CmdResult<ProjectView> {
    let path = std::path::PathBuf::from(path);
    crate::state::replace_session(app, move |user| Session::open_as(&path, Access::WriteOrReadOnly, user)).await
}

/// A new project for a municipality; its DAGI polygon becomes the boundary.
#[tauri::command]
pub async fn new_project(app: AppHandle, path: String, name: String, municipality: String) -> CmdResult<ProjectView> {
    let path = std::path::PathBuf::from(path);
    crate::state::replace_session(app, move |user| Session::create_for_municipality(&path, &name, &municipality, user))
        .await
}

#[tauri::command]
pub async fn save_copy(app: AppHandle, path: String) -> CmdResult<()> {
    with_session(app, move |s| s.save_copy(std::path::Path::new(&path))).await
}

/// Progress of a long job, as the UI's progress bar shows it.
#[derive(Clone, Serialize)]
struct Progress {
    job: &'static str,
    label: String,
    done: u64,
    total: Option<u64>,
    finished: bool,
}

/// Stops the running long job (an import); it rolls back and stores nothing.
#[tauri::command]
pub fn cancel_job(app: AppHandle) -> bool {
    app.state::<AppState>().cancel_job()
}

/// Imports a file (all or nothing), reporting progress as "progress" events;
/// `cancel_job` stops it.
#[tauri::command]
pub async fn import_file(
    app: AppHandle,
    path: String,
    as_layer: Option<String>,
    clip: bool,
) -> CmdResult<afdaek_core::import::ImportReport> {
    import_job(app, path, as_layer, clip, |s, path, opts, progress| s.import(path, opts, progress)).await
}

/// Runs an import or its preview as the one long job: progress events, the
/// stop flag `cancel_job` sets, and the progress bar closed at the end.
pub(crate) async fn import_job<T: Send + 'static>(
    app: AppHandle,
    path: String,
    as_layer: Option<String>,
    clip: bool,
    run: impl FnOnce(
        &mut Session,
        &std::path::Path,
        &ImportOptions,
        &mut dyn FnMut(afdaek_core::import::Progress),
    ) -> afdaek_core::Result<T>
    + Send
    + 'static,
) -> CmdResult<T> {
    let as_layer = as_layer.map(|l| Layer::parse(&l)).transpose().map_err(|e| e.to_string())?;
    let emitter = app.clone();
    let r = with_session(app.clone(), move |s| {
        // The stop flag belongs to this job from when it has the project until it ends.
        let state = emitter.state::<AppState>();
        let cancel = state.start_job();
        let opts = ImportOptions { as_layer, clip_to_boundary: clip, cancel: Some(cancel.clone()) };
        let r = run(s, std::path::Path::new(&path), &opts, &mut |p| emit_import_progress(&emitter, p));
        state.end_job(&cancel);
        r
    })
    .await;
    emit_import_finished(&app);
    r
}

/// An import's (or its preview's) progress as the "progress" event the progress bar shows.
fn emit_import_progress(app: &AppHandle, p: afdaek_core::import::Progress) {
    let label = match p.stage {
        "read" => "Læser filen",
        "check" => "Kontrollerer objekterne",
        _ => "Gemmer i projektet",
    };
    let _ = app.emit(
        "progress",
        Progress { job: "import", label: label.into(), done: p.done, total: Some(p.total), finished: false },
    );
}

/// The import (or its preview) has ended: the progress bar goes.
fn emit_import_finished(app: &AppHandle) {
    let _ = app
        .emit("progress", Progress { job: "import", label: "Færdig".into(), done: 1, total: Some(1), finished: true });
}
