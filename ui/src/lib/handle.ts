// `window.afdaek`: the handle the end-to-end tests use to wait for the map
// and ask what it shows. Its shape is a contract with tests/e2e; keep it.
import type { Map as MlMap } from "maplibre-gl";
import { app, type AppState } from "./store.svelte";
import { tickTiming, type TickTiming } from "./timing";

export interface AfdaekHandle {
  /** The MapLibre map, or null (no project, or not created yet). */
  map: MlMap | null;
  /** Resolves once the project is shown and the map has loaded its style, or on error (then `error` is set). */
  ready: Promise<void>;
  /** May stay empty: the map reads vector tiles, not per-layer data. */
  loaded: Record<string, number>;
  /** The start-up error, or the last error shown; null when all went well. */
  error: string | null;
  /** The app state (read-only use by tests). */
  state: AppState;
  /** Re-fetches project info, undo state and history. */
  refresh: () => Promise<void>;
  /** The last tick's timing (click → core answer → figures → map drawn). */
  tickTiming: TickTiming;
}

declare global {
  interface Window {
    afdaek: AfdaekHandle;
  }
}

let resolveReady: () => void = () => {};
let settled = false;
let startError: string | null = null;

export const handle: AfdaekHandle = {
  map: null,
  ready: new Promise<void>((resolve) => {
    resolveReady = resolve;
  }),
  loaded: {},
  get error(): string | null {
    return startError ?? app.lastError;
  },
  set error(e: string | null) {
    startError = e;
  },
  state: app,
  refresh: () => app.refresh(),
  tickTiming,
};

/** Resolves `ready` (once), first recording the error if there is one. */
export function settleReady(error: string | null): void {
  if (error !== null && startError === null) startError = error;
  if (settled) return;
  settled = true;
  resolveReady();
}

export function setHandleMap(map: MlMap | null): void {
  handle.map = map;
}

/** Start-up milestones (ms since the page started), logged with the first complete map paint. */
export const startupMarks: Record<string, number> = {};
