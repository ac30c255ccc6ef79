import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import Inspector from "./Inspector.svelte";
import { app } from "../lib/store.svelte";
import { flush, inspected, project, resetApp } from "./testing";

const CPR_MESSAGE = "Navn: teksten ligner et CPR-nummer. Skriv ikke personnumre i Afdæk.";

describe("Inspector", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    app.project = project();
  });

  it("says what to do when nothing is selected", () => {
    render(Inspector);
    expect(screen.getByTestId("inspector").textContent).toContain("Klik på noget på kortet for at se det her.");
  });

  it("shows the clicked feature's title and every field", async () => {
    invoke.mockResolvedValueOnce(inspected());
    render(Inspector);
    await app.select("focus_areas", 7);
    await flush();
    expect(invoke).toHaveBeenCalledWith("inspect", { layer: "focus_areas", fid: 7 });
    expect(screen.getByTestId("inspector-title").textContent).toBe("Vollsmose");
    const text = screen.getByTestId("inspector").textContent!;
    for (const s of ["Fokusområder", "Prioritet", "Sidst gennemgået", "24.11.2026"]) expect(text).toContain(s);
    expect((screen.getByTestId("field-name") as HTMLInputElement).value).toBe("Vollsmose");
    // Fields that are not editable have no input.
    expect(screen.queryByTestId("field-priority")).toBeNull();
  });

  it("saves an edited field with updateFeature and refreshes", async () => {
    app.historyOpen = true;
    app.selection = { layer: "focus_areas", fid: 7 };
    app.inspected = inspected();
    const renamed = inspected({ title: "Vollsmose Øst", fields: [{ name: "name", label: "Navn", display: "Vollsmose Øst", value: "Vollsmose Øst", editable: true }] });
    invoke.mockImplementation(async (cmd: string) => {
      switch (cmd) {
        case "update_feature":
          return { label: "navn på Vollsmose", undo: { undo: "navn på Vollsmose", redo: null }, tile_revision: 2 };
        case "project_info":
          return project({ tile_revision: 2 });
        case "history":
          return [{ ts: "2026-12-01T20:40:00Z", user: "MHJ", action: "navn på Vollsmose", detail: "" }];
        case "inspect":
          return renamed;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Inspector);
    const input = screen.getByTestId("field-name") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "Vollsmose Øst" } });
    await fireEvent.click(screen.getByTestId("save-name"));
    await flush();
    await flush();
    expect(invoke).toHaveBeenCalledWith("update_feature", { layer: "focus_areas", fid: 7, patch: { name: "Vollsmose Øst" } });
    expect(app.undoState.undo).toBe("navn på Vollsmose");
    expect(app.project?.tile_revision).toBe(2);
    expect(app.history).toHaveLength(1);
    expect(screen.getByTestId("inspector-title").textContent).toBe("Vollsmose Øst");
  });

  it("shows the backend's refusal at the field and changes nothing", async () => {
    app.selection = { layer: "focus_areas", fid: 7 };
    app.inspected = inspected();
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "update_feature") throw CPR_MESSAGE;
      throw new Error(`unexpected ${cmd}`);
    });
    render(Inspector);
    const input = screen.getByTestId("field-name") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "Henrik 010203-1234" } });
    await fireEvent.click(screen.getByTestId("save-name"));
    await flush();
    expect(screen.getByTestId("field-error-name").textContent).toBe(CPR_MESSAGE);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    // What the user typed stays, to be corrected; the stored feature is untouched.
    expect(input.value).toBe("Henrik 010203-1234");
    expect(app.inspected?.title).toBe("Vollsmose");
    expect(app.error).toBeNull();
    expect(invoke).toHaveBeenCalledTimes(1);
  });

  it("shows fields read-only when the project is read-only", () => {
    app.project = project({ read_only: true });
    app.selection = { layer: "focus_areas", fid: 7 };
    app.inspected = inspected();
    render(Inspector);
    expect(screen.queryByTestId("field-name")).toBeNull();
    expect(screen.getByTestId("value-name").textContent).toBe("Vollsmose");
  });

  it("clears when the selected feature is gone after an undo", async () => {
    app.selection = { layer: "focus_areas", fid: 7 };
    app.inspected = inspected();
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "inspect") throw "Objektet findes ikke.";
      if (cmd === "project_info") return project();
      if (cmd === "history") return [];
      throw new Error(`unexpected ${cmd}`);
    });
    render(Inspector);
    await app.applyChanged({ label: "oprettelse af Vollsmose", undo: { undo: null, redo: "oprettelse af Vollsmose" }, tile_revision: 3, coverage_revision: 3 });
    await flush();
    expect(app.selection).toBeNull();
    expect(screen.getByTestId("inspector").textContent).toContain("Klik på noget på kortet");
  });

  it("edits a code field with the choices of the layer's form (from the core)", async () => {
    const { drawing } = await import("../lib/drawing.svelte");
    drawing.forms = [
      {
        table: "focus_areas", label: "Fokusområder", label_en: "Focus areas", geometry: "polygon",
        fields: [{ name: "status", label: "Status", kind: "code", options: [{ code: "active", da: "aktiv", en: "active", colour: null }, { code: "paused", da: "på pause", en: "paused", colour: null }], min: null, max: null, required: false, private: false }],
      },
    ];
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "inspect")
        return inspected({ fields: [{ name: "status", label: "Status", display: "aktiv", value: "active", editable: true }] });
      if (cmd === "update_feature") return { label: "Ret fokusområder: Vollsmose", undo: { undo: "x", redo: null }, tile_revision: 2, coverage_revision: 1 };
      if (cmd === "area_sheet" || cmd === "area_coverage") throw "not in this test";
      return cmd === "undo_state" ? { undo: "x", redo: null } : cmd === "history" ? [] : project();
    });
    render(Inspector);
    await app.select("focus_areas", 7);
    await flush();
    const select = screen.getByTestId("field-status") as HTMLSelectElement;
    expect(select.tagName).toBe("SELECT");
    expect([...select.options].map((o) => o.textContent)).toEqual(["vælg…", "aktiv", "på pause"]);
    await fireEvent.change(select, { target: { value: "paused" } });
    await fireEvent.click(screen.getByTestId("save-status"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("update_feature", { layer: "focus_areas", fid: 7, patch: { status: "paused" } });
    drawing.forms = null;
  });
});
