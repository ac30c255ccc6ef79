// A GPS track (GPX) on its way in: the core matches it to the streets and
// the map shows the raw track beside the matched streets, with the matched
// length and the gaps; "Godkend" credits it with the visit, "Afvis" drops it.
// The raw points are kept only when the user ticks "Gem sporet".
import * as api from "../api";
import { t } from "./i18n";
import { formatDistance } from "./format";
import { app, messageOf } from "./store.svelte";
import { visitToSend } from "./visit";

/** GPS noise assumed for a phone or a car's GPS in town, in metres. */
export const DEFAULT_SIGMA_M = 10;

export class Track {
  path = $state<string | null>(null);
  preview = $state<api.TrackAnswer | null>(null);
  problem = $state<string | null>(null);
  keepRaw = $state(false);
  sigmaM = $state(DEFAULT_SIGMA_M);
  matching = $state(false);

  /** Matches a GPX file (a preview: nothing stored) and shows it. */
  async open(path: string): Promise<void> {
    if (!app.canTick) return;
    void app.ensureVocabularies();
    this.path = path;
    this.preview = null;
    this.problem = null;
    this.keepRaw = false;
    this.matching = true;
    try {
      this.preview = await api.track(path, visitToSend(app.visit), this.sigmaM, true, false);
    } catch (e) {
      this.problem = messageOf(e);
    } finally {
      this.matching = false;
    }
  }

  /** Credits the matched streets with the visit (one undoable edit). */
  async accept(): Promise<boolean> {
    const path = this.path;
    if (!path || !this.preview) return false;
    const visit = app.creditableVisit();
    if (!visit) return false;
    this.matching = true;
    try {
      const r = await app.run(() => api.track(path, visit, this.sigmaM, false, this.keepRaw));
      if (!r) return false;
      this.reject();
      if (r.changed) await app.applyChanged(r.changed);
      app.notice = t("track.done", { length: formatDistance(r.matched_length_m) });
      return true;
    } finally {
      this.matching = false;
    }
  }

  /** Drops the track; nothing is stored. */
  reject(): void {
    this.path = null;
    this.preview = null;
    this.problem = null;
  }
}

export const track = new Track();
