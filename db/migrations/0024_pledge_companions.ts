import { type Kysely, sql } from "kysely";

/**
 * One form for money, time and a thing (issue 11): a backer who leaves to save a card takes the
 * shifts and the offer they chose with them. The intent keeps them (JSON by part, checked when
 * asked and again when the pledge is made, all in the pledge's transaction). Frozen in time: never
 * import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("pledge_intents")
    .addColumn("companions", "jsonb", (c) =>
      c
        .notNull()
        .defaultTo(sql`'{}'::jsonb`)
        .check(sql`jsonb_typeof(companions) = 'object' and length(companions::text) <= 4000`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pledge_intents").dropColumn("companions").execute();
}
