import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "./foundation";

/** Payouts to initiators (docs/decisions/053-payouts.md) and the simulated gateway's side of them. */
type JsonObject<T = Record<string, string>> = ColumnType<T, string, string>;

export type PayoutStatusColumn = "pending" | "in_transit" | "paid" | "failed";
export type PayoutAccountStatusColumn = "details_needed" | "verified";

export interface PayoutAccountsTable {
  user_id: string;
  gateway: "simulated" | "stripe";
  account_id: string;
  status: PayoutAccountStatusColumn;
  bank_last4: string | null;
  bank_name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PayoutsTable {
  id: Generated<string>;
  project_id: string;
  initiator_id: string;
  attempt_no: number;
  gateway: "simulated" | "stripe";
  account_id: string;
  amount_cents: number;
  status: PayoutStatusColumn;
  idempotency_key: string;
  gateway_ref: string | null;
  failure_code: string | null;
  bank_last4: string | null;
  locked_until: Timestamp | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  paid_at: Timestamp | null;
  failed_at: Timestamp | null;
  reclaimed_at: Timestamp | null;
  updated_at: Timestamp;
  /** An ongoing project's monthly payout: the month it pays out ("YYYY-MM", migration 0045); null for a settled project's one payout. */
  period: ColumnType<string | null, string | null | undefined, never>;
}

export interface PayoutEventsTable {
  id: Generated<number>;
  payout_id: string;
  project_id: string;
  event: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  created_at: Timestamp;
}

export interface SimConnectedAccountsTable {
  id: string;
  email: string | null;
  metadata: JsonObject;
  status: PayoutAccountStatusColumn;
  holder_name: string | null;
  bank_code: string | null;
  bank_last4: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SimOnboardingLinksTable {
  token: string;
  account_id: string;
  return_url: string;
  refresh_url: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SimPayoutsTable {
  id: string;
  transfer_id: string;
  account_id: string;
  amount_cents: number;
  status: "in_transit" | "paid" | "failed";
  description: Generated<string>;
  metadata: JsonObject;
  arrives_at: Timestamp;
  failure_code: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PayoutsTables {
  payout_accounts: PayoutAccountsTable;
  payouts: PayoutsTable;
  payout_events: PayoutEventsTable;
  sim_connected_accounts: SimConnectedAccountsTable;
  sim_onboarding_links: SimOnboardingLinksTable;
  sim_payouts: SimPayoutsTable;
}
