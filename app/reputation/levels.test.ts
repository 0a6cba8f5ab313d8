import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { borrowGate, depositFor, GATES, itemOptionsError, mayLaunchProject, requirementsFor, trustLevel, type TrustLevel } from "./levels";
import { computeRecord, emptyCounts, type Facts, type LoanFact, type RecordCounts } from "./record";

const NOW = new Date("2026-12-02T12:00:00Z");
const DAY = 24 * 3_600_000;
const counts = (over: Partial<RecordCounts>): RecordCounts => ({ ...emptyCounts, ...over });
const level = (over: Partial<RecordCounts>, emailVerified = true, prior = 4) => trustLevel({ counts: counts(over), emailVerified, prior, now: NOW });

describe("trustLevel", () => {
  it.each<[string, Partial<RecordCounts>, boolean, TrustLevel]>([
    ["new, nothing done", {}, true, 0],
    ["one loan but no verified e-mail", { loansBorrowed: 1, returnsOnTime: 1 }, false, 0],
    ["verified and one completed loan", { loansBorrowed: 1, returnsOnTime: 1 }, true, 1],
    ["verified and one honoured pledge", { pledgesCharged: 1 }, true, 1],
    ["a dropped pledge is not honoured", { pledgesDropped: 1 }, true, 0],
    ["5 completed, all on time", { loansLent: 2, loansBorrowed: 3, returnsOnTime: 3 }, true, 2],
    ["5 completed, 4 of 5 on time (80 %)", { loansBorrowed: 5, returnsOnTime: 4 }, true, 1],
    ["10 borrowed, 9 on time (90 %)", { loansBorrowed: 10, returnsOnTime: 9 }, true, 2],
    ["5 completed but a claim upheld 3 months ago", { loansLent: 5, claimsUpheld: 1, lastClaimUpheldAt: new Date(NOW.getTime() - 90 * DAY) }, true, 1],
    ["5 completed, the claim was 13 months ago", { loansLent: 5, claimsUpheld: 1, lastClaimUpheldAt: new Date(NOW.getTime() - 400 * DAY) }, true, 2],
    ["20 completed, rating 4.8", { loansLent: 20, reviewsCounted: 20, starsCounted: 100 }, true, 3],
    ["20 completed, rating 4.0", { loansLent: 20, reviewsCounted: 20, starsCounted: 80 }, true, 2],
    ["20 completed, no reviews", { loansLent: 20 }, true, 2],
    [
      "each level needs the one below: 20 completed, rating 4.8, but 80 % on time",
      { loansBorrowed: 20, returnsOnTime: 16, reviewsCounted: 20, starsCounted: 100 },
      true,
      1,
    ],
    ["each level needs the one below: 25 completed, unverified e-mail", { loansLent: 25, reviewsCounted: 20, starsCounted: 100 }, false, 0],
  ])("%s", (_name, over, verified, expected) => {
    expect(level(over, verified)).toBe(expected);
  });

  it("explains what the next level needs", () => {
    const reqs = requirementsFor(2, { counts: counts({ loansLent: 2 }), emailVerified: true, prior: 4, now: NOW });
    expect(reqs.find((r) => r.key === "completed")).toMatchObject({ met: false, params: { count: 5, done: 2 } });
    expect(reqs.find((r) => r.key === "onTime")?.met).toBe(true);
  });

  const loanFact = fc.record({
    side: fc.constantFrom<"owner" | "borrower">("owner", "borrower"),
    askedOwner: fc.boolean(),
    answer: fc.option(
      fc.record({ kind: fc.constantFrom<"accepted" | "declined" | "expired">("accepted", "declined", "expired"), after: fc.integer({ min: 0, max: 100_000 }) }),
    ),
    returned: fc.boolean(),
    wasOverdue: fc.boolean(),
    claimDaysAgo: fc.option(fc.integer({ min: 0, max: 800 })),
  });
  const facts = fc.record({
    loans: fc.array(loanFact, { maxLength: 30 }),
    pledges: fc.array(fc.record({ charged: fc.boolean(), dropped: fc.boolean() }), { maxLength: 5 }),
    reviews: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 30 }),
  });
  function build(raw: {
    loans: {
      side: "owner" | "borrower";
      askedOwner: boolean;
      answer: { kind: "accepted" | "declined" | "expired"; after: number } | null;
      returned: boolean;
      wasOverdue: boolean;
      claimDaysAgo: number | null;
    }[];
    pledges: { charged: boolean; dropped: boolean }[];
    reviews: number[];
  }): Facts {
    const requestedAt = new Date(NOW.getTime() - 900 * DAY);
    return {
      loans: raw.loans.map((l, i): LoanFact => ({
        loanId: `l${i}`,
        side: l.side,
        askedOwner: l.askedOwner,
        requestedAt,
        answer: l.answer ? { kind: l.answer.kind, at: new Date(requestedAt.getTime() + l.answer.after * 1000) } : null,
        handedOver: l.returned,
        returned: l.returned,
        wasOverdue: l.wasOverdue,
        claimUpheldAt: l.claimDaysAgo === null || l.side === "owner" ? null : new Date(NOW.getTime() - l.claimDaysAgo * DAY),
      })),
      pledges: raw.pledges.map((p, i) => ({ pledgeId: `p${i}`, ...p })),
      projects: [],
      counted: { count: raw.reviews.length, starsSum: raw.reviews.reduce((a, b) => a + b, 0) },
    };
  }

  it("never depends on the order of the events", () => {
    fc.assert(
      fc.property(facts, fc.boolean(), (raw, verified) => {
        const f = build(raw);
        const reversed: Facts = { ...f, loans: [...f.loans].reverse(), pledges: [...f.pledges].reverse() };
        const rotated: Facts = { ...f, loans: [...f.loans.slice(1), ...f.loans.slice(0, 1)] };
        const a = computeRecord(f);
        expect(computeRecord(reversed)).toEqual(a);
        expect(computeRecord(rotated)).toEqual(a);
        const l = trustLevel({ counts: a, emailVerified: verified, prior: 4, now: NOW });
        expect(trustLevel({ counts: computeRecord(reversed), emailVerified: verified, prior: 4, now: NOW })).toBe(l);
      }),
    );
  });

  it("one more completed, on-time loan never lowers the level", () => {
    fc.assert(
      fc.property(facts, (raw) => {
        const f = build(raw);
        const more: Facts = {
          ...f,
          loans: [
            ...f.loans,
            {
              loanId: "extra",
              side: "owner",
              askedOwner: false,
              requestedAt: NOW,
              answer: null,
              handedOver: true,
              returned: true,
              wasOverdue: false,
              claimUpheldAt: null,
            },
          ],
        };
        const input = (x: Facts) => ({ counts: computeRecord(x), emailVerified: true, prior: 4, now: NOW });
        expect(trustLevel(input(more))).toBeGreaterThanOrEqual(trustLevel(input(f)));
      }),
    );
  });
});

describe("gates (app/reputation/levels.ts is the one config)", () => {
  const item = (over: Partial<{ replacementValueCents: number | null; depositCents: number; minTrustLevel: number }> = {}) => ({
    replacementValueCents: null,
    depositCents: 0,
    minTrustLevel: 0,
    ...over,
  });
  it.each<[TrustLevel, ReturnType<typeof item>, string | null]>([
    [0, item(), null],
    [0, item({ replacementValueCents: 100_00 }), null],
    [0, item({ replacementValueCents: 100_01 }), "TrustTooLowForValue"],
    [0, item({ depositCents: 50_00 }), null],
    [0, item({ depositCents: 50_01 }), "TrustTooLowForDeposit"],
    [1, item({ replacementValueCents: 500_00, depositCents: 100_00 }), null],
    [1, item({ minTrustLevel: 2 }), "TrustBelowItemMinimum"],
    [2, item({ minTrustLevel: 2 }), null],
  ])("level %i borrowing %j → %s", (lvl, it_, expected) => {
    expect(borrowGate(lvl, it_)).toBe(expected);
  });

  it("waives deposits up to €50 for level 2 and up, only when the owner chose to", () => {
    expect(depositFor(2, { depositCents: 50_00, waiveDepositTrusted: true })).toBe(0);
    expect(depositFor(3, { depositCents: 20_00, waiveDepositTrusted: true })).toBe(0);
    expect(depositFor(1, { depositCents: 20_00, waiveDepositTrusted: true })).toBe(20_00);
    expect(depositFor(2, { depositCents: 50_01, waiveDepositTrusted: true })).toBe(50_01);
    expect(depositFor(2, { depositCents: 20_00, waiveDepositTrusted: false })).toBe(20_00);
  });

  it.each<[TrustLevel, number, boolean, number]>([
    [0, 20_00, true, 20_00],
    [1, 20_00, true, 20_00],
    [2, 20_00, true, 0],
    [3, 50_00, true, 0],
    [2, 50_01, true, 50_01],
    [2, 20_00, false, 20_00],
    [3, 0, true, 0],
  ])("level %i, deposit %i, waiver %s → pays %i", (lvl, depositCents, waiveDepositTrusted, pays) => {
    expect(depositFor(lvl, { depositCents, waiveDepositTrusted })).toBe(pays);
  });

  it.each<[number, boolean, string | null]>([
    [50_00, true, null],
    [50_01, true, "TrustWaiverTooHigh"],
    [90_00, false, null],
  ])("item form: deposit %i with waiver %s → %s", (depositCents, waiveDepositTrusted, expected) => {
    expect(itemOptionsError({ depositCents, waiveDepositTrusted })).toBe(expected);
  });

  it.each<[TrustLevel, boolean]>([
    [0, false],
    [1, true],
    [2, true],
    [3, true],
  ])("level %i may launch a project: %s", (lvl, may) => {
    expect(mayLaunchProject(lvl)).toBe(may);
    expect(GATES.launchMinLevel).toBe(1);
  });
});
