import { applyGatewayEvent, type GatewayEventServices } from "../events.server";
import { GatewayRequestError, type PaymentGateway } from "../gateway";
import { isStripeGateway } from "./gateway.server";
import { parseStripeWebhook, translateStripeEvent } from "./webhooks.server";

/**
 * POST /webhooks/stripe (docs/payments.md): the only way a Stripe outcome enters the app.
 *   - the signature is checked over the raw body; missing or wrong → 400, nothing changes;
 *   - an event id already recorded → 200 at once (a redelivery is a no-op, nothing is fetched);
 *   - the event is translated by the out-of-order rule (the object's current state, fetched from
 *     Stripe) and applied through applyGatewayEvent, which records the id in the same transaction;
 *   - Stripe unreachable, or a handler failing → 503/500, so Stripe delivers it again.
 */
export type WebhookAnswer = { status: number; body: { received: boolean; result?: string; error?: string } };

export async function receiveStripeWebhook(
  services: GatewayEventServices & { gateway: PaymentGateway },
  input: { rawBody: string; signature: string | null; secret: string | undefined },
): Promise<WebhookAnswer> {
  const { gateway } = services;
  if (!isStripeGateway(gateway) || !input.secret) return { status: 404, body: { received: false, error: "stripe_not_configured" } };
  const parsed = parseStripeWebhook(input.rawBody, input.signature, input.secret);
  if (!parsed.ok) {
    services.logger.warn({ code: parsed.error.code }, "stripe webhook refused");
    return { status: 400, body: { received: false, error: parsed.error.code } };
  }
  const event = parsed.event;
  const seen = await services.db.selectFrom("gateway_events").select("id").where("gateway", "=", "stripe").where("event_id", "=", event.id).executeTakeFirst();
  if (seen) return { status: 200, body: { received: true, result: "duplicate" } };
  try {
    const translated = await translateStripeEvent(event, gateway.client);
    if (!translated) return { status: 200, body: { received: true, result: "ignored" } };
    const result = await applyGatewayEvent(services, translated);
    return { status: 200, body: { received: true, result: result.status } };
  } catch (error) {
    const unavailable = error instanceof GatewayRequestError && error.code === "unavailable";
    services.logger.error({ err: error, eventId: event.id, type: event.type }, "stripe webhook not applied; Stripe will deliver it again");
    return { status: unavailable ? 503 : 500, body: { received: false, error: unavailable ? "stripe_unavailable" : "not_applied" } };
  }
}
