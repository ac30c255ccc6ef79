import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import VisitBar from "./VisitBar.svelte";
import { app } from "../lib/store.svelte";
import { flush, project, resetApp, vocabularies } from "./testing";

const field = <T extends HTMLElement>(id: string) => screen.getByTestId(id) as T;
const optionTexts = (id: string) => [...field<HTMLSelectElement>(id).options].map((o) => o.textContent?.trim());

/** Opens the project at a fixed local time (Tuesday 24.11.2026, hh:30). */
function openAt(hour: number) {
  vi.setSystemTime(new Date(2026, 10, 24, hour, 30));
  app.setProject(project());
}

describe("the visit bar", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    resetApp();
    invoke.mockReset();
    invoke.mockImplementation(async (cmd: string) => {
      switch (cmd) {
        case "vocabularies":
          return vocabularies();
        case "undo_state":
          return { undo: null, redo: null };
        case "history":
          return [];
      }
      throw new Error(cmd);
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("offers the backend's methods and times of day by their Danish labels", async () => {
    openAt(14);
    render(VisitBar);
    await flush();
    expect(invoke).toHaveBeenCalledWith("vocabularies");
    expect(optionTexts("visit-method")).toEqual(["til fods", "på cykel", "i bil"]);
    expect(optionTexts("visit-time")).toEqual(["ikke angivet", "morgen", "dagtimer", "aften", "nat"]);
    expect(field<HTMLSelectElement>("visit-method").value).toBe("walk");
    expect(field<HTMLInputElement>("visit-team").value).toBe("");
  });

  it("defaults to today and the time of day of the hour, and shows the weekday of the date", async () => {
    openAt(19);
    render(VisitBar);
    await flush();
    expect(field<HTMLInputElement>("visit-date").value).toBe("2026-11-24");
    expect(field<HTMLInputElement>("visit-date").type).toBe("date");
    expect(field("visit-weekday").textContent?.trim()).toBe("tirsdag");
    expect(field<HTMLSelectElement>("visit-time").value).toBe("evening");
    await fireEvent.input(field("visit-date"), { target: { value: "2026-11-28" } });
    expect(app.visit.date).toBe("2026-11-28");
    expect(field("visit-weekday").textContent?.trim()).toBe("lørdag");
  });

  it("takes morning from the clock at 7", async () => {
    openAt(7);
    render(VisitBar);
    await flush();
    expect(field<HTMLSelectElement>("visit-time").value).toBe("morning");
  });

  it("starts from the project's last visit (kept in the file by the core); the date starts at today again", async () => {
    openAt(14);
    app.setProject(project({ last_visit: { method: "bike", team: "Team Nord", time_of_day: null, date: "2026-11-24" } }));
    render(VisitBar);
    await flush();
    expect(field<HTMLSelectElement>("visit-method").value).toBe("bike");
    expect(field<HTMLInputElement>("visit-team").value).toBe("Team Nord");
    expect(field<HTMLSelectElement>("visit-time").value).toBe("");
    expect(field<HTMLInputElement>("visit-date").value).toBe("2026-11-24");
    await fireEvent.change(field("visit-method"), { target: { value: "car" } });
    expect(app.visit.method).toBe("car");
    // Another project has its own defaults.
    app.setProject(project({ path: "/a/other.gpkg" }));
    expect(app.visit.method).toBe("walk");
  });

  it("says so when the date is missing", async () => {
    openAt(14);
    render(VisitBar);
    await flush();
    await fireEvent.input(field("visit-date"), { target: { value: "" } });
    expect(field("visit-weekday").textContent?.trim()).toBe("vælg en dato");
  });
});
