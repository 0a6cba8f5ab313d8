/**
 * Loans are booked in whole days of the Europe/Amsterdam calendar ("YYYY-MM-DD"), inclusive:
 * a loan from 3 to 5 May holds the item for three days. The database derives the instants
 * (starts_at = first day 00:00, ends_at = the day after the last day 00:00, Amsterdam time) with
 * the same rule, so the calendar, the range checks and the exclusion constraint agree
 * (docs/decisions/041-no-double-booking.md).
 */
import { dateTimeFormat } from "../utils/intl";
export type Ymd = string;

export const TIME_ZONE = "Europe/Amsterdam";
const DAY_MS = 86_400_000;

const ymdFormat = dateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

export function isYmd(value: unknown): value is Ymd {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The Amsterdam calendar day an instant falls on. */
export function dayOf(instant: Date): Ymd {
  return ymdFormat.format(instant);
}

/** Today in Amsterdam. */
export const today = (now: Date): Ymd => dayOf(now);

export function addDays(day: Ymd, n: number): Ymd {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(d.getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a); 0 for the same day. */
export function daysBetween(a: Ymd, b: Ymd): number {
  return Math.round((new Date(`${b}T00:00:00Z`).getTime() - new Date(`${a}T00:00:00Z`).getTime()) / DAY_MS);
}

/** Days in an inclusive range: 3 May – 5 May is 3 days. */
export const loanDays = (startsOn: Ymd, endsOn: Ymd): number => daysBetween(startsOn, endsOn) + 1;

function offsetMinutes(instant: Date): number {
  const parts = dateTimeFormat("en-US", { timeZone: TIME_ZONE, timeZoneName: "longOffset" }).formatToParts(instant);
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** 00:00 Amsterdam time on `day`, as an instant. (Amsterdam changes clocks at 02:00/03:00, never at midnight.) */
export function startOfDay(day: Ymd): Date {
  const utcMidnight = new Date(`${day}T00:00:00Z`);
  const guess = new Date(utcMidnight.getTime() - offsetMinutes(utcMidnight) * 60_000);
  return new Date(utcMidnight.getTime() - offsetMinutes(guess) * 60_000);
}

/** The instant a loan's last day ends: 00:00 on the following day. */
export const endOfDay = (day: Ymd): Date => startOfDay(addDays(day, 1));

/** Inclusive day ranges overlap. */
export function rangesOverlap(a: { startsOn: Ymd; endsOn: Ymd }, b: { startsOn: Ymd; endsOn: Ymd }): boolean {
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
}

/** Every day of an inclusive range (for calendars). */
export function eachDay(startsOn: Ymd, endsOn: Ymd): Ymd[] {
  const out: Ymd[] = [];
  for (let d = startsOn; d <= endsOn; d = addDays(d, 1)) out.push(d);
  return out;
}
