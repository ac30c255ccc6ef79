//! `afdaek`: the headless face of afdaek-core. Every command is a thin
//! wrapper over one core function, so whatever the app can do can be
//! scripted, tested and benchmarked from here.

use afdaek_core::coverage;
use afdaek_core::export::{self, ExportFormat};
use afdaek_core::geojson_io::ExportOptions;
use afdaek_core::import::{self, ImportOptions};
use afdaek_core::network::Network;
use afdaek_core::{Layer, Project};
mod bench;
mod planning;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "afdaek", version, about = "Afdæk: geografisk afdækning for opsøgende teams (kommandolinje)")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Make a new, empty project file (GeoPackage, EPSG:25832).
    New {
        project: PathBuf,
        #[arg(long)]
        name: String,
        /// Municipality code, four digits (e.g. 0461 for Odense).
        #[arg(long)]
        municipality: Option<String>,
    },
    /// Layers, counts, CRS, extent and schema version of a project.
    Info {
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
    /// Build the demo project from the public data folder (shared/data).
    Demo {
        out: PathBuf,
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
    },
    /// Tick the street segment at a point as covered.
    Tick {
        project: PathBuf,
        /// Longitude,latitude (WGS84).
        #[arg(long, value_parser = parse_lonlat, allow_hyphen_values = true)]
        at: (f64, f64),
        /// Credit the whole named street (inside the focus area at the point, if any).
        #[arg(long)]
        whole_street: bool,
        #[command(flatten)]
        visit: VisitArgs,
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
        /// Expected GPS noise in metres.
        #[arg(long, default_value_t = 10.0)]
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

/// A WGS84 lon/lat in the project CRS.
fn to_project(p: &Project, (lon, lat): (f64, f64)) -> Result<geo_types::Coord<f64>> {
    let t = afdaek_core::crs::Transform::new(afdaek_core::crs::WGS84, p.settings().srs_id as u32)?;
    Ok(t.coord(geo_types::Coord { x: lon, y: lat })?)
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

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::New { project, name, municipality } => {
            let p = Project::create(&project, &name, municipality.as_deref())?;
            println!("Oprettede {} ({})", p.path().display(), p.info()?.crs);
        }
        Cmd::Info { project, json } => {
            let p = Project::open_for_reading(&project)?;
            let info = p.info()?;
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
        Cmd::Import { project, file, as_layer, clip, json } => {
            let mut p = Project::open(&project)?;
            let as_layer = as_layer.map(|l| Layer::parse(&l)).transpose()?;
            let report = import::import_file(&mut p, &file, &ImportOptions { as_layer, clip_to_boundary: clip })?;
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
            let p = Project::open_for_reading(&project)?;
            let format = match format {
                Some(f) => ExportFormat::parse(&f)?,
                None => ExportFormat::from_path(&out)
                    .context("angiv --format (geojson, gpkg, csv, kml) eller giv filen en kendt endelse")?,
            };
            if layer.as_deref().is_some_and(|l| l.replace('_', "-") == "referral-counts") {
                if format != ExportFormat::Csv {
                    bail!("henvendelser eksporteres som CSV");
                }
                std::fs::write(&out, export::referral_counts_csv(&p)?)?;
                println!(
                    "Eksporterede henvendelser (antal under {} vist som <{0}) til {}",
                    export::SUPPRESS_BELOW,
                    out.display()
                );
                return Ok(());
            }
            let non_empty: Vec<Layer> = Layer::all().filter(|l| p.count(*l) > 0).collect();
            let layers: Vec<Layer> = match layer {
                Some(list) => list.split(',').map(Layer::parse).collect::<Result<_, _>>()?,
                None if format == ExportFormat::Gpkg => non_empty,
                None if non_empty.len() == 1 => non_empty,
                None => bail!(
                    "angiv --layer; projektet har data i {}",
                    non_empty.iter().map(|l| l.table()).collect::<Vec<_>>().join(", ")
                ),
            };
            let n = export::export(&p, &layers, format, &out, ExportOptions { include_private, labels: false })?;
            println!(
                "Eksporterede {n} objekter ({}) til {}",
                layers.iter().map(|l| l.table()).collect::<Vec<_>>().join(", "),
                out.display()
            );
        }
        Cmd::Demo { out, data } => {
            let p = afdaek_core::demo::build(&out, &data)?;
            println!("Demoprojekt: {} ({} veje)", p.path().display(), p.count(Layer::Roads));
        }
        Cmd::Tick { project, at, whole_street, visit } => {
            let mut p = Project::open(&project)?;
            let net = Network::from_project(&p)?;
            let c = to_project(&p, at)?;
            let area = focus_area_at(&p, c)?;
            let r = coverage::tick(&mut p, &net, c, whole_street, area.as_ref(), &visit.visit())?;
            println!(
                "Afkrydset {} (vej {}): {} stykker, {:.0} m",
                r.street.as_deref().unwrap_or("vejstykke"),
                r.road_fid,
                r.records,
                r.length_m
            );
        }
        Cmd::Untick { project, at, only_date } => {
            let mut p = Project::open(&project)?;
            let net = Network::from_project(&p)?;
            let c = to_project(&p, at)?;
            let r = coverage::untick(&mut p, &net, c, only_date.as_deref())?;
            println!(
                "Fjernede afkrydsning på {} ({} registreringer berørt)",
                r.street.as_deref().unwrap_or("vejstykket"),
                r.records
            );
        }
        Cmd::Drive { project, via, preview, visit } => {
            let mut p = Project::open(&project)?;
            let net = Network::from_project(&p)?;
            let pts = via.iter().map(|v| to_project(&p, *v)).collect::<Result<Vec<_>>>()?;
            let v = visit.visit();
            let route = coverage::drive(&p, &net, &pts, &v)?;
            println!("Rute: {:.0} m over {} vejstykker", route.length_m, route.pieces.len());
            if !preview {
                let (n, len) = p.edit("Markeret tur", |ed| coverage::credit(ed, &net, &route.pieces, &v, "drive"))?;
                println!("Registreret: {n} dækningsstykker, {len:.0} m");
            }
        }
        Cmd::Track { project, file, preview, keep_raw, sigma, visit } => {
            let mut p = Project::open(&project)?;
            let net = Network::from_project(&p)?;
            let bytes = std::fs::read(&file).with_context(|| format!("kan ikke læse {}", file.display()))?;
            let segments = afdaek_core::import::gpx_in::read_tracks(&file.display().to_string(), &bytes)?;
            let opts = afdaek_core::matching::MatchOptions {
                sigma_m: sigma,
                radius_m: (4.0 * sigma).max(40.0),
                ..Default::default()
            };
            let (r, _) = coverage::track(&mut p, &net, &segments, &visit.visit(), &opts, preview, keep_raw)?;
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
        Cmd::Coverage { project, area, all, window_days, today, json } => {
            let p = Project::open_for_reading(&project)?;
            let net = Network::from_project(&p)?;
            let window = window_days.unwrap_or(p.settings().recency_days);
            let today = today.unwrap_or_else(coverage::figures::today);
            let ctx = coverage::figures::Context::new(&p, &net, window, &today)?;
            let mut areas = Vec::new();
            for layer in [Layer::FocusAreas, Layer::HousingAreas] {
                for f in p.features(layer)? {
                    let name = f.str("name").unwrap_or("(uden navn)").to_string();
                    if !all && area.as_deref() != Some(name.as_str()) {
                        continue;
                    }
                    if let Some(geo_types::Geometry::MultiPolygon(mp)) = &f.geometry {
                        areas.push(ctx.area(&name, layer, f.fid, mp));
                    }
                }
            }
            if all {
                let boundary: Vec<geo_types::Polygon<f64>> = p
                    .index()
                    .geometries(Layer::Boundary)
                    .filter_map(|(_, g)| match g {
                        geo_types::Geometry::MultiPolygon(mp) => Some(mp.0.clone()),
                        _ => None,
                    })
                    .flatten()
                    .collect();
                if !boundary.is_empty() {
                    areas.push(ctx.area(&p.settings().name, Layer::Boundary, None, &geo_types::MultiPolygon(boundary)));
                }
            }
            if area.is_some() && areas.is_empty() {
                bail!("intet fokus- eller boligområde hedder '{}'", area.unwrap_or_default());
            }
            if !all && area.is_none() {
                bail!("angiv --area NAVN eller --all");
            }
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(
                        &serde_json::json!({ "today": today, "window_days": window, "areas": areas })
                    )?
                );
            } else {
                println!("Dækning de seneste {window} dage (til {today})");
                for a in &areas {
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
        Cmd::Blindspots { project, json, limit, today } => planning::blindspots_cmd(&project, json, limit, today)?,
        Cmd::Stale { project, json, today } => planning::stale_cmd(&project, json, today)?,
        Cmd::Priorities { project, json, derive } => planning::priorities_cmd(&project, json, derive)?,
        Cmd::Next { project, area, json, today } => planning::next_cmd(&project, area, json, today)?,
        Cmd::Fidelity { project, area, date, answers, json } => {
            planning::fidelity_cmd(&project, &area, date, &answers, json)?
        }
        Cmd::Bench { what: BenchCmd::Blindspots { dir, buildings, segments, areas, seed } } => {
            bench::blindspots(&dir, buildings, segments, areas, seed)?
        }
        Cmd::Bench { what: BenchCmd::Coverage { dir, segments, areas, seed } } => {
            bench::coverage(&dir, segments, areas, seed)?
        }
        Cmd::Undo { project } => {
            let mut p = Project::open(&project)?;
            println!("Fortrød: {}", p.undo()?);
        }
        Cmd::Redo { project } => {
            let mut p = Project::open(&project)?;
            println!("Gentog: {}", p.redo()?);
        }
        Cmd::Log { project, limit } => {
            let p = Project::open_for_reading(&project)?;
            for (ts, user, action, detail) in p.audit_log(limit)? {
                println!("{ts}  {user:<6} {action}  [{detail}]");
            }
        }
    }
    Ok(())
}

/// The focus area containing `c`, if any (limits `--whole-street`).
fn focus_area_at(p: &Project, c: geo_types::Coord<f64>) -> Result<Option<geo_types::MultiPolygon<f64>>> {
    use geo::Contains;
    for (_, g) in p.index().geometries(Layer::FocusAreas) {
        if let geo_types::Geometry::MultiPolygon(mp) = g
            && mp.contains(&geo_types::Point(c))
        {
            return Ok(Some(mp.clone()));
        }
    }
    Ok(None)
}
