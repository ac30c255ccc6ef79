import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import { app } from "./store.svelte";
import { handle, settleReady } from "./handle";
import { flush, project, resetApp } from "../components/testing";

describe("the app state", () => {
  beforeEach(() => {
    resetApp();
    app.started = false;
    invoke.mockReset();
  });

  it("starts from app_status: project, initials, recent projects, then undo state and history", async () => {
    app.historyOpen = true;
    invoke.mockImplementation(async (cmd: string) => {
      switch (cmd) {
        case "app_status":
          return { project: project(), open_error: null, user_initials: null, recent_projects: ["/a/b.gpkg"] };
        case "undo_state":
          return { undo: "import af veje", redo: null };
        case "history":
          return [{ ts: "2026-12-01T20:40:00Z", user: "MHJ", action: "import af veje", detail: "1717 veje" }];
      }
      throw new Error(cmd);
    });
    await app.init();
    await flush();
    expect(app.started).toBe(true);
    expect(app.project?.name).toBe("Røgtest Odense");
    expect(app.userInitials).toBeNull();
    expect(app.recentProjects).toEqual(["/home/mette/odense.gpkg", "/a/b.gpkg"]);
    expect(app.undoState.undo).toBe("import af veje");
    expect(invoke).toHaveBeenCalledWith("history", { limit: 50 });
    expect(app.history).toHaveLength(1);
  });

  it("keeps the open error when no project could be opened", async () => {
    invoke.mockResolvedValueOnce({ project: null, open_error: "Filen findes ikke.", user_initials: "MHJ", recent_projects: [] });
    await app.init();
    expect(app.project).toBeNull();
    expect(app.openError).toBe("Filen findes ikke.");
    expect(invoke).toHaveBeenCalledTimes(1);
  });

  it("shows a failing start in the toast and in the test handle", async () => {
    invoke.mockRejectedValueOnce("Afdæk kunne ikke starte.");
    await expect(app.init()).rejects.toBe("Afdæk kunne ikke starte.");
    expect(app.started).toBe(true);
    expect(app.error).toBe("Afdæk kunne ikke starte.");
    settleReady("Afdæk kunne ikke starte.");
    await handle.ready;
    expect(handle.error).toBe("Afdæk kunne ikke starte.");
    expect(handle.state).toBe(app);
  });

  it("takes the online basemap setting from app_status, off when not said", async () => {
    invoke.mockResolvedValueOnce({ project: null, open_error: null, user_initials: "MHJ", recent_projects: [], online_basemap: true });
    await app.init();
    expect(app.onlineBasemap).toBe(true);
    invoke.mockResolvedValueOnce({ project: null, open_error: null, user_initials: "MHJ", recent_projects: [] });
    await app.init();
    expect(app.onlineBasemap).toBe(false);
  });

  it("turns the online basemap on through the backend first; a refusal changes nothing", async () => {
    invoke.mockResolvedValueOnce(undefined);
    expect(await app.setOnlineBasemap(true)).toBe(true);
    expect(invoke).toHaveBeenCalledWith("set_online_basemap", { on: true });
    expect(app.onlineBasemap).toBe(true);
    invoke.mockRejectedValueOnce("Indstillingen kunne ikke gemmes.");
    expect(await app.setOnlineBasemap(false)).toBe(false);
    expect(app.onlineBasemap).toBe(true);
    expect(app.error).toBe("Indstillingen kunne ikke gemmes.");
    expect(app.busy).toBe(0);
  });

  it("follows progress events: the running job, gone when finished", () => {
    app.progressEvent({ job: "import", label: "Læser veje", done: 10, total: 100, finished: false });
    expect(app.progress?.label).toBe("Læser veje");
    app.progressEvent({ job: "import", label: "Læser veje", done: 100, total: 100, finished: true });
    expect(app.progress).toBeNull();
  });

  it("keeps layer settings per project", () => {
    app.setProject(project({ path: "/a/one.gpkg" }));
    app.setLayerOpacity("roads", 0.3);
    app.setProject(project({ path: "/a/two.gpkg" }));
    expect(app.pref("roads").opacity).toBe(1);
    app.setProject(project({ path: "/a/one.gpkg" }));
    expect(app.pref("roads").opacity).toBeCloseTo(0.3);
  });

  it("opens a project and forgets the old selection; a refusal goes to the toast", async () => {
    app.setProject(project());
    app.selection = { layer: "roads", fid: 1 };
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "open_project") return project({ path: "/a/ny.gpkg", name: "Ny" });
      if (cmd === "undo_state") return { undo: null, redo: null };
      if (cmd === "history") return [];
      throw new Error(cmd);
    });
    expect(await app.openProject("/a/ny.gpkg")).toBe(true);
    expect(invoke).toHaveBeenCalledWith("open_project", { path: "/a/ny.gpkg" });
    expect(app.project?.name).toBe("Ny");
    expect(app.selection).toBeNull();
    invoke.mockRejectedValueOnce("Filen er ikke et Afdæk-projekt.");
    expect(await app.openProject("/a/x.gpkg")).toBe(false);
    expect(app.error).toBe("Filen er ikke et Afdæk-projekt.");
    expect(app.project?.name).toBe("Ny");
  });

  it("fetches the history only while its panel is shown, so an edit does not wait for it", async () => {
    invoke.mockImplementation(async (cmd: string) => (cmd === "history" ? [] : cmd === "undo_state" ? { undo: null, redo: null } : project()));
    app.project = project();
    await app.applyChanged({ label: "x", undo: { undo: "x", redo: null }, tile_revision: 2, coverage_revision: 2 });
    expect(invoke.mock.calls.some((c) => c[0] === "history")).toBe(false);
    app.toggleHistory();
    await flush();
    expect(invoke).toHaveBeenCalledWith("history", { limit: 50 });
  });
});
