import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import { app } from "./store.svelte";
import { flush, project, resetApp } from "../components/testing";

const HISTORY = [{ ts: "2026-11-24T13:00:00Z", user: "MHJ", action: "afkrydsning af Hans Tausens Gade", detail: "" }];

/** A backend that ticks: the answer, then fresh project info (counts, revision) and history. */
function backend(answer: Record<string, unknown>) {
  invoke.mockImplementation(async (cmd: string) => {
    switch (cmd) {
      case "tick":
      case "untick":
        return answer;
      case "project_info":
        return project({ tile_revision: answer.tile_revision as number, layers: [] });
      case "history":
        return HISTORY;
      case "undo_state":
        return answer.undo;
    }
    throw new Error(cmd);
  });
}

describe("ticking in the store", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    app.project = project();
    app.mode = "tick";
    app.visit = { date: "2026-11-24", method: "bike", team: " Team Nord ", time_of_day: "evening" };
  });

  it("ticks with the visit, then refreshes tiles, undo, counts and history and says what it did", async () => {
    app.historyOpen = true;
    backend({
      label: "afkrydsning af Hans Tausens Gade",
      undo: { undo: "afkrydsning af Hans Tausens Gade", redo: null },
      tile_revision: 7,
      street: "Hans Tausens Gade",
      length_m: 76.4,
    });
    expect(await app.tickAt(10.39, 55.4, false)).toBe(true);
    expect(invoke).toHaveBeenCalledWith("tick", {
      lon: 10.39,
      lat: 55.4,
      visit: { date: "2026-11-24", method: "bike", team: "Team Nord", time_of_day: "evening" },
    });
    expect(invoke).toHaveBeenCalledWith("project_info");
    expect(invoke).toHaveBeenCalledWith("history", { limit: 50 });
    expect(app.project?.tile_revision).toBe(7);
    expect(app.project?.layers).toEqual([]);
    expect(app.undoState.undo).toBe("afkrydsning af Hans Tausens Gade");
    expect(app.history).toEqual(HISTORY);
    expect(app.notice).toBe("Afkrydset Hans Tausens Gade (76 m)");
    expect(app.error).toBeNull();
    expect(app.busy).toBe(0);
    expect(app.ticking).toBe(false);
  });

  it("Shift+click unticks; a stretch without a name is 'vejstykket'; long stretches in Danish numbers", async () => {
    backend({ label: "fjernet afkrydsning", undo: { undo: "fjernet afkrydsning", redo: null }, tile_revision: 8, street: null, length_m: 40 });
    expect(await app.tickAt(10.39, 55.4, true)).toBe(true);
    expect(invoke).toHaveBeenCalledWith("untick", { lon: 10.39, lat: 55.4 });
    expect(invoke).not.toHaveBeenCalledWith("tick", expect.anything());
    expect(app.notice).toBe("Afkrydsning fjernet: vejstykket");
    expect(app.project?.tile_revision).toBe(8);

    backend({ label: "x", undo: { undo: "x", redo: null }, tile_revision: 9, street: null, length_m: 1234.4 });
    await app.tickAt(10.39, 55.4);
    expect(app.notice).toBe("Afkrydset vejstykket (1.234 m)");
  });

  it("shows the backend's refusal in the error toast and changes nothing", async () => {
    invoke.mockRejectedValueOnce("at: ingen vej inden for 30 m af punktet");
    expect(await app.tickAt(10.39, 55.4)).toBe(false);
    expect(app.error).toBe("at: ingen vej inden for 30 m af punktet");
    expect(app.notice).toBeNull();
    expect(app.project?.tile_revision).toBe(1);
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(app.ticking).toBe(false);
  });

  it("asks for a date before ticking, without calling the backend", async () => {
    app.setVisit({ date: "" });
    expect(await app.tickAt(10.39, 55.4)).toBe(false);
    expect(invoke).not.toHaveBeenCalled();
    expect(app.error).toContain("dato");
  });

  it("does nothing in a read-only project", async () => {
    app.project = project({ read_only: true });
    expect(await app.tickAt(10.39, 55.4)).toBe(false);
    expect(invoke).not.toHaveBeenCalled();
  });

  it("takes one click at a time", async () => {
    let answer: (v: unknown) => void = () => {};
    invoke.mockImplementation((cmd: string) =>
      cmd === "tick" ? new Promise((r) => (answer = r)) : Promise.resolve(cmd === "history" ? [] : project()),
    );
    const first = app.tickAt(10.39, 55.4);
    expect(await app.tickAt(10.4, 55.4)).toBe(false);
    answer({ label: "x", undo: { undo: "x", redo: null }, tile_revision: 2, street: "Rømersvej", length_m: 10 });
    expect(await first).toBe(true);
    await flush();
    expect(invoke.mock.calls.filter(([c]) => c === "tick")).toHaveLength(1);
  });
});
