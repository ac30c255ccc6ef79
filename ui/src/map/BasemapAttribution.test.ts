import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

import BasemapAttribution from "./BasemapAttribution.svelte";
import { app } from "../lib/store.svelte";
import { flush, resetApp } from "../components/testing";

describe("the basemap attribution", () => {
  beforeEach(() => resetApp());

  it("credits OpenStreetMap only while the online basemap is on, as plain text", async () => {
    render(BasemapAttribution);
    const box = screen.getByTestId("basemap-attribution");
    expect(box.hidden).toBe(true);
    app.onlineBasemap = true;
    await flush();
    expect(box.hidden).toBe(false);
    expect(box.textContent).toBe("© OpenStreetMap-bidragydere");
    expect(box.querySelector("a")).toBeNull();
    app.language = "en";
    await flush();
    expect(box.textContent).toBe("© OpenStreetMap contributors");
  });
});
