// Lines the app draws over the project's tiles while a team covers streets:
// the routed drive (a preview until confirmed) and a GPS track, raw beside
// matched. Plain GeoJSON sources on top of every tile layer.
import type { GeoJSONSource, Map as MlMap } from "maplibre-gl";
import { FONT } from "./style";

export const DRIVE_SOURCE = "afdaek-drive";
export const TRACK_RAW_SOURCE = "afdaek-track-raw";
export const TRACK_MATCHED_SOURCE = "afdaek-track-matched";
/** The blind spots of the list, numbered as in the list, while it is shown. */
export const BLINDSPOTS_SOURCE = "afdaek-blindspots";
/** A planned route through an area's uncovered streets (the area sheet). */
export const ROUTE_SOURCE = "afdaek-route";
/** The path of a drag in Afkryds while the pointer is down. */
export const TICK_DRAG_SOURCE = "afdaek-tick-drag";

const EMPTY: GeoJSON.FeatureCollection = { type: "FeatureCollection", features: [] };

/** Adds the overlay sources and layers (once, after the style loaded). */
export function addOverlays(map: MlMap): void {
  for (const id of [DRIVE_SOURCE, TRACK_RAW_SOURCE, TRACK_MATCHED_SOURCE, TICK_DRAG_SOURCE, ROUTE_SOURCE]) {
    if (!map.getSource(id)) map.addSource(id, { type: "geojson", data: EMPTY });
  }
  const line = (id: string, source: string, paint: Record<string, unknown>) => {
    if (!map.getLayer(id)) map.addLayer({ id, type: "line", source, layout: { "line-cap": "round", "line-join": "round" }, paint });
  };
  // A white casing first, so the route reads on every road colour.
  // The planned route under the drive: dark blue with a casing, arrows on top show the order.
  line("route-casing", ROUTE_SOURCE, { "line-color": "#ffffff", "line-width": 8, "line-opacity": 0.9 });
  line("route-line", ROUTE_SOURCE, { "line-color": "#0b3d91", "line-width": 4 });
  if (!map.getLayer("route-arrows")) {
    map.addLayer({
      id: "route-arrows",
      type: "symbol",
      source: ROUTE_SOURCE,
      layout: { "symbol-placement": "line", "symbol-spacing": 80, "text-field": "›", "text-font": FONT, "text-size": 18, "text-keep-upright": false },
      paint: { "text-color": "#ffffff" },
    });
  }
  line("drive-casing", DRIVE_SOURCE, { "line-color": "#ffffff", "line-width": 9, "line-opacity": 0.9 });
  line("drive-route", DRIVE_SOURCE, { "line-color": "#7b2cbf", "line-width": 5 });
  line("track-matched", TRACK_MATCHED_SOURCE, { "line-color": "#1a9850", "line-width": 7, "line-opacity": 0.85 });
  line("track-raw", TRACK_RAW_SOURCE, { "line-color": "#d9480f", "line-width": 2, "line-dasharray": [2, 2] });
  if (!map.getSource(BLINDSPOTS_SOURCE)) map.addSource(BLINDSPOTS_SOURCE, { type: "geojson", data: EMPTY });
  if (!map.getLayer("blindspots")) {
    // A ring with the list's number: it marks the place without hiding what is there.
    map.addLayer({
      id: "blindspots",
      type: "circle",
      source: BLINDSPOTS_SOURCE,
      paint: {
        "circle-radius": ["case", ["get", "picked"], 13, 10],
        "circle-color": "#c2185b",
        "circle-opacity": 0.85,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": ["case", ["get", "picked"], 3, 1.5],
      },
    });
    map.addLayer({
      id: "blindspots-rank",
      type: "symbol",
      source: BLINDSPOTS_SOURCE,
      layout: { "text-field": ["to-string", ["get", "rank"]], "text-font": FONT, "text-size": 12, "text-allow-overlap": true },
      paint: { "text-color": "#ffffff" },
    });
  }
  line("tick-drag", TICK_DRAG_SOURCE, { "line-color": "#009e73", "line-width": 4, "line-opacity": 0.7, "line-dasharray": [1.5, 1] });
}

/** Shows a geometry on an overlay (or nothing with null). */
export function showOverlay(map: MlMap, source: string, geometry: GeoJSON.Geometry | null): void {
  const s = map.getSource<GeoJSONSource>(source);
  if (!s) return;
  s.setData(geometry ? { type: "Feature", geometry, properties: {} } : EMPTY);
}

/** Shows the blind spots as numbered rings (rank as in the list), or nothing. */
export function showBlindSpots(map: MlMap, spots: { id: string; location: { lon: number; lat: number } }[], picked: string | null): void {
  const s = map.getSource<GeoJSONSource>(BLINDSPOTS_SOURCE);
  if (!s) return;
  s.setData({
    type: "FeatureCollection",
    features: spots.map((b, i) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [b.location.lon, b.location.lat] },
      properties: { id: b.id, rank: i + 1, picked: b.id === picked },
    })),
  });
}
