import { type Kysely, sql } from "kysely";

/**
 * Questions (0037) and erasure (0039) were built side by side: the questions' event log refused
 * every UPDATE, so an erasure could not blank the words a former member wrote there. Like the other
 * append-only logs since 0039, it now lets an UPDATE through only inside the erasure's transaction
 * (`buurtkracht.erasure = 'on'`, SET LOCAL); DELETE stays refused (docs/decisions/074).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function project_question_events_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and current_setting('buurtkracht.erasure', true) = 'on' then return new; end if;
      raise exception 'project_question_events is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function project_question_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'project_question_events is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
}
