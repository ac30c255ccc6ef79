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
  /** English label from the same schema, e.g. "Roads". */
  label_en: string;
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
  /** The base tiles' revision (every layer but coverage): part of their URL, bumped by every change of them. */
  tile_revision: number;
  /** The coverage tiles' revision: bumped by every tick, drive, track or undo of one. */
  coverage_revision: number;
  /** How the team last covered streets here (kept in the project file by the core): the visit bar's defaults. */
  last_visit: LastVisit | null;
  /** The project's colour per partner contact status (not_started, in_progress, done). */
  status_colours: Record<string, string>;
  /** The project's team names (offered in the visit bar). */
  teams: string[];
}

/** The visit a tick, drive or track was last credited with (method, team, time of day, and its date). */
export interface LastVisit { method: string; team: string | null; time_of_day: string | null; date: string }

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
  /** The app's language, per user: "da" (default) or "en". */
  language: "da" | "en";
  /** Larger type everywhere (a projector), per user. */
  large_text: boolean;
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
  coverage_revision: number;
}

/** One entry of a vocabulary: the stored code and its labels. */
export interface Term { code: string; da: string; en: string }
export interface Vocabularies { visit_methods: Term[]; times_of_day: Term[] }
/** The visit every tick is credited with (the visit bar). */
export interface Visit { date: string /* YYYY-MM-DD */; method: string; team: string | null; time_of_day: string | null }
/** What a tick or untick did: the street (null when it has no name) and the stretch's length. */
export interface TickAnswer extends Changed {
  street: string | null;
  length_m: number;
  /** Where the time went, in ms: the core's edit, tile invalidation, the whole command in the shell. */
  timing: { edit_ms: number; invalidate_ms: number; command_ms: number };
}

/** Progress of a long job, sent as the "progress" event. */
export interface Progress {
  job: string;
  /** Danish text, e.g. "Læser veje". */
  label: string;
  done: number;
  total: number | null;
  finished: boolean;
  /** False for a job "Afbryd" cannot stop (the area plan); absent means it can. */
  cancellable?: boolean;
}

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
/** Ticks every stretch a drag ran along ([lon, lat] points in order); one undoable edit. */
export const tickAlong = (path: [number, number][], visit: Visit) => invoke<TickAnswer>("tick_along", { path, visit });
/** Removes coverage of the stretch at a click (all dates); one undoable edit. */
export const untick = (lon: number, lat: number) => invoke<TickAnswer>("untick", { lon, lat });

// ---- import and export (src-tauri/src/file_commands.rs, commands::import_file) ----

/** What an import would do, nothing stored (the core's ImportPreview). */
export interface ImportPreview {
  file: string;
  /** "GeoJSON", "GeoDanmark Vejmidte", "BBR Bygning (JSON)", "GPX" … */
  format: string;
  /** "EPSG:4326", or "-" when the file was not read yet (a layer is needed first). */
  crs: string;
  read: number;
  /** Table → features the import would store or update. */
  per_layer: Record<string, number>;
  /** Reason (Danish) → count. */
  skipped: Record<string, number>;
  repaired: Record<string, number>;
  warnings: string[];
  /** The file does not say which layer it belongs to: one must be chosen. */
  needs_layer: boolean;
  /** The core's words for why a layer is needed, when `needs_layer`. */
  message: string | null;
  /** A GPS track (GPX): it can also be run along the roads as coverage. */
  track: boolean;
  /** The tables the file may be put into, for the choice of layer. */
  targets: string[];
  /** Danish labels of the tables in `per_layer` and `targets`. */
  labels: Record<string, string>;
  extent_lonlat: [number, number, number, number] | null;
}

/** What an import did (the core's ImportReport). */
export interface ImportReport {
  file: string;
  format: string;
  crs: string;
  read: number;
  imported: number;
  updated: number;
  skipped: Record<string, number>;
  repaired: Record<string, number>;
  per_layer: Record<string, number>;
  /** WGS84 [west, south, east, north]: the map fits it. */
  extent_lonlat: [number, number, number, number] | null;
  warnings: string[];
}

/** An export format as the core offers it. */
export interface ExportFormatInfo {
  /** "geojson", "gpkg", "csv", "kml". */
  code: string;
  label: string;
  extension: string;
  /** Holds several layers in one file (GeoPackage); the others take one. */
  multi_layer: boolean;
}

export interface Exported {
  count: number;
  layers: string[];
}

/** Reads and checks a file as an import would, storing nothing. Progress events and cancel_job as for an import. */
export const importPreview = (path: string, asLayer: string | null, clip: boolean) =>
  invoke<ImportPreview>("import_preview", { path, asLayer, clip });
/** Imports a file, all or nothing (one undoable edit); progress events; cancel_job stops it. */
export const importFile = (path: string, asLayer: string | null, clip: boolean) =>
  invoke<ImportReport>("import_file", { path, asLayer, clip });
export const exportFormats = () => invoke<ExportFormatInfo[]>("export_formats");
/** Writes layers to a file; notes and contact persons only with `includePrivate`. */
export const exportLayers = (layers: string[], format: string, path: string, includePrivate: boolean) =>
  invoke<Exported>("export_layers", { layers, format, path, includePrivate });
/** Writes the referral counts as CSV (counts under 5 shown as "<5"). */
export const exportReferralCounts = (path: string) => invoke<void>("export_referral_counts", { path });

// ---- the area plan as PDF (src-tauri/src/planning_commands.rs; `afdaek plan`) ----

/** A layer an area plan can draw: its code and the Danish label the plan's legend uses. */
export interface PlanLayer { code: string; label: string }
/** What an area plan shows (as `afdaek plan`'s options). */
export interface PlanChoices {
  /** One focus area by name, or null for every focus area (an atlas). */
  area: string | null;
  paper: "a4" | "a3";
  landscape: boolean;
  /** Codes from `planLayers`. */
  layers: string[];
  /** The free-text notes on the area sheet (off unless needed: they may be about people). */
  include_notes: boolean;
  /** A UTM grid with coordinates on the maps. */
  grid: boolean;
  /** A round trip through each area's uncovered streets, with its turn list; null for none. */
  route: RouteMethod | null;
}
/** Page 1 of the plan as SVG, and how many pages the whole plan has. */
export interface PlanPreview { svg: string; pages: number; areas: string[] }
/** What saving a plan wrote. */
export interface SavedPlan { pages: number; areas: string[]; features: number; bytes: number; path: string }

export const planLayers = () => invoke<PlanLayer[]>("plan_layers");
/** The focus areas' names, in the order an atlas has them (priority, then name). */
export const planAreas = () => invoke<string[]>("plan_areas");
/** Page 1 of the plan as SVG; nothing is written. */
export const planPreview = (options: PlanChoices) => invoke<PlanPreview>("plan_preview", { options });
/** Makes the plan and writes the PDF to `path` (whole or not at all). */
export const savePlan = (options: PlanChoices, path: string) => invoke<SavedPlan>("save_plan", { options, path });

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

// ---- drawing, snapping, drives, GPS tracks, area figures (src-tauri/src/map_commands.rs) ----

/** One choice of a code field, with the project's colour where it has one (contact status). */
export interface FormOption { code: string; da: string; en: string; colour: string | null }
/** One field of an attribute form, from the core's layer schema. */
export interface FormField {
  name: string;
  label: string;
  kind: "text" | "code" | "codes" | "integer" | "real" | "date" | "month" | "bool";
  options: FormOption[];
  min: number | null;
  max: number | null;
  required: boolean;
  private: boolean;
}
/** The attribute form of a drawable layer. */
export interface LayerForm {
  table: string;
  label: string;
  label_en: string;
  geometry: "point" | "line" | "polygon";
  fields: FormField[];
}
export interface Added extends Changed { fid: number }
export interface Snapped { lon: number; lat: number; kind: "vertex" | "road_vertex" | "edge" | "road"; distance_m: number }
export interface DriveAnswer {
  line: GeoJSON.LineString;
  length_m: number;
  /** [stretches, metres] when credited; null for a preview. */
  credited: [number, number] | null;
  changed: Changed | null;
}
export interface TrackAnswer {
  raw: GeoJSON.MultiLineString;
  matched: GeoJSON.MultiLineString;
  matched_length_m: number;
  fixes: number;
  matched_fixes: number;
  /** Where the signal was lost or the track left the roads. */
  gaps: number;
  records: number;
  raw_kept: boolean;
  changed: Changed | null;
}
/** Coverage figures of one area (the core's AreaCoverage). */
export interface AreaCoverage {
  name: string;
  layer: string;
  fid: number | null;
  street_length_m: number;
  covered_length_m: number;
  covered_share: number;
  segments_total: number;
  segments_covered: number;
  dwellings_total: number;
  dwellings_covered: number;
  last_covered: string | null;
  window_days: number;
}

export const forms = () => invoke<LayerForm[]>("forms");
/** Stores a drawn feature (lon/lat) with its form's values; one undoable edit. */
export const addFeature = (layer: string, geometry: GeoJSON.Geometry, attrs: Record<string, unknown>) =>
  invoke<Added>("add_feature", { layer, geometry, attrs });
export const updateGeometry = (layer: string, fid: number, geometry: GeoJSON.Geometry) =>
  invoke<Changed>("update_geometry", { layer, fid, geometry });
export const deleteFeature = (layer: string, fid: number) => invoke<Changed>("delete_feature", { layer, fid });
export const featureGeometry = (layer: string, fid: number) => invoke<GeoJSON.Geometry>("feature_geometry", { layer, fid });
/** The nearest corner or edge of another area, or road, within `radiusM`; null when none. */
export const snap = (lon: number, lat: number, radiusM: number, except: { layer: string; fid: number } | null) =>
  invoke<Snapped | null>("snap", { lon, lat, radiusM, exceptLayer: except?.layer ?? null, exceptFid: except?.fid ?? null });
/** Routes a drive through the points ([lon, lat]); credits it with the visit unless `preview`. */
export const drive = (via: [number, number][], visit: Visit, preview: boolean) =>
  invoke<DriveAnswer>("drive", { via, visit, preview });
/** Matches a GPX file to the streets; credits it unless `preview`. Raw points are stored only with `keepRaw`. */
export const track = (path: string, visit: Visit, sigmaM: number, preview: boolean, keepRaw: boolean) =>
  invoke<TrackAnswer>("track", { path, visit, sigmaM, preview, keepRaw });
export const areaCoverage = (layer: string, fid: number) => invoke<AreaCoverage>("area_coverage", { layer, fid });

/** How the team travels on a planned route. */
export type RouteMethod = "car" | "bike" | "walk";
/** One street of a planned route, in the order driven (`required_m`: of it, uncovered). */
export interface RouteTurn { street: string; length_m: number; required_m: number }
/** A route through an area's uncovered streets (`afdaek route --json`). */
export interface RouteReport {
  area: string;
  today: string;
  window_days: number;
  method: RouteMethod;
  solver: "postman" | "greedy";
  returns_to_start: boolean;
  turns: RouteTurn[];
  length_m: number;
  required_m: number;
  deadhead_m: number;
  deadhead_share: number;
  lower_bound_m: number;
  greedy_m: number;
  minutes: number;
  unreachable_m: number;
  unreachable_streets: string[];
  /** The route in lon/lat, for the map. */
  line_lonlat: [number, number][];
}
/** Plans a route through the area's streets not covered within the window. */
export const planRoute = (layer: string, fid: number, method: RouteMethod, returnToStart: boolean) =>
  invoke<RouteReport>("plan_route", { layer, fid, method, returnToStart });
/** Saves the same route as GPX (GeoJSON for a .geojson name); the bytes written. */
export const saveRoute = (layer: string, fid: number, method: RouteMethod, returnToStart: boolean, path: string) =>
  invoke<number>("save_route", { layer, fid, method, returnToStart, path });

// ---- planning panels (src-tauri/src/planning_commands.rs) ----

/** Why a place is a blind spot, in both languages. */
export interface BlindSpotReason { code: string; label: string; label_en: string }
/** One blind spot: an overlooked dwelling or place no focus area, visit or partner reaches. */
export interface BlindSpot {
  /** `layer:fid` of its first member: stable while the data is. */
  id: string;
  kind: string;
  /** The vocabulary code (dormitory, farm, isolated_dwelling …) and its Danish label. */
  type: string;
  type_label: string;
  type_label_en: string;
  location: { lon: number; lat: number };
  dwellings: number;
  reasons: BlindSpotReason[];
  score: number;
  layer: string;
  fids: number[];
  name?: string;
}
export interface BlindSpotReport {
  today: string;
  window_days: number;
  stale_days: number;
  candidates: number;
  total: number;
  blindspots: BlindSpot[];
}

/** The project's blind spots today, best first. */
export const blindspots = (limit: number | null = null) => invoke<BlindSpotReport>("blindspots", { limit });
/** Sets the app's language for this user (kept in the user's preferences). */
export const setLanguage = (language: "da" | "en") => invoke<void>("set_language", { language });
/** Larger type everywhere, for a projector (kept in the user's preferences). */
export const setLargeText = (on: boolean) => invoke<void>("set_large_text", { on });

/** A street's covered and total length in an area. */
export interface StreetCoverage { name: string; street_length_m: number; covered_length_m: number }
/** A focus area's priority: the team's, else derived from the four criteria. */
export interface FocusPriority {
  fid: number;
  name: string;
  priority: number | null;
  priority_source: "team" | "criteria" | null;
  derived: number | null;
  criteria: (number | null)[];
  status: string | null;
  team: string | null;
  last_reviewed: string | null;
}
export interface Dimension { code: string; label: string; count: number; mark: string | null; mark_label: string | null; has_notes: boolean; empty: boolean }
export interface FidelityRound { date: string; answers: Record<string, string> }
export interface PartnerTodo { fid: number; name: string; partner_type: string | null; contact_status: string | null; next_contact: string | null; why: "not_started" | "overdue" }
/** An uncovered stretch of a street that a partner sees; the other streets met at its ends, west to east. */
export interface EyesStretch {
  street: string;
  cross_streets: string[];
  length_m: number;
  dwellings: number;
  housing_types: string[];
}
/** Partners' eyes: a partner or meal route and the uncovered streets it already passes. */
export interface PartnerEyes {
  layer: "partners" | "meal_routes" | "partner_reach";
  fid: number;
  name: string;
  partner_type: string | null;
  contact_status: string | null;
  weekdays: string | null;
  partner_type_da: string | null;
  partner_type_en: string | null;
  length_m: number;
  dwellings: number;
  stretches: EyesStretch[];
}
/** "What to do next" for one focus area (the core's NextSteps; `afdaek next --json`). */
export interface NextSteps {
  fid: number;
  name: string;
  priority: FocusPriority;
  covered_share: number;
  last_covered: string | null;
  uncovered_streets: StreetCoverage[];
  uncovered_streets_total: number;
  blind_spots_inside: BlindSpot[];
  blind_spots_inside_total: number;
  partners_to_contact: PartnerTodo[];
  partners_eyes: PartnerEyes[];
  empty_dimensions: string[];
  dimensions: Dimension[];
  fidelity: FidelityRound[];
  stale: string[];
}
/** The area sheet of a focus area: its figures, next steps, dimensions and fidelity checklist. */
export interface AreaSheet {
  today: string;
  coverage: AreaCoverage & { week: Record<string, Record<string, number>> };
  next: NextSteps;
  /** The area's communication plan. */
  plan: PlanRow[];
  /** The statuses a plan row may have. */
  plan_statuses: Term[];
  fidelity_questions: Term[];
  fidelity_answers: Term[];
  weekdays: Term[];
  times_of_day: Term[];
}

export const areaSheet = (fid: number) => invoke<AreaSheet>("area_sheet", { fid });
/** Gives a focus area the priority its four criteria give; one undoable edit. */
export const applyDerivedPriority = (fid: number) => invoke<Changed>("apply_derived_priority", { fid });
/** One row of a focus area's communication plan. */
export interface PlanRow {
  fid: number | null;
  area_fid: number;
  partner: string | null;
  message: string;
  medium: string | null;
  responsible: string | null;
  timeframe: string | null;
  status: string | null;
  evaluation: string | null;
}
/** Adds a row to a focus area's communication plan; one undoable edit (refused with the core's message). */
export const addPlanRow = (row: PlanRow) => invoke<Changed>("add_plan_row", { row });
export const deletePlanRow = (fid: number) => invoke<Changed>("delete_plan_row", { fid });
/** Records fidelity answers ([question, answer] pairs) for a focus area on a date; one undoable edit. */
export const answerFidelity = (fid: number, date: string, answers: [string, string][]) =>
  invoke<Changed>("answer_fidelity", { fid, date, answers });

/** The project's settings (the team's, in the file); the dialog shows the ones people change. */
export interface ProjectSettings {
  name: string;
  municipality: string | null;
  recency_days: number;
  stale_days: number;
  status_colours: Record<string, string>;
  teams: string[];
  blindspots: { weights: Record<string, number>; [key: string]: unknown };
  /** The names of the blind-spot types the ranking weighs. */
  weight_labels: Record<string, Term>;
  [key: string]: unknown;
}
export const projectSettings = () => invoke<ProjectSettings>("project_settings");
/** Changes one project setting; one undoable edit, refused with the core's message. */
export const setProjectSetting = (key: string, value: unknown) => invoke<Changed>("set_project_setting", { key, value });

/** One partner as the partners list shows it (no contact person, no note). */
export interface PartnerRow {
  fid: number;
  name: string;
  partner_type: string | null;
  type_label: string | null;
  contact_status: string | null;
  status_label: string | null;
  status_colour: string | null;
  last_contact: string | null;
  next_contact: string | null;
  overdue: boolean;
  lon: number;
  lat: number;
}
export interface ReferralRow { area: string; month: string; source_type: string; count: string }
export interface PartnersOverview { today: string; partners: PartnerRow[]; referrals: ReferralRow[] }
export interface StaleArea {
  layer: string;
  fid: number;
  name: string;
  last_reviewed: string | null;
  last_visited: string | null;
  reasons: string[];
  days_since_review: number | null;
}
export interface StaleStreet { name: string; length_m: number; last_covered: string }
export interface StaleReport { today: string; stale_days: number; window_days: number; areas: StaleArea[]; streets: StaleStreet[] }
export const partnersOverview = () => invoke<PartnersOverview>("partners_overview");
export const stale = () => invoke<StaleReport>("stale");
