import { type Kysely, sql } from "kysely";

/**
 * Community loans (buurtlening, issue 16, docs/decisions/078-community-loans.md): a project with
 * funding model `community_loan` raises a loan from its neighbours, repaid monthly.
 *
 * - `community_loan_terms`: the terms the initiator sets with the project (its goal is the total):
 *   the term in months (3–120), the yearly rate in basis points (0–800) and the method.
 * - `community_loans`: the loan once the project's pledges are charged; principal = what was charged.
 *   `status` moves only through the one transition (app/community-loans/loan.ts): running → repaid.
 * - `community_loan_lenders`: who lent what (their weight in every split).
 * - `community_loan_installments`: the schedule (app/community-loans/schedule.ts), one row a month:
 *   due → late (past due and the grace) → paid. A paid installment has its payment and time.
 * - `community_loan_installment_shares`: each lender's own part of each installment (largest
 *   remainder, fixed at the start, so what is booked at repayment is what the agreement shows).
 * - `community_loan_events`: append-only (a trigger refuses UPDATE and DELETE) — every change.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("community_loan_terms")
    .addColumn("project_id", "uuid", (c) => c.primaryKey().references("projects.id"))
    .addColumn("months", "integer", (c) => c.notNull().check(sql`months between 3 and 120`))
    .addColumn("annual_rate_bps", "integer", (c) => c.notNull().check(sql`annual_rate_bps between 0 and 800`))
    .addColumn("method", "text", (c) => c.notNull().check(sql`method in ('annuity', 'linear')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("community_loans")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().unique().references("projects.id"))
    .addColumn("borrower_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("principal_cents", "bigint", (c) => c.notNull().check(sql`principal_cents > 0`))
    .addColumn("months", "integer", (c) => c.notNull().check(sql`months between 3 and 120`))
    .addColumn("annual_rate_bps", "integer", (c) => c.notNull().check(sql`annual_rate_bps between 0 and 800`))
    .addColumn("method", "text", (c) => c.notNull().check(sql`method in ('annuity', 'linear')`))
    .addColumn("start_date", "date", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('running', 'repaid')`))
    .addColumn("repaid_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("community_loans_repaid_whole", sql`(status = 'repaid') = (repaid_at is not null)`)
    .execute();

  await db.schema
    .createTable("community_loan_lenders")
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("community_loans.id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("principal_cents", "bigint", (c) => c.notNull().check(sql`principal_cents > 0`))
    /** The order of pledging (ties in the largest-remainder split). */
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("community_loan_lenders_pk", ["loan_id", "user_id"])
    .addUniqueConstraint("community_loan_lenders_position", ["loan_id", "position"])
    .execute();
  await db.schema.createIndex("community_loan_lenders_user").on("community_loan_lenders").column("user_id").execute();

  await db.schema
    .createTable("community_loan_installments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("community_loans.id"))
    .addColumn("n", "integer", (c) => c.notNull().check(sql`n >= 1`))
    .addColumn("due_on", "date", (c) => c.notNull())
    .addColumn("principal_cents", "bigint", (c) => c.notNull().check(sql`principal_cents >= 0`))
    .addColumn("interest_cents", "bigint", (c) => c.notNull().check(sql`interest_cents >= 0`))
    .addColumn("amount_cents", "bigint", (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('due', 'late', 'paid')`))
    .addColumn("payment_id", "text")
    .addColumn("paid_at", "timestamptz")
    .addColumn("reminded_before_at", "timestamptz")
    .addColumn("late_reminded_at", "timestamptz")
    .addCheckConstraint("community_loan_installments_sum", sql`amount_cents = principal_cents + interest_cents`)
    .addCheckConstraint(
      "community_loan_installments_paid_whole",
      sql`(status = 'paid') = (paid_at is not null) and (status = 'paid') = (payment_id is not null)`,
    )
    .addUniqueConstraint("community_loan_installments_n", ["loan_id", "n"])
    .execute();
  await sql`create index community_loan_installments_open on community_loan_installments (due_on) where status <> 'paid'`.execute(db);

  await db.schema
    .createTable("community_loan_installment_shares")
    .addColumn("installment_id", "uuid", (c) => c.notNull().references("community_loan_installments.id"))
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("community_loans.id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("principal_cents", "bigint", (c) => c.notNull().check(sql`principal_cents >= 0`))
    .addColumn("interest_cents", "bigint", (c) => c.notNull().check(sql`interest_cents >= 0`))
    .addPrimaryKeyConstraint("community_loan_installment_shares_pk", ["installment_id", "user_id"])
    .addForeignKeyConstraint("community_loan_installment_shares_lender", ["loan_id", "user_id"], "community_loan_lenders", ["loan_id", "user_id"])
    .execute();

  await db.schema
    .createTable("community_loan_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("loan_id", "uuid", (c) => c.notNull().references("community_loans.id"))
    .addColumn("installment_id", "uuid", (c) => c.references("community_loan_installments.id"))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("event", "text", (c) => c.notNull().check(sql`event in ('started', 'late', 'paid', 'repaid', 'reminded_before', 'reminded_late')`))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("amount_cents", "bigint")
    .addColumn("payment_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("community_loan_events_loan").on("community_loan_events").columns(["loan_id", "id"]).execute();
  await sql`
    create function community_loan_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'community_loan_events is append-only' using errcode = 'restrict_violation';
    end $$
  `.execute(db);
  await sql`
    create trigger community_loan_events_append_only before update or delete on community_loan_events
    for each row execute function community_loan_events_append_only()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("community_loan_events").execute();
  await sql`drop function community_loan_events_append_only()`.execute(db);
  await db.schema.dropTable("community_loan_installment_shares").execute();
  await db.schema.dropTable("community_loan_installments").execute();
  await db.schema.dropTable("community_loan_lenders").execute();
  await db.schema.dropTable("community_loans").execute();
  await db.schema.dropTable("community_loan_terms").execute();
}
