import { type Kysely, sql } from "kysely";

/**
 * Neighbourhood pages (issue 15, docs/decisions/073-neighbourhood-pages.md): each neighbourhood's
 * story and cover picture, edited by its own moderators.
 *
 * - `neighbourhoods` gains the story (Markdown, Dutch and English), a cover upload and who last
 *   changed them.
 * - `neighbourhood_moderators`: several per neighbourhood, one row per person (primary key),
 *   appointed by a site admin; removed rows go, the event log keeps that they were there.
 * - `neighbourhood_events`: append-only (a trigger refuses UPDATE and DELETE) — every appointment,
 *   removal and story edit with who and when; an edit keeps the texts it wrote.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table uploads drop constraint uploads_purpose_check`.execute(db);
  await sql`alter table uploads add constraint uploads_purpose_check check (purpose in ('project_cover', 'item_photo', 'loan_condition', 'claim_evidence', 'avatar', 'idea_photo', 'neighbourhood_cover'))`.execute(
    db,
  );
  await db.schema
    .alterTable("neighbourhoods")
    .addColumn("story_nl", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(story_nl) <= 20000`),
    )
    .addColumn("story_en", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`char_length(story_en) <= 20000`),
    )
    .addColumn("cover_upload_id", "uuid", (c) => c.references("uploads.id"))
    .addColumn("story_updated_at", "timestamptz")
    .addColumn("story_updated_by", "uuid", (c) => c.references("users.id"))
    .execute();
  await sql`alter table neighbourhoods add constraint neighbourhoods_story_updated_both check ((story_updated_at is null) = (story_updated_by is null))`.execute(
    db,
  );

  await db.schema
    .createTable("neighbourhood_moderators")
    .addColumn("neighbourhood_id", "text", (c) => c.notNull().references("neighbourhoods.id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("appointed_by", "uuid", (c) => c.references("users.id"))
    .addColumn("appointed_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("neighbourhood_moderators_pk", ["neighbourhood_id", "user_id"])
    .execute();
  await db.schema.createIndex("neighbourhood_moderators_user").on("neighbourhood_moderators").column("user_id").execute();

  await db.schema
    .createTable("neighbourhood_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("neighbourhood_id", "text", (c) => c.notNull().references("neighbourhoods.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("event", "text", (c) => c.notNull().check(sql`event in ('moderator_appointed', 'moderator_removed', 'story_edited')`))
    .addColumn("subject_id", "uuid", (c) => c.references("users.id"))
    .addColumn("story_nl", "text")
    .addColumn("story_en", "text")
    .addColumn("cover_changed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint(
      "neighbourhood_events_shape",
      sql`(event = 'story_edited' and subject_id is null and story_nl is not null and story_en is not null)
        or (event <> 'story_edited' and subject_id is not null and story_nl is null and story_en is null and not cover_changed)`,
    )
    .execute();
  await db.schema.createIndex("neighbourhood_events_neighbourhood").on("neighbourhood_events").columns(["neighbourhood_id", "id"]).execute();
  await sql`
    create function neighbourhood_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'neighbourhood_events is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger neighbourhood_events_append_only before update or delete on neighbourhood_events
    for each row execute function neighbourhood_events_append_only()
  `.execute(db);

  // The figures of "what we did together" read these by time (app/*/impact.server.ts).
  await db.schema.createIndex("loans_returned_at").on("loans").column("returned_at").where(sql.ref("returned_at"), "is not", null).execute();
  await db.schema.createIndex("pledges_charged_at").on("pledges").column("charged_at").where(sql.ref("charged_at"), "is not", null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("pledges_charged_at").execute();
  await db.schema.dropIndex("loans_returned_at").execute();
  await db.schema.dropTable("neighbourhood_events").execute();
  await sql`drop function neighbourhood_events_append_only()`.execute(db);
  await db.schema.dropTable("neighbourhood_moderators").execute();
  await sql`alter table neighbourhoods drop constraint neighbourhoods_story_updated_both`.execute(db);
  await db.schema
    .alterTable("neighbourhoods")
    .dropColumn("story_updated_by")
    .dropColumn("story_updated_at")
    .dropColumn("cover_upload_id")
    .dropColumn("story_en")
    .dropColumn("story_nl")
    .execute();
  await sql`delete from uploads where purpose = 'neighbourhood_cover'`.execute(db);
  await sql`alter table uploads drop constraint uploads_purpose_check`.execute(db);
  await sql`alter table uploads add constraint uploads_purpose_check check (purpose in ('project_cover', 'item_photo', 'loan_condition', 'claim_evidence', 'avatar', 'idea_photo'))`.execute(
    db,
  );
}
