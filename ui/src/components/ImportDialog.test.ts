import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
const dialogs = vi.hoisted(() => ({ pickImportFile: vi.fn() }));
vi.mock("../lib/dialogs", () => dialogs);

import ProjectDialogs from "./ProjectDialogs.svelte";
import TopBar from "./TopBar.svelte";
import type { ImportPreview, ImportReport } from "../api";
import { app } from "../lib/store.svelte";
import { flush, project, resetApp } from "./testing";

const PARTNERS = "/home/mette/partnere.geojson";

const preview = (over: Partial<ImportPreview> = {}): ImportPreview => ({
  file: PARTNERS,
  format: "GeoJSON",
  crs: "EPSG:4326",
  read: 2,
  per_layer: { partners: 2 },
  skipped: {},
  repaired: {},
  warnings: [],
  needs_layer: false,
  message: null,
  track: false,
  targets: ["partners", "visiting_places", "roads"],
  labels: { partners: "Samarbejdspartnere", visiting_places: "Besøgs- og opholdssteder", roads: "Veje" },
  extent_lonlat: [10.38, 55.39, 10.39, 55.4],
  ...over,
});

/** The plain GeoJSON case: the core needs a layer before it can count anything. */
const needsLayer = (over: Partial<ImportPreview> = {}) =>
  preview({
    crs: "-",
    read: 0,
    per_layer: {},
    needs_layer: true,
    message: `${PARTNERS}: angiv hvilket lag filen skal ind i`,
    extent_lonlat: null,
    ...over,
  });

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  file: PARTNERS,
  format: "GeoJSON",
  crs: "EPSG:4326",
  read: 3,
  imported: 2,
  updated: 0,
  skipped: { "geometri mangler": 1 },
  repaired: {},
  per_layer: { partners: 2 },
  extent_lonlat: [10.38, 55.39, 10.39, 55.4],
  warnings: [],
  ...over,
});

const text = (id: string) => screen.getByTestId(id).textContent ?? "";
const submit = () => screen.getByTestId("import-submit") as HTMLButtonElement;

/** Answers for every command the dialog and the store's refresh call. */
function backend(answers: Record<string, (args: Record<string, unknown>) => unknown>) {
  invoke.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
    if (cmd in answers) return answers[cmd](args);
    if (cmd === "project_info") return project();
    if (cmd === "undo_state") return { undo: "Import: partnere.geojson", redo: null };
    if (cmd === "history") return [];
    throw new Error(cmd);
  });
}

async function openOn(path: string) {
  app.openImport(path);
  render(ProjectDialogs);
  await flush();
  await flush();
}

describe("the Import dialog", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    dialogs.pickImportFile.mockReset();
    app.project = project();
  });

  it("opens from the top bar; a chosen file is previewed with format and counts per layer", async () => {
    backend({
      import_preview: () =>
        preview({ format: "GeoDanmark Vejmidte", crs: "EPSG:25832", read: 1717, per_layer: { roads: 1717 } }),
    });
    dialogs.pickImportFile.mockResolvedValueOnce("/data/vejmidte.geojson");
    render(TopBar);
    render(ProjectDialogs);
    expect(screen.getByTestId("import-open").textContent?.trim()).toBe("Importér …");
    await fireEvent.click(screen.getByTestId("import-open"));
    await flush();
    expect(app.dialog).toBe("import");
    await fireEvent.click(screen.getByTestId("import-browse"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("import_preview", { path: "/data/vejmidte.geojson", asLayer: null, clip: false });
    expect((screen.getByTestId("import-path") as HTMLInputElement).value).toBe("/data/vejmidte.geojson");
    expect(text("import-format")).toBe("GeoDanmark Vejmidte");
    expect(text("import-read-count")).toBe("1.717");
    expect(text("import-count-roads")).toBe("Veje: 1.717");
    expect(submit().disabled).toBe(false);
    // Nothing is imported before the user says so.
    expect(invoke).not.toHaveBeenCalledWith("import_file", expect.anything());
  });

  it("asks for the layer when the file does not say, and previews again with the chosen one", async () => {
    backend({ import_preview: (a) => (a.asLayer ? preview() : needsLayer()) });
    await openOn(PARTNERS);
    expect(text("import-needs-layer")).toContain("Vælg laget");
    expect(text("import-needs-layer")).toContain("angiv hvilket lag filen skal ind i");
    expect(submit().disabled).toBe(true);
    const select = screen.getByTestId("import-layer") as HTMLSelectElement;
    // The layers come from the backend, with its labels.
    expect([...select.options].map((o) => o.textContent)).toEqual([
      "Vælg et lag …",
      "Samarbejdspartnere",
      "Besøgs- og opholdssteder",
      "Veje",
    ]);
    await fireEvent.change(select, { target: { value: "partners" } });
    await flush();
    expect(invoke).toHaveBeenLastCalledWith("import_preview", { path: PARTNERS, asLayer: "partners", clip: false });
    expect(text("import-count-partners")).toBe("Samarbejdspartnere: 2");
    expect(screen.queryByTestId("import-needs-layer")).toBeNull();
    expect(submit().disabled).toBe(false);
    // Clipping to the boundary is previewed too.
    await fireEvent.click(screen.getByTestId("import-clip"));
    await flush();
    expect(invoke).toHaveBeenLastCalledWith("import_preview", { path: PARTNERS, asLayer: "partners", clip: true });
  });

  it("shows the core's error inside the dialog, word for word, and offers no import", async () => {
    const message = `${PARTNERS}: linje 3: ugyldig JSON: EOF while parsing a list`;
    backend({
      import_preview: () => {
        throw message;
      },
    });
    await openOn(PARTNERS);
    expect(text("import-error")).toContain(message);
    expect(text("import-error")).toContain("Intet er ændret i projektet");
    expect(submit().disabled).toBe(true);
    expect(app.error).toBeNull();
    expect(app.dialog).toBe("import");
  });

  it("imports, shows the core's report in Danish, refreshes the counts and moves the map to it", async () => {
    backend({ import_preview: () => preview(), import_file: () => report() });
    await openOn(PARTNERS);
    await fireEvent.change(screen.getByTestId("import-layer"), { target: { value: "partners" } });
    await flush();
    await fireEvent.click(submit());
    await flush();
    await flush();
    expect(invoke).toHaveBeenCalledWith("import_file", { path: PARTNERS, asLayer: "partners", clip: false });
    const r = text("import-report");
    expect(r).toContain("Importen er færdig");
    expect(text("import-totals")).toContain("Læst: 3");
    expect(text("import-totals")).toContain("Nye: 2");
    expect(text("import-count-partners")).toBe("Samarbejdspartnere: 2");
    expect(text("import-skipped")).toContain("1 × geometri mangler");
    expect(invoke).toHaveBeenCalledWith("project_info");
    expect(app.undoState.undo).toBe("Import: partnere.geojson");
    expect(app.fitRequest?.bounds).toEqual([10.38, 55.39, 10.39, 55.4]);
    await fireEvent.click(screen.getByTestId("import-close"));
    expect(app.dialog).toBeNull();
  });

  it("a failed import keeps the dialog open with the core's message", async () => {
    const message = `${PARTNERS}: objekt 1: breddegrad 155.2 ligger uden for -90..90`;
    backend({
      import_preview: () => preview(),
      import_file: () => {
        throw message;
      },
    });
    await openOn(PARTNERS);
    await fireEvent.click(submit());
    await flush();
    expect(text("import-error")).toContain("Importen lykkedes ikke");
    expect(text("import-error")).toContain(message);
    expect(screen.queryByTestId("import-report")).toBeNull();
    expect(invoke).not.toHaveBeenCalledWith("project_info");
  });

  it("a GPX track can be run along the roads instead of imported as a layer", async () => {
    const gpx = "/home/mette/tur.gpx";
    backend({ import_preview: () => needsLayer({ file: gpx, format: "GPX", track: true }) });
    const openTrack = vi.spyOn(app, "openTrack");
    await openOn(gpx);
    expect(screen.getByTestId("import-use-layer")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("import-use-track"));
    expect(submit().disabled).toBe(false);
    expect(submit().textContent?.trim()).toBe("Vis sporet på kortet");
    await fireEvent.click(submit());
    await flush();
    expect(openTrack).toHaveBeenCalledWith(gpx);
    expect(app.dialog).toBeNull();
    expect(invoke).not.toHaveBeenCalledWith("import_file", expect.anything());
    openTrack.mockRestore();
  });

  it("a file dropped on the window opens the dialog on it; not in a read-only project", async () => {
    backend({ import_preview: () => preview() });
    render(ProjectDialogs);
    app.filesDropped(["/home/mette/steder.csv", "/home/mette/andet.csv"]);
    await flush();
    await flush();
    expect(app.dialog).toBe("import");
    expect(invoke).toHaveBeenCalledWith("import_preview", { path: "/home/mette/steder.csv", asLayer: null, clip: false });

    app.closeDialog();
    app.project = project({ read_only: true });
    app.filesDropped(["/home/mette/steder.csv"]);
    expect(app.dialog).toBeNull();
    expect(app.error).toContain("kun til læsning");
    expect(app.openImport()).toBe(false);
  });

  it("the top bar's import button is off in a read-only project", () => {
    app.project = project({ read_only: true });
    render(TopBar);
    const b = screen.getByTestId("import-open") as HTMLButtonElement;
    expect(b.disabled).toBe(true);
    expect(b.title).toContain("kun til læsning");
  });
});
