import { type Kysely, sql } from "kysely";

/**
 * Monthly giving reaches the initiator (docs/decisions/079-ongoing-payouts.md):
 *
 * - `payouts.period` ("YYYY-MM"): the month an ongoing project's monthly payout pays out (the
 *   project's balance at that month's end); null for the one payout of a settled project.
 * - `payouts_one_live_per_project` is replaced by two unique partial indexes:
 *   `payouts_one_per_period` — at most one payout that has not failed per project and period (a
 *   settled project, whose period is null, still gets at most one ever), and
 *   `payouts_one_live_per_project` — at most one payout on its way (pending, in transit) per project
 *   at a time, so two workers or a retry can never send two.
 * - `recurring_gift_payments.platform_fee_bps`: the platform's rate fixed when the month is charged
 *   (the fees of a paid month are booked from it, like a pledge's).
 * - an index on `recurring_gifts (project_id)`: the project page's read of its monthly givers.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("payouts")
    .addColumn("period", "text", (c) => c.check(sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
    .execute();
  await sql`drop index payouts_one_live_per_project`.execute(db);
  await sql`create unique index payouts_one_per_period on payouts (project_id, coalesce(period, '')) where status <> 'failed'`.execute(db);
  await sql`create unique index payouts_one_live_per_project on payouts (project_id) where status in ('pending', 'in_transit')`.execute(db);

  await db.schema
    .alterTable("recurring_gift_payments")
    .addColumn("platform_fee_bps", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`platform_fee_bps between 0 and 10000`),
    )
    .execute();
  await db.schema.createIndex("recurring_gifts_project_idx").on("recurring_gifts").column("project_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("recurring_gifts_project_idx").execute();
  await db.schema.alterTable("recurring_gift_payments").dropColumn("platform_fee_bps").execute();
  await sql`drop index payouts_one_live_per_project`.execute(db);
  await sql`drop index payouts_one_per_period`.execute(db);
  await sql`create unique index payouts_one_live_per_project on payouts (project_id) where status <> 'failed'`.execute(db);
  await db.schema.alterTable("payouts").dropColumn("period").execute();
}
