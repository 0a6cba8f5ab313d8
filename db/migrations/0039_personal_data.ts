import { type Kysely, sql } from "kysely";

/**
 * Your data is yours (issue 15, docs/decisions/074-personal-data.md, docs/privacy.md).
 *
 * - `users.deleted_at`: an erased account keeps its row (and id), so the ledger journals, loans and
 *   pledges that others' track records and the public ledger rely on keep pointing at something;
 *   everything personal in it is gone. A CHECK keeps an erased row pseudonymous.
 * - `data_exports`: a member's request for their data ("Download my data", GDPR/AVG article 20),
 *   prepared by a job into one archive in the file storage; `data_export_events` logs every
 *   status change. One open request per member (a partial unique index).
 * - The append-only event logs that can hold a member's own words (a loan's notes, a project's or
 *   pledge's event notes and content, the board's responses, update revisions) refuse UPDATE and
 *   DELETE as before, except an UPDATE inside an erasure: the transaction that erases an account
 *   sets `buurtkracht.erasure = 'on'` (SET LOCAL) to blank those words. Deleting stays refused.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("deleted_at", "timestamptz").execute();
  await sql`alter table users add constraint users_erased_pseudonymous check (
    deleted_at is null or (password_hash = '!' and bio = '' and postcode4 is null and email like '%@erased.invalid')
  )`.execute(db);

  await db.schema
    .createTable("data_exports")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('requested', 'ready', 'failed', 'expired')`))
    .addColumn("file_key", "text")
    .addColumn("bytes", "integer", (c) => c.check(sql`bytes >= 0`))
    .addColumn("requested_at", "timestamptz", (c) => c.notNull())
    .addColumn("ready_at", "timestamptz")
    .addColumn("expires_at", "timestamptz")
    .addCheckConstraint(
      "data_exports_ready_has_file",
      sql`(status = 'ready') = (file_key is not null) and (status <> 'ready' or (ready_at is not null and expires_at > ready_at))`,
    )
    .execute();
  await sql`create unique index data_exports_one_open on data_exports (user_id) where status = 'requested'`.execute(db);
  await db.schema.createIndex("data_exports_user").on("data_exports").columns(["user_id", "requested_at"]).execute();
  await db.schema
    .createTable("data_export_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("export_id", "uuid", (c) => c.notNull().references("data_exports.id").onDelete("cascade"))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  // The erasure's one exception to the append-only logs: UPDATE under `buurtkracht.erasure = 'on'`.
  await sql`
    create or replace function projects_forbid_mutation() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and current_setting('buurtkracht.erasure', true) = 'on' then return new; end if;
      raise exception '% is append-only', tg_table_name using errcode = '42501';
    end $$`.execute(db);
  for (const table of ["loan_events", "idea_events", "project_update_revisions"]) {
    await sql
      .raw(
        `create or replace function ${table}_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and current_setting('buurtkracht.erasure', true) = 'on' then return new; end if;
      raise exception '${table} is append-only' using errcode = 'restrict_violation';
    end $$`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["loan_events", "idea_events", "project_update_revisions"]) {
    await sql
      .raw(
        `create or replace function ${table}_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '${table} is append-only' using errcode = 'restrict_violation';
    end $$`,
      )
      .execute(db);
  }
  await sql`
    create or replace function projects_forbid_mutation() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = '42501';
    end $$`.execute(db);
  await db.schema.dropTable("data_export_events").execute();
  await db.schema.dropTable("data_exports").execute();
  await sql`alter table users drop constraint users_erased_pseudonymous`.execute(db);
  await db.schema.alterTable("users").dropColumn("deleted_at").execute();
}
