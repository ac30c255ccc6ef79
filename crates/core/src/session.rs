//! The session: one open project with everything derived from it (the
//! street network, map tiles), and every operation a button or a CLI command
//! needs, in one place. The CLI and the desktop shell only parse arguments,
//! call one method here and format the answer.
//!
//! Invariants: every change goes through a method that ends in
//! [`Session::after_change`], which drops exactly the tiles the change
//! touched and bumps [`Session::tile_revision`] (base layers) and/or
//! [`Session::coverage_revision`] (coverage), whichever it touched; the network is rebuilt only
//! when the roads' revision moved ([`NetworkCache`]). Coordinates come in as
//! WGS84 lon/lat and are turned into the project CRS here, once.

use crate::blindspots::{self, BlindSpot};
use crate::coverage::record::{TickResult, TrackReport};
use crate::coverage::{self, Visit, figures::AreaCoverage};
use crate::error::{Error, Result};
use crate::import::{self, ImportOptions, ImportReport};
use crate::model::{Feature, FieldType, Layer};
use crate::network::NetworkCache;
use crate::planning::{self, FidelityRound, NextSteps, priority};
use crate::routing::Route;
use crate::store::{Project, ProjectInfo};
use crate::tiles::{TileCache, TileSet};
use geo_types::{Coord, Geometry, MultiPolygon};
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::Arc;

mod cover;
mod draw;
mod overview;
#[cfg(feature = "pdf")]
mod print;
mod route;
mod sheet;
pub use cover::{DriveView, TrackView};
pub use draw::{DRAWABLE, FormField, FormOption, LayerForm, Snapped, required_fields};
pub use overview::{PartnerRow, PartnersOverview, ReferralRow};
pub use route::{RouteQuery, RouteReport};
pub use sheet::AreaSheet;

/// How to open a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Take the write lock (migrating an older file); fail if another has it.
    Write,
    /// Read only, upgrading an older file first (reports and analyses).
    Read,
    /// Write if possible; if another Afdæk holds the lock, read only, and say so.
    WriteOrReadOnly,
}

/// What undo and redo would do now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UndoState {
    pub undo: Option<String>,
    pub redo: Option<String>,
}

/// One line of the audit log (newest first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryLine {
    pub ts: String,
    pub user: String,
    pub action: String,
    pub detail: String,
}

/// One attribute of an inspected feature, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InspectField {
    pub name: &'static str,
    pub label: &'static str,
    pub display: String,
    pub value: Value,
    pub editable: bool,
}

/// A feature as the inspector shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inspected {
    pub layer: &'static str,
    pub layer_label: &'static str,
    pub fid: i64,
    pub title: String,
    pub fields: Vec<InspectField>,
}

/// The documented JSON of `afdaek coverage`.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageReport {
    pub today: String,
    pub window_days: u32,
    pub areas: Vec<AreaCoverage>,
}

/// Which areas a coverage report covers.
#[derive(Debug, Clone, Default)]
pub struct CoverageQuery {
    /// A focus area or housing area by name.
    pub area: Option<String>,
    /// Every focus and housing area, and the whole project (its boundary).
    pub all: bool,
    pub window_days: Option<u32>,
    pub today: Option<String>,
}

/// The documented JSON of `afdaek blindspots`.
#[derive(Debug, Clone, Serialize)]
pub struct BlindSpotReport {
    pub today: String,
    pub window_days: u32,
    pub stale_days: u32,
    pub candidates: usize,
    pub total: usize,
    pub blindspots: Vec<BlindSpot>,
}

/// A drive: the route through the clicked points, and what was credited.
#[derive(Debug, Clone)]
pub struct DriveReport {
    pub route: Route,
    /// `None` for a preview.
    pub credited: Option<(usize, f64)>,
}

pub struct Session {
    project: Project,
    network: NetworkCache,
    tiles: TileCache,
    tile_revision: u64,
    coverage_revision: u64,
    read_only_reason: Option<String>,
    last_change: ChangeTiming,
}

/// How long the last change took: the edit itself (with its analysis) and
/// dropping the tiles it touched. The app's tick latency figure splits on it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ChangeTiming {
    pub edit_ms: f64,
    pub invalidate_ms: f64,
}

/// Tile revisions come from one counter for the process: a session opened
/// again (another project, or the same after a recovery) never repeats a
/// revision the map already holds, so the map always reloads.
static NEXT_TILE_REVISION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_tile_revision() -> u64 {
    NEXT_TILE_REVISION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// How a feature is named for people: a street's name (or code), else its
/// name, else the layer and number ("Veje nr. 12").
fn feature_title(layer: Layer, f: &Feature) -> String {
    match layer {
        Layer::Roads => crate::network::street_label(f.str("name"), f.str("street_code")),
        _ => f.str("name").map(String::from),
    }
    .unwrap_or_else(|| format!("{} nr. {}", layer.def().da, f.fid.unwrap_or_default()))
}

/// GPS noise σ (metres) → how far from a fix a road may be matched: four σ,
/// at least 40 m (a fix's candidates must include the true road).
pub fn match_radius_m(sigma_m: f64) -> f64 {
    (4.0 * sigma_m).max(40.0)
}

/// What `afdaek check` reports.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub ok: bool,
    pub schema_version: i64,
    /// `["ok"]`, or what SQLite found wrong.
    pub integrity: Vec<String>,
    pub damaged: Vec<crate::store::DamagedFeature>,
}

impl Session {
    pub fn open(path: &Path, access: Access) -> Result<Session> {
        let (project, read_only_reason) = match access {
            Access::Write => (Project::open_writable(path)?, None),
            Access::Read => (Project::open_upgraded_read_only(path)?, None),
            // The app's way: its map draws every layer, so all are read now, in parallel.
            Access::WriteOrReadOnly => match Project::open_writable(path).inspect(|p| p.index().load_all()) {
                Ok(p) => (p, None),
                Err(Error::Locked(_)) => (
                    Project::open_read_only(path).inspect(|p| p.index().load_all())?,
                    Some(
                        "Projektet er åbent i et andet Afdæk-vindue eller på en anden maskine. Det vises kun til læsning; ændringer kan ikke gemmes, før det lukkes dér."
                            .to_string(),
                    ),
                ),
                Err(e) => return Err(e),
            },
        };
        Ok(Session::from_project(project, read_only_reason))
    }

    /// Opens a project for the person `user` (initials) makes edits as.
    pub fn open_as(path: &Path, access: Access, user: &str) -> Result<Session> {
        let mut s = Session::open(path, access)?;
        s.set_user(user)?;
        Ok(s)
    }

    /// A new, empty project.
    pub fn create(path: &Path, name: &str, municipality: Option<&str>) -> Result<Session> {
        Ok(Session::from_project(Project::create(path, name, municipality)?, None))
    }

    /// A new project for a municipality: its DAGI polygon becomes the boundary.
    pub fn create_for_municipality(path: &Path, name: &str, municipality: &str, user: &str) -> Result<Session> {
        let (mname, polygon) = crate::municipalities::boundary(municipality)?;
        let code = crate::import::normalise_municipality(municipality).expect("checked by boundary");
        let mut s = Session::create(path, name, Some(&code))?;
        s.set_user(user)?;
        s.project.edit(&format!("Kommunegrænse: {mname}"), |ed| {
            ed.insert(
                Layer::Boundary,
                Feature::new(polygon)
                    .with("name", mname.as_str())
                    .with("municipality", code.as_str())
                    .with("source", "DAGI"),
            )
        })?;
        s.after_change();
        Ok(s)
    }

    pub fn from_project(project: Project, read_only_reason: Option<String>) -> Session {
        Session {
            project,
            network: NetworkCache::default(),
            tiles: TileCache::default(),
            tile_revision: next_tile_revision(),
            coverage_revision: next_tile_revision(),
            read_only_reason,
            last_change: ChangeTiming::default(),
        }
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project, for building on it directly (the demo); the caches go.
    pub fn into_project(self) -> Project {
        self.project
    }

    /// Why the project is read-only, when it was opened read-only because another had it.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only_reason.as_deref()
    }

    /// Who the edits of this session are by (initials; see [`crate::user_prefs::resolve_user`]).
    pub fn set_user(&mut self, initials: &str) -> Result<()> {
        self.project.set_user(initials)
    }

    /// Changes one project setting (the team's, kept in the file): one undoable
    /// edit, validated (ranges, colours, the privacy guard). Returns its label.
    pub fn set_setting(&mut self, key: &str, value: Value) -> Result<String> {
        self.change(|s| s.project.set_setting(key, value))?;
        Ok(self.undo_state()?.undo.unwrap_or_default())
    }

    /// The file's health: SQLite's integrity check, and the features whose
    /// geometry could not be read (left out of the index when it opened).
    pub fn check(&self) -> Result<CheckReport> {
        let integrity = self.project.integrity_check()?;
        let damaged = self.project.damaged();
        Ok(CheckReport {
            ok: integrity == ["ok"] && damaged.is_empty(),
            schema_version: self.project.schema_version()?,
            integrity,
            damaged,
        })
    }

    pub fn info(&self) -> Result<ProjectInfo> {
        self.project.info()
    }

    /// WGS84 lon/lat → project CRS.
    pub fn to_project(&self, (lon, lat): (f64, f64)) -> Result<Coord<f64>> {
        if !(lon.is_finite() && lat.is_finite() && (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)) {
            return Err(Error::invalid("at", format!("({lon}, {lat}) er ikke en længde, bredde")));
        }
        let srs = self.project.settings().srs_id as u32;
        if srs == crate::crs::UTM32N {
            // Every click goes through here: the closed form (Krüger series,
            // tested against PROJ to the millimetre) spares a PROJ handle per call.
            let (x, y) = crate::tiles::mercator::lonlat_to_utm32(lon, lat);
            return Ok(Coord { x, y });
        }
        crate::crs::Transform::new(crate::crs::WGS84, srs)?.coord(Coord { x: lon, y: lat })
    }

    /// The focus area containing `c`, if any (limits a whole-street tick).
    pub fn focus_area_at(&self, c: Coord<f64>) -> Option<MultiPolygon<f64>> {
        use geo::Contains;
        self.project.index().geometries(Layer::FocusAreas).find_map(|(_, g)| match g {
            Geometry::MultiPolygon(mp) if mp.contains(&geo_types::Point(c)) => Some(mp.clone()),
            _ => None,
        })
    }

    /// After any committed change: drop the tiles it touched, move the
    /// revision of each tile set it touched (a tick moves only coverage's).
    fn after_change(&mut self) {
        let changes = self.project.take_changes();
        if !changes.is_empty() {
            self.tiles.invalidate(&changes);
            if changes.iter().any(|(l, _)| TileSet::Base.holds(*l)) {
                self.tile_revision = next_tile_revision();
            }
            if changes.iter().any(|(l, _)| TileSet::Coverage.holds(*l)) {
                self.coverage_revision = next_tile_revision();
            }
        }
    }

    /// Runs a change and keeps the derived state in step, whether it succeeded or not.
    fn change<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let t0 = std::time::Instant::now();
        let r = f(self);
        let t1 = std::time::Instant::now();
        self.after_change();
        self.last_change = ChangeTiming {
            edit_ms: (t1 - t0).as_secs_f64() * 1000.0,
            invalidate_ms: t1.elapsed().as_secs_f64() * 1000.0,
        };
        r
    }

    /// How long the last change took (edit, tile invalidation).
    pub fn last_change_timing(&self) -> ChangeTiming {
        self.last_change
    }

    // ---- import and export ----

    pub fn import(
        &mut self,
        path: &Path,
        opts: &ImportOptions,
        progress: &mut dyn FnMut(import::Progress),
    ) -> Result<ImportReport> {
        let roads_before = self.project.revision(Layer::Roads);
        let report = self.change(|s| import::import_file_with_progress(&mut s.project, path, opts, progress))?;
        if self.project.revision(Layer::Roads) != roads_before {
            // New roads: build the street network now and keep it in the
            // file, so the next command (or the app's next start) reads it.
            self.network.get(&self.project)?;
        }
        Ok(report)
    }

    /// What [`Session::import`] would do with the file, with nothing stored
    /// (also in a read-only project): format, counts per layer, skipped, and
    /// whether a target layer must be chosen first.
    pub fn import_preview(
        &self,
        path: &Path,
        opts: &ImportOptions,
        progress: &mut dyn FnMut(import::Progress),
    ) -> Result<import::ImportPreview> {
        import::preview_file_with_progress(&self.project, path, opts, progress)
    }

    /// Exports layers to `out` (privacy rules in [`crate::export`]); with no
    /// layers named, every non-empty layer into a GeoPackage, or the only
    /// non-empty one into another format. Returns the count and the layers.
    pub fn export(
        &self,
        requested: Option<Vec<Layer>>,
        format: crate::export::ExportFormat,
        out: &Path,
        include_private: bool,
    ) -> Result<(usize, Vec<Layer>)> {
        let non_empty: Vec<Layer> = Layer::all().filter(|l| self.project.count(*l) > 0).collect();
        let layers = match requested {
            Some(l) => l,
            None if format == crate::export::ExportFormat::Gpkg || non_empty.len() == 1 => non_empty,
            None => {
                let names: Vec<&str> = non_empty.iter().map(|l| l.table()).collect();
                return Err(Error::invalid(
                    "layer",
                    format!("angiv hvilke lag; projektet har data i {}", names.join(", ")),
                ));
            }
        };
        let opts = crate::geojson_io::ExportOptions { include_private, labels: false };
        Ok((crate::export::export(&self.project, &layers, format, out, opts)?, layers))
    }

    /// The referral counts as CSV, counts under 5 shown as "<5".
    pub fn referral_counts_csv(&self) -> Result<Vec<u8>> {
        crate::export::referral_counts_csv(&self.project)
    }

    /// Writes a copy of the project file (consistent, even while open).
    pub fn save_copy(&self, to: &Path) -> Result<()> {
        self.project.save_copy(to)
    }

    // ---- covering streets ----

    pub fn tick(&mut self, at: (f64, f64), whole_street: bool, visit: &Visit) -> Result<TickResult> {
        let c = self.to_project(at)?;
        let area = if whole_street { self.focus_area_at(c) } else { None };
        let r = self.change(|s| {
            let net = s.network.get(&s.project)?;
            coverage::tick(&mut s.project, net, c, whole_street, area.as_ref(), visit)
        })?;
        self.remember_visit(visit)?;
        Ok(r)
    }

    /// Keeps the visit a stretch was credited with as the project's last
    /// visit (the app's visit bar starts from it; not an undoable edit).
    pub(crate) fn remember_visit(&mut self, v: &Visit) -> Result<()> {
        self.project.remember_visit(crate::store::LastVisit {
            method: v.method.clone(),
            team: v.team.clone(),
            time_of_day: v.time_of_day.clone(),
            date: v.date.clone(),
        })
    }

    /// Ticks every street stretch a dragged path (lon/lat) runs along, as one undoable edit.
    pub fn tick_along(&mut self, path: &[(f64, f64)], visit: &Visit) -> Result<TickResult> {
        let pts = path.iter().map(|p| self.to_project(*p)).collect::<Result<Vec<_>>>()?;
        let r = self.change(|s| {
            let net = s.network.get(&s.project)?;
            coverage::tick_along(&mut s.project, net, &pts, visit)
        })?;
        self.remember_visit(visit)?;
        Ok(r)
    }

    pub fn untick(&mut self, at: (f64, f64), only_date: Option<&str>) -> Result<TickResult> {
        let c = self.to_project(at)?;
        self.change(|s| {
            let net = s.network.get(&s.project)?;
            coverage::untick(&mut s.project, net, c, only_date)
        })
    }

    /// Routes a drive through the points; credits it unless `preview`.
    pub fn drive(&mut self, via: &[(f64, f64)], visit: &Visit, preview: bool) -> Result<DriveReport> {
        let pts = via.iter().map(|v| self.to_project(*v)).collect::<Result<Vec<_>>>()?;
        let report = self.change(|s| {
            let net = s.network.get(&s.project)?;
            let route = coverage::drive(&s.project, net, &pts, visit)?;
            let credited = if preview {
                None
            } else {
                Some(s.project.edit("Markeret tur", |ed| coverage::credit(ed, net, &route.pieces, visit, "drive"))?)
            };
            Ok(DriveReport { route, credited })
        })?;
        if !preview {
            self.remember_visit(visit)?;
        }
        Ok(report)
    }

    /// Map-matches a GPX file's tracks with GPS noise `sigma_m`; credits unless `preview`.
    pub fn track(
        &mut self,
        file: &Path,
        visit: &Visit,
        sigma_m: f64,
        preview: bool,
        keep_raw: bool,
    ) -> Result<TrackReport> {
        let v = self.track_view(file, visit, sigma_m, preview, keep_raw)?;
        Ok(TrackReport {
            fixes: v.fixes,
            matched_fixes: v.matched_fixes,
            breaks: v.gaps,
            matched_length_m: v.matched_length_m,
            records: v.records,
            raw_kept: v.raw_kept,
        })
    }

    // ---- analyses ----

    /// Coverage figures for the named area, or every focus and housing area
    /// plus the whole project (from its boundary).
    pub fn coverage(&mut self, q: &CoverageQuery) -> Result<CoverageReport> {
        if !q.all && q.area.is_none() {
            return Err(Error::invalid("area", "angiv et område (--area NAVN) eller alle (--all)"));
        }
        let window = q.window_days.unwrap_or(self.project.settings().recency_days);
        let today = q.today.clone().unwrap_or_else(coverage::figures::today);
        let net = self.network.get(&self.project)?;
        let mut features = Vec::new();
        for layer in [Layer::FocusAreas, Layer::HousingAreas] {
            for f in self.project.features(layer)? {
                let name = f.str("name").unwrap_or("(uden navn)").to_string();
                if q.all || q.area.as_deref() == Some(name.as_str()) {
                    features.push((name, layer, f));
                }
            }
        }
        let mut list: Vec<coverage::figures::AreaRef<'_>> = features
            .iter()
            .filter_map(|(name, layer, f)| match &f.geometry {
                Some(Geometry::MultiPolygon(mp)) => {
                    Some(coverage::figures::AreaRef { name: name.clone(), layer: *layer, fid: f.fid, area: mp })
                }
                _ => None,
            })
            .collect();
        // The whole municipality is a last area only with --all.
        let boundary: MultiPolygon<f64> = MultiPolygon(if q.all {
            self.project
                .index()
                .geometries(Layer::Boundary)
                .filter_map(|(_, g)| match g {
                    Geometry::MultiPolygon(mp) => Some(mp.0.clone()),
                    _ => None,
                })
                .flatten()
                .collect()
        } else {
            Vec::new()
        });
        if !boundary.0.is_empty() {
            let name = self.project.settings().name.clone();
            list.push(coverage::figures::AreaRef { name, layer: Layer::Boundary, fid: None, area: &boundary });
        }
        // --all reads every building's dwellings in one scan; one area, its own.
        let ctx = if q.all {
            coverage::figures::Context::new(&self.project, net, window, &today)?
        } else {
            let shapes: Vec<&MultiPolygon<f64>> = list.iter().map(|a| a.area).collect();
            coverage::figures::Context::for_areas(&self.project, net, window, &today, &shapes)?
        };
        let areas = ctx.areas(&list);
        if let (Some(name), true) = (&q.area, areas.is_empty()) {
            return Err(Error::invalid("area", format!("intet fokus- eller boligområde hedder '{name}'")));
        }
        Ok(CoverageReport { today, window_days: window, areas })
    }

    pub fn blindspots(&mut self, today: Option<String>, limit: Option<usize>) -> Result<BlindSpotReport> {
        let today = today.unwrap_or_else(coverage::figures::today);
        let net = self.network.get(&self.project)?;
        let analysis = blindspots::analyse(&self.project, net, &today)?;
        let mut list = analysis.blindspots()?;
        let total = list.len();
        if let Some(n) = limit {
            list.truncate(n);
        }
        Ok(BlindSpotReport {
            today,
            window_days: analysis.window_days,
            stale_days: analysis.stale_days,
            candidates: analysis.candidates.len(),
            total,
            blindspots: list,
        })
    }

    pub fn stale(&mut self, today: Option<String>) -> Result<blindspots::stale::StaleReport> {
        let today = today.unwrap_or_else(coverage::figures::today);
        let net = self.network.get(&self.project)?;
        blindspots::stale::stale(&self.project, net, &today)
    }

    pub fn priorities(&self) -> Result<Vec<priority::FocusPriority>> {
        priority::ranked(&self.project)
    }

    /// Sets a focus area's priority to what its four criteria give (one undoable edit).
    pub fn derive_priority(&mut self, area: &str) -> Result<Option<u8>> {
        let fid = self.focus_area_fid(area)?;
        self.change(|s| priority::apply_derived(&mut s.project, fid))
    }

    /// Sets a focus area's (by fid) priority to what its criteria give: one
    /// undoable edit. `None` when the criteria give none (nothing changes).
    pub fn derive_priority_for(&mut self, fid: i64) -> Result<Option<u8>> {
        self.change(|s| priority::apply_derived(&mut s.project, fid))
    }

    fn focus_area_fid(&self, name: &str) -> Result<i64> {
        Ok(planning::focus_area_by_name(&self.project, name)?.fid.expect("stored features have a fid"))
    }

    pub fn next_steps(&mut self, area: Option<&str>, today: Option<String>) -> Result<(String, Vec<NextSteps>)> {
        let today = today.unwrap_or_else(coverage::figures::today);
        let only = area.map(|a| self.focus_area_fid(a)).transpose()?;
        let net = self.network.get(&self.project)?;
        Ok((today.clone(), planning::next_steps(&self.project, net, &today, only)?))
    }

    /// Records fidelity answers (`question=answer` pairs) for an area on a date (one undoable edit).
    pub fn answer_fidelity(&mut self, area: &str, date: &str, answers: &[(String, String)]) -> Result<()> {
        let fid = self.focus_area_fid(area)?;
        self.change(|s| planning::answer_fidelity(&mut s.project, fid, date, answers))
    }

    pub fn fidelity(&self, area: &str) -> Result<Vec<FidelityRound>> {
        planning::fidelity(&self.project, self.focus_area_fid(area)?)
    }

    // ---- edits, undo, history ----

    /// Changes a feature's attributes (one undoable edit, validated by the core).
    pub fn update_feature(&mut self, layer: Layer, fid: i64, patch: Map<String, Value>) -> Result<String> {
        for k in patch.keys() {
            if layer.field(k).is_none() {
                return Err(Error::invalid(k.as_str(), format!("laget {} har ikke feltet", layer.def().da)));
            }
            let blank = patch[k].is_null() || patch[k].as_str().is_some_and(|t| t.trim().is_empty());
            if blank && required_fields(layer).contains(&k.as_str()) {
                let label = layer.field(k).map_or(k.as_str(), |f| f.da);
                return Err(Error::invalid(k.as_str(), format!("{label} skal udfyldes")));
            }
        }
        let title = feature_title(layer, &self.project.feature(layer, fid)?);
        let label = format!("Ret {}: {title}", layer.def().da.to_lowercase());
        self.change(|s| s.project.edit(&label, |ed| ed.update_attrs(layer, fid, patch)))?;
        Ok(label)
    }

    pub fn undo(&mut self) -> Result<String> {
        self.change(|s| s.project.undo())
    }

    pub fn redo(&mut self) -> Result<String> {
        self.change(|s| s.project.redo())
    }

    pub fn undo_state(&self) -> Result<UndoState> {
        let h = self.project.history()?;
        // Newest first: undone groups (the redo stack) sit on top.
        let undo = h.iter().find(|e| !e.undone).map(|e| e.label.clone());
        let redo = h.iter().take_while(|e| e.undone).last().map(|e| e.label.clone());
        Ok(UndoState { undo, redo })
    }

    pub fn history(&self, limit: usize) -> Result<Vec<HistoryLine>> {
        Ok(self
            .project
            .audit_log(limit)?
            .into_iter()
            .map(|(ts, user, action, detail)| HistoryLine { ts, user, action, detail })
            .collect())
    }

    // ---- the map ----

    /// The feature with its attributes as a person reads them.
    pub fn inspect(&self, layer: Layer, fid: i64) -> Result<Inspected> {
        let f = self.project.feature(layer, fid)?;
        let def = layer.def();
        let mut fields = Vec::new();
        // Free text can be corrected on any layer; the layers a team draws have
        // every field of their form editable (priority, criteria, marks, dates).
        let drawn = DRAWABLE.contains(&layer);
        for fd in def.fields {
            let value = f.attrs.get(fd.name).cloned().unwrap_or(Value::Null);
            let editable =
                !self.project.is_read_only() && (matches!(fd.ty, FieldType::Text) || (drawn && draw::in_form(fd)));
            if value.is_null() && !editable {
                continue;
            }
            let display = match (layer, fd.name, value.as_str()) {
                // Road classes are kept as the source spells them; people read the vocabulary's label.
                (Layer::Roads, "road_class", Some(c)) => {
                    crate::vocab::label_da(crate::vocab::ROAD_CLASSES, c).unwrap_or(c).to_string()
                }
                _ => crate::display::value_da(fd, &value),
            };
            fields.push(InspectField { name: fd.name, label: fd.da, display, value, editable });
        }
        Ok(Inspected { layer: def.table, layer_label: def.da, fid, title: feature_title(layer, &f), fields })
    }

    /// Vector tile `z/x/y` of one set of the project's layers (MVT bytes).
    pub fn tile(&self, set: TileSet, z: u8, x: u32, y: u32) -> Result<Arc<Vec<u8>>> {
        let today = coverage::figures::today();
        self.tiles.tile(&self.project, &today, set, z, x, y)
    }

    /// The tiles of the view that fits the whole project in a map of
    /// `map_px` (width, height in CSS pixels, 512-pixel tiles, 30 px padding,
    /// as the app's map opens). The app makes them while WebKit starts, so
    /// they are cached when the map asks.
    pub fn first_view_tiles(&self, map_px: (f64, f64)) -> Result<Vec<(u8, u32, u32)>> {
        let Some(e) = self.info()?.extent else { return Ok(Vec::new()) };
        let (x0, y0) = crate::tiles::mercator::utm32_to_mercator(e[0], e[1]);
        let (x1, y1) = crate::tiles::mercator::utm32_to_mercator(e[2], e[3]);
        let world = 2.0 * crate::tiles::mercator::HALF_WORLD;
        // The zoom at which the extent just fits, as MapLibre's fitBounds picks it.
        let fit = |px: f64, m: f64| ((px - 60.0).max(1.0) * world / (512.0 * m.max(1.0))).log2();
        let zoom = fit(map_px.0, x1 - x0).min(fit(map_px.1, y1 - y0)).clamp(0.0, 16.0).floor() as u8;
        Ok(crate::tiles::tiles_covering(e, zoom).into_iter().map(|(x, y)| (zoom, x, y)).collect())
    }

    /// Moves with every change that can alter the map's base tiles (every
    /// layer but coverage); part of their URL.
    pub fn tile_revision(&self) -> u64 {
        self.tile_revision
    }

    /// Moves with every change of the coverage; part of the coverage tiles' URL.
    pub fn coverage_revision(&self) -> u64 {
        self.coverage_revision
    }

    pub fn tile_stats(&self) -> crate::tiles::TileStats {
        self.tiles.stats()
    }

    /// How many tiles are cached now (for tests of invalidation).
    pub fn tiles_cached(&self) -> usize {
        self.tiles.cached()
    }
}
