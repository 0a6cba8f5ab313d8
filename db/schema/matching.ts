import type { ColumnType, Generated, Selectable } from "kysely";
import type { CreatedAt, Timestamp } from "./foundation";

/** Organisations and matching pools (db/migrations/0020_matching.ts, docs/decisions/056-matching-pools.md). */
export type OrganisationKindColumn = "municipality" | "fund" | "housing_corporation" | "business" | "other";
export type OrganisationStatusColumn = "requested" | "verified" | "rejected";
export type OrganisationRoleColumn = "admin" | "member";
export type PoolMatchStatusColumn = "committed" | "obligated" | "paid" | "released";
export type MatchChargeStateColumn = "due" | "pending" | "processing" | "succeeded" | "failed";

export interface OrganisationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  kind: OrganisationKindColumn;
  description: Generated<string>;
  website: Generated<string>;
  status: OrganisationStatusColumn;
  requested_by: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
}

export interface OrganisationMembersTable {
  organisation_id: string;
  user_id: string;
  role: OrganisationRoleColumn;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface OrganisationEventsTable {
  id: Generated<number>;
  organisation_id: string;
  actor_id: string | null;
  event: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface MatchingPoolsTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  description: Generated<string>;
  budget_cents: number;
  committed_cents: Generated<number>;
  paid_cents: Generated<number>;
  ratio_bps: number;
  cap_per_project_cents: number;
  neighbourhood_ids: ColumnType<string[], string[] | undefined, string[]>;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  min_backers: Generated<number>;
  threshold_bps: number | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string, never>;
  /** Funded from the organisation's neighbourhood fund (migration 0046, decision 080). */
  fund_organisation_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** An organisation's neighbourhood fund (migration 0046, decision 080). */
export interface OrganisationFundsTable {
  organisation_id: string;
  story: string;
  opened_by: string | null;
  opened_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
}

export interface PoolMatchesTable {
  pool_id: string;
  project_id: string;
  status: PoolMatchStatusColumn;
  cents: number;
  reason: string;
  paid_reference: string | null;
  paid_at: Timestamp | null;
  /** The charge of an obligation on the organisation's saved method (0029, app/matching/match-charge.ts). */
  charge_state: MatchChargeStateColumn | null;
  charge_attempts: Generated<number>;
  charge_payment_id: string | null;
  charge_failure: string | null;
  charge_updated_at: Timestamp | null;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
}

/** One saved method per organisation and gateway (db/migrations/0029_matching_charges.ts). */
export interface OrganisationPaymentMethodsTable {
  organisation_id: string;
  gateway: "simulated" | "stripe";
  customer_id: string;
  payment_method_id: string | null;
  method_type: "card" | "sepa_debit" | null;
  label: string | null;
  setup_attempts: Generated<number>;
  saved_by: string | null;
  saved_at: Timestamp | null;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
}

export interface PoolMatchEventsTable {
  id: Generated<number>;
  pool_id: string;
  project_id: string;
  actor_id: string | null;
  event: string;
  from_status: string | null;
  to_status: string;
  cents: number;
  delta_cents: number;
  note: string | null;
  created_at: CreatedAt;
}

export interface MatchingTables {
  organisations: OrganisationsTable;
  organisation_members: OrganisationMembersTable;
  organisation_events: OrganisationEventsTable;
  matching_pools: MatchingPoolsTable;
  organisation_funds: OrganisationFundsTable;
  pool_matches: PoolMatchesTable;
  pool_match_events: PoolMatchEventsTable;
  organisation_payment_methods: OrganisationPaymentMethodsTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type MatchingPoolRow = Selectable<MatchingPoolsTable>;
export type OrganisationFundRow = Selectable<OrganisationFundsTable>;
export type PoolMatchRow = Selectable<PoolMatchesTable>;
