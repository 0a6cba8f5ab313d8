import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "./foundation";

/** Payments (docs/decisions/020, 022): the app's side of the gateway and the simulated gateway's state. */
type JsonObject<T = Record<string, string>> = ColumnType<T, string, string>;

export interface PaymentCustomersTable {
  user_id: string;
  gateway: "simulated" | "stripe";
  customer_id: string;
  created_at: CreatedAt;
}

export interface GatewayEventsTable {
  id: Generated<number>;
  gateway: "simulated" | "stripe";
  event_id: string;
  type: string;
  purpose: string | null;
  object_id: string | null;
  handled_by: string | null;
  outcome: string | null;
  payload: JsonObject<unknown>;
  received_at: Timestamp;
  created_at: CreatedAt;
}

export interface SimCustomersTable {
  id: string;
  email: string;
  name: string;
  metadata: JsonObject;
  created_at: Timestamp;
}

export interface SimPaymentMethodsTable {
  id: string;
  customer_id: string;
  type: "card" | "sepa_debit";
  behaviour: string;
  brand: string | null;
  last4: string;
  exp_month: number | null;
  exp_year: number | null;
  bank_name: string | null;
  mandate_id: string | null;
  created_at: Timestamp;
  detached_at: Timestamp | null;
}

export type SimSessionStatus = "open" | "awaiting_authentication" | "complete" | "expired";

export interface SimSessionsTable {
  id: string;
  mode: "setup" | "payment";
  status: SimSessionStatus;
  customer_id: string;
  methods: ColumnType<string[], string[], string[]>;
  amount_cents: number | null;
  capture_method: "automatic" | "manual" | null;
  save_method: Generated<boolean>;
  description: Generated<string>;
  return_url: string;
  cancel_url: string;
  metadata: JsonObject;
  pending_method: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  auth_token: string | null;
  payment_method_id: string | null;
  payment_id: string | null;
  last_error_code: string | null;
  last_decline_code: string | null;
  expires_at: Timestamp;
  completed_at: Timestamp | null;
  created_at: Timestamp;
}

export type SimPaymentStatus = "requires_action" | "processing" | "requires_capture" | "succeeded" | "failed" | "canceled";

export interface SimPaymentsTable {
  id: string;
  customer_id: string;
  payment_method_id: string | null;
  payment_method_type: "card" | "sepa_debit" | "ideal" | null;
  session_id: string | null;
  amount_cents: number;
  currency: Generated<"eur">;
  capture_method: "automatic" | "manual";
  off_session: boolean;
  status: SimPaymentStatus;
  amount_capturable_cents: Generated<number>;
  amount_received_cents: Generated<number>;
  amount_refunded_cents: Generated<number>;
  description: Generated<string>;
  metadata: JsonObject;
  last_error_code: string | null;
  last_decline_code: string | null;
  last_error_message: string | null;
  action_token: string | null;
  return_url: string | null;
  settles_at: Timestamp | null;
  settle_outcome: "succeeds" | "fails" | null;
  hold_expires_at: Timestamp | null;
  cancellation_reason: "requested" | "expired" | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SimRefundsTable {
  id: string;
  payment_id: string;
  amount_cents: number;
  status: "pending" | "succeeded" | "failed";
  reason: string | null;
  metadata: JsonObject;
  settles_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SimIdempotencyKeysTable {
  key: string;
  operation: string;
  request_hash: string;
  response: JsonObject<unknown> | null;
  created_at: Timestamp;
}

export interface SimEventsTable {
  id: string;
  seq: Generated<number>;
  type: string;
  object_id: string;
  payload: JsonObject<unknown>;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
}

export interface PaymentsTables {
  payment_customers: PaymentCustomersTable;
  gateway_events: GatewayEventsTable;
  sim_customers: SimCustomersTable;
  sim_payment_methods: SimPaymentMethodsTable;
  sim_sessions: SimSessionsTable;
  sim_payments: SimPaymentsTable;
  sim_refunds: SimRefundsTable;
  sim_idempotency_keys: SimIdempotencyKeysTable;
  sim_events: SimEventsTable;
}
