import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import SettingsDialog from "./SettingsDialog.svelte";
import { app } from "../lib/store.svelte";
import { flush, project, resetApp } from "./testing";

const settings = () => ({
  name: "Demo", municipality: "0461", recency_days: 180, stale_days: 365,
  status_colours: { not_started: "#d73027", in_progress: "#fdae61", done: "#1a9850" },
  blindspots: { rural_link_m: 150, rural_max_dwellings: 5, group_m: 100, reach_m: 50, weights: { dormitory: 3 } },
  teams: ["Team Øst"],
  weight_labels: { dormitory: { code: "dormitory", da: "kollegium", en: "student dormitory" } },
});
const changed = { label: "Indstilling: blinde pletter", undo: { undo: "x", redo: null }, tile_revision: 2, coverage_revision: 1 };

describe("the settings dialog", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    app.project = project();
  });

  it("saves a team setting as one edit and shows the core's refusal at the field", async () => {
    invoke.mockImplementation(async (cmd: string, args: { key?: string; value?: unknown }) => {
      if (cmd === "project_settings") return settings();
      if (cmd === "set_project_setting") {
        if (args.key === "recency_days" && args.value === 0) throw "recency_days: skal være 1–36500 dage";
        return changed;
      }
      return cmd === "undo_state" ? changed.undo : project();
    });
    render(SettingsDialog);
    await flush();
    await fireEvent.change(screen.getByTestId("settings-blind-reach_m"), { target: { value: "75" } });
    await flush();
    expect(invoke).toHaveBeenCalledWith("set_project_setting", {
      key: "blindspots",
      value: { rural_link_m: 150, rural_max_dwellings: 5, group_m: 100, reach_m: 75, weights: { dormitory: 3 } },
    });
    await fireEvent.change(screen.getByTestId("settings-weight-dormitory"), { target: { value: "4,5" } });
    await flush();
    expect(invoke).toHaveBeenCalledWith("set_project_setting", {
      key: "blindspots",
      value: { rural_link_m: 150, rural_max_dwellings: 5, group_m: 100, reach_m: 50, weights: { dormitory: 4.5 } },
    });
    expect(screen.getByTestId("settings-weight-dormitory").parentElement?.textContent).toContain("kollegium");
    await fireEvent.change(screen.getByTestId("settings-teams"), { target: { value: "Team Øst, Team Vest ," } });
    await flush();
    expect(invoke).toHaveBeenCalledWith("set_project_setting", { key: "teams", value: ["Team Øst", "Team Vest"] });
    await fireEvent.change(screen.getByTestId("settings-recency_days"), { target: { value: "0" } });
    await flush();
    expect(screen.getByRole("alert").textContent).toContain("1–36500");
  });

  it("keeps large type for the user", async () => {
    invoke.mockImplementation(async (cmd: string) => (cmd === "project_settings" ? settings() : undefined));
    render(SettingsDialog);
    await flush();
    await fireEvent.click(screen.getByTestId("settings-large-text"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("set_large_text", { on: true });
    expect(app.largeText).toBe(true);
  });
});
