import type { ColumnType, Generated, Selectable } from "kysely";
import type { CreatedAt, DefaultedTimestamp, Timestamp } from "./foundation";

/** Tables of projects and pledges (db/migrations/0004_projects.ts). */
export type ProjectStatusColumn = "draft" | "submitted" | "changes_requested" | "approved" | "live" | "succeeded" | "failed" | "cancelled" | "paid_out";
export type ProjectCategoryColumn = "green" | "social" | "culture" | "sport" | "playground" | "safety" | "other";
export type FundingModelColumn = "all_or_nothing" | "keep_what_you_raise" | "community_loan" | "ongoing";
export type PledgeStatusColumn =
  "active" | "processing" | "charged" | "payment_failed" | "cancelled" | "dropped" | "released" | "refunded" | "disputed" | "charged_back";
export type PledgeVisibilityColumn = "public" | "initiator" | "anonymous";
export type PaymentAttemptStatusColumn = "pending" | "processing" | "succeeded" | "failed" | "requires_action";

export interface ProjectsTable {
  id: Generated<string>;
  slug: string;
  initiator_id: string;
  /** An organisation's own project (migration 0028): shown with its name; the initiator acts for it. */
  organisation_id: Generated<string | null>;
  neighbourhood_id: string;
  title: string;
  summary: Generated<string>;
  story: Generated<string>;
  category: ProjectCategoryColumn;
  cover_upload_id: string | null;
  goal_cents: number;
  funding_model: Generated<FundingModelColumn>;
  duration_days: number;
  status: Generated<ProjectStatusColumn>;
  launched_at: Timestamp | null;
  ends_at: Timestamp | null;
  settled_at: Timestamp | null;
  cancel_reason: string | null;
  pledged_cents: Generated<number>;
  collected_cents: Generated<number>;
  backer_count: Generated<number>;
  /** What matching pools commit to the project (app/matching, kept in the pledge's transaction). */
  matched_cents: Generated<number>;
  /** Hidden by a moderator (db/migrations/0022): both set or both null. */
  hidden_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The initiator's "delivered" mark (db/migrations/0021_reputation.ts): backers may review from then. */
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ProjectBudgetLinesTable {
  id: Generated<number>;
  project_id: string;
  position: number;
  description: string;
  amount_cents: number;
}

export interface ProjectEventsTable {
  id: Generated<number>;
  project_id: string;
  actor_id: string | null;
  event: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  /** On `submit` only (db/migrations/0033): the content sent for review, JSON (app/projects/review-diff.ts). */
  content: ColumnType<unknown | null, string | null | undefined, never>;
  /** On team events only (`team_*`, db/migrations/0036): whom the change was about, and their role. */
  member_id: ColumnType<string | null, string | null | undefined, never>;
  member_role: ColumnType<ProjectMemberRoleColumn | null, ProjectMemberRoleColumn | null | undefined, never>;
  created_at: ColumnType<Date, Date | string, never>;
}

export type ProjectMemberRoleColumn = "co_initiator" | "helper";
export type ProjectMemberStatusColumn = "invited" | "active" | "declined" | "removed" | "left";

/** A project's team (db/migrations/0036, decision 071): one row per person per project, never the initiator. */
export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: ProjectMemberRoleColumn;
  status: ProjectMemberStatusColumn;
  invited_by: string;
  invited_at: Timestamp;
  accepted_at: Timestamp | null;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
}

export interface RewardTiersTable {
  id: Generated<string>;
  project_id: string;
  title: string;
  description: Generated<string>;
  min_cents: number;
  quantity: number | null;
  claimed: Generated<number>;
  pickup_note: Generated<string>;
  created_at: CreatedAt;
}

export interface PledgesTable {
  id: Generated<string>;
  project_id: string;
  backer_id: string;
  tier_id: string | null;
  amount_cents: number;
  status: PledgeStatusColumn;
  /** The platform fee the backer was shown when pledging (basis points; app/payments/fees.ts). */
  platform_fee_bps: Generated<number>;
  visibility: Generated<PledgeVisibilityColumn>;
  message: Generated<string>;
  idempotency_key: string | null;
  payment_method_ref: string | null;
  fix_until: Timestamp | null;
  charged_at: Timestamp | null;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
}

export interface PledgeEventsTable {
  id: Generated<number>;
  pledge_id: string;
  project_id: string;
  actor_id: string | null;
  event: string;
  from_status: string | null;
  to_status: string;
  amount_cents: number;
  tier_id: string | null;
  pledged_delta_cents: Generated<number>;
  note: string | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface PledgePaymentAttemptsTable {
  id: Generated<string>;
  pledge_id: string;
  kind: "charge" | "refund";
  attempt_no: number;
  reason: "settlement" | "pledge" | "fix" | "cancellation" | "duplicate" | "moderator";
  /** A moderator's refund: why (shown to the backer) and who asked. */
  note: Generated<string | null>;
  requested_by: Generated<string | null>;
  amount_cents: number;
  idempotency_key: string;
  payment_method_ref: string | null;
  refund_of_payment: string | null;
  status: Generated<PaymentAttemptStatusColumn>;
  gateway_ref: string | null;
  failure_code: string | null;
  next_action_url: string | null;
  locked_until: Timestamp | null;
  created_at: ColumnType<Date, Date | string, never>;
  finished_at: Timestamp | null;
}

export interface ProjectUpdatesTable {
  id: Generated<string>;
  project_id: string;
  author_id: string;
  title: string;
  body: string;
  created_at: ColumnType<Date, Date | string, never>;
  /** Hidden by a moderator (db/migrations/0022): both set or both null. */
  hidden_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Corrected by the initiator / withdrawn (db/migrations/0032); what it said before is in project_update_revisions. */
  edited_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Append-only: one row per edit or deletion of an update, with what it said before. */
export interface ProjectUpdateRevisionsTable {
  id: Generated<number>;
  update_id: string;
  kind: "edited" | "deleted";
  actor_id: string;
  previous_title: string;
  previous_body: string;
  occurred_at: ColumnType<Date, Date | string, never>;
}

export interface ProjectCommentsTable {
  id: Generated<string>;
  project_id: string;
  author_id: string;
  body: string;
  hidden_at: Timestamp | null;
  hidden_by: string | null;
  /** A moderator's reason (the initiator hides without one). */
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, Date | string, never>;
}

export type PledgeIntentStatus = "open" | "confirmed" | "failed" | "expired";

export interface PledgeIntentsTable {
  id: Generated<string>;
  project_id: string;
  backer_id: string;
  tier_id: string | null;
  amount_cents: number;
  visibility: "initiator" | "public" | "anonymous";
  message: Generated<string>;
  token: string;
  platform_fee_bps: Generated<number>;
  session_id: string | null;
  status: PledgeIntentStatus;
  pledge_id: string | null;
  error: string | null;
  /** What the backer gives besides money, by part (issue 11; app/pledges/companions.server.ts). */
  companions: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: ColumnType<Date, Date | string, never>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  resolved_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface PledgeIntentEventsTable {
  id: Generated<number>;
  intent_id: string;
  from_status: PledgeIntentStatus | null;
  to_status: PledgeIntentStatus;
  note: string | null;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface ProjectsTables {
  projects: ProjectsTable;
  project_budget_lines: ProjectBudgetLinesTable;
  project_events: ProjectEventsTable;
  reward_tiers: RewardTiersTable;
  pledges: PledgesTable;
  pledge_events: PledgeEventsTable;
  pledge_payment_attempts: PledgePaymentAttemptsTable;
  pledge_intents: PledgeIntentsTable;
  pledge_intent_events: PledgeIntentEventsTable;
  project_updates: ProjectUpdatesTable;
  project_update_revisions: ProjectUpdateRevisionsTable;
  project_comments: ProjectCommentsTable;
  project_members: ProjectMembersTable;
}

export type ProjectRow = Selectable<ProjectsTable>;
export type PledgeRow = Selectable<PledgesTable>;
export type RewardTierRow = Selectable<RewardTiersTable>;
export type PledgePaymentAttemptRow = Selectable<PledgePaymentAttemptsTable>;
export type PledgeIntentRow = Selectable<PledgeIntentsTable>;
