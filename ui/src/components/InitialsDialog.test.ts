import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import InitialsDialog from "./InitialsDialog.svelte";
import { app, validInitials } from "../lib/store.svelte";
import { flush, resetApp } from "./testing";

async function submit(value: string) {
  await fireEvent.input(screen.getByTestId("initials-input"), { target: { value } });
  await fireEvent.click(screen.getByTestId("initials-save"));
  await flush();
}

describe("InitialsDialog", () => {
  beforeEach(() => {
    resetApp();
    app.userInitials = null;
    invoke.mockReset();
    invoke.mockResolvedValue(undefined);
  });

  it("asks who the user is, in Danish", () => {
    render(InitialsDialog);
    const dialog = screen.getByTestId("initials-dialog");
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(dialog.textContent).toContain("Hvem er du?");
    expect(dialog.textContent).toContain("Skriv dine initialer, så historikken viser, hvem der har ændret hvad.");
    expect(document.activeElement).toBe(screen.getByTestId("initials-input"));
  });

  it("refuses fewer than 2 letters, or anything but letters", async () => {
    render(InitialsDialog);
    for (const bad of ["", "M", "M1", "M H", "ABCDEFG"]) {
      await submit(bad);
      expect(screen.getByTestId("initials-invalid").textContent, bad).toBe("Skriv 2–6 bogstaver, fx MHJ.");
    }
    expect(invoke).not.toHaveBeenCalled();
    expect(app.userInitials).toBeNull();
  });

  it("saves 2–6 letters, upper-cased, through setUserInitials", async () => {
    render(InitialsDialog);
    await submit("æøh");
    expect(invoke).toHaveBeenCalledWith("set_user_initials", { initials: "ÆØH" });
    expect(app.userInitials).toBe("ÆØH");
    expect(screen.queryByTestId("initials-invalid")).toBeNull();
  });

  it("accepts exactly the 2–6 letter range", () => {
    expect(validInitials("MH")).toBe(true);
    expect(validInitials("ABCDEF")).toBe(true);
    expect(validInitials("ABCDEFG")).toBe(false);
    expect(validInitials("Å")).toBe(false);
  });
});
