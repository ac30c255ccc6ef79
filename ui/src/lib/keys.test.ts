import { describe, expect, it } from "vitest";
import { shortcutOf, type KeyLike } from "./keys";

const press = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target: document.body, ...mods,
});

describe("keyboard shortcuts", () => {
  it("maps Ctrl+Z to undo, Ctrl+Shift+Z and Ctrl+Y to redo", () => {
    expect(shortcutOf(press("z", { ctrlKey: true }))).toBe("undo");
    expect(shortcutOf(press("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(shortcutOf(press("y", { ctrlKey: true }))).toBe("redo");
    expect(shortcutOf(press("z"))).toBeNull();
  });

  it("leaves undo to the field while typing, but Esc always works", () => {
    const input = document.createElement("input");
    expect(shortcutOf(press("z", { ctrlKey: true, target: input }))).toBeNull();
    expect(shortcutOf(press("Escape", { target: input }))).toBe("escape");
  });
});

describe("mode keys", () => {
  it("maps V, A, K and T to Vis, Afkryds, Kør and Tegn (either case), not with a modifier", () => {
    expect(shortcutOf(press("t"))).toBe("mode-draw");
    expect(shortcutOf(press("K"))).toBe("mode-drive");
    expect(shortcutOf(press("v"))).toBe("mode-view");
    expect(shortcutOf(press("a"))).toBe("mode-tick");
    expect(shortcutOf(press("A"))).toBe("mode-tick");
    expect(shortcutOf(press("a", { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(press("v", { altKey: true }))).toBeNull();
    expect(shortcutOf(press("A", { shiftKey: true }))).toBeNull();
    expect(shortcutOf(press("q"))).toBeNull();
  });

  it("maps Enter to confirm and Delete or Backspace to delete, but not while typing", () => {
    expect(shortcutOf(press("Enter"))).toBe("confirm");
    expect(shortcutOf(press("Delete"))).toBe("delete");
    expect(shortcutOf(press("Backspace"))).toBe("delete");
    expect(shortcutOf(press("Delete", { target: document.createElement("input") }))).toBeNull();
    expect(shortcutOf(press("Enter", { target: document.createElement("input") }))).toBeNull();
  });

  it("leaves letters to the field while typing", () => {
    for (const tag of ["input", "textarea", "select"]) {
      expect(shortcutOf(press("a", { target: document.createElement(tag) }))).toBeNull();
    }
  });
});
