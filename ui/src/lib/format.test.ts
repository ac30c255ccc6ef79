import { describe, expect, it } from "vitest";
import { formatCount, formatDate, formatDateTime, formatDistance, formatMetres, formatNumber, formatPercent } from "./format";

describe("Danish formatting", () => {
  it("formats dates as 24.11.2026", () => {
    expect(formatDate(new Date(2026, 10, 24))).toBe("24.11.2026");
    expect(formatDate(new Date(2026, 0, 5))).toBe("05.01.2026");
    expect(formatDate("ikke en dato")).toBe("ikke en dato");
  });

  it("formats date-times in local time as 01.12.2026 21:40", () => {
    const local = new Date(2026, 11, 1, 21, 40);
    expect(formatDateTime(local)).toBe("01.12.2026 21:40");
    expect(formatDateTime(local.toISOString())).toBe("01.12.2026 21:40");
    expect(formatDateTime(new Date(2026, 11, 1, 7, 5))).toBe("01.12.2026 07:05");
  });

  it("formats numbers as 1.234,5", () => {
    expect(formatNumber(1234.5)).toBe("1.234,5");
    expect(formatNumber(1234)).toBe("1.234");
    expect(formatNumber(1234567.891, 2)).toBe("1.234.567,89");
    expect(formatNumber(999)).toBe("999");
    expect(formatNumber(-1234.5)).toBe("-1.234,5");
    expect(formatNumber(0.04)).toBe("0");
    expect(formatNumber(-0.04)).toBe("0");
    expect(formatCount(1717)).toBe("1.717");
  });

  it("formats distances in m and km", () => {
    expect(formatMetres(1234.4)).toBe("1.234 m");
    expect(formatDistance(850)).toBe("850 m");
    expect(formatDistance(1234)).toBe("1,2 km");
    expect(formatDistance(123_456)).toBe("123 km");
  });

  it("formats percentages with a space", () => {
    expect(formatPercent(0.62)).toBe("62 %");
    expect(formatPercent(1)).toBe("100 %");
  });
});
