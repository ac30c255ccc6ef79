//! The project file: one GeoPackage (SQLite) holding every layer, the
//! settings, referral counts, fidelity answers, undo history and audit log.
//!
//! Start at [`Project`]: `create`/`open` give a project whose spatial index is
//! loaded; every change goes through [`Project::edit`], one SQLite transaction
//! that also records undo history and an audit line, and updates the index
//! only after it commits.
//!
//! Invariants:
//! - A writable `Project` holds an exclusive advisory lock (flock) on the file,
//!   so a second Afdæk process gets [`Error::Locked`] (it may open read-only).
//! - Nothing partial is ever stored: an edit that returns an error rolls back.
//! - The in-memory index matches the committed file.

mod edit;
pub(crate) mod features;
pub(crate) mod rows;
pub mod schema;
mod settings;

pub use edit::{Edit, HistoryEntry, now as now_utc};
pub use features::ScanRow;
pub use settings::{BlindSpotSettings, LastVisit, Settings};

use crate::error::{Error, Result};
use crate::index::SpatialIndex;
use crate::model::{LAYERS, Layer};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde_json::Value;
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A feature whose stored geometry cannot be read (written by another
/// program, or damaged): the project opens without it in the index, and
/// `afdaek check` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DamagedFeature {
    pub layer: &'static str,
    pub fid: i64,
    pub reason: String,
}

pub struct Project {
    conn: Connection,
    path: PathBuf,
    /// Held for as long as the project is open for writing.
    _lock: Option<File>,
    read_only: bool,
    settings: Settings,
    index: SpatialIndex,
    /// Per layer, the stamp of the last committed edit, undo or redo that
    /// touched it (one fresh stamp per edit; see [`Project::revision`]).
    revisions: HashMap<Layer, u64>,
    /// Where committed edits, undos and redos changed something since the
    /// last [`Project::take_changes`]: per layer, the bounding boxes (project
    /// CRS) of every touched feature before and after. What is drawn from the
    /// layers (map tiles) invalidates exactly these places.
    changes: Vec<(Layer, [f64; 4])>,
    /// Features left out of the index because their geometry cannot be
    /// read, found as each layer is read (shared with the index's loader).
    damaged: std::sync::Arc<std::sync::Mutex<Vec<DamagedFeature>>>,
}

/// Above this many remembered changes, they are merged into one box per
/// layer, so a project nobody asks (the CLI) never grows a long list.
const MAX_CHANGES: usize = 10_000;

/// Revision stamps come from one counter for the whole process, so two
/// projects (or the same file opened twice) never share a stamp and a cache
/// keyed on a stamp cannot mistake one project's layer for another's.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
}

/// Referrals ("henvendelser") for one area, month and source type: a count, never people.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReferralCount {
    pub area_layer: String,
    pub area_fid: i64,
    pub month: String,
    pub source_type: String,
    pub count: i64,
}

/// What `afdaek info` prints.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProjectInfo {
    pub path: String,
    pub name: String,
    pub municipality: Option<String>,
    pub crs: String,
    pub schema_version: i64,
    pub extent: Option<[f64; 4]>,
    pub layers: Vec<LayerInfo>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct LayerInfo {
    pub name: &'static str,
    pub label: &'static str,
    pub geometry: &'static str,
    pub count: usize,
    pub extent: Option<[f64; 4]>,
}

/// What the index reads a layer with, on the layer's first use: its own
/// read-only connection (the project's may be inside a transaction, and
/// layers are read in parallel), the committed geometries, and the features
/// it cannot decode put on the project's damaged list.
fn layer_loader(
    path: &Path,
    damaged: std::sync::Arc<std::sync::Mutex<Vec<DamagedFeature>>>,
) -> crate::index::LayerLoader {
    let path = path.to_path_buf();
    Box::new(move |layer| {
        let read =
            Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(Error::from)
                .and_then(|conn| {
                    conn.busy_timeout(std::time::Duration::from_secs(5))?;
                    features::read_geometries(&conn, layer)
                });
        let (ok, bad) = match read {
            Ok(r) => r,
            Err(e) => (
                Vec::new(),
                vec![DamagedFeature { layer: layer.table(), fid: 0, reason: format!("laget kunne ikke læses: {e}") }],
            ),
        };
        if !bad.is_empty()
            && let Ok(mut d) = damaged.lock()
        {
            d.extend(bad);
        }
        ok
    })
}

/// See [`Project::roads_stamp`].
fn roads_stamp(conn: &Connection) -> Result<Option<String>> {
    if !roads_triggers_present(conn)? {
        return Ok(None);
    }
    let (n, last): (i64, Option<String>) = conn.query_row(
        "SELECT (SELECT n FROM afdaek_roads_changes WHERE id = 1),
                (SELECT last_change FROM gpkg_contents WHERE table_name = 'roads')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Some(format!("{n}:{}", last.unwrap_or_default())))
}

/// Are the three triggers that count changes to `roads` in place?
fn roads_triggers_present(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'roads' AND name IN (?1, ?2, ?3)",
        schema::ROADS_TRIGGERS,
        |r| r.get(0),
    )?;
    Ok(n == 3)
}

/// Takes the exclusive advisory lock on the project file. A lock can outlive
/// its holder for a moment when another thread forks a process between our
/// open and close (the child shares the descriptor until it execs), so a
/// held lock is retried briefly before we call the file busy.
fn lock(path: &Path) -> Result<File> {
    let f = File::options().read(true).write(true).open(path)?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(750);
    loop {
        match f.try_lock() {
            Ok(()) => return Ok(f),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(Error::Locked(path.into())),
            Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
        }
    }
}

fn configure(conn: &Connection, read_only: bool) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    if !read_only {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

impl Project {
    /// Makes a new, empty project file. Refuses to overwrite an existing file.
    pub fn create(path: impl AsRef<Path>, name: &str, municipality: Option<&str>) -> Result<Project> {
        let path = path.as_ref();
        crate::privacy::check_text("name", name)?;
        if let Some(m) = municipality {
            check_municipality(m)?;
        }
        if path.exists() {
            return Err(Error::input(path.display().to_string(), None, "filen findes allerede; vælg et andet navn"));
        }
        let conn = Connection::open(path)?;
        let made = (|| {
            schema::create(&conn, crate::crs::UTM32N as i32)?;
            let s =
                Settings { name: name.to_string(), municipality: municipality.map(String::from), ..Default::default() };
            features::write_settings(&conn, &s)?;
            Ok(())
        })();
        if let Err(e) = made {
            drop(conn);
            let _ = std::fs::remove_file(path);
            return Err(e);
        }
        drop(conn);
        Project::open_writable(path)
    }

    /// Opens a project for editing: takes the lock, **writes** the file when
    /// it migrates an older schema, refuses a newer one, loads settings and
    /// builds the spatial index.
    pub fn open_writable(path: impl AsRef<Path>) -> Result<Project> {
        Self::open_with(path.as_ref(), false)
    }

    /// Opens a project for viewing only: no lock, no migration, no edits; a
    /// file from an older Afdæk is refused ([`Error::OlderSchema`]).
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Project> {
        Self::open_with(path.as_ref(), true)
    }

    /// Opens a project for viewing, as [`Project::open_read_only`], but first
    /// **writes** a file from an older Afdæk: it upgrades it in place (taking
    /// the lock for the moment, as [`Project::open_writable`] does), so
    /// reports and analyses work on old projects. Used by the CLI's
    /// read-only commands.
    pub fn open_upgraded_read_only(path: impl AsRef<Path>) -> Result<Project> {
        let path = path.as_ref();
        match Self::open_with(path, true) {
            Err(Error::OlderSchema { .. }) => {
                drop(Self::open_with(path, false)?);
                Self::open_with(path, true)
            }
            other => other,
        }
    }

    fn open_with(path: &Path, read_only: bool) -> Result<Project> {
        if !path.is_file() {
            return Err(Error::input(path.display().to_string(), None, "filen findes ikke"));
        }
        let lock = if read_only { None } else { Some(lock(path)?) };
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| Error::NotAProject { path: path.into(), reason: e.to_string() })?;
        let version = schema::version(&conn, path).map_err(|e| match e {
            Error::Sql(s) => Error::NotAProject { path: path.into(), reason: s.to_string() },
            other => other,
        })?;
        configure(&conn, read_only)?;
        if version > schema::SCHEMA_VERSION {
            return Err(Error::NewerSchema { path: path.into(), found: version, known: schema::SCHEMA_VERSION });
        }
        let settings = features::read_settings(&conn)?;
        if version < schema::SCHEMA_VERSION {
            if read_only {
                return Err(Error::OlderSchema { path: path.into(), found: version, known: schema::SCHEMA_VERSION });
            }
            schema::migrate(&conn, settings.srs_id)?;
        }
        if !read_only && !roads_triggers_present(&conn)? {
            // A tool replaced the roads table (and its triggers with it): the
            // kept network may no longer be the roads'. Count changes again.
            schema::create_roads_triggers(&conn)?;
            conn.execute("DELETE FROM afdaek_network", [])?;
        }
        let revisions = LAYERS.iter().map(|d| (d.layer, next_revision())).collect();
        let damaged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let index = SpatialIndex::lazy(LAYERS.iter().map(|d| d.layer), layer_loader(path, damaged.clone()));
        Ok(Project {
            conn,
            path: path.into(),
            _lock: lock,
            read_only,
            settings,
            index,
            revisions,
            changes: Vec::new(),
            damaged,
        })
    }

    /// Features whose geometry cannot be read (every layer is read first),
    /// and layers that could not be read at all (`fid` 0).
    pub fn damaged(&self) -> Vec<DamagedFeature> {
        self.index.load_all();
        self.damaged.lock().map(|d| d.clone()).unwrap_or_default()
    }

    /// SQLite's own check of the file (`PRAGMA integrity_check`): "ok" or what is wrong.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn index(&self) -> &SpatialIndex {
        &self.index
    }

    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn, &self.path)
    }

    /// Who is editing: written into the audit log of every edit from now on
    /// (kept for this session only; `set_setting("user_initials", …)` stores it).
    /// What the roads are now, as far as the kept network is concerned: the
    /// count of row changes the triggers keep (any program's edits) and
    /// `gpkg_contents.last_change` of the roads. `None` when the triggers
    /// are missing (a tool replaced the table): nothing kept can be trusted.
    pub fn roads_stamp(&self) -> Result<Option<String>> {
        roads_stamp(&self.conn)
    }

    /// The kept network blob, if it was made from the roads as they are now
    /// (`stamp`) in this build's format.
    pub fn kept_network(&self, stamp: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT data FROM afdaek_network WHERE id = 1 AND roads_stamp = ?1 AND format = ?2",
                rusqlite::params![stamp, crate::network::persist::FORMAT],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Keeps a network built from the roads at `stamp` in the file: a cache,
    /// not an edit (no undo step, no audit line). A project opened read-only
    /// keeps it only if no other process has the file open for writing; a
    /// file that cannot be written is left as it is. Returns whether it was kept.
    pub fn keep_network(&self, stamp: &str, data: &[u8]) -> Result<bool> {
        let write = |conn: &Connection| -> Result<()> {
            conn.execute(
                "INSERT OR REPLACE INTO afdaek_network (id, roads_stamp, format, data) VALUES (1, ?1, ?2, ?3)",
                rusqlite::params![stamp, crate::network::persist::FORMAT, data],
            )?;
            Ok(())
        };
        if !self.read_only {
            write(&self.conn)?;
            return Ok(true);
        }
        let Ok(file) = File::options().read(true).write(true).open(&self.path) else { return Ok(false) };
        if file.try_lock().is_err() {
            return Ok(false);
        }
        let Ok(conn) = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_WRITE) else {
            return Ok(false);
        };
        configure(&conn, false)?;
        // The roads may have changed since this process read them.
        if roads_stamp(&conn)?.as_deref() != Some(stamp) {
            return Ok(false);
        }
        write(&conn)?;
        Ok(true)
    }

    pub fn set_user(&mut self, initials: &str) -> Result<()> {
        crate::privacy::check_text("user_initials", initials)?;
        self.settings.user_initials = initials.trim().to_string();
        Ok(())
    }

    /// Remembers how the team last covered streets (the visit bar's
    /// defaults). A preference, not data: written at once, outside the undo
    /// history and the audit log, and left alone in a read-only project.
    pub fn remember_visit(&mut self, v: LastVisit) -> Result<()> {
        if self.read_only || self.settings.last_visit.as_ref() == Some(&v) {
            return Ok(());
        }
        if let Some(team) = &v.team {
            crate::privacy::check_text("team", team)?;
        }
        let json = serde_json::to_string(&v).expect("visit serialises");
        self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('last_visit', ?1)", [json])?;
        self.settings.last_visit = Some(v);
        Ok(())
    }

    /// A stamp of the layer's content in this process: it changes with every
    /// committed edit, undo or redo that touches the layer, and differs
    /// between projects. What is derived from a layer (the street network
    /// from the roads) is rebuilt when the stamp it was built at is no longer
    /// current; see [`crate::network::NetworkCache`].
    pub fn revision(&self, layer: Layer) -> u64 {
        self.revisions.get(&layer).copied().unwrap_or(0)
    }

    pub fn count(&self, layer: Layer) -> usize {
        features::count(&self.conn, layer).unwrap_or_else(|_| self.index.len(layer))
    }

    pub fn feature(&self, layer: Layer, fid: i64) -> Result<crate::model::Feature> {
        features::read_feature(&self.conn, layer, fid)?
            .ok_or_else(|| Error::NoSuchFeature { layer: layer.to_string(), fid })
    }

    /// Every feature of a layer, in fid order.
    pub fn features(&self, layer: Layer) -> Result<Vec<crate::model::Feature>> {
        features::read_features(&self.conn, layer, None)
    }

    /// A few attribute columns of every feature of a layer, in fid order,
    /// without building [`crate::model::Feature`]s (see [`features::scan`]);
    /// `row.i64(0)` is the first of `columns`.
    pub fn scan(&self, layer: Layer, columns: &[&str], each: impl FnMut(i64, &ScanRow<'_, '_>)) -> Result<()> {
        features::scan(&self.conn, layer, columns, each)
    }

    /// [`Project::scan`] for the given fids only (see [`features::scan_fids`]).
    pub fn scan_fids(
        &self,
        layer: Layer,
        columns: &[&str],
        fids: &[i64],
        each: impl FnMut(i64, &ScanRow<'_, '_>),
    ) -> Result<()> {
        features::scan_fids(&self.conn, layer, columns, fids, each)
    }

    /// The features whose bounding box meets `bbox` (project CRS), in fid order.
    pub fn features_in_bbox(&self, layer: Layer, bbox: [f64; 4]) -> Result<Vec<crate::model::Feature>> {
        let fids = self.index.in_bbox(layer, bbox);
        features::read_features(&self.conn, layer, Some(&fids))
    }

    /// Finds a feature by `source_id` (re-imports update instead of duplicating).
    pub fn fid_by_source_id(&self, layer: Layer, source_id: &str) -> Result<Option<i64>> {
        features::fid_by_source_id(&self.conn, layer, source_id)
    }

    pub fn info(&self) -> Result<ProjectInfo> {
        // Every layer's extent: read them all at once, in parallel.
        self.index.load_all();
        let mut layers = Vec::new();
        let mut extent = None;
        for d in LAYERS {
            let e = self.index.extent(d.layer);
            if let Some(b) = e {
                extent = Some(crate::geom::union_bbox(extent, b));
            }
            layers.push(LayerInfo {
                name: d.table,
                label: d.da,
                geometry: d.geom.gpkg_name(),
                count: features::count(&self.conn, d.layer)?,
                extent: e,
            });
        }
        Ok(ProjectInfo {
            path: self.path.display().to_string(),
            name: self.settings.name.clone(),
            municipality: self.settings.municipality.clone(),
            crs: format!("EPSG:{}", self.settings.srs_id),
            schema_version: self.schema_version()?,
            extent,
            layers,
        })
    }

    /// Every referral count, ordered by area, month and source type.
    pub fn referral_counts(&self) -> Result<Vec<ReferralCount>> {
        let mut st = self.conn.prepare(
            "SELECT area_layer, area_fid, month, source_type, count FROM referral_counts ORDER BY area_layer, area_fid, month, source_type",
        )?;
        let rows = st.query_map([], |r| {
            Ok(ReferralCount {
                area_layer: r.get(0)?,
                area_fid: r.get(1)?,
                month: r.get(2)?,
                source_type: r.get(3)?,
                count: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The fidelity answers of one focus area, by date then question:
    /// `(date, question, answer)`.
    pub fn fidelity_answers(&self, area_fid: i64) -> Result<Vec<(String, String, String)>> {
        let mut st = self.conn.prepare(
            "SELECT date, question, answer FROM fidelity_answers WHERE area_fid = ?1 ORDER BY date, question",
        )?;
        let rows = st.query_map([area_fid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// A focus area's communication plan, in the order the rows were added.
    pub fn plan_rows(&self, area_fid: i64) -> Result<Vec<crate::planning::plan::PlanRow>> {
        let mut st = self.conn.prepare(
            "SELECT fid, area_fid, partner, message, medium, responsible, timeframe, status, evaluation
             FROM communication_plan WHERE area_fid = ?1 ORDER BY fid",
        )?;
        let rows = st.query_map([area_fid], |r| {
            Ok(crate::planning::plan::PlanRow {
                fid: Some(r.get(0)?),
                area_fid: r.get(1)?,
                partner: r.get(2)?,
                message: r.get(3)?,
                medium: r.get(4)?,
                responsible: r.get(5)?,
                timeframe: r.get(6)?,
                status: r.get(7)?,
                evaluation: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Writes a consistent copy of the project to `to` (which must not exist),
    /// even while it is open and being edited (SQLite's `VACUUM INTO`).
    pub fn save_copy(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(Error::input(to.display().to_string(), None, "filen findes allerede; vælg et andet navn"));
        }
        let target = to.to_str().ok_or_else(|| Error::invalid("path", "filnavnet er ikke gyldig tekst"))?;
        self.conn.execute("VACUUM INTO ?1", [target])?;
        Ok(())
    }

    /// The street-name register: (municipality code, road code) → name.
    pub fn street_names(&self) -> Result<std::collections::HashMap<(String, String), String>> {
        let mut st = self.conn.prepare("SELECT municipality, street_code, name FROM street_names")?;
        let rows = st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The audit log, newest first: (time, user, action, detail).
    pub fn audit_log(&self, limit: usize) -> Result<Vec<(String, String, String, String)>> {
        let mut st = self.conn.prepare("SELECT ts, user, action, detail FROM audit_log ORDER BY fid DESC LIMIT ?1")?;
        let rows = st.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Changes one setting (validated; free text passes the privacy guard). Undoable.
    pub fn set_setting(&mut self, key: &str, value: Value) -> Result<()> {
        let mut obj = serde_json::to_value(&self.settings).expect("settings serialise");
        let map = obj.as_object_mut().expect("settings are an object");
        if !map.contains_key(key) || key == "srs_id" {
            return Err(Error::invalid(key, "ukendt eller uforanderlig indstilling"));
        }
        if Settings::FREE_TEXT.contains(&key)
            && let Some(s) = value.as_str()
        {
            crate::privacy::check_text(key, s)?;
        }
        if key == "municipality"
            && let Some(s) = value.as_str()
        {
            check_municipality(s)?;
        }
        map.insert(key.to_string(), value);
        let new: Settings = serde_json::from_value(obj).map_err(|e| Error::invalid(key, e.to_string()))?;
        new.check()?;
        self.edit(&format!("Indstilling: {}", Settings::label_da(key)), |ed| ed.write_settings(&new))?;
        self.settings = new;
        Ok(())
    }

    /// Runs `f` as one edit: one transaction, one undo step, one audit line.
    /// On error nothing is stored.
    pub fn edit<T>(&mut self, label: &str, f: impl FnOnce(&mut Edit<'_>) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(Error::ReadOnly);
        }
        let user = self.user();
        let (value, changed) = edit::run(&self.conn, label, &user, self.settings.srs_id, f)?;
        let stamp = next_revision();
        for (layer, fid, geom) in changed {
            self.revisions.insert(layer, stamp);
            self.note_change(layer, fid, geom.as_ref());
            match geom {
                Some(g) => self.index.insert(layer, fid, g),
                None => self.index.remove(layer, fid),
            }
        }
        Ok(value)
    }

    /// Undoes the newest edit not yet undone; returns its label.
    pub fn undo(&mut self) -> Result<String> {
        self.replay(true)
    }

    /// Redoes the oldest undone edit; returns its label.
    pub fn redo(&mut self) -> Result<String> {
        self.replay(false)
    }

    fn replay(&mut self, undo: bool) -> Result<String> {
        if self.read_only {
            return Err(Error::ReadOnly);
        }
        let user = self.user();
        let (label, touched) = edit::replay(&self.conn, &user, undo)?;
        let stamp = next_revision();
        for (table, fid) in touched {
            if table == "settings" {
                self.settings = features::read_settings(&self.conn)?;
            } else if let Ok(layer) = Layer::parse(&table) {
                self.revisions.insert(layer, stamp);
                let geom = features::read_geometry(&self.conn, layer, fid)?;
                self.note_change(layer, fid, geom.as_ref());
                match geom {
                    Some(g) => self.index.insert(layer, fid, g),
                    None => self.index.remove(layer, fid),
                }
            }
        }
        Ok(label)
    }

    /// Remembers where a feature changed: its old place (from the index,
    /// before the index is updated) and its new one.
    fn note_change(&mut self, layer: Layer, fid: i64, new: Option<&geo_types::Geometry<f64>>) {
        // A layer not read yet has never been drawn: no old place to redraw.
        let old = self.index.geometry_if_loaded(layer, fid).and_then(crate::geom::bbox);
        for b in [old, new.and_then(crate::geom::bbox)].into_iter().flatten() {
            self.changes.push((layer, b));
        }
        if self.changes.len() > MAX_CHANGES {
            let mut merged: HashMap<Layer, [f64; 4]> = HashMap::new();
            for (l, b) in self.changes.drain(..) {
                let m = merged.entry(l).or_insert(b);
                *m = crate::geom::union_bbox(Some(*m), b);
            }
            self.changes.extend(merged);
        }
    }

    /// Where the layers changed since the last call (project CRS boxes per
    /// layer), and forgets them. See the `changes` field.
    pub fn take_changes(&mut self) -> Vec<(Layer, [f64; 4])> {
        std::mem::take(&mut self.changes)
    }

    /// The undo stack, newest first.
    pub fn history(&self) -> Result<Vec<HistoryEntry>> {
        edit::history(&self.conn)
    }

    fn user(&self) -> String {
        if self.settings.user_initials.is_empty() {
            crate::user_prefs::resolve_user(None)
        } else {
            self.settings.user_initials.clone()
        }
    }
}

/// A Danish municipality code: four digits, e.g. "0461" (Odense).
pub fn check_municipality(code: &str) -> Result<()> {
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::invalid("municipality", format!("'{code}' er ikke en kommunekode (fire cifre, fx 0461)")))
    }
}
