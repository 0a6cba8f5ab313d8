import { type Kysely, sql } from "kysely";

/**
 * Questions to the initiator (issue 15): anyone signed in asks a project's team a question or sends
 * a suggestion, in public or privately (then only the asker and the team see it); the team answers.
 *
 * - `project_questions`: the question, its answer and its state. `status` moves only through the
 *   one transition (app/questions/question.ts): asked → answered (the answer may be edited), or
 *   withdrawn by the asker. A moderator's hiding is a flag beside it (`hidden_at`, with a reason),
 *   so showing it again returns it as it was. An answered question always has its answer, who
 *   wrote it and when (a CHECK). `team_reminded_at` makes the 3-day reminder happen once.
 * - `project_question_events`: append-only (a trigger refuses UPDATE and DELETE) — every change,
 *   with its actor and the text it wrote.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("project_questions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("asker_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('question', 'suggestion')`))
    .addColumn("visibility", "text", (c) => c.notNull().check(sql`visibility in ('public', 'private')`))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) between 3 and 2000`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("asked")
        .check(sql`status in ('asked', 'answered', 'withdrawn')`),
    )
    .addColumn("answer", "text", (c) => c.check(sql`char_length(answer) between 1 and 4000`))
    .addColumn("answered_by", "uuid", (c) => c.references("users.id"))
    .addColumn("answered_at", "timestamptz")
    .addColumn("answer_edited_at", "timestamptz")
    .addColumn("team_reminded_at", "timestamptz")
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("project_questions_hidden_whole", sql`(hidden_at is null) = (hidden_reason is null)`)
    // An answer is whole (text, who, when); a withdrawn question may keep the answer it had.
    .addCheckConstraint(
      "project_questions_answer_whole",
      sql`(answer is null) = (answered_by is null) and (answer is null) = (answered_at is null) and (status <> 'answered' or answer is not null)`,
    )
    .addCheckConstraint("project_questions_edited_after", sql`answer_edited_at is null or answered_at is not null`)
    .execute();
  await db.schema.createIndex("project_questions_project").on("project_questions").columns(["project_id", "created_at"]).execute();
  await db.schema.createIndex("project_questions_asker").on("project_questions").columns(["asker_id", "created_at"]).execute();
  // The daily reminder's sweep: open questions nobody was reminded of yet, oldest first.
  await sql`create index project_questions_unreminded on project_questions (created_at) where status = 'asked' and team_reminded_at is null`.execute(db);

  await db.schema
    .createTable("project_question_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("question_id", "uuid", (c) => c.notNull().references("project_questions.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("event", "text", (c) => c.notNull().check(sql`event in ('asked', 'answered', 'answer_edited', 'withdrawn', 'hidden', 'shown', 'team_reminded')`))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(text) <= 4000`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("project_question_events_question").on("project_question_events").columns(["question_id", "id"]).execute();
  await sql`
    create function project_question_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'project_question_events is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger project_question_events_append_only before update or delete on project_question_events
    for each row execute function project_question_events_append_only()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("project_question_events").execute();
  await sql`drop function project_question_events_append_only()`.execute(db);
  await db.schema.dropTable("project_questions").execute();
}
