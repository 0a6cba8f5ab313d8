import { type Kysely, sql } from "kysely";

/**
 * One step to back a project (issue 10, docs/decisions/055-one-step-backing.md). A backer who pays
 * with a new card or iDEAL leaves for the gateway's page with a pledge INTENT: what they asked to
 * pledge. The intent becomes the pledge the moment the gateway says the method is saved (its event,
 * or the session read back when the backer lands), and expires when the page is never finished.
 * It holds no tier place and counts in no total until then. Each change of state is a row in
 * pledge_intent_events. Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pledge_intents")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("backer_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("tier_id", "uuid", (c) => c.references("reward_tiers.id"))
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn("visibility", "text", (c) => c.notNull().check(sql`visibility in ('initiator', 'public', 'anonymous')`))
    .addColumn("message", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(message) <= 500`),
    )
    // The form's idempotency token: the pledge made from this intent carries it too.
    .addColumn("token", "text", (c) => c.notNull().check(sql`length(token) between 1 and 100`))
    .addColumn("platform_fee_bps", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`platform_fee_bps between 0 and 2000`),
    )
    .addColumn("session_id", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open', 'confirmed', 'failed', 'expired')`))
    .addColumn("pledge_id", "uuid", (c) => c.references("pledges.id"))
    // Why it failed: the pledge rule that refused it when the method came back (e.g. SoldOut).
    .addColumn("error", "text", (c) => c.check(sql`length(error) <= 100`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("resolved_at", "timestamptz")
    .addUniqueConstraint("pledge_intents_backer_token", ["backer_id", "token"])
    .addCheckConstraint("pledge_intents_confirmed_has_pledge", sql`(status = 'confirmed') = (pledge_id is not null)`)
    .addCheckConstraint("pledge_intents_resolved", sql`(status = 'open') = (resolved_at is null)`)
    .execute();
  await db.schema.createIndex("pledge_intents_open").on("pledge_intents").column("expires_at").where(sql.ref("status"), "=", "open").execute();
  await db.schema.createIndex("pledge_intents_backer_project").on("pledge_intents").columns(["backer_id", "project_id"]).execute();
  await db.schema
    .createTable("pledge_intent_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("intent_id", "uuid", (c) => c.notNull().references("pledge_intents.id"))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.check(sql`length(note) <= 200`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("pledge_intent_events_intent").on("pledge_intent_events").column("intent_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pledge_intent_events").execute();
  await db.schema.dropTable("pledge_intents").execute();
}
