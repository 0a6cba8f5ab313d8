import type { DepositPath } from "./deposit";
import type { LoanActor, LoanState } from "./loan";

/**
 * Which words a loan page uses, by who reads it and where the loan is (issue 13 §5): the borrower
 * reads "your card", the owner and a moderator "the borrower's card"; a fee is "to settle at
 * pickup" only before the pickup. Pure, so the choice is table-tested (loan-words.test.ts).
 */
export function depositExplainKey(
  path: DepositPath,
  viewer: LoanActor,
): "lending.deposit.hold.explain" | "lending.deposit.saved.explain" | "lending.deposit.hold.explainOther" | "lending.deposit.saved.explainOther" {
  const own = viewer === "borrower";
  if (path === "hold") return own ? "lending.deposit.hold.explain" : "lending.deposit.hold.explainOther";
  return own ? "lending.deposit.saved.explain" : "lending.deposit.saved.explainOther";
}

const beforePickup: readonly LoanState[] = ["requested", "accepted", "declined", "expired", "cancelled"];

export function feeKey(state: LoanState): "lending.loan.feeTotal" | "lending.loan.feeTotalAfterPickup" {
  return beforePickup.includes(state) ? "lending.loan.feeTotal" : "lending.loan.feeTotalAfterPickup";
}

/** The moderators' queue line: an amount asked, or a report on a loan without a deposit (issue 13 §18). */
export function claimLineKey(amountCents: number): "lending.moderation.claim" | "lending.moderation.claimNoDeposit" {
  return amountCents > 0 ? "lending.moderation.claim" : "lending.moderation.claimNoDeposit";
}
