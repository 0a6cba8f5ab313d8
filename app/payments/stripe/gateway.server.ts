import Stripe from "stripe";
import type { Clock } from "../../utils/clock.server";
import type { Logger } from "../../utils/logger.server";
import {
  type CaptureHoldResult,
  type ChargeResult,
  type CheckoutMethod,
  checkoutMethods,
  type GatewayFailure,
  GatewayRequestError,
  type HoldResult,
  type Payment,
  type PaymentGateway,
  type RefundResult,
  type ReleaseHoldResult,
} from "../gateway";
import { confirmReturnUrl } from "./action-url";
import { createAccountOnboardingLink, createConnectedAccount, createPayout, getConnectedAccount, getPayout, reclaimPayout } from "./connect.server";
import { listStripeActivity } from "./activity.server";
import { createStripeClient, type StripeClient, type StripeEndpoint } from "./client.server";
import { isMissing, isPlainInvalidRequest, orNull, stripeCall, toGatewayRequestError } from "./errors.server";
import {
  idOf,
  loadPayment,
  loadSavedMethod,
  METHOD_LIST_EXPAND,
  PAYMENT_EXPAND,
  paymentFromIntent,
  paymentReturnUrl,
  retrieveIntent,
  retrieveSession,
  SESSION_EXPAND,
  toCustomer,
  toRefund,
  toPayment,
  toSavedMethod,
  toSession,
} from "./mapping.server";
import {
  checkAbsoluteUrl,
  checkAmount,
  checkIdempotencyKey,
  checkMetadata,
  checkMethods,
  checkPartialAmount,
  checkText,
  invalid,
  RESERVED_KEYS,
} from "./validate";

/**
 * The Stripe implementation of the PaymentGateway port (docs/decisions/020), using the official
 * SDK only. Results are mapped exactly as the simulated gateway returns them, so callers cannot
 * tell the two apart except by `kind`. How each call maps: README.md next to this file.
 *
 * Every write carries the caller's idempotency key; the SDK retries connection errors, timeouts,
 * 409 and 5xx with the SAME key (maxNetworkRetries), and what still fails is "unavailable".
 * Where Stripe answers a request with a 4xx that the port reports as a value (a detached method,
 * a hold that cannot be captured …), the adapter re-reads the object and decides from its state,
 * rather than from Stripe's error codes: a retry of a request that DID succeed then still gets
 * Stripe's stored first response, and nothing depends on wording Stripe may change.
 */
export interface StripeGatewayOptions {
  secretKey: string;
  /** Offered checkout methods, in display order (PAYMENT_METHODS). Default card, ideal. */
  methods?: readonly CheckoutMethod[];
  /** APP_URL: action URLs for authentications are pages of ours (action-url.ts). */
  appUrl: string;
  logger: Logger;
  /** Used for log timings only: Stripe keeps the time of every object itself. */
  clock?: Clock;
  /** Point the SDK at another server (the fake, in tests). Default api.stripe.com. */
  client?: StripeEndpoint;
  /** SDK retries per request, same idempotency key. Default 2. */
  maxNetworkRetries?: number;
  /** Per attempt. Default 20 s. */
  timeoutMs?: number;
}

/** What the /pay/stripe/confirm routes do next (action-url.ts). */
export type AuthenticationStep =
  /** Send the customer to Stripe's authentication page (3-D Secure). */
  | { kind: "redirect"; url: string }
  /** Nothing (more) to authenticate: send the customer back to the caller's return URL. */
  | { kind: "done"; payment: Payment; returnUrl: string };

export interface StripeGateway extends PaymentGateway {
  readonly kind: "stripe";
  /** For the webhook route: `translateStripeEvent(event, gateway.client)`. */
  readonly client: StripeClient;
  /**
   * For GET /pay/stripe/confirm/:paymentId (and its /return): confirms a payment that needs
   * authentication on-session, returning where to send the customer. Null: no such payment.
   * The route must first check that the signed-in user owns the payment.
   */
  startAuthentication(paymentId: string): Promise<AuthenticationStep | null>;
}

export function isStripeGateway(gateway: PaymentGateway): gateway is StripeGateway {
  return gateway.kind === "stripe" && "startAuthentication" in gateway;
}

const methodUnavailable: GatewayFailure = {
  code: "payment_method_unavailable",
  declineCode: null,
  message: "The saved payment method was removed or does not exist.",
};
const notHoldable: GatewayFailure = {
  code: "payment_method_not_holdable",
  declineCode: null,
  message: "Only cards can be held (manual capture); SEPA Direct Debit cannot.",
};

/** Stripe's own refund reasons; any other text travels in metadata (RESERVED_KEYS.refundReason). */
const stripeRefundReasons = ["duplicate", "fraudulent", "requested_by_customer"] as const;
type StripeRefundReason = (typeof stripeRefundReasons)[number];
const isStripeRefundReason = (reason: string | undefined): reason is StripeRefundReason => (stripeRefundReasons as readonly string[]).includes(reason ?? "");

export function createStripeGateway(options: StripeGatewayOptions): StripeGateway {
  const client = createStripeClient(options);
  const { sdk, appUrl } = client;
  const logger = options.logger;
  const clock = options.clock;
  const methods: readonly CheckoutMethod[] = options.methods?.length ? [...options.methods] : [...checkoutMethods];

  /** Logs the Stripe calls that did not work out, with how long they took. */
  async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const started = clock?.now().getTime() ?? Date.now();
    try {
      return await fn();
    } catch (error) {
      const ms = (clock?.now().getTime() ?? Date.now()) - started;
      const code = error instanceof GatewayRequestError ? error.code : "error";
      logger.warn({ err: error, what, ms, code }, "stripe gateway: request failed");
      throw error;
    }
  }

  /**
   * Why Stripe refused an off-session payment on a saved method, judged from the method itself:
   * gone or detached → a failed result (the port's "payment_method_unavailable"), SEPA for a hold →
   * "payment_method_not_holdable", another customer's → a programming error. Null: none of these.
   */
  async function methodProblem(input: { customerId: string; paymentMethodId: string }, captureMethod: "automatic" | "manual"): Promise<GatewayFailure | null> {
    const pm = await orNull("payment method", () => sdk.paymentMethods.retrieve(input.paymentMethodId));
    if (!pm || !pm.customer) return methodUnavailable;
    if (idOf(pm.customer) !== input.customerId) invalid(`payment method ${pm.id} belongs to another customer`);
    if (captureMethod === "manual" && pm.type !== "card") return notHoldable;
    return null;
  }

  type OffSessionInput = Parameters<PaymentGateway["chargeOffSession"]>[0];

  /** chargeOffSession and placeHold: one confirmed, off-session PaymentIntent on a saved method. */
  async function createOffSession(
    input: OffSessionInput,
    captureMethod: "automatic" | "manual",
  ): Promise<{ payment: Payment; failure: null } | { payment: null; failure: GatewayFailure }> {
    checkIdempotencyKey(input.idempotencyKey);
    checkMetadata(input.metadata, input.returnUrl ? 1 : 0);
    checkAmount(input.amountCents);
    checkAbsoluteUrl("returnUrl", input.returnUrl, true);
    const params: Stripe.PaymentIntentCreateParams = {
      amount: input.amountCents,
      currency: "eur",
      customer: input.customerId,
      payment_method: input.paymentMethodId,
      off_session: true,
      confirm: true,
      ...(captureMethod === "manual" ? { capture_method: "manual" as const } : {}),
      metadata: { ...input.metadata, ...(input.returnUrl ? { [RESERVED_KEYS.returnUrl]: input.returnUrl } : {}) },
      description: input.description,
      // Stripe wants a return URL whenever it confirms with automatic payment methods (some could
      // redirect). Off-session nothing redirects; the customer's own return is in metadata.
      return_url: input.returnUrl ?? appUrl,
      expand: PAYMENT_EXPAND,
    };
    try {
      const pi = await sdk.paymentIntents.create(params, { idempotencyKey: input.idempotencyKey });
      return { payment: await paymentFromIntent(client, pi, { sessionId: null }), failure: null };
    } catch (error) {
      // A decline (or authentication_required) is a 402 that carries the PaymentIntent: a value.
      // Mapped from the error itself rather than re-read, so a retry with the same key (Stripe
      // replays the stored 402) returns exactly the first result, as rule 2 of the port says.
      if (error instanceof Stripe.errors.StripeCardError && error.payment_intent) {
        return { payment: declinedPayment(error.payment_intent, error.payment_method ?? null), failure: null };
      }
      if (isMissing(error, "customer")) throw toGatewayRequestError(error, "payment");
      if (isPlainInvalidRequest(error)) {
        const problem = await methodProblem(input, captureMethod);
        if (problem) return { payment: null, failure: problem };
      }
      throw toGatewayRequestError(error, "payment");
    }
  }

  const gateway: StripeGateway = {
    kind: "stripe",
    methods,
    client,

    // Every method is async, so a refused input is a rejected promise like any other failure.
    async createCustomer(input) {
      checkIdempotencyKey(input.idempotencyKey);
      if (!input.email || !input.name) invalid("email and name are required");
      return timed("customers.create", async () => {
        const customer = await stripeCall("customer", () =>
          sdk.customers.create({ email: input.email, name: input.name, metadata: input.metadata ?? {} }, { idempotencyKey: input.idempotencyKey }),
        );
        return toCustomer(customer);
      });
    },

    async listPaymentMethods(customerId) {
      return timed("payment_methods.list", async () => {
        const found = [];
        try {
          for await (const pm of sdk.paymentMethods.list({ customer: customerId, limit: 100, expand: METHOD_LIST_EXPAND })) {
            const method = toSavedMethod(pm);
            if (method) found.push(method);
          }
        } catch (error) {
          // Like the simulated gateway: an unknown customer has no saved methods.
          if (isMissing(error)) return [];
          throw toGatewayRequestError(error, "payment methods");
        }
        // Stripe lists newest first; the port lists oldest first (as the simulated gateway does).
        return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      });
    },

    async getPaymentMethod(paymentMethodId) {
      return timed("payment_methods.retrieve", () => loadSavedMethod(client, paymentMethodId));
    },

    async detachPaymentMethod(input) {
      checkIdempotencyKey(input.idempotencyKey);
      return timed("payment_methods.detach", async () => {
        try {
          await sdk.paymentMethods.detach(input.paymentMethodId, {}, { idempotencyKey: input.idempotencyKey });
        } catch (error) {
          if (isPlainInvalidRequest(error) && !isMissing(error)) {
            // Already detached (another key, another tab): the customer's wish is met either way.
            const pm = await orNull("payment method", () => sdk.paymentMethods.retrieve(input.paymentMethodId));
            if (pm && !pm.customer) return;
          }
          throw toGatewayRequestError(error, "detach");
        }
      });
    },

    async createSetupSession(input) {
      checkIdempotencyKey(input.idempotencyKey);
      checkMetadata(input.metadata);
      checkAbsoluteUrl("returnUrl", input.returnUrl);
      checkAbsoluteUrl("cancelUrl", input.cancelUrl);
      const allowed = checkMethods(methods, input.methods, "automatic");
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: "setup",
        customer: input.customerId,
        // iDEAL in setup mode saves a SEPA Direct Debit mandate (EUR only).
        currency: "eur",
        allowed_payment_method_types: allowed,
        success_url: input.returnUrl,
        cancel_url: input.cancelUrl,
        metadata: input.metadata,
        // Stripe does not copy session metadata onto the SetupIntent it creates; its events need it.
        setup_intent_data: { metadata: input.metadata },
        ...(input.locale ? { locale: input.locale } : {}),
        expand: SESSION_EXPAND,
      };
      return timed("checkout.sessions.create", async () => {
        const session = await stripeCall("setup session", () => sdk.checkout.sessions.create(params, { idempotencyKey: input.idempotencyKey }));
        return toSession(session);
      });
    },

    async createPaymentSession(input) {
      checkIdempotencyKey(input.idempotencyKey);
      checkMetadata(input.metadata);
      checkAmount(input.amountCents);
      checkAbsoluteUrl("returnUrl", input.returnUrl);
      checkAbsoluteUrl("cancelUrl", input.cancelUrl);
      const captureMethod = input.captureMethod ?? "automatic";
      const allowed = checkMethods(methods, input.methods, captureMethod);
      checkText("description", input.description);
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: "payment",
        customer: input.customerId,
        allowed_payment_method_types: allowed,
        line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: input.amountCents, product_data: { name: input.description } } }],
        payment_intent_data: {
          // Stripe does not copy session metadata onto the PaymentIntent either.
          metadata: input.metadata,
          description: input.description,
          ...(captureMethod === "manual" ? { capture_method: "manual" as const } : {}),
          ...(input.saveMethod ? { setup_future_usage: "off_session" as const } : {}),
        },
        // The Session object does not echo payment_intent_data; the card option shows a hold on
        // an open session (getSession). Holds are cards only, so both say the same.
        ...(captureMethod === "manual" ? { payment_method_options: { card: { capture_method: "manual" as const } } } : {}),
        success_url: input.returnUrl,
        cancel_url: input.cancelUrl,
        metadata: input.metadata,
        ...(input.locale ? { locale: input.locale } : {}),
        expand: SESSION_EXPAND,
      };
      return timed("checkout.sessions.create", async () => {
        const session = await stripeCall("payment session", () => sdk.checkout.sessions.create(params, { idempotencyKey: input.idempotencyKey }));
        return toSession(session);
      });
    },

    async getSession(sessionId) {
      return timed("checkout.sessions.retrieve", async () => {
        const session = await retrieveSession(client, sessionId);
        return session ? toSession(session) : null;
      });
    },

    async chargeOffSession(input) {
      return timed("payment_intents.create", async (): Promise<ChargeResult> => {
        const made = await createOffSession(input, "automatic");
        if (!made.payment) return { status: "failed", paymentId: null, failure: made.failure, payment: null };
        const payment = made.payment;
        switch (payment.status) {
          case "succeeded":
            return { status: "succeeded", paymentId: payment.id, payment };
          case "processing":
            return { status: "processing", paymentId: payment.id, payment };
          case "requires_action":
            return { status: "requires_action", paymentId: payment.id, actionUrl: payment.nextActionUrl ?? "", payment };
          default:
            return { status: "failed", paymentId: payment.id, failure: payment.lastFailure ?? unknownFailure(payment), payment };
        }
      });
    },

    async placeHold(input) {
      return timed("payment_intents.create", async (): Promise<HoldResult> => {
        const made = await createOffSession(input, "manual");
        if (!made.payment) return { status: "failed", paymentId: null, failure: made.failure, payment: null };
        const payment = made.payment;
        if (payment.status === "requires_capture") {
          return { status: "held", paymentId: payment.id, amountCents: payment.amountCapturableCents, expiresAt: payment.holdExpiresAt ?? "", payment };
        }
        if (payment.status === "requires_action") return { status: "requires_action", paymentId: payment.id, actionUrl: payment.nextActionUrl ?? "", payment };
        return { status: "failed", paymentId: payment.id, failure: payment.lastFailure ?? unknownFailure(payment), payment };
      });
    },

    async captureHold(input) {
      checkIdempotencyKey(input.idempotencyKey);
      checkPartialAmount(input.amountCents);
      return timed("payment_intents.capture", async (): Promise<CaptureHoldResult> => {
        try {
          const pi = await sdk.paymentIntents.capture(
            input.paymentId,
            { ...(input.amountCents !== undefined ? { amount_to_capture: input.amountCents } : {}), expand: PAYMENT_EXPAND },
            { idempotencyKey: input.idempotencyKey },
          );
          const payment = await paymentFromIntent(client, pi);
          // The rest of the authorization is released by Stripe with the capture.
          return { ok: true, payment, capturedCents: pi.amount_received, releasedCents: pi.amount - pi.amount_received };
        } catch (error) {
          if (!isPlainInvalidRequest(error) || isMissing(error)) throw toGatewayRequestError(error, "capture");
          const payment = await loadPayment(client, input.paymentId);
          if (!payment) throw toGatewayRequestError(error, "capture");
          if (payment.captureMethod !== "manual") invalid(`payment ${payment.id} is not a hold`);
          // Stripe refuses a capture after the authorization's deadline before it cancels the intent.
          if ((payment.status === "canceled" && payment.cancellationReason === "expired") || error.code === "charge_expired_for_capture") {
            return { ok: false, error: "hold_expired", payment };
          }
          if (payment.status !== "requires_capture") return { ok: false, error: "not_capturable", payment };
          if ((input.amountCents ?? payment.amountCapturableCents) > payment.amountCapturableCents) return { ok: false, error: "amount_too_large", payment };
          throw toGatewayRequestError(error, "capture");
        }
      });
    },

    async releaseHold(input) {
      checkIdempotencyKey(input.idempotencyKey);
      return timed("payment_intents.cancel", async (): Promise<ReleaseHoldResult> => {
        // Checked BEFORE cancelling: Stripe would also cancel a failed charge, which is no hold.
        // (A capture method never changes, so this read is safe even on a retry.)
        const current = await retrieveIntent(client, input.paymentId);
        if (!current) throw new GatewayRequestError("not_found", `No such payment: ${input.paymentId}`);
        if (current.capture_method !== "manual") invalid(`payment ${current.id} is not a hold`);
        try {
          const pi = await sdk.paymentIntents.cancel(input.paymentId, { expand: PAYMENT_EXPAND }, { idempotencyKey: input.idempotencyKey });
          return { ok: true, payment: await paymentFromIntent(client, pi) };
        } catch (error) {
          if (!isPlainInvalidRequest(error) || isMissing(error)) throw toGatewayRequestError(error, "release");
          const payment = await loadPayment(client, input.paymentId);
          if (!payment) throw toGatewayRequestError(error, "release");
          // Already released (expired, or an earlier release): the customer's money is free either way.
          if (payment.status === "canceled") return { ok: true, payment };
          return { ok: false, error: "not_releasable", payment };
        }
      });
    },

    async getPayment(paymentId) {
      return timed("payment_intents.retrieve", () => loadPayment(client, paymentId));
    },

    async refund(input) {
      checkIdempotencyKey(input.idempotencyKey);
      const reason = input.reason;
      checkMetadata(input.metadata, reason ? 1 : 0);
      checkPartialAmount(input.amountCents);
      checkText("reason", reason);
      const params: Stripe.RefundCreateParams = {
        payment_intent: input.paymentId,
        ...(input.amountCents !== undefined ? { amount: input.amountCents } : {}),
        // The refund's own metadata: Stripe does not copy the payment's onto it.
        metadata: { ...input.metadata, ...(reason ? { [RESERVED_KEYS.refundReason]: reason } : {}) },
        ...(isStripeRefundReason(reason) ? { reason } : {}),
      };
      return timed("refunds.create", async (): Promise<RefundResult> => {
        try {
          const refund = await sdk.refunds.create(params, { idempotencyKey: input.idempotencyKey });
          return { ok: true, refund: toRefund(refund) };
        } catch (error) {
          if (!isPlainInvalidRequest(error) || isMissing(error)) throw toGatewayRequestError(error, "refund");
          const payment = await loadPayment(client, input.paymentId);
          if (!payment) throw toGatewayRequestError(error, "refund");
          if (payment.status !== "succeeded") return { ok: false, error: "not_refundable", payment };
          const refundable = payment.amountReceivedCents - payment.amountRefundedCents;
          if (refundable <= 0) return { ok: false, error: "not_refundable", payment };
          if ((input.amountCents ?? refundable) > refundable) return { ok: false, error: "amount_too_large", payment };
          throw toGatewayRequestError(error, "refund");
        }
      });
    },

    async getRefund(refundId) {
      return timed("refunds.retrieve", async () => {
        const refund = await orNull("refund", () => sdk.refunds.retrieve(refundId));
        return refund ? toRefund(refund) : null;
      });
    },

    async listActivity(input) {
      return timed("activity.list", () => listStripeActivity(client, input));
    },

    createConnectedAccount: (input) => timed("accounts.create", () => createConnectedAccount(client, input)),
    createAccountOnboardingLink: (input) => timed("account_links.create", () => createAccountOnboardingLink(client, input)),
    getConnectedAccount: (accountId) => timed("accounts.retrieve", () => getConnectedAccount(client, accountId)),
    createPayout: (input) => timed("payouts.create", () => createPayout(client, input)),
    getPayout: (input) => timed("payouts.retrieve", () => getPayout(client, input)),
    reclaimPayout: (input) => timed("transfers.reversals.create", () => reclaimPayout(client, input)),

    async startAuthentication(paymentId) {
      return timed("payment_intents.confirm", async (): Promise<AuthenticationStep | null> => {
        const pi = await retrieveIntent(client, paymentId);
        if (!pi) return null;
        const returnUrl = paymentReturnUrl(pi) ?? appUrl;
        const pending = redirectOf(pi);
        if (pending) return { kind: "redirect", url: pending };
        const payment = await paymentFromIntent(client, pi);
        // A Checkout payment is authenticated on Stripe's page, not here.
        if (payment.status !== "requires_action" || !payment.paymentMethodId || payment.sessionId) return { kind: "done", payment, returnUrl };
        // No key of ours: a confirmation moves no money until the customer passes 3-D Secure, and
        // a second visit after a failed check must start a new attempt, not replay the old one.
        // (The SDK still sends one key across its own retries of this call.)
        try {
          const confirmed = await sdk.paymentIntents.confirm(pi.id, {
            payment_method: payment.paymentMethodId,
            return_url: confirmReturnUrl(appUrl, pi.id),
            expand: PAYMENT_EXPAND,
          });
          const next = redirectOf(confirmed);
          if (next) return { kind: "redirect", url: next };
          return { kind: "done", payment: await paymentFromIntent(client, confirmed), returnUrl };
        } catch (error) {
          if (error instanceof Stripe.errors.StripeCardError) {
            const failed = await loadPayment(client, pi.id);
            if (failed) return { kind: "done", payment: failed, returnUrl };
          }
          throw toGatewayRequestError(error, "confirm");
        }
      });
    },
  };

  /** The PaymentIntent in a card error is not expanded; the error's PaymentMethod says the type. */
  function declinedPayment(pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod | null): Payment {
    const payment = toPayment(pi, appUrl, null);
    const type = pm?.type ?? (pi.payment_method_types.length === 1 ? pi.payment_method_types[0] : null);
    return payment.paymentMethodType ? payment : { ...payment, paymentMethodType: type === "card" || type === "sepa_debit" ? type : null };
  }

  return gateway;
}

function redirectOf(pi: Stripe.PaymentIntent): string | null {
  return pi.status === "requires_action" && pi.next_action?.type === "redirect_to_url" ? (pi.next_action.redirect_to_url?.url ?? null) : null;
}

function unknownFailure(payment: Payment): GatewayFailure {
  return { code: "payment_failed", declineCode: null, message: `The payment ended as ${payment.status}.` };
}
