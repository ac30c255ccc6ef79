import { describe, expect, it } from "vitest";
import { createPropertyExpression, featureFilter, latest, validateStyleMin } from "@maplibre/maplibre-gl-style-spec";
import type { LayerSpecification, StyleSpecification } from "maplibre-gl";
import {
  BASEMAP_LAYER_ID, BASEMAP_SOURCE_ID, COLORS, DRAW_ORDER, FONT, LAYER_DEFS, basemapBeforeId, basemapLayer, basemapSource,
  buildStyle, drawLayers, highlightTarget, interactiveLayerIds, layerIndex, metaOf, opacityPaint, type Swatch,
} from "./style";

const TABLES = [
  "boundary", "roads", "coverage", "buildings", "focus_areas", "housing_areas", "visited_zones", "partner_reach",
  "partners", "visiting_places", "channels", "meal_routes", "rural_places", "gps_tracks",
];

const words = { priority: "prioritet", status: { not_started: "ikke startet", in_progress: "i gang", done: "gennemført" } };
const style: StyleSpecification = buildStyle({ base: "afdaek://localhost/", revision: 7, words });
const byId = (id: string): any => style.layers.find((l) => l.id === id);

type Props = Record<string, unknown>;
/** Evaluates a paint or layout value as MapLibre would, at a zoom for a feature. */
function evaluate(layer: LayerSpecification, kind: "paint" | "layout", prop: string, zoom: number, properties: Props = {}): unknown {
  const value = (layer as any)[kind]?.[prop];
  const spec = (latest as any)[`${kind}_${layer.type}`][prop];
  const parsed = createPropertyExpression(value, prop, spec);
  if (parsed.result !== "success") throw new Error(`${layer.id} ${prop}: ${JSON.stringify(parsed.value)}`);
  return parsed.value.evaluate({ zoom }, { type: 2, properties } as any);
}
function passes(layer: LayerSpecification, zoom: number, properties: Props, id?: number): boolean {
  const filter = (layer as any).filter;
  return filter === undefined || featureFilter(filter, "filter").filter({ zoom }, { type: 2, properties, id } as any);
}
const hex = (c: unknown) => {
  const { r, g, b } = c as { r: number; g: number; b: number };
  return "#" + [r, g, b].map((v) => Math.round(v * 255).toString(16).padStart(2, "0")).join("");
};

describe("the map style", () => {
  it("is valid MapLibre style JSON", () => {
    expect(validateStyleMin(style as any)).toEqual([]);
  });

  it("styles every project layer exactly once", () => {
    expect(new Set(DRAW_ORDER).size).toBe(DRAW_ORDER.length);
    expect([...DRAW_ORDER].sort()).toEqual([...TABLES].sort());
    for (const t of TABLES) expect(drawLayers(t).length, t).toBeGreaterThan(0);
    const index = layerIndex(style);
    for (const t of TABLES) expect(index.get(t)?.some((l) => l.role === "main"), t).toBe(true);
  });

  it("reads two vector sources from the custom scheme (coverage apart) and nothing from the network", () => {
    expect(Object.keys(style.sources)).toEqual(["afdaek", "afdaek-coverage"]);
    expect(style.sources.afdaek).toMatchObject({
      type: "vector", tiles: ["afdaek://localhost/tiles/{z}/{x}/{y}.pbf?rev=7"], minzoom: 0, maxzoom: 16,
    });
    const own = buildStyle({ base: "afdaek://localhost/", revision: 7, coverageRevision: 9, words });
    expect(own.sources["afdaek-coverage"]).toMatchObject({ type: "vector", tiles: ["afdaek://localhost/coverage/{z}/{x}/{y}.pbf?rev=9"] });
    expect(style.glyphs).toBe("afdaek://localhost/glyphs/{fontstack}/{range}.pbf");
    expect(JSON.stringify(style)).not.toMatch(/https?:/);
    expect((style as any).sprite).toBeUndefined();
    for (const l of style.layers) {
      if (l.type === "background") continue;
      const table = (l as any)["source-layer"] as string;
      expect((l as any).source, l.id).toBe(table === "coverage" ? "afdaek-coverage" : "afdaek");
    }
  });

  it("draws areas below lines below points, labels on top", () => {
    const groupOf = new Map(LAYER_DEFS.map((d) => [d.table, d.group]));
    const rank = { area: 0, line: 1, point: 2 } as const;
    const drawn = style.layers.filter((l) => metaOf(l)?.["afdaek:role"] === "main" || metaOf(l)?.["afdaek:role"] === "decor");
    const ranks = drawn.map((l) => rank[groupOf.get(metaOf(l)!["afdaek:table"])!]);
    expect(ranks).toEqual([...ranks].sort());
    const roles = style.layers.map((l) => metaOf(l)?.["afdaek:role"] ?? "");
    const lastDrawn = Math.max(roles.lastIndexOf("main"), roles.lastIndexOf("decor"));
    const firstLabel = style.layers.findIndex((l) => l.type === "symbol");
    expect(firstLabel).toBeGreaterThan(lastDrawn);
    expect(style.layers[0].type).toBe("background");
  });

  it("keeps plain roads #4d4d4d, opaque, unblurred and at least 2 px for Lokalvej from zoom 13", () => {
    const roads = byId("lyr-roads");
    expect(roads["source-layer"]).toBe("roads");
    expect(roads.paint["line-opacity"]).toBeUndefined();
    expect(roads.paint["line-blur"]).toBeUndefined();
    for (const cls of ["Lokalvej-Primær", "Lokalvej-Sekundær", "Lokalvej-Tertiær"]) {
      for (const rank of [3, 4]) {
        for (const zoom of [11, 13, 15, 17]) {
          const f = { fid: 1, class: cls, rank };
          expect(passes(roads, zoom, f), `${cls} ${rank} z${zoom}`).toBe(true);
          expect(hex(evaluate(roads, "paint", "line-color", zoom, f))).toBe("#4d4d4d");
          if (zoom >= 13) expect(evaluate(roads, "paint", "line-width", zoom, f) as number).toBeGreaterThanOrEqual(2);
        }
      }
    }
    // A road without a rank still draws as a local road.
    expect(hex(evaluate(roads, "paint", "line-color", 14, { fid: 2 }))).toBe("#4d4d4d");
  });

  it("shows arterials at low zoom and driveways only close up", () => {
    const roads = byId("lyr-roads");
    expect(passes(roads, 6, { rank: 1 })).toBe(true);
    expect(passes(roads, 9, { rank: 4 })).toBe(false);
    expect(passes(roads, 11, { rank: 5 })).toBe(false);
    expect(passes(roads, 13, { rank: 5 })).toBe(true);
    expect(passes(roads, 14, { rank: 3, class: "Sti" })).toBe(false);
    expect(passes(byId("lyr-roads-paths"), 14, { rank: 5, class: "Sti" })).toBe(true);
    const w = (rank: number) => evaluate(roads, "paint", "line-width", 14, { rank }) as number;
    expect(w(1)).toBeGreaterThan(w(3));
    expect(w(3)).toBeGreaterThan(w(5));
  });

  it("tells coverage apart by width and line style, not only colour", () => {
    const recent = byId("lyr-coverage-recent");
    const earlier = byId("lyr-coverage-earlier");
    expect(passes(recent, 14, { state: "recent" })).toBe(true);
    expect(passes(earlier, 14, { state: "earlier" })).toBe(true);
    expect(passes(recent, 14, { state: "earlier" })).toBe(false);
    expect(recent.paint["line-dasharray"]).toBeUndefined();
    expect(earlier.paint["line-dasharray"]).toBeDefined();
    for (const z of [10, 13, 16]) {
      expect(evaluate(recent, "paint", "line-width", z) as number).toBeGreaterThan(evaluate(earlier, "paint", "line-width", z) as number);
      expect(evaluate(recent, "paint", "line-width", z) as number).toBeGreaterThan(evaluate(byId("lyr-roads"), "paint", "line-width", z, { rank: 3 }) as number);
    }
    const meal = byId("lyr-meal_routes");
    expect(meal.paint["line-dasharray"]).toBeDefined();
    expect(meal.paint["line-color"]).not.toBe(COLORS.coverageRecent);
    expect(meal.paint["line-color"]).not.toBe(COLORS.coverageEarlier);
  });

  it("marks priority dwellings larger and outlined, ordinary buildings small and grey", () => {
    const ordinary = byId("lyr-buildings");
    const priority = byId("lyr-buildings-priority");
    for (const kind of ["dormitory", "farmhouse", "allotment", "holiday", "institution"]) {
      expect(passes(priority, 14, { kind }), kind).toBe(true);
      expect(passes(ordinary, 14, { kind }), kind).toBe(false);
    }
    expect(passes(ordinary, 14, { kind: "dwelling" })).toBe(true);
    expect(hex(evaluate(ordinary, "paint", "circle-color", 14, { kind: "dwelling" }))).toBe(COLORS.building);
    expect(evaluate(priority, "paint", "circle-radius", 14, { kind: "farmhouse" }) as number)
      .toBeGreaterThan(evaluate(ordinary, "paint", "circle-radius", 14, { kind: "dwelling" }) as number);
    expect(priority.paint["circle-stroke-width"]).toBeGreaterThan(0);
  });

  it("writes every label in DejaVu Sans Book at 12 px or more", () => {
    const symbols = style.layers.filter((l) => l.type === "symbol");
    expect(symbols.map((l) => l.id)).toEqual(expect.arrayContaining(["lbl-roads", "lbl-focus_areas", "lbl-partners"]));
    for (const l of symbols) {
      expect((l as any).layout["text-font"], l.id).toEqual(FONT);
      for (let z = 0; z <= 20; z++) {
        expect(evaluate(l, "layout", "text-size", z, { name: "x" }) as number, `${l.id} z${z}`).toBeGreaterThanOrEqual(12);
      }
    }
    expect(byId("lbl-roads").layout["symbol-placement"]).toBe("line");
  });

  it("shows a partner's contact status as a word beside its colour", () => {
    const label = evaluate(byId("lbl-partners"), "layout", "text-field", 15, { name: "Brugsen", contact_status: "in_progress" });
    expect(JSON.stringify(label)).toContain("i gang");
  });

  it("draws legend swatches in the colours and dashes of the map", () => {
    for (const def of LAYER_DEFS) {
      const own = style.layers.filter((l) => metaOf(l)?.["afdaek:table"] === def.table && metaOf(l)?.["afdaek:role"] !== "label");
      // "Never covered" is drawn by the roads layer.
      const paints = JSON.stringify([...own, ...(def.table === "coverage" ? [byId("lyr-roads")] : [])].map((l) => (l as any).paint)).toLowerCase();
      const swatches: Swatch[] = [def.swatch, ...def.legend.map((e) => e.swatch)];
      for (const s of swatches) {
        const colours = s.kind === "line" ? [s.color] : s.kind === "area" ? [s.fill, s.stroke] : [s.fill, s.stroke];
        for (const c of colours) {
          if (c === "transparent") continue;
          expect(paints, `${def.table} swatch ${c}`).toContain(c.toLowerCase());
        }
        if ((s.kind === "line" || s.kind === "area") && s.dash) expect(paints, def.table).toContain("line-dasharray");
      }
      for (const e of def.legend) expect(e.label).toMatch(/^legend\./);
    }
  });

  it("only casings, features and labels can be faded; opacity multiplies the style's own", () => {
    const fill = byId("lyr-focus_areas");
    expect(opacityPaint(fill, 0.5)).toEqual([["fill-opacity", fill.paint["fill-opacity"] * 0.5]]);
    expect(opacityPaint(byId("lyr-roads"), 0.5)).toEqual([["line-opacity", 0.5]]);
    expect(opacityPaint(byId("lyr-partners"), 1).map(([p]) => p)).toEqual(["circle-opacity", "circle-stroke-opacity"]);
    for (const l of style.layers) {
      // Highlights are shown by feature state and never faded (MapView skips them).
      const role = metaOf(l)?.["afdaek:role"];
      if (role === "hover" || role === "selected") continue;
      for (const [prop] of opacityPaint(l, 1)) {
        const base = (l as any).paint?.[prop];
        expect(base === undefined || typeof base === "number", `${l.id} ${prop}`).toBe(true);
      }
    }
  });

  it("highlights hover and selection by feature state (no filter: no tile is parsed again), and picks only drawn features", () => {
    const sel = byId("hl-sel-roads") as any;
    expect(sel.filter).toBeUndefined();
    expect(JSON.stringify(sel.paint["line-opacity"])).toContain('"feature-state","selected"');
    expect(JSON.stringify((byId("hl-hover-partners") as any).paint["circle-stroke-opacity"])).toContain('"feature-state","hover"');
    expect(highlightTarget("coverage", 3)).toEqual({ source: "afdaek-coverage", sourceLayer: "coverage", id: 3 });
    expect(highlightTarget("roads", 4)).toEqual({ source: "afdaek", sourceLayer: "roads", id: 4 });
    const ids = interactiveLayerIds(style);
    expect(ids).toContain("lyr-roads");
    expect(ids).toContain("lyr-partners");
    expect(ids.some((id) => id.startsWith("lbl-") || id.startsWith("hl-") || id.endsWith("-casing"))).toBe(false);
  });
});

describe("the online basemap", () => {
  const bases = ["afdaek://localhost/", "http://afdaek.localhost/"];

  it("is off by default: no osm source, no raster layer, nothing from the network", () => {
    for (const off of [style, buildStyle({ base: "afdaek://localhost/", revision: 7, words, basemap: false })]) {
      expect(off.sources[BASEMAP_SOURCE_ID]).toBeUndefined();
      expect(Object.keys(off.sources)).toEqual(["afdaek", "afdaek-coverage"]);
      expect(off.layers.some((l) => l.type === "raster" || l.id === BASEMAP_LAYER_ID)).toBe(false);
    }
  });

  it("on: a raster source served by the custom scheme, drawn right above the background", () => {
    for (const base of bases) {
      const on = buildStyle({ base, revision: 7, words, basemap: true });
      expect(validateStyleMin(on as any)).toEqual([]);
      const src = on.sources[BASEMAP_SOURCE_ID] as any;
      expect(src).toMatchObject({ type: "raster", tileSize: 256, maxzoom: 19 });
      expect(src.tiles).toEqual([`${base}osm/{z}/{x}/{y}.png`]);
      for (const url of src.tiles as string[]) {
        expect(url.startsWith(base)).toBe(true);
        // Nothing but the scheme base names a host.
        expect(url.slice(base.length)).not.toMatch(/https?:|\/\/|openstreetmap/i);
      }
      // No other URL in the style reaches beyond the scheme.
      expect(JSON.stringify(on).replaceAll(base, "")).not.toMatch(/https?:|[a-z]+:\/\//i);
      expect(on.layers[0].type).toBe("background");
      expect(on.layers[1]).toMatchObject({ id: BASEMAP_LAYER_ID, type: "raster", source: BASEMAP_SOURCE_ID });
      expect(on.layers.filter((l) => l.type === "raster")).toHaveLength(1);
      // The project's layers, their order and the pickable ones are unchanged.
      expect(on.layers.slice(2).map((l) => l.id)).toEqual(style.layers.slice(1).map((l) => l.id));
      expect(interactiveLayerIds(on)).toEqual(interactiveLayerIds(style));
    }
  });

  it("is calm: desaturated and partly transparent", () => {
    const paint = (basemapLayer() as any).paint;
    expect(paint["raster-saturation"]).toBeLessThan(0);
    expect(paint["raster-opacity"]).toBeLessThan(1);
    expect(basemapSource("afdaek://localhost/").tiles).toEqual(["afdaek://localhost/osm/{z}/{x}/{y}.png"]);
  });

  it("goes in live right above the background", () => {
    const ids = style.layers.map((l) => l.id);
    expect(basemapBeforeId(ids)).toBe(ids[1]);
    expect(basemapBeforeId(["background", BASEMAP_LAYER_ID, "lyr-roads"])).toBe("lyr-roads");
    expect(basemapBeforeId(["background"])).toBeUndefined();
  });
});
