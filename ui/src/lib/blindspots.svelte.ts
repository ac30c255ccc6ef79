// The blind-spot list: the core's ranked blind spots (Session::blindspots),
// fetched when the panel opens and again after every change of the project
// while it is open (a tick can take a dormitory off the list). The UI only
// filters by type and remembers which one is picked.
import * as api from "../api";
import { app } from "./store.svelte";
import { panels } from "./panels.svelte";

export class BlindSpots {
  /** The right column shows the list (its tab in `panels`). */
  get open(): boolean {
    return panels.tab === "blindspots";
  }
  set open(on: boolean) {
    panels.tab = on ? "blindspots" : "inspector";
  }
  report = $state<api.BlindSpotReport | null>(null);
  loading = $state(false);
  /** Only this type (a vocabulary code), or all with "". */
  type = $state("");
  /** The picked entry (its id), shown on the map. */
  picked = $state<string | null>(null);
  #request = 0;

  /** The entries shown: the report's, of the chosen type. */
  get shown(): api.BlindSpot[] {
    const all = this.report?.blindspots ?? [];
    return this.type ? all.filter((b) => b.type === this.type) : all;
  }

  /** The types in the report with their labels and counts, for the filter. */
  get types(): { code: string; label: string; count: number }[] {
    const m = new Map<string, { code: string; label: string; count: number }>();
    for (const b of this.report?.blindspots ?? []) {
      const e = m.get(b.type) ?? { code: b.type, label: app.language === "en" ? b.type_label_en : b.type_label, count: 0 };
      e.count++;
      m.set(b.type, e);
    }
    return [...m.values()].sort((a, b) => b.count - a.count);
  }

  toggle(): void {
    this.open = !this.open;
    if (this.open) void this.refresh();
  }

  /** Shows the list and fetches it. */
  show(): void {
    this.open = true;
    void this.refresh();
  }

  /** Asks the core again; a late answer to an older request is dropped. */
  async refresh(): Promise<void> {
    if (!app.project) return;
    const id = ++this.#request;
    this.loading = true;
    try {
      const r = await app.run(() => api.blindspots(null));
      if (r && id === this.#request) {
        this.report = r;
        if (this.picked && !r.blindspots.some((b) => b.id === this.picked)) this.picked = null;
      }
    } finally {
      if (id === this.#request) this.loading = false;
    }
  }
}

export const blindSpots = new BlindSpots();
