import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import TopBar from "./TopBar.svelte";
import Shortcuts from "./Shortcuts.svelte";
import { app } from "../lib/store.svelte";
import { flush, project, resetApp, vocabularies } from "./testing";

const pressed = (id: string) => screen.getByTestId(id).getAttribute("aria-pressed");

describe("modes", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "vocabularies") return vocabularies();
      throw new Error(cmd);
    });
    app.project = project();
  });

  it("start in Vis; the top bar buttons switch and show the active one", async () => {
    render(TopBar);
    expect(app.mode).toBe("view");
    expect(pressed("mode-view")).toBe("true");
    expect(pressed("mode-tick")).toBe("false");
    expect(screen.getByTestId("mode-tick").textContent?.trim()).toBe("Afkryds");
    await fireEvent.click(screen.getByTestId("mode-tick"));
    expect(app.mode).toBe("tick");
    expect(pressed("mode-tick")).toBe("true");
    expect(pressed("mode-view")).toBe("false");
    await flush();
    expect(invoke).toHaveBeenCalledWith("vocabularies");
    await fireEvent.click(screen.getByTestId("mode-view"));
    expect(app.mode).toBe("view");
  });

  it("Afkryds is disabled in a read-only project", async () => {
    app.project = project({ read_only: true });
    render(TopBar);
    const tick = screen.getByTestId("mode-tick") as HTMLButtonElement;
    expect(tick.disabled).toBe(true);
    expect(tick.title).toBe("Projektet er kun til læsning: der kan ikke afkrydses.");
    expect(app.setMode("tick")).toBe(false);
    expect(app.mode).toBe("view");
  });

  it("A and V switch, not while typing; Esc always returns to Vis and clears the selection", async () => {
    render(Shortcuts);
    await fireEvent.keyDown(window, { key: "a" });
    expect(app.mode).toBe("tick");
    await fireEvent.keyDown(window, { key: "v" });
    expect(app.mode).toBe("view");

    const input = document.createElement("input");
    document.body.append(input);
    await fireEvent.keyDown(input, { key: "a" });
    expect(app.mode).toBe("view");
    await fireEvent.keyDown(window, { key: "a" });
    app.selection = { layer: "roads", fid: 3 };
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(app.mode).toBe("view");
    expect(app.selection).toBeNull();
    input.remove();
  });

  it("Esc closes a dialog first; mode keys wait while it is open", async () => {
    render(Shortcuts);
    app.setMode("tick");
    app.openDialog("open");
    await fireEvent.keyDown(window, { key: "v" });
    expect(app.mode).toBe("tick");
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(app.dialog).toBeNull();
    expect(app.mode).toBe("view");
  });

  it("opening a project starts in Vis", () => {
    invoke.mockImplementation(async (cmd: string) =>
      cmd === "history" ? [] : cmd === "vocabularies" ? vocabularies() : { undo: null, redo: null },
    );
    app.setMode("tick");
    app.setProject(project({ path: "/a/ny.gpkg" }));
    expect(app.mode).toBe("view");
  });
});
