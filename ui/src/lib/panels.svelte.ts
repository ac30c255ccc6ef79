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
