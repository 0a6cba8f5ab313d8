import type { Kysely } from "kysely";
import type pg from "pg";
import type { Database } from "../db/schema";
import { createLoginLimiter, type LoginLimiter } from "./auth/login-limiter.server";
import { createSessionStore, type SessionStore } from "./auth/session.server";
import type { PaymentGateway } from "./payments/gateway";
import type { GatewayFactory } from "./payments/gateway.server";
import { applyGatewayEvent } from "./payments/events.server";
import type { JobQueue } from "./jobs/job";
import type { Mailer } from "./notifications/mailer.server";
import type { FileStorage } from "./storage/storage.server";
import type { TestClock } from "./utils/clock.server";
import { type Env, isHttps } from "./utils/env.server";
import type { Logger } from "./utils/logger.server";
import { createSigner, type Signer } from "./utils/signer.server";

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
  jobs: JobQueue;
  /** Uploaded files (local disk under DATA_DIR/uploads by default). */
  storage: FileStorage;
  /** Outgoing e-mail: SMTP when SMTP_URL is set, else the in-app mailbox (notifications module). */
  mailer: Mailer;
  // --- derived in createServices:
  /** Payments (docs/decisions/020): simulated without Stripe keys. Never call it inside a transaction. */
  gateway: PaymentGateway;
  sessions: SessionStore;
  loginLimiter: LoginLimiter;
  /** Signs values that travel in links (unsubscribe, calendar feed). */
  signer: Signer;
}

type DerivedServices = "sessions" | "loginLimiter" | "signer" | "gateway";
/** What a process provides; the rest is derived. A new service is a field on AppServices. */
export type CoreServiceDeps = Omit<AppServices, DerivedServices> & { sessionSecrets: string[]; gateway: GatewayFactory };

export function createServices(deps: CoreServiceDeps): AppServices {
  const { sessionSecrets, gateway: gatewayFactory, ...provided } = deps;
  const services: Omit<AppServices, "gateway"> & { gateway?: PaymentGateway } = {
    ...provided,
    signer: createSigner(sessionSecrets),
    sessions: createSessionStore({
      secrets: sessionSecrets,
      appUrlIsHttps: isHttps(deps.env),
      trustProxy: deps.env.TRUST_PROXY,
      maxAgeSeconds: deps.env.SESSION_MAX_DAYS * 24 * 60 * 60,
    }),
    loginLimiter: createLoginLimiter(deps.pool),
  };
  const complete = services as AppServices;
  // The gateway delivers its events into the app through the one event path (decision 023).
  complete.gateway = gatewayFactory({
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
