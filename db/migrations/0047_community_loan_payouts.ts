import { type Kysely, sql } from "kysely";

/**
 * Lenders of a community loan receive their repayments (docs/decisions/081-lender-payouts.md): one
 * row per payout attempt of what the ledger owes one lender on one loan, its own idempotency key,
 * an append-only event row per change, and at most one payout per lender and loan that is still on
 * its way (pending or in transit), so an owed balance is never paid twice. Frozen in time: never
 * import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("community_loan_payouts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("community_loans.id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("attempt_no", "integer", (c) => c.notNull().check(sql`attempt_no >= 1`))
    .addColumn("gateway", "text", (c) => c.notNull().check(sql`gateway in ('simulated', 'stripe')`))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents > 0 and amount_cents <= 100000000`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'in_transit', 'paid', 'failed')`))
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("gateway_ref", "text")
    .addColumn("failure_code", "text", (c) => c.check(sql`length(failure_code) <= 100`))
    .addColumn("bank_last4", "text", (c) => c.check(sql`bank_last4 ~ '^[0-9A-Za-z]{4}$'`))
    .addColumn("locked_until", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz")
    .addColumn("paid_at", "timestamptz")
    .addColumn("failed_at", "timestamptz")
    // A payout the bank returned after the money reached the connected account: when it was brought back.
    .addColumn("reclaimed_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("community_loan_payouts_attempt_unique", ["loan_id", "user_id", "attempt_no"])
    .addForeignKeyConstraint("community_loan_payouts_lender_fk", ["loan_id", "user_id"], "community_loan_lenders", ["loan_id", "user_id"])
    .execute();
  await sql`alter table community_loan_payouts add constraint community_loan_payouts_sent_has_ref
    check (status = 'pending' or (status = 'failed' and sent_at is null) or (gateway_ref is not null and sent_at is not null))`.execute(db);
  await sql`alter table community_loan_payouts add constraint community_loan_payouts_paid_has_date check ((status = 'paid') = (paid_at is not null))`.execute(
    db,
  );
  // THE invariant: one payout on its way per lender and loan; the next one only after this one is paid or failed.
  await sql`create unique index community_loan_payouts_one_live on community_loan_payouts (loan_id, user_id) where status in ('pending', 'in_transit')`.execute(
    db,
  );
  await db.schema
    .createIndex("community_loan_payouts_due_idx")
    .on("community_loan_payouts")
    .column("created_at")
    .where(sql.ref("status"), "=", "pending")
    .execute();
  await db.schema.createIndex("community_loan_payouts_gateway_ref_idx").on("community_loan_payouts").column("gateway_ref").execute();

  await db.schema
    .createTable("community_loan_payout_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("payout_id", "uuid", (c) => c.notNull().references("community_loan_payouts.id"))
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("community_loans.id"))
    .addColumn("event", "text", (c) => c.notNull().check(sql`event in ('created', 'sent', 'paid', 'failed', 'reclaimed')`))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn("note", "text", (c) => c.check(sql`length(note) <= 500`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("community_loan_payout_events_payout").on("community_loan_payout_events").columns(["payout_id", "id"]).execute();
  await sql`
    create function community_loan_payout_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'community_loan_payout_events is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger community_loan_payout_events_append_only before update or delete on community_loan_payout_events
    for each row execute function community_loan_payout_events_append_only()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("community_loan_payout_events").execute();
  await sql`drop function community_loan_payout_events_append_only()`.execute(db);
  await db.schema.dropTable("community_loan_payouts").execute();
}
