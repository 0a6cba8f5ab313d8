import { describe, expect, it } from "vitest";
import { loanStates } from "./loan";
import { claimLineKey, depositExplainKey, feeKey } from "./loan-words";

describe("the loan page's words by reader and state (issue 13 §5)", () => {
  it.each([
    ["hold", "borrower", "lending.deposit.hold.explain"],
    ["hold", "owner", "lending.deposit.hold.explainOther"],
    ["hold", "moderator", "lending.deposit.hold.explainOther"],
    ["saved_method", "borrower", "lending.deposit.saved.explain"],
    ["saved_method", "owner", "lending.deposit.saved.explainOther"],
    ["saved_method", "moderator", "lending.deposit.saved.explainOther"],
  ] as const)("deposit on the %s path, read by the %s: %s", (path, viewer, key) => {
    expect(depositExplainKey(path, viewer)).toBe(key);
  });

  it("the fee is 'to settle at pickup' only until the pickup", () => {
    expect(Object.fromEntries(loanStates.map((s) => [s, feeKey(s)]))).toEqual({
      requested: "lending.loan.feeTotal",
      accepted: "lending.loan.feeTotal",
      declined: "lending.loan.feeTotal",
      expired: "lending.loan.feeTotal",
      cancelled: "lending.loan.feeTotal",
      picked_up: "lending.loan.feeTotalAfterPickup",
      overdue: "lending.loan.feeTotalAfterPickup",
      returned: "lending.loan.feeTotalAfterPickup",
      claimed: "lending.loan.feeTotalAfterPickup",
      resolved: "lending.loan.feeTotalAfterPickup",
      closed: "lending.loan.feeTotalAfterPickup",
    });
  });

  it("the claims queue never says '€ 0,00 gevraagd': a claim without a deposit is a report", () => {
    expect(claimLineKey(4500)).toBe("lending.moderation.claim");
    expect(claimLineKey(0)).toBe("lending.moderation.claimNoDeposit");
  });
});
