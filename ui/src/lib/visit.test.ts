import { afterEach, describe, expect, it } from "vitest";
import {
  defaultVisit,
  fitVocabularies,
  isoDate,
  timeOfDayForHour,
  visitToSend,
  weekdayOf,
} from "./visit";
import { t, type MessageKey } from "./i18n";
import { app } from "./store.svelte";
import { vocabularies } from "../components/testing";

const at = (h: number, day = 24) => new Date(2026, 10, day, h, 30);

describe("the visit bar's rules", () => {
  afterEach(() => {
    localStorage.clear();
    app.language = "da";
  });

  it("gives today's date in local time", () => {
    expect(isoDate(new Date(2026, 10, 24, 23, 59))).toBe("2026-11-24");
    expect(isoDate(new Date(2027, 0, 3, 0, 1))).toBe("2027-01-03");
  });

  it("derives the weekday from a date, named in the catalogue", () => {
    expect(weekdayOf("2026-11-24")).toBe("tue");
    expect(weekdayOf("2026-11-29")).toBe("sun");
    expect(weekdayOf("2026-11-30")).toBe("mon");
    expect(weekdayOf("2024-02-29")).toBe("thu");
    expect(weekdayOf("2026-02-30")).toBeNull();
    expect(weekdayOf("")).toBeNull();
    expect(weekdayOf("24.11.2026")).toBeNull();
    expect(t(`weekday.${weekdayOf("2026-11-24")}` as MessageKey)).toBe("tirsdag");
    app.language = "en";
    expect(t(`weekday.${weekdayOf("2026-11-28")}` as MessageKey)).toBe("Saturday");
  });

  it("takes the time of day from the hour: 6–10 morning, 10–17 day, 17–22 evening, else night", () => {
    const cases: [number, string][] = [
      [0, "night"], [5, "night"], [6, "morning"], [9, "morning"], [10, "day"], [16, "day"],
      [17, "evening"], [21, "evening"], [22, "night"], [23, "night"],
    ];
    for (const [h, tod] of cases) expect(timeOfDayForHour(h), String(h)).toBe(tod);
  });

  it("defaults to today, on foot, no team, the time of day of now", () => {
    expect(defaultVisit(at(18), null)).toEqual({ date: "2026-11-24", method: "walk", team: null, time_of_day: "evening" });
  });

  it("starts from the project's last visit: method and team always, the time of day only the same day", () => {
    const last = { method: "bike", team: "Team Nord", time_of_day: "night", date: "2026-11-24" };
    expect(defaultVisit(at(12), last)).toEqual({ date: "2026-11-24", method: "bike", team: "Team Nord", time_of_day: "night" });
    expect(defaultVisit(at(12, 25), last)).toEqual({ date: "2026-11-25", method: "bike", team: "Team Nord", time_of_day: "day" });
    // "Not given" used today stays not given.
    expect(defaultVisit(at(20), { ...last, time_of_day: null }).time_of_day).toBeNull();
  });

  it("falls back when the backend does not know a code", () => {
    const v = vocabularies();
    const visit = { date: "2026-11-24", method: "horse", team: null, time_of_day: "dusk" };
    expect(fitVocabularies(visit, v)).toEqual({ ...visit, method: "walk", time_of_day: null });
    const known = { date: "2026-11-24", method: "car", team: null, time_of_day: "morning" };
    expect(fitVocabularies(known, v)).toBe(known);
    expect(fitVocabularies(visit, { ...v, visit_methods: [{ code: "bike", da: "på cykel", en: "by bike" }] }).method).toBe("bike");
  });

  it("sends the team trimmed, an empty team as none", () => {
    expect(visitToSend({ date: "2026-11-24", method: "walk", team: "  Team Nord ", time_of_day: "day" }).team).toBe("Team Nord");
    expect(visitToSend({ date: "2026-11-24", method: "walk", team: "   ", time_of_day: null }).team).toBeNull();
  });
});
