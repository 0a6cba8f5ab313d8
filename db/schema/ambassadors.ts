import type { ColumnType, Generated, Selectable } from "kysely";
import type { Timestamp } from "./foundation";

/** Ambassadors: share links, touches, credited pledges, milestones (db/migrations/0044_ambassadors.ts, issue 16, app/ambassadors). */
type Written = ColumnType<Date, Date | string, never>;

export interface ShareCodesTable {
  code: string;
  user_id: string;
  project_id: string;
  show_publicly: Generated<boolean>;
  created_at: Written;
  updated_at: Timestamp;
}

export interface ShareTouchesTable {
  id: Generated<number>;
  code: string;
  project_id: string;
  visitor_id: string;
  user_id: string | null;
  /** The visit's day in Europe/Amsterdam, "YYYY-MM-DD" (one touch per visitor, code and day). */
  day: ColumnType<string, string, never>;
  created_at: Written;
}

export interface PledgeAmbassadorsTable {
  pledge_id: string;
  ambassador_user_id: string;
  code: string;
  attributed_at: Written;
}

export interface ProjectMilestonesTable {
  project_id: string;
  milestone: 25 | 50 | 75 | 100;
  pledged_cents: number;
  pledge_event_id: number;
  reached_at: Written;
}

export interface AmbassadorsTables {
  share_codes: ShareCodesTable;
  share_touches: ShareTouchesTable;
  pledge_ambassadors: PledgeAmbassadorsTable;
  project_milestones: ProjectMilestonesTable;
}

export type ShareCodeRow = Selectable<ShareCodesTable>;
export type ShareTouchRow = Selectable<ShareTouchesTable>;
