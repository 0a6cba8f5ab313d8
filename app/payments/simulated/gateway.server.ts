import {
  type CaptureHoldResult,
  type ChargeResult,
  type CheckoutMethod,
  type CheckoutSession,
  type GatewayMetadata,
  GatewayRequestError,
  type HoldResult,
  MAX_CHARGE_CENTS,
  metadataProblem,
  MIN_CHARGE_CENTS,
  type PaymentGateway,
  type RefundResult,
  type ReleaseHoldResult,
} from "../gateway";

import {
  checkAbsoluteUrl,
  createSim,
  deliverDueEvents,
  emit,
  idempotent,
  invalid,
  newId,
  type Sim,
  type SimulatedGatewayOptions,
  toMethod,
  toPayment,
  toRefund,
  toSession,
} from "./core.server";
import { getSimRefund, listSimActivity } from "./activity.server";
import {
  createAccountOnboardingLink,
  createConnectedAccount,
  createPayout,
  getConnectedAccount,
  getOnboardingPage,
  getPayout,
  type OnboardingPageView,
  type OnboardingResult,
  submitOnboarding,
} from "./connect.server";
import { createHostedPages, type HostedPages } from "./hosted.server";
import { paymentTransition } from "./lifecycle";
import { runDue, type SimRunSummary } from "./sweep.server";
import { createOffSessionPayment, expireHold, lockPayment, requireCustomer } from "./payments.server";
import { authenticationRequired } from "./test-cards";

/**
 * The simulated payment gateway (docs/decisions/022-simulated-gateway.md): the offline default
 * when no Stripe keys are set. Not a test double — a product feature that behaves like Stripe
 * (test cards, 3-D Secure, SEPA delays, holds that expire, refunds, idempotency keys, webhooks),
 * with its state in Postgres (sim_* tables) and its hosted pages inside the app (/pay/sim/…).
 */
export interface SimulatedGateway extends PaymentGateway {
  readonly kind: "simulated";
  /** Operations behind the hosted pages (used by the /pay/sim routes only). */
  readonly hosted: HostedPages;
  /** The hosted Connect onboarding page (/pay/sim/connect/:token). */
  readonly onboarding: {
    getPage(token: string): Promise<OnboardingPageView | null>;
    submit(token: string, input: { holderName: string; bank: string }): Promise<OnboardingResult>;
  };
  /** Settles SEPA debits, refunds and payouts, expires holds and sessions, retries event delivery. */
  runDue(now: Date): Promise<SimRunSummary>;
  deliverDueEvents(now: Date): Promise<{ delivered: number; failed: number }>;
}

export function isSimulatedGateway(gateway: PaymentGateway): gateway is SimulatedGateway {
  return gateway.kind === "simulated" && "hosted" in gateway;
}

function checkAmount(cents: number): void {
  if (!Number.isSafeInteger(cents) || cents < MIN_CHARGE_CENTS || cents > MAX_CHARGE_CENTS) {
    invalid(`amountCents must be whole cents between ${MIN_CHARGE_CENTS} and ${MAX_CHARGE_CENTS}`);
  }
}

function checkMetadata(metadata: GatewayMetadata): void {
  const problem = metadataProblem(metadata ?? {});
  if (problem) invalid(problem);
}

function checkMethods(sim: Sim, methods: readonly CheckoutMethod[] | undefined, captureMethod: "automatic" | "manual"): CheckoutMethod[] {
  const wanted = methods ?? (captureMethod === "manual" ? (["card"] as CheckoutMethod[]) : [...sim.methods]);
  if (wanted.length === 0) invalid("methods must not be empty");
  for (const m of wanted) if (!sim.methods.includes(m)) invalid(`method "${m}" is not offered (PAYMENT_METHODS: ${sim.methods.join(", ")})`);
  if (captureMethod === "manual" && wanted.some((m) => m !== "card")) invalid("holds (captureMethod manual) are cards only");
  return [...new Set(wanted)];
}

export function createSimulatedGateway(options: SimulatedGatewayOptions): SimulatedGateway {
  const sim = createSim(options);

  const gateway: SimulatedGateway = {
    kind: "simulated",
    methods: sim.methods,
    hosted: createHostedPages(sim),
    onboarding: { getPage: (token) => getOnboardingPage(sim, token), submit: (token, input) => submitOnboarding(sim, token, input) },

    async createCustomer(input) {
      const metadata = input.metadata ?? {};
      if (!input.email || !input.name) invalid("email and name are required");
      return idempotent(sim, "customers.create", input.idempotencyKey, { email: input.email, name: input.name, metadata }, async (trx, now) => {
        const row = await trx
          .insertInto("sim_customers")
          .values({ id: newId("cus_sim_"), email: input.email, name: input.name, metadata: JSON.stringify(metadata), created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { id: row.id, email: row.email, name: row.name, metadata: row.metadata, createdAt: row.created_at.toISOString() };
      });
    },

    async listPaymentMethods(customerId) {
      const rows = await sim.db
        .selectFrom("sim_payment_methods")
        .selectAll()
        .where("customer_id", "=", customerId)
        .where("detached_at", "is", null)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toMethod);
    },

    async getPaymentMethod(paymentMethodId) {
      const row = await sim.db
        .selectFrom("sim_payment_methods")
        .selectAll()
        .where("id", "=", paymentMethodId)
        .where("detached_at", "is", null)
        .executeTakeFirst();
      return row ? toMethod(row) : null;
    },

    async detachPaymentMethod(input) {
      await idempotent(sim, "payment_methods.detach", input.idempotencyKey, { paymentMethodId: input.paymentMethodId }, async (trx, now) => {
        const row = await trx
          .updateTable("sim_payment_methods")
          .set({ detached_at: now })
          .where("id", "=", input.paymentMethodId)
          .returning("id")
          .executeTakeFirst();
        if (!row) throw new GatewayRequestError("not_found", `No such payment method: ${input.paymentMethodId}`);
        return { detached: true };
      });
    },

    async createSetupSession(input) {
      checkMetadata(input.metadata);
      checkAbsoluteUrl("returnUrl", input.returnUrl);
      checkAbsoluteUrl("cancelUrl", input.cancelUrl);
      const methods = checkMethods(sim, input.methods, "automatic");
      const { idempotencyKey, ...request } = input;
      return idempotent(sim, "checkout.sessions.create.setup", idempotencyKey, request, async (trx, now) => {
        await requireCustomer(trx, input.customerId);
        const row = await trx
          .insertInto("sim_sessions")
          .values({
            id: newId("cs_sim_"),
            mode: "setup",
            status: "open",
            customer_id: input.customerId,
            methods,
            return_url: input.returnUrl,
            cancel_url: input.cancelUrl,
            metadata: JSON.stringify(input.metadata),
            expires_at: new Date(now.getTime() + sim.sessionLifetimeMs),
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toSession(sim, row);
      });
    },

    async createPaymentSession(input) {
      checkMetadata(input.metadata);
      checkAmount(input.amountCents);
      checkAbsoluteUrl("returnUrl", input.returnUrl);
      checkAbsoluteUrl("cancelUrl", input.cancelUrl);
      const captureMethod = input.captureMethod ?? "automatic";
      const methods = checkMethods(sim, input.methods, captureMethod);
      if (input.description.length > 500) invalid("description is longer than 500 characters");
      const { idempotencyKey, ...request } = input;
      return idempotent(sim, "checkout.sessions.create.payment", idempotencyKey, request, async (trx, now) => {
        await requireCustomer(trx, input.customerId);
        const row = await trx
          .insertInto("sim_sessions")
          .values({
            id: newId("cs_sim_"),
            mode: "payment",
            status: "open",
            customer_id: input.customerId,
            methods,
            amount_cents: input.amountCents,
            capture_method: captureMethod,
            save_method: input.saveMethod ?? false,
            description: input.description,
            return_url: input.returnUrl,
            cancel_url: input.cancelUrl,
            metadata: JSON.stringify(input.metadata),
            expires_at: new Date(now.getTime() + sim.sessionLifetimeMs),
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toSession(sim, row);
      });
    },

    async getSession(sessionId): Promise<CheckoutSession | null> {
      const row = await sim.db.selectFrom("sim_sessions").selectAll().where("id", "=", sessionId).executeTakeFirst();
      return row ? toSession(sim, row) : null;
    },

    async chargeOffSession(input) {
      checkMetadata(input.metadata);
      checkAmount(input.amountCents);
      checkAbsoluteUrl("returnUrl", input.returnUrl);
      const { idempotencyKey, ...request } = input;
      return idempotent(sim, "payment_intents.create.off_session", idempotencyKey, request, async (trx, now, outbox): Promise<ChargeResult> => {
        const made = await createOffSessionPayment(sim, trx, now, outbox, input, "automatic");
        if (!made.payment) return { status: "failed", paymentId: null, failure: made.failure, payment: null };
        const { payment } = made;
        switch (payment.status) {
          case "succeeded":
            return { status: "succeeded", paymentId: payment.id, payment };
          case "processing":
            return { status: "processing", paymentId: payment.id, payment };
          case "requires_action":
            return { status: "requires_action", paymentId: payment.id, actionUrl: payment.nextActionUrl ?? "", payment };
          default:
            return { status: "failed", paymentId: payment.id, failure: payment.lastFailure ?? made.failure ?? authenticationRequired, payment };
        }
      });
    },

    async placeHold(input) {
      checkMetadata(input.metadata);
      checkAmount(input.amountCents);
      checkAbsoluteUrl("returnUrl", input.returnUrl);
      const { idempotencyKey, ...request } = input;
      return idempotent(sim, "payment_intents.create.hold", idempotencyKey, request, async (trx, now, outbox): Promise<HoldResult> => {
        const made = await createOffSessionPayment(sim, trx, now, outbox, input, "manual");
        if (!made.payment) return { status: "failed", paymentId: null, failure: made.failure, payment: null };
        const { payment } = made;
        if (payment.status === "requires_capture") {
          return { status: "held", paymentId: payment.id, amountCents: payment.amountCapturableCents, expiresAt: payment.holdExpiresAt ?? "", payment };
        }
        if (payment.status === "requires_action") return { status: "requires_action", paymentId: payment.id, actionUrl: payment.nextActionUrl ?? "", payment };
        return { status: "failed", paymentId: payment.id, failure: payment.lastFailure ?? authenticationRequired, payment };
      });
    },

    async captureHold(input) {
      if (input.amountCents !== undefined && (!Number.isSafeInteger(input.amountCents) || input.amountCents < 1))
        invalid("amountCents must be at least 1 cent");
      const { idempotencyKey, ...request } = input;
      return idempotent(sim, "payment_intents.capture", idempotencyKey, request, async (trx, now, outbox): Promise<CaptureHoldResult> => {
        let row = await lockPayment(trx, input.paymentId);
        if (row.capture_method !== "manual") invalid(`payment ${row.id} is not a hold`);
        if (row.status === "requires_capture" && row.hold_expires_at && now >= row.hold_expires_at) {
          row = await expireHold(sim, trx, now, outbox, row);
        }
        if (row.status === "canceled" && row.cancellation_reason === "expired") return { ok: false, error: "hold_expired", payment: toPayment(sim, row) };
        if (row.status !== "requires_capture") return { ok: false, error: "not_capturable", payment: toPayment(sim, row) };
        const amount = input.amountCents ?? row.amount_capturable_cents;
        if (amount > row.amount_capturable_cents) return { ok: false, error: "amount_too_large", payment: toPayment(sim, row) };
        const t = paymentTransition(row.status, { type: "capture" }, { captureMethod: "manual", methodType: "card", onSession: !row.off_session });
        if (!t.ok) return { ok: false, error: "not_capturable", payment: toPayment(sim, row) };
        const released = row.amount_capturable_cents - amount;
        const updated = await trx
          .updateTable("sim_payments")
          .set({ status: t.status, amount_received_cents: amount, amount_capturable_cents: 0, updated_at: now })
          .where("id", "=", row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const payment = toPayment(sim, updated);
        await emit(trx, now, outbox, payment.id, {
          type: "hold.captured",
          metadata: payment.metadata,
          payment,
          capturedCents: amount,
          releasedCents: released,
        });
        return { ok: true, payment, capturedCents: amount, releasedCents: released };
      });
    },

    async releaseHold(input) {
      const { idempotencyKey, ...request } = input;
      return idempotent(sim, "payment_intents.cancel", idempotencyKey, request, async (trx, now, outbox): Promise<ReleaseHoldResult> => {
        let row = await lockPayment(trx, input.paymentId);
        if (row.capture_method !== "manual") invalid(`payment ${row.id} is not a hold`);
        if (row.status === "requires_capture" && row.hold_expires_at && now >= row.hold_expires_at) {
          row = await expireHold(sim, trx, now, outbox, row);
        }
        // Already released (by expiry or an earlier release): the customer's money is free either way.
        if (row.status === "canceled") return { ok: true, payment: toPayment(sim, row) };
        const t = paymentTransition(
          row.status,
          { type: "cancel", reason: "requested" },
          { captureMethod: "manual", methodType: "card", onSession: !row.off_session },
        );
        if (!t.ok) return { ok: false, error: "not_releasable", payment: toPayment(sim, row) };
        const updated = await trx
          .updateTable("sim_payments")
          .set({ status: t.status, amount_capturable_cents: 0, cancellation_reason: "requested", updated_at: now })
          .where("id", "=", row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const payment = toPayment(sim, updated);
        await emit(trx, now, outbox, payment.id, { type: "hold.released", metadata: payment.metadata, payment, reason: "requested" });
        return { ok: true, payment };
      });
    },

    async getPayment(paymentId) {
      const row = await sim.db.selectFrom("sim_payments").selectAll().where("id", "=", paymentId).executeTakeFirst();
      return row ? toPayment(sim, row) : null;
    },

    async refund(input) {
      checkMetadata(input.metadata);
      if (input.amountCents !== undefined && (!Number.isSafeInteger(input.amountCents) || input.amountCents < 1))
        invalid("amountCents must be at least 1 cent");
      if ((input.reason ?? "").length > 500) invalid("reason is longer than 500 characters");
      const { idempotencyKey, ...request } = input;
      return idempotent(sim, "refunds.create", idempotencyKey, request, async (trx, now, outbox): Promise<RefundResult> => {
        const row = await lockPayment(trx, input.paymentId);
        if (row.status !== "succeeded") return { ok: false, error: "not_refundable", payment: toPayment(sim, row) };
        const refundable = row.amount_received_cents - row.amount_refunded_cents;
        if (refundable <= 0) return { ok: false, error: "not_refundable", payment: toPayment(sim, row) };
        const amount = input.amountCents ?? refundable;
        if (amount > refundable) return { ok: false, error: "amount_too_large", payment: toPayment(sim, row) };
        // SEPA refunds take days, like the debit itself; card and iDEAL refunds are immediate.
        const pending = row.payment_method_type === "sepa_debit";
        await trx
          .updateTable("sim_payments")
          .set({ amount_refunded_cents: row.amount_refunded_cents + amount, updated_at: now })
          .where("id", "=", row.id)
          .execute();
        const refundRow = await trx
          .insertInto("sim_refunds")
          .values({
            id: newId("re_sim_"),
            payment_id: row.id,
            amount_cents: amount,
            status: pending ? "pending" : "succeeded",
            reason: input.reason ?? null,
            metadata: JSON.stringify(input.metadata),
            settles_at: pending ? new Date(now.getTime() + sim.sepaSettlementDelayMs) : null,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const refund = toRefund(refundRow);
        if (!pending) await emit(trx, now, outbox, refund.id, { type: "refund.succeeded", metadata: refund.metadata, refund });
        return { ok: true, refund };
      });
    },

    getRefund: (refundId) => getSimRefund(sim, refundId),
    listActivity: (input) => listSimActivity(sim, input),

    createConnectedAccount: (input) => createConnectedAccount(sim, input),
    createAccountOnboardingLink: (input) => createAccountOnboardingLink(sim, input),
    getConnectedAccount: (accountId) => getConnectedAccount(sim, accountId),
    createPayout: (input) => createPayout(sim, input),
    getPayout: (input) => getPayout(sim, input),
    // A returned simulated payout never left the platform's side (connect.server.ts).
    reclaimPayout: async () => undefined,

    runDue: (now) => runDue(sim, now),
    deliverDueEvents: (now) => deliverDueEvents(sim, now),
  };
  return gateway;
}
