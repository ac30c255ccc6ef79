//! Tauri's build step, with the app's own commands declared: Tauri then
//! generates an `allow-…` permission per command, and only those that
//! `capabilities/default.json` grants can be called from the window. A command
//! registered in `main.rs` but not granted there is refused by the shell.
//! `tests/acl.rs` checks that this list, the handler in `main.rs`, the
//! capability and the commands `ui/src` invokes are the same set.

/// Every command the UI calls (`ui/src/api.ts`), and nothing else.
const COMMANDS: &[&str] = &[
    "first_paint",
    "app_status",
    "project_info",
    "set_user_initials",
    "set_online_basemap",
    "inspect",
    "update_feature",
    "undo",
    "redo",
    "undo_state",
    "history",
    "municipalities",
    "open_project",
    "new_project",
    "save_copy",
    "import_file",
    "vocabularies",
    "tick",
    "tick_along",
    "untick",
    "cancel_job",
    "set_language",
    "set_large_text",
    "blindspots",
    "area_sheet",
    "answer_fidelity",
    "add_plan_row",
    "delete_plan_row",
    "project_settings",
    "set_project_setting",
    "apply_derived_priority",
    "partners_overview",
    "stale",
    "plan_layers",
    "plan_areas",
    "plan_preview",
    "save_plan",
    "import_preview",
    "export_formats",
    "export_layers",
    "export_referral_counts",
    "forms",
    "add_feature",
    "update_geometry",
    "delete_feature",
    "feature_geometry",
    "snap",
    "drive",
    "track",
    "area_coverage",
    "plan_route",
    "save_route",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("Tauri build step");
}
