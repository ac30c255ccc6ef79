// The app's state, with Svelte 5 runes, and the actions that change it.
// Everything shown comes from the backend (api.ts); this only remembers what
// it said, what is selected, and the per-project layer settings of this computer.
import * as api from "../api";
import type { Shortcut } from "./keys";
import { t } from "./i18n";
import { tickTiming } from "./timing";
import { formatCount, formatMetres } from "./format";
import { defaultVisit, fitVocabularies, visitToSend, weekdayOf } from "./visit";

export type Lang = "da" | "en";
export type DialogName = "open" | "new" | "saveCopy" | "import" | "export" | "settings";
/**
 * One mode at a time: Vis (look, select, inspect), Afkryds (tick streets),
 * Tegn (draw a new feature or reshape the selected one) or Kør (mark a drive).
 */
export type Mode = "view" | "tick" | "draw" | "drive";

/** Layers with coverage figures: selecting one shows its covered street length. */
export const AREA_LAYERS = ["focus_areas", "housing_areas", "visited_zones"];

export interface Selection {
  layer: string;
  fid: number;
}

export interface LayerPref {
  visible: boolean;
  /** 0..1, multiplied into every opacity of the layer's map styles. */
  opacity: number;
}

export const DEFAULT_PREF: LayerPref = { visible: true, opacity: 1 };
export const HISTORY_LIMIT = 50;
/** How long edits must pause before the area sheet's analyses run again. */
export const SHEET_DELAY_MS = 400;

/** A call whose refusal the caller shows itself (inside a dialog), in the core's words. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

type Bounds = [number, number, number, number];

/** Initials: 2–6 letters (Danish letters included). */
export function validInitials(s: string): boolean {
  return /^\p{L}{2,6}$/u.test(s.trim());
}

/** The backend rejects with a Danish string; anything else is shown as text. */
export function messageOf(e: unknown): string {
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message;
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}

const prefsKey = (path: string) => `afdaek.layers:${path}`;

function loadPrefs(path: string): Record<string, LayerPref> {
  try {
    const raw = globalThis.localStorage?.getItem(prefsKey(path));
    if (!raw) return {};
    const parsed = JSON.parse(raw) as Record<string, Partial<LayerPref>>;
    const out: Record<string, LayerPref> = {};
    for (const [k, v] of Object.entries(parsed)) {
      const opacity = typeof v.opacity === "number" ? Math.min(1, Math.max(0, v.opacity)) : 1;
      out[k] = { visible: v.visible !== false, opacity };
    }
    return out;
  } catch {
    return {};
  }
}

function savePrefs(path: string, prefs: Record<string, LayerPref>): void {
  try {
    globalThis.localStorage?.setItem(prefsKey(path), JSON.stringify(prefs));
  } catch {
    // A full or disabled storage only loses the setting, never the data.
  }
}

export class AppState {
  language = $state<Lang>("da");
  /** Larger type everywhere, for a projector (per user). */
  largeText = $state(false);
  /** appStatus has answered (or failed): the window knows what to show. */
  started = $state(false);
  project = $state<api.ProjectView | null>(null);
  openError = $state<string | null>(null);
  userInitials = $state<string | null>(null);
  recentProjects = $state<string[]>([]);
  /** The online OpenStreetMap basemap (a per-user setting in the backend; off by default). */
  onlineBasemap = $state(false);

  selection = $state<Selection | null>(null);
  inspected = $state<api.Inspected | null>(null);
  /** The selected area's coverage figures (focus, housing and visited areas), kept in step with every edit. */
  areaCoverage = $state<api.AreaCoverage | null>(null);
  /** The selected focus area's sheet (priority, week table, next steps, dimensions, fidelity). */
  areaSheet = $state<api.AreaSheet | null>(null);
  /** A planned route through the selected area's uncovered streets (drawn on the map). */
  route = $state<api.RouteReport | null>(null);
  routeBusy = $state(false);
  /** The backend's message per field name after a refused save. */
  fieldErrors = $state<Record<string, string>>({});
  savingField = $state<string | null>(null);

  undoState = $state<api.UndoState>({ undo: null, redo: null });
  history = $state<api.HistoryLine[]>([]);
  historyOpen = $state(false);

  layerPrefs = $state<Record<string, LayerPref>>({});

  /** Running jobs from the "progress" event, by job id. */
  jobs = $state<Record<string, api.Progress>>({});
  /** Calls in flight. */
  busy = $state(0);

  /** The message in the error toast (dismissable). */
  error = $state<string | null>(null);
  /** The last error shown, kept for the test handle. */
  lastError = $state<string | null>(null);
  /** A short confirmation (e.g. a saved copy). */
  notice = $state<string | null>(null);
  dialog = $state<DialogName | null>(null);
  /** The file the Import dialog starts on (chosen or dropped on the window); `seq` makes a new drop count. */
  importRequest = $state<{ path: string | null; seq: number } | null>(null);
  /** The export formats the backend offers, once fetched. */
  exportFormats = $state<api.ExportFormatInfo[] | null>(null);
  /** The layers an area plan can draw (the core's list), once fetched. */
  planLayers = $state<api.PlanLayer[] | null>(null);
  /** Where the map should go next (WGS84 bounds), e.g. what was just imported; `seq` makes a repeat count. */
  fitRequest = $state<{ bounds: Bounds; seq: number } | null>(null);
  /** A GPX file to run along the roads as coverage (see openTrack). */
  pendingTrack = $state<string | null>(null);

  mode = $state<Mode>("view");
  /** The backend's vocabularies for the visit bar, once fetched. */
  vocab = $state<api.Vocabularies | null>(null);
  /** The visit every tick is credited with (the visit bar). */
  visit = $state<api.Visit>(defaultVisit(new Date(), null));
  /** A tick or untick is on its way: further clicks wait. */
  ticking = $state(false);
  #vocabLoading: Promise<void> | null = null;

  /** First start: the initials dialog is up and owns the keyboard. */
  get askInitials(): boolean {
    return this.started && !this.userInitials;
  }

  get readOnly(): boolean {
    return this.project?.read_only ?? false;
  }

  get objectCount(): number {
    return this.project?.layers.reduce((n, l) => n + l.count, 0) ?? 0;
  }

  /** The job shown in the progress bar: the first unfinished one. */
  get progress(): api.Progress | null {
    return Object.values(this.jobs)[0] ?? null;
  }

  pref(table: string): LayerPref {
    return this.layerPrefs[table] ?? DEFAULT_PREF;
  }

  // ---- errors and busy ----------------------------------------------------

  showError(e: unknown): void {
    const m = messageOf(e);
    this.error = m;
    this.lastError = m;
  }

  dismissError(): void {
    this.error = null;
  }

  /** Runs a backend call, counting it as busy; a rejection goes to the toast and gives undefined. */
  async run<T>(f: () => Promise<T>): Promise<T | undefined> {
    this.busy++;
    try {
      return await f();
    } catch (e) {
      this.showError(e);
      return undefined;
    } finally {
      this.busy--;
    }
  }

  /** Runs a call for its effect: true when it succeeded (a failure goes to the toast). */
  async attempt(f: () => Promise<unknown>): Promise<boolean> {
    return (await this.run(async () => (await f(), true))) === true;
  }

  progressEvent(p: api.Progress): void {
    if (p.finished) {
      const { [p.job]: _done, ...rest } = this.jobs;
      this.jobs = rest;
    } else {
      this.jobs = { ...this.jobs, [p.job]: p };
    }
  }

  // ---- start and project ----------------------------------------------------

  /** Asks the backend what is open. Rejects only when app_status itself fails (after showing it). */
  async init(): Promise<void> {
    try {
      const s = await api.appStatus();
      this.userInitials = s.user_initials;
      this.recentProjects = s.recent_projects;
      this.onlineBasemap = s.online_basemap === true;
      this.language = s.language === "en" ? "en" : "da";
      this.largeText = s.large_text === true;
      this.openError = s.open_error;
      if (s.project) this.setProject(s.project);
    } catch (e) {
      this.showError(e);
      throw e;
    } finally {
      this.started = true;
    }
  }

  /** Shows a (newly) opened project: layer settings, undo and history are its own. */
  setProject(p: api.ProjectView): void {
    this.project = p;
    this.openError = null;
    this.selection = null;
    this.inspected = null;
    this.fieldErrors = {};
    this.undoState = { undo: null, redo: null };
    this.history = [];
    this.layerPrefs = loadPrefs(p.path);
    this.mode = "view";
    this.visit = defaultVisit(new Date(), p.last_visit ?? null, this.vocab);
    this.recentProjects = [p.path, ...this.recentProjects.filter((r) => r !== p.path)].slice(0, 10);
    void this.refreshUndo();
    void this.refreshHistory();
  }

  /** Re-fetches project info (counts, revision), undo state and history. */
  async refresh(): Promise<void> {
    await Promise.all([this.refreshProject(), this.refreshUndo(), this.refreshHistory()]);
  }

  async refreshProject(): Promise<void> {
    if (!this.project) return;
    const p = await this.run(() => api.projectInfo());
    if (p && this.project && p.path === this.project.path) this.project = p;
  }

  async refreshUndo(): Promise<void> {
    if (!this.project) return;
    const u = await this.run(() => api.undoState());
    if (u) this.undoState = u;
  }

  /** Shows or hides the history panel; it is fetched when shown (and kept fresh only while shown). */
  toggleHistory(): void {
    this.historyOpen = !this.historyOpen;
    if (this.historyOpen) void this.refreshHistory();
  }

  async refreshHistory(): Promise<void> {
    // Closed, it is not fetched: a tick must not wait for the audit log.
    if (!this.project || !this.historyOpen) return;
    const h = await this.run(() => api.history(HISTORY_LIMIT));
    if (h) this.history = h;
  }

  async openProject(path: string): Promise<boolean> {
    const p = await this.run(() => api.openProject(path));
    if (!p) return false;
    this.setProject(p);
    return true;
  }

  async newProject(path: string, name: string, municipality: string): Promise<boolean> {
    const p = await this.run(() => api.newProject(path, name, municipality));
    if (!p) return false;
    this.setProject(p);
    return true;
  }

  async saveCopy(path: string): Promise<boolean> {
    return this.attempt(() => api.saveCopy(path));
  }

  async setInitials(initials: string): Promise<boolean> {
    const clean = initials.trim().toUpperCase();
    if (!validInitials(clean)) return false;
    const ok = await this.attempt(() => api.setUserInitials(clean));
    if (ok) this.userInitials = clean;
    return ok;
  }

  // ---- selection and inspector ---------------------------------------------

  async select(layer: string, fid: number): Promise<void> {
    if (this.selection?.layer === layer && this.selection.fid === fid && this.inspected) return;
    this.selection = { layer, fid };
    this.inspected = null;
    this.areaCoverage = null;
    this.areaSheet = null;
    this.route = null;
    this.fieldErrors = {};
    try {
      const i = await api.inspect(layer, fid);
      if (this.selection?.layer === layer && this.selection.fid === fid) {
        this.inspected = i;
        void this.refreshAreaCoverage();
        void this.refreshAreaSheet();
      }
    } catch (e) {
      if (this.selection?.layer === layer && this.selection.fid === fid) this.clearSelection();
      this.showError(e);
    }
  }

  clearSelection(): void {
    this.selection = null;
    this.inspected = null;
    this.areaCoverage = null;
    this.areaSheet = null;
    this.route = null;
    this.fieldErrors = {};
  }

  #sheetTimer: ReturnType<typeof setTimeout> | undefined;

  /** Fetches the sheet again after edits pause for a moment (a drag of ticks makes it once). */
  refreshAreaSheetSoon(): void {
    clearTimeout(this.#sheetTimer);
    this.#sheetTimer = setTimeout(() => void this.refreshAreaSheet(), SHEET_DELAY_MS);
  }

  /** Plans a route through the selected area's uncovered streets; errors are shown in words. */
  async planRoute(method: api.RouteMethod, returnToStart: boolean): Promise<void> {
    const sel = this.selection;
    if (!sel) return;
    this.routeBusy = true;
    try {
      const r = await api.planRoute(sel.layer, sel.fid, method, returnToStart);
      if (this.selection === sel) this.route = r;
    } catch (e) {
      this.showError(e);
    } finally {
      this.routeBusy = false;
    }
  }

  /** Saves the planned route (as planned: same method, same return) to `path`; a notice says where. */
  async saveRoute(path: string): Promise<boolean> {
    const sel = this.selection;
    const r = this.route;
    if (!sel || !r) return false;
    try {
      await api.saveRoute(sel.layer, sel.fid, r.method, r.returns_to_start, path);
      this.notice = t("route.saved", { path });
      return true;
    } catch (e) {
      this.showError(e);
      return false;
    }
  }

  /** Fetches the selected focus area's sheet (nothing for other layers). */
  async refreshAreaSheet(): Promise<void> {
    const sel = this.selection;
    if (!sel || sel.layer !== "focus_areas") return;
    try {
      const s = await api.areaSheet(sel.fid);
      if (this.selection === sel) this.areaSheet = s;
    } catch {
      if (this.selection === sel) this.areaSheet = null;
    }
  }

  /**
   * Runs an edit and shows what it did: the refresh after any change, and its
   * label as a notice. A refusal is thrown (for a form to show at its field).
   */
  async commit(call: () => Promise<api.Changed>): Promise<void> {
    this.busy++;
    try {
      const c = await call();
      await this.applyChanged(c);
      this.notice = c.label;
    } finally {
      this.busy--;
    }
  }

  /** As `commit`, with a refusal in the toast: true when the edit was done. */
  tryCommit(call: () => Promise<api.Changed>): Promise<boolean> {
    return this.attempt(() => this.commit(call));
  }

  /** Gives the selected focus area the priority its criteria give (one undoable edit). */
  async applyDerivedPriority(): Promise<boolean> {
    const sel = this.selection;
    if (!sel || sel.layer !== "focus_areas") return false;
    return this.tryCommit(() => api.applyDerivedPriority(sel.fid));
  }

  /** Adds a communication-plan row to the selected focus area; the core's refusal is thrown for the form. */
  async addPlanRow(row: Omit<api.PlanRow, "fid" | "area_fid">): Promise<void> {
    const sel = this.selection;
    if (!sel || sel.layer !== "focus_areas") return;
    await this.commit(() => api.addPlanRow({ ...row, fid: null, area_fid: sel.fid }));
  }

  async deletePlanRow(fid: number): Promise<void> {
    await this.tryCommit(() => api.deletePlanRow(fid));
  }

  /** Records the fidelity answers chosen (question → answer) for the selected focus area, dated today. */
  async answerFidelity(answers: Record<string, string>): Promise<boolean> {
    const sel = this.selection;
    const pairs = Object.entries(answers).filter(([, a]) => a) as [string, string][];
    if (!sel || sel.layer !== "focus_areas" || pairs.length === 0 || !this.areaSheet) return false;
    const today = this.areaSheet.today;
    return this.tryCommit(() => api.answerFidelity(sel.fid, today, pairs));
  }

  /** Fetches the selected area's coverage figures (nothing for other layers). */
  async refreshAreaCoverage(): Promise<void> {
    const sel = this.selection;
    if (!sel || !AREA_LAYERS.includes(sel.layer)) return;
    try {
      const c = await api.areaCoverage(sel.layer, sel.fid);
      if (this.selection === sel) this.areaCoverage = c;
    } catch {
      // A deleted area: the inspector clears the selection on its own.
      if (this.selection === sel) this.areaCoverage = null;
    }
  }

  /** Inspects the selected feature again; clears the selection if it no longer exists. */
  async reinspect(): Promise<void> {
    const sel = this.selection;
    if (!sel) return;
    try {
      const i = await api.inspect(sel.layer, sel.fid);
      if (this.selection === sel) this.inspected = i;
    } catch {
      if (this.selection === sel) this.clearSelection();
    }
  }

  /** Saves one field of the inspected feature. A refusal is shown at the field; nothing changes. */
  async saveField(name: string, value: string): Promise<boolean> {
    const ins = this.inspected;
    if (!ins) return false;
    const trimmed = value.trim();
    const { [name]: _old, ...others } = this.fieldErrors;
    this.fieldErrors = others;
    this.savingField = name;
    this.busy++;
    try {
      const changed = await api.updateFeature(ins.layer, ins.fid, { [name]: trimmed === "" ? null : trimmed });
      await this.applyChanged(changed);
      return true;
    } catch (e) {
      this.fieldErrors = { ...this.fieldErrors, [name]: messageOf(e) };
      return false;
    } finally {
      this.busy--;
      this.savingField = null;
    }
  }

  // ---- undo and redo ----------------------------------------------------------

  get canUndo(): boolean {
    return !!this.project && !this.readOnly && !!this.undoState.undo;
  }

  get canRedo(): boolean {
    return !!this.project && !this.readOnly && !!this.undoState.redo;
  }

  async undo(): Promise<void> {
    if (!this.canUndo) return;
    const c = await this.run(() => api.undo());
    if (c) await this.applyChanged(c);
  }

  async redo(): Promise<void> {
    if (!this.canRedo) return;
    const c = await this.run(() => api.redo());
    if (c) await this.applyChanged(c);
  }

  /** After an edit, undo or redo: new tiles, undo state, counts, history and inspector. */
  async applyChanged(c: api.Changed): Promise<void> {
    this.undoState = c.undo;
    if (this.project) this.project = { ...this.project, tile_revision: c.tile_revision, coverage_revision: c.coverage_revision };
    // The sheet's analyses (next steps, blind spots inside) take longer: it
    // follows once the edits have paused, so it never holds the session while
    // the tick's figure and tiles are made (measured: it cost the map ~40 ms).
    this.refreshAreaSheetSoon();
    // The area's figure first: it is what the team watches while ticking.
    await Promise.all([
      this.refreshAreaCoverage().then(() => (tickTiming.figure = performance.now())),
      this.refreshProject(),
      this.refreshHistory(),
      this.reinspect(),
    ]);
  }

  // ---- layers -----------------------------------------------------------------

  setLayerVisible(table: string, visible: boolean): void {
    this.layerPrefs = { ...this.layerPrefs, [table]: { ...this.pref(table), visible } };
    if (this.project) savePrefs(this.project.path, this.layerPrefs);
  }

  setLayerOpacity(table: string, opacity: number): void {
    const o = Math.min(1, Math.max(0, opacity));
    this.layerPrefs = { ...this.layerPrefs, [table]: { ...this.pref(table), opacity: o } };
    if (this.project) savePrefs(this.project.path, this.layerPrefs);
  }

  // ---- project settings -----------------------------------------------------------

  /**
   * Changes one of the project's settings (the team's, in the file): one
   * undoable edit. The core's refusal is thrown, for the dialog to show at the field.
   */
  async setProjectSetting(key: string, value: unknown): Promise<void> {
    await this.commit(() => api.setProjectSetting(key, value));
  }


  // ---- language -----------------------------------------------------------------

  /** Switches every label at once (no restart) and keeps the choice for this user. */
  async setLanguage(language: Lang): Promise<boolean> {
    const before = this.language;
    this.language = language;
    const ok = await this.attempt(() => api.setLanguage(language));
    if (!ok) this.language = before;
    return ok;
  }

  /** Larger type everywhere (a projector in a meeting room); kept for this user. */
  async setLargeText(on: boolean): Promise<boolean> {
    const ok = await this.attempt(() => api.setLargeText(on));
    if (ok) this.largeText = on;
    return ok;
  }

  // ---- basemap ----------------------------------------------------------------

  /** Turns the online basemap on or off in the backend, then on the map. A refusal goes to the toast. */
  async setOnlineBasemap(on: boolean): Promise<boolean> {
    const ok = await this.attempt(() => api.setOnlineBasemap(on));
    if (ok) this.onlineBasemap = on;
    return ok;
  }

  // ---- modes and keys ---------------------------------------------------------

  /** Afkryds needs a project that may be changed. */
  get canTick(): boolean {
    return !!this.project && !this.readOnly;
  }

  /** Switches mode; every mode but Vis is refused (false) without a writable project. */
  setMode(m: Mode): boolean {
    if (m !== "view") {
      if (!this.canTick) return false;
      void this.ensureVocabularies();
    }
    // A marked drive is by car unless the team says otherwise in the visit bar.
    if (m === "drive" && this.mode !== "drive") this.setVisit({ method: "car" });
    this.mode = m;
    return true;
  }

  /**
   * Carries out a keyboard shortcut (see keys.ts). Esc always returns to Vis
   * and closes the dialog or else clears the selection; the others wait while a
   * dialog is open. True when the key was used (the caller prevents its default).
   */
  shortcut(s: Shortcut): boolean {
    if (s === "escape") {
      this.mode = "view";
      if (this.dialog) this.closeDialog();
      else if (this.selection) this.clearSelection();
      return false;
    }
    if (this.dialog || this.askInitials || !this.project) return false;
    switch (s) {
      case "undo":
        void this.undo();
        return true;
      case "redo":
        void this.redo();
        return true;
      case "mode-view":
        return this.setMode("view");
      case "mode-tick":
        return this.setMode("tick");
      case "mode-draw":
        return this.setMode("draw");
      case "mode-drive":
        return this.setMode("drive");
      default:
        return false;
    }
  }

  // ---- the visit bar and ticking ----------------------------------------------

  /** Fetches the vocabularies once (again after a failure, which goes to the toast). */
  ensureVocabularies(): Promise<void> {
    if (this.vocab) return Promise.resolve();
    this.#vocabLoading ??= (async () => {
      try {
        const v = await this.run(() => api.vocabularies());
        if (v) {
          const vocab = { visit_methods: v.visit_methods ?? [], times_of_day: v.times_of_day ?? [] };
          this.vocab = vocab;
          this.visit = fitVocabularies(this.visit, vocab);
        }
      } finally {
        this.#vocabLoading = null;
      }
    })();
    return this.#vocabLoading;
  }

  /** Changes the visit (the core keeps method, team and time of day in the project when it is used). */
  setVisit(patch: Partial<api.Visit>): void {
    this.visit = { ...this.visit, ...patch };
  }

  /**
   * Ticks (or with `remove`, unticks) the street stretch at a map click. On
   * success the tiles, undo state, counts and history follow and a notice says
   * what happened; a refusal goes to the error toast. True when it was done.
   */
  async tickAt(lon: number, lat: number, remove = false): Promise<boolean> {
    return this.#tick(remove, (visit) => (remove ? api.untick(lon, lat) : api.tick(lon, lat, visit)));
  }

  /** Ticks the street stretches a drag ran along ([lon, lat] in order); as tickAt. */
  async tickAlong(path: [number, number][]): Promise<boolean> {
    return this.#tick(false, (visit) => api.tickAlong(path, visit));
  }

  /** The visit to credit, as sent; null (and the toast says why) when it has no date. */
  creditableVisit(): api.Visit | null {
    const visit = visitToSend(this.visit);
    if (weekdayOf(visit.date)) return visit;
    this.showError(t("visit.needDate"));
    return null;
  }

  async #tick(remove: boolean, call: (visit: api.Visit) => Promise<api.TickAnswer>): Promise<boolean> {
    if (!this.canTick || this.ticking) return false;
    // An untick removes every date's coverage: it needs no visit.
    const visit = remove ? visitToSend(this.visit) : this.creditableVisit();
    if (!visit) return false;
    this.ticking = true;
    const started = performance.now();
    try {
      const a = await this.run(() => call(visit));
      if (!a) return false;
      Object.assign(tickTiming, { started, answered: performance.now(), figure: 0, refreshed: 0, redrawn: 0, revision: a.coverage_revision, ...a.timing });
      const street = a.street?.trim() || t("tick.unnamed");
      this.notice = remove ? t("tick.removed", { street }) : t("tick.done", { street, length: formatMetres(a.length_m) });
      await this.applyChanged(a);
      tickTiming.refreshed = performance.now();
      return true;
    } finally {
      this.ticking = false;
    }
  }

  // ---- import and export --------------------------------------------------------

  /** Runs a backend call, counting it as busy; a refusal is handed back, not shown. */
  async outcome<T>(f: () => Promise<T>): Promise<Outcome<T>> {
    this.busy++;
    try {
      return { ok: true, value: await f() };
    } catch (e) {
      return { ok: false, message: messageOf(e) };
    } finally {
      this.busy--;
    }
  }

  /** Importing needs a project that may be changed. */
  get canImport(): boolean {
    return !!this.project && !this.readOnly;
  }

  /** Opens the Import dialog, on a file already chosen (a drop) or none. False without a writable project. */
  openImport(path: string | null = null): boolean {
    if (!this.canImport) return false;
    this.importRequest = { path, seq: (this.importRequest?.seq ?? 0) + 1 };
    this.dialog = "import";
    return true;
  }

  /** Files dropped on the window: the first one goes to the Import dialog. */
  filesDropped(paths: string[]): void {
    const path = paths[0];
    if (!path || this.askInitials) return;
    if (!this.project) this.showError(t("import.needProject"));
    else if (!this.canImport) this.showError(t("import.readOnly"));
    else this.openImport(path);
  }

  /** What importing the file would do; nothing is stored. */
  previewImport(path: string, asLayer: string | null, clip: boolean): Promise<Outcome<api.ImportPreview>> {
    return this.outcome(() => api.importPreview(path, asLayer, clip));
  }

  /**
   * Imports the file (all or nothing, one undoable edit). Afterwards the
   * counts, tiles, undo and history follow and the map goes to what came in.
   */
  async importFile(path: string, asLayer: string | null, clip: boolean): Promise<Outcome<api.ImportReport>> {
    if (!this.canImport) return { ok: false, message: t("import.readOnly") };
    const r = await this.outcome(() => api.importFile(path, asLayer, clip));
    if (r.ok) {
      await this.refresh();
      if (r.value.extent_lonlat) this.fitTo(r.value.extent_lonlat);
    }
    return r;
  }

  /** Moves the map to show these WGS84 bounds. */
  fitTo(bounds: Bounds): void {
    this.fitRequest = { bounds, seq: (this.fitRequest?.seq ?? 0) + 1 };
  }

  /**
   * A GPX file to run along the roads as coverage (from the Import dialog or
   * a dropped file): handed to the GPS-track panel (lib/track.svelte.ts),
   * which matches it and shows it beside the raw track.
   */
  async openTrack(path: string): Promise<void> {
    this.pendingTrack = path;
  }

  /** Fetches the export formats once (a failure goes to the toast). */
  async ensureExportFormats(): Promise<void> {
    if (this.exportFormats) return;
    const f = await this.run(() => api.exportFormats());
    if (f) this.exportFormats = f;
  }

  /** Writes layers to a file; a notice then says where. */
  async exportLayers(layers: string[], format: string, path: string, includePrivate: boolean): Promise<Outcome<api.Exported>> {
    const r = await this.outcome(() => api.exportLayers(layers, format, path, includePrivate));
    if (r.ok) this.notice = t("export.done", { count: formatCount(r.value.count), path });
    return r;
  }

  /** Writes the referral counts (under 5 shown as "<5") as CSV; a notice then says where. */
  async exportReferralCounts(path: string): Promise<Outcome<void>> {
    const r = await this.outcome(() => api.exportReferralCounts(path));
    if (r.ok) this.notice = t("export.referralDone", { path });
    return r;
  }

  // ---- the area plan (PDF) ------------------------------------------------------

  /** Fetches the layers an area plan can draw once (a failure goes to the toast). */
  async ensurePlanLayers(): Promise<void> {
    if (this.planLayers) return;
    const l = await this.run(() => api.planLayers());
    if (l) this.planLayers = l;
  }

  /** The focus areas a plan can be made for, atlas order; [] after a failure (shown in the toast). */
  async planAreas(): Promise<string[]> {
    return (await this.run(() => api.planAreas())) ?? [];
  }

  /** Page 1 of the plan as SVG, with the progress bar up meanwhile; a refusal in the core's words. */
  previewPlan(options: api.PlanChoices): Promise<Outcome<api.PlanPreview>> {
    return this.whilePlanning(t("plan.previewing"), () => api.planPreview(options));
  }

  /** Makes the plan and writes the PDF, with the progress bar up meanwhile; a refusal in the core's words. */
  savePlan(options: api.PlanChoices, path: string): Promise<Outcome<api.SavedPlan>> {
    return this.whilePlanning(t("plan.saving"), () => api.savePlan(options, path));
  }

  /** The plan is one call with no steps to count: an indeterminate bar that cannot be stopped. */
  async whilePlanning<T>(label: string, f: () => Promise<T>): Promise<Outcome<T>> {
    this.progressEvent({ job: "plan", label, done: 0, total: null, finished: false, cancellable: false });
    try {
      return await this.outcome(f);
    } finally {
      this.progressEvent({ job: "plan", label, done: 1, total: 1, finished: true });
    }
  }

  // ---- dialogs ----------------------------------------------------------------

  openDialog(d: DialogName): void {
    this.dialog = d;
  }

  closeDialog(): void {
    this.dialog = null;
  }
}

export const app = new AppState();
