import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "./foundation";

/** Reputation tables (db/migrations/0021_reputation.ts, docs/reputation.md). */
export type ReviewSide = "owner" | "borrower" | "backer" | "volunteer";

export interface ReviewsTable {
  id: Generated<string>;
  loan_id: string | null;
  project_id: string | null;
  side: ReviewSide;
  reviewer_id: string;
  reviewee_id: string;
  stars: number;
  body: Generated<string>;
  answer: boolean;
  window_ends_at: Timestamp;
  reply: string | null;
  replied_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Hidden by a moderator (db/migrations/0030): both set or both null. */
  hidden_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ReviewEventsTable {
  id: Generated<number>;
  review_id: string;
  actor_id: string | null;
  kind: "submitted" | "edited" | "replied";
  data: ColumnType<Record<string, unknown>, string | undefined, never>;
  occurred_at: Timestamp;
}

/** THE projection: one row per member, recomputed from the events (never edited by hand). */
export interface ReputationRecordsTable {
  user_id: string;
  loans_lent: number;
  requests_answered: number;
  requests_accepted: number;
  median_response_seconds: number | null;
  loans_borrowed: number;
  returns_on_time: number;
  claims_upheld: number;
  last_claim_upheld_at: Timestamp | null;
  pledges_charged: number;
  pledges_dropped: number;
  projects_succeeded: number;
  projects_delivered: number;
  projects_reviewed: number;
  reviews_counted: number;
  stars_counted: number;
  trust_level: number;
  computed_at: Timestamp;
}

export interface ReputationTables {
  reviews: ReviewsTable;
  review_events: ReviewEventsTable;
  reputation_records: ReputationRecordsTable;
}
