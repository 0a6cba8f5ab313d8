/**
 * Pure helpers of the weekly digest (docs/decisions/013-calendar-feed-and-digest.md).
 * A digest belongs to the week (Monday, Europe/Amsterdam) in which it is built; its dedupe key
 * makes a second run in the same week a no-op.
 */
const amsterdamDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit", weekday: "short" });
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The Monday (YYYY-MM-DD, Amsterdam calendar) of the week `now` falls in. */
export function weekStart(now: Date): string {
  const parts = Object.fromEntries(amsterdamDay.formatToParts(now).map((p) => [p.type, p.value]));
  const offset = WEEKDAYS.indexOf(parts.weekday ?? "");
  if (offset < 0) throw new Error(`unexpected weekday ${parts.weekday}`);
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  return new Date(local - offset * 86_400_000).toISOString().slice(0, 10);
}

export const digestDedupeKey = (weekOf: string) => `week:${weekOf}`;
