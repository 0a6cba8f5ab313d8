import type { Kysely } from "kysely";
import type pg from "pg";
import type { Database } from "../db/schema";
import { createLoginLimiter, type LoginLimiter } from "./auth/login-limiter.server";
import { createSessionStore, type SessionStore } from "./auth/session.server";
import type { PaymentGateway } from "./payments/gateway";
import type { GatewayFactory } from "./payments/gateway.server";
import { applyGatewayEvent } from "./payments/events.server";
import type { JobQueue } from "./jobs/job";
import type { FileStorage } from "./storage/storage.server";
import type { TestClock } from "./utils/clock.server";
import { type Env, isHttps } from "./utils/env.server";
import type { Logger } from "./utils/logger.server";

/**
 * Everything a request or a job needs, created once per process by the server (server/main.ts) or
 * by a test, and handed to routes through Remix's load context. Nothing here is a module-level
 * singleton, so the web server, the worker and each test get their own.
 */
export interface AppServices {
  env: Env;
  db: Kysely<Database>;
  dbKind: "embedded" | "server";
  pool: pg.Pool;
  logger: Logger;
  clock: TestClock;
  sessions: SessionStore;
  loginLimiter: LoginLimiter;
  jobs: JobQueue;
  storage: FileStorage;
  /** Payments (docs/decisions/020): simulated without Stripe keys. Never call it inside a transaction. */
  gateway: PaymentGateway;
}

export interface CoreServiceDeps {
  env: Env;
  db: Kysely<Database>;
  dbKind: "embedded" | "server";
  pool: pg.Pool;
  logger: Logger;
  clock: TestClock;
  jobs: JobQueue;
  storage: FileStorage;
  sessionSecrets: string[];
  gateway: GatewayFactory;
}

export function createServices(deps: CoreServiceDeps): AppServices {
  const services: Omit<AppServices, "gateway"> & { gateway?: PaymentGateway } = {
    env: deps.env,
    db: deps.db,
    dbKind: deps.dbKind,
    pool: deps.pool,
    logger: deps.logger,
    clock: deps.clock,
    jobs: deps.jobs,
    storage: deps.storage,
    sessions: createSessionStore({
      secrets: deps.sessionSecrets,
      appUrlIsHttps: isHttps(deps.env),
      trustProxy: deps.env.TRUST_PROXY,
    }),
    loginLimiter: createLoginLimiter(deps.pool),
  };
  const complete = services as AppServices;
  // The gateway delivers its events into the app through the one event path (decision 023).
  complete.gateway = deps.gateway({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    env: deps.env,
    deliver: (event) => applyGatewayEvent(complete, event),
  });
  return complete;
}

/** What Remix hands every loader and action (see server/app.ts getLoadContext). */
export interface RequestContext {
  services: AppServices;
  requestId: string;
  clientIp: string;
  logger: Logger;
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends RequestContext {}
}
