import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import PartnersPanel from "./PartnersPanel.svelte";
import StalePanel from "./StalePanel.svelte";
import { app } from "../lib/store.svelte";
import { panels } from "../lib/panels.svelte";
import type { PartnerRow } from "../api";
import { flush, project, resetApp } from "./testing";

const partner = (fid: number, name: string, overdue: boolean): PartnerRow => ({
  fid, name, partner_type: "grocer", type_label: "købmand, supermarked", contact_status: "in_progress", status_label: "i gang",
  status_colour: "#fdae61", last_contact: null, next_contact: overdue ? "2026-11-20" : null, overdue, lon: 10.34, lat: 55.39,
});

describe("the partners and stale tabs", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    app.project = project();
    panels.partners = null;
    panels.stale = null;
  });

  it("lists partners with status word and colour, overdue first and marked; counts under 5 stay hidden", async () => {
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "partners_overview")
        return { today: "2026-12-02", partners: [partner(2, "Købmanden i Bolbro", true), partner(5, "Apoteket", false)], referrals: [{ area: "Vollsmose", month: "2026-11", source_type: "partner", count: "<5" }] };
      throw new Error(cmd);
    });
    panels.show("partners");
    render(PartnersPanel);
    await flush();
    const rows = screen.getAllByTestId("partner");
    expect(rows.map((r) => r.dataset.fid)).toEqual(["2", "5"]);
    expect(rows[0].textContent).toContain("overskredet");
    expect(rows[0].textContent).toContain("i gang");
    expect(screen.getByTestId("partners-summary").textContent).toContain("1 med overskredet kontakt");
    expect(screen.getByTestId("referrals").textContent).toContain("<5");
    await fireEvent.click(screen.getByTestId("partners-overdue"));
    expect(screen.getAllByTestId("partner").map((r) => r.dataset.fid)).toEqual(["2"]);
  });

  it("lists stale areas with their reasons and stale streets", async () => {
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "stale")
        return {
          today: "2026-12-02", stale_days: 365, window_days: 180,
          areas: [{ layer: "focus_areas", fid: 3, name: "Bolbro", last_reviewed: "2025-06-01", last_visited: null, reasons: ["not_reviewed", "not_visited"], days_since_review: 549 }],
          streets: [{ name: "Stærevej", length_m: 420, last_covered: "2026-02-01" }],
        };
      throw new Error(cmd);
    });
    panels.show("stale");
    render(StalePanel);
    await flush();
    expect(screen.getByTestId("stale-areas").textContent).toContain("ikke gennemgået længe · ikke besøgt længe");
    expect(screen.getByTestId("stale-streets").textContent).toContain("Stærevej");
    expect(screen.getByTestId("stale-streets").textContent).toContain("sidst dækket 01.02.2026");
  });
});
