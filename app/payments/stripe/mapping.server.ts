import type Stripe from "stripe";
import {
  CARD_HOLD_DAYS,
  type CheckoutMethod,
  checkoutMethods,
  type CheckoutSession,
  type GatewayCustomer,
  type GatewayDispute,
  type GatewayFailure,
  type GatewayMetadata,
  type Payment,
  type PaymentStatus,
  type Refund,
  type RefundStatus,
  type SavedPaymentMethod,
} from "../gateway";
import { confirmActionUrl } from "./action-url";
import type { StripeClient } from "./client.server";
import { orNull, stripeCall } from "./errors.server";
import { cardLabel, idealBankName, sepaLabel } from "./labels";
import { RESERVED_KEYS, RESERVED_METADATA_PREFIX } from "./validate";

/**
 * Stripe objects → port objects, and the reads that fetch them with the expansions the mapping
 * needs. One place, shared by the gateway (synchronous results) and the webhook translation
 * (events), so a payment looks the same whichever way it reaches the app.
 */

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

type Expandable<T extends { id: string }> = string | T | null | undefined;
export function idOf<T extends { id: string }>(value: Expandable<T>): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}
function expanded<T extends { id: string }>(value: Expandable<T>): T | null {
  return value && typeof value !== "string" ? value : null;
}

/** The caller's metadata: Stripe's minus the keys the adapter keeps for itself (validate.ts). */
export function callerMetadata(metadata: Stripe.Metadata | null | undefined): GatewayMetadata {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (!key.startsWith(RESERVED_METADATA_PREFIX)) out[key] = value;
  }
  // Objects the adapter creates always carry a purpose (checked before they are created). Objects
  // made elsewhere (the Dashboard) have none; "" routes them nowhere, and webhooks skip them.
  return { ...out, purpose: out.purpose ?? "" };
}

export function hasPurpose(metadata: Stripe.Metadata | null | undefined): boolean {
  return typeof metadata?.purpose === "string" && metadata.purpose.length > 0;
}

export function toCustomer(customer: Stripe.Customer): GatewayCustomer {
  return {
    id: customer.id,
    email: customer.email ?? "",
    name: customer.name ?? "",
    metadata: { ...customer.metadata },
    createdAt: iso(customer.created),
  };
}

// ---------------------------------------------------------------------------------------------
// Saved payment methods
// ---------------------------------------------------------------------------------------------

/**
 * Expansions that tell a SEPA mandate's bank and mandate id: a `sepa_debit` method made from
 * iDEAL points at the SetupAttempt (setup page) or the Charge (pay-and-save page) it came from.
 */
export const METHOD_EXPAND = ["sepa_debit.generated_from.setup_attempt", "sepa_debit.generated_from.charge"];
export const METHOD_LIST_EXPAND = METHOD_EXPAND.map((path) => `data.${path}`);

/** Card or SEPA mandate → SavedPaymentMethod; null for other types (an iDEAL one-off is not reusable). */
export function toSavedMethod(pm: Stripe.PaymentMethod, fallbackCustomerId = ""): SavedPaymentMethod | null {
  const customerId = idOf(pm.customer) ?? fallbackCustomerId;
  const createdAt = iso(pm.created);
  if (pm.type === "card" && pm.card) {
    const card = { brand: pm.card.brand, last4: pm.card.last4, expMonth: pm.card.exp_month, expYear: pm.card.exp_year };
    return { id: pm.id, customerId, type: "card", label: cardLabel(card.brand, card.last4), card, sepaDebit: null, createdAt };
  }
  if (pm.type === "sepa_debit" && pm.sepa_debit) {
    const from = pm.sepa_debit.generated_from;
    const attempt = expanded(from?.setup_attempt)?.payment_method_details;
    const charge = expanded(from?.charge)?.payment_method_details;
    const ideal = attempt?.ideal ?? charge?.ideal ?? null;
    const bankName = idealBankName(ideal?.bank) ?? pm.sepa_debit.bank_code ?? "SEPA";
    const last4 = pm.sepa_debit.last4 ?? "";
    const mandateId = idOf(ideal?.generated_sepa_debit_mandate) ?? "";
    return {
      id: pm.id,
      customerId,
      type: "sepa_debit",
      label: sepaLabel(bankName, last4),
      card: null,
      sepaDebit: { bankName, last4, mandateId },
      createdAt,
    };
  }
  return null;
}

/** A saved method as the port sees it: null when missing, detached, or not reusable. */
export async function loadSavedMethod(client: StripeClient, id: string): Promise<SavedPaymentMethod | null> {
  const pm = await orNull("payment method", () => client.sdk.paymentMethods.retrieve(id, { expand: METHOD_EXPAND }));
  if (!pm || !pm.customer) return null;
  return toSavedMethod(pm);
}

// ---------------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------------

interface StripeErrorLike {
  code?: string;
  decline_code?: string;
  message?: string;
  type?: string;
}

export function toFailure(error: StripeErrorLike | null | undefined): GatewayFailure | null {
  if (!error) return null;
  return { code: error.code ?? error.type ?? "payment_failed", declineCode: error.decline_code ?? null, message: error.message ?? "" };
}

// ---------------------------------------------------------------------------------------------
// Payments (PaymentIntents)
// ---------------------------------------------------------------------------------------------

/** Every PaymentIntent the adapter reads or writes is fetched with these. */
export const PAYMENT_EXPAND = ["latest_charge.balance_transaction", "payment_method"];

/**
 * Stripe's status → the port's. Stripe calls a failed attempt `requires_payment_method`; an
 * off-session attempt that the bank wants authenticated fails the same way with code
 * `authentication_required`, which the port calls `requires_action` (the customer can fix it at
 * the action URL). The port's `canceled` means a released hold; any other canceled intent (a
 * Checkout payment abandoned when its session expired) is `failed`, as in the simulated gateway.
 */
export function paymentStatus(pi: Pick<Stripe.PaymentIntent, "status" | "last_payment_error" | "capture_method" | "cancellation_reason">): PaymentStatus {
  switch (pi.status) {
    case "succeeded":
      return "succeeded";
    case "processing":
      return "processing";
    case "requires_capture":
      return "requires_capture";
    case "canceled":
      return pi.capture_method === "manual" && pi.cancellation_reason !== "abandoned" ? "canceled" : "failed";
    case "requires_action":
      return "requires_action";
    case "requires_payment_method":
      return pi.last_payment_error?.code === "authentication_required" ? "requires_action" : "failed";
    default:
      // requires_confirmation: never left in that state by this adapter (it always confirms).
      return "failed";
  }
}

function methodType(pi: Stripe.PaymentIntent, charge: Stripe.Charge | null): Payment["paymentMethodType"] {
  const type = charge?.payment_method_details?.type ?? expanded(pi.payment_method)?.type ?? null;
  return type === "card" || type === "sepa_debit" || type === "ideal" ? type : null;
}

/**
 * A captured charge's `amount_refunded` includes the part of a hold that was released uncaptured
 * (Stripe refunds the remainder of a partial capture); the port counts refunds only.
 */
export function refundedCents(charge: Stripe.Charge | null): number {
  if (!charge || !charge.captured) return 0;
  const released = charge.amount - charge.amount_captured;
  return Math.max(0, charge.amount_refunded - released);
}

function holdExpiry(pi: Stripe.PaymentIntent, charge: Stripe.Charge | null): string | null {
  if (pi.capture_method !== "manual") return null;
  const before = charge?.payment_method_details?.card?.capture_before;
  if (before) return iso(before);
  // Before a charge exists (or without card details) fall back to Stripe's documented 7 days.
  return pi.status === "requires_capture" ? new Date((pi.created + CARD_HOLD_DAYS * 86_400) * 1000).toISOString() : null;
}

/**
 * `sessionId`: the Checkout Session that created the payment, or null for the adapter's own
 * off-session payments (the only other PaymentIntents it creates), which is also what `offSession` says.
 */
/** Why a canceled intent that the port reports as failed ended: the simulated gateway's codes. */
function cancellationFailure(pi: Stripe.PaymentIntent): GatewayFailure {
  return pi.cancellation_reason === "abandoned"
    ? { code: "session_expired", declineCode: null, message: "The customer did not finish before the page expired." }
    : { code: "payment_canceled", declineCode: null, message: `The payment was canceled (${pi.cancellation_reason ?? "no reason given"}).` };
}

export function toPayment(pi: Stripe.PaymentIntent, appUrl: string, sessionId: string | null): Payment {
  const charge = expanded(pi.latest_charge);
  const status = paymentStatus(pi);
  const reason = pi.cancellation_reason;
  const failure =
    status === "failed" || status === "requires_action"
      ? (toFailure(pi.last_payment_error) ?? (pi.status === "canceled" ? cancellationFailure(pi) : null))
      : null;
  return {
    id: pi.id,
    customerId: idOf(pi.customer) ?? "",
    paymentMethodId: idOf(pi.payment_method),
    paymentMethodType: methodType(pi, charge),
    sessionId,
    amountCents: pi.amount,
    // The adapter only ever creates EUR payments.
    currency: "eur",
    captureMethod: pi.capture_method === "manual" ? "manual" : "automatic",
    offSession: sessionId === null,
    status,
    amountCapturableCents: pi.amount_capturable,
    amountReceivedCents: pi.amount_received,
    amountRefundedCents: refundedCents(charge),
    feeCents: chargeFee(charge),
    description: pi.description ?? "",
    metadata: callerMetadata(pi.metadata),
    lastFailure: failure,
    // Only off-session payments need our confirm page; a Checkout payment is confirmed on Stripe's
    // page, where the customer still is (the simulated gateway has no action URL for those either).
    nextActionUrl: status === "requires_action" && sessionId === null ? confirmActionUrl(appUrl, pi.id) : null,
    holdExpiresAt: holdExpiry(pi, charge),
    // Stripe cancels an authorization that was not captured in time with reason "automatic".
    cancellationReason: status === "canceled" ? (reason === "automatic" || reason === "expired" ? "expired" : "requested") : null,
    createdAt: iso(pi.created),
  };
}

/** Stripe's processing fee for the charge, from its balance transaction (expanded); null until there is one. */
function chargeFee(charge: Stripe.Charge | null): number | null {
  const bt = charge?.balance_transaction;
  return bt && typeof bt === "object" ? bt.fee : null;
}

/** The caller's return URL for after an authentication, kept on the PaymentIntent (RESERVED_KEYS). */
export function paymentReturnUrl(pi: Pick<Stripe.PaymentIntent, "metadata">): string | null {
  return pi.metadata?.[RESERVED_KEYS.returnUrl] || null;
}

export async function retrieveIntent(client: StripeClient, id: string): Promise<Stripe.PaymentIntent | null> {
  return orNull("payment", () => client.sdk.paymentIntents.retrieve(id, { expand: PAYMENT_EXPAND }));
}

/** Which Checkout Session made this PaymentIntent (null: one of the adapter's off-session payments). */
export async function sessionIdOfPayment(client: StripeClient, paymentId: string): Promise<string | null> {
  const page = await stripeCall("session lookup", () => client.sdk.checkout.sessions.list({ payment_intent: paymentId, limit: 1 }));
  return page.data[0]?.id ?? null;
}

/**
 * A PaymentIntent as a Payment. `known.sessionId` skips the session lookup when the caller knows
 * (the adapter's own off-session calls). Re-reads the intent when it came without expansions
 * (e.g. inside a webhook or an error).
 */
export async function paymentFromIntent(client: StripeClient, pi: Stripe.PaymentIntent, known: { sessionId?: string | null } = {}): Promise<Payment> {
  let full = pi;
  if (pi.latest_charge && typeof pi.latest_charge === "string") {
    full = (await retrieveIntent(client, pi.id)) ?? pi;
  }
  const sessionId = known.sessionId !== undefined ? known.sessionId : await sessionIdOfPayment(client, pi.id);
  return toPayment(full, client.appUrl, sessionId);
}

export async function loadPayment(client: StripeClient, id: string, known: { sessionId?: string | null } = {}): Promise<Payment | null> {
  const pi = await retrieveIntent(client, id);
  return pi ? paymentFromIntent(client, pi, known) : null;
}

// ---------------------------------------------------------------------------------------------
// Checkout Sessions
// ---------------------------------------------------------------------------------------------

export const SESSION_EXPAND = ["setup_intent.latest_attempt", "payment_intent.latest_charge.balance_transaction"];

function isCheckoutMethod(type: string): type is CheckoutMethod {
  return (checkoutMethods as readonly string[]).includes(type);
}

/**
 * The method a completed session saved: the card itself, or — for iDEAL — the SEPA Direct Debit
 * method Stripe generated from it (the iDEAL method is single-use).
 */
export function savedMethodIdOf(session: Stripe.Checkout.Session): string | null {
  if (session.status !== "complete") return null;
  const si = expanded(session.setup_intent);
  if (session.mode === "setup") {
    if (!si || si.status !== "succeeded") return null;
    const attempt = expanded(si.latest_attempt);
    return idOf(attempt?.payment_method_details?.ideal?.generated_sepa_debit) ?? idOf(si.payment_method);
  }
  const pi = expanded(session.payment_intent);
  if (!pi || !pi.setup_future_usage) return null;
  const charge = expanded(pi.latest_charge);
  return idOf(charge?.payment_method_details?.ideal?.generated_sepa_debit) ?? idOf(pi.payment_method);
}

export function toSession(session: Stripe.Checkout.Session): CheckoutSession {
  const payment = session.mode === "payment";
  const pi = expanded(session.payment_intent);
  // The Session object does not echo payment_intent_data, so the adapter also sets the card
  // option (gateway.server.ts); once the PaymentIntent exists it is the authority.
  const manual = pi ? pi.capture_method === "manual" : session.payment_method_options?.card?.capture_method === "manual";
  return {
    id: session.id,
    mode: payment ? "payment" : "setup",
    status: session.status === "complete" ? "complete" : session.status === "expired" ? "expired" : "open",
    customerId: idOf(session.customer) ?? "",
    // Stripe clears the URL once a session is complete or expired.
    url: session.url ?? "",
    methods: session.payment_method_types.filter(isCheckoutMethod),
    amountCents: payment ? session.amount_total : null,
    captureMethod: payment ? (manual ? "manual" : "automatic") : null,
    paymentMethodId: savedMethodIdOf(session),
    paymentId: idOf(session.payment_intent),
    metadata: callerMetadata(session.metadata),
    expiresAt: iso(session.expires_at),
    createdAt: iso(session.created),
  };
}

export async function retrieveSession(client: StripeClient, id: string): Promise<Stripe.Checkout.Session | null> {
  return orNull("session", () => client.sdk.checkout.sessions.retrieve(id, { expand: SESSION_EXPAND }));
}

// ---------------------------------------------------------------------------------------------
// Refunds and disputes
// ---------------------------------------------------------------------------------------------

export function refundStatus(status: string | null): RefundStatus {
  if (status === "succeeded") return "succeeded";
  if (status === "failed" || status === "canceled") return "failed";
  // pending, requires_action (the customer must give bank details): not settled yet.
  return "pending";
}

export function toRefund(refund: Stripe.Refund): Refund {
  return {
    id: refund.id,
    paymentId: idOf(refund.payment_intent) ?? "",
    amountCents: refund.amount,
    status: refundStatus(refund.status),
    reason: refund.metadata?.[RESERVED_KEYS.refundReason] ?? refund.reason ?? null,
    metadata: callerMetadata(refund.metadata),
    createdAt: iso(refund.created),
  };
}

export function refundFailure(refund: Stripe.Refund): GatewayFailure {
  const code = refund.failure_reason ?? "refund_failed";
  return { code, declineCode: null, message: `The refund failed (${code}).` };
}

/** Closed and won, closed and lost, or still open. An inquiry closed without a chargeback counts as won. */
export function disputeStatus(status: Stripe.Dispute["status"]): GatewayDispute["status"] {
  if (status === "won" || status === "warning_closed" || status === "prevented") return "won";
  if (status === "lost") return "lost";
  return "open";
}

export function toDispute(dispute: Stripe.Dispute): GatewayDispute {
  return {
    id: dispute.id,
    paymentId: idOf(dispute.payment_intent) ?? "",
    amountCents: dispute.amount,
    reason: dispute.reason,
    status: disputeStatus(dispute.status),
    createdAt: iso(dispute.created),
  };
}
