import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
const dialogs = vi.hoisted(() => ({ pickProjectToOpen: vi.fn(), pickProjectToSave: vi.fn() }));
vi.mock("../lib/dialogs", () => dialogs);

import ProjectDialogs from "./ProjectDialogs.svelte";
import { app } from "../lib/store.svelte";
import { flush, project, resetApp } from "./testing";

const value = (testid: string) => (screen.getByTestId(testid) as HTMLInputElement).value;

describe("the Gennemse… buttons of the project dialogs", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    dialogs.pickProjectToOpen.mockReset();
    dialogs.pickProjectToSave.mockReset();
    invoke.mockImplementation(async (cmd: string, args?: Record<string, unknown>) => {
      if (cmd === "municipalities") return [{ code: "0461", name: "Odense" }];
      if (cmd === "open_project") return project({ path: String(args?.path) });
      if (cmd === "undo_state") return { undo: null, redo: null };
      if (cmd === "history") return [];
      throw new Error(cmd);
    });
  });

  it("open: the chosen file fills the path; Åbn then opens it", async () => {
    app.recentProjects = ["/home/mette/odense.gpkg"];
    dialogs.pickProjectToOpen.mockResolvedValueOnce("/home/mette/Fokus 2027.gpkg");
    app.dialog = "open";
    render(ProjectDialogs);
    const browse = screen.getByTestId("open-browse");
    expect(browse.textContent).toBe("Gennemse…");
    await fireEvent.click(browse);
    await flush();
    expect(dialogs.pickProjectToOpen).toHaveBeenCalledTimes(1);
    expect(value("open-path")).toBe("/home/mette/Fokus 2027.gpkg");
    // Nothing opens until the user presses Åbn.
    expect(invoke).not.toHaveBeenCalledWith("open_project", expect.anything());
    await fireEvent.click(screen.getByTestId("open-submit"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("open_project", { path: "/home/mette/Fokus 2027.gpkg" });
    expect(app.dialog).toBeNull();
  });

  it("open: cancelling leaves the typed path", async () => {
    dialogs.pickProjectToOpen.mockResolvedValueOnce(null);
    app.dialog = "open";
    render(ProjectDialogs);
    await fireEvent.input(screen.getByTestId("open-path"), { target: { value: "/data/typed.gpkg" } });
    await fireEvent.click(screen.getByTestId("open-browse"));
    await flush();
    expect(value("open-path")).toBe("/data/typed.gpkg");
    expect(app.dialog).toBe("open");
  });

  it("new project: the save dialog starts from the path shown and fills it", async () => {
    app.recentProjects = ["/home/mette/odense.gpkg"];
    dialogs.pickProjectToSave.mockResolvedValueOnce("/mnt/share/Fokus 2027.gpkg");
    app.dialog = "new";
    render(ProjectDialogs);
    await flush();
    await fireEvent.input(screen.getByTestId("new-name"), { target: { value: "Fokus 2027" } });
    await fireEvent.click(screen.getByTestId("new-browse"));
    await flush();
    expect(dialogs.pickProjectToSave).toHaveBeenCalledWith("/home/mette/Fokus 2027.gpkg");
    expect(value("new-path")).toBe("/mnt/share/Fokus 2027.gpkg");
    // A chosen path stays when the name changes afterwards.
    await fireEvent.input(screen.getByTestId("new-name"), { target: { value: "Fokus 2028" } });
    expect(value("new-path")).toBe("/mnt/share/Fokus 2027.gpkg");
  });

  it("new project: cancelling leaves the path as it was", async () => {
    app.recentProjects = ["/home/mette/odense.gpkg"];
    dialogs.pickProjectToSave.mockResolvedValueOnce(null);
    app.dialog = "new";
    render(ProjectDialogs);
    await flush();
    await fireEvent.input(screen.getByTestId("new-name"), { target: { value: "Fokus 2027" } });
    await fireEvent.click(screen.getByTestId("new-browse"));
    await flush();
    expect(value("new-path")).toBe("/home/mette/Fokus 2027.gpkg");
    // It still follows the name: nothing was chosen.
    await fireEvent.input(screen.getByTestId("new-name"), { target: { value: "Fokus 2028" } });
    expect(value("new-path")).toBe("/home/mette/Fokus 2028.gpkg");
  });

  it("save a copy: the save dialog starts from the suggested path and fills it", async () => {
    app.project = project();
    dialogs.pickProjectToSave.mockResolvedValueOnce("/mnt/usb/kopi.gpkg");
    app.dialog = "saveCopy";
    render(ProjectDialogs);
    expect(value("copy-path")).toBe("/home/mette/Røgtest Odense kopi.gpkg");
    await fireEvent.click(screen.getByTestId("copy-browse"));
    await flush();
    expect(dialogs.pickProjectToSave).toHaveBeenCalledWith("/home/mette/Røgtest Odense kopi.gpkg");
    expect(value("copy-path")).toBe("/mnt/usb/kopi.gpkg");
  });

  it("save a copy: cancelling leaves the path as it was", async () => {
    app.project = project();
    dialogs.pickProjectToSave.mockResolvedValueOnce(null);
    app.dialog = "saveCopy";
    render(ProjectDialogs);
    await fireEvent.click(screen.getByTestId("copy-browse"));
    await flush();
    expect(value("copy-path")).toBe("/home/mette/Røgtest Odense kopi.gpkg");
  });
});
