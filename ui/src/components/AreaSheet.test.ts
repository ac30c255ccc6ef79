import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import AreaSheet from "./AreaSheet.svelte";
import { app } from "../lib/store.svelte";
import type { AreaSheet as Sheet } from "../api";
import { flush, project, resetApp } from "./testing";

const term = (code: string, da: string) => ({ code, da, en: code });

const sheet = (): Sheet => ({
  today: "2026-12-02",
  coverage: {
    name: "Vollsmose", layer: "focus_areas", fid: 1, street_length_m: 10600, covered_length_m: 7700, covered_share: 0.72,
    segments_total: 232, segments_covered: 139, dwellings_total: 0, dwellings_covered: 0, last_covered: "2026-11-23", window_days: 180,
    week: { mon: { morning: 2900, day: 1200 } },
  },
  next: {
    fid: 1, name: "Vollsmose",
    priority: { fid: 1, name: "Vollsmose", priority: 1, priority_source: "team", derived: 2, criteria: [4, 4, 5, 3], status: null, team: null, last_reviewed: null },
    covered_share: 0.72, last_covered: "2026-11-23",
    uncovered_streets: [{ name: "Fyrreparken", street_length_m: 400, covered_length_m: 29 }], uncovered_streets_total: 1,
    blind_spots_inside: [], blind_spots_inside_total: 0,
    partners_to_contact: [{ fid: 9, name: "Nærpoliti Vollsmose", partner_type: "police", contact_status: "not_started", next_contact: null, why: "not_started" }],
    partners_eyes: [
      {
        layer: "meal_routes", fid: 3, name: "Madservice Vest (tirsdagsrute)", partner_type: "meal_delivery", contact_status: null, weekdays: "tue",
        partner_type_da: "madservice, madudbringning", partner_type_en: "meal delivery", length_m: 640, dwellings: 23,
        stretches: [
          { street: "Ribe Landevej", cross_streets: ["Søndergade", "Vestergade"], length_m: 340, dwellings: 12, housing_types: ["owner_occupied"] },
          { street: "Bolbrovej", cross_streets: ["Ribe Landevej"], length_m: 120, dwellings: 6, housing_types: ["terraced"] },
          { street: "Åsumvej", cross_streets: ["A", "B", "C"], length_m: 100, dwellings: 3, housing_types: [] },
          { street: "Toftevej", cross_streets: [], length_m: 80, dwellings: 2, housing_types: [] },
        ],
      },
    ],
    empty_dimensions: ["channels"],
    dimensions: [{ code: "housing", label: "Boligområder", count: 3, mark: "high", mark_label: "i høj grad", has_notes: false, empty: false }],
    fidelity: [{ date: "2026-10-01", answers: { partners_mapped: "neither" } }],
    stale: [],
  },
  plan: [{ fid: 1, area_fid: 1, partner: "Vollsmose Apotek", message: "Fortæl om åben rådgivning", medium: "møde", responsible: "MHJ", timeframe: "uge 3", status: "in_progress", evaluation: null }],
  plan_statuses: [term("not_started", "ikke startet"), term("in_progress", "i gang")],
  fidelity_questions: [term("partners_mapped", "Samarbejdspartnere er afdækket")],
  fidelity_answers: [term("high", "i høj grad"), term("neither", "hverken/eller")],
  weekdays: [term("mon", "mandag"), term("tue", "tirsdag")],
  times_of_day: [term("morning", "morgen"), term("day", "dagtimer"), term("unknown", "ikke angivet")],
});

describe("the area sheet", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    app.project = project();
    app.selection = { layer: "focus_areas", fid: 1 };
    app.areaSheet = sheet();
  });

  it("shows the team's priority beside the criteria's, when the team came, and what to do next", () => {
    render(AreaSheet);
    const prio = screen.getByTestId("sheet-priority");
    expect(prio.dataset.priority).toBe("1");
    expect(prio.textContent).toContain("sat af teamet");
    expect(prio.textContent).toContain("kriterierne giver 2");
    const mon = screen.getByTestId("sheet-week").querySelector("td[data-day=mon][data-tod=morning]") as HTMLElement;
    expect(mon.dataset.metres).toBe("2900");
    expect(mon.textContent).toBe("2,9");
    expect((screen.getByTestId("sheet-week").querySelector("td[data-day=tue][data-tod=morning]") as HTMLElement).textContent).toBe("");
    const next = screen.getByTestId("sheet-next").textContent!;
    expect(next).toContain("Gå Fyrreparken: 371 m mangler");
    expect(next).toContain("Tag kontakt til Nærpoliti Vollsmose");
    // Partners' eyes: who to ask about which stretch, three stretches shown.
    const eyes = screen.getByTestId("sheet-eyes");
    expect(eyes.textContent).toContain("Spørg Madservice Vest (tirsdagsrute)");
    expect(eyes.textContent).toContain("640 m udækket, 23 boliger");
    expect(eyes.textContent).toContain("Ribe Landevej fra Søndergade til Vestergade · 340 m");
    expect(eyes.textContent).toContain("Bolbrovej ved Ribe Landevej");
    expect(eyes.textContent).toContain("Åsumvej mellem A, B og C");
    expect(eyes.textContent).not.toContain("Toftevej");
    expect(eyes.textContent).toContain("… og 1 stræk mere");
    // The checklist's history: one column per answered date.
    const history = screen.getByTestId("fidelity-history");
    expect(history.textContent).toContain("01.10.2026");
    expect((history.querySelector("td[data-answer=neither]") as HTMLElement).textContent).toBe("hverken/eller");
  });

  it("stores the chosen fidelity answers for today as one edit", async () => {
    const changed = { label: "Fidelitetsskema", undo: { undo: "Fidelitetsskema", redo: null }, tile_revision: 1, coverage_revision: 1 };
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "answer_fidelity") return changed;
      if (cmd === "area_sheet") return sheet();
      return cmd === "undo_state" ? changed.undo : project();
    });
    render(AreaSheet);
    const save = screen.getByTestId("fidelity-save") as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await fireEvent.change(screen.getByTestId("fidelity-partners_mapped"), { target: { value: "high" } });
    expect(save.disabled).toBe(false);
    await fireEvent.click(save);
    await flush();
    expect(invoke).toHaveBeenCalledWith("answer_fidelity", { fid: 1, date: "2026-12-02", answers: [["partners_mapped", "high"]] });
    expect(app.notice).toBe("Fidelitetsskema");
  });

  it("lists the communication plan and adds a row; the core's refusal is shown under the form", async () => {
    const changed = { label: "Kommunikationsplan: ny række (Vollsmose)", undo: { undo: "x", redo: null }, tile_revision: 1, coverage_revision: 1 };
    invoke.mockImplementation(async (cmd: string, args: { row?: { message: string } }) => {
      if (cmd === "add_plan_row") {
        if (args.row!.message.includes("010190")) throw "Feltet 'message' indeholder noget der ligner et CPR-nummer (010190-xxxx).";
        return changed;
      }
      if (cmd === "area_sheet") return sheet();
      return cmd === "undo_state" ? changed.undo : project();
    });
    render(AreaSheet);
    expect(screen.getByTestId("plan-rows").textContent).toContain("Fortæl om åben rådgivning");
    expect(screen.getByTestId("plan-rows").textContent).toContain("Vollsmose Apotek · møde · MHJ · uge 3 · i gang");
    await fireEvent.input(screen.getByTestId("plan-message"), { target: { value: "Ring til 010190-1234" } });
    await fireEvent.click(screen.getByTestId("plan-add"));
    await flush();
    expect(screen.getByTestId("plan-error").textContent).toContain("CPR");
    await fireEvent.input(screen.getByTestId("plan-message"), { target: { value: "Opslag om cafédag" } });
    await fireEvent.input(screen.getByTestId("plan-medium"), { target: { value: "opslagstavle" } });
    await fireEvent.click(screen.getByTestId("plan-add"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("add_plan_row", {
      row: { fid: null, area_fid: 1, partner: null, message: "Opslag om cafédag", medium: "opslagstavle", responsible: null, timeframe: null, status: null, evaluation: null },
    });
    expect(app.notice).toBe("Kommunikationsplan: ny række (Vollsmose)");
  });

  it("offers the criteria's priority when it differs, as one edit", async () => {
    const changed = { label: "Prioritet fra kriterier", undo: { undo: "Prioritet fra kriterier", redo: null }, tile_revision: 2, coverage_revision: 1 };
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "apply_derived_priority") return changed;
      if (cmd === "area_sheet") return sheet();
      return cmd === "undo_state" ? changed.undo : project();
    });
    render(AreaSheet);
    const button = screen.getByTestId("apply-derived");
    expect(button.textContent?.trim()).toBe("Brug kriteriernes prioritet (2)");
    await fireEvent.click(button);
    await flush();
    expect(invoke).toHaveBeenCalledWith("apply_derived_priority", { fid: 1 });
    expect(app.notice).toBe("Prioritet fra kriterier");
  });
});
