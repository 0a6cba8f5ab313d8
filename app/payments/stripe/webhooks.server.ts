import Stripe from "stripe";
import type { GatewayDisputeEvent, GatewayEvent, GatewayMetadata, Payment } from "../gateway";
import type { StripeClient } from "./client.server";
import { connectedAccountOf, getConnectedAccount, getPayout } from "./connect.server";
import { orNull, stripeCall, toGatewayRequestError } from "./errors.server";
import {
  callerMetadata,
  hasPurpose,
  idOf,
  loadPayment,
  METHOD_EXPAND,
  refundFailure,
  retrieveIntent,
  retrieveSession,
  savedMethodIdOf,
  toDispute,
  toRefund,
  toSavedMethod,
  toSession,
} from "./mapping.server";

/**
 * Stripe webhooks → GatewayEvents (docs/decisions/023, mapping table in gateway.ts).
 *
 * The route (a later issue) does: raw body → parseStripeWebhook → translateStripeEvent →
 * applyGatewayEvent; 2xx when that returns (also for null: a type we ignore), 5xx when it throws,
 * so Stripe delivers again.
 *
 * THE OUT-OF-ORDER RULE. Stripe delivers events at least once and in no particular order, and an
 * event's payload is the object as it was when the event happened. The translation therefore
 * always fetches the object's CURRENT state and announces that:
 *   - when the current state is the one the event describes, the result is that event;
 *   - when the object has moved on (the event is older than the object), the result announces the
 *     current state instead — e.g. a late `payment_intent.processing` for a debit that has since
 *     succeeded becomes `payment.succeeded`, a late `payment_intent.payment_failed` for a Checkout
 *     attempt that the customer then fixed becomes `payment.succeeded` too;
 *   - when the current state announces nothing (a payment that was never attempted), null.
 * So a stale event can never move the app backwards; at worst the app hears the current state
 * twice, which handlers treat as "already there". The GatewayEvent always keeps the Stripe event's
 * id (a redelivery has the same id, and the app records ids, so a replay is a no-op) and its time.
 *
 * Objects without our `metadata.purpose` (made in the Dashboard, or Stripe's own automatic
 * refunds of released holds) are not ours: null.
 */

export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type StripeWebhookError =
  /** No Stripe-Signature header (or an empty one): not from Stripe. */
  | { code: "missing_signature"; message: string }
  /** A signature that does not match this body and secret, or is older than the tolerance. */
  | { code: "invalid_signature"; message: string }
  /** Signed correctly but not an event (no JSON object with id and type). */
  | { code: "invalid_payload"; message: string };

export type ParsedStripeWebhook = { ok: true; event: Stripe.Event } | { ok: false; error: StripeWebhookError };

/**
 * Verifies the signature over the RAW body (`await request.text()`: parsing and re-serializing
 * JSON changes the bytes and breaks the signature) and parses the event. Answer 400 on an error.
 */
export function parseStripeWebhook(rawBody: string | Uint8Array, signatureHeader: string | null | undefined, secret: string): ParsedStripeWebhook {
  if (!secret || !secret.trim()) throw new Error("parseStripeWebhook: the webhook signing secret (STRIPE_WEBHOOK_SECRET) is not set");
  if (!signatureHeader || !signatureHeader.trim()) {
    return { ok: false, error: { code: "missing_signature", message: "No Stripe-Signature header." } };
  }
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      return { ok: false, error: { code: "invalid_signature", message: error.message } };
    }
    // The signature matched, so the body is Stripe's, but it is not JSON.
    return { ok: false, error: { code: "invalid_payload", message: error instanceof Error ? error.message : String(error) } };
  }
  if (!event || typeof event !== "object" || typeof event.id !== "string" || typeof event.type !== "string") {
    return { ok: false, error: { code: "invalid_payload", message: "The body is not a Stripe event." } };
  }
  return { ok: true, event };
}

export type TranslatedStripeEvent = GatewayEvent | GatewayDisputeEvent;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Body = DistributiveOmit<TranslatedStripeEvent, "id" | "gateway" | "createdAt">;

/** The Stripe event types that can become GatewayEvents; every other type is ignored (null). */
export const translatedStripeEventTypes = [
  "checkout.session.completed",
  "checkout.session.expired",
  "setup_intent.succeeded",
  "setup_intent.setup_failed",
  "payment_intent.succeeded",
  "payment_intent.processing",
  "payment_intent.requires_action",
  "payment_intent.payment_failed",
  "payment_intent.amount_capturable_updated",
  "payment_intent.canceled",
  "refund.created",
  "refund.updated",
  "refund.failed",
  "charge.refund.updated",
  "charge.refunded",
  "charge.dispute.created",
  "charge.dispute.closed",
  "account.updated",
  "payout.created",
  "payout.updated",
  "payout.paid",
  "payout.failed",
] as const satisfies readonly Stripe.Event["type"][];

/**
 * One Stripe event → the GatewayEvent it means now (see the out-of-order rule above), or null for a
 * type or an object that is not ours. Reads from Stripe; throws GatewayRequestError("unavailable")
 * when Stripe cannot be reached, so the route answers 5xx and Stripe delivers again.
 */
export async function translateStripeEvent(event: Stripe.Event, client: StripeClient): Promise<TranslatedStripeEvent | null> {
  const body = await translateBody(event, client);
  if (!body) return null;
  return { ...body, id: event.id, gateway: "stripe", createdAt: new Date(event.created * 1000).toISOString() } as TranslatedStripeEvent;
}

async function translateBody(event: Stripe.Event, client: StripeClient): Promise<Body | null> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.expired":
      return fromSession(client, event.data.object.id);
    case "setup_intent.succeeded":
    case "setup_intent.setup_failed":
      return fromSetupIntent(client, event.data.object);
    case "payment_intent.succeeded":
    case "payment_intent.processing":
    case "payment_intent.requires_action":
    case "payment_intent.payment_failed":
    case "payment_intent.amount_capturable_updated":
    case "payment_intent.canceled":
      return fromPayment(client, event.data.object.id);
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
    case "charge.refund.updated":
      return fromRefund(client, event.data.object.id);
    case "charge.refunded":
      return fromChargeRefunded(client, event.data.object.id);
    case "charge.dispute.created":
    case "charge.dispute.closed":
      return fromDispute(client, event.data.object.id);
    case "account.updated":
      return fromAccount(client, event.data.object.id);
    case "payout.created":
    case "payout.updated":
    case "payout.paid":
    case "payout.failed": {
      // Connect: a payout on a connected account (event.account). The platform's own payouts are not ours.
      const account = connectedAccountOf(event);
      return account ? fromPayout(client, account, event.data.object.id) : null;
    }
    default:
      return null;
  }
}

/** What a payment's current state announces (null: nothing, e.g. never attempted). */
export function paymentEventBody(payment: Payment): Body | null {
  const metadata = payment.metadata;
  const hold = payment.captureMethod === "manual";
  switch (payment.status) {
    case "succeeded":
      return hold
        ? {
            type: "hold.captured",
            metadata,
            payment,
            capturedCents: payment.amountReceivedCents,
            releasedCents: payment.amountCents - payment.amountReceivedCents,
          }
        : { type: "payment.succeeded", metadata, payment };
    case "processing":
      return { type: "payment.processing", metadata, payment };
    case "requires_action":
      return { type: "payment.requires_action", metadata, payment };
    case "requires_capture":
      return { type: "hold.placed", metadata, payment };
    case "failed":
      return payment.lastFailure ? { type: "payment.failed", metadata, payment, failure: payment.lastFailure } : null;
    case "canceled":
      // Only holds are released (an abandoned payment is `failed`, above).
      return hold ? { type: "hold.released", metadata, payment, reason: payment.cancellationReason ?? "requested" } : null;
    default: {
      const never: never = payment.status;
      return never;
    }
  }
}

async function fromPayment(client: StripeClient, id: string): Promise<Body | null> {
  const payment = await loadPayment(client, id);
  if (!payment || !payment.metadata.purpose) return null;
  return paymentEventBody(payment);
}

async function fromSession(client: StripeClient, id: string): Promise<Body | null> {
  const raw = await retrieveSession(client, id);
  if (!raw || !hasPurpose(raw.metadata)) return null;
  const session = toSession(raw);
  const metadata = session.metadata;
  if (session.status === "expired") return { type: "session.expired", metadata, session };
  // A payment page's outcome arrives through its PaymentIntent's events (payment.*, hold.*).
  if (session.status !== "complete" || session.mode !== "setup") return null;
  return setupSucceeded(client, raw, metadata);
}

async function setupSucceeded(client: StripeClient, raw: Stripe.Checkout.Session, metadata: GatewayMetadata): Promise<Body | null> {
  const session = toSession(raw);
  const methodId = savedMethodIdOf(raw);
  if (!methodId) return null;
  const pm = await orNull("payment method", () => client.sdk.paymentMethods.retrieve(methodId, { expand: METHOD_EXPAND }));
  // Even if the customer removed it since, the event says what was saved then.
  const paymentMethod = pm ? toSavedMethod(pm, session.customerId) : null;
  if (!paymentMethod) return null;
  return { type: "setup.succeeded", metadata, session, paymentMethod };
}

/**
 * SetupIntents made by a Checkout setup page. Checkout cannot be searched by SetupIntent, so the
 * session is found among the customer's (newest first); a SetupIntent of no session is not ours.
 */
async function fromSetupIntent(client: StripeClient, payload: Stripe.SetupIntent): Promise<Body | null> {
  const si = await orNull("setup intent", () => client.sdk.setupIntents.retrieve(payload.id));
  const customer = idOf(si?.customer);
  if (!si || !customer || !hasPurpose(si.metadata)) return null;
  let sessionId: string | null = null;
  try {
    for await (const s of client.sdk.checkout.sessions.list({ customer, limit: 100 })) {
      if (idOf(s.setup_intent) === si.id) {
        sessionId = s.id;
        break;
      }
    }
  } catch (error) {
    throw toGatewayRequestError(error, "session lookup");
  }
  if (!sessionId) return null;
  const raw = await retrieveSession(client, sessionId);
  if (!raw) return null;
  const session = toSession(raw);
  if (si.status === "succeeded") return setupSucceeded(client, raw, session.metadata);
  if (si.status === "requires_payment_method" && si.last_setup_error) {
    const e = si.last_setup_error;
    return {
      type: "setup.failed",
      metadata: session.metadata,
      session,
      failure: { code: e.code ?? e.type ?? "setup_failed", declineCode: e.decline_code ?? null, message: e.message ?? "" },
    };
  }
  return null;
}

function refundBody(refund: Stripe.Refund): Body | null {
  // Stripe's automatic refund of a hold's released remainder is no refund of ours (hold.* covers it).
  if (refund.reason === "expired_uncaptured_charge" || !hasPurpose(refund.metadata)) return null;
  const mapped = toRefund(refund);
  if (mapped.status === "succeeded") return { type: "refund.succeeded", metadata: mapped.metadata, refund: mapped };
  if (mapped.status === "failed") return { type: "refund.failed", metadata: mapped.metadata, refund: mapped, failure: refundFailure(refund) };
  return null;
}

async function fromRefund(client: StripeClient, id: string): Promise<Body | null> {
  const refund = await orNull("refund", () => client.sdk.refunds.retrieve(id));
  return refund ? refundBody(refund) : null;
}

/**
 * `charge.refunded` is about the charge, not one refund: it announces the charge's newest
 * succeeded refund of ours. Every refund also has its own refund.created/updated events.
 */
async function fromChargeRefunded(client: StripeClient, chargeId: string): Promise<Body | null> {
  const page = await stripeCall("refunds", () => client.sdk.refunds.list({ charge: chargeId, limit: 100 }));
  const newest = page.data
    .filter((r) => r.status === "succeeded" && refundBody(r) !== null)
    .sort((a, b) => b.created - a.created || b.id.localeCompare(a.id))[0];
  return newest ? refundBody(newest) : null;
}

async function fromDispute(client: StripeClient, id: string): Promise<Body | null> {
  const dispute = await orNull("dispute", () => client.sdk.disputes.retrieve(id));
  const paymentId = idOf(dispute?.payment_intent);
  if (!dispute || !paymentId) return null;
  // A dispute has no metadata of ours; the disputed payment's routes it.
  const pi = await retrieveIntent(client, paymentId);
  if (!pi || !hasPurpose(pi.metadata)) return null;
  const metadata = callerMetadata(pi.metadata);
  const mapped = toDispute(dispute);
  if (mapped.status === "open") return { type: "dispute.opened", metadata, dispute: mapped };
  return { type: "dispute.closed", metadata, dispute: mapped, outcome: mapped.status };
}

/** Connect (docs/decisions/053): the account as it is now. */
async function fromAccount(client: StripeClient, id: string): Promise<Body | null> {
  const account = await getConnectedAccount(client, id);
  if (!account || !account.metadata.purpose) return null;
  return { type: "account.updated", metadata: account.metadata, account };
}

/** A connected account's payout, announced by its CURRENT status (the out-of-order rule above). */
async function fromPayout(client: StripeClient, accountId: string, id: string): Promise<Body | null> {
  const payout = await getPayout(client, { accountId, payoutId: id });
  if (!payout || !payout.metadata.purpose) return null;
  const metadata = payout.metadata;
  if (payout.status === "paid") return { type: "payout.paid", metadata, payout };
  if (payout.status === "failed")
    return { type: "payout.failed", metadata, payout, failure: payout.failure ?? { code: "failed", declineCode: null, message: "" } };
  return { type: "payout.in_transit", metadata, payout };
}
