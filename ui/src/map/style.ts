// How the map is drawn, and the legend that explains it: pure data, built
// from the same constants, so the layers panel (which is the legend) and the
// map can never disagree. Unit-tested in style.test.ts; no MapLibre runtime here.
//
// One vector source, `afdaek`, served by the backend's custom scheme; its
// source layers are the project's tables. The app works offline: the only
// other source is the opt-in online basemap (`osm`, raster), and even that is
// served by the custom scheme, which fetches from OpenStreetMap only while the
// setting is on. The webview never contacts another host.
import type { AllPaintProperties, LayerSpecification, RasterSourceSpecification, StyleSpecification } from "maplibre-gl";
import type { MessageKey } from "../lib/i18n";

export const SOURCE_ID = "afdaek";
/** Coverage has its own source: a tick reloads only its small tiles, not the whole view. */
export const COVERAGE_SOURCE_ID = "afdaek-coverage";

/** The source a project layer's tiles come from. */
export const sourceOf = (table: string) => (table === "coverage" ? COVERAGE_SOURCE_ID : SOURCE_ID);
export const FONT = ["DejaVu Sans Book"];
/** Denmark, [west, south, east, north]: the view when a project has no data yet. */
export const DENMARK: [number, number, number, number] = [8.0, 54.5, 15.2, 57.8];
export const FIT_PADDING = 30;

export const tileUrl = (base: string, revision: number, set: "tiles" | "coverage" = "tiles") =>
  `${base}${set}/{z}/{x}/{y}.pbf?rev=${revision}`;
export const glyphsUrl = (base: string) => `${base}glyphs/{fontstack}/{range}.pbf`;

// ---- online basemap (opt-in) ------------------------------------------------------

export const BASEMAP_SOURCE_ID = "osm";
export const BASEMAP_LAYER_ID = "osm-basemap";
export const BACKGROUND_LAYER_ID = "background";
/** OpenStreetMap raster tiles through the custom scheme (never an https:// URL in the UI). */
export const basemapUrl = (base: string) => `${base}osm/{z}/{x}/{y}.png`;

/** The raster source of the online basemap. */
export function basemapSource(base: string): RasterSourceSpecification {
  return { type: "raster", tiles: [basemapUrl(base)], tileSize: 256, minzoom: 0, maxzoom: 19 };
}

/** The basemap's one layer, calm so the project's data stays in front. */
export function basemapLayer(): LayerSpecification {
  return {
    id: BASEMAP_LAYER_ID,
    type: "raster",
    source: BASEMAP_SOURCE_ID,
    paint: { "raster-saturation": -0.6, "raster-opacity": 0.75, "raster-fade-duration": 0 },
  };
}

/** The layer the basemap goes below (the one right above the background), from the map's layer order. */
export function basemapBeforeId(layerIds: string[]): string | undefined {
  const i = layerIds.indexOf(BACKGROUND_LAYER_ID);
  return layerIds.filter((id) => id !== BASEMAP_LAYER_ID)[i + 1];
}

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = {
  orange: "#e69f00",
  sky: "#56b4e9",
  green: "#009e73",
  yellow: "#f0e442",
  blue: "#0072b2",
  vermillion: "#d55e00",
  purple: "#cc79a7",
  black: "#000000",
} as const;

export const COLORS = {
  background: "#f4f1e8",
  /** Plain roads; end-to-end tests count pixels of exactly this colour. */
  road: "#4d4d4d",
  roadMinor: "#8a8a8a",
  roadCasing: "#ffffff",
  roadLabel: "#333333",
  boundary: "#333333",
  coverageRecent: OKABE_ITO.green,
  coverageEarlier: OKABE_ITO.orange,
  mealRoute: OKABE_ITO.purple,
  gpsTrack: OKABE_ITO.sky,
  focus: OKABE_ITO.vermillion,
  focusLabel: "#8a3b00",
  housingLabel: "#004a75",
  housing: OKABE_ITO.sky,
  housingOutline: OKABE_ITO.blue,
  visited: OKABE_ITO.green,
  partnerReach: OKABE_ITO.blue,
  building: "#9a9a9a",
  buildingOther: "#c4c4c4",
  pointStroke: "#222222",
  visitingPlace: OKABE_ITO.yellow,
  channel: OKABE_ITO.purple,
  rural: "#8c510a",
  partner: OKABE_ITO.blue,
  partnerLight: OKABE_ITO.sky,
  white: "#ffffff",
  halo: "#ffffff",
  highlight: "#111111",
  labelDark: "#222222",
} as const;

/** BBR kinds that are easy to overlook (DOMAIN.md "too narrow a focus"): drawn large and in colour. */
export const PRIORITY_KINDS = {
  dormitory: OKABE_ITO.purple,
  farmhouse: OKABE_ITO.orange,
  allotment: OKABE_ITO.green,
  holiday: OKABE_ITO.sky,
  institution: OKABE_ITO.vermillion,
} as const;
export type PriorityKind = keyof typeof PRIORITY_KINDS;

/**
 * A partner is filled with its contact status's colour, as the project's
 * settings give it (the team may change them: one municipality used red for
 * done); the status is also written under the name, so colour is never the
 * only cue. These are the core's defaults, used until the project's arrive.
 */
export const DEFAULT_STATUS_COLOURS: Record<PartnerStatus, string> = { not_started: "#d73027", in_progress: "#fdae61", done: "#1a9850" };
export const PARTNER_STATUSES = ["not_started", "in_progress", "done"] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];
const PARTNER_OUTLINE = "#263238";

/** The fill of a partner by its contact status, from the project's colours. */
export function partnerFill(colours: Record<string, string>): unknown {
  const c = (s: PartnerStatus) => colours[s] ?? DEFAULT_STATUS_COLOURS[s];
  return ["match", ["get", "contact_status"], ...PARTNER_STATUSES.flatMap((s) => [s, c(s)]), c("not_started")];
}

/** The partners' legend entries in the project's colours. */
export function partnerLegend(colours: Record<string, string>): LegendEntry[] {
  return PARTNER_STATUSES.map((s) => ({
    swatch: pointSwatch(colours[s] ?? DEFAULT_STATUS_COLOURS[s], PARTNER_OUTLINE, 1.5, 7),
    label: `legend.partners.${s}` as MessageKey,
  }));
}

/**
 * Focus areas by priority (1 = highest; the team's, else the four
 * criteria's, as the tiles carry it): one hue, darker for higher, so the
 * order reads without a legend and in grey print; the label says it too.
 */
export const PRIORITY_COLOURS = ["#a50f15", "#de2d26", "#fb6a4a", "#fc9272", "#fcbba1"] as const;
const NO_PRIORITY = "#969696";
const PRIORITY_FILL = ["match", ["coalesce", ["get", "priority"], 0], ...PRIORITY_COLOURS.flatMap((c, i) => [i + 1, c]), NO_PRIORITY];

/** GeoDanmark path classes and OSM highway values drawn as paths (dashed). */
export const PATH_CLASSES = ["Hovedsti", "Sti", "path", "footway", "cycleway", "bridleway", "steps", "pedestrian", "track"];

// Dashes, in line widths.
const DASH_BOUNDARY = [4, 2];
const DASH_EARLIER = [2, 1.5];
const DASH_MEAL = [0.3, 1.8];
const DASH_PATH = [2, 1.5];
const DASH_VISITED = [3, 2];
const DASH_REACH = [1, 2];

// ---- legend -------------------------------------------------------------------

export type Swatch =
  | { kind: "area"; fill: string; fillOpacity: number; stroke: string; strokeWidth: number; dash?: number[] }
  | { kind: "line"; color: string; width: number; dash?: number[]; casing?: string }
  | { kind: "point"; fill: string; stroke: string; strokeWidth: number; radius: number };

export interface LegendEntry {
  swatch: Swatch;
  label: MessageKey;
}

export type Group = "area" | "line" | "point";

export interface LayerDef {
  /** The project table and vector-tile source layer. */
  table: string;
  group: Group;
  /** The swatch on the layer's row. */
  swatch: Swatch;
  /** Categories drawn differently, listed under the row. */
  legend: LegendEntry[];
}

const FOCUS_FILL_OPACITY = 0.1;
const HOUSING_FILL_OPACITY = 0.2;
const VISITED_FILL_OPACITY = 0.16;
const REACH_FILL_OPACITY = 0.12;

const areaSwatch = (fill: string, fillOpacity: number, stroke: string, strokeWidth: number, dash?: number[]): Swatch => ({
  kind: "area", fill, fillOpacity, stroke, strokeWidth, ...(dash ? { dash } : {}),
});
const lineSwatch = (color: string, width: number, dash?: number[]): Swatch => ({
  kind: "line", color, width, ...(dash ? { dash } : {}),
});
const pointSwatch = (fill: string, stroke: string, strokeWidth: number, radius: number): Swatch => ({
  kind: "point", fill, stroke, strokeWidth, radius,
});

const ROAD_SWATCH = lineSwatch(COLORS.road, 3);

/** Every project layer, in draw order: areas, then lines, then points (last drawn on top). */
export const LAYER_DEFS: LayerDef[] = [
  { table: "boundary", group: "area", swatch: areaSwatch("transparent", 0, COLORS.boundary, 2, DASH_BOUNDARY), legend: [] },
  { table: "focus_areas", group: "area", swatch: areaSwatch(PRIORITY_COLOURS[0], FOCUS_FILL_OPACITY, PRIORITY_COLOURS[0], 3), legend: [
    ...PRIORITY_COLOURS.map((c, i) => ({ swatch: areaSwatch(c, FOCUS_FILL_OPACITY, c, i === 0 ? 4 : 2), label: `legend.focus.p${i + 1}` as MessageKey })),
    { swatch: areaSwatch(NO_PRIORITY, FOCUS_FILL_OPACITY, NO_PRIORITY, 2), label: "legend.focus.none" },
  ] },
  { table: "housing_areas", group: "area", swatch: areaSwatch(COLORS.housing, HOUSING_FILL_OPACITY, COLORS.housingOutline, 1.5), legend: [] },
  { table: "visited_zones", group: "area", swatch: areaSwatch(COLORS.visited, VISITED_FILL_OPACITY, COLORS.visited, 1.5, DASH_VISITED), legend: [] },
  { table: "partner_reach", group: "area", swatch: areaSwatch(COLORS.partnerReach, REACH_FILL_OPACITY, COLORS.partnerReach, 1.5, DASH_REACH), legend: [] },
  { table: "roads", group: "line", swatch: ROAD_SWATCH, legend: [
    { swatch: ROAD_SWATCH, label: "legend.roads.road" },
    { swatch: lineSwatch(COLORS.roadMinor, 2, DASH_PATH), label: "legend.roads.path" },
  ] },
  { table: "meal_routes", group: "line", swatch: lineSwatch(COLORS.mealRoute, 3, DASH_MEAL), legend: [] },
  { table: "gps_tracks", group: "line", swatch: lineSwatch(COLORS.gpsTrack, 2), legend: [] },
  { table: "coverage", group: "line", swatch: lineSwatch(COLORS.coverageRecent, 6), legend: [
    { swatch: lineSwatch(COLORS.coverageRecent, 6), label: "legend.coverage.recent" },
    { swatch: lineSwatch(COLORS.coverageEarlier, 4, DASH_EARLIER), label: "legend.coverage.earlier" },
    { swatch: ROAD_SWATCH, label: "legend.coverage.never" },
  ] },
  { table: "buildings", group: "point", swatch: pointSwatch(COLORS.building, COLORS.building, 0, 3), legend: [
    ...(Object.entries(PRIORITY_KINDS) as [PriorityKind, string][]).map(([kind, color]) => ({
      swatch: pointSwatch(color, COLORS.pointStroke, 1.2, 6),
      label: `legend.buildings.${kind}` as MessageKey,
    })),
    { swatch: pointSwatch(COLORS.building, COLORS.building, 0, 3), label: "legend.buildings.dwelling" },
    { swatch: pointSwatch(COLORS.buildingOther, COLORS.buildingOther, 0, 2.5), label: "legend.buildings.other" },
  ] },
  { table: "rural_places", group: "point", swatch: pointSwatch(COLORS.white, COLORS.rural, 2.5, 5), legend: [] },
  { table: "visiting_places", group: "point", swatch: pointSwatch(COLORS.visitingPlace, COLORS.pointStroke, 1.5, 6), legend: [] },
  { table: "channels", group: "point", swatch: pointSwatch(COLORS.channel, COLORS.white, 1.5, 5), legend: [] },
  { table: "partners", group: "point", swatch: pointSwatch(DEFAULT_STATUS_COLOURS.done, PARTNER_OUTLINE, 1.5, 7), legend: partnerLegend(DEFAULT_STATUS_COLOURS) },
];

export const DRAW_ORDER: string[] = LAYER_DEFS.map((d) => d.table);

export function layerDef(table: string): LayerDef | undefined {
  return LAYER_DEFS.find((d) => d.table === table);
}

// ---- map style ------------------------------------------------------------------

/** Words the map itself shows (labels), from the message catalogue. */
export interface MapWords {
  priority: string;
  status: Record<PartnerStatus, string>;
}

export type Role = "main" | "decor" | "label" | "hover" | "selected";

export interface LayerMeta {
  "afdaek:table": string;
  "afdaek:role": Role;
}

type Spec = Record<string, unknown>;
const L = (spec: Spec) => spec as unknown as LayerSpecification;
const meta = (table: string, role: Role): LayerMeta => ({ "afdaek:table": table, "afdaek:role": role });

const RANK = ["to-number", ["coalesce", ["get", "rank"], 3]];
const IS_PATH = ["in", ["coalesce", ["get", "class"], ""], ["literal", PATH_CLASSES]];
/** A road of rank r is drawn from this zoom on: arterials always, driveways only close up. */
const ROAD_MIN_ZOOM = ["match", RANK, 1, 0, 2, 0, 3, 8, 4, 10, 12];
const byRank = (r1: number, r2: number, r3: number, r4: number, r5: number) => ["match", RANK, 1, r1, 2, r2, 3, r3, 4, r4, r5];

/** Road widths in px by zoom and rank (linear between stops). Lokalvej (rank 3–4) is ≥ 2 px from zoom 11. */
export const ROAD_WIDTH = [
  "interpolate", ["linear"], ["zoom"],
  8, byRank(1.5, 1.2, 0.8, 0.6, 0.5),
  11, byRank(3, 2.5, 2, 2, 1),
  13, byRank(4.5, 4, 3, 2.5, 2),
  16, byRank(11, 9.5, 7, 6, 3),
  18, byRank(24, 20, 15, 12, 5),
];
const PATH_WIDTH = ["interpolate", ["linear"], ["zoom"], 12, 1, 16, 2.5, 18, 4];
const CASING_EXTRA = ["interpolate", ["linear"], ["zoom"], 13, 1.5, 18, 3];

const zoomWidth = (...stops: number[]) => ["interpolate", ["linear"], ["zoom"], ...stops];

const textLayout = (field: unknown, size: unknown, extra: Spec = {}): Spec => ({
  "text-field": field,
  "text-font": FONT,
  "text-size": size,
  ...extra,
});
const textPaint = (color: string): Spec => ({ "text-color": color, "text-halo-color": COLORS.halo, "text-halo-width": 1.5 });

function areaLayers(table: string, fill: unknown, fillOpacity: number, stroke: unknown, strokeWidth: unknown, dash?: number[]): LayerSpecification[] {
  const src = { source: sourceOf(table), "source-layer": table };
  const out: LayerSpecification[] = [];
  if (fillOpacity > 0) {
    out.push(L({ id: `lyr-${table}`, type: "fill", ...src, metadata: meta(table, "main"), paint: { "fill-color": fill, "fill-opacity": fillOpacity } }));
  }
  out.push(L({
    id: fillOpacity > 0 ? `lyr-${table}-outline` : `lyr-${table}`,
    type: "line", ...src, metadata: meta(table, "main"),
    layout: { "line-join": "round" },
    paint: { "line-color": stroke, "line-width": strokeWidth, ...(dash ? { "line-dasharray": dash } : {}) },
  }));
  return out;
}

function pointLayer(table: string, id: string, paint: Spec, filter?: unknown): LayerSpecification {
  return L({ id, type: "circle", source: sourceOf(table), "source-layer": table, metadata: meta(table, "main"), ...(filter ? { filter } : {}), paint });
}

/** The drawing layers of one project layer (its labels come from `labelLayers`). */
export function drawLayers(table: string): LayerSpecification[] {
  const src = { source: sourceOf(table), "source-layer": table };
  switch (table) {
    case "boundary":
      return areaLayers(table, "transparent", 0, COLORS.boundary, zoomWidth(6, 1.5, 12, 2.5, 16, 3), DASH_BOUNDARY);
    case "focus_areas":
      return areaLayers(table, PRIORITY_FILL, FOCUS_FILL_OPACITY, PRIORITY_FILL, ["case", ["==", ["get", "priority"], 1], 4, 2]);
    case "housing_areas":
      return areaLayers(table, COLORS.housing, HOUSING_FILL_OPACITY, COLORS.housingOutline, 1.5);
    case "visited_zones":
      return areaLayers(table, COLORS.visited, VISITED_FILL_OPACITY, COLORS.visited, 1.5, DASH_VISITED);
    case "partner_reach":
      return areaLayers(table, COLORS.partnerReach, REACH_FILL_OPACITY, COLORS.partnerReach, 1.5, DASH_REACH);
    case "roads":
      return [
        L({
          id: "lyr-roads-casing", type: "line", ...src, metadata: meta(table, "decor"), minzoom: 13,
          filter: ["all", ["!", IS_PATH], [">=", ["zoom"], ROAD_MIN_ZOOM]],
          layout: { "line-cap": "round", "line-join": "round" },
          // A white edge on both sides of the road: the gap is the road's own width.
          paint: { "line-color": COLORS.roadCasing, "line-width": CASING_EXTRA, "line-gap-width": ROAD_WIDTH },
        }),
        L({
          id: "lyr-roads-paths", type: "line", ...src, metadata: meta(table, "main"), minzoom: 12,
          filter: IS_PATH,
          layout: { "line-cap": "butt", "line-join": "round" },
          paint: { "line-color": COLORS.roadMinor, "line-width": PATH_WIDTH, "line-dasharray": DASH_PATH },
        }),
        L({
          id: "lyr-roads", type: "line", ...src, metadata: meta(table, "main"),
          filter: ["all", ["!", IS_PATH], [">=", ["zoom"], ROAD_MIN_ZOOM]],
          layout: { "line-cap": "round", "line-join": "round", "line-sort-key": ["-", 10, RANK] },
          paint: { "line-color": ["case", [">=", RANK, 5], COLORS.roadMinor, COLORS.road], "line-width": ROAD_WIDTH },
        }),
      ];
    case "meal_routes":
      // Partner-seen streets: dotted, purple, offset beside the street, so they never look like coverage.
      return [L({
        id: "lyr-meal_routes", type: "line", ...src, metadata: meta(table, "main"),
        layout: { "line-cap": "round", "line-join": "round" },
        paint: {
          "line-color": COLORS.mealRoute, "line-width": zoomWidth(10, 2, 16, 4),
          "line-dasharray": DASH_MEAL, "line-offset": zoomWidth(12, 0, 16, 7),
        },
      })];
    case "gps_tracks":
      return [L({
        id: "lyr-gps_tracks", type: "line", ...src, metadata: meta(table, "main"),
        layout: { "line-cap": "round", "line-join": "round" },
        paint: { "line-color": COLORS.gpsTrack, "line-width": zoomWidth(10, 1, 16, 2.5) },
      })];
    case "coverage":
      // Recently covered: thick solid green; earlier: medium dashed orange. Never covered is the plain road.
      return [
        L({
          id: "lyr-coverage-earlier", type: "line", ...src, metadata: meta(table, "main"),
          filter: ["!=", ["get", "state"], "recent"],
          layout: { "line-cap": "butt", "line-join": "round" },
          paint: { "line-color": COLORS.coverageEarlier, "line-width": zoomWidth(10, 2.5, 13, 4, 16, 7), "line-dasharray": DASH_EARLIER },
        }),
        L({
          id: "lyr-coverage-recent", type: "line", ...src, metadata: meta(table, "main"),
          filter: ["==", ["get", "state"], "recent"],
          layout: { "line-cap": "round", "line-join": "round" },
          paint: { "line-color": COLORS.coverageRecent, "line-width": zoomWidth(10, 3.5, 13, 6, 16, 12) },
        }),
      ];
    case "buildings": {
      const kinds = Object.keys(PRIORITY_KINDS);
      const isPriority = ["in", ["coalesce", ["get", "kind"], ""], ["literal", kinds]];
      return [
        pointLayer(table, "lyr-buildings", {
          "circle-color": ["case", ["==", ["get", "kind"], "dwelling"], COLORS.building, COLORS.buildingOther],
          "circle-radius": zoomWidth(10, 0.8, 13, 1.8, 16, 4, 18, 6),
        }, ["!", isPriority]),
        pointLayer(table, "lyr-buildings-priority", {
          "circle-color": ["match", ["get", "kind"], ...Object.entries(PRIORITY_KINDS).flat(), COLORS.buildingOther],
          "circle-radius": zoomWidth(10, 3, 13, 5, 16, 8),
          "circle-stroke-color": COLORS.pointStroke,
          "circle-stroke-width": 1.2,
        }, isPriority),
      ];
    }
    case "rural_places":
      return [pointLayer(table, "lyr-rural_places", {
        "circle-color": COLORS.white, "circle-radius": zoomWidth(8, 3, 14, 6),
        "circle-stroke-color": COLORS.rural, "circle-stroke-width": 2.5,
      })];
    case "visiting_places":
      return [pointLayer(table, "lyr-visiting_places", {
        "circle-color": COLORS.visitingPlace, "circle-radius": zoomWidth(10, 4, 16, 8),
        "circle-stroke-color": COLORS.pointStroke, "circle-stroke-width": 1.5,
      })];
    case "channels":
      return [pointLayer(table, "lyr-channels", {
        "circle-color": COLORS.channel, "circle-radius": zoomWidth(10, 3.5, 16, 7),
        "circle-stroke-color": COLORS.white, "circle-stroke-width": 1.5,
      })];
    case "partners":
      return [pointLayer(table, "lyr-partners", {
        "circle-color": partnerFill(DEFAULT_STATUS_COLOURS), "circle-radius": zoomWidth(10, 5, 16, 9),
        "circle-stroke-color": PARTNER_OUTLINE, "circle-stroke-width": 1.5,
      })];
    default:
      return [];
  }
}

/** Text labels of one project layer; drawn above every layer. */
export function labelLayers(table: string, words: MapWords): LayerSpecification[] {
  const src = { source: sourceOf(table), "source-layer": table };
  const name = ["coalesce", ["get", "name"], ""];
  const pointLabel = (id: string, minzoom: number, field: unknown = name, color: string = COLORS.labelDark) => L({
    id, type: "symbol", ...src, metadata: meta(table, "label"), minzoom,
    layout: textLayout(field, zoomWidth(13, 12, 17, 14), {
      "text-anchor": "top", "text-offset": [0, 0.9], "text-max-width": 10, "text-optional": true,
    }),
    paint: textPaint(color),
  });
  switch (table) {
    case "roads":
      return [L({
        // The backend's road tiles carry names from z13 (tiles::ROAD_NAMES_FROM).
        id: "lbl-roads", type: "symbol", ...src, metadata: meta(table, "label"), minzoom: 13,
        filter: ["has", "name"],
        layout: textLayout(["get", "name"], zoomWidth(13, 12, 17, 15), {
          "symbol-placement": "line", "symbol-spacing": 300, "text-max-angle": 35, "text-padding": 2,
        }),
        paint: textPaint(COLORS.roadLabel),
      })];
    case "focus_areas":
      // One point per area in "<table>_labels" (the backend's tiles), so a name is drawn once.
      return [L({
        id: "lbl-focus_areas", type: "symbol", ...src, "source-layer": `${table}_labels`, metadata: meta(table, "label"),
        layout: textLayout(
          ["case", ["has", "priority"],
            ["concat", name, " · ", words.priority, " ", ["to-string", ["get", "priority"]]],
            name],
          zoomWidth(8, 13, 14, 16),
          { "text-max-width": 12 },
        ),
        paint: textPaint(COLORS.focusLabel),
      })];
    case "housing_areas":
      return [L({
        id: "lbl-housing_areas", type: "symbol", ...src, "source-layer": `${table}_labels`, metadata: meta(table, "label"), minzoom: 12,
        layout: textLayout(name, zoomWidth(12, 12, 16, 14), { "text-max-width": 10 }),
        paint: textPaint(COLORS.housingLabel),
      })];
    case "partners":
      return [pointLabel("lbl-partners", 13, [
        "format",
        name, {},
        "\n", {},
        ["match", ["get", "contact_status"],
          "not_started", words.status.not_started,
          "in_progress", words.status.in_progress,
          "done", words.status.done,
          ""], { "font-scale": 0.9 },
      ])];
    case "visiting_places":
    case "channels":
    case "rural_places":
      return [pointLabel(`lbl-${table}`, 14)];
    default:
      return [];
  }
}

/**
 * Hover and selection outlines of one project layer, shown only on the
 * feature whose feature state says so (`hover`, `selected`; the feature id is
 * the fid). Feature state, not a filter: a changed filter makes MapLibre
 * parse every tile of the source again, on every hover.
 */
export function highlightLayers(def: LayerDef): LayerSpecification[] {
  const src = { source: sourceOf(def.table), "source-layer": def.table };
  const make = (role: "hover" | "selected", strong: boolean): LayerSpecification => {
    const id = `${role === "hover" ? "hl-hover" : "hl-sel"}-${def.table}`;
    const common = { id, ...src, metadata: meta(def.table, role) };
    const on = ["case", ["boolean", ["feature-state", role], false], 1, 0];
    switch (def.group) {
      case "area":
        return L({ ...common, type: "line", paint: { "line-color": COLORS.highlight, "line-width": strong ? 4 : 2, "line-opacity": on } });
      case "line":
        return L({
          ...common, type: "line", layout: { "line-cap": "round", "line-join": "round" },
          paint: {
            "line-color": COLORS.highlight, "line-width": strong ? 2.5 : 1.5, "line-gap-width": zoomWidth(10, 4, 16, 12),
            "line-opacity": on,
          },
        });
      case "point":
        return L({
          ...common, type: "circle",
          paint: {
            "circle-color": "rgba(0,0,0,0)", "circle-radius": zoomWidth(10, 7, 16, 12),
            "circle-stroke-color": COLORS.highlight, "circle-stroke-width": strong ? 3 : 1.5, "circle-stroke-opacity": on,
          },
        });
    }
  };
  return [make("hover", false), make("selected", true)];
}

/** The feature a highlight's feature state goes on: its source, tile layer and fid. */
export const highlightTarget = (table: string, fid: number) => ({ source: sourceOf(table), sourceLayer: table, id: fid });

export interface StyleOptions {
  /** The custom scheme's base URL (api.schemeBase()). */
  base: string;
  /** The base tiles' revision (every layer but coverage). */
  revision: number;
  /** The coverage tiles' revision (defaults to `revision`). */
  coverageRevision?: number;
  /** The project's colour per partner contact status (defaults: the core's). */
  statusColours?: Record<string, string>;
  words: MapWords;
  /** The online basemap is on: its raster source and layer (right above the background). Off by default. */
  basemap?: boolean;
}

/** The whole map style: background, (online basemap,) areas, lines, points, highlights, labels. */
export function buildStyle({ base, revision, coverageRevision = revision, statusColours, words, basemap = false }: StyleOptions): StyleSpecification {
  const layers: LayerSpecification[] = [
    L({ id: BACKGROUND_LAYER_ID, type: "background", paint: { "background-color": COLORS.background } }),
  ];
  // Off: neither source nor layer exists, so MapLibre requests nothing for it.
  if (basemap) layers.push(basemapLayer());
  for (const def of LAYER_DEFS) layers.push(...drawLayers(def.table));
  if (statusColours) {
    const partners = layers.find((l) => l.id === "lyr-partners") as { paint: Record<string, unknown> } | undefined;
    if (partners) partners.paint = { ...partners.paint, "circle-color": partnerFill(statusColours) };
  }
  for (const def of LAYER_DEFS) layers.push(...highlightLayers(def));
  // Street names first, so point and area names win collisions.
  for (const def of LAYER_DEFS) layers.push(...labelLayers(def.table, words));
  return {
    version: 8,
    glyphs: glyphsUrl(base),
    sources: {
      [SOURCE_ID]: { type: "vector", tiles: [tileUrl(base, revision)], minzoom: 0, maxzoom: 16 },
      [COVERAGE_SOURCE_ID]: { type: "vector", tiles: [tileUrl(base, coverageRevision, "coverage")], minzoom: 0, maxzoom: 16 },
      ...(basemap ? { [BASEMAP_SOURCE_ID]: basemapSource(base) } : {}),
    },
    layers,
  };
}

export function metaOf(layer: { metadata?: unknown }): LayerMeta | null {
  const m = layer.metadata as Partial<LayerMeta> | undefined;
  return m && typeof m["afdaek:table"] === "string" && typeof m["afdaek:role"] === "string" ? (m as LayerMeta) : null;
}

/** Style layer ids per project table, by role. */
export function layerIndex(style: StyleSpecification): Map<string, { id: string; role: Role }[]> {
  const out = new Map<string, { id: string; role: Role }[]>();
  for (const l of style.layers) {
    const m = metaOf(l);
    if (!m) continue;
    const list = out.get(m["afdaek:table"]) ?? [];
    list.push({ id: l.id, role: m["afdaek:role"] });
    out.set(m["afdaek:table"], list);
  }
  return out;
}

/** The layers a click or hover can pick (drawn features, not casings, labels or highlights). */
export function interactiveLayerIds(style: StyleSpecification): string[] {
  return style.layers.filter((l) => metaOf(l)?.["afdaek:role"] === "main").map((l) => l.id);
}

const OPACITY_PROPS: Record<string, (keyof AllPaintProperties)[]> = {
  fill: ["fill-opacity"],
  line: ["line-opacity"],
  circle: ["circle-opacity", "circle-stroke-opacity"],
  symbol: ["text-opacity"],
};

/** The paint opacities of one style layer for the user's opacity 0..1: the style's own base times it. */
export function opacityPaint(layer: LayerSpecification, user: number): [keyof AllPaintProperties, number][] {
  const paint = ((layer as { paint?: Record<string, unknown> }).paint ?? {}) as Record<string, unknown>;
  return (OPACITY_PROPS[layer.type] ?? []).map((prop) => {
    const base = paint[prop];
    return [prop, (typeof base === "number" ? base : 1) * user];
  });
}
