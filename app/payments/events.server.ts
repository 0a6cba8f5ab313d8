import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { JobQueue } from "../jobs/job";
import type { Clock } from "../utils/clock.server";
import type { Db, Trx } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import { type GatewayEvent, GatewayRequestError, gatewayEventTypes } from "./gateway";

/**
 * THE path every gateway event takes into the app (docs/decisions/023-gateway-events.md):
 * the simulated gateway calls it right after each change (and its sweep retries failures); the
 * Stripe webhook route (later issue) will verify the signature, translate the Stripe event into a
 * GatewayEvent and call this same function, answering 2xx when it returns and 5xx when it throws.
 * The handlers by purpose come from the process's services (`extensions.gatewayEventHandlers`,
 * listed in app/wiring.server.ts): this module knows no feature.
 *
 * In ONE transaction: record the event (unique gateway + event id: a redelivery is a no-op), then
 * dispatch it by `metadata.purpose` to the feature's handler with that transaction. If the handler
 * throws, nothing is recorded and the error propagates, so the gateway delivers the event again.
 */

/** What applying an event needs from the process (the app's services satisfy it). */
export interface GatewayEventServices {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  jobs: JobQueue;
  extensions: { gatewayEventHandlers: GatewayEventHandlers };
}

export interface GatewayEventContext {
  /** When the app applies the event (business time, from services.clock). */
  now: Date;
  logger: Logger;
  /**
   * Work to do after the event's transaction commits, with the full services (e.g.
   * `services.jobs.send(...)`). Never call the gateway inside the handler itself: it holds a transaction.
   * Errors here are logged, not retried — put anything that must happen in your tables instead.
   */
  afterCommit(fn: (services: GatewayEventServices) => Promise<unknown>): void;
}

/**
 * A feature's handler for the events of its purpose. Runs inside the event's transaction: use only
 * `trx` (never services.db). Must be idempotent and order-tolerant (events may arrive twice, late,
 * or out of order; the synchronous result of the same gateway call may already have been recorded).
 * Returns a short outcome for the record ("pledge.charged", "ignored: already charged"), or nothing.
 */
export type GatewayEventHandler = (trx: Trx, event: GatewayEvent, ctx: GatewayEventContext) => Promise<string | void>;
export type GatewayEventHandlers = Readonly<Record<string, GatewayEventHandler>>;

export type ApplyGatewayEventResult =
  | { status: "applied"; purpose: string; outcome: string | null }
  | { status: "duplicate" }
  /** Recorded and ignored: it has no purpose (not ours), or a type the app does not use. */
  | { status: "ignored"; purpose: string | null };

/**
 * An event whose purpose has no registered handler. Not recorded, so it is delivered again once
 * the handler exists: a purpose is only ever set by our own code, so this is a deployment mistake.
 */
export class UnknownPurposeError extends Error {
  constructor(public readonly purpose: string) {
    super(`No gateway event handler is registered for purpose "${purpose}" (app/wiring.server.ts)`);
    this.name = "UnknownPurposeError";
  }
}

export function eventObjectId(event: GatewayEvent): string | null {
  if ("payment" in event) return event.payment.id;
  if ("refund" in event) return event.refund.id;
  if ("session" in event) return event.session.id;
  // Filed under the disputed payment, so a payment's history shows its dispute.
  if ("dispute" in event) return event.dispute.paymentId;
  if ("payout" in event) return event.payout.id;
  if ("account" in event) return event.account.id;
  return null;
}

function checkEvent(event: GatewayEvent): void {
  if (!event || typeof event !== "object") throw new GatewayRequestError("invalid_request", "a gateway event must be an object");
  if (typeof event.id !== "string" || event.id.length < 1 || event.id.length > 255)
    throw new GatewayRequestError("invalid_request", "a gateway event needs an id");
  if (event.gateway !== "simulated" && event.gateway !== "stripe") throw new GatewayRequestError("invalid_request", `unknown gateway ${String(event.gateway)}`);
  if (typeof event.type !== "string") throw new GatewayRequestError("invalid_request", "a gateway event needs a type");
}

export async function applyGatewayEvent(
  services: GatewayEventServices,
  event: GatewayEvent,
  handlers: GatewayEventHandlers = services.extensions.gatewayEventHandlers,
): Promise<ApplyGatewayEventResult> {
  checkEvent(event);
  const now = services.clock.now();
  const purpose = typeof event.metadata?.purpose === "string" ? event.metadata.purpose : null;
  const known = (gatewayEventTypes as readonly string[]).includes(event.type);
  const handler = known && purpose && Object.hasOwn(handlers, purpose) ? handlers[purpose] : undefined;
  if (known && purpose && !handler) throw new UnknownPurposeError(purpose);
  const later: ((services: GatewayEventServices) => Promise<unknown>)[] = [];
  const logger = services.logger.child({ gatewayEventId: event.id, type: event.type, purpose });

  const result = await services.db.transaction().execute(async (trx): Promise<ApplyGatewayEventResult> => {
    const recorded = await trx
      .insertInto("gateway_events")
      .values({
        gateway: event.gateway,
        event_id: event.id,
        type: event.type,
        purpose,
        object_id: eventObjectId(event),
        handled_by: handler ? purpose : null,
        payload: JSON.stringify(event),
        received_at: now,
      })
      .onConflict((oc) => oc.columns(["gateway", "event_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!recorded) return { status: "duplicate" };
    if (!handler || !purpose) return { status: "ignored", purpose };
    const outcome = (await handler(trx, event, { now, logger, afterCommit: (fn) => void later.push(fn) })) ?? null;
    if (outcome)
      await trx
        .updateTable("gateway_events")
        .set({ outcome: outcome.slice(0, 500) })
        .where("id", "=", recorded.id)
        .execute();
    return { status: "applied", purpose, outcome };
  });

  if (result.status === "ignored") logger.info("gateway event without a purpose or of an unused type: recorded and ignored");
  for (const fn of later) {
    try {
      await fn(services);
    } catch (error) {
      logger.error({ err: error }, "after-commit work of a gateway event handler failed");
    }
  }
  return result;
}

/** The events recorded for one gateway object (payment, refund or session), oldest first. */
export async function listGatewayEventsFor(db: Db, objectId: string) {
  const rows = await db
    .selectFrom("gateway_events")
    .select(["event_id", "type", "purpose", "outcome", "payload", "received_at"])
    .where("object_id", "=", objectId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    type: r.type,
    purpose: r.purpose,
    outcome: r.outcome,
    event: r.payload as GatewayEvent,
    receivedAt: r.received_at,
  }));
}
