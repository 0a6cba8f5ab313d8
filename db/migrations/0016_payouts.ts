import { type Kysely, sql } from "kysely";

/**
 * Payouts to initiators (issue 10, docs/decisions/053-payouts.md): the initiator's connected account
 * at the gateway, one payout per attempt with its own idempotency key and an event row per change,
 * at most one payout per project that has not failed (a retry can never pay twice), and the
 * simulated gateway's connected accounts and payouts. Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The initiator's account at the gateway that receives payouts (Stripe: an Express account).
  await db.schema
    .createTable("payout_accounts")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("gateway", "text", (c) => c.notNull().check(sql`gateway in ('simulated', 'stripe')`))
    .addColumn("account_id", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('details_needed', 'verified')`))
    .addColumn("bank_last4", "text", (c) => c.check(sql`bank_last4 ~ '^[0-9A-Za-z]{4}$'`))
    .addColumn("bank_name", "text", (c) => c.check(sql`length(bank_name) <= 100`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("payout_accounts_pkey", ["user_id", "gateway"])
    .execute();

  await db.schema
    .createTable("payouts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("initiator_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("attempt_no", "integer", (c) => c.notNull().check(sql`attempt_no >= 1`))
    .addColumn("gateway", "text", (c) => c.notNull().check(sql`gateway in ('simulated', 'stripe')`))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'in_transit', 'paid', 'failed')`))
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("gateway_ref", "text")
    .addColumn("failure_code", "text", (c) => c.check(sql`length(failure_code) <= 100`))
    .addColumn("bank_last4", "text")
    .addColumn("locked_until", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz")
    .addColumn("paid_at", "timestamptz")
    .addColumn("failed_at", "timestamptz")
    // A payout the bank returned after the money reached the connected account: when it was brought back.
    .addColumn("reclaimed_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("payouts_attempt_unique", ["project_id", "attempt_no"])
    .execute();
  await sql`alter table payouts add constraint payouts_sent_has_ref check (status = 'pending' or status = 'failed' or gateway_ref is not null)`.execute(db);
  // THE invariant: a project has at most one payout that has not failed, so it is never paid twice.
  await sql`create unique index payouts_one_live_per_project on payouts (project_id) where status <> 'failed'`.execute(db);
  await db.schema.createIndex("payouts_due_idx").on("payouts").column("created_at").where(sql.ref("status"), "=", "pending").execute();
  await db.schema.createIndex("payouts_gateway_ref_idx").on("payouts").column("gateway_ref").execute();

  await db.schema
    .createTable("payout_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("payout_id", "uuid", (c) => c.notNull().references("payouts.id"))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.check(sql`length(note) <= 500`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("payout_events_payout_idx").on("payout_events").columns(["payout_id", "id"]).execute();

  // ----- the simulated gateway: connected accounts and their payouts -------------------------
  await db.schema
    .createTable("sim_connected_accounts")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^acct_sim_[A-Za-z0-9]+$'`))
    .addColumn("email", "text")
    .addColumn("metadata", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('details_needed', 'verified')`))
    .addColumn("holder_name", "text")
    .addColumn("bank_code", "text")
    .addColumn("bank_last4", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("sim_onboarding_links")
    .addColumn("token", "text", (c) => c.primaryKey().check(sql`token ~ '^ob_sim_[A-Za-z0-9]+$'`))
    .addColumn("account_id", "text", (c) => c.notNull().references("sim_connected_accounts.id"))
    .addColumn("return_url", "text", (c) => c.notNull())
    .addColumn("refresh_url", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("sim_payouts")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^po_sim_[A-Za-z0-9]+$'`))
    .addColumn("transfer_id", "text", (c) => c.notNull().unique())
    .addColumn("account_id", "text", (c) => c.notNull().references("sim_connected_accounts.id"))
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('in_transit', 'paid', 'failed')`))
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("metadata", "jsonb", (c) => c.notNull())
    .addColumn("arrives_at", "timestamptz", (c) => c.notNull())
    .addColumn("failure_code", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sim_payouts_due_idx").on("sim_payouts").column("arrives_at").where(sql.ref("status"), "=", "in_transit").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("sim_payouts").execute();
  await db.schema.dropTable("sim_onboarding_links").execute();
  await db.schema.dropTable("sim_connected_accounts").execute();
  await db.schema.dropTable("payout_events").execute();
  await db.schema.dropTable("payouts").execute();
  await db.schema.dropTable("payout_accounts").execute();
}
