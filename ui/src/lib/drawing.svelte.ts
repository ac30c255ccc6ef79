// Tegn: drawing new features and reshaping the selected one. The map's draw
// tool (map/drawTool.ts) hands finished shapes here; the attribute form is
// built from the core's layer schema (api.forms); saving is one undoable edit
// in the core, which also validates (required fields, CPR numbers, codes).
import * as api from "../api";
import { app, messageOf } from "./store.svelte";

/** A drawn shape waiting for its attribute form. */
export interface PendingShape {
  layer: string;
  geometry: GeoJSON.Geometry;
}

export class Drawing {
  /** The core's attribute forms, once fetched. */
  forms = $state<api.LayerForm[] | null>(null);
  /** The layer new shapes go to (the draw bar's choice). */
  layer = $state<string>("focus_areas");
  /** A finished shape: the form is open for it. */
  pending = $state<PendingShape | null>(null);
  /** The core's message per field after a refused save (and "" for the whole form). */
  errors = $state<Record<string, string>>({});
  saving = $state(false);
  /** The selected feature whose shape is being edited on the map. */
  reshaping = $state<{ layer: string; fid: number; geometry: GeoJSON.Geometry } | null>(null);
  /** Counts finished shapes, so the map tool clears its sketch after each. */
  sketchGeneration = $state(0);

  form(table: string): api.LayerForm | null {
    return this.forms?.find((f) => f.table === table) ?? null;
  }

  /** The drawing tool the chosen layer needs. */
  get geometry(): api.LayerForm["geometry"] {
    return this.form(this.layer)?.geometry ?? "polygon";
  }

  async ensureForms(): Promise<void> {
    if (this.forms) return;
    const f = await app.run(() => api.forms());
    if (f) this.forms = f;
  }

  /** Starts drawing on a layer (switching to Tegn). */
  start(layer: string): boolean {
    if (!app.setMode("draw")) return false;
    this.layer = layer;
    this.reshaping = null;
    void this.ensureForms();
    return true;
  }

  /** The draw tool finished a shape: open its form. */
  shapeDrawn(geometry: GeoJSON.Geometry): void {
    this.pending = { layer: this.layer, geometry };
    this.errors = {};
  }

  /** Drops the shape and its form (nothing is stored). */
  cancel(): void {
    this.pending = null;
    this.errors = {};
    this.sketchGeneration++;
  }

  /**
   * Saves the pending shape with the form's values. A refusal is shown at
   * its field (the core names the field) and nothing is stored; on success
   * the new feature is selected.
   */
  async save(values: Record<string, unknown>): Promise<boolean> {
    const p = this.pending;
    if (!p || this.saving) return false;
    this.saving = true;
    this.errors = {};
    app.busy++;
    try {
      const a = await api.addFeature(p.layer, p.geometry, values);
      this.pending = null;
      this.sketchGeneration++;
      await app.applyChanged(a);
      app.notice = a.label;
      void app.select(p.layer, a.fid);
      return true;
    } catch (e) {
      this.errors = fieldError(messageOf(e), Object.keys(values));
      return false;
    } finally {
      app.busy--;
      this.saving = false;
    }
  }

  /** Puts the selected feature's full shape on the map for editing (Tegn mode). */
  async reshapeSelected(): Promise<boolean> {
    const sel = app.selection;
    if (!sel || !app.setMode("draw")) return false;
    const geometry = await app.run(() => api.featureGeometry(sel.layer, sel.fid));
    if (!geometry) return false;
    this.reshaping = { layer: sel.layer, fid: sel.fid, geometry };
    return true;
  }

  /** The edited shape was changed on the map: store it (one undoable edit). */
  async shapeEdited(geometry: GeoJSON.Geometry): Promise<boolean> {
    const r = this.reshaping;
    if (!r) return false;
    return app.tryCommit(async () => {
      const c = await api.updateGeometry(r.layer, r.fid, geometry);
      this.reshaping = { ...r, geometry };
      return c;
    });
  }

  /** Ends reshaping (the map tool drops the shape). */
  stopReshaping(): void {
    this.reshaping = null;
  }

  /** Deletes the selected feature (one undoable edit). */
  async deleteSelected(): Promise<boolean> {
    const sel = app.selection;
    if (!sel || app.readOnly) return false;
    return app.tryCommit(async () => {
      const c = await api.deleteFeature(sel.layer, sel.fid);
      app.clearSelection();
      this.reshaping = null;
      return c;
    });
  }
}

/**
 * Puts the core's message at the field it names ("partners.notes: …" or
 * "notes: …"); a message naming no field of the form goes to "" (the whole form).
 */
export function fieldError(message: string, fields: string[]): Record<string, string> {
  for (const f of fields) {
    if (new RegExp(`(^|[\\s.:'"])${f}([\\s:'"]|$)`).test(message)) return { [f]: message };
  }
  return { "": message };
}

export const drawing = new Drawing();
