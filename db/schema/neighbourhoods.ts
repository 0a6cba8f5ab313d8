import type { ColumnType, Generated } from "kysely";

/** Neighbourhood pages (db/migrations/0038_neighbourhood_pages.ts, issue 15, app/neighbourhoods). */
type Written = ColumnType<Date, Date | string, never>;

export interface NeighbourhoodModeratorsTable {
  neighbourhood_id: string;
  user_id: string;
  appointed_by: string | null;
  appointed_at: Written;
}

export type NeighbourhoodEventKind = "moderator_appointed" | "moderator_removed" | "story_edited";

/** Append-only (a trigger refuses UPDATE and DELETE). */
export interface NeighbourhoodEventsTable {
  id: Generated<number>;
  neighbourhood_id: string;
  actor_id: string | null;
  event: NeighbourhoodEventKind;
  /** The moderator appointed or removed. */
  subject_id: string | null;
  /** A story edit: the texts it wrote. */
  story_nl: string | null;
  story_en: string | null;
  cover_changed: Generated<boolean>;
  created_at: Written;
}

export interface NeighbourhoodsTables {
  neighbourhood_moderators: NeighbourhoodModeratorsTable;
  neighbourhood_events: NeighbourhoodEventsTable;
}
