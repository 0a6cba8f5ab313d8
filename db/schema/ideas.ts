import type { ColumnType, Generated, Selectable } from "kysely";
import type { Timestamp } from "./foundation";

/** The neighbourhood board (db/migrations/0034_ideas.ts, issue 14, app/ideas). */
export type IdeaKindColumn = "idea" | "problem";
export type IdeaStatusColumn = "received" | "looking" | "planned" | "done" | "not_possible";
type Written = ColumnType<Date, Date | string, never>;

export interface NeighbourhoodRespondersTable {
  neighbourhood_id: string;
  organisation_id: string;
  created_at: Written;
}

export interface NeighbourhoodResponderEventsTable {
  id: Generated<number>;
  neighbourhood_id: string;
  organisation_id: string;
  actor_id: string | null;
  event: "named" | "removed";
  created_at: Written;
}

export interface IdeasTable {
  id: Generated<string>;
  neighbourhood_id: string;
  author_id: string;
  kind: IdeaKindColumn;
  title: string;
  body: string;
  category: string;
  photo_upload_id: string | null;
  street: Generated<string>;
  postcode4: string | null;
  lat: number | null;
  lng: number | null;
  status: Generated<IdeaStatusColumn>;
  status_changed_at: Timestamp;
  first_answered_at: Timestamp | null;
  support_count: Generated<number>;
  helper_count: Generated<number>;
  project_id: string | null;
  project_maker_id: string | null;
  hidden_at: Timestamp | null;
  hidden_reason: string | null;
  created_at: Written;
  updated_at: Timestamp;
}

export interface IdeaSupportsTable {
  idea_id: string;
  user_id: string;
  created_at: Written;
}

export interface IdeaHelpersTable {
  idea_id: string;
  user_id: string;
  note: Generated<string>;
  created_at: Written;
}

export interface IdeaEventsTable {
  id: Generated<number>;
  idea_id: string;
  actor_id: string | null;
  organisation_id: string | null;
  event: string;
  from_status: string | null;
  to_status: string;
  response: Generated<string>;
  created_at: Written;
}

export interface IdeaCommentsTable {
  id: Generated<string>;
  idea_id: string;
  author_id: string;
  body: string;
  hidden_at: Timestamp | null;
  hidden_reason: string | null;
  created_at: Written;
}

export interface IdeasTables {
  neighbourhood_responders: NeighbourhoodRespondersTable;
  neighbourhood_responder_events: NeighbourhoodResponderEventsTable;
  ideas: IdeasTable;
  idea_supports: IdeaSupportsTable;
  idea_helpers: IdeaHelpersTable;
  idea_events: IdeaEventsTable;
  idea_comments: IdeaCommentsTable;
}

export type IdeaRow = Selectable<IdeasTable>;
