import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import LayersPanel from "./LayersPanel.svelte";
import { app } from "../lib/store.svelte";
import { flush, project, resetApp } from "./testing";

describe("LayersPanel", () => {
  beforeEach(() => {
    resetApp();
    invoke.mockReset();
    app.project = project();
  });

  it("lists layers that hold something, top row drawn on top, as 'Label (count)'", () => {
    const { container } = render(LayersPanel);
    const list = container.querySelector("#layer-list")!;
    const rows = [...list.querySelectorAll(":scope > li")].map((li) => li.getAttribute("data-layer"));
    expect(rows).toEqual(["buildings", "roads", "focus_areas"]);
    expect(list.querySelector("li[data-layer=roads]")!.textContent).toContain("Veje (1717)");
    expect(list.querySelector("li[data-layer=coverage]")).toBeNull();
    // Each row carries its legend swatch.
    expect(list.querySelector("li[data-layer=roads] svg.swatch")).not.toBeNull();
    // Categories drawn differently are explained under the row.
    expect(list.querySelector("li[data-layer=buildings]")!.textContent).toContain("Kollegium");
  });

  it("switches a layer off through the store, and remembers it per project", async () => {
    const spy = vi.spyOn(app, "setLayerVisible");
    render(LayersPanel);
    const box = screen.getByTestId("visible-roads") as HTMLInputElement;
    expect(box.checked).toBe(true);
    await fireEvent.click(box);
    expect(spy).toHaveBeenCalledWith("roads", false);
    expect(app.pref("roads").visible).toBe(false);
    expect(box.checked).toBe(false);
    expect(JSON.parse(localStorage.getItem("afdaek.layers:/home/mette/odense.gpkg")!)).toMatchObject({
      roads: { visible: false, opacity: 1 },
    });
    spy.mockRestore();
  });

  it("sets a layer's opacity with its slider", async () => {
    render(LayersPanel);
    const slider = screen.getByTestId("opacity-buildings") as HTMLInputElement;
    expect(slider.value).toBe("100");
    await fireEvent.input(slider, { target: { value: "40" } });
    expect(app.pref("buildings").opacity).toBeCloseTo(0.4);
  });

  it("reads settings saved for the project when it opens", () => {
    localStorage.setItem("afdaek.layers:/home/mette/odense.gpkg", JSON.stringify({ roads: { visible: false, opacity: 0.5 } }));
    app.setProject(project());
    render(LayersPanel);
    expect((screen.getByTestId("visible-roads") as HTMLInputElement).checked).toBe(false);
    expect((screen.getByTestId("opacity-roads") as HTMLInputElement).value).toBe("50");
  });

  it("offers the online basemap below the layers, off by default, with what it means", () => {
    const { container } = render(LayersPanel);
    const box = screen.getByTestId("online-basemap") as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(box.closest("label")!.textContent).toContain("Online baggrundskort (OpenStreetMap)");
    const section = box.closest("section")!;
    expect(section.textContent).toContain("Baggrundskort");
    expect(section.textContent).toContain(
      "Henter kortbilleder fra internettet, når det er slået til. Slået fra: Afdæk bruger intet netværk.",
    );
    // Below the layer list.
    const list = container.querySelector("#layer-list")!;
    expect(list.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("turns the online basemap on and off through the backend", async () => {
    invoke.mockResolvedValue(undefined);
    render(LayersPanel);
    const box = screen.getByTestId("online-basemap") as HTMLInputElement;
    await fireEvent.click(box);
    await flush();
    expect(invoke).toHaveBeenCalledWith("set_online_basemap", { on: true });
    expect(app.onlineBasemap).toBe(true);
    expect(box.checked).toBe(true);
    await fireEvent.click(box);
    await flush();
    expect(invoke).toHaveBeenLastCalledWith("set_online_basemap", { on: false });
    expect(app.onlineBasemap).toBe(false);
    expect(box.checked).toBe(false);
  });

  it("keeps the basemap off when the backend refuses, and says why", async () => {
    invoke.mockRejectedValue("Indstillingen kunne ikke gemmes.");
    render(LayersPanel);
    const box = screen.getByTestId("online-basemap") as HTMLInputElement;
    await fireEvent.click(box);
    await flush();
    expect(app.onlineBasemap).toBe(false);
    expect(box.checked).toBe(false);
    expect(app.error).toBe("Indstillingen kunne ikke gemmes.");
  });

  it("speaks English too", () => {
    app.language = "en";
    render(LayersPanel);
    const box = screen.getByTestId("online-basemap");
    expect(box.closest("label")!.textContent).toContain("Online basemap (OpenStreetMap)");
    expect(box.closest("section")!.textContent).toContain("Fetches map images from the internet when on. Off: Afdæk uses no network.");
  });
});
