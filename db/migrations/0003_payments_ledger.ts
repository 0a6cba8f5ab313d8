import { type Kysely, sql } from "kysely";

/**
 * Payments and the money ledger (docs/decisions/020–023):
 * - payment_customers, gateway_events: the app's side of any gateway;
 * - sim_*: the simulated gateway's own state (it is a product feature and survives restarts);
 * - ledger_journals, ledger_entries: the append-only double-entry ledger, balanced and
 *   append-only by trigger.
 * Frozen in time: never import app code here. SQL runs on Postgres 15 and 18 (PGlite).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // ----- the app's side of the gateway -------------------------------------------------------
  await db.schema
    .createTable("payment_customers")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("gateway", "text", (c) => c.notNull().check(sql`gateway in ('simulated', 'stripe')`))
    .addColumn("customer_id", "text", (c) => c.notNull().check(sql`length(customer_id) between 1 and 255`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("payment_customers_pkey", ["user_id", "gateway"])
    .addUniqueConstraint("payment_customers_customer_key", ["gateway", "customer_id"])
    .execute();

  // Every gateway event the app applied, once: a redelivery hits the unique key and is a no-op.
  await db.schema
    .createTable("gateway_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("gateway", "text", (c) => c.notNull().check(sql`gateway in ('simulated', 'stripe')`))
    .addColumn("event_id", "text", (c) => c.notNull().check(sql`length(event_id) between 1 and 255`))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("purpose", "text")
    .addColumn("object_id", "text")
    .addColumn("handled_by", "text")
    .addColumn("outcome", "text")
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("gateway_events_event_key", ["gateway", "event_id"])
    .execute();
  await db.schema.createIndex("gateway_events_object_idx").on("gateway_events").columns(["object_id", "id"]).execute();

  // ----- the simulated gateway ---------------------------------------------------------------
  await db.schema
    .createTable("sim_customers")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^cus_sim_[A-Za-z0-9]+$'`))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("metadata", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sim_payment_methods")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^pm_sim_[A-Za-z0-9]+$'`))
    .addColumn("customer_id", "text", (c) => c.notNull().references("sim_customers.id"))
    .addColumn("type", "text", (c) => c.notNull().check(sql`type in ('card', 'sepa_debit')`))
    // The test card's or test bank's behaviour, e.g. "succeeds", "declines_charges".
    .addColumn("behaviour", "text", (c) => c.notNull())
    .addColumn("brand", "text")
    .addColumn("last4", "text", (c) => c.notNull().check(sql`last4 ~ '^[0-9]{4}$'`))
    .addColumn("exp_month", "integer", (c) => c.check(sql`exp_month between 1 and 12`))
    .addColumn("exp_year", "integer")
    .addColumn("bank_name", "text")
    .addColumn("mandate_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("detached_at", "timestamptz")
    .addCheckConstraint(
      "sim_payment_methods_shape",
      sql`(type = 'card' and brand is not null and exp_month is not null and exp_year is not null)
          or (type = 'sepa_debit' and bank_name is not null and mandate_id is not null)`,
    )
    .execute();
  await db.schema.createIndex("sim_payment_methods_customer_idx").on("sim_payment_methods").column("customer_id").execute();

  await db.schema
    .createTable("sim_sessions")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^cs_sim_[A-Za-z0-9]+$'`))
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('setup', 'payment')`))
    // awaiting_authentication: the customer entered a method that needs 3-D Secure / bank approval.
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open', 'awaiting_authentication', 'complete', 'expired')`))
    .addColumn("customer_id", "text", (c) => c.notNull().references("sim_customers.id"))
    .addColumn("methods", sql`text[]`, (c) => c.notNull())
    .addColumn("amount_cents", "bigint")
    .addColumn("capture_method", "text", (c) => c.check(sql`capture_method in ('automatic', 'manual')`))
    .addColumn("save_method", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("return_url", "text", (c) => c.notNull())
    .addColumn("cancel_url", "text", (c) => c.notNull())
    .addColumn("metadata", "jsonb", (c) => c.notNull())
    // What the customer entered while authentication is pending (no method is saved before that).
    .addColumn("pending_method", "jsonb")
    .addColumn("auth_token", "text", (c) => c.unique())
    .addColumn("payment_method_id", "text", (c) => c.references("sim_payment_methods.id"))
    .addColumn("payment_id", "text")
    .addColumn("last_error_code", "text")
    .addColumn("last_decline_code", "text")
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("completed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint(
      "sim_sessions_mode_shape",
      sql`(mode = 'setup' and amount_cents is null and capture_method is null)
          or (mode = 'payment' and amount_cents between 50 and 99999999 and capture_method is not null)`,
    )
    .execute();
  await db.schema
    .createIndex("sim_sessions_expiry_idx")
    .on("sim_sessions")
    .column("expires_at")
    .where(sql.ref("status"), "in", ["open", "awaiting_authentication"])
    .execute();

  await db.schema
    .createTable("sim_payments")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^pi_sim_[A-Za-z0-9]+$'`))
    .addColumn("customer_id", "text", (c) => c.notNull().references("sim_customers.id"))
    .addColumn("payment_method_id", "text", (c) => c.references("sim_payment_methods.id"))
    .addColumn("payment_method_type", "text", (c) => c.check(sql`payment_method_type in ('card', 'sepa_debit', 'ideal')`))
    .addColumn("session_id", "text", (c) => c.references("sim_sessions.id"))
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents between 50 and 99999999`))
    .addColumn("currency", "text", (c) =>
      c
        .notNull()
        .defaultTo("eur")
        .check(sql`currency = 'eur'`),
    )
    .addColumn("capture_method", "text", (c) => c.notNull().check(sql`capture_method in ('automatic', 'manual')`))
    .addColumn("off_session", "boolean", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('requires_action', 'processing', 'requires_capture', 'succeeded', 'failed', 'canceled')`),
    )
    .addColumn("amount_capturable_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("amount_received_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("amount_refunded_cents", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("metadata", "jsonb", (c) => c.notNull())
    .addColumn("last_error_code", "text")
    .addColumn("last_decline_code", "text")
    .addColumn("last_error_message", "text")
    .addColumn("action_token", "text", (c) => c.unique())
    // Where the customer lands after completing a required authentication.
    .addColumn("return_url", "text")
    // SEPA: when a processing debit settles, and whether it then succeeds or bounces.
    .addColumn("settles_at", "timestamptz")
    .addColumn("settle_outcome", "text", (c) => c.check(sql`settle_outcome in ('succeeds', 'fails')`))
    .addColumn("hold_expires_at", "timestamptz")
    .addColumn("cancellation_reason", "text", (c) => c.check(sql`cancellation_reason in ('requested', 'expired')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint(
      "sim_payments_amounts",
      sql`amount_capturable_cents between 0 and amount_cents
          and amount_received_cents between 0 and amount_cents
          and amount_refunded_cents between 0 and amount_received_cents`,
    )
    .addCheckConstraint("sim_payments_hold_shape", sql`capture_method = 'manual' or (hold_expires_at is null and amount_capturable_cents = 0)`)
    .execute();
  await db.schema.createIndex("sim_payments_settle_idx").on("sim_payments").column("settles_at").where(sql.ref("status"), "=", "processing").execute();
  await db.schema.createIndex("sim_payments_hold_idx").on("sim_payments").column("hold_expires_at").where(sql.ref("status"), "=", "requires_capture").execute();
  await db.schema.createIndex("sim_payments_customer_idx").on("sim_payments").column("customer_id").execute();

  await db.schema
    .createTable("sim_refunds")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^re_sim_[A-Za-z0-9]+$'`))
    .addColumn("payment_id", "text", (c) => c.notNull().references("sim_payments.id"))
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'succeeded', 'failed')`))
    .addColumn("reason", "text")
    .addColumn("metadata", "jsonb", (c) => c.notNull())
    .addColumn("settles_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sim_refunds_payment_idx").on("sim_refunds").column("payment_id").execute();
  await db.schema.createIndex("sim_refunds_settle_idx").on("sim_refunds").column("settles_at").where(sql.ref("status"), "=", "pending").execute();

  // Like Stripe's idempotency keys: the first response is kept; a replay returns it.
  await db.schema
    .createTable("sim_idempotency_keys")
    .addColumn("key", "text", (c) => c.primaryKey().check(sql`length(key) between 1 and 255`))
    .addColumn("operation", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("response", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();

  // The simulated gateway's webhook outbox: delivered right after the change, retried by a sweep.
  await db.schema
    .createTable("sim_events")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^evt_sim_[A-Za-z0-9]+$'`))
    .addColumn("seq", "bigint", (c) => c.notNull().unique().generatedAlwaysAsIdentity())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("object_id", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("delivered_at", "timestamptz")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_error", "text")
    .execute();
  await db.schema.createIndex("sim_events_due_idx").on("sim_events").column("next_attempt_at").where(sql.ref("delivered_at"), "is", null).execute();
  await db.schema.createIndex("sim_events_object_idx").on("sim_events").columns(["object_id", "seq"]).execute();

  // ----- the ledger --------------------------------------------------------------------------
  await db.schema
    .createTable("ledger_journals")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$' and length(kind) <= 100`))
    .addColumn("memo", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(memo) <= 500`),
    )
    .addColumn("refs", "jsonb", (c) =>
      c
        .notNull()
        .defaultTo(sql`'{}'::jsonb`)
        .check(sql`jsonb_typeof(refs) = 'object'`),
    )
    .addColumn("idempotency_key", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`length(idempotency_key) between 1 and 255`),
    )
    .addColumn("reverses_journal_id", "bigint", (c) => c.unique().references("ledger_journals.id"))
    .addColumn("currency", "text", (c) =>
      c
        .notNull()
        .defaultTo("EUR")
        .check(sql`currency = 'EUR'`),
    )
    .addColumn("digest", "text", (c) => c.notNull().check(sql`digest ~ '^[0-9a-f]{64}$'`))
    .addColumn("posted_at", "timestamptz", (c) => c.notNull())
    // The transaction that posted the journal: entries may only be added by that same transaction.
    .addColumn("txid", "bigint", (c) => c.notNull().defaultTo(sql`txid_current()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index ledger_journals_refs_idx on ledger_journals using gin (refs jsonb_path_ops)`.execute(db);
  await db.schema.createIndex("ledger_journals_kind_idx").on("ledger_journals").columns(["kind", "id"]).execute();

  await db.schema
    .createTable("ledger_entries")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("journal_id", "bigint", (c) => c.notNull().references("ledger_journals.id"))
    .addColumn("book", "text", (c) => c.notNull().check(sql`book in ('cash', 'commitment')`))
    .addColumn("account", "text", (c) => c.notNull().check(sql`account ~ '^[a-z][a-z_]*:[A-Za-z0-9_.:-]+$' and length(account) <= 200`))
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents <> 0 and abs(amount_cents) <= 100000000000`))
    .execute();
  await sql`create index ledger_entries_account_idx on ledger_entries (account, book) include (amount_cents)`.execute(db);
  await db.schema.createIndex("ledger_entries_journal_idx").on("ledger_entries").column("journal_id").execute();

  // Append-only: corrections are reversing journals, never UPDATE or DELETE.
  await sql`
    create function ledger_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'the ledger is append-only: % on % is refused (post a reversing journal instead)', tg_op, tg_table_name
        using errcode = 'integrity_constraint_violation';
    end
    $$`.execute(db);
  await sql`create trigger ledger_journals_append_only before update or delete on ledger_journals
    for each row execute function ledger_refuse_change()`.execute(db);
  await sql`create trigger ledger_entries_append_only before update or delete on ledger_entries
    for each row execute function ledger_refuse_change()`.execute(db);

  // A posted journal is closed: entries are only added in the transaction that posted it.
  await sql`
    create function ledger_entry_same_transaction() returns trigger language plpgsql as $$
    begin
      if not exists (select 1 from ledger_journals where id = new.journal_id and txid = txid_current()) then
        raise exception 'ledger journal % is closed: entries can only be added when it is posted', new.journal_id
          using errcode = 'integrity_constraint_violation';
      end if;
      return new;
    end
    $$`.execute(db);
  await sql`create trigger ledger_entries_same_transaction before insert on ledger_entries
    for each row execute function ledger_entry_same_transaction()`.execute(db);

  // Balanced: checked at commit (deferred), so a journal's entries can be inserted one by one.
  await sql`
    create function ledger_check_journal(journal bigint) returns void language plpgsql as $$
    declare
      bad record;
      n integer;
    begin
      select count(*) into n from ledger_entries where journal_id = journal;
      if n < 2 then
        raise exception 'ledger journal % has % entries; a journal needs at least two', journal, n
          using errcode = 'check_violation', constraint = 'ledger_journal_balanced';
      end if;
      for bad in select book, sum(amount_cents) as total from ledger_entries where journal_id = journal group by book having sum(amount_cents) <> 0 loop
        raise exception 'ledger journal % does not balance: its % entries sum to %', journal, bad.book, bad.total
          using errcode = 'check_violation', constraint = 'ledger_journal_balanced';
      end loop;
    end
    $$`.execute(db);
  await sql`
    create function ledger_check_journal_of_entry() returns trigger language plpgsql as $$
    begin
      perform ledger_check_journal(new.journal_id);
      return null;
    end
    $$`.execute(db);
  await sql`
    create function ledger_check_new_journal() returns trigger language plpgsql as $$
    begin
      perform ledger_check_journal(new.id);
      return null;
    end
    $$`.execute(db);
  await sql`create constraint trigger ledger_entries_balanced after insert on ledger_entries
    deferrable initially deferred for each row execute function ledger_check_journal_of_entry()`.execute(db);
  await sql`create constraint trigger ledger_journals_balanced after insert on ledger_journals
    deferrable initially deferred for each row execute function ledger_check_new_journal()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("ledger_entries").execute();
  await db.schema.dropTable("ledger_journals").execute();
  await sql`drop function ledger_check_new_journal()`.execute(db);
  await sql`drop function ledger_check_journal_of_entry()`.execute(db);
  await sql`drop function ledger_check_journal(bigint)`.execute(db);
  await sql`drop function ledger_entry_same_transaction()`.execute(db);
  await sql`drop function ledger_refuse_change()`.execute(db);
  for (const table of [
    "sim_events",
    "sim_idempotency_keys",
    "sim_refunds",
    "sim_payments",
    "sim_sessions",
    "sim_payment_methods",
    "sim_customers",
    "gateway_events",
    "payment_customers",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
