import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
const dialogs = vi.hoisted(() => ({ pickExportTarget: vi.fn() }));
vi.mock("../lib/dialogs", () => dialogs);

import ProjectDialogs from "./ProjectDialogs.svelte";
import TopBar from "./TopBar.svelte";
import type { ExportFormatInfo, PlanLayer } from "../api";
import { app } from "../lib/store.svelte";
import { flush, project, resetApp } from "./testing";

const FORMATS: ExportFormatInfo[] = [{ code: "gpkg", label: "GeoPackage", extension: "gpkg", multi_layer: true }];
/** The core's PRINT_LAYERS, in its order. */
const LAYERS: PlanLayer[] = [
  { code: "roads", label: "Veje" },
  { code: "coverage", label: "Dækning" },
  { code: "partners", label: "Samarbejdspartnere" },
  { code: "blindspots", label: "Blinde pletter" },
];
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842"><text>Vollsmose</text></svg>';

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;

async function openPlan() {
  render(TopBar);
  render(ProjectDialogs);
  await fireEvent.click(screen.getByTestId("export-open"));
  await flush();
  await fireEvent.click(screen.getByTestId("export-what-plan"));
  await flush();
}

describe("the area plan in the Export dialog", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    dialogs.pickExportTarget.mockReset();
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "export_formats") return FORMATS;
      if (cmd === "plan_layers") return LAYERS;
      if (cmd === "plan_areas") return ["Vollsmose", "Odense C"];
      if (cmd === "plan_preview") return { svg: SVG, pages: 2, areas: ["Vollsmose"] };
      if (cmd === "save_plan") return { pages: 8, areas: ["Vollsmose", "Odense C"], features: 1200, bytes: 237_568, path: "/tmp/plan.pdf" };
      throw new Error(cmd);
    });
    app.project = project();
  });

  it("offers the focus areas and an atlas, A4 upright, every layer on, notes and grid off", async () => {
    await openPlan();
    const areas = [...(screen.getByTestId("plan-area") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(areas).toEqual(["Vollsmose", "Odense C", "Alle fokusområder (atlas)"]);
    expect((screen.getByTestId("plan-area") as HTMLSelectElement).value).toBe("Vollsmose");
    expect((screen.getByTestId("plan-paper") as HTMLSelectElement).value).toBe("a4");
    expect(input("plan-landscape").checked).toBe(false);
    for (const l of LAYERS) expect(input(`plan-layer-${l.code}`).checked, l.code).toBe(true);
    expect(screen.getByTestId("plan-layer-coverage").parentElement?.textContent).toContain("Dækning");
    expect(input("plan-notes").checked).toBe(false);
    expect(screen.getByTestId("plan-notes-hint").textContent).toContain("Noter kan handle om personer");
    expect(input("plan-grid").checked).toBe(false);
    // A PDF beside the project, named after the area.
    expect(input("export-path").value).toBe("/home/mette/Røgtest Odense områdeplan Vollsmose.pdf");
    expect(screen.getByTestId("export-submit").textContent).toContain("Gem PDF");
  });

  it("shows page 1 as the core made it, with the number of pages", async () => {
    await openPlan();
    await fireEvent.click(input("plan-layer-blindspots"));
    await fireEvent.click(input("plan-grid"));
    await fireEvent.click(screen.getByTestId("plan-show"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("plan_preview", {
      options: {
        area: "Vollsmose",
        paper: "a4",
        landscape: false,
        layers: ["roads", "coverage", "partners"],
        include_notes: false,
        grid: true,
        route: null,
      },
    });
    const img = screen.getByTestId("plan-preview") as HTMLImageElement;
    expect(img.getAttribute("src")).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(SVG)}`);
    expect(screen.getByTestId("plan-pages").textContent).toBe("2 sider");
    // Another choice: the page shown is marked as made with the old ones.
    expect(screen.queryByTestId("plan-stale")).toBeNull();
    await fireEvent.click(input("plan-landscape"));
    expect(screen.getByTestId("plan-stale")).toBeTruthy();
  });

  it("saves an atlas as PDF with the progress bar up meanwhile, then says pages and size", async () => {
    let finish: (v: unknown) => void = () => {};
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "export_formats") return FORMATS;
      if (cmd === "plan_layers") return LAYERS;
      if (cmd === "plan_areas") return ["Vollsmose", "Odense C"];
      if (cmd === "save_plan") return new Promise((r) => (finish = r));
      throw new Error(cmd);
    });
    await openPlan();
    await fireEvent.change(screen.getByTestId("plan-area"), { target: { value: "" } });
    await fireEvent.change(screen.getByTestId("plan-paper"), { target: { value: "a3" } });
    await fireEvent.click(input("plan-notes"));
    await fireEvent.change(screen.getByTestId("plan-route"), { target: { value: "walk" } });
    expect(input("export-path").value).toBe("/home/mette/Røgtest Odense områdeplaner.pdf");
    await fireEvent.input(input("export-path"), { target: { value: "/tmp/plan" } });
    await fireEvent.click(screen.getByTestId("export-submit"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("save_plan", {
      options: {
        area: null,
        paper: "a3",
        landscape: false,
        layers: ["roads", "coverage", "partners", "blindspots"],
        include_notes: true,
        grid: false,
        route: "walk",
      },
      path: "/tmp/plan.pdf",
    });
    // Working: an indeterminate bar that cannot be stopped, the buttons off.
    const bar = screen.getByTestId("export-progress");
    expect(bar.hidden).toBe(false);
    expect(bar.textContent).toContain("Laver områdeplanen");
    expect(bar.querySelector("[role=progressbar]")?.classList.contains("indeterminate")).toBe(true);
    expect(screen.queryByTestId("export-progress-cancel")).toBeNull();
    expect((screen.getByTestId("export-submit") as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("plan-show") as HTMLButtonElement).disabled).toBe(true);

    finish({ pages: 8, areas: ["Vollsmose", "Odense C"], features: 1200, bytes: 237_568, path: "/tmp/plan.pdf" });
    await flush();
    expect(screen.getByTestId("plan-result").textContent?.trim()).toBe("Gemt: 8 sider, 232 kB");
    expect(screen.getByTestId("export-progress").hidden).toBe(true);
    // The dialog stays with the result; its other button now closes it.
    expect(app.dialog).toBe("export");
    expect(screen.getByTestId("export-cancel").textContent?.trim()).toBe("Luk");
  });

  it("shows the core's refusal in its words, for the preview and for saving", async () => {
    const refusal = "area: projektet har ingen fokusområder at lave en plan for";
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "export_formats") return FORMATS;
      if (cmd === "plan_layers") return LAYERS;
      if (cmd === "plan_areas") return [];
      throw refusal;
    });
    await openPlan();
    expect((screen.getByTestId("plan-area") as HTMLSelectElement).value).toBe("");
    await fireEvent.click(screen.getByTestId("plan-show"));
    await flush();
    expect(screen.getByTestId("plan-error").textContent).toBe(refusal);
    expect(screen.queryByTestId("plan-preview")).toBeNull();
    await fireEvent.click(screen.getByTestId("export-submit"));
    await flush();
    expect(screen.getByTestId("export-error").textContent).toBe(refusal);
    expect(screen.queryByTestId("plan-result")).toBeNull();
    expect(app.error).toBeNull();
  });

  it("speaks English when the app does", async () => {
    app.language = "en";
    await openPlan();
    expect(screen.getByTestId("export-what-plan").parentElement?.textContent).toContain("Area plan (PDF)");
    expect([...(screen.getByTestId("plan-area") as HTMLSelectElement).options].at(-1)?.textContent).toBe("All focus areas (atlas)");
    expect(screen.getByTestId("plan-show").textContent).toContain("Show page 1");
  });
});
