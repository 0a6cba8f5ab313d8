/**
 * Community loans' accounts in the one chart (app/ledger/ledger.ts, docs/decisions/078):
 *   community_loan_borrower:<loanId>          the initiator's side of the loan (goes negative as they repay)
 *   community_loan_lender:<loanId>:<userId>   one lender's side of it
 * Journals:
 *   community_loan.started   commitment: borrower → each lender their principal (what the initiator owes them)
 *   community_loan.repaid    cash: borrower → each lender their part of the installment (owed to them: a liability
 *                            of the platform until it is paid out to the lender); commitment: each lender's
 *                            principal part back to the borrower (the debt shrinks by it)
 *   community_loan.payout_sent    cash: the lender's account → gateway:lender_payouts_in_transit (decision 081)
 *   community_loan.payout_paid    cash: in transit → community_loan_paid_out:<loanId>:<userId> (at their bank)
 *   community_loan.payout_failed  cash: in transit → the lender's account (the bank returned it: owed again)
 * So a lender's commitment balance is what is still owed to them in principal, their cash balance what
 * has been repaid to them and not yet paid out; both are checked against the installments (and the
 * payouts) by `communityLoansMatchLedger` and `lenderPayoutsMatchLedger`.
 */
import { type LedgerEntryInput, move } from "../ledger/ledger";
import type { LenderPayoutJournalKind } from "./lender-payout";

export const communityLoanAccounts = {
  borrower: (loanId: string) => `community_loan_borrower:${loanId}`,
  lender: (loanId: string, userId: string) => `community_loan_lender:${loanId}:${userId}`,
  /** What reached the lender's bank (decision 081). */
  paidOut: (loanId: string, userId: string) => `community_loan_paid_out:${loanId}:${userId}`,
  /** Lenders' payouts on their way to the bank; apart from the initiators' (`gateway:payouts_in_transit`). */
  payoutsInTransit: "gateway:lender_payouts_in_transit",
};

export const COMMUNITY_LOAN_JOURNAL_KINDS = [
  "community_loan.started",
  "community_loan.repaid",
  "community_loan.payout_sent",
  "community_loan.payout_paid",
  "community_loan.payout_failed",
] as const;

/** The entries of one step of a lender's payout: owed → in transit → paid, or in transit → owed when the bank returned it. */
export function lenderPayoutEntries(kind: LenderPayoutJournalKind, loanId: string, userId: string, amountCents: number): LedgerEntryInput[] {
  const owed = communityLoanAccounts.lender(loanId, userId);
  const transit = communityLoanAccounts.payoutsInTransit;
  switch (kind) {
    case "community_loan.payout_sent":
      return move(owed, transit, amountCents);
    case "community_loan.payout_paid":
      return move(transit, communityLoanAccounts.paidOut(loanId, userId), amountCents);
    case "community_loan.payout_failed":
      return move(transit, owed, amountCents);
  }
}

export function startedEntries(loanId: string, lenders: readonly { userId: string; principalCents: number }[]): LedgerEntryInput[] {
  const total = lenders.reduce((sum, l) => sum + l.principalCents, 0);
  return [
    { account: communityLoanAccounts.borrower(loanId), amountCents: -total, book: "commitment" },
    ...lenders.map((l) => ({ account: communityLoanAccounts.lender(loanId, l.userId), amountCents: l.principalCents, book: "commitment" as const })),
  ];
}

export function repaidEntries(loanId: string, shares: readonly { userId: string; principalCents: number; interestCents: number }[]): LedgerEntryInput[] {
  const amount = shares.reduce((sum, s) => sum + s.principalCents + s.interestCents, 0);
  const principal = shares.reduce((sum, s) => sum + s.principalCents, 0);
  const entries: LedgerEntryInput[] = [{ account: communityLoanAccounts.borrower(loanId), amountCents: -amount, book: "cash" }];
  for (const s of shares) {
    if (s.principalCents + s.interestCents > 0)
      entries.push({ account: communityLoanAccounts.lender(loanId, s.userId), amountCents: s.principalCents + s.interestCents, book: "cash" });
  }
  if (principal > 0) {
    entries.push({ account: communityLoanAccounts.borrower(loanId), amountCents: principal, book: "commitment" });
    for (const s of shares)
      if (s.principalCents > 0) entries.push({ account: communityLoanAccounts.lender(loanId, s.userId), amountCents: -s.principalCents, book: "commitment" });
  }
  return entries;
}
