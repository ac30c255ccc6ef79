import { afterEach, describe, expect, it } from "vitest";
import { messages, t } from "./i18n";
import { app } from "./store.svelte";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// Every component's source, as text.
const sources = import.meta.glob<string>("../**/*.svelte", { query: "?raw", import: "default", eager: true });

describe("the message catalogue", () => {
  afterEach(() => {
    app.language = "da";
  });

  it("has the same keys and placeholders in Danish and English, none empty", () => {
    const da = Object.keys(messages.da).sort();
    expect(Object.keys(messages.en).sort()).toEqual(da);
    for (const k of da) {
      const key = k as keyof typeof messages.da;
      expect(messages.da[key].trim(), k).not.toBe("");
      expect(messages.en[key].trim(), k).not.toBe("");
      expect(placeholders(messages.en[key]), k).toEqual(placeholders(messages.da[key]));
    }
  });

  it("fills in parameters and follows the chosen language", () => {
    expect(t("undo.title", { label: "afkrydsning af Rømersvej" })).toBe("Fortryd: afkrydsning af Rømersvej");
    expect(t("layers.row", { label: "Veje", count: 1717 })).toBe("Veje (1717)");
    app.language = "en";
    expect(t("undo.title", { label: "x" })).toBe("Undo: x");
  });

  it("is where every visible string in the components comes from", () => {
    // Text written straight into markup (outside {…}) must be punctuation or a symbol only.
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    for (const [file, source] of Object.entries(sources)) {
      const markup = source
        .replace(/<script[\s\S]*?<\/script>/g, "")
        .replace(/<style[\s\S]*?<\/style>/g, "")
        .replace(/<!--[\s\S]*?-->/g, "");
      const text = markup
        .replace(/\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, " ") // expressions, one level of nesting
        .replace(/<[^>]*>/g, " ");
      const words = text.match(/\p{L}{2,}/gu) ?? [];
      expect(words, file).toEqual([]);
      // Attributes people read (title, placeholder, aria-label) must be expressions too.
      const literalAttrs = markup.match(/\s(title|placeholder|aria-label|alt)="[^"{]*\p{L}[^"{]*"/gu) ?? [];
      expect(literalAttrs, file).toEqual([]);
    }
  });
});
