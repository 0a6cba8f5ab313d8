import { type Kysely, sql } from "kysely";

/**
 * An organisation pays its matching with a saved method (issue 11, docs/decisions/062-matching-charges.md):
 * - organisation_payment_methods: one saved method per organisation and gateway (a card or a SEPA
 *   mandate saved on the gateway's hosted page by one of its admins), with the gateway customer
 *   that holds it. `setup_attempts` numbers the setup sessions (their idempotency keys).
 * - pool_matches.charge_*: the charge of an obligation, a small state machine beside the match's
 *   status (app/matching/match-charge.ts):
 *     due ──start──▶ pending ──▶ processing ──▶ succeeded   (the match is paid)
 *                        └───────────┴──────▶ failed ──(a new method)──▶ due
 *   A match without a saved method has no charge state: it stays an obligation paid by transfer.
 *   Only an obligation is charged; only a paid match has a succeeded charge.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisation_payment_methods")
    .addColumn("organisation_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("gateway", "text", (c) => c.notNull().check(sql`gateway in ('simulated', 'stripe')`))
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("payment_method_id", "text")
    .addColumn("method_type", "text", (c) => c.check(sql`method_type in ('card', 'sepa_debit')`))
    .addColumn("label", "text", (c) => c.check(sql`length(label) <= 200`))
    .addColumn("setup_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("saved_by", "uuid", (c) => c.references("users.id"))
    .addColumn("saved_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("organisation_payment_methods_pk", ["organisation_id", "gateway"])
    .addCheckConstraint(
      "organisation_payment_methods_saved",
      sql`(payment_method_id is null) = (saved_at is null) and (payment_method_id is null) = (method_type is null)`,
    )
    .execute();
  await db.schema
    .alterTable("pool_matches")
    .addColumn("charge_state", "text", (c) => c.check(sql`charge_state in ('due', 'pending', 'processing', 'succeeded', 'failed')`))
    .addColumn("charge_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("charge_payment_id", "text")
    .addColumn("charge_failure", "text", (c) => c.check(sql`length(charge_failure) <= 100`))
    .addColumn("charge_updated_at", "timestamptz")
    .execute();
  await sql`alter table pool_matches add constraint pool_matches_charge_state check (
    charge_state is null
    or (charge_state = 'succeeded' and status = 'paid')
    or (charge_state in ('due', 'pending', 'processing', 'failed') and status = 'obligated')
  )`.execute(db);
  await sql`create index pool_matches_charge_open on pool_matches (charge_state, charge_updated_at) where charge_state in ('due', 'pending', 'processing')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index pool_matches_charge_open`.execute(db);
  await sql`alter table pool_matches drop constraint pool_matches_charge_state`.execute(db);
  for (const c of ["charge_updated_at", "charge_failure", "charge_payment_id", "charge_attempts", "charge_state"])
    await db.schema.alterTable("pool_matches").dropColumn(c).execute();
  await db.schema.dropTable("organisation_payment_methods").execute();
}
