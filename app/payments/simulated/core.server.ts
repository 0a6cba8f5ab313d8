import { feesFor } from "../fees";
import { createHash, randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database, SimPaymentMethodsTable, SimPaymentsTable, SimSessionsTable } from "../../../db/schema";
import type { Clock } from "../../utils/clock.server";
import type { Trx } from "../../utils/db.server";
import type { Logger } from "../../utils/logger.server";
import {
  type CheckoutMethod,
  type CheckoutSession,
  type GatewayEvent,
  type GatewayFailure,
  type GatewayMetadata,
  GatewayRequestError,
  type Payment,
  type Refund,
  type SavedPaymentMethod,
} from "../gateway";
import { brandLabel } from "./test-cards";
import type { Selectable } from "kysely";

/**
 * Shared machinery of the simulated gateway (docs/decisions/022-simulated-gateway.md): ids,
 * row ↔ object mapping, idempotency keys, and the event outbox with synchronous delivery.
 */

export interface SimulatedFaults {
  /** Called before a request does anything; throw to simulate a network error (nothing happened). */
  beforeRequest?: (operation: string, request: unknown) => void;
  /** Called after a request acted and committed; throw to simulate a lost response (it DID happen). */
  afterCommit?: (operation: string, request: unknown) => void;
}

export interface SimulatedGatewayOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** Absolute base for hosted page URLs (APP_URL). */
  appUrl: string;
  logger: Logger;
  /** Offered checkout methods, in display order (PAYMENT_METHODS). */
  methods?: readonly CheckoutMethod[];
  /**
   * Where events go: `applyGatewayEvent(services, event)`. Called right after each change commits;
   * failures are retried by the sweep. Without it events wait in sim_events.
   */
  deliver?: (event: GatewayEvent) => Promise<unknown>;
  /** How long a SEPA debit (or refund) stays `processing`/`pending`. Default 3 minutes, like Stripe test mode. */
  sepaSettlementDelayMs?: number;
  /** How long a hosted session stays open. Default 24 hours, like Stripe Checkout. */
  sessionLifetimeMs?: number;
  faults?: SimulatedFaults;
  /**
   * Requests per second the gateway accepts, as Stripe's rate limit (about 100/s in live mode): a
   * request above it is refused as Stripe's 429 is (`GatewayRequestError` "unavailable",
   * rateLimited) and does nothing. Unset: no limit (SIMULATED_GATEWAY_RATE_LIMIT; issue 17's benchmark).
   */
  rateLimit?: number;
  /** Wait this long (ms, real time) before answering each request, as a remote gateway's latency (SIMULATED_GATEWAY_LATENCY_MS). */
  latencyMs?: number;
}

export interface Sim {
  db: Kysely<Database>;
  clock: Clock;
  appUrl: string;
  logger: Logger;
  methods: readonly CheckoutMethod[];
  deliver?: (event: GatewayEvent) => Promise<unknown>;
  sepaSettlementDelayMs: number;
  sessionLifetimeMs: number;
  faults: SimulatedFaults;
  /** Admission of requests when a rate limit is set: throws the 429 above it. */
  admit: () => Promise<void>;
}

export const DEFAULT_SEPA_SETTLEMENT_DELAY_MS = 3 * 60_000;
export const DEFAULT_SESSION_LIFETIME_MS = 24 * 60 * 60_000;
/** The synchronous delivery is the first try; the sweep retries from this long after. */
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;

export function createSim(options: SimulatedGatewayOptions): Sim {
  return {
    db: options.db,
    clock: options.clock,
    appUrl: options.appUrl.replace(/\/+$/, ""),
    logger: options.logger,
    methods: options.methods?.length ? options.methods : ["card", "ideal"],
    deliver: options.deliver,
    sepaSettlementDelayMs: options.sepaSettlementDelayMs ?? DEFAULT_SEPA_SETTLEMENT_DELAY_MS,
    sessionLifetimeMs: options.sessionLifetimeMs ?? DEFAULT_SESSION_LIFETIME_MS,
    faults: options.faults ?? {},
    admit: admission(options.rateLimit, options.latencyMs),
  };
}

/**
 * Stripe's rate limiter is a token bucket per account: a second's worth of requests may come at
 * once, then one per 1/rate s. Real time (performance.now), not the simulated clock: the limit is
 * about how fast requests arrive, and the clock may stand still in tests.
 */
function admission(rateLimit: number | undefined, latencyMs: number | undefined): () => Promise<void> {
  const capacity = rateLimit && rateLimit > 0 ? rateLimit : null;
  let tokens = capacity ?? 0;
  let at = performance.now();
  return async () => {
    if (latencyMs && latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (capacity === null) return;
    const t = performance.now();
    tokens = Math.min(capacity, tokens + ((t - at) / 1000) * capacity);
    at = t;
    if (tokens < 1) {
      throw new GatewayRequestError("unavailable", `Too many requests: the simulated gateway accepts ${capacity} per second (429)`, {
        rateLimited: true,
        retryAfterMs: Math.ceil(((1 - tokens) / capacity) * 1000),
      });
    }
    tokens -= 1;
  };
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Random, unguessable ids: a hosted page's URL is its only key, as with Stripe Checkout. */
export function newId(
  prefix:
    "cus_sim_" | "pm_sim_" | "cs_sim_" | "pi_sim_" | "re_sim_" | "evt_sim_" | "sa_sim_" | "mandate_sim_" | "acct_sim_" | "ob_sim_" | "po_sim_" | "tr_sim_",
): string {
  const bytes = randomBytes(24);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export const sessionUrl = (sim: Sim, id: string) => `${sim.appUrl}/pay/sim/${id}`;
export const authenticationUrl = (sim: Sim, token: string) => `${sim.appUrl}/pay/sim/authenticate/${token}`;

// ---------------------------------------------------------------------------------------------
// Rows → gateway objects
// ---------------------------------------------------------------------------------------------

export type MethodRow = Selectable<SimPaymentMethodsTable>;
export type SessionRow = Selectable<SimSessionsTable>;
export type PaymentRow = Selectable<SimPaymentsTable>;

export function toMethod(row: MethodRow): SavedPaymentMethod {
  const card = row.type === "card" ? { brand: row.brand ?? "visa", last4: row.last4, expMonth: row.exp_month ?? 1, expYear: row.exp_year ?? 2000 } : null;
  const sepaDebit = row.type === "sepa_debit" ? { bankName: row.bank_name ?? "", last4: row.last4, mandateId: row.mandate_id ?? "" } : null;
  return {
    id: row.id,
    customerId: row.customer_id,
    type: row.type,
    label: card ? `${brandLabel(card.brand)} •••• ${card.last4}` : `${sepaDebit?.bankName} •••• ${row.last4} (SEPA)`,
    card,
    sepaDebit,
    createdAt: row.created_at.toISOString(),
  };
}

export function toSession(sim: Sim, row: SessionRow): CheckoutSession {
  return {
    id: row.id,
    mode: row.mode,
    status: row.status === "awaiting_authentication" ? "open" : row.status,
    customerId: row.customer_id,
    url: sessionUrl(sim, row.id),
    methods: row.methods as CheckoutMethod[],
    amountCents: row.amount_cents,
    captureMethod: row.capture_method,
    paymentMethodId: row.payment_method_id,
    paymentId: row.payment_id,
    metadata: row.metadata as GatewayMetadata,
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

export function failureOf(row: Pick<PaymentRow, "last_error_code" | "last_decline_code" | "last_error_message">): GatewayFailure | null {
  return row.last_error_code ? { code: row.last_error_code, declineCode: row.last_decline_code, message: row.last_error_message ?? "" } : null;
}

export function toPayment(sim: Sim, row: PaymentRow): Payment {
  return {
    id: row.id,
    customerId: row.customer_id,
    paymentMethodId: row.payment_method_id,
    paymentMethodType: row.payment_method_type,
    sessionId: row.session_id,
    amountCents: row.amount_cents,
    currency: "eur",
    captureMethod: row.capture_method,
    offSession: row.off_session,
    status: row.status,
    amountCapturableCents: row.amount_capturable_cents,
    amountReceivedCents: row.amount_received_cents,
    amountRefundedCents: row.amount_refunded_cents,
    // What Stripe would have kept: its EU prices on the money received (app/payments/fees.ts).
    feeCents: row.amount_received_cents > 0 && row.payment_method_type ? feesFor(row.amount_received_cents, row.payment_method_type).processingCents : null,
    description: row.description,
    metadata: row.metadata as GatewayMetadata,
    lastFailure: failureOf(row),
    nextActionUrl: row.status === "requires_action" && row.action_token ? authenticationUrl(sim, row.action_token) : null,
    holdExpiresAt: row.hold_expires_at ? row.hold_expires_at.toISOString() : null,
    cancellationReason: row.cancellation_reason,
    createdAt: row.created_at.toISOString(),
  };
}

export function toRefund(row: {
  id: string;
  payment_id: string;
  amount_cents: number;
  status: Refund["status"];
  reason: string | null;
  metadata: Record<string, string>;
  created_at: Date;
}): Refund {
  return {
    id: row.id,
    paymentId: row.payment_id,
    amountCents: row.amount_cents,
    status: row.status,
    reason: row.reason,
    metadata: row.metadata as GatewayMetadata,
    createdAt: row.created_at.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Events: written with the change (outbox), delivered right after commit, retried by the sweep
// ---------------------------------------------------------------------------------------------

type DistributiveOmit<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;
export type EventBody = DistributiveOmit<GatewayEvent, "id" | "gateway" | "createdAt">;

/** Collects the events of one change; they are delivered after its transaction commits. */
export type Outbox = GatewayEvent[];

export async function emit(trx: Trx, now: Date, outbox: Outbox, objectId: string, body: EventBody): Promise<GatewayEvent> {
  const event = { ...body, id: newId("evt_sim_"), gateway: "simulated", createdAt: now.toISOString() } as GatewayEvent;
  await trx
    .insertInto("sim_events")
    .values({
      id: event.id,
      type: event.type,
      object_id: objectId,
      payload: JSON.stringify(event),
      created_at: now,
      next_attempt_at: new Date(now.getTime() + FIRST_RETRY_MS),
    })
    .execute();
  outbox.push(event);
  return event;
}

function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/** Delivers one event; never throws (a failure is recorded and retried by the sweep). */
export async function deliverEvent(sim: Sim, event: GatewayEvent, now: Date): Promise<boolean> {
  if (!sim.deliver) return false;
  try {
    await sim.deliver(event);
    await sim.db
      .updateTable("sim_events")
      .set({ delivered_at: now, attempts: sql`attempts + 1`, last_error: null })
      .where("id", "=", event.id)
      .execute();
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    sim.logger.warn({ err: error, eventId: event.id, type: event.type }, "simulated gateway: event delivery failed; the sweep retries it");
    const row = await sim.db
      .updateTable("sim_events")
      .set({ attempts: sql`attempts + 1`, last_error: message.slice(0, 1000) })
      .where("id", "=", event.id)
      .returning("attempts")
      .executeTakeFirst();
    await sim.db
      .updateTable("sim_events")
      .set({ next_attempt_at: new Date(now.getTime() + retryDelayMs(row?.attempts ?? 1)) })
      .where("id", "=", event.id)
      .execute();
    return false;
  }
}

export async function deliverAll(sim: Sim, outbox: Outbox): Promise<void> {
  for (const event of outbox) await deliverEvent(sim, event, sim.clock.now());
}

/** The retry sweep: claims due undelivered events (a lease, so two workers do not collide), delivers them. */
export async function deliverDueEvents(sim: Sim, now: Date, limit = 200): Promise<{ delivered: number; failed: number }> {
  const claimed = await sim.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("sim_events")
      .select(["id", "payload"])
      .where("delivered_at", "is", null)
      .where("next_attempt_at", "<=", now)
      .orderBy("seq")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length) {
      await trx
        .updateTable("sim_events")
        .set({ next_attempt_at: new Date(now.getTime() + 5 * 60_000) })
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows;
  });
  let delivered = 0;
  let failed = 0;
  for (const row of claimed) {
    if (await deliverEvent(sim, row.payload as GatewayEvent, now)) delivered++;
    else failed++;
  }
  return { delivered, failed };
}

// ---------------------------------------------------------------------------------------------
// Requests: validation, idempotency keys, one transaction per change
// ---------------------------------------------------------------------------------------------

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function requestHash(operation: string, request: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([operation, stable(request)]))
    .digest("hex");
}

/**
 * Runs a gateway request once per idempotency key, like Stripe: the first request's response is
 * stored with the change, in one transaction; a replay with the same parameters returns it (and
 * emits nothing), a replay with different parameters throws `idempotency_key_reused`.
 * A request that throws (invalid_request) stores nothing, so it can be corrected and retried.
 */
export async function idempotent<T>(
  sim: Sim,
  operation: string,
  key: string,
  request: unknown,
  run: (trx: Trx, now: Date, outbox: Outbox) => Promise<T>,
): Promise<T> {
  sim.faults.beforeRequest?.(operation, request);
  await sim.admit();
  if (typeof key !== "string" || key.length < 1 || key.length > 255) {
    throw new GatewayRequestError("invalid_request", "idempotencyKey must be 1–255 characters");
  }
  const hash = requestHash(operation, request);
  const outbox: Outbox = [];
  const now = sim.clock.now();
  const result = await sim.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto("sim_idempotency_keys")
      .values({ key, operation, request_hash: hash, response: null, created_at: now })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    if (!claimed) {
      const row = await trx
        .selectFrom("sim_idempotency_keys")
        .select(["operation", "request_hash", "response"])
        .where("key", "=", key)
        .executeTakeFirstOrThrow();
      if (row.request_hash !== hash) {
        throw new GatewayRequestError(
          "idempotency_key_reused",
          `Idempotency key "${key}" was used before for a different request (${row.operation}); use a new key for a new request.`,
        );
      }
      return { replay: true as const, response: row.response as T };
    }
    const response = JSON.parse(JSON.stringify(await run(trx, now, outbox))) as T;
    await trx
      .updateTable("sim_idempotency_keys")
      .set({ response: JSON.stringify(response) })
      .where("key", "=", key)
      .execute();
    return { replay: false as const, response };
  });
  if (!result.replay) await deliverAll(sim, outbox);
  sim.faults.afterCommit?.(operation, request);
  return result.response;
}

/** A change made by the customer on a hosted page (no idempotency key: the row's status guards it). */
export async function change<T>(sim: Sim, run: (trx: Trx, now: Date, outbox: Outbox) => Promise<T>): Promise<T> {
  const outbox: Outbox = [];
  const now = sim.clock.now();
  const result = await sim.db.transaction().execute((trx) => run(trx, now, outbox));
  await deliverAll(sim, outbox);
  return result;
}

export function invalid(message: string): never {
  throw new GatewayRequestError("invalid_request", message);
}

export function checkAbsoluteUrl(name: string, value: string | undefined): void {
  if (value === undefined) return;
  let ok: boolean;
  try {
    const u = new URL(value);
    ok = u.protocol === "http:" || u.protocol === "https:";
  } catch {
    ok = false;
  }
  if (!ok) invalid(`${name} must be an absolute http(s) URL`);
}
