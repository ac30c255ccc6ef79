// Lines the app draws over the project's tiles while a team covers streets:
// the routed drive (a preview until confirmed) and a GPS track, raw beside
// matched. Plain GeoJSON sources on top of every tile layer.
import type { GeoJSONSource, Map as MlMap } from "maplibre-gl";

export const DRIVE_SOURCE = "afdaek-drive";
export const TRACK_RAW_SOURCE = "afdaek-track-raw";
export const TRACK_MATCHED_SOURCE = "afdaek-track-matched";
/** The path of a drag in Afkryds while the pointer is down. */
export const TICK_DRAG_SOURCE = "afdaek-tick-drag";

const EMPTY: GeoJSON.FeatureCollection = { type: "FeatureCollection", features: [] };

/** Adds the overlay sources and layers (once, after the style loaded). */
export function addOverlays(map: MlMap): void {
  for (const id of [DRIVE_SOURCE, TRACK_RAW_SOURCE, TRACK_MATCHED_SOURCE, TICK_DRAG_SOURCE]) {
    if (!map.getSource(id)) map.addSource(id, { type: "geojson", data: EMPTY });
  }
  const line = (id: string, source: string, paint: Record<string, unknown>) => {
    if (!map.getLayer(id)) map.addLayer({ id, type: "line", source, layout: { "line-cap": "round", "line-join": "round" }, paint });
  };
  // A white casing first, so the route reads on every road colour.
  line("drive-casing", DRIVE_SOURCE, { "line-color": "#ffffff", "line-width": 9, "line-opacity": 0.9 });
  line("drive-route", DRIVE_SOURCE, { "line-color": "#7b2cbf", "line-width": 5 });
  line("track-matched", TRACK_MATCHED_SOURCE, { "line-color": "#1a9850", "line-width": 7, "line-opacity": 0.85 });
  line("track-raw", TRACK_RAW_SOURCE, { "line-color": "#d9480f", "line-width": 2, "line-dasharray": [2, 2] });
  line("tick-drag", TICK_DRAG_SOURCE, { "line-color": "#009e73", "line-width": 4, "line-opacity": 0.7, "line-dasharray": [1.5, 1] });
}

/** Shows a geometry on an overlay (or nothing with null). */
export function showOverlay(map: MlMap, source: string, geometry: GeoJSON.Geometry | null): void {
  const s = map.getSource<GeoJSONSource>(source);
  if (!s) return;
  s.setData(geometry ? { type: "Feature", geometry, properties: {} } : EMPTY);
}
