import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveStripeWebhook } from "../payments/stripe/receive.server";

/**
 * Stripe's Connect webhook endpoint: events on connected accounts (account.updated, payout.*),
 * which Stripe sends to an endpoint of their own with its own signing secret
 * (docs/decisions/053-payouts.md). Same path into the app as /webhooks/stripe.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ received: false }, { status: 405 });
  const { services } = context;
  const answer = await receiveStripeWebhook(services, {
    rawBody: await request.text(),
    signature: request.headers.get("stripe-signature"),
    secret: services.env.STRIPE_CONNECT_WEBHOOK_SECRET,
  });
  return Response.json(answer.body, { status: answer.status });
}

export async function loader() {
  return Response.json({ received: false, error: "POST only" }, { status: 405 });
}
