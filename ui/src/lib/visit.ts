// The visit bar's pure parts: today's date, the weekday of a date, the time of
// day for an hour, and the defaults of a new visit (from the project's last
// visit, which the core keeps in the project file, checked against the
// backend's vocabularies).
// The words shown (weekday names, labels) live in the catalogue (i18n.ts).
import type { LastVisit, Term, Visit, Vocabularies } from "../api";

/** The backend's weekday codes (vocab::WEEKDAYS), Monday first; names are "weekday.<code>" in the catalogue. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The backend's time-of-day codes (vocab::TIMES_OF_DAY). */
export type TimeOfDay = "morning" | "day" | "evening" | "night";

export const DEFAULT_METHOD = "walk";

const pad2 = (n: number) => String(n).padStart(2, "0");

/** The date as YYYY-MM-DD in local time (what a date input holds). */
export function isoDate(d: Date): string {
  return `${String(d.getFullYear()).padStart(4, "0")}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** The weekday of a YYYY-MM-DD date, or null when it is not a real date. */
export function weekdayOf(iso: string): Weekday | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  // getUTCDay: 0 = Sunday.
  return WEEKDAYS[(date.getUTCDay() + 6) % 7];
}

/** The time of day of a clock hour (0–23): 6–10 morning, 10–17 day, 17–22 evening, else night. */
export function timeOfDayForHour(hour: number): TimeOfDay {
  if (hour >= 6 && hour < 10) return "morning";
  if (hour >= 10 && hour < 17) return "day";
  if (hour >= 17 && hour < 22) return "evening";
  return "night";
}

const has = (terms: Term[], code: string) => terms.some((t) => t.code === code);

/**
 * A new visit: today, the last visit's method and team (else on foot, no team);
 * its time of day if it was today, else the one of the
 * current hour. With the vocabularies, codes the backend does not know fall
 * back (method: "walk" or the first; time of day: not given).
 */
export function defaultVisit(now: Date, remembered: LastVisit | null, vocab: Vocabularies | null = null): Visit {
  const today = isoDate(now);
  const visit: Visit = {
    date: today,
    method: remembered?.method || DEFAULT_METHOD,
    team: remembered?.team?.trim() ? remembered.team : null,
    time_of_day: remembered && remembered.date === today ? remembered.time_of_day : timeOfDayForHour(now.getHours()),
  };
  return vocab ? fitVocabularies(visit, vocab) : visit;
}

/** The visit with its codes checked against the vocabularies (unknown codes fall back). */
export function fitVocabularies(visit: Visit, vocab: Vocabularies): Visit {
  let { method, time_of_day } = visit;
  if (vocab.visit_methods.length > 0 && !has(vocab.visit_methods, method)) {
    method = has(vocab.visit_methods, DEFAULT_METHOD) ? DEFAULT_METHOD : vocab.visit_methods[0].code;
  }
  if (time_of_day !== null && !has(vocab.times_of_day, time_of_day)) time_of_day = null;
  return method === visit.method && time_of_day === visit.time_of_day ? visit : { ...visit, method, time_of_day };
}

/** The visit as sent to the backend: the team trimmed, empty as null. */
export function visitToSend(visit: Visit): Visit {
  const team = visit.team?.trim() ?? "";
  return { date: visit.date, method: visit.method, team: team === "" ? null : team, time_of_day: visit.time_of_day || null };
}
