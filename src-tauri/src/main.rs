//! The Afdæk desktop shell. Everything here is a thin adapter: commands take
//! JSON from the UI, call one method of the core's `Session`, and hand JSON
//! back. No business logic.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod basemap;
mod commands;
mod file_commands;
mod map_commands;
mod planning_commands;
mod scheme;
mod state;

use afdaek_core::session::{Access, Session};
use afdaek_core::user_prefs::{UserPrefs, resolve_user};
use state::AppState;
use std::path::PathBuf;
use tauri::Manager;

/// The project to open: the first command-line argument that is not a flag,
/// else `AFDAEK_PROJECT` (else, see [`installed_demo`]).
fn project_arg() -> Option<PathBuf> {
    std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("AFDAEK_PROJECT").map(PathBuf::from))
}

/// On an installed app's first start, a copy of the demo the package ships in
/// `/usr/share/afdaek` (found beside the binary, `../share/afdaek`).
fn installed_demo(prefs: &UserPrefs) -> Option<PathBuf> {
    let shipped = std::env::current_exe().ok()?.parent()?.join("../share/afdaek/demo.gpkg");
    afdaek_core::user_prefs::first_start_demo(prefs, &shipped, &afdaek_core::user_prefs::data_dir()?)
}

/// When the process started: cold start is measured from here to the first complete map paint.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn main() {
    STARTED.get_or_init(std::time::Instant::now);
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "Afdæk needs a graphical display (no DISPLAY or WAYLAND_DISPLAY is set). Run it from a desktop session, or under Xvfb: xvfb-run -a afdaek-app PROJECT.gpkg"
        );
        std::process::exit(2);
    }
    let prefs = UserPrefs::load();
    let user = resolve_user(prefs.initials.as_deref());
    let project = project_arg().or_else(|| installed_demo(&prefs));
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(prefs, project.is_some()))
        .register_asynchronous_uri_scheme_protocol("afdaek", |ctx, request, responder| {
            scheme::serve(ctx.app_handle().clone(), request, responder)
        })
        .setup(move |app| {
            // Open the project while the window and WebKit start; commands wait for it.
            if let Some(path) = project {
                let handle = app.handle().clone();
                std::thread::spawn(move || {
                    // Whatever happens, the commands waiting for this open must go on: a panic
                    // becomes an error they report.
                    let opened = std::panic::catch_unwind(|| Session::open_as(&path, Access::WriteOrReadOnly, &user))
                        .unwrap_or_else(|_| {
                            Err(afdaek_core::Error::invalid("projekt", "projektet kunne ikke åbnes (intern fejl)"))
                        });
                    let state = handle.state::<AppState>();
                    if let Ok(s) = &opened {
                        if let Some(w) = handle.get_webview_window("main") {
                            let _ = w.set_title(&format!("Afdæk — {}", s.project().settings().name));
                        }
                        let _ = state.update_prefs(|p| p.add_recent(&path));
                    }
                    state.opened(opened);
                    // The first view's tiles, made while WebKit starts (the map area of the
                    // default 1280×800 window, less the side panels: about 740×718 px). In one
                    // go: measured, that beats letting the page's first calls in between.
                    let _ = state.session(|s| -> afdaek_core::Result<()> {
                        for (z, x, y) in s.first_view_tiles((740.0, 718.0))? {
                            for set in [afdaek_core::tiles::TileSet::Base, afdaek_core::tiles::TileSet::Coverage] {
                                s.tile(set, z, x, y)?;
                            }
                        }
                        Ok(())
                    });
                });
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::first_paint,
            commands::app_status,
            commands::project_info,
            commands::set_user_initials,
            commands::set_online_basemap,
            commands::inspect,
            commands::update_feature,
            commands::undo,
            commands::redo,
            commands::undo_state,
            commands::history,
            commands::municipalities,
            commands::open_project,
            commands::new_project,
            commands::save_copy,
            commands::import_file,
            commands::vocabularies,
            commands::tick,
            commands::tick_along,
            commands::untick,
            commands::cancel_job,
            commands::set_language,
            commands::set_large_text,
            planning_commands::blindspots,
            planning_commands::area_sheet,
            planning_commands::answer_fidelity,
            planning_commands::add_plan_row,
            planning_commands::delete_plan_row,
            planning_commands::project_settings,
            planning_commands::set_project_setting,
            planning_commands::apply_derived_priority,
            planning_commands::partners_overview,
            planning_commands::stale,
            planning_commands::plan_layers,
            planning_commands::plan_areas,
            planning_commands::plan_preview,
            planning_commands::save_plan,
            file_commands::import_preview,
            file_commands::export_formats,
            file_commands::export_layers,
            file_commands::export_referral_counts,
            map_commands::forms,
            map_commands::add_feature,
            map_commands::update_geometry,
            map_commands::delete_feature,
            map_commands::feature_geometry,
            map_commands::snap,
            map_commands::drive,
            map_commands::track,
            map_commands::area_coverage,
            map_commands::plan_route,
            map_commands::save_route,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Afdæk");
}
