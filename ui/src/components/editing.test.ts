import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import FeatureForm from "./FeatureForm.svelte";
import DriveBar from "./DriveBar.svelte";
import TrackPanel from "./TrackPanel.svelte";
import AreaFigure from "./AreaFigure.svelte";
import DrawBar from "./DrawBar.svelte";
import { app } from "../lib/store.svelte";
import { drawing, fieldError } from "../lib/drawing.svelte";
import { drive } from "../lib/drive.svelte";
import { track } from "../lib/track.svelte";
import type { LayerForm } from "../api";
import { flush, project, resetApp, vocabularies } from "./testing";

const CPR = "Feltet 'notes' indeholder noget der ligner et CPR-nummer (010190-xxxx). CPR-numre må ikke gemmes i Afdæk: projektet rummer steder, ikke personer.";

/** The partner form as the core serves it (a part of it). */
const partnerForm = (): LayerForm => ({
  table: "partners",
  label: "Samarbejdspartnere",
  label_en: "Partners",
  geometry: "point",
  fields: [
    { name: "name", label: "Organisation", kind: "text", options: [], min: null, max: null, required: true, private: false },
    {
      name: "contact_status",
      label: "Kontaktstatus",
      kind: "code",
      options: [
        { code: "not_started", da: "ikke startet", en: "not started", colour: "#d73027" },
        { code: "in_progress", da: "i gang", en: "in progress", colour: "#fdae61" },
      ],
      min: null,
      max: null,
      required: false,
      private: false,
    },
    { name: "reach_m", label: "Rækkevidde (m)", kind: "real", options: [], min: 0, max: 100000, required: false, private: false },
    { name: "notes", label: "Noter", kind: "text", options: [], min: null, max: null, required: false, private: true },
  ],
});

const point: GeoJSON.Point = { type: "Point", coordinates: [10.383, 55.3985] };
const changed = { label: "Tegn samarbejdspartner: Netto", undo: { undo: "Tegn samarbejdspartner: Netto", redo: null }, tile_revision: 9 };

describe("drawing, driving and tracks", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    app.project = project();
    drawing.forms = [partnerForm()];
    drawing.layer = "partners";
    drawing.pending = null;
    drawing.errors = {};
    drive.cancel();
    track.reject();
    app.areaCoverage = null;
  });

  it("the form is built from the core's schema: labels, required, private, status colour", async () => {
    drawing.shapeDrawn(point);
    render(FeatureForm);
    expect(screen.getByTestId("feature-form").textContent).toContain("Ny: Samarbejdspartnere");
    expect(screen.getByText("Organisation").parentElement?.textContent).toContain("*");
    expect(screen.getByText("Noter").parentElement?.textContent).toContain("privat");
    await fireEvent.change(screen.getByTestId("form-contact_status"), { target: { value: "in_progress" } });
    expect((screen.getByTestId("form-contact_status-colour") as HTMLElement).style.background).toContain("253, 174, 97");
  });

  it("a CPR refusal is shown at the field and nothing changes; a good save sends typed values", async () => {
    invoke.mockImplementation(async (cmd: string, args: Record<string, unknown>) => {
      if (cmd === "add_feature") {
        const attrs = args.attrs as Record<string, unknown>;
        if (String(attrs.notes ?? "").includes("010190")) throw CPR;
        return { ...changed, fid: 71 };
      }
      if (cmd === "inspect") throw "gone";
      return cmd === "undo_state" ? changed.undo : cmd === "history" ? [] : project();
    });
    drawing.shapeDrawn(point);
    render(FeatureForm);
    await fireEvent.input(screen.getByTestId("form-name"), { target: { value: "Netto" } });
    await fireEvent.input(screen.getByTestId("form-reach_m"), { target: { value: "150,5" } });
    await fireEvent.input(screen.getByTestId("form-notes"), { target: { value: "Borger 010190-1234" } });
    await fireEvent.click(screen.getByTestId("form-save"));
    await flush();
    expect(screen.getByTestId("form-error-notes").textContent).toContain("CPR");
    expect(drawing.pending).not.toBeNull();

    await fireEvent.input(screen.getByTestId("form-notes"), { target: { value: "Butikschefen ser meget" } });
    await fireEvent.click(screen.getByTestId("form-save"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("add_feature", {
      layer: "partners",
      geometry: point,
      attrs: { name: "Netto", reach_m: 150.5, notes: "Butikschefen ser meget" },
    });
    expect(drawing.pending).toBeNull();
    expect(app.notice).toBe("Tegn samarbejdspartner: Netto");
  });

  it("puts a core message at the field it names, else at the form", () => {
    expect(fieldError("name: Navn skal udfyldes", ["name", "notes"])).toEqual({ name: "name: Navn skal udfyldes" });
    expect(fieldError(CPR, ["name", "notes"])).toEqual({ notes: CPR });
    expect(fieldError("geometrien kan ikke læses", ["name"])).toEqual({ "": "geometrien kan ikke læses" });
  });

  it("the draw bar offers the core's layers and the right hint", async () => {
    drawing.forms = [{ ...partnerForm(), table: "focus_areas", label: "Fokusområder", geometry: "polygon" }, partnerForm()];
    render(DrawBar);
    expect(screen.getByTestId("draw-layer-focus_areas").textContent?.trim()).toBe("Fokusområder");
    await fireEvent.click(screen.getByTestId("draw-layer-focus_areas"));
    expect(app.mode).toBe("draw");
    expect(screen.getByTestId("draw-hint").textContent).toContain("Klik hjørnerne");
  });

  it("a drive is routed after each point, confirmed with the visit, and cancelled without a trace", async () => {
    invoke.mockImplementation(async (cmd: string, args: Record<string, unknown>) => {
      if (cmd === "vocabularies") return vocabularies();
      if (cmd === "drive") {
        const line = { type: "LineString", coordinates: args.via };
        return { line, length_m: 491.4, credited: args.preview ? null : [4, 491.4], changed: args.preview ? null : changed };
      }
      return cmd === "undo_state" ? changed.undo : cmd === "history" ? [] : project();
    });
    app.setMode("drive");
    expect(app.visit.method).toBe("car");
    render(DriveBar);
    drive.add(10.18351, 55.36839);
    await flush();
    expect((screen.getByTestId("drive-confirm") as HTMLButtonElement).disabled).toBe(true);
    drive.add(10.18564, 55.37261);
    await flush();
    await flush();
    expect(screen.getByTestId("drive-length").textContent).toBe("Tur: 491 m");
    await fireEvent.click(screen.getByTestId("drive-confirm"));
    await flush();
    const last = invoke.mock.calls.filter((c) => c[0] === "drive").pop()!;
    expect(last[1]).toMatchObject({ preview: false, visit: { method: "car" } });
    expect(drive.points).toEqual([]);
    expect(app.notice).toBe("Turen er markeret som dækket (491 m)");
  });

  it("a track shows its figures; accept credits it with keep-track as chosen, reject drops it", async () => {
    const view = {
      raw: { type: "MultiLineString", coordinates: [[[10.38, 55.39], [10.381, 55.391]]] },
      matched: { type: "MultiLineString", coordinates: [[[10.38, 55.39], [10.381, 55.391]]] },
      matched_length_m: 1234,
      fixes: 120,
      matched_fixes: 118,
      gaps: 1,
      records: 0,
      raw_kept: false,
      changed: null,
    };
    invoke.mockImplementation(async (cmd: string, args: Record<string, unknown>) => {
      if (cmd === "vocabularies") return vocabularies();
      if (cmd === "track") return args.preview ? view : { ...view, records: 5, raw_kept: args.keepRaw, changed };
      return cmd === "undo_state" ? changed.undo : cmd === "history" ? [] : project();
    });
    render(TrackPanel);
    await track.open("/tmp/tur.gpx");
    await flush();
    expect(screen.getByTestId("track-length").textContent).toBe("Matchet til gader: 1,2 km");
    expect(screen.getByTestId("track-gaps").textContent).toContain("1 huller");
    await fireEvent.click(screen.getByTestId("track-keep"));
    await fireEvent.click(screen.getByTestId("track-accept"));
    await flush();
    const last = invoke.mock.calls.filter((c) => c[0] === "track").pop()!;
    expect(last[1]).toMatchObject({ path: "/tmp/tur.gpx", preview: false, keepRaw: true });
    expect(track.path).toBeNull();
    expect(app.notice).toBe("GPS-sporet er godkendt: 1,2 km gader dækket");
  });

  it("the area figure shows the core's covered length of the total", () => {
    app.areaCoverage = {
      name: "Vollsmose",
      layer: "focus_areas",
      fid: 1,
      street_length_m: 1400,
      covered_length_m: 163.2,
      covered_share: 0.1166,
      segments_total: 38,
      segments_covered: 3,
      dwellings_total: 10,
      dwellings_covered: 2,
      last_covered: "2026-12-01",
      window_days: 180,
    };
    render(AreaFigure);
    expect(screen.getByTestId("area-share").textContent).toBe("12 %");
    expect(screen.getByTestId("area-covered").textContent?.trim()).toBe("163 m af 1,4 km gader dækket");
    expect(screen.getByTestId("area-coverage").textContent).toContain("Senest dækket 01.12.2026");
  });
});
