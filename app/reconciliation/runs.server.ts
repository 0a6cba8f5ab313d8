import type { Selectable } from "kysely";
import type { ReconciliationRunsTable } from "../../db/schema";
import { notify } from "../notifications/notify.server";
import type { PaymentGateway } from "../payments/gateway";
import type { Db } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import { type Reconcilers, reconcileWithGateway } from "./reconcile.server";
import { DEFAULT_GRACE_MS, DEFAULT_WINDOW_MS, newDifferences, type ReconciliationItem, resolvedSince } from "./reconciliation";
import type { ReconciliationRunView } from "./views";

/**
 * Stored reconciliation runs (docs/decisions/027): the hourly job and the admin page's "check now"
 * run the reconciliation, keep its result in `reconciliation_runs`, compare it with the previous
 * run (what is new, what was resolved), and tell the admins when money disagrees.
 *
 * Alerts go to every admin through the notifications outbox, one per run (dedupe key
 * `reconciliation:run:<id>`), when the run has differences the previous run did not have — or
 * when the last alert about still-open differences is a day old (a daily reminder instead of an
 * hourly one) — and when a run fails after one that did not.
 */
export interface ReconciliationRunDeps {
  db: Db;
  gateway: Pick<PaymentGateway, "kind" | "listActivity" | "getPayment" | "getRefund">;
  reconcilers: Reconcilers;
  logger: Logger;
}

export interface RunOptions {
  trigger: "schedule" | "manual";
  now: Date;
  windowMs?: number;
  graceMs?: number;
}

export const REMIND_AFTER_MS = 24 * 3_600_000;
export const KEEP_RUNS_MS = 90 * 86_400_000;
const HOUR_MS = 3_600_000;

/** The hour a scheduled run is for: at most one scheduled run per hour, whoever starts it. */
export const slotOf = (now: Date) => new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);

type RunRow = Selectable<ReconciliationRunsTable>;
interface StoredReport {
  items: ReconciliationItem[];
  resolved: ReconciliationItem[];
  graceMs: number;
}

function toView(row: RunRow): ReconciliationRunView {
  const report = (row.report ?? null) as StoredReport | null;
  return {
    id: row.id,
    trigger: row.trigger,
    gateway: row.gateway,
    status: row.status,
    windowSince: row.window_since.toISOString(),
    windowUntil: row.window_until.toISOString(),
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    graceMs: report?.graceMs ?? DEFAULT_GRACE_MS,
    counts: {
      payments: row.payments,
      refunds: row.refunds,
      matched: row.matched,
      healed: row.healed,
      pending: row.pending,
      differences: row.differences,
      newDifferences: row.new_differences,
    },
    notified: row.notified,
    error: row.error,
    items: report?.items ?? [],
    resolved: report?.resolved ?? [],
  };
}

/** The latest runs, newest first. */
export async function listReconciliationRuns(db: Db, limit = 20): Promise<ReconciliationRunView[]> {
  const rows = await db.selectFrom("reconciliation_runs").selectAll().orderBy("started_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map(toView);
}

export async function getReconciliationRun(db: Db, id: number): Promise<ReconciliationRunView | null> {
  const row = await db.selectFrom("reconciliation_runs").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toView(row) : null;
}

async function previousFinished(db: Db, beforeId: number): Promise<RunRow | null> {
  return (
    (await db
      .selectFrom("reconciliation_runs")
      .selectAll()
      .where("id", "<", beforeId)
      .where("status", "<>", "running")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

async function lastAlertAbout(db: Db, status: "differences" | "failed", beforeId: number): Promise<RunRow | null> {
  return (
    (await db
      .selectFrom("reconciliation_runs")
      .selectAll()
      .where("id", "<", beforeId)
      .where("status", "=", status)
      .where("notified", ">", 0)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Runs the reconciliation once and stores it. A scheduled run claims its hour first; when the hour
 * is taken (another worker, an earlier sweep) it returns null and does nothing.
 */
export async function runReconciliation(deps: ReconciliationRunDeps, options: RunOptions): Promise<ReconciliationRunView | null> {
  const { db, gateway, logger } = deps;
  const now = options.now;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const since = new Date(now.getTime() - (options.windowMs ?? DEFAULT_WINDOW_MS));
  const until = new Date(now.getTime() + 1);
  // Runs are kept for a quarter: the page shows the latest, the rest is history.
  await db
    .deleteFrom("reconciliation_runs")
    .where("started_at", "<", new Date(now.getTime() - KEEP_RUNS_MS))
    .execute();
  // A run whose worker died never finishes: after an hour it is failed, so the page does not say "running" forever.
  await db
    .updateTable("reconciliation_runs")
    .set({ status: "failed", finished_at: now, error: "did not finish (the worker stopped)" })
    .where("status", "=", "running")
    .where("started_at", "<", new Date(now.getTime() - HOUR_MS))
    .execute();
  const claimed = await db
    .insertInto("reconciliation_runs")
    .values({
      trigger: options.trigger,
      slot: options.trigger === "schedule" ? slotOf(now) : null,
      gateway: gateway.kind,
      window_since: since,
      window_until: until,
      started_at: now,
      status: "running",
    })
    .onConflict((oc) => oc.column("slot").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!claimed) return null;
  const runId = claimed.id;

  let row: RunRow;
  try {
    const report = await reconcileWithGateway(deps, { since, until, now, graceMs });
    const previous = await previousFinished(db, runId);
    const previousItems = ((previous?.report ?? null) as StoredReport | null)?.items ?? [];
    const fresh = newDifferences(previous ? previousItems : null, report.items);
    const stored: StoredReport = { items: report.items, resolved: resolvedSince(previousItems, report.items), graceMs };
    row = await db
      .updateTable("reconciliation_runs")
      .set({
        finished_at: now,
        status: report.ok ? "clean" : "differences",
        payments: report.counts.payments,
        refunds: report.counts.refunds,
        matched: report.counts.matched,
        healed: report.counts.healed,
        pending: report.counts.pending,
        differences: report.counts.differences,
        new_differences: fresh.length,
        report: JSON.stringify(stored),
      })
      .where("id", "=", runId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (!report.ok) {
      const lastAlert = await lastAlertAbout(db, "differences", runId);
      const remind = !lastAlert || now.getTime() - lastAlert.started_at.getTime() >= REMIND_AFTER_MS;
      if (fresh.length > 0 || remind) row = await alertAdmins(db, row, "differences");
      logger.warn({ runId, differences: report.counts.differences, new: fresh.length }, "reconciliation: the gateway and the ledger differ");
    }
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000) || "unknown error";
    logger.error({ err: error, runId }, "reconciliation failed");
    const previous = await previousFinished(db, runId);
    row = await db
      .updateTable("reconciliation_runs")
      .set({ finished_at: now, status: "failed", error: message })
      .where("id", "=", runId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (previous?.status !== "failed") row = await alertAdmins(db, row, "failed");
  }
  return toView(row);
}

/** One notification per admin for this run (dedupe key per run: a retried alert is not sent twice). */
async function alertAdmins(db: Db, run: RunRow, outcome: "differences" | "failed"): Promise<RunRow> {
  return db.transaction().execute(async (trx) => {
    const admins = await trx.selectFrom("users").select("id").where("role", "=", "admin").where("suspended_at", "is", null).execute();
    for (const admin of admins) {
      await notify(trx, {
        userId: admin.id,
        kind: "reconciliation.alert",
        data: { runId: String(run.id), outcome, differences: run.differences, newDifferences: run.new_differences, gateway: run.gateway },
        dedupeKey: `reconciliation:run:${run.id}`,
      });
    }
    return trx.updateTable("reconciliation_runs").set({ notified: admins.length }).where("id", "=", run.id).returningAll().executeTakeFirstOrThrow();
  });
}
