import { describe, expect, it } from "vitest";
import { depositEvents, depositPath, depositSecured, depositStates, depositTransition, settlementFor } from "./deposit";
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

describe("deposit lifecycle", () => {
  const legal: Record<string, string> = {
    "awaiting_method method_saved": "method_saved",
    "awaiting_method cancelled": "cancelled",
    "method_saved hold_placed": "held",
    "method_saved hold_failed": "awaiting_method",
    "method_saved released": "released",
    "method_saved charged": "charged",
    "method_saved charge_failed": "charge_failed",
    "method_saved cancelled": "cancelled",
    "held hold_expired": "method_saved",
    "held released": "released",
    "held captured": "captured",
  };
  const rows = depositStates.flatMap((state) => depositEvents.map((event) => ({ state, event, to: legal[`${state} ${event}`] ?? null })));
  it.each(rows)("$state + $event → $to", ({ state, event, to }) => {
    expect(depositTransition(state, event)).toEqual(to ? { ok: true, to } : { ok: false, error: "IllegalTransition" });
  });

  it("is secured for the handover only when the path's requirement is met", () => {
    expect(depositSecured(null, 0)).toBe(true);
    expect(depositSecured(null, 500)).toBe(false);
    expect(depositSecured({ path: "hold", state: "method_saved" }, 500)).toBe(false);
    expect(depositSecured({ path: "hold", state: "held" }, 500)).toBe(true);
    expect(depositSecured({ path: "saved_method", state: "method_saved" }, 500)).toBe(true);
    expect(depositSecured({ path: "saved_method", state: "awaiting_method" }, 500)).toBe(false);
  });

  it.each([
    [{ state: "closed", decidedClaimCents: null }, { state: "held", heldCents: 5000 }, { action: "release" }],
    [{ state: "closed", decidedClaimCents: null }, { state: "method_saved", heldCents: null }, { action: "release" }],
    [
      { state: "resolved", decidedClaimCents: 2000 },
      { state: "held", heldCents: 5000 },
      { action: "capture", amountCents: 2000 },
    ],
    [
      { state: "resolved", decidedClaimCents: 5000 },
      { state: "held", heldCents: 5000 },
      { action: "capture", amountCents: 5000 },
    ],
    [
      { state: "resolved", decidedClaimCents: 2000 },
      { state: "method_saved", heldCents: null },
      { action: "charge", amountCents: 2000 },
    ],
    [{ state: "resolved", decidedClaimCents: 0 }, { state: "held", heldCents: 5000 }, { action: "release" }],
    [{ state: "cancelled", decidedClaimCents: null }, { state: "method_saved", heldCents: null }, { action: "cancel" }],
    [{ state: "cancelled", decidedClaimCents: null }, { state: "held", heldCents: 5000 }, { action: "release" }],
    [{ state: "picked_up", decidedClaimCents: null }, { state: "held", heldCents: 5000 }, { action: "none" }],
    [{ state: "claimed", decidedClaimCents: null }, { state: "held", heldCents: 5000 }, { action: "none" }],
    [{ state: "closed", decidedClaimCents: null }, { state: "released", heldCents: 5000 }, { action: "none" }],
  ] as const)("settles %o with %o as %o", (loan, deposit, expected) => {
    expect(settlementFor(loan, deposit)).toEqual(expected);
  });
});
