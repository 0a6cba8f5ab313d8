import { describe, expect, it } from "vitest";
import { closedMonth, monthlyPayoutBlocker, type PayoutEvent, payoutBlocker, payoutKey, type PayoutStatus, payoutStatuses, transitionPayout } from "./payout";

const events: Record<PayoutEvent["type"], PayoutEvent> = {
  sent: { type: "sent", gatewayRef: "po_1" },
  paid: { type: "paid" },
  failed: { type: "failed", code: "account_closed" },
};

/** Every status × event: "→<status> <journal>", "=" (unchanged), "x" (illegal). */
const table: Record<PayoutEvent["type"], Record<PayoutStatus, string>> = {
  sent: { pending: "→in_transit payout.sent", in_transit: "=", paid: "=", failed: "=" },
  paid: { pending: "x", in_transit: "→paid payout.paid", paid: "=", failed: "x" },
  failed: { pending: "→failed -", in_transit: "→failed payout.failed", paid: "x", failed: "=" },
};

function show(status: PayoutStatus, event: PayoutEvent): string {
  const t = transitionPayout(status, event);
  if (t.kind === "unchanged") return "=";
  if (t.kind === "illegal") return "x";
  return `→${t.to} ${t.journal ?? "-"}`;
}

describe("transitionPayout", () => {
  const cases = (Object.keys(table) as PayoutEvent["type"][]).flatMap((e) => payoutStatuses.map((s) => [s, e, table[e][s]] as const));
  it.each(cases)("%s + %s → %s", (status, event, expected) => {
    expect(show(status, events[event])).toBe(expected);
  });

  it("covers every status and event", () => {
    expect(cases).toHaveLength(payoutStatuses.length * Object.keys(events).length);
  });
});

describe("payoutBlocker", () => {
  it.each([
    [{ projectStatus: "live", settled: false, account: "verified", payableCents: 100 }, "notSucceeded"],
    [{ projectStatus: "paid_out", settled: true, account: "verified", payableCents: 0 }, null],
    [{ projectStatus: "succeeded", settled: true, account: "none", payableCents: 100 }, "accountMissing"],
    [{ projectStatus: "succeeded", settled: true, account: "details_needed", payableCents: 100 }, "accountDetailsNeeded"],
    [{ projectStatus: "succeeded", settled: false, account: "verified", payableCents: 100 }, "settling"],
    [{ projectStatus: "succeeded", settled: true, account: "verified", payableCents: 0 }, "nothingToPay"],
    [{ projectStatus: "succeeded", settled: true, account: "verified", payableCents: 100 }, null],
  ] as const)("%o → %s", (input, expected) => {
    expect(payoutBlocker(input)).toBe(expected);
  });
});

describe("payoutBlocker of an ongoing project (decision 079)", () => {
  it.each([
    ["none", 1_000, "accountMissing"],
    ["details_needed", 1_000, "accountDetailsNeeded"],
    ["verified", 0, "nothingToPay"],
    ["verified", 1_000, null],
  ] as const)("account %s, %i cents payable → %s (never notSucceeded or settling)", (account, payableCents, want) => {
    expect(payoutBlocker({ projectStatus: "live", ongoing: true, settled: false, account, payableCents })).toBe(want);
  });
});

describe("closedMonth: the month an ongoing project's payout pays out (Europe/Amsterdam)", () => {
  it.each([
    // now (UTC) → the last month that is over, and the instant it ended
    ["2027-01-08T10:00:00Z", "2026-12", "2026-12-31T23:00:00.000Z"],
    ["2027-01-01T00:30:00Z", "2026-12", "2026-12-31T23:00:00.000Z"], // 01:30 on 1 January in Amsterdam
    ["2026-12-31T22:59:59Z", "2026-11", "2026-11-30T23:00:00.000Z"], // still 31 December in Amsterdam
    ["2027-04-15T12:00:00Z", "2027-03", "2027-03-31T22:00:00.000Z"], // summer time: midnight is 22:00 UTC
    ["2027-03-31T22:00:00Z", "2027-03", "2027-03-31T22:00:00.000Z"], // the very first instant of April
    ["2027-03-31T21:59:59Z", "2027-02", "2027-02-28T23:00:00.000Z"],
    ["2027-11-01T00:00:00Z", "2027-10", "2027-10-31T23:00:00.000Z"], // back to winter time
  ])("%s → %s, ended %s", (now, period, endsAt) => {
    expect(closedMonth(new Date(now))).toEqual({ period, endsAt: new Date(endsAt) });
  });
});

describe("monthlyPayoutBlocker: when an ongoing project's monthly payout is due", () => {
  const due = {
    fundingModel: "ongoing",
    projectStatus: "live",
    account: "verified",
    livePayout: false,
    returnedNotBack: false,
    periodPaidOut: false,
    payableCents: 3_222,
  } as const;
  it.each([
    [{}, null],
    [{ fundingModel: "keep_what_you_raise" }, "notRunning"], // a settled project's one payout follows settlement
    [{ projectStatus: "cancelled" }, "notRunning"],
    [{ account: "none" }, "accountMissing"],
    [{ account: "details_needed" }, "accountDetailsNeeded"],
    [{ livePayout: true }, "payoutLive"], // last month's payout is still on its way
    [{ returnedNotBack: true }, "returnedNotBack"], // a returned payout must be back at the platform first
    [{ periodPaidOut: true }, "periodPaidOut"], // once per month
    [{ payableCents: 0 }, "nothingToPay"],
    [{ payableCents: -5 }, "nothingToPay"],
    [{ livePayout: true, periodPaidOut: true, payableCents: 0 }, "payoutLive"],
  ] as const)("%j → %s", (change, want) => {
    expect(monthlyPayoutBlocker({ ...due, ...change })).toBe(want);
  });
});

describe("payoutKey", () => {
  it.each([
    [1, null, "payout:p1:1"],
    [2, null, "payout:p1:2"],
    [3, "2027-01", "payout:p1:2027-01:3"],
  ] as const)("attempt %i, period %s → %s", (attempt, period, want) => expect(payoutKey("p1", attempt, period)).toBe(want));
});
