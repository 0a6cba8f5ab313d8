import type { ColumnType, Generated, Selectable } from "kysely";
import type { Timestamp } from "./foundation";

/** Community loans (buurtlening, db/migrations/0043_community_loans.ts, app/community-loans). */
export type CommunityLoanMethodColumn = "annuity" | "linear";
export type CommunityLoanStatusColumn = "running" | "repaid";
export type CommunityLoanInstallmentStatusColumn = "due" | "late" | "paid";
export type CommunityLoanEventColumn = "started" | "late" | "paid" | "repaid" | "reminded_before" | "reminded_late";
type Written = ColumnType<Date, Date | string, never>;
/** A `date` column: read it as text (`to_char`), write "YYYY-MM-DD". */
type Day = ColumnType<Date, string, string>;

export interface CommunityLoanTermsTable {
  project_id: string;
  months: number;
  annual_rate_bps: number;
  method: CommunityLoanMethodColumn;
  created_at: Written;
  updated_at: Timestamp;
}

export interface CommunityLoansTable {
  id: Generated<string>;
  project_id: string;
  borrower_id: string;
  principal_cents: number;
  months: number;
  annual_rate_bps: number;
  method: CommunityLoanMethodColumn;
  start_date: Day;
  status: CommunityLoanStatusColumn;
  repaid_at: Timestamp | null;
  created_at: Written;
}

export interface CommunityLoanLendersTable {
  loan_id: string;
  user_id: string;
  principal_cents: number;
  position: number;
}

export interface CommunityLoanInstallmentsTable {
  id: Generated<string>;
  loan_id: string;
  n: number;
  due_on: Day;
  principal_cents: number;
  interest_cents: number;
  amount_cents: number;
  status: CommunityLoanInstallmentStatusColumn;
  payment_id: string | null;
  paid_at: Timestamp | null;
  reminded_before_at: Timestamp | null;
  late_reminded_at: Timestamp | null;
}

export interface CommunityLoanInstallmentSharesTable {
  installment_id: string;
  loan_id: string;
  user_id: string;
  principal_cents: number;
  interest_cents: number;
}

export interface CommunityLoanEventsTable {
  id: Generated<number>;
  loan_id: string;
  installment_id: string | null;
  actor_id: string | null;
  event: CommunityLoanEventColumn;
  from_status: string | null;
  to_status: string;
  amount_cents: number | null;
  payment_id: string | null;
  created_at: Written;
}

/** Payouts of what is owed to a lender (db/migrations/0047_community_loan_payouts.ts, decision 081). */
export type CommunityLoanPayoutStatusColumn = "pending" | "in_transit" | "paid" | "failed";
export type CommunityLoanPayoutEventColumn = "created" | "sent" | "paid" | "failed" | "reclaimed";

export interface CommunityLoanPayoutsTable {
  id: Generated<string>;
  loan_id: string;
  user_id: string;
  attempt_no: number;
  gateway: "simulated" | "stripe";
  account_id: string;
  amount_cents: number;
  status: CommunityLoanPayoutStatusColumn;
  idempotency_key: string;
  gateway_ref: string | null;
  failure_code: string | null;
  bank_last4: string | null;
  locked_until: Timestamp | null;
  created_at: Written;
  sent_at: Timestamp | null;
  paid_at: Timestamp | null;
  failed_at: Timestamp | null;
  reclaimed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface CommunityLoanPayoutEventsTable {
  id: Generated<number>;
  payout_id: string;
  loan_id: string;
  event: CommunityLoanPayoutEventColumn;
  from_status: string | null;
  to_status: string;
  amount_cents: number;
  note: string | null;
  created_at: Written;
}

export type CommunityLoanRow = Selectable<CommunityLoansTable>;
export type CommunityLoanPayoutRow = Selectable<CommunityLoanPayoutsTable>;
export type CommunityLoanInstallmentRow = Selectable<CommunityLoanInstallmentsTable>;

export interface CommunityLoansTables {
  community_loan_terms: CommunityLoanTermsTable;
  community_loans: CommunityLoansTable;
  community_loan_lenders: CommunityLoanLendersTable;
  community_loan_installments: CommunityLoanInstallmentsTable;
  community_loan_installment_shares: CommunityLoanInstallmentSharesTable;
  community_loan_events: CommunityLoanEventsTable;
  community_loan_payouts: CommunityLoanPayoutsTable;
  community_loan_payout_events: CommunityLoanPayoutEventsTable;
}
