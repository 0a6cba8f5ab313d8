import { type Kysely, sql } from "kysely";

/**
 * Reviews become reportable (docs/moderation.md): a moderator can hide a published review like any
 * other content (migration 0022's hidden_at / hidden_reason, both set or both empty). A hidden review
 * stays stored, leaves the profile, the loan page, the API and the rating; its author sees why.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("reviews")
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_reason", "text", (c) => c.check(sql`length(hidden_reason) between 1 and 1000`))
    .execute();
  await sql`alter table reviews add constraint reviews_hidden_with_reason check ((hidden_at is null) = (hidden_reason is null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table reviews drop constraint reviews_hidden_with_reason`.execute(db);
  await db.schema.alterTable("reviews").dropColumn("hidden_reason").dropColumn("hidden_at").execute();
}
