import { describe, expect, it } from "vitest";
import { LAYER_STYLES, mapLayersFor, orderedStyles } from "./layers";

describe("layer styles", () => {
  it("covers every project layer exactly once", () => {
    const names = LAYER_STYLES.map((s) => s.layer);
    expect(new Set(names).size).toBe(names.length);
    for (const l of [
      "roads", "buildings", "housing_areas", "partners", "partner_reach", "visiting_places",
      "channels", "meal_routes", "focus_areas", "visited_zones", "coverage", "boundary", "rural_places", "gps_tracks",
    ]) {
      expect(names).toContain(l);
    }
  });

  it("draws areas below lines below points", () => {
    const order = orderedStyles().map((s) => s.kind);
    expect(order.lastIndexOf("fill")).toBeLessThan(order.indexOf("circle"));
    expect(orderedStyles()[0].layer).toBe("boundary");
  });

  it("gives polygons a fill and an outline, reading the layer's own source", () => {
    const ls = mapLayersFor({ layer: "focus_areas", kind: "fill", color: "#000", order: 0 });
    expect(ls.map((l) => l.type)).toEqual(["fill", "line"]);
    for (const l of ls) expect((l as { source: string }).source).toBe("src-focus_areas");
  });
});
