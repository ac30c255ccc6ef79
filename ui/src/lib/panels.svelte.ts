// The right column's tabs: the selected feature (Valgt), the blind spots,
// the partners and what has gone stale. One shows at a time; the lists are
// the core's answers, fetched when their tab opens and again after every
// change of the project while it is open.
import * as api from "../api";
import { app } from "./store.svelte";

export type Tab = "inspector" | "blindspots" | "partners" | "stale";

class Panels {
  tab = $state<Tab>("inspector");
  partners = $state<api.PartnersOverview | null>(null);
  stale = $state<api.StaleReport | null>(null);

  /** Shows a tab and fetches its list. */
  show(tab: Tab): void {
    this.tab = tab;
    void this.refresh();
  }

  /** Fetches the open tab's list again (the blind spots have their own module). */
  async refresh(): Promise<void> {
    if (!app.project) return;
    if (this.tab === "partners") {
      const r = await app.run(() => api.partnersOverview());
      if (r) this.partners = r;
    } else if (this.tab === "stale") {
      const r = await app.run(() => api.stale());
      if (r) this.stale = r;
    }
  }
}

export const panels = new Panels();

/**
 * Calls `refresh` after every change of the open project (an edit, undo or
 * redo moves one of its tile revisions), not on the first run. Call it while
 * a component is set up: the effect lives as long as the component.
 */
export function refreshOnChange(refresh: () => void): void {
  let seen = "";
  $effect(() => {
    const key = `${app.project?.path}:${app.project?.tile_revision}:${app.project?.coverage_revision}`;
    if (key === seen) return;
    const first = seen === "";
    seen = key;
    if (!first) refresh();
  });
}
