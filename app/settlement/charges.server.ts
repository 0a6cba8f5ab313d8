import { sql } from "kysely";
import { GatewayRequestError } from "../payments/gateway";
import { createPaymentAttemptTx } from "../pledges/pledges.server";
import { MAX_REFUND_ATTEMPTS, type PaymentDeps, type RunHooks, runPaymentAttempt } from "../pledges/payment-attempts.server";
import type { RateLimiter } from "../payments/rate-limit";
import type { Db, Trx } from "../utils/db.server";

/**
 * Charging and refunding at settlement (docs/decisions/033-settlement-and-payment-attempts.md):
 * the sweeps that find what is due and run it as payment attempts (app/pledges/payment-attempts.server.ts).
 */

/** Due pledges claimed per transaction: each gets its attempt row in one short transaction. */
export const CHARGE_BATCH = 50;

/** A charge the gateway refused for its rate limit is tried again this many times in the same run. */
const RATE_LIMITED_TRIES = 5;

export interface ChargeOptions {
  hooks?: RunHooks;
  /** At most this many attempts run (default 10,000 per run). */
  limit?: number;
  /** Charges in flight at once (default 1; the job uses SETTLEMENT_CONCURRENCY). */
  concurrency?: number;
  /** Only this project's pledges (the benchmark's `settleProject`). */
  projectId?: string;
}

/**
 * Charges every pledge that is due (decision 033; claimed in batches since decision 084): first the
 * pending charge attempts whose worker vanished (walked once, in order, by a cursor), then the
 * active pledges of succeeded projects (and keep-what-you-raise pledges whose charge at pledge time
 * never ran) — found project by project through the (project_id, status) index, claimed
 * `CHARGE_BATCH` at a time with SKIP LOCKED, each given its attempt row in the same transaction.
 * Every attempt is then run with its own lease and idempotency key (runPaymentAttempt), up to
 * `concurrency` at once, each gateway call at the pace of `deps.gatewayLimiter`. Two workers never
 * run the same attempt; a pledge with an open attempt is never claimed again.
 */
export async function chargeDuePledges(
  deps: PaymentDeps,
  options: ChargeOptions = {},
): Promise<{ charged: number; failed: number; processing: number; errors: number }> {
  const counts = { charged: 0, failed: 0, processing: 0, errors: 0 };
  const limit = options.limit ?? 10_000;
  const pool = createPool(Math.max(1, options.concurrency ?? 1));
  let started = 0;
  const run = async (attemptId: string) => {
    const outcome = await runWithRetries(deps, attemptId, options.hooks);
    if (outcome === "error") counts.errors++;
    else if (!outcome) return;
    else if (outcome.status === "succeeded") counts.charged++;
    else if (outcome.status === "processing") counts.processing++;
    else counts.failed++;
  };

  // 1. Abandoned attempts, each once per run: the cursor only moves forward.
  let cursor: AttemptCursor | null = null;
  while (started < limit && !pool.failed()) {
    const page = await abandonedCharges(deps.db, deps.now(), cursor, Math.min(CHARGE_BATCH, limit - started), options.projectId);
    if (page.length === 0) break;
    cursor = page[page.length - 1]!;
    for (const { id } of page) {
      started++;
      if (!(await pool.run(() => run(id)))) break;
    }
  }
  // 2. New attempts for due pledges. A claimed pledge has an open attempt from then on (whatever its
  // run's outcome), so no pledge is claimed twice and the loop ends.
  const projects = options.projectId ? [options.projectId] : await projectsWithDueCharges(deps.db);
  for (const projectId of projects) {
    while (started < limit && !pool.failed()) {
      const attemptIds = await claimDueCharges(deps.db, deps.now(), projectId, Math.min(CHARGE_BATCH, limit - started));
      if (attemptIds.length === 0) break;
      for (const id of attemptIds) {
        started++;
        if (!(await pool.run(() => run(id)))) break;
      }
    }
  }
  await pool.drain();
  return counts;
}

/**
 * Settles one project's due charges and says how fast (the benchmark's entry point, issue 17): at
 * the process's GATEWAY_RATE_LIMIT with SETTLEMENT_CONCURRENCY in flight, as the settlement job does.
 */
export async function settleProject(
  deps: PaymentDeps,
  projectId: string,
  options: { concurrency?: number; gatewayLimiter?: PaymentDeps["gatewayLimiter"]; limit?: number } = {},
): Promise<{ charged: number; failed: number; processing: number; errors: number; seconds: number }> {
  const started = performance.now();
  const counts = await chargeDuePledges(
    { ...deps, gatewayLimiter: options.gatewayLimiter ?? deps.gatewayLimiter },
    { projectId, concurrency: options.concurrency, limit: options.limit ?? 1_000_000 },
  );
  return { ...counts, seconds: (performance.now() - started) / 1000 };
}

type AttemptCursor = { id: string; created_at: Date };

/** Pending charge attempts nobody holds (a worker died, or a gateway error released them), after the cursor. */
export function abandonedChargesQuery(db: Db, now: Date, cursor: AttemptCursor | null, limit: number, projectId?: string) {
  return db
    .selectFrom("pledge_payment_attempts as a")
    .select(["a.id", "a.created_at"])
    .where("a.kind", "=", "charge")
    .where("a.status", "=", "pending")
    .where("a.reason", "<>", "fix")
    .where((eb) => eb.or([eb("a.locked_until", "is", null), eb("a.locked_until", "<=", now)]))
    .$if(cursor !== null, (q) => q.where(sql<boolean>`(a.created_at, a.id) > (${cursor!.created_at}, ${cursor!.id})`))
    .$if(projectId !== undefined, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("pledges as pl")
            .select(sql`1`.as("one"))
            .whereRef("pl.id", "=", "a.pledge_id")
            .where("pl.project_id", "=", projectId!),
        ),
      ),
    )
    .orderBy("a.created_at")
    .orderBy("a.id")
    .limit(limit);
}

function abandonedCharges(db: Db, now: Date, cursor: AttemptCursor | null, limit: number, projectId?: string) {
  return abandonedChargesQuery(db, now, cursor, limit, projectId).execute();
}

/**
 * Projects whose pledges may be due: succeeded ones, and live keep-what-you-raise ones (whose
 * charges at pledge time run right away), with an active pledge — one probe of the
 * (project_id, status) index per such project, never a scan of all pledges.
 */
export function projectsWithDueChargesQuery(db: Db) {
  return (
    db
      .selectFrom("projects as p")
      .select("p.id")
      .where((eb) => eb.or([eb("p.status", "=", "succeeded"), eb.and([eb("p.status", "=", "live"), eb("p.funding_model", "=", "keep_what_you_raise")])]))
      // A scalar subquery, not EXISTS: the planner may turn an EXISTS into a semi-join over every
      // active pledge of every project (one pass over the index by status); this stays one probe.
      .where(
        (eb) =>
          eb
            .selectFrom("pledges as pl")
            .select(sql<number>`1`.as("one"))
            .whereRef("pl.project_id", "=", "p.id")
            .where("pl.status", "=", "active")
            .limit(1),
        "is not",
        null,
      )
      .orderBy("p.ends_at")
      .orderBy("p.id")
  );
}

async function projectsWithDueCharges(db: Db): Promise<string[]> {
  return (await projectsWithDueChargesQuery(db).execute()).map((r) => r.id);
}

/**
 * One project's due pledges, locked: active, with no open charge attempt, not locked by another
 * worker. No ORDER BY: the (project_id, status) index gives them in its order and the scan stops
 * after `limit` (the pledges just claimed are passed over by their open attempt).
 */
export function duePledgesQuery(trx: Db | Trx, projectId: string, limit: number) {
  return trx
    .selectFrom("pledges as pl")
    .selectAll("pl")
    .where("pl.project_id", "=", projectId)
    .where("pl.status", "=", "active")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("pledge_payment_attempts as a")
            .select(sql`1`.as("one"))
            .whereRef("a.pledge_id", "=", "pl.id")
            .where("a.kind", "=", "charge")
            .where("a.status", "in", ["pending", "processing"]),
        ),
      ),
    )
    .limit(limit)
    .forUpdate()
    .skipLocked();
}

/** Claims up to `limit` due pledges of one project and writes their charge attempts (one transaction). */
async function claimDueCharges(db: Db, now: Date, projectId: string, limit: number): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    // Re-checked under the transaction: the project may have been cancelled since it was listed.
    const project = await trx.selectFrom("projects").select(["status", "funding_model"]).where("id", "=", projectId).executeTakeFirst();
    if (!project) return [];
    const due = project.status === "succeeded" || (project.status === "live" && project.funding_model === "keep_what_you_raise");
    if (!due) return [];
    const pledges = await duePledgesQuery(trx, projectId, limit).execute();
    const ids: string[] = [];
    for (const pledge of pledges) {
      ids.push(await createPaymentAttemptTx(trx, { pledge, kind: "charge", reason: project.status === "live" ? "pledge" : "settlement", now }));
    }
    return ids;
  });
}

/**
 * Runs one attempt; when the gateway refuses it for its rate limit (429), everyone waits (the
 * limiter backs off) and the same attempt is tried again, with the same key, a few times in this
 * run — a rate limit never fails a pledge. Other gateway errors wait for the next run.
 */
async function runWithRetries(deps: PaymentDeps, attemptId: string, hooks: RunHooks | undefined) {
  for (let tries = 1; ; tries++) {
    try {
      return await runPaymentAttempt(deps, attemptId, hooks);
    } catch (error) {
      if (!(error instanceof GatewayRequestError)) throw error;
      if (error.rateLimited && tries < RATE_LIMITED_TRIES) {
        const pause = error.retryAfterMs ?? 250 * 2 ** (tries - 1);
        const limiter = deps.gatewayLimiter as Partial<RateLimiter> | undefined;
        limiter?.backOff?.(pause);
        await new Promise((resolve) => setTimeout(resolve, pause));
        continue;
      }
      deps.logger.warn({ err: error, attemptId, code: error.code }, "payment attempt not run: the gateway refused or was unreachable; retried on the next run");
      return "error" as const;
    }
  }
}

/**
 * At most `size` tasks at once. `run` waits for a free place, then starts the task and resolves
 * true; false once a task failed (nothing more is started). `drain` waits for the rest and throws
 * the first failure: a bug or a crash still stops the run, after the charges in flight finished.
 */
function createPool(size: number) {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  return {
    failed: () => failure !== null,
    async run(task: () => Promise<void>): Promise<boolean> {
      while (running.size >= size && !failure) await Promise.race(running);
      if (failure) return false;
      const p: Promise<void> = task()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.delete(p));
      running.add(p);
      if (size === 1) await p; // one at a time: in order, as before
      return !failure;
    },
    async drain() {
      await Promise.all(running);
      if (failure) throw failure.error;
    },
  };
}

/**
 * Runs one attempt; a gateway that cannot be reached or refuses the request fails that attempt's
 * run only (its lease is released, the next run tries it again with the same idempotency key),
 * never the whole sweep: one broken customer must not stop everyone else's charges.
 * Anything else (a bug, a crash) still stops the run.
 */
async function runIsolated(deps: PaymentDeps, attemptId: string, hooks: RunHooks | undefined) {
  try {
    return await runPaymentAttempt(deps, attemptId, hooks);
  } catch (error) {
    if (!(error instanceof GatewayRequestError)) throw error;
    deps.logger.warn({ err: error, attemptId, code: error.code }, "payment attempt not run: the gateway refused or was unreachable; retried on the next run");
    return "error" as const;
  }
}

/** Refunds charged pledges of projects cancelled before their payout, and duplicate payments. */
export async function refundDuePledges(deps: PaymentDeps, options: { hooks?: RunHooks } = {}): Promise<{ refunded: number; failed: number; errors: number }> {
  const counts = { refunded: 0, failed: 0, errors: 0 };
  const tried = new Set<string>();
  for (;;) {
    const now = deps.now();
    const attemptId = await nextDueRefund(deps.db, now, tried);
    if (!attemptId) break;
    tried.add(attemptId);
    const outcome = await runIsolated(deps, attemptId, options.hooks);
    if (outcome === "error") counts.errors++;
    else if (outcome?.status === "succeeded" || outcome?.status === "processing") counts.refunded++;
    else if (outcome) counts.failed++;
  }
  return counts;
}

async function nextDueRefund(db: Db, now: Date, tried: Set<string>): Promise<string | null> {
  const pending = await db
    .selectFrom("pledge_payment_attempts")
    .select("id")
    .where("kind", "=", "refund")
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .$if(tried.size > 0, (q) => q.where("id", "not in", [...tried]))
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  if (pending) return pending.id;
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("pledges as pl")
      .innerJoin("projects as p", "p.id", "pl.project_id")
      .selectAll("pl")
      .where("pl.status", "=", "charged")
      .where("p.status", "=", "cancelled")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("pledge_payment_attempts as a")
              .select("a.id")
              .whereRef("a.pledge_id", "=", "pl.id")
              .where("a.kind", "=", "refund")
              // Any open refund (a moderator's too): one refund of a payment at a time.
              .where("a.status", "in", ["pending", "processing"]),
          ),
        ),
      )
      .where(
        (eb) =>
          eb
            .selectFrom("pledge_payment_attempts as f")
            .select(sql<number>`count(*)`.as("n"))
            .whereRef("f.pledge_id", "=", "pl.id")
            .where("f.kind", "=", "refund")
            .where("f.reason", "=", "cancellation"),
        "<",
        MAX_REFUND_ATTEMPTS,
      )
      .orderBy("pl.charged_at")
      .limit(1)
      .forUpdate("pl")
      .skipLocked()
      .executeTakeFirst();
    if (!due) return null;
    const charge = await trx
      .selectFrom("pledge_payment_attempts")
      .select(["gateway_ref", "amount_cents"])
      .where("pledge_id", "=", due.id)
      .where("kind", "=", "charge")
      .where("status", "=", "succeeded")
      .orderBy("finished_at", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!charge?.gateway_ref) return null;
    return createPaymentAttemptTx(trx, {
      pledge: due,
      kind: "refund",
      reason: "cancellation",
      now,
      refundOfPayment: charge.gateway_ref,
      amountCents: charge.amount_cents,
    });
  });
}
