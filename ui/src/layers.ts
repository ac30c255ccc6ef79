// How each project layer is drawn. Pure data, so it can be unit tested and
// so the legend and the map can never disagree.
import type { LayerSpecification } from "maplibre-gl";

export type Kind = "line" | "fill" | "circle";

export interface LayerStyle {
  /** The project layer (table name). */
  layer: string;
  kind: Kind;
  color: string;
  /** Draw order: lower first. */
  order: number;
}

export const LAYER_STYLES: LayerStyle[] = [
  { layer: "boundary", kind: "line", color: "#555555", order: 0 },
  { layer: "focus_areas", kind: "fill", color: "#6a3d9a", order: 1 },
  { layer: "housing_areas", kind: "fill", color: "#e6ab02", order: 2 },
  { layer: "visited_zones", kind: "fill", color: "#66a61e", order: 3 },
  { layer: "partner_reach", kind: "fill", color: "#1f78b4", order: 4 },
  { layer: "roads", kind: "line", color: "#4d4d4d", order: 5 },
  { layer: "meal_routes", kind: "line", color: "#ff7f00", order: 6 },
  { layer: "gps_tracks", kind: "line", color: "#984ea3", order: 6.5 },
  { layer: "coverage", kind: "line", color: "#1a9850", order: 7 },
  { layer: "buildings", kind: "circle", color: "#8c6d31", order: 8 },
  { layer: "rural_places", kind: "circle", color: "#a6761d", order: 8.5 },
  { layer: "visiting_places", kind: "circle", color: "#e7298a", order: 9 },
  { layer: "channels", kind: "circle", color: "#7570b3", order: 10 },
  { layer: "partners", kind: "circle", color: "#1f78b4", order: 11 },
];

/** MapLibre style layers for one project layer, reading from source `src-<layer>`. */
export function mapLayersFor(s: LayerStyle): LayerSpecification[] {
  const source = `src-${s.layer}`;
  const id = `lyr-${s.layer}`;
  switch (s.kind) {
    case "line":
      return [
        {
          id,
          type: "line",
          source,
          paint: {
            "line-color": s.color,
            "line-width": s.layer === "coverage" ? 5 : ["interpolate", ["linear"], ["zoom"], 10, 1, 16, 4],
          },
          layout: { "line-cap": "round", "line-join": "round" },
        },
      ];
    case "fill":
      return [
        { id, type: "fill", source, paint: { "fill-color": s.color, "fill-opacity": 0.18 } },
        { id: `${id}-outline`, type: "line", source, paint: { "line-color": s.color, "line-width": 2 } },
      ];
    case "circle":
      return [
        {
          id,
          type: "circle",
          source,
          paint: {
            "circle-color": s.color,
            "circle-radius": ["interpolate", ["linear"], ["zoom"], 10, 2, 16, 6],
            "circle-stroke-color": "#ffffff",
            "circle-stroke-width": 1,
          },
        },
      ];
  }
}

export function orderedStyles(): LayerStyle[] {
  return [...LAYER_STYLES].sort((a, b) => a.order - b.order);
}
