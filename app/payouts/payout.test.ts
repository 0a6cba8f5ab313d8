import { describe, expect, it } from "vitest";
import { type PayoutEvent, payoutBlocker, type PayoutStatus, payoutStatuses, transitionPayout } from "./payout";

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
