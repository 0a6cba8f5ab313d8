import { type Kysely, sql } from "kysely";

/**
 * Organisations and matching pools (issue 11, docs/decisions/056-matching-pools.md, docs/matching.md).
 *
 * - organisations: a municipality, fund, housing corporation or business; requested by a user and
 *   verified by an admin (or created verified by an admin). Members act for it as admin or member.
 * - matching_pools: an organisation's public rules (budget, ratio, cap, neighbourhoods, categories,
 *   minimum backers, threshold, period). `committed_cents` is what the pool has promised to projects:
 *   the CHECK keeps it within the budget whatever the application does; the writer locks the pool row
 *   and moves it by the same delta as the pool_matches row in one transaction.
 * - pool_matches: one row per (pool, project) with the committed cents and a status
 *   (committed → obligated → paid, or released); pool_match_events one row per change.
 * - projects.matched_cents: the sum over the project's matches, kept in the same transaction (the
 *   goal check at the deadline counts it).
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("slug", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80`),
    )
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 2 and 120`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('municipality', 'fund', 'housing_corporation', 'business', 'other')`))
    .addColumn("description", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(description) <= 2000`),
    )
    .addColumn("website", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(website) <= 200`),
    )
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('requested', 'verified', 'rejected')`))
    .addColumn("requested_by", "uuid", (c) => c.references("users.id"))
    .addColumn("decided_by", "uuid", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("organisations_decided", sql`(status = 'requested') = (decided_at is null)`)
    .execute();
  await db.schema
    .createTable("organisation_members")
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'member')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("organisation_members_pk", ["organisation_id", "user_id"])
    .execute();
  await db.schema.createIndex("organisation_members_user").on("organisation_members").column("user_id").execute();
  await db.schema
    .createTable("organisation_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.check(sql`length(note) <= 500`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("matching_pools")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 2 and 120`))
    .addColumn("description", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(description) <= 2000`),
    )
    .addColumn("budget_cents", "bigint", (c) => c.notNull().check(sql`budget_cents between 100 and 100000000000`))
    .addColumn("committed_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("paid_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("ratio_bps", "integer", (c) => c.notNull().check(sql`ratio_bps between 1 and 10000`))
    .addColumn("cap_per_project_cents", "bigint", (c) => c.notNull().check(sql`cap_per_project_cents > 0`))
    .addColumn("neighbourhood_ids", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("categories", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("min_backers", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`min_backers between 0 and 10000`),
    )
    .addColumn("threshold_bps", "integer", (c) => c.check(sql`threshold_bps between 1 and 10000`))
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    // THE invariant: a pool never promises more than its budget (docs/decisions/056).
    .addCheckConstraint("matching_pools_within_budget", sql`committed_cents >= 0 and committed_cents <= budget_cents`)
    .addCheckConstraint("matching_pools_paid_within_committed", sql`paid_cents >= 0 and paid_cents <= committed_cents`)
    .addCheckConstraint("matching_pools_period", sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex("matching_pools_organisation").on("matching_pools").column("organisation_id").execute();
  await db.schema
    .createTable("pool_matches")
    .addColumn("pool_id", "uuid", (c) => c.notNull().references("matching_pools.id"))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('committed', 'obligated', 'paid', 'released')`))
    .addColumn("cents", "bigint", (c) => c.notNull().check(sql`cents >= 0`))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(reason) <= 50`))
    .addColumn("paid_reference", "text", (c) => c.check(sql`length(paid_reference) <= 140`))
    .addColumn("paid_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("pool_matches_pk", ["pool_id", "project_id"])
    .addCheckConstraint("pool_matches_paid", sql`(status = 'paid') = (paid_at is not null)`)
    .execute();
  await db.schema.createIndex("pool_matches_project").on("pool_matches").column("project_id").execute();
  await db.schema
    .createTable("pool_match_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("pool_id", "uuid", (c) => c.notNull())
    .addColumn("project_id", "uuid", (c) => c.notNull())
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("cents", "bigint", (c) => c.notNull())
    .addColumn("delta_cents", "bigint", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.check(sql`length(note) <= 200`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addForeignKeyConstraint("pool_match_events_match", ["pool_id", "project_id"], "pool_matches", ["pool_id", "project_id"])
    .execute();
  await db.schema.createIndex("pool_match_events_match").on("pool_match_events").columns(["pool_id", "project_id"]).execute();
  await db.schema
    .alterTable("projects")
    .addColumn("matched_cents", "bigint", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`matched_cents >= 0`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("projects").dropColumn("matched_cents").execute();
  await db.schema.dropTable("pool_match_events").execute();
  await db.schema.dropTable("pool_matches").execute();
  await db.schema.dropTable("matching_pools").execute();
  await db.schema.dropTable("organisation_events").execute();
  await db.schema.dropTable("organisation_members").execute();
  await db.schema.dropTable("organisations").execute();
}
