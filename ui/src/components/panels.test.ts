import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import TopBar from "./TopBar.svelte";
import HistoryPanel from "./HistoryPanel.svelte";
import StatusBar from "./StatusBar.svelte";
import ReadOnlyBanner from "./ReadOnlyBanner.svelte";
import ErrorToast from "./ErrorToast.svelte";
import Welcome from "./Welcome.svelte";
import ProjectDialogs from "./ProjectDialogs.svelte";
import { app } from "../lib/store.svelte";
import { flush, project, resetApp } from "./testing";

describe("the smaller panels", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
  });

  it("top bar: the project's name exactly, and a project menu", async () => {
    app.project = project();
    render(TopBar);
    expect(screen.getByTestId("project-name").textContent).toBe("Røgtest Odense");
    await fireEvent.click(screen.getByTestId("project-menu"));
    const menu = screen.getByRole("menu");
    for (const s of ["Åbn projekt…", "Nyt projekt…", "Seneste projekter", "Gem en kopi…"]) expect(menu.textContent).toContain(s);
    await fireEvent.click(screen.getByTestId("menu-new"));
    expect(app.dialog).toBe("new");
    await fireEvent.click(screen.getByTestId("history-toggle"));
    expect(app.historyOpen).toBe(true);
  });

  it("history: who, when (Danish date and time), what", () => {
    const ts = new Date(2026, 11, 1, 21, 40).toISOString();
    app.history = [{ ts, user: "MHJ", action: "afkrydsning af Rømersvej", detail: "" }];
    render(HistoryPanel);
    const line = screen.getByTestId("history-line");
    expect(line.textContent).toContain("MHJ");
    expect(line.textContent).toContain("01.12.2026 21:40");
    expect(line.textContent).toContain("afkrydsning af Rømersvej");
  });

  it("status bar: CRS · count, and a progress bar only while a job runs", async () => {
    app.project = project();
    render(StatusBar);
    expect(screen.getByTestId("status").textContent).toContain("EPSG:25832");
    expect(screen.getByTestId("object-count").textContent).toBe("2.604 objekter");
    expect(screen.getByTestId("progress").hidden).toBe(true);
    app.progressEvent({ job: "i", label: "Læser veje", done: 62, total: 100, finished: false });
    await flush();
    expect(screen.getByTestId("progress").hidden).toBe(false);
    expect(screen.getByTestId("progress").textContent).toContain("Læser veje 62 %");
    app.progressEvent({ job: "i", label: "Bygger indeks", done: 0, total: null, finished: false });
    await flush();
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBeNull();
    app.progressEvent({ job: "i", label: "", done: 0, total: null, finished: true });
    await flush();
    expect(screen.getByTestId("progress").hidden).toBe(true);
  });

  it("read-only banner: the backend's reason, else the default text", async () => {
    app.project = project({ read_only: true });
    render(ReadOnlyBanner);
    expect(screen.getByTestId("read-only-banner").textContent?.trim()).toBe(
      "Projektet er åbent et andet sted og vises kun til læsning. Ændringer kan ikke gemmes.",
    );
    app.project = project({ read_only: true, read_only_reason: "Åbent hos MHJ på BORGER-PC." });
    await flush();
    expect(screen.getByTestId("read-only-banner").textContent?.trim()).toBe("Åbent hos MHJ på BORGER-PC.");
  });

  it("error toast: the backend's message until dismissed", async () => {
    render(ErrorToast);
    expect(screen.queryByTestId("error")).toBeNull();
    app.showError("Filen kunne ikke læses: linje 12 mangler en koordinat. Intet blev importeret.");
    await flush();
    expect(screen.getByTestId("error").textContent).toContain("linje 12 mangler en koordinat");
    await fireEvent.click(screen.getByTestId("error-close"));
    expect(screen.queryByTestId("error")).toBeNull();
  });

  it("welcome: why the last project did not open, recent projects, open and new", async () => {
    app.openError = "Projektet er lavet med en nyere Afdæk.";
    app.recentProjects = ["/home/mette/Fokus 2027.gpkg"];
    render(Welcome);
    expect(screen.getByTestId("open-error").textContent).toBe("Projektet er lavet med en nyere Afdæk.");
    expect(screen.getByTestId("recent-project").textContent?.trim()).toBe("Fokus 2027.gpkg");
    await fireEvent.click(screen.getByTestId("welcome-open"));
    expect(app.dialog).toBe("open");
  });

  it("new project: searchable municipality, default path, then newProject", async () => {
    app.recentProjects = ["/home/mette/odense.gpkg"];
    invoke.mockImplementation(async (cmd: string, args?: Record<string, unknown>) => {
      if (cmd === "municipalities") return [{ code: "0461", name: "Odense" }, { code: "0101", name: "København" }];
      if (cmd === "new_project") return project({ path: String(args?.path), name: String(args?.name) });
      if (cmd === "undo_state") return { undo: null, redo: null };
      if (cmd === "history") return [];
      throw new Error(cmd);
    });
    app.dialog = "new";
    render(ProjectDialogs);
    await flush();
    await fireEvent.input(screen.getByTestId("new-name"), { target: { value: "Fokus 2027" } });
    expect((screen.getByTestId("new-path") as HTMLInputElement).value).toBe("/home/mette/Fokus 2027.gpkg");
    await fireEvent.input(screen.getByTestId("new-municipality-search"), { target: { value: "oden" } });
    await flush();
    const select = screen.getByTestId("new-municipality") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["0461 Odense"]);
    await fireEvent.click(screen.getByTestId("new-submit"));
    await flush();
    expect(invoke).toHaveBeenCalledWith("new_project", { path: "/home/mette/Fokus 2027.gpkg", name: "Fokus 2027", municipality: "0461" });
    expect(app.project?.name).toBe("Fokus 2027");
    expect(app.dialog).toBeNull();
  });

  it("new project: says what is missing instead of calling the backend", async () => {
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === "municipalities") return [{ code: "0461", name: "Odense" }, { code: "0101", name: "København" }];
      throw new Error(cmd);
    });
    app.dialog = "new";
    render(ProjectDialogs);
    await flush();
    await fireEvent.click(screen.getByTestId("new-submit"));
    const text = screen.getByTestId("new-project-dialog").textContent!;
    expect(text).toContain("Skriv et navn til projektet.");
    expect(text).toContain("Vælg en kommune på listen.");
    expect(invoke).not.toHaveBeenCalledWith("new_project", expect.anything());
  });
});
