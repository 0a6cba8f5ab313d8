import { type Kysely, sql } from "kysely";

/**
 * Reconciliation runs (docs/decisions/027-gateway-reconciliation.md): each comparison of the
 * gateway's own record with the ledger, with its counts and its report, so admins see the last runs
 * and a run's differences can be compared with the previous run's. A scheduled run claims its hour
 * (`slot`, unique) before it starts, so two workers — or a rerun of the sweep — run it once.
 * Also an index for the reconciliation's scan of journals by business time.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const count = (name: string) => (c: any) =>
    c
      .notNull()
      .defaultTo(0)
      .check(sql`${sql.ref(name)} >= 0`);
  await db.schema
    .createTable("reconciliation_runs")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("trigger", "text", (c) => c.notNull().check(sql`trigger in ('schedule', 'manual')`))
    // The hour a scheduled run is for; null for runs started by hand.
    .addColumn("slot", "timestamptz", (c) => c.unique())
    .addColumn("gateway", "text", (c) => c.notNull().check(sql`gateway in ('simulated', 'stripe')`))
    .addColumn("window_since", "timestamptz", (c) => c.notNull())
    .addColumn("window_until", "timestamptz", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('running', 'clean', 'differences', 'failed')`))
    .addColumn("payments", "integer", count("payments"))
    .addColumn("refunds", "integer", count("refunds"))
    .addColumn("matched", "integer", count("matched"))
    .addColumn("healed", "integer", count("healed"))
    .addColumn("pending", "integer", count("pending"))
    .addColumn("differences", "integer", count("differences"))
    // Differences this run has that the previous finished run did not.
    .addColumn("new_differences", "integer", count("new_differences"))
    // The report's items and what was resolved since the previous run (JSON, written once at the end).
    .addColumn("report", "jsonb", (c) => c.check(sql`report is null or jsonb_typeof(report) = 'object'`))
    .addColumn("error", "text", (c) => c.check(sql`length(error) <= 2000`))
    // How many admins were told about this run.
    .addColumn("notified", "integer", count("notified"))
    .addCheckConstraint("reconciliation_runs_window", sql`window_until > window_since`)
    .addCheckConstraint("reconciliation_runs_slot_only_scheduled", sql`(slot is null) = (trigger = 'manual')`)
    .addCheckConstraint("reconciliation_runs_finished", sql`(status = 'running') = (finished_at is null)`)
    .addCheckConstraint("reconciliation_runs_failed_has_error", sql`(status = 'failed') = (error is not null)`)
    .addCheckConstraint("reconciliation_runs_differences_counted", sql`(status = 'differences') = (differences > 0) or status in ('running', 'failed')`)
    .execute();
  await sql`create index reconciliation_runs_started_idx on reconciliation_runs (started_at desc, id desc)`.execute(db);
  await sql`create index ledger_journals_posted_at_idx on ledger_journals (posted_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists ledger_journals_posted_at_idx`.execute(db);
  await db.schema.dropTable("reconciliation_runs").execute();
}
