import { type Kysely, sql } from "kysely";

/**
 * Server-side sessions (docs/decisions/008-server-side-sessions.md): the cookie carries a random
 * token; the database keeps its SHA-256, when it was issued and last seen, and whether (and why) it
 * ended. Logout ends one session at once; a password change or reset ends the others.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sessions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("token_hash", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`token_hash ~ '^[0-9a-f]{64}$'`),
    )
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("user_agent", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(user_agent) <= 300`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("ended_at", "timestamptz")
    .addColumn("end_reason", "text", (c) =>
      c.check(
        sql`end_reason in ('logout', 'logout_everywhere', 'ended_by_user', 'password_changed', 'password_reset', 'rotated', 'suspended', 'demo_disabled')`,
      ),
    )
    .addCheckConstraint("sessions_ended_with_reason", sql`(ended_at is null) = (end_reason is null)`)
    .addCheckConstraint("sessions_times_ordered", sql`last_seen_at >= created_at and expires_at > created_at`)
    .execute();
  await db.schema.createIndex("sessions_user_active_idx").on("sessions").columns(["user_id", "last_seen_at"]).where(sql.ref("ended_at"), "is", null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("sessions").execute();
}
