import path from "node:path";
import { z } from "zod";
import { DEFAULT_TILE_ATTRIBUTION, DEFAULT_TILE_URL, isSafeAttribution, parseTileUrl } from "./map";

/**
 * The environment, parsed once at start-up. Every variable is optional: the app runs with none set
 * (embedded PGlite, simulated payments, dev mailbox, generated session secret).
 * Documented in `.env.example`.
 */
const booleanish = z.enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""]).transform((v) => ["1", "true", "yes", "on"].includes(v));

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    APP_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
    /** Connections per process to a server database (docs/deploy.md: instances × this stays below the server's limit). */
    DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),
    DATA_DIR: z.string().min(1).default("./.data"),
    SESSION_SECRET: z
      .string()
      .optional()
      .refine((v) => v === undefined || v.split(",").every((s) => s.trim().length >= 32), {
        message: "each comma-separated secret must be at least 32 characters",
      }),
    /** Session lifetimes (docs/decisions/008): ended after this many days without a request… */
    SESSION_IDLE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    /** …and this many days after login, however active. */
    SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /**
     * Behind a reverse proxy: how many proxy hops to trust (a number; "true" means one), or which
     * proxy addresses (comma-separated, CIDR or loopback/linklocal/uniquelocal). Only those hops'
     * X-Forwarded-For/-Proto/-Host count; a client's own X-Forwarded-For never does.
     */
    TRUST_PROXY: z
      .string()
      .default("false")
      .transform((v, ctx): false | number | string[] => {
        const s = v.trim().toLowerCase();
        if (["", "false", "0", "no", "off"].includes(s)) return false;
        if (["true", "yes", "on"].includes(s)) return 1;
        if (/^\d+$/.test(s)) return Math.min(Number(s), 10);
        const list = s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean);
        if (list.every((x) => /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/.test(x))) return list;
        ctx.addIssue({ code: "custom", message: "a number of proxy hops (1), or comma-separated proxy addresses/CIDRs, or false" });
        return z.NEVER;
      }),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    RUN_WORKER: booleanish.default(true),
    /** Apply pending migrations at start-up (the local default); deployments run them as a step of their own. */
    MIGRATE_ON_START: booleanish.default(true),
    STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
    STRIPE_PUBLISHABLE_KEY: z.string().startsWith("pk_").optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    /** The Connect endpoint's signing secret (/webhooks/stripe-connect: payouts and accounts, docs/decisions/053). */
    STRIPE_CONNECT_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    STRIPE_API_HOST: z.string().optional(),
    /** Checkout methods offered on payment pages, in order (docs/decisions/020). */
    PAYMENT_METHODS: z
      .string()
      .default("card,ideal")
      .transform((v) => [
        ...new Set(
          v
            .split(",")
            .map((m) => m.trim().toLowerCase())
            .filter(Boolean),
        ),
      ])
      .refine((list) => list.length > 0 && list.every((m) => m === "card" || m === "ideal"), {
        message: 'a comma-separated list of "card" and/or "ideal"',
      })
      .transform((list) => list as ("card" | "ideal")[]),
    /**
     * Requests per second settlement sends to the payment gateway (decision 084): Stripe refuses
     * more than about 100/s in live mode with a 429. Per worker process: with several, give each its share.
     */
    GATEWAY_RATE_LIMIT: z.coerce.number().min(0.1).max(10_000).default(90),
    /** How many charges settlement keeps in flight at once, so the rate limit, not the gateway's latency, is the bound. */
    SETTLEMENT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    /** The simulated gateway answers 429 above this many requests per second, as Stripe does (unset: no limit; for the benchmark). */
    SIMULATED_GATEWAY_RATE_LIMIT: z.coerce.number().min(0.1).max(10_000).optional(),
    /** The simulated gateway waits this long (ms) before each request, as a remote gateway's latency (unset: none; for the benchmark). */
    SIMULATED_GATEWAY_LATENCY_MS: z.coerce.number().int().min(0).max(10_000).optional(),
    /** The platform's fee on each payment, in basis points (100 = 1 %); 0: neighbourhood projects pay nothing (app/payments/fees.ts). */
    PLATFORM_FEE_BPS: z.coerce.number().int().min(0).max(2_000).default(0),
    /** Community loans (docs/community-loans.md): the most one lender may lend to one project, in cents (€ 1.000; ECSP art. 21). */
    COMMUNITY_LOAN_MAX_PER_LENDER_CENTS: z.coerce.number().int().min(1_000).max(100_000_000).default(100_000),
    /** Community loans: the largest loan one project may raise, in cents (€ 25.000). */
    COMMUNITY_LOAN_MAX_PER_PROJECT_CENTS: z.coerce.number().int().min(1_000).max(1_000_000_000).default(2_500_000),
    /** Processing prices per method when they differ from Stripe's EU list: "card:150+25,sepa_debit:0+35,ideal:0+29". */
    PAYMENT_FEES: z
      .string()
      .regex(/^\s*((card|sepa_debit|ideal):\d{1,4}\+\d{1,4}\s*(,\s*|$))*$/, 'method:basis-points+cents, comma-separated, e.g. "card:150+25,sepa_debit:0+35"')
      .optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
      .optional(),
    MAIL_FROM: z.string().min(3).default("Buurtkracht <noreply@buurtkracht.local>"),
    /**
     * Load the demo neighbourhood into an empty database even though APP_URL is not localhost
     * (a demo on a LAN address). Never allowed with a public APP_URL (server/demo.ts).
     */
    DEMO_DATA: booleanish.default(false),
    /**
     * Send pages asked for under another host to APP_URL's host (decision 067). Locally a loopback
     * alias is always redirected; on a deployment switch this on once the proxy passes the
     * browser's host (Host, or X-Forwarded-Host with TRUST_PROXY), or a Host-rewriting proxy loops.
     */
    CANONICAL_REDIRECT: booleanish.default(false),
    /**
     * The map's tiles (docs/decisions/068-map.md): a URL template with {z}/{x}/{y}, one https host
     * (the Content-Security-Policy allows exactly its origin for images).
     */
    MAP_TILE_URL: z
      .string()
      .default(DEFAULT_TILE_URL)
      .superRefine((v, ctx) => {
        const parsed = parseTileUrl(v);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.reason });
      }),
    /** What the tile source asks to be credited with: text and <a href="https://…"> links only. */
    MAP_TILE_ATTRIBUTION: z
      .string()
      .default(DEFAULT_TILE_ATTRIBUTION)
      .refine(isSafeAttribution, { message: 'text and <a href="https://…">…</a> links only, at most 500 characters' }),
    /** Test-only endpoints (clock offset, run due jobs). Never set this in a real deployment. */
    BUURTKRACHT_TEST_HOOKS: booleanish.default(false),
  })
  .transform((env) => ({
    ...env,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    DATA_DIR: path.resolve(env.DATA_DIR),
  }));

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "EnvError";
  }
}

/** Parses the environment; throws an EnvError listing every bad variable at once. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings count as unset, so `FOO=` in a .env file does not break start-up.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`));
  }
  const env = result.data;
  if (env.DATABASE_URL && !env.SESSION_SECRET) {
    // With a server database there may be several instances: each generating its own secret would
    // log everyone out whenever a request reaches another instance (docs/deploy.md).
    throw new EnvError(["SESSION_SECRET: required with DATABASE_URL — set one secret (32+ characters) shared by every instance"]);
  }
  if (env.SESSION_IDLE_DAYS > env.SESSION_MAX_DAYS) {
    throw new EnvError(["SESSION_IDLE_DAYS: may not be longer than SESSION_MAX_DAYS"]);
  }
  const stripeKeys = [env.STRIPE_SECRET_KEY, env.STRIPE_PUBLISHABLE_KEY].filter(Boolean).length;
  if (stripeKeys === 1) {
    throw new EnvError(["STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY: set both (Stripe) or neither (simulated payments)"]);
  }
  if (stripeKeys === 2 && !env.STRIPE_WEBHOOK_SECRET) {
    // Outcomes come from webhooks only (docs/payments.md): without the secret none could be trusted.
    throw new EnvError(["STRIPE_WEBHOOK_SECRET: required with the Stripe keys — the signing secret of the endpoint for /webhooks/stripe (whsec_…)"]);
  }
  return env;
}

export function isHttps(env: Pick<Env, "APP_URL">): boolean {
  return env.APP_URL.startsWith("https://");
}
