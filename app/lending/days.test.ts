import { describe, expect, it } from "vitest";
import { depositPath } from "./deposit";
import { addDays, dayOf, endOfDay, isYmd, loanDays, rangesOverlap, startOfDay } from "./days";
import { wantedExpiresAt, wantedTransition } from "./wanted";

describe("Amsterdam days", () => {
  it("knows which day an instant falls on in Amsterdam", () => {
    expect(dayOf(new Date("2026-05-10T21:59:59Z"))).toBe("2026-05-10");
    expect(dayOf(new Date("2026-05-10T22:00:00Z"))).toBe("2026-05-11"); // CEST: UTC+2
    expect(dayOf(new Date("2026-01-10T23:00:00Z"))).toBe("2026-01-11"); // CET: UTC+1
  });

  it("finds midnight across the clock changes", () => {
    expect(startOfDay("2026-03-29").toISOString()).toBe("2026-03-28T23:00:00.000Z"); // clocks go forward at 02:00
    expect(startOfDay("2026-03-30").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(startOfDay("2026-10-25").toISOString()).toBe("2026-10-24T22:00:00.000Z"); // clocks go back at 03:00
    expect(endOfDay("2026-10-25").toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });

  it("counts inclusive loan days and detects overlap of inclusive ranges", () => {
    expect(loanDays("2026-05-03", "2026-05-05")).toBe(3);
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(rangesOverlap({ startsOn: "2026-05-01", endsOn: "2026-05-03" }, { startsOn: "2026-05-03", endsOn: "2026-05-04" })).toBe(true);
    expect(rangesOverlap({ startsOn: "2026-05-01", endsOn: "2026-05-03" }, { startsOn: "2026-05-04", endsOn: "2026-05-04" })).toBe(false);
  });

  it("accepts only real calendar dates", () => {
    expect(isYmd("2026-02-28")).toBe(true);
    expect(isYmd("2026-02-30")).toBe(false);
    expect(isYmd("2026-2-3")).toBe(false);
    expect(isYmd(undefined)).toBe(false);
  });
});

describe("deposit path", () => {
  it("holds a card when the return day is at most 5 days after the hold, otherwise uses a saved method", () => {
    expect(depositPath("2026-05-10", "2026-05-10")).toBe("hold");
    expect(depositPath("2026-05-10", "2026-05-15")).toBe("hold");
    expect(depositPath("2026-05-10", "2026-05-16")).toBe("saved_method");
  });
});

describe("wanted posts", () => {
  it("expire at the end of the last day needed, at most 30 days after posting", () => {
    const created = new Date("2026-05-10T10:00:00Z");
    expect(wantedExpiresAt(created, "2026-05-12")).toEqual(new Date("2026-05-12T22:00:00Z"));
    expect(wantedExpiresAt(created, "2026-08-01")).toEqual(new Date("2026-06-09T10:00:00Z"));
  });

  it("only open posts change state, and they expire only when due", () => {
    const open = { state: "open" as const, expiresAt: new Date("2026-05-12T22:00:00Z") };
    expect(wantedTransition(open, "fulfil", new Date())).toEqual({ ok: true, to: "fulfilled" });
    expect(wantedTransition(open, "expire", new Date("2026-05-12T21:59:59Z"))).toEqual({ ok: false, error: "NotExpiredYet" });
    expect(wantedTransition(open, "expire", new Date("2026-05-12T22:00:00Z"))).toEqual({ ok: true, to: "expired" });
    for (const state of ["fulfilled", "withdrawn", "expired"] as const) {
      for (const event of ["fulfil", "withdraw", "expire"] as const) {
        expect(wantedTransition({ ...open, state }, event, new Date("2027-01-01"))).toEqual({ ok: false, error: "IllegalTransition" });
      }
    }
  });
});
