import { type Kysely, sql } from "kysely";

/**
 * Loan deposits through the payment gateway (docs/decisions/043-loan-deposits.md): one row per
 * loan with a deposit, created when the loan is accepted, and its event history.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("loan_deposits")
    .addColumn("loan_id", "uuid", (c) => c.primaryKey().references("loans.id"))
    .addColumn("borrower_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents between 1 and 50000`))
    // "hold": a card hold placed at pickup (return day ≤ 5 days after it); "saved_method": charged
    // only if a claim is upheld.
    .addColumn("path", "text", (c) => c.notNull().check(sql`path in ('hold', 'saved_method')`))
    .addColumn("state", "text", (c) =>
      c.notNull().check(sql`state in ('awaiting_method', 'method_saved', 'held', 'released', 'captured', 'charged', 'charge_failed', 'cancelled')`),
    )
    .addColumn("customer_id", "text")
    .addColumn("payment_method_id", "text")
    .addColumn("method_type", "text", (c) => c.check(sql`method_type in ('card', 'sepa_debit')`))
    .addColumn("method_label", "text")
    .addColumn("setup_attempts", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`setup_attempts >= 0`),
    )
    .addColumn("setup_session_id", "text")
    .addColumn("hold_attempts", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`hold_attempts >= 0`),
    )
    .addColumn("hold_payment_id", "text")
    .addColumn("held_cents", "integer", (c) => c.check(sql`held_cents between 1 and 50000`))
    .addColumn("hold_expires_at", "timestamptz")
    .addColumn("action_url", "text")
    // What settlement decided (written before the gateway is called: the intent survives a crash).
    .addColumn("settlement", "text", (c) => c.check(sql`settlement in ('release', 'capture', 'charge', 'cancel')`))
    .addColumn("settle_cents", "integer", (c) => c.check(sql`settle_cents between 0 and 50000`))
    .addColumn("charge_attempts", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`charge_attempts >= 0`),
    )
    .addColumn("charge_payment_id", "text")
    .addColumn("collected_cents", "integer", (c) => c.check(sql`collected_cents between 0 and 50000`))
    .addColumn("last_failure", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("loan_deposits_method", sql`state in ('awaiting_method', 'cancelled') or payment_method_id is not null or state = 'released'`)
    .addCheckConstraint("loan_deposits_held", sql`state <> 'held' or (hold_payment_id is not null and held_cents is not null)`)
    .addCheckConstraint("loan_deposits_collected", sql`state not in ('captured', 'charged') or collected_cents is not null`)
    .execute();
  await db.schema.createIndex("loan_deposits_state_idx").on("loan_deposits").columns(["state", "updated_at"]).execute();
  await db.schema.createIndex("loan_deposits_hold_payment_idx").on("loan_deposits").column("hold_payment_id").execute();
  await db.schema.createIndex("loan_deposits_charge_payment_idx").on("loan_deposits").column("charge_payment_id").execute();

  await db.schema
    .createTable("loan_deposit_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("loan_deposits.loan_id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("loan_deposit_events_loan_idx").on("loan_deposit_events").columns(["loan_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("loan_deposit_events").execute();
  await db.schema.dropTable("loan_deposits").execute();
}
