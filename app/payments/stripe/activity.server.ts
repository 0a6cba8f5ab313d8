import type Stripe from "stripe";
import { checkActivityInput, decodeActivityCursor, encodeActivityCursor } from "../activity";
import type { GatewayActivityPage, ListActivityInput } from "../gateway";
import type { StripeClient } from "./client.server";
import { stripeCall } from "./errors.server";
import { idOf, toPayment, toRefund } from "./mapping.server";

/**
 * Stripe's own record for `listActivity` (docs/decisions/027): one page of
 * `GET /v1/payment_intents?created[gte]=…&created[lt]=…&limit=…&starting_after=…`, then of
 * `GET /v1/refunds` with the same filter. Stripe lists newest first and has whole seconds.
 *
 * A PaymentIntent does not name the Checkout Session that made it, so each page of payments also
 * lists the sessions created up to a session's lifetime (24 h) before its oldest payment
 * (auto-paginated with the SDK's `for await`), once per page instead of one lookup per payment.
 */
const SESSION_LIFETIME_SECONDS = 24 * 3_600;
const PAYMENT_LIST_EXPAND = ["data.latest_charge.balance_transaction", "data.payment_method"];

export async function listStripeActivity(client: StripeClient, input: ListActivityInput): Promise<GatewayActivityPage> {
  const { since, until, limit } = checkActivityInput(input);
  const cursor = decodeActivityCursor(input.cursor);
  const created = { gte: Math.floor(since.getTime() / 1000), lt: Math.ceil(until.getTime() / 1000) };

  if (cursor.list === "payments") {
    const page = await stripeCall("payment list", () =>
      client.sdk.paymentIntents.list({ created, limit, expand: PAYMENT_LIST_EXPAND, ...(cursor.after ? { starting_after: cursor.after } : {}) }),
    );
    const sessions = await sessionsOf(client, page.data);
    const payments = page.data.map((pi) => toPayment(pi, client.appUrl, sessions.get(pi.id) ?? null));
    const last = page.data[page.data.length - 1];
    const next = page.has_more && last ? { list: "payments" as const, after: last.id } : { list: "refunds" as const, after: null };
    return { payments, refunds: [], nextCursor: encodeActivityCursor(next) };
  }

  const page = await stripeCall("refund list", () => client.sdk.refunds.list({ created, limit, ...(cursor.after ? { starting_after: cursor.after } : {}) }));
  const last = page.data[page.data.length - 1];
  return {
    payments: [],
    refunds: page.data.map(toRefund),
    nextCursor: page.has_more && last ? encodeActivityCursor({ list: "refunds", after: last.id }) : null,
  };
}

/** PaymentIntent id → the Checkout Session that made it, for the intents of one page. */
async function sessionsOf(client: StripeClient, intents: readonly Stripe.PaymentIntent[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (intents.length === 0) return out;
  const wanted = new Set(intents.map((pi) => pi.id));
  const oldest = Math.min(...intents.map((pi) => pi.created));
  const newest = Math.max(...intents.map((pi) => pi.created));
  await stripeCall("session list", async () => {
    for await (const session of client.sdk.checkout.sessions.list({ created: { gte: oldest - SESSION_LIFETIME_SECONDS, lte: newest }, limit: 100 })) {
      const paymentId = idOf(session.payment_intent);
      if (paymentId && wanted.has(paymentId)) out.set(paymentId, session.id);
    }
  });
  return out;
}
