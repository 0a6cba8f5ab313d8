import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** Shared column types and the foundation's tables (see db/schema.ts for the whole database). */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp with a database default that may also be set explicitly. */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string, string>;

export type Role = "member" | "moderator" | "admin";
export type AccountType = "person" | "organisation";
export type Locale = "nl" | "en";

export interface NeighbourhoodsTable {
  id: string;
  name: string;
  city: string;
  municipality: string;
  description_nl: Generated<string>;
  description_en: Generated<string>;
  /** The neighbourhood's story, Markdown (migration 0038, edited by its moderators). */
  story_nl: Generated<string>;
  story_en: Generated<string>;
  cover_upload_id: ColumnType<string | null, string | null | undefined, string | null>;
  story_updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  story_updated_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Its users who are not suspended, kept by a trigger on users (migration 0049). */
  member_count: Generated<number>;
  created_at: CreatedAt;
}

export interface PostcodeAreasTable {
  postcode4: string;
  neighbourhood_id: string | null;
  place: string;
  lat: number;
  lng: number;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  handle: string;
  display_name: string;
  password_hash: string;
  role: Generated<Role>;
  account_type: Generated<AccountType>;
  neighbourhood_id: string;
  postcode4: string | null;
  locale: Generated<Locale>;
  bio: Generated<string>;
  email_verified_at: Timestamp | null;
  password_changed_at: DefaultedTimestamp;
  suspended_at: Timestamp | null;
  /** Erased at the member's request (migration 0039): the row stays, pseudonymous. */
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export interface UserEventsTable {
  id: Generated<number>;
  user_id: string;
  actor_id: string | null;
  kind: string;
  data: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: CreatedAt;
}

export interface RateLimitsTable {
  key: string;
  points: number;
  expire: number | null;
}

export type UploadPurpose = "project_cover" | "item_photo" | "loan_condition" | "claim_evidence" | "avatar" | "idea_photo" | "neighbourhood_cover";

/** One stored file of an upload besides the card and the large (migration 0031, docs/decisions/064). */
export interface UploadVariant {
  key: string;
  /** `card`: the 4:3 crop at a smaller size; `large`: the whole picture at a smaller width. */
  kind: "card" | "large";
  width: number;
  height: number;
}

export interface UploadsTable {
  id: Generated<string>;
  owner_id: string;
  purpose: UploadPurpose;
  card_key: string;
  large_key: string;
  width: number;
  height: number;
  bytes: number;
  created_at: CreatedAt;
  /** Null: made before migration 0031 and not backfilled yet (the two files above are all there is). */
  variants: ColumnType<UploadVariant[] | null, string | null | undefined, string | null>;
}

export type SessionEndReason =
  "logout" | "logout_everywhere" | "ended_by_user" | "password_changed" | "password_reset" | "rotated" | "suspended" | "demo_disabled";

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  user_agent: Generated<string>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  end_reason: SessionEndReason | null;
}

export interface FoundationTables {
  sessions: SessionsTable;
  uploads: UploadsTable;
  neighbourhoods: NeighbourhoodsTable;
  postcode_areas: PostcodeAreasTable;
  users: UsersTable;
  user_events: UserEventsTable;
  rate_limits: RateLimitsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
