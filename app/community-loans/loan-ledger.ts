/**
 * Community loans' accounts in the one chart (app/ledger/ledger.ts, docs/decisions/078):
 *   community_loan_borrower:<loanId>          the initiator's side of the loan (goes negative as they repay)
 *   community_loan_lender:<loanId>:<userId>   one lender's side of it
 * Journals:
 *   community_loan.started   commitment: borrower → each lender their principal (what the initiator owes them)
 *   community_loan.repaid    cash: borrower → each lender their part of the installment (owed to them: a liability
 *                            of the platform until it is paid out to the lender); commitment: each lender's
 *                            principal part back to the borrower (the debt shrinks by it)
 * So a lender's commitment balance is what is still owed to them in principal, their cash balance what
 * has been repaid to them; both are checked against the installments by `communityLoansMatchLedger`.
 */
import { type LedgerEntryInput } from "../ledger/ledger";

export const communityLoanAccounts = {
  borrower: (loanId: string) => `community_loan_borrower:${loanId}`,
  lender: (loanId: string, userId: string) => `community_loan_lender:${loanId}:${userId}`,
};

export const COMMUNITY_LOAN_JOURNAL_KINDS = ["community_loan.started", "community_loan.repaid"] as const;

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
