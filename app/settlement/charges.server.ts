import { sql } from "kysely";
import { GatewayRequestError } from "../payments/gateway";
import { createPaymentAttemptTx } from "../pledges/pledges.server";
import { MAX_REFUND_ATTEMPTS, type PaymentDeps, type RunHooks, runPaymentAttempt } from "../pledges/payment-attempts.server";
import type { Db } from "../utils/db.server";

/**
 * Charging and refunding at settlement (docs/decisions/033-settlement-and-payment-attempts.md):
 * the sweeps that find what is due and run it as payment attempts (app/pledges/payment-attempts.server.ts).
 */

/**
 * Charges every pledge that is due: active pledges of succeeded projects (and keep-what-you-raise
 * pledges whose charge at pledge time never ran), plus pending attempts whose worker vanished.
 * Each pledge is claimed with SKIP LOCKED and a lease, so two workers never run the same attempt.
 */
export async function chargeDuePledges(
  deps: PaymentDeps,
  options: { hooks?: RunHooks; limit?: number } = {},
): Promise<{ charged: number; failed: number; processing: number; errors: number }> {
  const counts = { charged: 0, failed: 0, processing: 0, errors: 0 };
  const limit = options.limit ?? 10_000;
  const tried = new Set<string>();
  for (let n = 0; n < limit; n++) {
    const now = deps.now();
    const attemptId = await nextDueCharge(deps.db, now, tried);
    if (!attemptId) break;
    tried.add(attemptId);
    const outcome = await runIsolated(deps, attemptId, options.hooks);
    if (outcome === "error") {
      counts.errors++;
      continue;
    }
    if (!outcome) continue;
    if (outcome.status === "succeeded") counts.charged++;
    else if (outcome.status === "processing") counts.processing++;
    else counts.failed++;
  }
  return counts;
}

/** The next charge attempt to run: an abandoned pending one, or a new one for a due pledge. */
async function nextDueCharge(db: Db, now: Date, tried: Set<string>): Promise<string | null> {
  const abandoned = await db
    .selectFrom("pledge_payment_attempts")
    .select("id")
    .where("kind", "=", "charge")
    .where("status", "=", "pending")
    .where("reason", "<>", "fix")
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .$if(tried.size > 0, (q) => q.where("id", "not in", [...tried]))
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  if (abandoned) return abandoned.id;
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("pledges as pl")
      .innerJoin("projects as p", "p.id", "pl.project_id")
      .selectAll("pl")
      .where("pl.status", "=", "active")
      .where((eb) => eb.or([eb("p.status", "=", "succeeded"), eb.and([eb("p.status", "=", "live"), eb("p.funding_model", "=", "keep_what_you_raise")])]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("pledge_payment_attempts as a")
              .select("a.id")
              .whereRef("a.pledge_id", "=", "pl.id")
              .where("a.kind", "=", "charge")
              .where("a.status", "in", ["pending", "processing"]),
          ),
        ),
      )
      .orderBy("pl.created_at")
      .limit(1)
      .forUpdate("pl")
      .skipLocked()
      .executeTakeFirst();
    if (!due) return null;
    const project = await trx.selectFrom("projects").select("status").where("id", "=", due.project_id).executeTakeFirstOrThrow();
    return createPaymentAttemptTx(trx, { pledge: due, kind: "charge", reason: project.status === "live" ? "pledge" : "settlement", now });
  });
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
