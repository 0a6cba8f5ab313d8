import { randomUUID } from "node:crypto";
import path from "node:path";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import expressStaticGzip from "express-static-gzip";
import { sql } from "kysely";
import { pendingMigrations } from "../db/migrate";
import { runDueJobs } from "../app/jobs/runtime.server";
import { verifyLedger } from "../app/ledger/verify.server";
import type { AppServices } from "../app/services.server";
import { redactPath } from "../app/utils/logger.server";
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY } from "./edge/headers";
import { createRemixBridge, type RemixHandle } from "./edge/remix";
import { compressResponses } from "./edge/compress";
import { canonicalRedirect } from "./edge/canonical-host";
import { parseTileUrl } from "../app/utils/map";
import { FIXTURE_TILE_PNG } from "./edge/fixture-tile";

export interface AppOptions {
  services: AppServices;
  /** The Remix server build; a function so development can swap it after a rebuild. */
  getBuild: () => ServerBuild | Promise<ServerBuild>;
  /** Tests: answer Remix requests with this instead of a build. */
  remixHandle?: RemixHandle;
  mode: "development" | "production";
  publicDir: string;
  /** Set while shutting down: /readyz turns 503 so a load balancer drains us. */
  isShuttingDown?: () => boolean;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard on top of SameSite=Lax cookies: a state-changing request must
 * come from our own origin (APP_URL's or the Host it was sent to). Browsers send Origin on every
 * cross-origin POST; when it is missing, Sec-Fetch-Site tells. Webhooks are exempt (they are signed).
 */
export function isAllowedOrigin(
  req: { method: string; path: string; headers: Record<string, string | string[] | undefined>; protocol: string },
  appUrl: string,
): boolean {
  if (SAFE_METHODS.has(req.method)) return true;
  if (req.path.startsWith("/webhooks/")) return true;
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const origin = header("origin");
  if (origin && origin !== "null") {
    const own = new Set([new URL(appUrl).origin]);
    const host = header("host");
    if (host) own.add(`${req.protocol}://${host}`);
    return own.has(origin);
  }
  const site = header("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  // Neither header: not a browser (curl, a test client). Cookies alone cannot be forged here.
  return origin !== "null";
}

/**
 * Whether the database answers within two seconds. Asked only after a request failed with a 5xx:
 * then the visitor gets the "back in a moment" 503 page instead of the error page, and the pool
 * reconnects by itself once the database is back (scripts/drills: Postgres restarted under load).
 */
export async function databaseReachable(services: Pick<AppServices, "db">, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      sql`select 1`.execute(services.db),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database did not answer")), timeoutMs);
        timer.unref();
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function createApp(options: AppOptions): express.Express {
  const { services } = options;
  const { env, logger } = services;
  const app = express();
  // A 5xx within 2 s of a failed probe counts as the database's too: a request whose connection
  // was refused just before the database came back is still "the database was away" (the drill).
  let awayUntil = 0;
  const reachable = async () => {
    if (Date.now() < awayUntil) return false;
    const ok = await databaseReachable(services);
    if (!ok) awayUntil = Date.now() + 2_000;
    return ok;
  };
  app.disable("x-powered-by");
  // Trust exactly the configured proxy hops (or addresses): X-Forwarded-For beyond them is the
  // client's own claim and never decides req.ip (login limits) or req.protocol (Secure cookies).
  if (env.TRUST_PROXY !== false) app.set("trust proxy", env.TRUST_PROXY);

  // Request id + one structured log line per request (no query strings, tokens masked).
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = env.TRUST_PROXY !== false ? req.get("x-request-id") : undefined;
    const requestId = incoming && /^[\w-]{8,100}$/.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.locals.logger = logger.child({ requestId });
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      if (req.path === "/healthz" || req.path.startsWith("/build/") || req.path.startsWith("/i18n/")) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      res.locals.logger.info({ method: req.method, path: redactPath(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, "request");
    });
    next();
  });

  // Checkout for pledges; Connect onboarding (an Account Link) for payouts (docs/decisions/053).
  const formActionOrigins = services.gateway.kind === "stripe" ? ["https://checkout.stripe.com", "https://connect.stripe.com"] : [];
  // The map's tiles come from MAP_TILE_URL's one origin, and images from nowhere else (decision 068).
  const tiles = parseTileUrl(env.MAP_TILE_URL);
  const imageOrigins = tiles.ok ? [tiles.origin] : [];
  app.use((req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(self)");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    // Only the embeddable cards may be framed by other sites; they set their own policy.
    if (!req.path.startsWith("/embed/")) {
      res.setHeader("X-Frame-Options", "DENY");
      res.setHeader("Content-Security-Policy", contentSecurityPolicy({ nonce, formActionOrigins, imageOrigins, development: options.mode === "development" }));
    }
    if (env.APP_URL.startsWith("https://") || req.secure) res.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    next();
  });

  // One address per app (decision 067): a page asked for under another host goes to APP_URL's first.
  app.use((req, res, next) => {
    const forwarded = env.TRUST_PROXY !== false ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
    const redirect = canonicalRedirect({
      method: req.method,
      host: forwarded || req.get("host"),
      url: req.originalUrl,
      appUrl: env.APP_URL,
      redirectDeployments: env.CANONICAL_REDIRECT,
    });
    if (!redirect) return next();
    res.redirect(redirect.status, redirect.location);
  });

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
  });

  app.get("/readyz", async (_req, res) => {
    const checks: Record<string, unknown> = {};
    let ready = !options.isShuttingDown?.();
    if (!ready) checks.shuttingDown = true;
    try {
      await sql`select 1`.execute(services.db);
      checks.database = { ok: true, kind: services.dbKind };
      const pending = await pendingMigrations(services.db);
      checks.migrations = { ok: pending.length === 0, pending };
      if (pending.length) ready = false;
    } catch (error) {
      ready = false;
      checks.database = { ok: false, error: error instanceof Error ? error.message : "unreachable" };
    }
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready", checks });
  });

  app.use(compressResponses());

  app.use((req, res, next) => {
    if (isAllowedOrigin(req, env.APP_URL)) return next();
    res.locals.logger.warn({ method: req.method, path: redactPath(req.originalUrl), origin: req.get("origin") }, "cross-origin request refused");
    res.status(403).type("text/plain").send("Cross-origin request refused / Verzoek van een andere website geweigerd.");
  });

  if (env.BUURTKRACHT_TEST_HOOKS) {
    // Test-only: move the clock forward and run due jobs in this process (e2e tests cannot open the
    // embedded database from a second process). Never enabled unless the variable is set.
    app.post("/__test/clock", express.json(), (req, res) => {
      const ms = Number((req.body as { advanceMs?: unknown })?.advanceMs);
      try {
        const now = services.clock.advance(ms);
        res.json({ now: now.toISOString(), offsetMs: services.clock.offsetMs() });
      } catch (error) {
        res.status(400).json({ error: error instanceof Error ? error.message : "bad request" });
      }
    });
    app.post("/__test/run-due", async (_req, res, next) => {
      try {
        res.json({ results: await runDueJobs(services, services.extensions.jobs) });
      } catch (error) {
        next(error);
      }
    });
    // The map's fixture tile (decision 068): these machines reach no tile server, so the e2e
    // server's MAP_TILE_URL points here and every tile is the same small PNG.
    app.get("/__test/tiles/:z/:x/:y.png", (_req, res) => {
      res.type("image/png").setHeader("Cache-Control", "no-store");
      res.send(FIXTURE_TILE_PNG);
    });
    // `npm run ledger:verify` in this process (same reason as run-due).
    app.post("/__test/ledger-verify", async (_req, res, next) => {
      try {
        res.json(await verifyLedger(services.db, services.extensions.ledgerChecks));
      } catch (error) {
        next(error);
      }
    });
  }

  // The bundles' brotli and gzip twins, made at build time (scripts/precompress.ts, decision 086).
  app.use(
    "/build",
    expressStaticGzip(path.join(options.publicDir, "build"), {
      enableBrotli: true,
      orderPreference: ["br", "gz"],
      index: false,
      serveStatic: { immutable: true, maxAge: "1y" },
    }),
  );
  app.use(express.static(options.publicDir, { maxAge: "1h", index: false }));

  // Everything else is Remix, through the edge's own bridge (paths, queries and bodies checked and
  // limited first: server/edge/remix.ts).
  app.all(
    "*",
    createRemixBridge({
      getBuild: options.getBuild,
      handle: options.remixHandle,
      mode: options.mode,
      appUrl: env.APP_URL,
      databaseReachable: reachable,
      getLoadContext: (req, res): AppLoadContext => ({
        services,
        requestId: res.locals.requestId as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        logger: res.locals.logger,
        cspNonce: res.locals.cspNonce as string,
        requestScope: new Map(),
      }),
    }),
  );

  // Last resort (Remix renders its own error pages; this catches failures outside it).
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    (res.locals.logger ?? logger).error({ err: error }, "unhandled error");
    if (res.headersSent) return;
    res
      .status(500)
      .type("text/plain")
      .send(`Er ging iets mis / Something went wrong (${res.locals.requestId ?? ""})`);
  });

  return app;
}
