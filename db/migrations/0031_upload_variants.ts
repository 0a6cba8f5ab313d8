import { type Kysely, sql } from "kysely";

/**
 * Smaller variants of each uploaded image for responsive `srcset` (docs/decisions/064): beside the
 * 800×600 card (`card_key`) and the large one (`large_key`), the other stored files as a JSON array
 * of `{ key, kind: 'card' | 'large', width, height }`. Null: an upload from before this migration
 * whose variants are not made yet (the backfill job makes them; until then pages offer the two files
 * there are). Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("uploads")
    .addColumn("variants", "jsonb", (c) => c.check(sql`jsonb_typeof(variants) = 'array'`))
    .execute();
  await db.schema.createIndex("uploads_variants_pending_idx").on("uploads").column("created_at").where(sql.ref("variants"), "is", null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("uploads_variants_pending_idx").execute();
  await db.schema.alterTable("uploads").dropColumn("variants").execute();
}
