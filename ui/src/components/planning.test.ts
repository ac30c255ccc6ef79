import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import BlindSpotsPanel from "./BlindSpotsPanel.svelte";
import TopBar from "./TopBar.svelte";
import StatusBar from "./StatusBar.svelte";
import { app } from "../lib/store.svelte";
import { blindSpots } from "../lib/blindspots.svelte";
import type { BlindSpot, BlindSpotReport } from "../api";
import { flush, project, resetApp } from "./testing";

const spot = (id: string, type: string, type_label: string, lon: number): BlindSpot => ({
  id,
  kind: "building",
  type,
  type_label,
  type_label_en: type,
  location: { lon, lat: 55.4 },
  dwellings: 12,
  reasons: [{ code: "outside_focus", label: "uden for alle fokusområder", label_en: "outside every focus area" }],
  score: 19.58,
  layer: "buildings",
  fids: [157],
});

const report = (spots: BlindSpot[]): BlindSpotReport => ({
  today: "2026-12-02",
  window_days: 180,
  stale_days: 365,
  candidates: 297,
  total: spots.length,
  blindspots: spots,
});

describe("the blind-spot list and the language", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    app.project = project();
    blindSpots.open = false;
    blindSpots.report = null;
    blindSpots.type = "";
    blindSpots.picked = null;
  });

  it("lists the core's blind spots, filters by type, shows a picked one on the map, and refreshes after a change", async () => {
    let spots = [spot("buildings:157", "dormitory", "kollegium", 10.38), spot("buildings:54", "other", "andet", 10.39)];
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "blindspots") return report(spots);
      throw new Error(cmd);
    });
    blindSpots.toggle();
    render(BlindSpotsPanel);
    await flush();
    expect(invoke).toHaveBeenCalledWith("blindspots", { limit: null });
    expect(screen.getAllByTestId("blindspot").map((e) => e.dataset.id)).toEqual(["buildings:157", "buildings:54"]);
    expect(screen.getByTestId("blindspots-summary").textContent).toContain("2 steder");
    expect(screen.getAllByTestId("blindspot")[0].textContent).toContain("uden for alle fokusområder");

    app.language = "en";
    await flush();
    expect(screen.getAllByTestId("blindspot")[0].textContent).toContain("dormitory");
    expect(screen.getAllByTestId("blindspot")[0].textContent).toContain("outside every focus area");
    app.language = "da";
    await flush();
    await fireEvent.change(screen.getByTestId("blindspots-type"), { target: { value: "dormitory" } });
    expect(screen.getAllByTestId("blindspot").map((e) => e.dataset.id)).toEqual(["buildings:157"]);

    await fireEvent.click(screen.getAllByTestId("blindspot")[0]);
    expect(blindSpots.picked).toBe("buildings:157");
    expect(app.fitRequest?.bounds[0]).toBeCloseTo(10.38 - 0.0025);

    // A tick takes the dormitory off: the list follows the project's revision.
    spots = [spots[1]];
    app.project = { ...app.project!, coverage_revision: 2 };
    await flush();
    await flush();
    expect(blindSpots.picked).toBeNull();
    expect(screen.getByTestId("blindspots-empty").textContent).toContain("Ingen blinde pletter");
    await fireEvent.change(screen.getByTestId("blindspots-type"), { target: { value: "" } });
    expect(screen.getAllByTestId("blindspot").map((e) => e.dataset.id)).toEqual(["buildings:54"]);
  });

  it("switches every label to English and back at once, and keeps the choice for the user", async () => {
    invoke.mockResolvedValue(undefined);
    render(TopBar);
    render(StatusBar);
    expect(screen.getByTestId("mode-view").textContent?.trim()).toBe("Vis");
    await fireEvent.click(screen.getByTestId("language"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("set_language", { language: "en" });
    expect(screen.getByTestId("mode-view").textContent?.trim()).toBe("View");
    expect(screen.getByTestId("language").textContent?.trim()).toBe("Dansk");
    await fireEvent.click(screen.getByTestId("language"));
    await flush();
    expect(screen.getByTestId("mode-view").textContent?.trim()).toBe("Vis");
  });
});
