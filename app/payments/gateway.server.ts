import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Clock } from "../utils/clock.server";
import { type Env, EnvError } from "../utils/env.server";
import type { Logger } from "../utils/logger.server";
import type { GatewayEvent, PaymentGateway } from "./gateway";
import { createSimulatedGateway } from "./simulated/gateway.server";

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

export const STRIPE_NOT_YET =
  "STRIPE_SECRET_KEY is set, but the Stripe gateway arrives in a later issue. " +
  "Unset STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY to use the simulated gateway (the offline default).";

/** Without Stripe keys: the simulated gateway. With them: refused until the Stripe issue lands. */
export function gatewayFactoryFromEnv(env: Pick<Env, "STRIPE_SECRET_KEY">): GatewayFactory {
  if (env.STRIPE_SECRET_KEY) throw new EnvError([STRIPE_NOT_YET]);
  return simulatedGatewayFactory();
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
      ...overrides,
    });
}
