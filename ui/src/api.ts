// Typed wrappers over the Tauri commands in src-tauri/src/commands.rs, which
// are thin adapters over afdaek_core::session::Session. The UI holds no
// business logic: everything it shows comes from these calls. Every command
// rejects with a Danish message (a string) that can be shown as it is.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

export interface LayerInfo {
  /** Table name, e.g. "roads". */
  name: string;
  /** Danish label from the core's layer schema, e.g. "Veje". */
  label: string;
  geometry: "POINT" | "LINESTRING" | "MULTIPOLYGON";
  count: number;
  extent: [number, number, number, number] | null;
}

export interface ProjectView {
  path: string;
  name: string;
  municipality: string | null;
  crs: string;
  schema_version: number;
  extent: [number, number, number, number] | null;
  /** The project extent in WGS84 [west, south, east, north]: the map fits it on open. */
  extent_lonlat: [number, number, number, number] | null;
  layers: LayerInfo[];
  /** Opened without the write lock: another Afdæk has it. Edits are refused. */
  read_only: boolean;
  /** Why it is read-only, in Danish (shown in the banner), or null. */
  read_only_reason: string | null;
  /** The tile revision: part of the tile URL, bumped by every change. */
  tile_revision: number;
}

/** What the app knows before a project is open. */
export interface AppStatus {
  /** The open project, or null (then `open_error` may say why). */
  project: ProjectView | null;
  open_error: string | null;
  /** The user's initials (per user, not per project), or null on first start: ask for them. */
  user_initials: string | null;
  recent_projects: string[];
  /** The online OpenStreetMap basemap is on (a per-user setting, off by default). */
  online_basemap: boolean;
}

/** One field of an inspected feature, ready to show. */
export interface InspectField {
  name: string;
  /** Danish label from the layer schema. */
  label: string;
  /** The value as a person reads it: vocabulary labels, dates as 24.11.2026, numbers as 1.234,5. */
  display: string;
  /** The stored value (codes, ISO dates), for editing. */
  value: unknown;
  /** May be edited from the inspector (free text fields such as a name). */
  editable: boolean;
}

export interface Inspected {
  layer: string;
  layer_label: string;
  fid: number;
  /** A title for the panel: the name, street name, or the layer label and number. */
  title: string;
  fields: InspectField[];
}

/** What undo and redo would do now (labels in Danish), for the buttons and tooltips. */
export interface UndoState {
  undo: string | null;
  redo: string | null;
}

/** One line of the audit log, newest first. */
export interface HistoryLine {
  /** ISO timestamp (UTC). */
  ts: string;
  user: string;
  action: string;
  detail: string;
}

export interface Municipality {
  code: string;
  name: string;
}

/** The result of an edit, undo or redo: what the UI must refresh. */
export interface Changed {
  /** The label of what was done/undone/redone, in Danish. */
  label: string;
  undo: UndoState;
  tile_revision: number;
}

/** One entry of a vocabulary: the stored code and its labels. */
export interface Term { code: string; da: string; en: string }
export interface Vocabularies { visit_methods: Term[]; times_of_day: Term[] }
/** The visit every tick is credited with (the visit bar). */
export interface Visit { date: string /* YYYY-MM-DD */; method: string; team: string | null; time_of_day: string | null }
/** What a tick or untick did: the street (null when it has no name) and the stretch's length. */
export interface TickAnswer extends Changed { street: string | null; length_m: number }

/** Progress of a long job, sent as the "progress" event. */
export interface Progress {
  job: string;
  /** Danish text, e.g. "Læser veje". */
  label: string;
  done: number;
  total: number | null;
  finished: boolean;
}

export const ping = (message: string) => invoke<string>("ping", { message });
export const appStatus = () => invoke<AppStatus>("app_status");
export const projectInfo = () => invoke<ProjectView>("project_info");
export const setUserInitials = (initials: string) => invoke<void>("set_user_initials", { initials });
/** The feature at a map click: layer and fid come from the vector tile feature's properties. */
export const inspect = (layer: string, fid: number) => invoke<Inspected>("inspect", { layer, fid });
/** Changes a feature's attributes (one undoable edit); refused with the core's message (e.g. a CPR number). */
export const updateFeature = (layer: string, fid: number, patch: Record<string, unknown>) =>
  invoke<Changed>("update_feature", { layer, fid, patch });
export const undo = () => invoke<Changed>("undo");
export const redo = () => invoke<Changed>("redo");
export const undoState = () => invoke<UndoState>("undo_state");
export const history = (limit: number) => invoke<HistoryLine[]>("history", { limit });
export const municipalities = () => invoke<Municipality[]>("municipalities");
export const openProject = (path: string) => invoke<ProjectView>("open_project", { path });
/** A new project for a municipality: its DAGI polygon becomes the boundary. */
export const newProject = (path: string, name: string, municipality: string) =>
  invoke<ProjectView>("new_project", { path, name, municipality });
export const saveCopy = (path: string) => invoke<void>("save_copy", { path });
/** Stops the running long job (an import): it rolls back and stores nothing. */
export const cancelJob = () => invoke<boolean>("cancel_job");
/**
 * Turns the online basemap on or off. Only while it is on does the backend
 * fetch OpenStreetMap tiles (served to the map as osm/{z}/{x}/{y}.png on the
 * custom scheme); the webview itself never contacts another host.
 */
export const setOnlineBasemap = (on: boolean) => invoke<void>("set_online_basemap", { on });

export const vocabularies = () => invoke<Vocabularies>("vocabularies");
/** Ticks the street stretch at a map click (between its junctions) as covered by the visit; one undoable edit. */
export const tick = (lon: number, lat: number, visit: Visit) => invoke<TickAnswer>("tick", { lon, lat, visit });
/** Removes coverage of the stretch at a click (all dates); one undoable edit. */
export const untick = (lon: number, lat: number) => invoke<TickAnswer>("untick", { lon, lat });

export function onProgress(f: (p: Progress) => void): Promise<UnlistenFn> {
  return listen<Progress>("progress", (e) => f(e.payload));
}

/**
 * The URL of the backend's asynchronous custom scheme `afdaek`: vector tiles
 * at tiles/{z}/{x}/{y}.pbf?rev=N, glyphs at glyphs/{fontstack}/{range}.pbf and,
 * while the online basemap is on, OpenStreetMap raster tiles at osm/{z}/{x}/{y}.png.
 * WebKitGTK and WKWebView use afdaek://localhost/, WebView2 http://afdaek.localhost/.
 */
export function schemeBase(): string {
  return navigator.userAgent.includes("Windows") ? "http://afdaek.localhost/" : "afdaek://localhost/";
}

/** Tells the shell the first complete map paint happened (cold-start figure; `xtask run --check` exits on it). */
export const firstPaint = (pageMs: number, detail = "") => invoke<void>("first_paint", { pageMs, detail });
