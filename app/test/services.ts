import { sessionLifetimes, startSession } from "../auth/sessions.server";
import { createRecordingQueue } from "../jobs/runtime.server";
import { createMailboxMailer, type Mailer } from "../notifications/mailer.server";
import type { GatewayEvent } from "../payments/gateway";
import { type GatewayFactory, simulatedGatewayFactory } from "../payments/gateway.server";
import type { SimulatedGatewayOptions } from "../payments/simulated/core.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { createServices, type AppServices } from "../services.server";
import { extensions } from "../wiring.server";
import { createMemoryStorage } from "../storage/storage.server";
import { createClock } from "../utils/clock.server";
import type { DatabaseHandle } from "../utils/db.server";
import { parseEnv } from "../utils/env.server";
import { createLogger } from "../utils/logger.server";

export interface TestServiceOptions {
  start?: Date;
  /** Simulated gateway settings (faults, delays). */
  gateway?: Partial<Omit<SimulatedGatewayOptions, "db" | "clock" | "logger" | "deliver">>;
  /** Replaces event delivery (default: applyGatewayEvent with the real handler registry). */
  deliver?: (services: AppServices, event: GatewayEvent) => Promise<unknown>;
  /** Replaces the mailbox mailer (e.g. one that fails or records). */
  mailer?: Mailer;
  /** Another gateway instead of the simulated one (e.g. the Stripe adapter on the fake Stripe server). */
  gatewayFactory?: GatewayFactory;
}

/**
 * Services over a test database: quiet logs, a recording job queue, a movable clock, the mailbox
 * mailer, and the simulated payment gateway (the same one the app runs offline).
 */
export function createTestServices(database: DatabaseHandle, options: TestServiceOptions = {}) {
  const env = parseEnv({ NODE_ENV: "test", DATA_DIR: "/tmp/buurtkracht-test-unused", BUURTKRACHT_TEST_HOOKS: "1", LOG_LEVEL: "silent" });
  const startMs = options.start?.getTime();
  const base = startMs === undefined ? () => Date.now() : () => startMs;
  const clock = createClock({ adjustable: true, start: base });
  const jobs = createRecordingQueue();
  const storage = createMemoryStorage();
  const deliverOverride = options.deliver;
  const services: AppServices = createServices({
    env,
    db: database.db,
    dbKind: database.kind,
    pool: database.pool,
    logger: createLogger("silent"),
    clock,
    jobs,
    storage,
    mailer: options.mailer ?? createMailboxMailer(database.db, { from: env.MAIL_FROM }),
    extensions,
    sessionSecrets: ["test-secret-test-secret-test-secret-1234"],
    gateway:
      options.gatewayFactory ??
      ((deps) =>
        simulatedGatewayFactory({
          appUrl: "http://buurtkracht.test",
          ...options.gateway,
          ...(deliverOverride ? { deliver: (event: GatewayEvent) => deliverOverride(services, event) } : {}),
        })(deps)),
  });
  return { services, jobs, clock, storage, gateway: services.gateway as SimulatedGateway };
}

/** The load context a route sees, for calling loaders and actions directly. */
export function testContext(services: AppServices, clientIp = "127.0.0.1") {
  return { services, requestId: "test-request", clientIp, logger: services.logger, cspNonce: "test-nonce" };
}

/**
 * A session cookie ("name=value") for `userId` — a real server-side session started at `at`
 * (default: the services' clock), as the login action makes one — for calling routes.
 */
export async function sessionCookieFor(services: AppServices, userId: string, at: Date = services.clock.now()): Promise<string> {
  const { token } = await startSession(services.db, { userId, userAgent: "vitest", now: at, lifetimes: sessionLifetimes(services.env) });
  const request = new Request("http://localhost/");
  const session = await services.sessions.getSession(request);
  session.set("token", token);
  return (await services.sessions.commitSession(request, session)).split(";")[0]!;
}
