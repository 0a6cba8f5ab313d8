import { ensureGatewayCustomer } from "../payments/customers.server";
import type { DeliveryOptions } from "../payments/stripe/testing/fake-stripe.server";
import { type Harness } from "../payments/stripe/testing/harness.server";
import { receiveStripeWebhook, type WebhookAnswer } from "../payments/stripe/receive.server";
import { pledgeToProject } from "../pledges/pledges.server";
import type { AppServices } from "../services.server";
import type { DatabaseHandle } from "../utils/db.server";
import { createLiveProject, createUsers } from "./projects";
import { createTestServices } from "./services";

/** Test services whose gateway is the Stripe adapter on the harness's fake Stripe server; one clock for both. */
export function stripeWorld(database: DatabaseHandle, h: Harness, start: Date) {
  const made = createTestServices(database, { start, gatewayFactory: () => h.gateway });
  const advance = (ms: number) => {
    made.clock.advance(ms);
    h.fake.control.advanceTime(ms);
  };
  return { ...made, advance };
}

/**
 * Delivers the webhooks the fake queued to the app exactly as POST /webhooks/stripe receives them
 * (receiveStripeWebhook: signature, replay check, translation, applyGatewayEvent). Returns the answers.
 */
export async function deliverStripeWebhooks(services: AppServices, h: Harness, options: DeliveryOptions = {}) {
  const answers: WebhookAnswer[] = [];
  const results = await h.fake.control.webhooks.deliver(
    {
      callback: async (rawBody, signature) => {
        const answer = await receiveStripeWebhook(services, { rawBody, signature, secret: h.fake.webhookSecret });
        answers.push(answer);
        return answer.status;
      },
    },
    options,
  );
  return { results, answers };
}

/**
 * A live all-or-nothing project (10 days, goal = the sum of `amounts` unless given) with one backer
 * per amount who saved `card` through Stripe Checkout (setup mode) and pledged it.
 */
export async function stripePledgedProject(services: AppServices, h: Harness, amounts: number[], options: { card?: string; goalCents?: number } = {}) {
  const tag = Math.random().toString(36).slice(2, 7);
  const [initiator] = await createUsers(services.db, `i${tag}`, 1);
  const [moderator] = await createUsers(services.db, `m${tag}`, 1, "moderator");
  const project = await createLiveProject(services.db, {
    initiatorId: initiator!,
    moderatorId: moderator!,
    now: services.clock.now(),
    goalCents: options.goalCents ?? amounts.reduce((a, b) => a + b, 0),
    durationDays: 10,
  });
  const backerIds = await createUsers(services.db, `b${tag}`, amounts.length);
  const pledgeIds: string[] = [];
  for (const [i, backerId] of backerIds.entries()) {
    const customerId = await ensureGatewayCustomer(services, { id: backerId, email: `b${i}-${tag}@example.nl`, displayName: `Backer ${i}` });
    const method = await h.save(customerId, { card: options.card ?? "pm_card_visa" }, { purpose: "pledge" });
    if (!method) throw new Error("Stripe declined the card at setup");
    const r = await pledgeToProject(services.db, {
      projectId: project.id,
      backerId,
      amountCents: amounts[i]!,
      tierId: null,
      message: "",
      visibility: "initiator",
      token: `token-${backerId}`,
      paymentMethodRef: method.id,
      now: services.clock.now(),
    });
    if (!r.ok) throw new Error(r.error);
    pledgeIds.push(r.pledgeId);
  }
  return { project, pledgeIds, backerIds, initiatorId: initiator!, moderatorId: moderator! };
}
