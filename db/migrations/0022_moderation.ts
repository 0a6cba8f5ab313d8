import { type Kysely, sql } from "kysely";

/**
 * Moderation and safety (issue 12, docs/decisions/060-moderation.md, docs/moderation.md).
 *
 * - reports: a member reports a piece of content (or a person) with a reason and text. The kind is
 *   open-ended text (the reportable kinds are a registry in the app: a new kind, such as reviews, needs
 *   no migration); open → resolved | dismissed. One open report per reporter and subject.
 * - moderation_actions: THE audit log, append-only by trigger: every moderator action (hide, unhide,
 *   warn, suspend, unsuspend, dismiss) with its actor, subject, affected person and reason.
 * - hidden_at / hidden_reason on the content tables a moderator can hide: hidden content stays
 *   stored; its author sees why. Both set or both empty (CHECK).
 * - user_blocks: who blocked whom (never yourself).
 * Frozen in time: never import app code here.
 */
const hideable = ["projects", "items", "project_updates", "loan_messages", "wanted_posts"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("reports")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("reporter_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("subject_kind", "text", (c) => c.notNull().check(sql`subject_kind ~ '^[a-z_]{2,40}$'`))
    .addColumn("subject_id", "text", (c) => c.notNull().check(sql`length(subject_id) between 1 and 100`))
    .addColumn("subject_user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`reason in ('spam', 'scam', 'harassment', 'unsafe', 'inappropriate', 'other')`))
    .addColumn("details", "text", (c) => c.notNull().check(sql`length(details) between 1 and 2000`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'resolved', 'dismissed')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("decided_at", "timestamptz")
    .addColumn("decided_by", "uuid", (c) => c.references("users.id"))
    .addCheckConstraint("reports_decided", sql`(status = 'open') = (decided_at is null) and (decided_at is null) = (decided_by is null)`)
    .addCheckConstraint("reports_not_yourself", sql`reporter_id <> subject_user_id`)
    .execute();
  await sql`create unique index reports_one_open on reports (reporter_id, subject_kind, subject_id) where status = 'open'`.execute(db);
  await sql`create index reports_queue on reports (created_at) where status = 'open'`.execute(db);
  await db.schema.createIndex("reports_subject").on("reports").columns(["subject_kind", "subject_id"]).execute();

  await db.schema
    .createTable("moderation_actions")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("actor_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('hide', 'unhide', 'warn', 'suspend', 'unsuspend', 'dismiss')`))
    .addColumn("subject_kind", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("target_user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("report_id", "uuid", (c) => c.references("reports.id"))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(reason) between 1 and 1000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("moderation_actions_target").on("moderation_actions").columns(["target_user_id", "id"]).execute();
  await sql`
    create function moderation_actions_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'the moderation audit log is append-only: % is refused', tg_op using errcode = '42501';
    end
    $$
  `.execute(db);
  await sql`create trigger moderation_actions_append_only before update or delete on moderation_actions
    for each row execute function moderation_actions_refuse_change()`.execute(db);

  for (const table of hideable) {
    await db.schema
      .alterTable(table)
      .addColumn("hidden_at", "timestamptz")
      .addColumn("hidden_reason", "text", (c) => c.check(sql`length(hidden_reason) between 1 and 1000`))
      .execute();
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_hidden_with_reason`)} check ((hidden_at is null) = (hidden_reason is null))`.execute(
      db,
    );
  }
  // Comments could already be hidden by the initiator (no reason); a moderator gives one.
  await db.schema
    .alterTable("project_comments")
    .addColumn("hidden_reason", "text", (c) => c.check(sql`length(hidden_reason) between 1 and 1000`))
    .execute();
  await sql`alter table project_comments add constraint project_comments_reason_when_hidden check (hidden_reason is null or hidden_at is not null)`.execute(db);

  await db.schema
    .createTable("user_blocks")
    .addColumn("blocker_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("blocked_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_blocks_pk", ["blocker_id", "blocked_id"])
    .addCheckConstraint("user_blocks_not_yourself", sql`blocker_id <> blocked_id`)
    .execute();
  await db.schema.createIndex("user_blocks_blocked").on("user_blocks").columns(["blocked_id", "blocker_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("user_blocks").execute();
  await sql`alter table project_comments drop constraint project_comments_reason_when_hidden`.execute(db);
  await db.schema.alterTable("project_comments").dropColumn("hidden_reason").execute();
  for (const table of hideable) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(`${table}_hidden_with_reason`)}`.execute(db);
    await db.schema.alterTable(table).dropColumn("hidden_reason").dropColumn("hidden_at").execute();
  }
  await db.schema.dropTable("moderation_actions").execute();
  await sql`drop function moderation_actions_refuse_change()`.execute(db);
  await db.schema.dropTable("reports").execute();
}
