// The map: MapLibre GL JS with one GeoJSON source per project layer. There is
// no basemap: the app must work offline, so the project's own roads and
// boundary are the map.
import { Map as MlMap, setWorkerUrl, NavigationControl, ScaleControl } from "maplibre-gl";
import type { GeoJSONSource, StyleSpecification } from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import "maplibre-gl/dist/maplibre-gl.css";
import type { FeatureCollection } from "geojson";
import { mapLayersFor, orderedStyles } from "./layers";

// MapLibre 6 is ESM-only and its default worker URL does not resolve from the
// tauri://localhost origin: point it at the bundled worker module.
setWorkerUrl(workerUrl);

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };

export function baseStyle(): StyleSpecification {
  const sources: StyleSpecification["sources"] = {};
  const layers: StyleSpecification["layers"] = [
    { id: "background", type: "background", paint: { "background-color": "#f4f1e8" } },
  ];
  for (const s of orderedStyles()) {
    sources[`src-${s.layer}`] = { type: "geojson", data: EMPTY };
    layers.push(...mapLayersFor(s));
  }
  return { version: 8, sources, layers };
}

export function createMap(container: HTMLElement, bounds: [number, number, number, number] | null): MlMap {
  const map = new MlMap({
    container,
    style: baseStyle(),
    // Denmark when the project has no data yet.
    bounds: bounds ?? [8.0, 54.5, 15.2, 57.8],
    fitBoundsOptions: { padding: 30 },
    attributionControl: false,
    // WebDriver screenshots read the canvas back.
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  map.addControl(new NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new ScaleControl({ unit: "metric" }), "bottom-left");
  return map;
}

export function setLayerData(map: MlMap, layer: string, data: FeatureCollection): void {
  const src = map.getSource<GeoJSONSource>(`src-${layer}`);
  src?.setData(data);
}
