import { type Kysely, sql } from "kysely";

/**
 * Things lent from the lending library (issue 11): when an owner lends an item to a project for one
 * of its material needs, the offer on that need follows the loan — offered while the loan is
 * requested, accepted (the need found) when the project accepts it, cancelled when the loan is
 * declined, cancelled or expires. One offer per loan. Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("need_signups")
    .addColumn("loan_id", "uuid", (c) => c.references("loans.id"))
    .execute();
  await db.schema
    .createIndex("need_signups_one_per_loan")
    .on("need_signups")
    .column("loan_id")
    .unique()
    .where(sql<boolean>`loan_id is not null`)
    .execute();
  // A loan-linked offer is an offer of a thing, never a shift sign-up.
  await db.schema
    .alterTable("need_signups")
    .addCheckConstraint("need_signups_loan_is_offer", sql`loan_id is null or status in ('offered', 'accepted', 'declined', 'cancelled')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("need_signups").dropConstraint("need_signups_loan_is_offer").execute();
  await db.schema.dropIndex("need_signups_one_per_loan").execute();
  await db.schema.alterTable("need_signups").dropColumn("loan_id").execute();
}
