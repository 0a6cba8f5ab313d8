import { describe, expect, it } from "vitest";
import { isOnItsWay, type LenderPayoutEvent, type LenderPayoutStatus, lenderPayoutStatuses, transitionLenderPayout } from "./lender-payout";

const sent: LenderPayoutEvent = { type: "sent", gatewayRef: "po_1" };
const paid: LenderPayoutEvent = { type: "paid" };
const failed: LenderPayoutEvent = { type: "failed", code: "account_closed" };

describe("transitionLenderPayout", () => {
  // Every status × every event: where it goes and which journal it books (owed → in transit → paid; failed back to owed).
  const table: [LenderPayoutStatus, LenderPayoutEvent, ReturnType<typeof transitionLenderPayout>][] = [
    ["pending", sent, { kind: "changed", to: "in_transit", journal: "community_loan.payout_sent" }],
    ["pending", paid, { kind: "illegal" }],
    ["pending", failed, { kind: "changed", to: "failed", journal: null }],
    ["in_transit", sent, { kind: "unchanged" }],
    ["in_transit", paid, { kind: "changed", to: "paid", journal: "community_loan.payout_paid" }],
    ["in_transit", failed, { kind: "changed", to: "failed", journal: "community_loan.payout_failed" }],
    ["paid", sent, { kind: "unchanged" }],
    ["paid", paid, { kind: "unchanged" }],
    ["paid", failed, { kind: "illegal" }],
    ["failed", sent, { kind: "unchanged" }],
    ["failed", paid, { kind: "illegal" }],
    ["failed", failed, { kind: "unchanged" }],
  ];
  it.each(table)("%s + %o → %o", (status, event, want) => {
    expect(transitionLenderPayout(status, event)).toEqual(want);
  });

  it("covers every status and event", () => {
    for (const status of lenderPayoutStatuses) for (const event of [sent, paid, failed]) expect(table.some(([s, e]) => s === status && e === event)).toBe(true);
  });

  it("a payout is on its way while pending or in transit only (one such per lender and loan)", () => {
    expect(lenderPayoutStatuses.filter(isOnItsWay)).toEqual(["pending", "in_transit"]);
  });
});
