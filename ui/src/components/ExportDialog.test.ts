import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
const dialogs = vi.hoisted(() => ({ pickExportTarget: vi.fn() }));
vi.mock("../lib/dialogs", () => dialogs);

import ProjectDialogs from "./ProjectDialogs.svelte";
import TopBar from "./TopBar.svelte";
import type { ExportFormatInfo } from "../api";
import { app } from "../lib/store.svelte";
import { flush, project, resetApp } from "./testing";

const FORMATS: ExportFormatInfo[] = [
  { code: "geojson", label: "GeoJSON", extension: "geojson", multi_layer: false },
  { code: "gpkg", label: "GeoPackage", extension: "gpkg", multi_layer: true },
  { code: "csv", label: "CSV", extension: "csv", multi_layer: false },
  { code: "kml", label: "KML", extension: "kml", multi_layer: false },
];

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;

async function open() {
  render(TopBar);
  render(ProjectDialogs);
  await fireEvent.click(screen.getByTestId("export-open"));
  await flush();
}

describe("the Export dialog", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    dialogs.pickExportTarget.mockReset();
    invoke.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
      if (cmd === "export_formats") return FORMATS;
      if (cmd === "export_layers") return { count: 884, layers: args.layers };
      if (cmd === "export_referral_counts") return null;
      throw new Error(cmd);
    });
    app.project = project();
  });

  it("offers the project's layers with data and the core's formats; private fields off by default", async () => {
    await open();
    expect(app.dialog).toBe("export");
    expect(invoke).toHaveBeenCalledWith("export_formats");
    const formats = [...(screen.getByTestId("export-format") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(formats).toEqual(["GeoJSON", "GeoPackage", "CSV", "KML"]);
    // Layers by the backend's labels; the empty one (Dækning) is not offered.
    expect(screen.queryByTestId("export-layer-coverage")).toBeNull();
    expect(screen.getByTestId("export-layer-roads").parentElement?.textContent).toContain("Veje (1.717)");
    // GeoPackage holds them all: all ticked, the file beside the project.
    expect(input("export-layer-roads").checked && input("export-layer-buildings").checked).toBe(true);
    expect(input("export-path").value).toBe("/home/mette/Røgtest Odense eksport.gpkg");
    expect(input("export-private").checked).toBe(false);
    expect(screen.getByTestId("export-private-warning").textContent).toContain("oplysninger om personer");
  });

  it("exports the chosen layer and format to the chosen file and says where", async () => {
    await open();
    await fireEvent.change(screen.getByTestId("export-format"), { target: { value: "geojson" } });
    // GeoJSON holds one layer: the choice becomes one of, the first kept.
    expect(input("export-layer-roads").type).toBe("radio");
    expect(screen.getByTestId("export-one-layer").textContent).toContain("GeoJSON rummer ét lag ad gangen");
    await fireEvent.click(input("export-layer-buildings"));
    expect(input("export-path").value).toBe("/home/mette/Røgtest Odense Bygninger.geojson");
    dialogs.pickExportTarget.mockResolvedValueOnce("/mnt/usb/bygninger.geojson");
    await fireEvent.click(screen.getByTestId("export-browse"));
    await flush();
    expect(dialogs.pickExportTarget).toHaveBeenCalledWith("/home/mette/Røgtest Odense Bygninger.geojson", FORMATS[0]);
    await fireEvent.click(input("export-private"));
    await fireEvent.click(screen.getByTestId("export-submit"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("export_layers", {
      layers: ["buildings"],
      format: "geojson",
      path: "/mnt/usb/bygninger.geojson",
      includePrivate: true,
    });
    expect(app.dialog).toBeNull();
    expect(app.notice).toBe("Eksporteret 884 objekter til /mnt/usb/bygninger.geojson");
  });

  it("writes the referral counts as CSV", async () => {
    await open();
    await fireEvent.click(screen.getByTestId("export-what-referral"));
    expect(screen.queryByTestId("export-format")).toBeNull();
    expect(input("export-path").value).toBe("/home/mette/Røgtest Odense henvisningstal.csv");
    await fireEvent.click(screen.getByTestId("export-submit"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("export_referral_counts", { path: "/home/mette/Røgtest Odense henvisningstal.csv" });
    expect(app.notice).toContain("Henvisningstallene er gemt");
  });

  it("shows the core's refusal inside the dialog", async () => {
    const message = "/ikke/her.gpkg: No such file or directory (os error 2)";
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "export_formats") return FORMATS;
      throw message;
    });
    await open();
    await fireEvent.input(input("export-path"), { target: { value: "/ikke/her" } });
    await fireEvent.click(screen.getByTestId("export-submit"));
    await flush();
    // The ending is added; the core's words are shown as they are; the dialog stays.
    expect(invoke).toHaveBeenCalledWith("export_layers", expect.objectContaining({ path: "/ikke/her.gpkg" }));
    expect(screen.getByTestId("export-error").textContent).toBe(message);
    expect(app.dialog).toBe("export");
    expect(app.error).toBeNull();
  });
});
