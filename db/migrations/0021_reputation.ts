import { type Kysely, sql } from "kysely";

/**
 * Reputation (issue 12, docs/decisions/059-reputation.md, docs/reputation.md).
 *
 * - reviews: one row per review — of a loan's other party (side owner | borrower, once per side per
 *   loan) or of a project's initiator by a backer or a volunteer (once per person and side per
 *   project). Stars 1–5, an optional text, one factual yes/no answer, and the reviewed person's one
 *   reply. Whether a review is visible is computed at read time from `window_ends_at` and the other
 *   side's review (double-blind); the row never says "published".
 * - review_events: every change of a review (submitted, edited, replied): the event row.
 * - reputation_records: THE projection, one row per member, recomputed from the events in the same
 *   transaction as the events that change it and by `npm run reputation:rebuild`. Never edited by hand.
 * - items.min_trust_level, items.waive_deposit_trusted: the owner's gates (app/reputation/levels.ts).
 * - projects.delivered_at: the initiator's "delivered" mark (an event row goes with it).
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("reviews")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("loan_id", "uuid", (c) => c.references("loans.id"))
    .addColumn("project_id", "uuid", (c) => c.references("projects.id"))
    .addColumn("side", "text", (c) => c.notNull().check(sql`side in ('owner', 'borrower', 'backer', 'volunteer')`))
    .addColumn("reviewer_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("reviewee_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("stars", "smallint", (c) => c.notNull().check(sql`stars between 1 and 5`))
    .addColumn("body", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(body) <= 2000`),
    )
    .addColumn("answer", "boolean", (c) => c.notNull())
    .addColumn("window_ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("reply", "text", (c) => c.check(sql`length(reply) between 1 and 500`))
    .addColumn("replied_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("reviews_not_self", sql`reviewer_id <> reviewee_id`)
    .addCheckConstraint("reviews_one_subject", sql`(loan_id is null) <> (project_id is null)`)
    .addCheckConstraint(
      "reviews_side_fits_subject",
      sql`(loan_id is not null and side in ('owner', 'borrower')) or (project_id is not null and side in ('backer', 'volunteer'))`,
    )
    .addCheckConstraint("reviews_reply_dated", sql`(reply is null) = (replied_at is null)`)
    .execute();
  await sql`create unique index reviews_once_per_loan_side on reviews (loan_id, side) where loan_id is not null`.execute(db);
  await sql`create unique index reviews_once_per_project_person on reviews (project_id, reviewer_id, side) where project_id is not null`.execute(db);
  await db.schema.createIndex("reviews_reviewee").on("reviews").columns(["reviewee_id", "created_at"]).execute();
  await db.schema.createIndex("reviews_reviewer").on("reviews").column("reviewer_id").execute();
  await db.schema
    .createTable("review_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("review_id", "uuid", (c) => c.notNull().references("reviews.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('submitted', 'edited', 'replied')`))
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("review_events_review").on("review_events").column("review_id").execute();

  const count = (name: string) => (t: any) =>
    t.addColumn(name, "integer", (c: any) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql.raw(`${name} >= 0`)),
    );
  let records: any = db.schema.createTable("reputation_records").addColumn("user_id", "uuid", (c) => c.primaryKey().references("users.id"));
  for (const name of [
    "loans_lent",
    "requests_answered",
    "requests_accepted",
    "loans_borrowed",
    "returns_on_time",
    "claims_upheld",
    "pledges_charged",
    "pledges_dropped",
    "projects_succeeded",
    "projects_delivered",
    "projects_reviewed",
    "reviews_counted",
    "stars_counted",
  ]) {
    records = count(name)(records);
  }
  await records
    .addColumn("median_response_seconds", "integer", (c: any) => c.check(sql`median_response_seconds >= 0`))
    .addColumn("last_claim_upheld_at", "timestamptz")
    .addColumn("trust_level", "smallint", (c: any) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`trust_level between 0 and 3`),
    )
    .addColumn("computed_at", "timestamptz", (c: any) => c.notNull())
    .addCheckConstraint("reputation_on_time_within_borrowed", sql`returns_on_time <= loans_borrowed`)
    .addCheckConstraint("reputation_accepted_within_answered", sql`requests_accepted <= requests_answered`)
    .addCheckConstraint("reputation_stars_within_reviews", sql`stars_counted between reviews_counted and 5 * reviews_counted`)
    .execute();

  await db.schema
    .alterTable("items")
    .addColumn("min_trust_level", "smallint", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`min_trust_level between 0 and 3`),
    )
    .addColumn("waive_deposit_trusted", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable("projects").addColumn("delivered_at", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("projects").dropColumn("delivered_at").execute();
  await db.schema.alterTable("items").dropColumn("waive_deposit_trusted").dropColumn("min_trust_level").execute();
  await db.schema.dropTable("reputation_records").execute();
  await db.schema.dropTable("review_events").execute();
  await db.schema.dropTable("reviews").execute();
}
