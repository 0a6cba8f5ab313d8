import type { Locale } from "../i18n/i18n";
import { ensureGatewayCustomer } from "../payments/customers.server";
import type { AppServices } from "../services.server";
import { depositSecured, settlementFor } from "./deposit";
import { applyDepositEvent, getDeposit, lockDeposit, noteDeposit, recordDepositPayment } from "./deposit-records.server";
import { type ApplyResult, confirmHandover, getLoan, type LoanRecord, predictLoanEvent, sideOf } from "./loans.server";
import type { ImageError } from "../storage/images.server";

/**
 * Deposits through the payment gateway (docs/decisions/043-loan-deposits.md). The gateway is never
 * called inside a transaction: each step writes its intent (an attempt counter, the settlement it
 * is about to carry out), commits, calls the gateway with an idempotency key derived from stable
 * data, and records the result through deposit-records.server.ts — the same functions the gateway
 * event handler uses. A crash between the call and the record is healed by the event, or by the
 * settlement sweep calling again with the same key.
 */
type DepositServices = Pick<AppServices, "db" | "gateway" | "env" | "logger" | "storage">;

export type DepositError =
  "NotFound" | "NotYourTurn" | "DepositNotNeeded" | "DepositAlreadyArranged" | "DepositHoldFailed" | "DepositNeedsAction" | "DepositNotReady";

const loanUrl = (services: DepositServices, loanId: string) => new URL(`/loans/${loanId}`, services.env.APP_URL).toString();

async function itemTitleOf(services: DepositServices, loan: LoanRecord) {
  const row = await services.db.selectFrom("items").select("title").where("id", "=", loan.itemId).executeTakeFirst();
  return (row?.title ?? "").slice(0, 100);
}

/**
 * The borrower arranges the deposit after acceptance: a hosted setup session that saves a card
 * (hold path: cards only) or a card / SEPA mandate (saved-method path). Returns where to send them.
 */
export async function startDepositSetup(
  services: DepositServices,
  input: { loanId: string; user: { id: string; email: string; displayName: string }; locale: Locale; now: Date },
): Promise<{ ok: true; url: string } | { ok: false; error: DepositError }> {
  const { db, gateway } = services;
  const loan = await getLoan(db, input.loanId);
  if (!loan) return { ok: false, error: "NotFound" };
  if (sideOf(loan, input.user.id) !== "borrower") return { ok: false, error: "NotYourTurn" };
  const deposit = await getDeposit(db, loan.id);
  if (!deposit) return { ok: false, error: "DepositNotNeeded" };
  if (deposit.state !== "awaiting_method" || loan.state !== "accepted") return { ok: false, error: "DepositAlreadyArranged" };
  const customerId = await ensureGatewayCustomer(services, input.user);
  const attempt = await db.transaction().execute(async (trx) => {
    const d = await lockDeposit(trx, loan.id);
    if (!d || d.state !== "awaiting_method") return null;
    const n = d.setupAttempts + 1;
    await noteDeposit(trx, loan.id, { setup_attempts: n, customer_id: customerId }, input.now);
    return n;
  });
  if (attempt === null) return { ok: false, error: "DepositAlreadyArranged" };
  const url = loanUrl(services, loan.id);
  const session = await gateway.createSetupSession({
    customerId,
    // Holds are cards only; a saved method for a long loan may also be an iDEAL → SEPA mandate.
    methods: deposit.path === "hold" ? ["card"] : undefined,
    returnUrl: url,
    cancelUrl: url,
    metadata: { purpose: "deposit", loanId: loan.id, step: "setup" },
    idempotencyKey: `loan:${loan.id}:setup:${attempt}`,
    locale: input.locale,
  });
  await db.transaction().execute((trx) => noteDeposit(trx, loan.id, { setup_session_id: session.id }, input.now));
  return { ok: true, url: session.url };
}

/**
 * Before the handover completes: a deposit on the hold path is held now, on the borrower's saved
 * card (off-session, manual capture). The saved-method path needs nothing more.
 */
export async function secureDepositForHandover(
  services: DepositServices,
  loan: LoanRecord,
  now: Date,
): Promise<{ ok: true } | { ok: false; error: DepositError }> {
  if (loan.depositCents === 0) return { ok: true };
  const { db, gateway } = services;
  const deposit = await getDeposit(db, loan.id);
  if (!deposit) return { ok: false, error: "DepositNotReady" };
  if (depositSecured(deposit, loan.depositCents)) return { ok: true };
  if (deposit.path !== "hold" || deposit.state !== "method_saved" || !deposit.customerId || !deposit.paymentMethodId)
    return { ok: false, error: "DepositNotReady" };
  if (deposit.actionUrl) return { ok: false, error: "DepositNeedsAction" };
  await db.transaction().execute((trx) => noteDeposit(trx, loan.id, { hold_attempts: deposit.holdAttempts + 1 }, now));
  const result = await gateway.placeHold({
    customerId: deposit.customerId,
    paymentMethodId: deposit.paymentMethodId,
    amountCents: deposit.amountCents,
    description: `Borg: ${await itemTitleOf(services, loan)}`,
    metadata: { purpose: "deposit", loanId: loan.id, step: "hold" },
    // One hold per loan and card: a retry after a crash returns the same hold.
    idempotencyKey: `loan:${loan.id}:hold:${deposit.paymentMethodId}`,
    returnUrl: loanUrl(services, loan.id),
  });
  await db.transaction().execute(async (trx) => {
    if (result.payment) await recordDepositPayment(trx, loan.id, result.payment, now);
    else if (result.status === "failed") {
      await applyDepositEvent(
        trx,
        loan.id,
        "hold_failed",
        { payment_method_id: null, method_label: null, method_type: null, last_failure: result.failure.code },
        now,
        { failure: result.failure.code },
      );
    }
  });
  const after = await getDeposit(db, loan.id);
  if (depositSecured(after, loan.depositCents)) return { ok: true };
  return { ok: false, error: after?.actionUrl ? "DepositNeedsAction" : after?.state === "awaiting_method" ? "DepositHoldFailed" : "DepositNotReady" };
}

/**
 * One side confirms the handover. When this confirmation completes it, the deposit is secured
 * first (a hold placed at the gateway, outside any transaction), then the loan moves to picked_up.
 */
export async function confirmHandoverWithDeposit(
  services: DepositServices,
  input: { loanId: string; by: { userId: string; isModerator?: boolean }; note?: string; photo?: Buffer; now: Date },
): Promise<ApplyResult | { ok: false; error: ImageError | DepositError }> {
  const loan = await getLoan(services.db, input.loanId);
  if (!loan) return { ok: false, error: "NotFound" };
  const side = sideOf(loan, input.by.userId);
  if (!side) return { ok: false, error: "NotYourTurn" };
  // Does this confirmation complete the handover (if the deposit were in place)? Then the hold
  // must be placed first, outside any transaction.
  const predicted =
    loan.depositCents > 0 ? await predictLoanEvent(services.db, loan, { type: "confirm_handover" }, side, input.now, { depositReady: true }) : null;
  const completes = predicted?.ok === true && predicted.to === "picked_up";
  if (completes) {
    const secured = await secureDepositForHandover(services, loan, input.now);
    if (!secured.ok) return secured;
  }
  return confirmHandover(services.db, services.storage, input);
}

/**
 * Settles a loan's deposit once the loan is over: releases it (clean return, claim of € 0),
 * captures or charges the decided claim, or drops it (the loan never started). Idempotent: safe to
 * call after every loan step and from the sweep.
 */
export async function settleDeposit(services: DepositServices, loanId: string, now: Date): Promise<string> {
  const { db, gateway, logger } = services;
  for (let round = 0; round < 3; round++) {
    const loan = await getLoan(db, loanId);
    if (!loan || loan.depositCents === 0) return "none";
    const claim = await db.selectFrom("loan_claims").select("decided_amount_cents").where("loan_id", "=", loanId).executeTakeFirst();
    // Decide and write the intent (or finish a step that needs no gateway) under the row lock.
    const plan = await db.transaction().execute(async (trx) => {
      const d = await lockDeposit(trx, loanId, { skipLocked: true });
      if (!d) return { kind: "done" as const, outcome: "busy or none" };
      const s = settlementFor({ state: loan.state, decidedClaimCents: claim?.decided_amount_cents ?? null }, { state: d.state, heldCents: d.heldCents });
      switch (s.action) {
        case "none":
          return { kind: "done" as const, outcome: "none" };
        case "cancel":
          await applyDepositEvent(trx, loanId, "cancelled", { settlement: "cancel" }, now);
          return { kind: "done" as const, outcome: "cancelled" };
        case "release":
          if (d.state === "method_saved") {
            await applyDepositEvent(trx, loanId, "released", { settlement: "release", settle_cents: 0 }, now);
            return { kind: "done" as const, outcome: "released" };
          }
          await noteDeposit(trx, loanId, { settlement: "release", settle_cents: 0 }, now);
          return { kind: "release" as const, d };
        case "capture":
          await noteDeposit(trx, loanId, { settlement: "capture", settle_cents: s.amountCents }, now);
          return { kind: "capture" as const, d, amountCents: s.amountCents };
        case "charge":
          if (d.chargePaymentId) return { kind: "done" as const, outcome: "charge pending" };
          await noteDeposit(trx, loanId, { settlement: "charge", settle_cents: s.amountCents, charge_attempts: d.chargeAttempts + 1 }, now);
          return { kind: "charge" as const, d, amountCents: s.amountCents };
        default: {
          const unreachable: never = s;
          throw new Error(`Unknown settlement ${JSON.stringify(unreachable)}`);
        }
      }
    });
    if (plan.kind === "done") return plan.outcome;
    const { d } = plan;
    if (plan.kind === "release") {
      const result = await gateway.releaseHold({ paymentId: d.holdPaymentId!, idempotencyKey: `loan:${loanId}:release` });
      await db.transaction().execute((trx) => recordDepositPayment(trx, loanId, result.payment, now));
      return result.ok ? "released" : `release refused: ${result.error}`;
    }
    if (plan.kind === "capture") {
      const result = await gateway.captureHold({ paymentId: d.holdPaymentId!, amountCents: plan.amountCents, idempotencyKey: `loan:${loanId}:capture` });
      await db.transaction().execute((trx) => recordDepositPayment(trx, loanId, result.payment, now));
      if (result.ok) return "captured";
      if (result.error === "hold_expired") continue; // the hold lapsed: next round charges the saved card instead
      logger.warn({ loanId, error: result.error }, "deposit capture refused");
      return `capture refused: ${result.error}`;
    }
    const result = await gateway.chargeOffSession({
      customerId: d.customerId!,
      paymentMethodId: d.paymentMethodId!,
      amountCents: plan.amountCents,
      description: `Schadeclaim: ${await itemTitleOf(services, loan)}`,
      metadata: { purpose: "deposit", loanId, step: "charge" },
      // One charge per loan, card and amount: a retry after a crash charges once.
      idempotencyKey: `loan:${loanId}:charge:${d.paymentMethodId}:${plan.amountCents}`,
      returnUrl: loanUrl(services, loanId),
    });
    await db.transaction().execute(async (trx) => {
      if (result.payment) await recordDepositPayment(trx, loanId, result.payment, now);
      else if (result.status === "failed")
        await applyDepositEvent(trx, loanId, "charge_failed", { last_failure: result.failure.code }, now, { failure: result.failure.code });
    });
    return `charge ${result.status}`;
  }
  return "gave up after 3 rounds";
}

/** The sweep: deposits whose loan is over but which are still open (a missed nudge, a crash). */
export async function settleDueDeposits(services: DepositServices, now: Date): Promise<number> {
  const due = await services.db
    .selectFrom("loan_deposits as d")
    .innerJoin("loans as l", "l.id", "d.loan_id")
    .select("d.loan_id")
    .where("d.state", "in", ["awaiting_method", "method_saved", "held"])
    .where("l.state", "in", ["declined", "expired", "cancelled", "closed", "resolved"])
    .where("d.charge_payment_id", "is", null)
    .orderBy("d.updated_at")
    .limit(50)
    .execute();
  let settled = 0;
  for (const row of due) {
    try {
      const outcome = await settleDeposit(services, row.loan_id, now);
      if (!outcome.startsWith("none") && !outcome.startsWith("busy")) settled++;
    } catch (error) {
      // One deposit's gateway trouble must not stop the others; the next sweep retries with the same keys.
      services.logger.error({ err: error, loanId: row.loan_id }, "deposit settlement failed");
    }
  }
  return settled;
}
