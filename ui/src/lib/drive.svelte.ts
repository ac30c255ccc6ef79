// Kør: a drive marked by clicking points along it. After every click (or a
// dragged point) the core routes the car path through them (one-way streets
// respected) and the map shows it with its length; Enter or "Bekræft"
// credits it with the visit bar's visit, Esc or "Annullér" drops it.
import * as api from "../api";
import { t } from "./i18n";
import { formatDistance } from "./format";
import { app, messageOf } from "./store.svelte";
import { visitToSend } from "./visit";

export class Drive {
  /** The clicked points, [lon, lat], in order. */
  points = $state<[number, number][]>([]);
  /** The routed path through them (a preview until confirmed). */
  preview = $state<api.DriveAnswer | null>(null);
  /** Why the points cannot be routed (shown in the drive bar), or null. */
  problem = $state<string | null>(null);
  routing = $state(false);
  confirming = $state(false);
  /** Routing requests are numbered; a late answer to an older one is dropped. */
  #request = 0;

  get canConfirm(): boolean {
    return this.points.length >= 2 && !!this.preview && !this.problem && !this.routing && !this.confirming;
  }

  add(lon: number, lat: number): void {
    this.points = [...this.points, [lon, lat]];
    void this.route();
  }

  /** A point was dragged: route again. */
  move(i: number, lon: number, lat: number): void {
    if (i < 0 || i >= this.points.length) return;
    this.points = this.points.map((p, j) => (j === i ? [lon, lat] : p));
    void this.route();
  }

  removeLast(): void {
    this.points = this.points.slice(0, -1);
    void this.route();
  }

  /** Drops the drive; nothing is stored. */
  cancel(): void {
    this.#request++;
    this.points = [];
    this.preview = null;
    this.problem = null;
    this.routing = false;
  }

  /** Asks the core for the route through the points (a preview: nothing stored). */
  async route(): Promise<void> {
    const id = ++this.#request;
    if (this.points.length < 2) {
      this.preview = null;
      this.problem = null;
      return;
    }
    this.routing = true;
    try {
      const r = await api.drive(this.points, visitToSend(app.visit), true);
      if (id !== this.#request) return;
      this.preview = r;
      this.problem = null;
    } catch (e) {
      if (id !== this.#request) return;
      this.preview = null;
      this.problem = messageOf(e);
    } finally {
      if (id === this.#request) this.routing = false;
    }
  }

  /** Credits the drive with the visit (one undoable edit) and starts a new one. */
  async confirm(): Promise<boolean> {
    if (!this.canConfirm) return false;
    const visit = app.creditableVisit();
    if (!visit) return false;
    this.confirming = true;
    try {
      const r = await app.run(() => api.drive(this.points, visit, false));
      if (!r) return false;
      this.cancel();
      if (r.changed) await app.applyChanged(r.changed);
      app.notice = t("drive.done", { length: formatDistance(r.length_m) });
      return true;
    } finally {
      this.confirming = false;
    }
  }
}

export const drive = new Drive();
