import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
const plugin = vi.hoisted(() => ({ open: vi.fn(), save: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => plugin);

import { pickProjectToOpen, pickProjectToSave } from "./dialogs";
import { app } from "./store.svelte";
import { resetApp } from "../components/testing";

const filters = [{ name: "Afdæk-projekt (GeoPackage)", extensions: ["gpkg"] }];

describe("the native file dialogs", () => {
  beforeEach(() => {
    resetApp();
    plugin.open.mockReset();
    plugin.save.mockReset();
  });

  it("opens one GeoPackage file", async () => {
    plugin.open.mockResolvedValueOnce("/home/mette/Fokus 2027.gpkg");
    expect(await pickProjectToOpen()).toBe("/home/mette/Fokus 2027.gpkg");
    expect(plugin.open).toHaveBeenCalledWith({ multiple: false, directory: false, filters });
    plugin.open.mockResolvedValueOnce(null);
    expect(await pickProjectToOpen()).toBeNull();
  });

  it("saves from the current path, adding .gpkg when the dialog did not", async () => {
    plugin.save.mockResolvedValueOnce("/home/mette/Fokus 2027.gpkg");
    expect(await pickProjectToSave(" /home/mette/Fokus.gpkg ")).toBe("/home/mette/Fokus 2027.gpkg");
    expect(plugin.save).toHaveBeenCalledWith({ filters, defaultPath: "/home/mette/Fokus.gpkg" });
    plugin.save.mockResolvedValueOnce("/home/mette/Fokus 2028");
    expect(await pickProjectToSave("")).toBe("/home/mette/Fokus 2028.gpkg");
    expect(plugin.save).toHaveBeenLastCalledWith({ filters });
    plugin.save.mockResolvedValueOnce(null);
    expect(await pickProjectToSave("/a.gpkg")).toBeNull();
  });

  it("shows why a dialog could not open, in Danish, and gives nothing", async () => {
    plugin.open.mockRejectedValueOnce("no portal");
    expect(await pickProjectToOpen()).toBeNull();
    expect(app.error).toBe("Filvælgeren kunne ikke åbnes (no portal). Skriv stien i feltet i stedet.");
    plugin.save.mockRejectedValueOnce(new Error("dialog.save not allowed"));
    expect(await pickProjectToSave("/a.gpkg")).toBeNull();
    expect(app.error).toContain("dialog.save not allowed");
  });
});
