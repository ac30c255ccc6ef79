// The native file dialogs (tauri-plugin-dialog; the shell grants
// dialog:allow-open and dialog:allow-save), in one small module so the
// components can be tested with it mocked. Each resolves to the chosen path,
// or null when the user cancels. A dialog that cannot open (e.g. no desktop
// portal) goes to the error toast and gives null: typed paths keep working.
import { open, save } from "@tauri-apps/plugin-dialog";
import { t } from "./i18n";
import { app, messageOf } from "./store.svelte";
import { withExtension } from "./paths";

const gpkgFilters = () => [{ name: t("dialogs.gpkgFilter"), extensions: ["gpkg"] }];

async function shown<T>(f: () => Promise<T>): Promise<T | null> {
  try {
    return await f();
  } catch (e) {
    app.showError(t("dialogs.failed", { message: messageOf(e) }));
    return null;
  }
}

/** Asks for an existing project file to open. */
export async function pickProjectToOpen(): Promise<string | null> {
  const chosen = await shown(() => open({ multiple: false, directory: false, filters: gpkgFilters() }));
  return typeof chosen === "string" && chosen !== "" ? chosen : null;
}

/**
 * Asks where to save a project file, starting from the path typed so far.
 * GTK does not add the filter's extension, so a name without it gets `.gpkg`.
 */
export async function pickProjectToSave(defaultPath: string): Promise<string | null> {
  const start = defaultPath.trim();
  const chosen = await shown(() => save({ filters: gpkgFilters(), ...(start ? { defaultPath: start } : {}) }));
  if (typeof chosen !== "string" || chosen === "") return null;
  return /\.gpkg$/i.test(chosen) ? chosen : `${chosen}.gpkg`;
}

/** The endings of the files the core imports (it judges the format by content; these only filter the list). */
const IMPORT_EXTENSIONS = ["geojson", "json", "gpkg", "kml", "kmz", "gpx", "csv", "osm", "pbf"];

/** Asks for a data file to import. */
export async function pickImportFile(): Promise<string | null> {
  const filters = [
    { name: t("import.filter"), extensions: IMPORT_EXTENSIONS },
    { name: t("import.allFiles"), extensions: ["*"] },
  ];
  const chosen = await shown(() => open({ multiple: false, directory: false, filters }));
  return typeof chosen === "string" && chosen !== "" ? chosen : null;
}

/**
 * Asks where to write an export of `format` (its label and file ending),
 * starting from the path typed so far; a name without the ending gets it.
 */
export async function pickExportTarget(defaultPath: string, format: { label: string; extension: string }): Promise<string | null> {
  const start = defaultPath.trim();
  const filters = [{ name: t("export.fileFilter", { format: format.label }), extensions: [format.extension] }];
  const chosen = await shown(() => save({ filters, ...(start ? { defaultPath: start } : {}) }));
  if (typeof chosen !== "string" || chosen === "") return null;
  return withExtension(chosen, format.extension);
}
