import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import UndoRedo from "./UndoRedo.svelte";
import { app } from "../lib/store.svelte";
import { flush, project, resetApp } from "./testing";

const button = (id: "undo" | "redo") => screen.getByTestId(id) as HTMLButtonElement;

describe("undo and redo buttons", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    app.project = project();
  });

  it("are disabled when there is nothing to undo or redo", () => {
    render(UndoRedo);
    expect(button("undo").disabled).toBe(true);
    expect(button("redo").disabled).toBe(true);
    expect(button("undo").title).toBe("Intet at fortryde");
    expect(button("redo").title).toBe("Intet at gentage");
  });

  it("say what they will do", async () => {
    render(UndoRedo);
    app.undoState = { undo: "afkrydsning af Rømersvej", redo: "navn på Vollsmose" };
    await flush();
    expect(button("undo").disabled).toBe(false);
    expect(button("undo").title).toBe("Fortryd: afkrydsning af Rømersvej");
    expect(button("redo").disabled).toBe(false);
    expect(button("redo").title).toBe("Gentag: navn på Vollsmose");
  });

  it("are disabled in a read-only project", async () => {
    app.project = project({ read_only: true });
    app.undoState = { undo: "afkrydsning af Rømersvej", redo: null };
    render(UndoRedo);
    expect(button("undo").disabled).toBe(true);
  });

  it("undo calls the backend and takes the new undo state", async () => {
    app.undoState = { undo: "afkrydsning af Rømersvej", redo: null };
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "undo") return { label: "afkrydsning af Rømersvej", undo: { undo: null, redo: "afkrydsning af Rømersvej" }, tile_revision: 5 };
      if (cmd === "project_info") return project({ tile_revision: 5 });
      if (cmd === "history") return [];
      throw new Error(cmd);
    });
    render(UndoRedo);
    await fireEvent.click(button("undo"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("undo");
    expect(app.project?.tile_revision).toBe(5);
    expect(button("undo").disabled).toBe(true);
    expect(button("redo").title).toBe("Gentag: afkrydsning af Rømersvej");
  });
});
