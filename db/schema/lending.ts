import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "./foundation";

/**
 * Lending tables (db/migrations/0005_lending.ts). `date` columns are written as "YYYY-MM-DD";
 * node-postgres would read them back as a Date at local midnight, so lending queries select them
 * with `to_char(…, 'YYYY-MM-DD')` (app/lending/sql.server.ts) and never use the raw value.
 */
export type DateColumn = ColumnType<Date, string, string>;
type GeneratedAlways<T> = ColumnType<T, never, never>;

export type ItemCategory = "tools" | "garden" | "kitchen" | "party" | "sports" | "kids" | "electronics" | "travel" | "other";
export type ItemCondition = "as_new" | "good" | "fair" | "worn";
export type ItemAudience = "neighbourhood" | "everyone" | "previous_borrowers" | "circles";
export type ItemStatus = "listed" | "paused" | "unlisted";

export type LoanStateColumn =
  "requested" | "accepted" | "declined" | "expired" | "cancelled" | "picked_up" | "overdue" | "returned" | "claimed" | "resolved" | "closed";

export interface ItemsTable {
  id: Generated<string>;
  owner_id: string;
  title: string;
  description: Generated<string>;
  category: ItemCategory;
  condition: ItemCondition;
  replacement_value_cents: number | null;
  deposit_cents: Generated<number>;
  fee_per_day_cents: Generated<number>;
  max_loan_days: number;
  audience: ItemAudience;
  neighbourhood_id: string;
  postcode4: string | null;
  pickup_address: string;
  status: Generated<ItemStatus>;
  /** Hidden by a moderator (db/migrations/0022): both set or both null. */
  hidden_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The owner's minimum trust level for borrowers (0–3, app/reputation/levels.ts). */
  min_trust_level: Generated<number>;
  /** No deposit for trusted neighbours (level ≥ 2, deposits up to the waiver's limit). */
  waive_deposit_trusted: Generated<boolean>;
  title_norm: GeneratedAlways<string>;
  search_vector: GeneratedAlways<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ItemPhotosTable {
  item_id: string;
  upload_id: string;
  position: number;
}

export interface ItemEventsTable {
  id: Generated<number>;
  item_id: string;
  actor_id: string | null;
  kind: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  occurred_at: Timestamp;
  recorded_at: CreatedAt;
}

export type WantedState = "open" | "fulfilled" | "withdrawn" | "expired";

export interface WantedPostsTable {
  id: Generated<string>;
  author_id: string;
  title: string;
  description: Generated<string>;
  category: ItemCategory | null;
  neighbourhood_id: string;
  postcode4: string | null;
  needed_from: DateColumn;
  needed_until: DateColumn;
  expires_at: Timestamp;
  state: Generated<WantedState>;
  /** Hidden by a moderator (db/migrations/0022): both set or both null. */
  hidden_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WantedEventsTable {
  id: Generated<number>;
  wanted_post_id: string;
  actor_id: string | null;
  kind: string;
  from_state: string | null;
  to_state: string;
  note: string | null;
  occurred_at: Timestamp;
  recorded_at: CreatedAt;
}

export interface LoansTable {
  id: Generated<string>;
  item_id: string;
  owner_id: string;
  borrower_user_id: string | null;
  borrower_project_id: string | null;
  project_contact_id: string | null;
  borrower_side_id: GeneratedAlways<string>;
  initiated_by: "borrower" | "owner";
  wanted_post_id: string | null;
  state: LoanStateColumn;
  starts_on: DateColumn;
  ends_on: DateColumn;
  starts_at: GeneratedAlways<Date>;
  ends_at: GeneratedAlways<Date>;
  message: Generated<string>;
  deposit_cents: Generated<number>;
  fee_per_day_cents: Generated<number>;
  max_loan_days: number;
  expires_at: Timestamp;
  owner_handover_at: Timestamp | null;
  borrower_handover_at: Timestamp | null;
  handover_note: string | null;
  picked_up_at: Timestamp | null;
  returned_at: Timestamp | null;
  return_note: string | null;
  closed_at: Timestamp | null;
  cancel_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type LoanActorRole = "owner" | "borrower" | "moderator" | "system";

export interface LoanEventsTable {
  id: Generated<number>;
  loan_id: string;
  actor_id: string | null;
  actor_role: LoanActorRole;
  kind: string;
  from_state: string | null;
  to_state: string;
  note: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, never>;
  occurred_at: Timestamp;
  recorded_at: CreatedAt;
}

export interface LoanExtensionsTable {
  id: Generated<string>;
  loan_id: string;
  requested_by: string;
  previous_ends_on: DateColumn;
  new_ends_on: DateColumn;
  note: string | null;
  state: Generated<"requested" | "accepted" | "declined">;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

export interface LoanClaimsTable {
  id: Generated<string>;
  loan_id: string;
  filed_by: string;
  amount_cents: number;
  description: string;
  state: Generated<"open" | "accepted" | "decided">;
  dispute_note: string | null;
  decided_amount_cents: number | null;
  decided_by: string | null;
  decision_note: string | null;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
}

export interface LoanPhotosTable {
  upload_id: string;
  loan_id: string;
  kind: "handover" | "claim";
  added_by: string;
  created_at: Timestamp;
}

export interface LoanMessagesTable {
  id: Generated<number>;
  loan_id: string;
  author_id: string;
  body: string;
  sent_at: Timestamp;
  /** Hidden by a moderator (db/migrations/0022): both set or both null. */
  hidden_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface LoanRemindersTable {
  loan_id: string;
  kind: "pickup" | "return" | "overdue";
  for_date: DateColumn;
  sent_at: Timestamp;
}

/** Circles (db/migrations/0023_circles.ts, docs/decisions/061-circles.md). */
export interface CirclesTable {
  id: Generated<string>;
  owner_id: string;
  name: string;
  invite_nonce: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CircleMembersTable {
  circle_id: string;
  user_id: string;
  role: "owner" | "member";
  joined_at: Timestamp;
}

export type CircleEventKind = "created" | "joined" | "left" | "removed" | "link_renewed" | "invited" | "renamed";

export interface CircleEventsTable {
  id: Generated<number>;
  circle_id: string;
  actor_id: string | null;
  subject_id: string | null;
  kind: CircleEventKind;
  created_at: Timestamp;
}

export interface ItemCirclesTable {
  item_id: string;
  circle_id: string;
}

export interface LendingTables extends LendingDepositTables {
  circles: CirclesTable;
  circle_members: CircleMembersTable;
  circle_events: CircleEventsTable;
  item_circles: ItemCirclesTable;
  items: ItemsTable;
  item_photos: ItemPhotosTable;
  item_events: ItemEventsTable;
  wanted_posts: WantedPostsTable;
  wanted_events: WantedEventsTable;
  loans: LoansTable;
  loan_events: LoanEventsTable;
  loan_extensions: LoanExtensionsTable;
  loan_claims: LoanClaimsTable;
  loan_photos: LoanPhotosTable;
  loan_messages: LoanMessagesTable;
  loan_reminders: LoanRemindersTable;
}

export type DepositPathColumn = "hold" | "saved_method";
export type DepositStateColumn = "awaiting_method" | "method_saved" | "held" | "released" | "captured" | "charged" | "charge_failed" | "cancelled";

export interface LoanDepositsTable {
  loan_id: string;
  borrower_id: string;
  amount_cents: number;
  path: DepositPathColumn;
  state: DepositStateColumn;
  customer_id: string | null;
  payment_method_id: string | null;
  method_type: "card" | "sepa_debit" | null;
  method_label: string | null;
  setup_attempts: Generated<number>;
  setup_session_id: string | null;
  hold_attempts: Generated<number>;
  hold_payment_id: string | null;
  held_cents: number | null;
  hold_expires_at: Timestamp | null;
  action_url: string | null;
  settlement: "release" | "capture" | "charge" | "cancel" | null;
  settle_cents: number | null;
  charge_attempts: Generated<number>;
  charge_payment_id: string | null;
  collected_cents: number | null;
  last_failure: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LoanDepositEventsTable {
  id: Generated<number>;
  loan_id: string;
  kind: string;
  from_state: string | null;
  to_state: string;
  data: ColumnType<Record<string, unknown>, string | undefined, never>;
  occurred_at: Timestamp;
  recorded_at: CreatedAt;
}

export interface LendingDepositTables {
  loan_deposits: LoanDepositsTable;
  loan_deposit_events: LoanDepositEventsTable;
}
