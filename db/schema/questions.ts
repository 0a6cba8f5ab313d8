import type { ColumnType, Generated, Selectable } from "kysely";
import type { Timestamp } from "./foundation";

/** Questions to a project's team (db/migrations/0037_questions.ts, issue 15, app/questions). */
export type QuestionKindColumn = "question" | "suggestion";
export type QuestionVisibilityColumn = "public" | "private";
export type QuestionStatusColumn = "asked" | "answered" | "withdrawn";
export type QuestionEventColumn = "asked" | "answered" | "answer_edited" | "withdrawn" | "hidden" | "shown" | "team_reminded";
type Written = ColumnType<Date, Date | string, never>;

export interface ProjectQuestionsTable {
  id: Generated<string>;
  project_id: string;
  asker_id: string;
  kind: QuestionKindColumn;
  visibility: QuestionVisibilityColumn;
  body: string;
  status: Generated<QuestionStatusColumn>;
  answer: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
  answer_edited_at: Timestamp | null;
  team_reminded_at: Timestamp | null;
  hidden_at: Timestamp | null;
  hidden_reason: string | null;
  created_at: Written;
  updated_at: Timestamp;
}

export interface ProjectQuestionEventsTable {
  id: Generated<number>;
  question_id: string;
  actor_id: string | null;
  event: QuestionEventColumn;
  from_status: QuestionStatusColumn | null;
  to_status: QuestionStatusColumn;
  text: Generated<string>;
  created_at: Written;
}

export interface QuestionsTables {
  project_questions: ProjectQuestionsTable;
  project_question_events: ProjectQuestionEventsTable;
}

export type ProjectQuestionRow = Selectable<ProjectQuestionsTable>;
