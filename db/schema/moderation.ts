import type { ColumnType, Generated, Selectable } from "kysely";
import type { CreatedAt, Timestamp } from "./foundation";

/** Reports, the moderation audit log and blocks (db/migrations/0022_moderation.ts, docs/decisions/060). */
export type ReportReasonColumn = "spam" | "scam" | "harassment" | "unsafe" | "inappropriate" | "other";
export type ReportStatusColumn = "open" | "resolved" | "dismissed";
export type ModerationActionColumn = "hide" | "unhide" | "warn" | "suspend" | "unsuspend" | "dismiss";

export interface ReportsTable {
  id: Generated<string>;
  reporter_id: string;
  subject_kind: string;
  subject_id: string;
  subject_user_id: string;
  reason: ReportReasonColumn;
  details: string;
  status: Generated<ReportStatusColumn>;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
}

/** Append-only (a trigger refuses UPDATE and DELETE). */
export interface ModerationActionsTable {
  id: Generated<number>;
  actor_id: string;
  action: ModerationActionColumn;
  subject_kind: string;
  subject_id: string;
  target_user_id: string;
  report_id: string | null;
  reason: string;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface UserBlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: CreatedAt;
}

export interface ModerationTables {
  reports: ReportsTable;
  moderation_actions: ModerationActionsTable;
  user_blocks: UserBlocksTable;
}

export type ReportRow = Selectable<ReportsTable>;
