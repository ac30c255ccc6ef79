//! The app's state: the open [`Session`] behind a mutex, the user's
//! preferences, and the one way commands reach the session
//! ([`with_session`]): on a worker thread, so the window never freezes, and
//! with panics caught, so one failing command leaves the app usable.

use afdaek_core::Layer;
use afdaek_core::session::{Access, Session};
use afdaek_core::user_prefs::UserPrefs;
use serde::Serialize;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use tauri::{AppHandle, Manager};

pub struct AppState {
    session: Mutex<Option<Session>>,
    /// Why no project is open (shown on the welcome pane).
    open_error: Mutex<Option<String>>,
    prefs: Mutex<UserPrefs>,
    /// True while the project named at start is being opened (on its own
    /// thread, while the window and WebKit start): commands wait for it.
    opening: (Mutex<bool>, Condvar),
    /// The online basemap's fetcher and cache (used only while the setting is on).
    pub basemap: crate::basemap::Basemap,
    /// The running long job's stop flag (an import), for `cancel_job`.
    pub job: Mutex<Option<Arc<AtomicBool>>>,
}

/// A lock that survives a panic in another thread. A panic in a command is
/// caught and the session reopened from the file ([`with_session`]); a panic
/// while making a tile (which only reads) is answered with an error and the
/// session kept.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    /// The state before anything is open; `opening` when a project is being opened at start.
    pub fn new(prefs: UserPrefs, opening: bool) -> AppState {
        AppState {
            session: Mutex::new(None),
            open_error: Mutex::new(None),
            prefs: Mutex::new(prefs),
            opening: (Mutex::new(opening), Condvar::new()),
            basemap: crate::basemap::Basemap::default(),
            job: Mutex::new(None),
        }
    }

    /// The result of opening the project named at start: kept, and the waiting commands go on.
    pub fn opened(&self, r: afdaek_core::Result<Session>) {
        match r {
            Ok(s) => *lock(&self.session) = Some(s),
            Err(e) => *lock(&self.open_error) = Some(e.to_string()),
        }
        *lock(&self.opening.0) = false;
        self.opening.1.notify_all();
    }

    fn wait_opened(&self) {
        let mut opening = lock(&self.opening.0);
        while *opening {
            opening = self.opening.1.wait(opening).unwrap_or_else(PoisonError::into_inner);
        }
    }

    pub fn open_error(&self) -> Option<String> {
        lock(&self.open_error).clone()
    }

    pub fn prefs(&self) -> UserPrefs {
        lock(&self.prefs).clone()
    }

    /// Who this app's edits are by: the saved initials (see `resolve_user`).
    pub fn user(&self) -> String {
        afdaek_core::user_prefs::resolve_user(lock(&self.prefs).initials.as_deref())
    }

    pub fn update_prefs(&self, f: impl FnOnce(&mut UserPrefs)) -> Result<(), String> {
        let mut p = lock(&self.prefs);
        f(&mut p);
        p.save().map_err(|e| e.to_string())
    }

    /// A stop flag for the long job starting now (call it when the job has
    /// the session, not while it waits), which `cancel_job` can set.
    pub fn start_job(&self) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        *lock(&self.job) = Some(flag.clone());
        flag
    }

    /// The job with this flag has ended: it can no longer be cancelled.
    pub fn end_job(&self, flag: &Arc<AtomicBool>) {
        let mut job = lock(&self.job);
        if job.as_ref().is_some_and(|j| Arc::ptr_eq(j, flag)) {
            *job = None;
        }
    }

    /// Asks the running long job to stop; false when none runs.
    pub fn cancel_job(&self) -> bool {
        match lock(&self.job).take() {
            Some(f) => {
                f.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    /// Runs `f` on the session, if one is open (for the tile scheme).
    pub fn session<T>(&self, f: impl FnOnce(&mut Session) -> T) -> Option<T> {
        self.wait_opened();
        lock(&self.session).as_mut().map(f)
    }
}

/// The project as the UI needs it on open and after each change.
#[derive(Serialize)]
pub struct ProjectView {
    #[serde(flatten)]
    info: afdaek_core::store::ProjectInfo,
    extent_lonlat: Option<[f64; 4]>,
    layers: Vec<LayerView>,
    read_only: bool,
    read_only_reason: Option<String>,
    tile_revision: u64,
    coverage_revision: u64,
    /// How the team last covered streets here: the visit bar's defaults.
    last_visit: Option<afdaek_core::store::LastVisit>,
    /// The project's colour per partner contact status (the map and the legend use them).
    status_colours: std::collections::BTreeMap<String, String>,
    /// The project's team names (offered in the visit bar).
    teams: Vec<String>,
}

#[derive(Serialize)]
struct LayerView {
    name: &'static str,
    label: &'static str,
    label_en: &'static str,
    geometry: &'static str,
    count: usize,
    extent: Option<[f64; 4]>,
}

impl ProjectView {
    pub fn of(s: &mut Session) -> afdaek_core::Result<ProjectView> {
        let mut info = s.info()?;
        let layers = std::mem::take(&mut info.layers)
            .into_iter()
            .filter_map(|l| {
                let layer = Layer::parse(l.name).ok()?;
                let d = layer.def();
                Some(LayerView {
                    name: d.table,
                    label: d.da,
                    label_en: d.en,
                    geometry: d.geom.gpkg_name(),
                    count: l.count,
                    extent: l.extent,
                })
            })
            .collect();
        Ok(ProjectView {
            extent_lonlat: afdaek_core::geojson_io::extent_lonlat(s.project())?,
            info,
            layers,
            read_only: s.project().is_read_only(),
            read_only_reason: s
                .read_only_reason()
                .map(String::from)
                .or_else(|| s.project().is_read_only().then(|| "Projektet er kun åbent til læsning.".to_string())),
            tile_revision: s.tile_revision(),
            coverage_revision: s.coverage_revision(),
            last_visit: s.project().settings().last_visit.clone(),
            status_colours: s.project().settings().status_colours.clone(),
            teams: s.project().settings().teams.clone(),
        })
    }
}

const PANIC_MESSAGE: &str = "Der skete en intern fejl i Afdæk, og handlingen blev ikke gennemført. Projektet er genåbnet fra filen, så intet halvt er gemt. Prøv igen, og meld fejlen, hvis den kommer igen.";

/// Runs `f` on the open session on a worker thread. An error comes back as
/// the core's Danish message; a panic is caught, the session is reopened
/// from the file (a half-run edit is rolled back by SQLite), and the user
/// gets a message in plain words.
pub async fn with_session<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&mut Session) -> afdaek_core::Result<T> + Send + 'static,
) -> Result<T, String> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.wait_opened();
        let mut guard = lock(&state.session);
        let Some(s) = guard.as_mut() else {
            return Err(state.open_error().unwrap_or_else(|| "Intet projekt er åbent.".into()));
        };
        match std::panic::catch_unwind(AssertUnwindSafe(|| f(s))) {
            Ok(r) => r.map_err(|e| e.to_string()),
            Err(_) => {
                let path: PathBuf = s.project().path().to_path_buf();
                let user = state.user();
                *guard = None;
                match Session::open_as(&path, Access::WriteOrReadOnly, &user) {
                    Ok(fresh) => *guard = Some(fresh),
                    Err(e) => *lock(&state.open_error) = Some(e.to_string()),
                }
                Err(PANIC_MESSAGE.to_string())
            }
        }
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Closes the open project and opens another (made by `open`), remembering
/// it among the recent projects and naming it in the window title.
pub async fn replace_session(
    app: AppHandle,
    open: impl FnOnce(&str) -> afdaek_core::Result<Session> + Send + 'static,
) -> Result<ProjectView, String> {
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = handle.state::<AppState>();
        state.wait_opened();
        let user = state.user();
        let mut guard = lock(&state.session);
        // Release the old project's lock first: reopening the same file must work.
        let old = guard.take();
        let old_path = old.as_ref().map(|s| s.project().path().to_path_buf());
        drop(old);
        let mut s = match std::panic::catch_unwind(AssertUnwindSafe(|| open(&user))) {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => {
                restore(&mut guard, old_path, &user);
                return Err(e.to_string());
            }
            Err(_) => {
                restore(&mut guard, old_path, &user);
                return Err(PANIC_MESSAGE.to_string());
            }
        };
        let view = match ProjectView::of(&mut s) {
            Ok(v) => v,
            Err(e) => {
                drop(s);
                restore(&mut guard, old_path, &user);
                return Err(e.to_string());
            }
        };
        let _ = state.update_prefs(|p| p.add_recent(s.project().path()));
        if let Some(w) = handle.get_webview_window("main") {
            let _ = w.set_title(&format!("Afdæk — {}", s.project().settings().name));
        }
        *guard = Some(s);
        *lock(&state.open_error) = None;
        Ok(view)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// After a failed switch, the project that was open stays open.
fn restore(guard: &mut Option<Session>, path: Option<PathBuf>, user: &str) {
    if let Some(p) = path
        && let Ok(s) = Session::open_as(&p, Access::WriteOrReadOnly, user)
    {
        *guard = Some(s);
    }
}
