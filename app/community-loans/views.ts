import type { LenderPayoutView } from "./lender-payout";
import type { InstallmentStatus, LoanMethod, LoanStatus } from "./loan";

/** What the pages show of community loans (app/community-loans/pages.server.ts). */
export interface InstallmentView {
  id: string;
  n: number;
  dueOn: string;
  status: InstallmentStatus;
  principalCents: number;
  interestCents: number;
  amountCents: number;
}

export interface LenderLoanView {
  loanId: string;
  projectSlug: string;
  projectTitle: string;
  status: LoanStatus;
  months: number;
  annualRateBps: number;
  method: LoanMethod;
  lentCents: number;
  repaidCents: number;
  outstandingPrincipalCents: number;
  next: { n: number; dueOn: string; amountCents: number } | null;
  late: boolean;
  /** This lender's own part of each installment. */
  installments: InstallmentView[];
  /** Repaid to the lender and not yet on its way to their bank (the ledger's balance; decision 081). */
  owedCents: number;
  /** What reached the lender's bank. */
  paidOutCents: number;
  /** The payouts to this lender on this loan, newest first. */
  payouts: LenderPayoutView[];
}

export interface BorrowerLoanView {
  loanId: string;
  status: LoanStatus;
  principalCents: number;
  lenders: number;
  months: number;
  annualRateBps: number;
  method: LoanMethod;
  installments: InstallmentView[];
}

export interface LoanTermsView {
  months: number;
  annualRateBps: number;
  method: LoanMethod;
  maxPerLenderCents: number;
  /** An example schedule for 100 euros lent (or the cap when lower). */
  example: { amountCents: number; lines: { month: number; principalCents: number; interestCents: number; paymentCents: number }[]; totalCents: number };
}

export interface AgreementData {
  loanId: string;
  projectTitle: string;
  projectSlug: string;
  borrowerName: string;
  lenderName: string;
  lentCents: number;
  principalCents: number;
  months: number;
  annualRateBps: number;
  method: LoanMethod;
  startDate: string;
  maxPerLenderCents: number;
  installments: InstallmentView[];
}
