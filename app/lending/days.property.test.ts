/**
 * Property tests for the day arithmetic loans are booked in (issue 8 §8): a date is a real
 * calendar day or it is refused, from 1900 to 9999; adding and counting days agree; an Amsterdam
 * day starts at its own midnight and lasts 23, 24 or 25 hours; overlapping is symmetric.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, dayOf, daysBetween, endOfDay, isYmd, rangesOverlap, startOfDay } from "./days";

const pad = (n: number, w: number) => String(n).padStart(w, "0");
const daysIn = (y: number, m: number) => [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
const ymd = (min: string, max: string) =>
  fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe("isYmd", () => {
  it("accepts exactly the real calendar days written YYYY-MM-DD (1900 and 9999 included)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const real = m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) && y >= 1;
        expect(isYmd(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`)).toBe(real || (y === 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(2000, m)));
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses anything that is not in that exact form", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 14 }), (s) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) expect(isYmd(s)).toBe(false);
      }),
    );
    for (const s of ["2026-1-01", " 2026-01-01", "2026-01-01T00:00", "+02026-01-01", "2026-02-29", "1900-02-29", "99999-01-01"])
      expect(isYmd(s), s).toBe(false);
    for (const s of ["1900-01-01", "9999-12-31", "2000-02-29"]) expect(isYmd(s), s).toBe(true);
  });
});

describe("adding and counting days", () => {
  it("daysBetween undoes addDays, and every result is a real day", () => {
    fc.assert(
      fc.property(ymd("1900-01-01", "9000-12-31"), fc.integer({ min: -100_000, max: 100_000 }), (day, n) => {
        const later = addDays(day, n);
        expect(isYmd(later)).toBe(true);
        expect(daysBetween(day, later)).toBe(n);
        expect(addDays(later, -n)).toBe(day);
      }),
    );
  });

  it("an Amsterdam day starts at its own midnight and lasts 23, 24 or 25 hours", () => {
    fc.assert(
      fc.property(ymd("1980-01-01", "2200-12-31"), (day) => {
        const start = startOfDay(day);
        expect(dayOf(start)).toBe(day);
        expect(dayOf(new Date(start.getTime() - 1))).toBe(addDays(day, -1));
        expect([23, 24, 25]).toContain((endOfDay(day).getTime() - start.getTime()) / 3_600_000);
      }),
    );
  });

  it("overlap is symmetric and means a shared day", () => {
    const range = fc.tuple(ymd("2026-01-01", "2026-03-01"), fc.integer({ min: 0, max: 20 })).map(([s, n]) => ({ startsOn: s, endsOn: addDays(s, n) }));
    fc.assert(
      fc.property(range, range, (a, b) => {
        expect(rangesOverlap(a, b)).toBe(rangesOverlap(b, a));
        const shared = Array.from({ length: daysBetween(a.startsOn, a.endsOn) + 1 }, (_, i) => addDays(a.startsOn, i)).some(
          (d) => d >= b.startsOn && d <= b.endsOn,
        );
        expect(rangesOverlap(a, b)).toBe(shared);
      }),
    );
  });
});
