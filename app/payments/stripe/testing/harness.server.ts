import { createLogger } from "../../../utils/logger.server";
import type { GatewayMetadata, SavedPaymentMethod } from "../../gateway";
import { createStripeGateway, type StripeGateway, type StripeGatewayOptions } from "../gateway.server";
import { type CheckoutChoice, type FakeStripe, type FakeStripeOptions, type RecordedRequest, startFakeStripe } from "./fake-stripe.server";

/**
 * For the Stripe adapter's contract tests (and, later, other features' tests against Stripe):
 * a fake Stripe server and a gateway pointed at it, plus shortcuts that drive the fake the way a
 * customer would (so the same events are queued as in Stripe test mode).
 */

export const APP_URL = "http://buurtkracht.test";
export const urls = { returnUrl: `${APP_URL}/back`, cancelUrl: `${APP_URL}/cancel` } as const;

export interface Harness {
  fake: FakeStripe;
  gateway: StripeGateway;
  /** A gateway on the same fake with other options (e.g. retries and a short timeout). */
  gatewayWith(options: Partial<StripeGatewayOptions>): StripeGateway;
  customer(name?: string): Promise<string>;
  /** Saves a method through a hosted setup page, as the customer would. Null when Stripe declined it. */
  save(customerId: string, choice: CheckoutChoice, metadata?: GatewayMetadata): Promise<SavedPaymentMethod | null>;
  /** The requests the app made, optionally only one method and path (exact, or a RegExp). */
  sent(method?: string, path?: string | RegExp): RecordedRequest[];
  close(): Promise<void>;
}

let counter = 0;

export async function startHarness(options: { fake?: FakeStripeOptions; gateway?: Partial<StripeGatewayOptions> } = {}): Promise<Harness> {
  const fake = await startFakeStripe(options.fake);
  const logger = createLogger("silent");
  const gatewayWith = (extra: Partial<StripeGatewayOptions>) =>
    createStripeGateway({
      secretKey: "sk_test_fake",
      appUrl: APP_URL,
      logger,
      client: fake.client,
      // No SDK retries unless a test is about them: each retry sleeps ≥ 0.5 s (stripe-node's floor).
      maxNetworkRetries: 0,
      timeoutMs: 5_000,
      ...options.gateway,
      ...extra,
    });
  const gateway = gatewayWith({});
  return {
    fake,
    gateway,
    gatewayWith,
    async customer(name = "Eva Visser") {
      const c = await gateway.createCustomer({ email: `${name.split(" ")[0]!.toLowerCase()}@example.nl`, name, idempotencyKey: `customer:${++counter}` });
      return c.id;
    },
    async save(customerId, choice, metadata = { purpose: "test" }) {
      const session = await gateway.createSetupSession({ customerId, ...urls, metadata, idempotencyKey: `setup:${++counter}` });
      const outcome = fake.control.completeCheckout(session.id, choice);
      if (!outcome.paymentMethodId) return null;
      return gateway.getPaymentMethod(outcome.paymentMethodId);
    },
    sent(method, path) {
      return fake.requests.filter((r) => (!method || r.method === method) && (!path || (typeof path === "string" ? r.path === path : path.test(r.path))));
    },
    close: () => fake.close(),
  };
}
