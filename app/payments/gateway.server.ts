import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Clock } from "../utils/clock.server";
import type { Env } from "../utils/env.server";
import type { Logger } from "../utils/logger.server";
import type { GatewayEvent, PaymentGateway } from "./gateway";
import { createSimulatedGateway } from "./simulated/gateway.server";
import { parseStripeApiHost } from "./stripe/client.server";
import { createStripeGateway } from "./stripe/gateway.server";

/**
 * Chooses and builds the process's payment gateway (docs/decisions/020-payment-gateway-port.md).
 * The gateway is built after the other services, because it delivers its events into the app
 * through `deliver` = applyGatewayEvent(services, event).
 */
export interface GatewayDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  env: Env;
  deliver: (event: GatewayEvent) => Promise<unknown>;
}

export type GatewayFactory = (deps: GatewayDeps) => PaymentGateway;

/**
 * Without Stripe keys: the simulated gateway (the offline default). With them: Stripe, whose
 * outcomes arrive at POST /webhooks/stripe (the env parser requires STRIPE_WEBHOOK_SECRET with the
 * keys). STRIPE_API_HOST points the SDK at a Stripe-compatible server (the tests' fake).
 */
export function gatewayFactoryFromEnv(env: Pick<Env, "STRIPE_SECRET_KEY" | "STRIPE_API_HOST" | "PAYMENT_METHODS">): GatewayFactory {
  const secretKey = env.STRIPE_SECRET_KEY;
  if (!secretKey) return simulatedGatewayFactory();
  const endpoint = parseStripeApiHost(env.STRIPE_API_HOST) ?? undefined;
  return (deps) =>
    createStripeGateway({
      secretKey,
      methods: env.PAYMENT_METHODS,
      appUrl: deps.env.APP_URL,
      logger: deps.logger.child({ module: "stripe-gateway" }),
      clock: deps.clock,
      client: endpoint,
    });
}

export function simulatedGatewayFactory(overrides: Partial<Parameters<typeof createSimulatedGateway>[0]> = {}): GatewayFactory {
  return (deps) =>
    createSimulatedGateway({
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger.child({ module: "simulated-gateway" }),
      appUrl: deps.env.APP_URL,
      methods: deps.env.PAYMENT_METHODS,
      deliver: deps.deliver,
      rateLimit: deps.env.SIMULATED_GATEWAY_RATE_LIMIT,
      latencyMs: deps.env.SIMULATED_GATEWAY_LATENCY_MS,
      ...overrides,
    });
}
