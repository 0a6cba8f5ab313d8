import type { ColumnType, Generated, Selectable } from "kysely";
import type { Timestamp } from "./foundation";

/** Recurring giving (db/migrations/0042_recurring_gifts.ts, docs/decisions/077-monthly-giving.md). */
export type RecurringGiftStatusColumn = "pending" | "active" | "paused" | "past_due" | "cancelled";
export type RecurringPaymentStatusColumn = "processing" | "paid" | "failed";

export interface RecurringGiftsTable {
  id: Generated<string>;
  giver_id: string;
  /** Exactly one of project_id and organisation_id (a neighbourhood fund), migration 0046. */
  project_id: string | null;
  organisation_id: ColumnType<string | null, string | null | undefined, string | null>;
  amount_cents: number;
  status: RecurringGiftStatusColumn;
  gateway: "simulated" | "stripe";
  customer_id: string;
  setup_session_id: string | null;
  payment_method_id: string | null;
  next_charge_at: Timestamp | null;
  failed_attempts: Generated<number>;
  visibility: Generated<"public" | "initiator" | "anonymous">;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
  cancelled_at: Timestamp | null;
}

export interface RecurringGiftEventsTable {
  id: Generated<number>;
  gift_id: string;
  actor_id: string | null;
  event: string;
  from_status: string | null;
  to_status: string;
  amount_cents: number;
  note: string | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface RecurringGiftPaymentsTable {
  id: Generated<string>;
  gift_id: string;
  period: string;
  amount_cents: number;
  status: RecurringPaymentStatusColumn;
  attempts: number;
  gateway_payment_id: string | null;
  failure_code: string | null;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
  paid_at: Timestamp | null;
  /** The platform's rate when the month was charged (migration 0045); its fees are booked from it. */
  platform_fee_bps: ColumnType<number, number | undefined, number>;
}

export type RecurringGiftRow = Selectable<RecurringGiftsTable>;
export type RecurringGiftPaymentRow = Selectable<RecurringGiftPaymentsTable>;

export interface RecurringTables {
  recurring_gifts: RecurringGiftsTable;
  recurring_gift_events: RecurringGiftEventsTable;
  recurring_gift_payments: RecurringGiftPaymentsTable;
}
