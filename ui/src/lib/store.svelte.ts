// The app's state, with Svelte 5 runes, and the actions that change it.
// Everything shown comes from the backend (api.ts); this only remembers what
// it said, what is selected, and the per-project layer settings of this computer.
import * as api from "../api";
import type { Shortcut } from "./keys";
import { t } from "./i18n";
import { formatMetres } from "./format";
import { defaultVisit, fitVocabularies, loadRememberedVisit, rememberVisit, visitToSend, weekdayOf } from "./visit";

export type Lang = "da" | "en";
export type DialogName = "open" | "new" | "saveCopy";
/** One mode at a time: Vis (look, select, inspect) or Afkryds (tick streets). */
export type Mode = "view" | "tick";

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
    this.visit = defaultVisit(new Date(), loadRememberedVisit(p.path), this.vocab);
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

  async refreshHistory(): Promise<void> {
    if (!this.project) return;
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
    this.fieldErrors = {};
    try {
      const i = await api.inspect(layer, fid);
      if (this.selection?.layer === layer && this.selection.fid === fid) this.inspected = i;
    } catch (e) {
      if (this.selection?.layer === layer && this.selection.fid === fid) this.clearSelection();
      this.showError(e);
    }
  }

  clearSelection(): void {
    this.selection = null;
    this.inspected = null;
    this.fieldErrors = {};
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
    if (this.project) this.project = { ...this.project, tile_revision: c.tile_revision };
    await Promise.all([this.refreshProject(), this.refreshHistory(), this.reinspect()]);
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

  /** Switches mode; Afkryds is refused (false) without a writable project. */
  setMode(m: Mode): boolean {
    if (m === "tick") {
      if (!this.canTick) return false;
      void this.ensureVocabularies();
    }
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

  /** Changes the visit; method, team and time of day are remembered for the project (the date is not). */
  setVisit(patch: Partial<api.Visit>): void {
    this.visit = { ...this.visit, ...patch };
    if (this.project && ("method" in patch || "team" in patch || "time_of_day" in patch)) {
      rememberVisit(this.project.path, this.visit, new Date());
    }
  }

  /**
   * Ticks (or with `remove`, unticks) the street stretch at a map click. On
   * success the tiles, undo state, counts and history follow and a notice says
   * what happened; a refusal goes to the error toast. True when it was done.
   */
  async tickAt(lon: number, lat: number, remove = false): Promise<boolean> {
    if (!this.canTick || this.ticking) return false;
    const visit = visitToSend(this.visit);
    if (!remove && !weekdayOf(visit.date)) {
      this.showError(t("visit.needDate"));
      return false;
    }
    this.ticking = true;
    try {
      const a = await this.run(() => (remove ? api.untick(lon, lat) : api.tick(lon, lat, visit)));
      if (!a) return false;
      const street = a.street?.trim() || t("tick.unnamed");
      this.notice = remove ? t("tick.removed", { street }) : t("tick.done", { street, length: formatMetres(a.length_m) });
      await this.applyChanged(a);
      return true;
    } finally {
      this.ticking = false;
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
