// Danish formatting, done by hand so it is the same in every webview and in
// tests: dates 24.11.2026, date-times 01.12.2026 21:40, numbers 1.234,5,
// distances "1.234 m" / "1,2 km". Times are shown in the computer's local zone.

const pad2 = (n: number) => String(n).padStart(2, "0");

function toDate(d: Date | string): Date | null {
  const date = typeof d === "string" ? new Date(d) : d;
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 24.11.2026; an unreadable date is shown as it came. */
export function formatDate(d: Date | string): string {
  const date = toDate(d);
  if (!date) return String(d);
  return `${pad2(date.getDate())}.${pad2(date.getMonth() + 1)}.${date.getFullYear()}`;
}

/** 01.12.2026 21:40 (local time); an unreadable timestamp is shown as it came. */
export function formatDateTime(d: Date | string): string {
  const date = toDate(d);
  if (!date) return String(d);
  return `${formatDate(date)} ${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}

/** 1.234,5: thousands with ".", decimals with ","; `decimals` fixed digits (default: up to 1 as needed). */
export function formatNumber(n: number, decimals?: number): string {
  if (!Number.isFinite(n)) return String(n);
  const digits = decimals ?? (Number.isInteger(Math.round(n * 10) / 10) ? 0 : 1);
  const fixed = Math.abs(n).toFixed(digits);
  const [int, frac] = fixed.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const sign = n < 0 && Number(fixed) !== 0 ? "-" : "";
  return sign + grouped + (frac ? "," + frac : "");
}

/** A whole count: 1.717 → "1.717". */
export function formatCount(n: number): string {
  return formatNumber(Math.round(n), 0);
}

/** Metres as metres: "1.234 m". */
export function formatMetres(m: number): string {
  return `${formatNumber(Math.round(m), 0)} m`;
}

/** A distance for reading: under 1 km in metres ("850 m"), else km ("1,2 km"; "123 km" from 100 km). */
export function formatDistance(m: number): string {
  if (Math.abs(m) < 1000) return formatMetres(m);
  const km = m / 1000;
  return `${formatNumber(km, Math.abs(km) < 100 ? 1 : 0)} km`;
}

/** A fraction 0..1 as "62 %". */
export function formatPercent(fraction: number): string {
  return `${formatNumber(Math.round(fraction * 100), 0)} %`;
}
