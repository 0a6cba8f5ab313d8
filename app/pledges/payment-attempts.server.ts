import type { PledgePaymentAttemptRow } from "../../db/schema";
import { ensureGatewayCustomer, getGatewayCustomerId } from "../payments/customers.server";
import { type ChargeResult, GatewayRequestError, type Payment, type RefundResult } from "../payments/gateway";
import type { RateLimiter } from "../payments/rate-limit";
import { accounts } from "../ledger/ledger";
import { postJournal } from "../ledger/ledger.server";
import type { AppServices } from "../services.server";
import type { Db, Trx } from "../utils/db.server";
import { bookChargeFees, returnChargeFees } from "./fees.server";
import { type AttemptOutcome, attemptTransition, isFixable } from "./pledge";
import { applyPledgeEventTx, lockPledge } from "./pledge-writer.server";
import { createPaymentAttemptTx } from "./pledges.server";

/**
 * Payment attempts: moving one pledge's money through the gateway
 * (docs/decisions/033-settlement-and-payment-attempts.md). The sweeps that find due charges and
 * refunds live in app/settlement/; the pledge flow (keep-what-you-raise) and the fix page use the
 * same attempts.
 *
 * Never inside a transaction: (1) write or claim an attempt row — its idempotency key
 * `pledge:<id>:charge:<n>` is derived from it — and commit; (2) call the gateway with that key;
 * (3) record the outcome in a new transaction with `recordAttemptOutcome`, the same idempotent
 * function the gateway event handler uses. A crash between (2) and (3) leaves the attempt pending;
 * a rerun repeats the same call with the same key and the gateway answers it once.
 */

export type PaymentDeps = Pick<AppServices, "db" | "gateway" | "logger"> & {
  appUrl: string;
  now: () => Date;
  /** Settlement's pace (GATEWAY_RATE_LIMIT, decision 084): each gateway call waits for its slot. Unset: no wait. */
  gatewayLimiter?: Pick<RateLimiter, "take">;
};

export function paymentDeps(services: AppServices): PaymentDeps {
  return { db: services.db, gateway: services.gateway, logger: services.logger, appUrl: services.env.APP_URL, now: () => services.clock.now() };
}

/** Refunds that failed are retried, but not forever (the refund sweep: app/settlement/charges.server.ts). */
export const MAX_REFUND_ATTEMPTS = 3;

/** A worker holds an attempt this long while it talks to the gateway; a crashed worker's hold runs out. */
export const ATTEMPT_LEASE_MS = 2 * 60_000;

/** Claims a pending attempt for this worker (null when another worker holds it or it is done). */
async function claimAttempt(db: Db, attemptId: string, now: Date): Promise<PledgePaymentAttemptRow | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("pledge_payment_attempts")
      .selectAll()
      .where("id", "=", attemptId)
      .where("status", "=", "pending")
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    return trx
      .updateTable("pledge_payment_attempts")
      .set({ locked_until: new Date(now.getTime() + ATTEMPT_LEASE_MS) })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

async function releaseLease(db: Db, attemptId: string): Promise<void> {
  await db.updateTable("pledge_payment_attempts").set({ locked_until: null }).where("id", "=", attemptId).where("status", "=", "pending").execute();
}

/** What a succeeded payment tells about its fee (for the fee journals). */
export function chargeFacts(payment: Pick<Payment, "feeCents" | "paymentMethodType">) {
  return { feeCents: payment.feeCents, method: payment.paymentMethodType };
}

export function chargeOutcome(result: ChargeResult): AttemptOutcome {
  switch (result.status) {
    case "succeeded":
      return { status: "succeeded", paymentId: result.paymentId, charge: chargeFacts(result.payment) };
    case "processing":
      return { status: "processing", paymentId: result.paymentId };
    case "requires_action":
      return { status: "requires_action", paymentId: result.paymentId, nextActionUrl: result.actionUrl, failureCode: "authentication_required" };
    case "failed":
      return { status: "failed", paymentId: result.paymentId, failureCode: result.failure.code };
    default: {
      const never: never = result;
      throw new Error(`Unknown charge result ${JSON.stringify(never)}`);
    }
  }
}

export function refundOutcome(result: RefundResult): AttemptOutcome {
  if (!result.ok) return { status: "failed", paymentId: null, failureCode: result.error };
  const { refund } = result;
  if (refund.status === "succeeded") return { status: "succeeded", paymentId: refund.id };
  if (refund.status === "pending") return { status: "processing", paymentId: refund.id };
  return { status: "failed", paymentId: refund.id, failureCode: "refund_failed" };
}

/**
 * Runs one attempt: claim → call the gateway → record. Returns the outcome, or null when the
 * attempt was not ours to run. A gateway error (outage, unknown result) releases the claim and
 * propagates: the next run repeats the SAME call, with the same idempotency key.
 */
export async function runPaymentAttempt(deps: PaymentDeps, attemptId: string, hooks: RunHooks = {}): Promise<AttemptOutcome | null> {
  const attempt = await claimAttempt(deps.db, attemptId, deps.now());
  if (!attempt) return null;
  const context = await deps.db
    .selectFrom("pledges as pl")
    .innerJoin("projects as p", "p.id", "pl.project_id")
    .select(["pl.id as pledge_id", "pl.backer_id", "p.id as project_id", "p.title", "p.slug"])
    .where("pl.id", "=", attempt.pledge_id)
    .executeTakeFirstOrThrow();
  const metadata = { purpose: "pledge", attemptId: attempt.id, pledgeId: context.pledge_id, projectId: context.project_id };
  let outcome: AttemptOutcome;
  try {
    if (attempt.kind === "charge") {
      const customerId = await getGatewayCustomerId(deps.db, context.backer_id, deps.gateway.kind);
      if (!customerId || !attempt.payment_method_ref) {
        outcome = { status: "failed", paymentId: null, failureCode: "no_payment_method" };
      } else {
        await deps.gatewayLimiter?.take();
        const result = await deps.gateway.chargeOffSession({
          customerId,
          paymentMethodId: attempt.payment_method_ref,
          amountCents: attempt.amount_cents,
          description: `Buurtkracht: ${context.title}`.slice(0, 200),
          metadata,
          idempotencyKey: attempt.idempotency_key,
          returnUrl: `${deps.appUrl}/me/pledges/${context.pledge_id}`,
        });
        outcome = chargeOutcome(result);
      }
    } else {
      await deps.gatewayLimiter?.take();
      const result = await deps.gateway.refund({
        paymentId: attempt.refund_of_payment!,
        amountCents: attempt.amount_cents,
        reason: attempt.reason,
        metadata,
        idempotencyKey: attempt.idempotency_key,
      });
      outcome = refundOutcome(result);
    }
  } catch (error) {
    await releaseLease(deps.db, attempt.id);
    throw error;
  }
  // Outside the try: a crash here is a dead worker, which keeps its lease (decision 033), not a
  // gateway error, which releases it.
  hooks.afterGatewayCall?.(attempt);
  await recordAttemptOutcome(deps.db, { attemptId: attempt.id, outcome, now: deps.now() });
  return outcome;
}

/**
 * For tests: a crash right after the gateway acted (the outcome is then only known to the gateway).
 * A throwing hook leaves the attempt pending with its lease, as a worker that died would.
 */
export interface RunHooks {
  afterGatewayCall?: (attempt: PledgePaymentAttemptRow) => void;
}

export async function recordAttemptOutcome(db: Db, input: { attemptId: string; outcome: AttemptOutcome; now: Date; fromEvent?: boolean }): Promise<string> {
  return db.transaction().execute((trx) => recordAttemptOutcomeTx(trx, input));
}

/**
 * Records what the gateway said about an attempt (from the synchronous answer or from an event —
 * both may come, in any order, more than once). Locks project → pledge → attempt, moves the
 * attempt through its own small state machine (final states are never left), then the pledge
 * through `transitionPledge`. Returns a short description for the event log.
 */
export async function recordAttemptOutcomeTx(trx: Trx, input: { attemptId: string; outcome: AttemptOutcome; now: Date; fromEvent?: boolean }): Promise<string> {
  const peek = await trx
    .selectFrom("pledge_payment_attempts as a")
    .innerJoin("pledges as pl", "pl.id", "a.pledge_id")
    .select(["a.id", "a.status", "a.reason", "pl.project_id"])
    .where("a.id", "=", input.attemptId)
    .executeTakeFirst();
  if (!peek) return "ignored: unknown attempt";
  // A final attempt is never left (attemptTransition): the second of the two answers about each
  // charge (the synchronous one and the event) needs no locks to be ignored (decision 084).
  const fixTry = peek.reason === "fix" && input.outcome.status === "failed" && input.outcome.failureCode !== "session_expired";
  if ((peek.status === "succeeded" || peek.status === "failed") && !fixTry) return `ignored: attempt already ${peek.status}`;
  // Lock order as everywhere: project, pledge, then the attempt.
  const project = await trx.selectFrom("projects").selectAll().where("id", "=", peek.project_id).forUpdate().executeTakeFirstOrThrow();
  const pledgeId = (await trx.selectFrom("pledge_payment_attempts").select("pledge_id").where("id", "=", input.attemptId).executeTakeFirstOrThrow()).pledge_id;
  const pledge = (await lockPledge(trx, pledgeId))!;
  const attempt = await trx.selectFrom("pledge_payment_attempts").selectAll().where("id", "=", input.attemptId).forUpdate().executeTakeFirstOrThrow();
  const { outcome, now } = input;

  // On a hosted payment page the backer may try a declined card and then a good one: a failure
  // there is not the end. Only the page expiring (or a success) settles a fix attempt.
  if (attempt.reason === "fix" && outcome.status === "failed" && outcome.failureCode !== "session_expired") {
    return `ignored: a try on the payment page failed (${outcome.failureCode})`;
  }
  const next = attemptTransition(attempt.status, outcome.status);
  if (!next) return `ignored: attempt already ${attempt.status}`;
  const final = next === "succeeded" || next === "failed";
  await trx
    .updateTable("pledge_payment_attempts")
    .set({
      status: next,
      gateway_ref: outcome.paymentId ?? attempt.gateway_ref,
      failure_code: outcome.status === "failed" || outcome.status === "requires_action" ? outcome.failureCode : null,
      next_action_url: outcome.status === "requires_action" ? outcome.nextActionUrl : null,
      locked_until: null,
      finished_at: final ? now : null,
    })
    .where("id", "=", attempt.id)
    .execute();

  const refs = { paymentId: outcome.paymentId ?? undefined, attemptId: attempt.id };
  if (attempt.kind === "refund") {
    if (next !== "succeeded") return `refund ${next}`;
    if (attempt.reason === "duplicate") {
      await postJournal(trx, {
        kind: "pledge.duplicate_refunded",
        memo: "A second payment for an already settled pledge was refunded",
        refs: {
          projectId: project.id,
          pledgeId: pledge.id,
          userId: pledge.backer_id,
          refundId: outcome.paymentId ?? undefined,
          paymentId: attempt.refund_of_payment ?? undefined,
        },
        entries: [
          { account: accounts.gatewayClearing, amountCents: -attempt.amount_cents },
          { account: accounts.backer(pledge.backer_id), amountCents: attempt.amount_cents },
        ],
        idempotencyKey: `pledge:${pledge.id}:duplicate_refunded:${attempt.id}`,
        postedAt: now,
      });
      return "pledge.duplicate_refunded";
    }
    const r = await applyPledgeEventTx(trx, {
      pledge,
      event: { type: "refund" },
      // A moderator's refund: they asked for it, and their reason goes with the event (and to the backer).
      actorId: attempt.requested_by,
      note: attempt.note ?? undefined,
      now,
      refs: { ...refs, refundId: outcome.paymentId ?? undefined, paymentId: attempt.refund_of_payment ?? undefined },
    });
    if (r.ok && attempt.refund_of_payment) await returnChargeFees(trx, r.pledge, attempt.refund_of_payment, now);
    return r.ok ? "pledge.refunded" : `ignored: pledge is ${pledge.status}`;
  }

  switch (next) {
    case "succeeded": {
      if (pledge.status === "active" || pledge.status === "processing" || pledge.status === "payment_failed") {
        const r = await applyPledgeEventTx(trx, { pledge, event: { type: "charge_succeeded" }, actorId: null, now, refs });
        if (r.ok && outcome.status === "succeeded" && outcome.paymentId) {
          const facts = outcome.charge ?? { feeCents: null, method: null };
          await bookChargeFees(
            trx,
            r.pledge,
            { paymentId: outcome.paymentId, amountCents: attempt.amount_cents, feeCents: facts.feeCents, method: facts.method },
            now,
          );
        }
        return "pledge.charged";
      }
      // Money arrived for a pledge that no longer wants it (settled by another payment, or released):
      // keep it in clearing and give it back.
      await postJournal(trx, {
        kind: "pledge.duplicate_charged",
        memo: "A payment arrived for a pledge that was already settled; it is refunded",
        refs: { projectId: project.id, pledgeId: pledge.id, userId: pledge.backer_id, paymentId: outcome.paymentId ?? undefined },
        entries: [
          { account: accounts.backer(pledge.backer_id), amountCents: -attempt.amount_cents },
          { account: accounts.gatewayClearing, amountCents: attempt.amount_cents },
        ],
        idempotencyKey: `pledge:${pledge.id}:duplicate_charged:${attempt.id}`,
        postedAt: now,
      });
      await createPaymentAttemptTx(trx, {
        pledge,
        kind: "refund",
        reason: "duplicate",
        now,
        refundOfPayment: outcome.paymentId!,
        amountCents: attempt.amount_cents,
      });
      return "ignored: pledge already settled; refund scheduled";
    }
    case "processing": {
      if (pledge.status === "active" || pledge.status === "payment_failed") {
        await applyPledgeEventTx(trx, { pledge, event: { type: "charge_processing" }, actorId: null, now, refs });
        return "pledge.processing";
      }
      return `ignored: pledge is ${pledge.status}`;
    }
    case "requires_action":
    case "failed": {
      if (pledge.status !== "active" && pledge.status !== "processing" && pledge.status !== "payment_failed") return `ignored: pledge is ${pledge.status}`;
      const failed = await applyPledgeEventTx(trx, {
        pledge,
        event: { type: "charge_failed", now },
        actorId: null,
        now,
        refs,
        note: outcome.status === "failed" || outcome.status === "requires_action" ? outcome.failureCode : undefined,
      });
      if (failed.ok && (project.status === "failed" || project.status === "cancelled")) {
        // The project no longer wants this money: nothing to fix.
        await applyPledgeEventTx(trx, { pledge: failed.pledge, event: { type: "release" }, actorId: null, now });
        return "pledge.released";
      }
      return "pledge.payment_failed";
    }
    case "pending":
      return "ignored";
    default: {
      const never: never = next;
      throw new Error(`Unknown attempt status ${String(never)}`);
    }
  }
}

// ——— Fixing a failed payment ———

export type FixError = "pledges.fix.closed" | "pledges.error.gateway";

/**
 * The backer fixes a failed payment on a hosted payment page (another card, iDEAL, 3-D Secure).
 * One open fix attempt per pledge: coming back to the fix page continues the same page.
 */
export async function startFixPayment(
  deps: PaymentDeps,
  input: { pledgeId: string; backer: { id: string; email: string; displayName: string }; locale: "nl" | "en" },
): Promise<{ ok: true; redirectTo: string } | { ok: false; error: FixError }> {
  const now = deps.now();
  const prepared = await deps.db.transaction().execute(async (trx) => {
    const peek = await trx.selectFrom("pledges").select(["project_id", "backer_id"]).where("id", "=", input.pledgeId).executeTakeFirst();
    if (!peek || peek.backer_id !== input.backer.id) return null;
    const project = await trx.selectFrom("projects").select(["status", "title"]).where("id", "=", peek.project_id).forUpdate().executeTakeFirstOrThrow();
    const pledge = (await lockPledge(trx, input.pledgeId))!;
    if (!isFixable({ status: pledge.status, fixUntil: pledge.fix_until }, project.status, now)) return null;
    const open = await trx
      .selectFrom("pledge_payment_attempts")
      .selectAll()
      .where("pledge_id", "=", pledge.id)
      .where("kind", "=", "charge")
      .where("status", "in", ["pending", "processing"])
      .executeTakeFirst();
    if (open) return { attempt: open, title: project.title };
    const id = await createPaymentAttemptTx(trx, { pledge, kind: "charge", reason: "fix", now, paymentMethodRef: null });
    const attempt = await trx.selectFrom("pledge_payment_attempts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    return { attempt, title: project.title };
  });
  if (!prepared) return { ok: false, error: "pledges.fix.closed" };
  const { attempt, title } = prepared;
  if (attempt.reason !== "fix" || attempt.status !== "pending") return { ok: false, error: "pledges.fix.closed" };
  try {
    const customerId = await ensureCustomer(deps, input.backer);
    const session = await deps.gateway.createPaymentSession({
      customerId,
      amountCents: attempt.amount_cents,
      description: `Buurtkracht: ${title}`.slice(0, 200),
      returnUrl: `${deps.appUrl}/me/pledges/${input.pledgeId}/fix?returned=1`,
      cancelUrl: `${deps.appUrl}/me/pledges/${input.pledgeId}/fix`,
      metadata: { purpose: "pledge", attemptId: attempt.id, pledgeId: input.pledgeId },
      // The same key and the same request every time: coming back continues the same page.
      idempotencyKey: attempt.idempotency_key,
    });
    if (session.status !== "open") return { ok: false, error: "pledges.fix.closed" };
    return { ok: true, redirectTo: session.url };
  } catch (error) {
    if (error instanceof GatewayRequestError) {
      deps.logger.warn({ err: error, pledgeId: input.pledgeId }, "could not open a payment page");
      return { ok: false, error: "pledges.error.gateway" };
    }
    throw error;
  }
}

function ensureCustomer(deps: PaymentDeps, user: { id: string; email: string; displayName: string }): Promise<string> {
  return ensureGatewayCustomer({ db: deps.db, gateway: deps.gateway }, user);
}
