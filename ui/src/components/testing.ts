// Shared fixtures for component tests (jsdom, invoke mocked by each test file).
import type { Inspected, ProjectView, Vocabularies } from "../api";
import { app } from "../lib/store.svelte";
import { defaultVisit } from "../lib/visit";

export function project(over: Partial<ProjectView> = {}): ProjectView {
  return {
    path: "/home/mette/odense.gpkg",
    name: "Røgtest Odense",
    municipality: "0461",
    crs: "EPSG:25832",
    schema_version: 2,
    extent: null,
    extent_lonlat: [10.2, 55.3, 10.6, 55.5],
    layers: [
      { name: "roads", label: "Veje", label_en: "roads", geometry: "LINESTRING", count: 1717, extent: null },
      { name: "coverage", label: "Dækning", label_en: "coverage", geometry: "LINESTRING", count: 0, extent: null },
      { name: "buildings", label: "Bygninger", label_en: "buildings", geometry: "POINT", count: 884, extent: null },
      { name: "focus_areas", label: "Fokusområder", label_en: "focus_areas", geometry: "MULTIPOLYGON", count: 3, extent: null },
    ],
    read_only: false,
    read_only_reason: null,
    tile_revision: 1,
    coverage_revision: 1,
    last_visit: null,
    status_colours: { not_started: "#d73027", in_progress: "#fdae61", done: "#1a9850" },
    teams: [],
    ...over,
  };
}

export const inspected = (over: Partial<Inspected> = {}): Inspected => ({
  layer: "focus_areas",
  layer_label: "Fokusområder",
  fid: 7,
  title: "Vollsmose",
  fields: [
    { name: "name", label: "Navn", display: "Vollsmose", value: "Vollsmose", editable: true },
    { name: "priority", label: "Prioritet", display: "1", value: 1, editable: false },
    { name: "reviewed", label: "Sidst gennemgået", display: "24.11.2026", value: "2026-11-24", editable: false },
  ],
  ...over,
});

/** Puts the shared store back to a known state. */
export function resetApp(): void {
  app.language = "da";
  app.largeText = false;
  app.started = true;
  app.project = null;
  app.openError = null;
  app.userInitials = "MHJ";
  app.recentProjects = [];
  app.onlineBasemap = false;
  app.selection = null;
  app.inspected = null;
  app.fieldErrors = {};
  app.savingField = null;
  app.undoState = { undo: null, redo: null };
  app.history = [];
  app.historyOpen = false;
  app.layerPrefs = {};
  app.jobs = {};
  app.busy = 0;
  app.error = null;
  app.lastError = null;
  app.notice = null;
  app.dialog = null;
  app.importRequest = null;
  app.exportFormats = null;
  app.planLayers = null;
  app.fitRequest = null;
  app.pendingTrack = null;
  app.mode = "view";
  app.vocab = null;
  app.visit = defaultVisit(new Date(), null);
  app.ticking = false;
  app.areaSheet = null;
  app.areaCoverage = null;
  localStorage.clear();
}

/** Lets pending promises (mocked invokes) settle. */
export const flush = () => new Promise((r) => setTimeout(r, 0));

/** The backend's vocabularies for the visit bar (as vocab.rs has them). */
export const vocabularies = (): Vocabularies => ({
  visit_methods: [
    { code: "walk", da: "til fods", en: "on foot" },
    { code: "bike", da: "på cykel", en: "by bike" },
    { code: "car", da: "i bil", en: "by car" },
  ],
  times_of_day: [
    { code: "morning", da: "morgen", en: "morning" },
    { code: "day", da: "dagtimer", en: "daytime" },
    { code: "evening", da: "aften", en: "evening" },
    { code: "night", da: "nat", en: "night" },
  ],
});
