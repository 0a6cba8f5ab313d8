import { type Kysely, sql } from "kysely";

/**
 * Sign-up no longer logs in at once (it would tell who has an account, issue 8 §4): the
 * verification link does. Where the new neighbour was going (a pledge page, say) travels with the
 * verification token. Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("account_tokens")
    .addColumn("redirect_to", "text", (c) => c.check(sql`redirect_to ~ '^/([^/\\\\]|$)' and length(redirect_to) <= 500`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("account_tokens").dropColumn("redirect_to").execute();
}
