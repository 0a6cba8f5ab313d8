import { type Kysely, sql } from "kysely";

/**
 * Fees before paying (issue 10): the platform fee a backer was shown when pledging is the one
 * charged, even if PLATFORM_FEE_BPS changes before the deadline. Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("pledges")
    .addColumn("platform_fee_bps", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`platform_fee_bps between 0 and 2000`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pledges").dropColumn("platform_fee_bps").execute();
}
