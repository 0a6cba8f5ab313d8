import type { ColumnType, Generated, Selectable } from "kysely";

export type NeedKind = "shift" | "skill" | "item";
export type NeedStatus = "open" | "cancelled";
export type SignupStatus = "signed_up" | "cancelled" | "attended" | "no_show" | "offered" | "accepted" | "declined";

export interface ProjectNeedsTable {
  id: Generated<string>;
  project_id: string;
  kind: NeedKind;
  title: string;
  description: Generated<string>;
  place: Generated<string>;
  skills: Generated<string>;
  effort: Generated<string>;
  /** A `date`: read it with to_char (node-postgres would give local midnight). */
  needed_on: ColumnType<Date | null, string | null | undefined, string | null>;
  starts_at: Date | null;
  ends_at: Date | null;
  needed: number;
  filled: Generated<number>;
  status: Generated<NeedStatus>;
  created_by: string;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}

export interface NeedSignupsTable {
  id: Generated<string>;
  need_id: string;
  user_id: string;
  status: SignupStatus;
  note: Generated<string>;
  reminded_at: Date | null;
  /** A thing lent from the lending library: the lend-to-project loan this offer follows (migration 0025). */
  loan_id: Generated<string | null>;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}

export interface NeedEventsTable {
  id: Generated<number>;
  need_id: string;
  signup_id: string | null;
  actor_id: string | null;
  event: string;
  from_status: string | null;
  to_status: string;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface NeedsTables {
  project_needs: ProjectNeedsTable;
  need_signups: NeedSignupsTable;
  need_events: NeedEventsTable;
}

export type ProjectNeedRow = Selectable<ProjectNeedsTable>;
export type NeedSignupRow = Selectable<NeedSignupsTable>;
