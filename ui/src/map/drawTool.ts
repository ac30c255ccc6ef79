// The map side of Tegn: Terra Draw on the MapLibre map. It draws polygons,
// lines and points, and reshapes a selected feature (drag vertices, add
// midpoints, right-click a vertex to delete it, drag a point). Snapping asks
// the core (api.snap: corners and edges of other areas, road centre lines)
// as the pointer moves; Terra Draw's snapping hook is synchronous, so it
// reads the last answer when it was for (nearly) the same pixel.
import type { Map as MlMap, MapMouseEvent } from "maplibre-gl";
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
} from "terra-draw";
import { TerraDrawMapLibreGLAdapter } from "terra-draw-maplibre-gl-adapter";
import * as api from "../api";

export type Tool = "polygon" | "line" | "point" | "reshape" | "off";

/** Snapping reaches this many pixels from the pointer (converted to metres at the pointer). */
export const SNAP_PX = 14;
/** A cached snap answer is used while the pointer is within this many pixels of where it was asked. */
const SNAP_REUSE_PX = 4;
const PRECISION = 9;

const BLUE = "#1f5fa8";
const ORANGE = "#d9480f";

export interface DrawHandlers {
  /**
   * A new shape was finished (Enter, a click on the first point, or a point
   * placed). Lines and polygons come with their corners snapped by the core.
   */
  finished(geometry: GeoJSON.Geometry): void;
  /** The reshaped feature changed (a vertex dragged, added or deleted; the feature moved). */
  edited(geometry: GeoJSON.Geometry): void;
  /** The feature being reshaped, left out of snapping. */
  except(): { layer: string; fid: number } | null;
}

/** Metres per pixel at a latitude and zoom (Web Mercator, 512 px tiles). */
export function metresPerPixel(lat: number, zoom: number): number {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}

const round = (x: number) => Number(x.toFixed(PRECISION));

/** A polygon Terra Draw can edit: one part, no holes. Null when the shape is more than that. */
export function editablePolygon(g: GeoJSON.Geometry): GeoJSON.Polygon | null {
  const rings = g.type === "Polygon" ? g.coordinates : g.type === "MultiPolygon" && g.coordinates.length === 1 ? g.coordinates[0] : null;
  if (!rings || rings.length !== 1) return null;
  return { type: "Polygon", coordinates: [rings[0].map(([x, y]) => [round(x), round(y)])] };
}

export class DrawTool {
  readonly draw: TerraDraw;
  #map: MlMap;
  #handlers: DrawHandlers;
  #tool: Tool = "off";
  #snap: { x: number; y: number; to: [number, number] | null } | null = null;
  #asking = 0;
  #editId: string | number | null = null;

  constructor(map: MlMap, handlers: DrawHandlers) {
    this.#map = map;
    this.#handlers = handlers;
    const toCustom: SnapToCustom = (e) => {
      const s = this.#snap;
      if (!s || Math.hypot(s.x - e.containerX, s.y - e.containerY) > SNAP_REUSE_PX || !s.to) return undefined;
      return s.to;
    };
    const snapping = { toCustom };
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: PRECISION }),
      modes: [
        new TerraDrawPolygonMode({
          snapping,
          styles: { fillColor: BLUE, fillOpacity: 0.2, outlineColor: BLUE, outlineWidth: 3, snappingPointColor: ORANGE, snappingPointWidth: 7 },
        }),
        new TerraDrawLineStringMode({
          snapping,
          styles: { lineStringColor: BLUE, lineStringWidth: 4, snappingPointColor: ORANGE, snappingPointWidth: 7 },
        }),
        new TerraDrawPointMode({ styles: { pointColor: BLUE, pointWidth: 9, pointOutlineColor: "#ffffff", pointOutlineWidth: 2 } }),
        new TerraDrawSelectMode({
          // Delete is the window's: it deletes the feature from the project (undoable).
          keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
          allowManualDeselection: false,
          flags: {
            polygon: { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping } } },
            linestring: { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping } } },
            point: { feature: { draggable: true } },
          },
          styles: {
            selectedPolygonColor: ORANGE,
            selectedPolygonFillOpacity: 0.15,
            selectedPolygonOutlineColor: ORANGE,
            selectedPolygonOutlineWidth: 3,
            selectedLineStringColor: ORANGE,
            selectedLineStringWidth: 4,
            selectedPointColor: ORANGE,
            selectedPointWidth: 9,
            selectionPointColor: ORANGE,
            selectionPointWidth: 6,
            midPointColor: "#ffffff",
            midPointOutlineColor: ORANGE,
            midPointWidth: 4,
          },
        }),
      ],
    });
    this.draw.on("finish", (id, ctx) => {
      const f = this.draw.getSnapshotFeature(id);
      if (!f) return;
      const g = f.geometry as GeoJSON.Geometry;
      if (ctx.action === "draw") void this.#snapped(g).then((s) => this.#handlers.finished(s));
      else if (id === this.#editId) this.#handlers.edited(g);
    });
    map.on("mousemove", this.#onMove);
  }

  /** Starts Terra Draw; call once the style has loaded. */
  start(): void {
    this.draw.start();
  }

  get tool(): Tool {
    return this.#tool;
  }

  /** Switches tool; any unfinished sketch is dropped. */
  setTool(tool: Tool): void {
    if (tool === this.#tool) return;
    this.#tool = tool;
    this.#editId = null;
    this.draw.clear();
    this.draw.setMode(tool === "polygon" ? "polygon" : tool === "line" ? "linestring" : tool === "point" ? "point" : tool === "reshape" ? "select" : "static");
  }

  /** Clears finished sketches (after their form was saved or cancelled). */
  clearSketch(): void {
    if (this.#tool !== "reshape") this.draw.clear();
  }

  /** Shows a feature's shape for reshaping and selects it. False when Terra Draw cannot edit it. */
  reshape(geometry: GeoJSON.Geometry): boolean {
    this.setTool("reshape");
    this.draw.clear();
    let f: GeoJSONStoreFeatures;
    if (geometry.type === "Point") {
      f = { type: "Feature", geometry: { type: "Point", coordinates: geometry.coordinates.map(round) }, properties: { mode: "point" } };
    } else if (geometry.type === "LineString") {
      const coordinates = geometry.coordinates.map(([x, y]) => [round(x), round(y)]);
      f = { type: "Feature", geometry: { type: "LineString", coordinates }, properties: { mode: "linestring" } };
    } else {
      const p = editablePolygon(geometry);
      if (!p) return false;
      f = { type: "Feature", geometry: p, properties: { mode: "polygon" } };
    }
    const [v] = this.draw.addFeatures([f]);
    if (!v?.valid) return false;
    this.#editId = v.id ?? null;
    if (this.#editId !== null) this.draw.selectFeature(this.#editId);
    return true;
  }

  destroy(): void {
    this.#map.off("mousemove", this.#onMove);
    try {
      this.draw.stop();
    } catch {
      // The map is going away with its sources.
    }
  }

  /**
   * The shape with every corner snapped by the core, as the pointer snapped
   * while drawing. The live snap reads an answer that may not have arrived
   * when a corner was clicked (the core was busy drawing tiles); this makes
   * the stored shape the one the snapping rule gives, every time.
   */
  async #snapped(g: GeoJSON.Geometry): Promise<GeoJSON.Geometry> {
    if (g.type !== "Polygon" && g.type !== "LineString") return g;
    const zoom = this.#map.getZoom();
    const snap = async ([lon, lat]: GeoJSON.Position): Promise<GeoJSON.Position> => {
      try {
        const s = await api.snap(lon, lat, SNAP_PX * metresPerPixel(lat, zoom), this.#handlers.except());
        return s ? [round(s.lon), round(s.lat)] : [lon, lat];
      } catch {
        return [lon, lat];
      }
    };
    const line = async (cs: GeoJSON.Position[]) => {
      const out: GeoJSON.Position[] = [];
      for (const c of cs) out.push(await snap(c));
      return out;
    };
    if (g.type === "LineString") return { type: "LineString", coordinates: await line(g.coordinates) };
    const rings: GeoJSON.Position[][] = [];
    for (const r of g.coordinates) {
      // The closing corner is the first one again.
      const open = await line(r.slice(0, -1));
      rings.push([...open, open[0]]);
    }
    return { type: "Polygon", coordinates: rings };
  }

  /** Asks the core where the pointer snaps to; the hook reads the answer on the next event. */
  #onMove = (e: MapMouseEvent) => {
    if (this.#tool === "off" || this.#tool === "point") return;
    const { x, y } = e.point;
    const radius = SNAP_PX * metresPerPixel(e.lngLat.lat, this.#map.getZoom());
    const ask = ++this.#asking;
    api
      .snap(e.lngLat.lng, e.lngLat.lat, radius, this.#handlers.except())
      .then((s) => {
        if (ask === this.#asking) this.#snap = { x, y, to: s ? [round(s.lon), round(s.lat)] : null };
      })
      .catch(() => {
        if (ask === this.#asking) this.#snap = null;
      });
  };
}
