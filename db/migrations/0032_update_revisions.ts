import { type Kysely, sql } from "kysely";

/**
 * Updates can be corrected and withdrawn (issue 13 §15). The update keeps its id (links in e-mails
 * and the feed stay valid); `edited_at` says it was changed, `deleted_at` takes it off the page.
 * What it said before is kept, append-only, in `project_update_revisions` — one row per edit or
 * deletion with the previous title and text, the actor and the time — so a moderator can always
 * see what backers were told. Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("project_updates").addColumn("edited_at", "timestamptz").addColumn("deleted_at", "timestamptz").execute();
  await db.schema
    .createTable("project_update_revisions")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("update_id", "uuid", (c) => c.notNull().references("project_updates.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('edited', 'deleted')`))
    .addColumn("actor_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("previous_title", "text", (c) => c.notNull())
    .addColumn("previous_body", "text", (c) => c.notNull())
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("project_update_revisions_update_idx").on("project_update_revisions").columns(["update_id", "id"]).execute();
  await sql`
    create function project_update_revisions_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'project_update_revisions is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger project_update_revisions_append_only before update or delete on project_update_revisions
    for each row execute function project_update_revisions_append_only()
  `.execute(db);
  // A deleted update stays deleted: nothing brings it back or edits it afterwards.
  await sql`
    create function project_updates_deleted_final() returns trigger language plpgsql as $$
    begin
      if old.deleted_at is not null and (new.deleted_at is distinct from old.deleted_at or new.title <> old.title or new.body <> old.body) then
        raise exception 'a deleted update cannot change' using errcode = 'restrict_violation';
      end if;
      return new;
    end $$
  `.execute(db);
  await sql`
    create trigger project_updates_deleted_final before update on project_updates
    for each row execute function project_updates_deleted_final()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger project_updates_deleted_final on project_updates`.execute(db);
  await sql`drop function project_updates_deleted_final()`.execute(db);
  await db.schema.dropTable("project_update_revisions").execute();
  await sql`drop function project_update_revisions_append_only()`.execute(db);
  await db.schema.alterTable("project_updates").dropColumn("deleted_at").dropColumn("edited_at").execute();
}
