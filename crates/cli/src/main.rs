//! `afdaek`: the headless face of afdaek-core. Every command is a thin
//! wrapper over one core function, so whatever the app can do can be
//! scripted, tested and benchmarked from here.

use afdaek_core::Layer;
use afdaek_core::export::{self, ExportFormat};
use afdaek_core::import::ImportOptions;
use afdaek_core::session::{Access, CoverageQuery, Session};
mod bench;
mod drawing;
mod planning;
mod progress;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "afdaek", version, about = "Afdæk: geografisk afdækning for opsøgende teams (kommandolinje)")]
struct Cli {
    /// Your initials for the project's history (default: AFDAEK_USER, the
    /// initials saved by the app, or your login name).
    #[arg(long, global = true)]
    user: Option<String>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Make a new project file (GeoPackage, EPSG:25832); with --municipality its DAGI
    /// polygon becomes the project boundary, as in the app.
    New {
        project: PathBuf,
        #[arg(long)]
        name: String,
        /// Municipality code, four digits (e.g. 0461 for Odense).
        #[arg(long)]
        municipality: Option<String>,
    },
    /// Write a consistent copy of a project (also while it is open in the app).
    SaveCopy { project: PathBuf, out: PathBuf },
    /// Layers, counts, CRS, extent and schema version of a project.
    Info {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Check the project file: SQLite's integrity check and features whose geometry cannot be read (exit 1 if any)
    Check {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Import a file (format detected from content) into the project, all or nothing.
    Import {
        project: PathBuf,
        file: PathBuf,
        /// Target layer: roads, buildings, housing-areas, partners, places, channels,
        /// meal-routes, focus-areas, visited-zones, boundary.
        #[arg(long = "as")]
        as_layer: Option<String>,
        /// Keep only what lies inside the project boundary.
        #[arg(long)]
        clip: bool,
        /// Read and check the file and show what would be imported; store nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Export layers: GeoJSON, GeoPackage, CSV or KML (format from --format or the file extension).
    Export {
        project: PathBuf,
        #[arg(long)]
        format: Option<String>,
        /// Layer(s), comma-separated; `referral-counts` for the counts table (CSV).
        /// Left out: every non-empty layer for gpkg, else the only non-empty layer.
        #[arg(long)]
        layer: Option<String>,
        #[arg(long)]
        out: PathBuf,
        /// Include notes and contact persons (left out by default).
        #[arg(long)]
        include_private: bool,
    },
    /// Build the demo project from the repository's public data extract (data/).
    Demo {
        out: PathBuf,
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Only if it is missing or its sources, the schema or the demo changed.
        #[arg(long)]
        if_stale: bool,
    },
    /// Tick the street segment at a point as covered.
    Tick {
        project: PathBuf,
        /// Longitude,latitude (WGS84).
        #[arg(long, value_parser = parse_lonlat, allow_hyphen_values = true, required_unless_present = "along")]
        at: Option<(f64, f64)>,
        /// A dragged path instead of a point: every stretch it runs along (LON,LAT, repeated, in order).
        #[arg(long, value_parser = parse_lonlat, allow_hyphen_values = true, conflicts_with_all = ["at", "whole_street"])]
        along: Vec<(f64, f64)>,
        /// Credit the whole named street (inside the focus area at the point, if any).
        #[arg(long)]
        whole_street: bool,
        #[command(flatten)]
        visit: VisitArgs,
    },
    /// Draw a feature (as the app's Tegn): a GeoJSON geometry in lon/lat and the form's values
    Draw {
        project: PathBuf,
        /// focus_areas, housing_areas, visited_zones, meal_routes, partners, visiting_places or channels.
        #[arg(long)]
        layer: String,
        /// The shape as GeoJSON geometry text (WGS84), e.g. '{"type":"Point","coordinates":[10.38,55.40]}'.
        #[arg(long)]
        geometry: String,
        /// A field value, FIELD=VALUE (repeated); see `afdaek forms`.
        #[arg(long = "set", value_parser = drawing::parse_field)]
        fields: Vec<(String, String)>,
    },
    /// Give a feature a new shape (GeoJSON geometry in lon/lat), keeping its attributes
    Reshape {
        project: PathBuf,
        #[arg(long)]
        layer: String,
        #[arg(long)]
        fid: i64,
        #[arg(long)]
        geometry: String,
    },
    /// Delete a feature (undoable)
    Delete {
        project: PathBuf,
        #[arg(long)]
        layer: String,
        #[arg(long)]
        fid: i64,
    },
    /// The attribute forms of the drawable layers (fields, labels, choices), as JSON
    Forms { project: PathBuf },
    /// The area plan as PDF: a map page and an area sheet for one focus area, or an atlas of all
    Plan {
        project: PathBuf,
        /// The focus area (its name).
        #[arg(long, conflicts_with = "all", required_unless_present = "all")]
        area: Option<String>,
        /// Every focus area: an overview page, a table of contents, one section per area.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        out: PathBuf,
        /// a4 or a3.
        #[arg(long, default_value = "a4")]
        paper: String,
        #[arg(long)]
        landscape: bool,
        /// The layers to show, comma-separated (default: all): roads, coverage, buildings,
        /// housing_areas, partners, partner_reach, visiting_places, channels, meal_routes,
        /// visited_zones, blindspots, focus_areas.
        #[arg(long)]
        layers: Option<String>,
        /// Put the five dimensions' free-text notes on the sheet.
        #[arg(long)]
        include_notes: bool,
        /// A UTM grid with coordinates on the maps.
        #[arg(long)]
        grid: bool,
        /// A round trip through each area's uncovered streets, with its turn
        /// list on the sheet: car, bike or walk.
        #[arg(long, value_name = "METHOD")]
        route: Option<String>,
        #[arg(long)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A focus area's communication plan: list it, or --add a row (partner, message, medium, responsible, timeframe, status, evaluation)
    Comms {
        project: PathBuf,
        #[arg(long)]
        area: String,
        /// Add a row with this message.
        #[arg(long)]
        add: Option<String>,
        #[arg(long)]
        partner: Option<String>,
        #[arg(long)]
        medium: Option<String>,
        #[arg(long)]
        responsible: Option<String>,
        #[arg(long)]
        timeframe: Option<String>,
        /// not_started, in_progress or done.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        evaluation: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Partners with contact status and overdue next contacts; referral counts (under 5 shown as <5)
    Partners {
        project: PathBuf,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        today: Option<String>,
    },
    /// The project's settings as JSON; --set KEY=JSON changes one (an undoable edit)
    Settings {
        project: PathBuf,
        /// e.g. recency_days=90 or status_colours='{"not_started":"#d73027","in_progress":"#fdae61","done":"#1a9850"}'
        #[arg(long, value_parser = drawing::parse_field)]
        set: Option<(String, String)>,
    },
    /// Where a point snaps: a corner or edge of another area, or a road, within a radius
    Snap {
        project: PathBuf,
        #[arg(long, value_parser = parse_lonlat, allow_hyphen_values = true)]
        at: (f64, f64),
        #[arg(long, default_value_t = 10.0)]
        radius: f64,
    },
    /// Remove coverage of the street segment at a point (all dates, or --only-date).
    Untick {
        project: PathBuf,
        #[arg(long, value_parser = parse_lonlat, allow_hyphen_values = true)]
        at: (f64, f64),
        #[arg(long)]
        only_date: Option<String>,
    },
    /// Mark a drive: the shortest route through the points, credited as covered.
    Drive {
        project: PathBuf,
        /// Points in order, each LON,LAT (at least two).
        #[arg(long = "via", value_parser = parse_lonlat, allow_hyphen_values = true, required = true)]
        via: Vec<(f64, f64)>,
        /// Show the route without crediting it.
        #[arg(long)]
        preview: bool,
        #[command(flatten)]
        visit: VisitArgs,
    },
    /// Map-match a GPS track (GPX) onto the streets and credit what matched.
    Track {
        project: PathBuf,
        file: PathBuf,
        /// Show what would be credited without storing anything.
        #[arg(long)]
        preview: bool,
        /// Keep the raw GPS points in the project (off by default, for privacy).
        #[arg(long)]
        keep_raw: bool,
        /// Expected GPS noise in metres (over 0, at most 500).
        #[arg(long, default_value_t = 10.0, value_parser = parse_sigma)]
        sigma: f64,
        #[command(flatten)]
        visit: VisitArgs,
    },
    /// Coverage figures per area.
    Coverage {
        project: PathBuf,
        /// A focus area or housing area by name.
        #[arg(long)]
        area: Option<String>,
        /// Every focus area and housing area, and the whole project.
        #[arg(long)]
        all: bool,
        /// Recency window in days (default: the project's setting).
        #[arg(long)]
        window_days: Option<u32>,
        /// Count coverage as of this date (default today).
        #[arg(long)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A route through a focus area's streets not covered within the window
    /// (GPX for a phone's navigation app, or GeoJSON when OUT ends in .geojson).
    Route {
        project: PathBuf,
        /// The focus area by name.
        #[arg(long)]
        area: String,
        /// car, bike or walk (cars keep to car roads and one-way streets' direction).
        #[arg(long, default_value = "car")]
        method: String,
        /// Where the team sets out: longitude,latitude (WGS84), e.g. 10.40,55.39.
        #[arg(long, allow_hyphen_values = true)]
        start: Option<String>,
        /// End where the route began.
        #[arg(long = "return")]
        return_to_start: bool,
        /// Streets covered within this many days count as covered (default: the project's window).
        #[arg(long)]
        within_days: Option<u32>,
        /// Count coverage as of this date (default today).
        #[arg(long)]
        today: Option<String>,
        /// The route file: .gpx (route and track) or .geojson (legs).
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Blind spots: overlooked places no focus area and no covered street reaches, ranked.
    Blindspots {
        project: PathBuf,
        #[arg(long)]
        json: bool,
        /// Show at most this many entries.
        #[arg(long)]
        limit: Option<usize>,
        /// Analyse as of this date (default today).
        #[arg(long)]
        today: Option<String>,
    },
    /// Stale mapping: areas not reviewed or visited, streets whose coverage is old.
    Stale {
        project: PathBuf,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        today: Option<String>,
    },
    /// Focus areas ranked by priority (team's or derived from the four criteria).
    Priorities {
        project: PathBuf,
        #[arg(long)]
        json: bool,
        /// Set this focus area's priority to what its criteria give.
        #[arg(long, value_name = "AREA")]
        derive: Option<String>,
    },
    /// What to do next per focus area: uncovered streets, places, partners, empty dimensions.
    Next {
        project: PathBuf,
        #[arg(long)]
        area: Option<String>,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        today: Option<String>,
    },
    /// The fidelity checklist of a focus area: record answers, show the history.
    Fidelity {
        project: PathBuf,
        #[arg(long)]
        area: String,
        /// Date of the answers, YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
        /// QUESTION=ANSWER, e.g. housing_mapped=high (repeatable).
        #[arg(long = "answer")]
        answers: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Benchmarks (see docs/BENCHMARKS.md).
    Bench {
        #[command(subcommand)]
        what: BenchCmd,
    },
    /// Undo the newest edit.
    Undo { project: PathBuf },
    /// Redo the newest undone edit.
    Redo { project: PathBuf },
    /// The audit log, newest first.
    Log {
        project: PathBuf,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Subcommand)]
enum BenchCmd {
    /// Vector-tile encoding over a zoom sweep of a generated project; writes it for the cold-start check.
    Tiles {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 50_000)]
        segments: usize,
        #[arg(long, default_value_t = 200_000)]
        buildings: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Tiles sampled per zoom level (10–16).
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
        per_zoom: u32,
    },
    /// Blind-spot reasons for every dwelling of a generated project; writes data for the Shapely comparison.
    Blindspots {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 2_500_000)]
        buildings: usize,
        #[arg(long, default_value_t = 1_000_000)]
        segments: usize,
        #[arg(long, default_value_t = 10_000)]
        areas: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Covered length per area on a generated network; writes WKT for the Shapely comparison.
    Coverage {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 1_000_000)]
        segments: usize,
        #[arg(long, default_value_t = 10_000)]
        areas: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

#[derive(clap::Args)]
struct VisitArgs {
    /// Date of the visit, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    /// walk, bike or car.
    #[arg(long)]
    method: String,
    #[arg(long)]
    team: Option<String>,
    /// morning, day, evening or night.
    #[arg(long)]
    time_of_day: Option<String>,
}

impl VisitArgs {
    fn visit(&self) -> afdaek_core::coverage::Visit {
        afdaek_core::coverage::Visit {
            date: self.date.clone(),
            method: self.method.clone(),
            time_of_day: self.time_of_day.clone(),
            team: self.team.clone(),
        }
    }
}

fn parse_lonlat(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s.split_once(',').ok_or("forventede LON,LAT")?;
    let lon: f64 = a.trim().parse().map_err(|_| format!("'{a}' er ikke et tal"))?;
    let lat: f64 = b.trim().parse().map_err(|_| format!("'{b}' er ikke et tal"))?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("({lon}, {lat}) er ikke en længde, bredde"));
    }
    Ok((lon, lat))
}

fn parse_sigma(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|_| format!("'{s}' er ikke et tal"))?;
    if !(v.is_finite() && v > 0.0 && v <= 500.0) {
        return Err(format!("{v} m er ikke en GPS-usikkerhed (over 0, højst 500 m)"));
    }
    Ok(v)
}

/// Opens the project for a command that edits it, as the user named by `--user`.
fn open_for_edit(project: &std::path::Path, user: &Option<String>) -> Result<Session> {
    Ok(Session::open_as(project, Access::Write, &editor(user)?)?)
}

/// Who edits: initials given on the command line, checked like the app's
/// (2–6 letters), else the saved or login name (`resolve_user`).
fn editor(user: &Option<String>) -> Result<String> {
    Ok(match user {
        Some(u) => afdaek_core::user_prefs::check_initials(u)?,
        None => afdaek_core::user_prefs::resolve_user(None),
    })
}

fn main() {
    // Die quietly when the reader goes away (`afdaek … | head`), as Unix tools do,
    // instead of panicking in println!.
    // SAFETY: setting a signal disposition to the default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    if let Err(e) = run(Cli::parse()) {
        eprintln!("fejl: {e:#}");
        std::process::exit(1);
    }
}

fn fmt_extent(e: Option<[f64; 4]>) -> String {
    match e {
        Some(b) => format!("({:.1}, {:.1}) - ({:.1}, {:.1})", b[0], b[1], b[2], b[3]),
        None => "-".into(),
    }
}

/// `import --dry-run`: what the import would do; nothing was stored.
fn print_preview(p: &afdaek_core::import::ImportPreview) {
    println!("{} ({}, {}) — prøvelæsning, intet gemt", p.file, p.format, p.crs);
    if p.needs_layer {
        println!("  {}", p.message.as_deref().unwrap_or("angiv et lag"));
        println!("  lag filen kan komme i (--as): {}", p.targets.join(", "));
        return;
    }
    println!("  læst {}", p.read);
    for (layer, n) in &p.per_layer {
        println!("  → {layer}: {n}");
    }
    for (why, n) in &p.skipped {
        println!("  springes over: {n} × {why}");
    }
    for (what, n) in &p.repaired {
        println!("  repareres: {n} × {what}");
    }
    for w in &p.warnings {
        println!("  advarsel: {w}");
    }
}

fn run(cli: Cli) -> Result<()> {
    let user = cli.user;
    match cli.cmd {
        Cmd::New { project, name, municipality } => {
            let s = match &municipality {
                Some(code) => Session::create_for_municipality(&project, &name, code, &editor(&user)?)?,
                None => Session::create(&project, &name, None)?,
            };
            let boundary = if s.project().count(Layer::Boundary) > 0 { ", med kommunegrænsen" } else { "" };
            println!("Oprettede {} ({}{boundary})", s.project().path().display(), s.info()?.crs);
        }
        Cmd::SaveCopy { project, out } => {
            Session::open(&project, Access::Read)?.save_copy(&out)?;
            println!("Gemte en kopi af {} som {}", project.display(), out.display());
        }
        Cmd::Check { project, json } => {
            let r = Session::open(&project, Access::Read)?.check()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else if r.ok {
                println!(
                    "{}: i orden (skemaversion {}, SQLite: ok, alle geometrier kan læses)",
                    project.display(),
                    r.schema_version
                );
            } else {
                if r.integrity != ["ok"] {
                    println!("SQLite fandt fejl i filen:");
                    for line in &r.integrity {
                        println!("  {line}");
                    }
                }
                if !r.damaged.is_empty() {
                    println!(
                        "{} objekter har en geometri, der ikke kan læses (de vises ikke og indgår ikke i analyser):",
                        r.damaged.len()
                    );
                    for d in &r.damaged {
                        println!("  {} nr. {}: {}", d.layer, d.fid, d.reason);
                    }
                }
            }
            if !r.ok {
                std::process::exit(1);
            }
        }
        Cmd::Info { project, json } => {
            let info = Session::open(&project, Access::Read)?.info()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&info)?);
            } else {
                println!("Projekt:      {}", info.name);
                println!("Fil:          {}", info.path);
                println!("Kommune:      {}", info.municipality.as_deref().unwrap_or("-"));
                println!("CRS:          {}", info.crs);
                println!("Skemaversion: {}", info.schema_version);
                println!("Udstrækning:  {}", fmt_extent(info.extent));
                println!();
                println!("{:<18} {:<14} {:>9}  udstrækning", "lag", "geometri", "antal");
                for l in &info.layers {
                    println!("{:<18} {:<14} {:>9}  {}", l.name, l.geometry, l.count, fmt_extent(l.extent));
                }
            }
        }
        Cmd::Import { project, file, as_layer, clip, dry_run: true, json } => {
            let s = Session::open(&project, Access::Read)?;
            let as_layer = as_layer.map(|l| Layer::parse(&l)).transpose()?;
            let opts = ImportOptions { as_layer, clip_to_boundary: clip, ..Default::default() };
            let mut bar = progress::ImportBar::new(json);
            let preview = s.import_preview(&file, &opts, &mut |p| bar.update(p));
            bar.finish();
            let preview = preview?;
            if json {
                println!("{}", serde_json::to_string_pretty(&preview)?);
            } else {
                print_preview(&preview);
            }
        }
        Cmd::Import { project, file, as_layer, clip, dry_run: false, json } => {
            let mut s = open_for_edit(&project, &user)?;
            let as_layer = as_layer.map(|l| Layer::parse(&l)).transpose()?;
            let mut bar = progress::ImportBar::new(json);
            let report =
                s.import(&file, &ImportOptions { as_layer, clip_to_boundary: clip, ..Default::default() }, &mut |p| {
                    bar.update(p)
                });
            bar.finish();
            let report = report?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!("{} ({}, {})", report.file, report.format, report.crs);
                println!("  læst {}, importeret {}, opdateret {}", report.read, report.imported, report.updated);
                for (layer, n) in &report.per_layer {
                    println!("  → {layer}: {n}");
                }
                for (why, n) in &report.skipped {
                    println!("  sprunget over: {n} × {why}");
                }
                for (what, n) in &report.repaired {
                    println!("  repareret: {n} × {what}");
                }
                for w in &report.warnings {
                    println!("  advarsel: {w}");
                }
            }
        }
        Cmd::Export { project, format, layer, out, include_private } => {
            let s = Session::open(&project, Access::Read)?;
            let format = match format {
                Some(f) => ExportFormat::parse(&f)?,
                None => ExportFormat::from_path(&out)
                    .context("angiv --format (geojson, gpkg, csv, kml) eller giv filen en kendt endelse")?,
            };
            if layer.as_deref().is_some_and(|l| l.replace('_', "-") == "referral-counts") {
                if format != ExportFormat::Csv {
                    bail!("henvendelser eksporteres som CSV");
                }
                std::fs::write(&out, s.referral_counts_csv()?)?;
                println!(
                    "Eksporterede henvendelser (antal under {} vist som <{0}) til {}",
                    export::SUPPRESS_BELOW,
                    out.display()
                );
                return Ok(());
            }
            let requested =
                layer.map(|list| list.split(',').map(Layer::parse).collect::<Result<Vec<_>, _>>()).transpose()?;
            let (n, layers) = s.export(requested, format, &out, include_private)?;
            println!(
                "Eksporterede {n} objekter ({}) til {}",
                layers.iter().map(|l| l.table()).collect::<Vec<_>>().join(", "),
                out.display()
            );
        }
        Cmd::Demo { out, data, if_stale } => {
            if if_stale && !afdaek_core::demo::ensure(&out, &data)? {
                println!("Demoprojekt: {} er opdateret", out.display());
            } else {
                if !if_stale {
                    drop(afdaek_core::demo::build(&out, &data)?);
                }
                let info = Session::open(&out, Access::Read)?.info()?;
                let roads = info.layers.iter().find(|l| l.name == "roads").map_or(0, |l| l.count);
                println!("Demoprojekt: {} ({roads} veje)", out.display());
            }
        }
        Cmd::Tick { project, at, along, whole_street, visit } => {
            let mut s = open_for_edit(&project, &user)?;
            let r = match at {
                Some(at) => s.tick(at, whole_street, &visit.visit())?,
                None => s.tick_along(&along, &visit.visit())?,
            };
            println!(
                "Afkrydset {} (vej {}): {} stykker, {:.0} m",
                r.street.as_deref().unwrap_or("vejstykke"),
                r.road_fid,
                r.records,
                r.length_m
            );
        }
        Cmd::Untick { project, at, only_date } => {
            let r = open_for_edit(&project, &user)?.untick(at, only_date.as_deref())?;
            println!(
                "Fjernede afkrydsning på {} ({} registreringer berørt)",
                r.street.as_deref().unwrap_or("vejstykket"),
                r.records
            );
        }
        Cmd::Drive { project, via, preview, visit } => {
            let d = open_for_edit(&project, &user)?.drive(&via, &visit.visit(), preview)?;
            println!("Rute: {:.0} m over {} vejstykker", d.route.length_m, d.route.pieces.len());
            if let Some((n, len)) = d.credited {
                println!("Registreret: {n} dækningsstykker, {len:.0} m");
            }
        }
        Cmd::Track { project, file, preview, keep_raw, sigma, visit } => {
            let r = open_for_edit(&project, &user)?.track(&file, &visit.visit(), sigma, preview, keep_raw)?;
            println!(
                "{} GPS-punkter, {} matchet, {} brud; {:.0} m gade{}",
                r.fixes,
                r.matched_fixes,
                r.breaks,
                r.matched_length_m,
                if preview {
                    " (forhåndsvisning, intet gemt)".to_string()
                } else {
                    format!(", {} dækningsstykker gemt", r.records)
                }
            );
            if r.raw_kept {
                println!("De rå GPS-punkter er gemt i laget gps_tracks.");
            }
        }
        Cmd::Route { project, area, method, start, return_to_start, within_days, today, out, json } => {
            planning::route_cmd(&project, area, &method, start, return_to_start, within_days, today, out, json)?
        }
        Cmd::Coverage { project, area, all, window_days, today, json } => {
            let mut s = Session::open(&project, Access::Read)?;
            let report = s.coverage(&CoverageQuery { area, all, window_days, today })?;
            keep_until_exit(s);
            let (today, window, areas) = (&report.today, report.window_days, &report.areas);
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!("Dækning de seneste {window} dage (til {today})");
                for a in areas {
                    println!(
                        "{:<28} {:>7.0} m vej, {:>7.0} m dækket ({:>5.1} %), {}/{} stykker, {}/{} boliger, senest {}, set af partnere {:.0} m",
                        a.name,
                        a.street_length_m,
                        a.covered_length_m,
                        100.0 * a.covered_share,
                        a.segments_covered,
                        a.segments_total,
                        a.dwellings_covered,
                        a.dwellings_total,
                        a.last_covered.as_deref().unwrap_or("aldrig"),
                        a.partner_covered_length_m
                    );
                }
            }
        }
        Cmd::Draw { project, layer, geometry, fields } => {
            drawing::draw_cmd(&mut open_for_edit(&project, &user)?, &layer, &geometry, fields)?
        }
        Cmd::Reshape { project, layer, fid, geometry } => {
            drawing::reshape_cmd(&mut open_for_edit(&project, &user)?, &layer, fid, &geometry)?
        }
        Cmd::Delete { project, layer, fid } => {
            let layer = afdaek_core::Layer::parse(&layer)?;
            println!("{}", open_for_edit(&project, &user)?.delete_feature(layer, fid)?);
        }
        Cmd::Plan { project, area, all: _, out, paper, landscape, layers, include_notes, grid, route, today, json } => {
            planning::plan_pdf_cmd(
                &project,
                area,
                &out,
                &paper,
                landscape,
                layers,
                include_notes,
                grid,
                route,
                today,
                json,
            )?
        }
        Cmd::Comms { project, area, add, partner, medium, responsible, timeframe, status, evaluation, json } => {
            if let Some(message) = add {
                let mut s = open_for_edit(&project, &user)?;
                let (area_fid, _) = s.plan(&area)?;
                let row = afdaek_core::planning::plan::PlanRow {
                    area_fid,
                    message,
                    partner,
                    medium,
                    responsible,
                    timeframe,
                    status,
                    evaluation,
                    fid: None,
                };
                let (fid, label) = s.add_plan_row(row)?;
                println!("{label} (nr. {fid})");
            } else {
                drawing::plan_cmd(&Session::open(&project, Access::Read)?, &area, json)?;
            }
        }
        Cmd::Partners { project, json, today } => planning::partners_cmd(&project, json, today)?,
        Cmd::Settings { project, set } => match set {
            Some((key, value)) => {
                let value: serde_json::Value = serde_json::from_str(&value).unwrap_or(serde_json::Value::String(value));
                println!("{}", open_for_edit(&project, &user)?.set_setting(&key, value)?);
            }
            None => println!(
                "{}",
                serde_json::to_string_pretty(Session::open(&project, Access::Read)?.project().settings())?
            ),
        },
        Cmd::Forms { project } => {
            println!("{}", serde_json::to_string_pretty(&Session::open(&project, Access::Read)?.forms())?)
        }
        Cmd::Snap { project, at, radius } => match Session::open(&project, Access::Read)?.snap(at, radius, None)? {
            Some(p) => println!("{:.7},{:.7} ({}, {:.1} m)", p.lon, p.lat, p.kind, p.distance_m),
            None => println!("Intet at fange inden for {radius} m"),
        },
        Cmd::Blindspots { project, json, limit, today } => planning::blindspots_cmd(&project, json, limit, today)?,
        Cmd::Stale { project, json, today } => planning::stale_cmd(&project, json, today)?,
        Cmd::Priorities { project, json, derive } => planning::priorities_cmd(&project, &user, json, derive)?,
        Cmd::Next { project, area, json, today } => planning::next_cmd(&project, area, json, today)?,
        Cmd::Fidelity { project, area, date, answers, json } => {
            planning::fidelity_cmd(&project, &user, &area, date, &answers, json)?
        }
        Cmd::Bench { what: BenchCmd::Blindspots { dir, buildings, segments, areas, seed } } => {
            bench::blindspots(&dir, buildings, segments, areas, seed)?
        }
        Cmd::Bench { what: BenchCmd::Tiles { dir, segments, buildings, seed, per_zoom } } => {
            bench::tiles(&dir, segments, buildings, seed, per_zoom as usize)?
        }
        Cmd::Bench { what: BenchCmd::Coverage { dir, segments, areas, seed } } => {
            bench::coverage(&dir, segments, areas, seed)?
        }
        Cmd::Undo { project } => println!("Fortrød: {}", open_for_edit(&project, &user)?.undo()?),
        Cmd::Redo { project } => println!("Gentog: {}", open_for_edit(&project, &user)?.redo()?),
        Cmd::Log { project, limit } => {
            for l in Session::open(&project, Access::Read)?.history(limit)? {
                println!("{}  {:<6} {}  [{}]", l.ts, l.user, l.action, l.detail);
            }
        }
    }
    Ok(())
}

/// A read-only session is not dropped when a report command is done: the
/// process ends right after printing and the system takes its memory back
/// at once, where dropping a national project's index and network frees a
/// million allocations one by one (about 0.6 s at 1M roads). Only for
/// sessions opened with `Access::Read`: nothing of theirs waits to be written.
pub(crate) fn keep_until_exit(s: Session) {
    debug_assert!(s.project().is_read_only());
    std::mem::forget(s);
}
