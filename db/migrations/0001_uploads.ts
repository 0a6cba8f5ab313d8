import { type Kysely, sql } from "kysely";

/**
 * Uploaded images (project covers, item photos): who uploaded them and the stored variants.
 * Features reference `uploads.id`. Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("uploads")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("owner_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('project_cover', 'item_photo', 'loan_condition', 'claim_evidence', 'avatar')`))
    .addColumn("card_key", "text", (c) => c.notNull())
    .addColumn("large_key", "text", (c) => c.notNull())
    .addColumn("width", "integer", (c) => c.notNull().check(sql`width > 0`))
    .addColumn("height", "integer", (c) => c.notNull().check(sql`height > 0`))
    .addColumn("bytes", "integer", (c) => c.notNull().check(sql`bytes > 0`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("uploads_owner_idx").on("uploads").column("owner_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("uploads").execute();
}
