import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveStripeWebhook } from "../payments/stripe/receive.server";

/** Stripe's webhook endpoint (docs/payments.md). Only POST; the body is read raw for the signature. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ received: false }, { status: 405 });
  const { services } = context;
  const answer = await receiveStripeWebhook(services, {
    rawBody: await request.text(),
    signature: request.headers.get("stripe-signature"),
    secret: services.env.STRIPE_WEBHOOK_SECRET,
  });
  return Response.json(answer.body, { status: answer.status });
}

export async function loader() {
  return Response.json({ received: false, error: "POST only" }, { status: 405 });
}
