//! `afdaek`: the headless face of afdaek-core. Every command is a thin
//! wrapper over one core function, so whatever the app can do can be
//! scripted, tested and benchmarked from here.

use afdaek_core::export::{self, ExportFormat};
use afdaek_core::geojson_io::ExportOptions;
use afdaek_core::import::{self, ImportOptions};
use afdaek_core::{Layer, Project};
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

fn main() {
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
            let p = Project::open_read_only(&project)?;
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
            let p = Project::open_read_only(&project)?;
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
        Cmd::Undo { project } => {
            let mut p = Project::open(&project)?;
            println!("Fortrød: {}", p.undo()?);
        }
        Cmd::Redo { project } => {
            let mut p = Project::open(&project)?;
            println!("Gentog: {}", p.redo()?);
        }
        Cmd::Log { project, limit } => {
            let p = Project::open_read_only(&project)?;
            for (ts, user, action, detail) in p.audit_log(limit)? {
                println!("{ts}  {user:<6} {action}  [{detail}]");
            }
        }
    }
    Ok(())
}
