import { type Kysely, sql } from "kysely";

/**
 * Recurring giving (issue 16, docs/decisions/077-monthly-giving.md).
 *
 * - projects: an `ongoing` project (migration 0041 admits the value) runs without a deadline, so a
 *   live ongoing project has `ends_at` null; every other launched project keeps its deadline CHECK.
 * - recurring_gifts: a giver's monthly gift to a project. The status only changes through
 *   `changeSubscription` (app/recurring/subscription.ts) in the one writer; one open gift per giver
 *   and project; the amount within € 1–€ 1.000 (MIN/MAX_MONTHLY_CENTS); cancelled_at set exactly when
 *   cancelled; a charged status needs the saved method it is charged on.
 * - recurring_gift_events: one row per change, append-only (the erasure's UPDATE excepted, as 0039).
 * - recurring_gift_payments: one row per gift per month ("YYYY-MM"), paid or failed, with the
 *   gateway's payment id; a paid month is a journal on the ledger (kind recurring.paid).
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table projects drop constraint projects_launched_has_deadline`.execute(db);
  await sql`
    alter table projects add constraint projects_launched_has_deadline check (
      status not in ('live', 'succeeded', 'failed', 'paid_out')
      or (funding_model = 'ongoing' and launched_at is not null and ends_at is null)
      or (funding_model <> 'ongoing' and launched_at is not null and ends_at is not null and ends_at > launched_at)
    )
  `.execute(db);

  await db.schema
    .createTable("recurring_gifts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("giver_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id"))
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents between 100 and 100000`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'active', 'paused', 'past_due', 'cancelled')`))
    .addColumn("gateway", "text", (c) => c.notNull().check(sql`gateway in ('simulated', 'stripe')`))
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("setup_session_id", "text")
    .addColumn("payment_method_id", "text")
    .addColumn("next_charge_at", "timestamptz")
    .addColumn("failed_attempts", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`failed_attempts between 0 and 3`),
    )
    .addColumn("visibility", "text", (c) =>
      c
        .notNull()
        .defaultTo("public")
        .check(sql`visibility in ('public', 'initiator', 'anonymous')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("cancelled_at", "timestamptz")
    .addCheckConstraint("recurring_gifts_cancelled", sql`(status = 'cancelled') = (cancelled_at is not null)`)
    .addCheckConstraint("recurring_gifts_charged_has_method", sql`status not in ('active', 'past_due') or payment_method_id is not null`)
    .execute();
  await sql`create unique index recurring_gifts_one_open on recurring_gifts (giver_id, project_id) where status <> 'cancelled'`.execute(db);
  await db.schema.createIndex("recurring_gifts_project").on("recurring_gifts").columns(["project_id", "status"]).execute();
  await sql`create index recurring_gifts_due on recurring_gifts (next_charge_at) where status in ('pending', 'active', 'past_due')`.execute(db);

  await db.schema
    .createTable("recurring_gift_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("gift_id", "uuid", (c) => c.notNull().references("recurring_gifts.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("amount_cents", "integer", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("recurring_gift_events_gift").on("recurring_gift_events").columns(["gift_id", "id"]).execute();
  await sql`
    create function recurring_gift_events_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and current_setting('buurtkracht.erasure', true) = 'on' then return new; end if;
      raise exception 'recurring_gift_events is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger recurring_gift_events_append_only before update or delete on recurring_gift_events
    for each row execute function recurring_gift_events_append_only()
  `.execute(db);

  await db.schema
    .createTable("recurring_gift_payments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("gift_id", "uuid", (c) => c.notNull().references("recurring_gifts.id"))
    .addColumn("period", "text", (c) => c.notNull().check(sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents between 100 and 100000`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('processing', 'paid', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().check(sql`attempts between 1 and 3`))
    .addColumn("gateway_payment_id", "text")
    .addColumn("failure_code", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("paid_at", "timestamptz")
    .addUniqueConstraint("recurring_gift_payments_one_per_month", ["gift_id", "period"])
    .addCheckConstraint("recurring_gift_payments_paid", sql`(status = 'paid') = (paid_at is not null and gateway_payment_id is not null)`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("recurring_gift_payments").execute();
  await db.schema.dropTable("recurring_gift_events").execute();
  await sql`drop function recurring_gift_events_append_only() cascade`.execute(db);
  await db.schema.dropTable("recurring_gifts").execute();
  await sql`alter table projects drop constraint projects_launched_has_deadline`.execute(db);
  await sql`
    alter table projects add constraint projects_launched_has_deadline
    check (status not in ('live', 'succeeded', 'failed', 'paid_out') or (launched_at is not null and ends_at is not null and ends_at > launched_at))
  `.execute(db);
}
