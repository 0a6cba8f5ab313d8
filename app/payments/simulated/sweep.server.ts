import { type Sim, deliverAll, deliverDueEvents, emit, type Outbox, toPayment, toRefund, toSession } from "./core.server";
import { debitFailed } from "./banks";
import { eventForStatus, expireHold } from "./payments.server";
import { paymentTransition, sessionTransition } from "./lifecycle";
import { settleDuePayouts } from "./connect.server";

/**
 * The simulated gateway's clock-driven work (docs/decisions/022-simulated-gateway.md), run by the
 * `payments.simulated-gateway` sweep (and by tests after moving the clock):
 * SEPA debits and refunds settle after their delay, uncaptured holds expire after 7 days,
 * abandoned hosted sessions expire after 24 hours, and undelivered events are retried.
 * Each batch is one transaction that locks its rows with SKIP LOCKED, so two workers share the work.
 */
export interface SimRunSummary {
  paymentsSettled: number;
  refundsSettled: number;
  payoutsSettled: number;
  holdsExpired: number;
  sessionsExpired: number;
  eventsDelivered: number;
  eventsFailed: number;
}

const BATCH = 100;
const MAX_BATCHES = 50;

async function inBatches(sim: Sim, step: (outbox: Outbox) => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const outbox: Outbox = [];
    const n = await step(outbox);
    await deliverAll(sim, outbox);
    total += n;
    if (n < BATCH) break;
  }
  return total;
}

export async function runDue(sim: Sim, now: Date): Promise<SimRunSummary> {
  const paymentsSettled = await inBatches(sim, (outbox) =>
    sim.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom("sim_payments")
        .selectAll()
        .where("status", "=", "processing")
        .where("settles_at", "<=", now)
        .orderBy("settles_at")
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of rows) {
        const succeeded = row.settle_outcome !== "fails";
        const t = paymentTransition(
          row.status,
          { type: "settlement", succeeded },
          { captureMethod: row.capture_method, methodType: row.payment_method_type ?? "sepa_debit", onSession: !row.off_session },
        );
        if (!t.ok) continue;
        const updated = await trx
          .updateTable("sim_payments")
          .set({
            status: t.status,
            amount_received_cents: succeeded ? row.amount_cents : 0,
            last_error_code: succeeded ? null : debitFailed.code,
            last_decline_code: succeeded ? null : debitFailed.declineCode,
            last_error_message: succeeded ? null : debitFailed.message,
            settles_at: null,
            updated_at: now,
          })
          .where("id", "=", row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const payment = toPayment(sim, updated);
        const event = eventForStatus(payment, succeeded ? null : { ...debitFailed });
        if (event) await emit(trx, now, outbox, payment.id, event);
      }
      return rows.length;
    }),
  );

  const refundsSettled = await inBatches(sim, (outbox) =>
    sim.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom("sim_refunds")
        .selectAll()
        .where("status", "=", "pending")
        .where("settles_at", "<=", now)
        .orderBy("settles_at")
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of rows) {
        const updated = await trx
          .updateTable("sim_refunds")
          .set({ status: "succeeded", settles_at: null, updated_at: now })
          .where("id", "=", row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const refund = toRefund(updated);
        await emit(trx, now, outbox, refund.id, { type: "refund.succeeded", metadata: refund.metadata, refund });
      }
      return rows.length;
    }),
  );

  const payoutsSettled = await inBatches(sim, (outbox) => sim.db.transaction().execute((trx) => settleDuePayouts(sim, trx, now, outbox, BATCH)));

  const holdsExpired = await inBatches(sim, (outbox) =>
    sim.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom("sim_payments")
        .selectAll()
        .where("status", "=", "requires_capture")
        .where("hold_expires_at", "<=", now)
        .orderBy("hold_expires_at")
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of rows) await expireHold(sim, trx, now, outbox, row);
      return rows.length;
    }),
  );

  const sessionsExpired = await inBatches(sim, (outbox) =>
    sim.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom("sim_sessions")
        .selectAll()
        .where("status", "in", ["open", "awaiting_authentication"])
        .where("expires_at", "<=", now)
        .orderBy("expires_at")
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of rows) {
        const t = sessionTransition(row.status, { type: "expire" });
        if (!t.ok) continue;
        const updated = await trx
          .updateTable("sim_sessions")
          .set({ status: t.status, auth_token: null, pending_method: null })
          .where("id", "=", row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        // A payment still waiting for the customer's authentication is abandoned with its session.
        if (row.payment_id) {
          const p = await trx.selectFrom("sim_payments").selectAll().where("id", "=", row.payment_id).forUpdate().executeTakeFirst();
          if (p) {
            const pt = paymentTransition(
              p.status,
              { type: "abandon" },
              { captureMethod: p.capture_method, methodType: p.payment_method_type ?? "card", onSession: true },
            );
            if (pt.ok) {
              const failure = { code: "session_expired", declineCode: null, message: "The customer did not finish before the page expired." };
              const abandoned = await trx
                .updateTable("sim_payments")
                .set({ status: pt.status, last_error_code: failure.code, last_decline_code: null, last_error_message: failure.message, updated_at: now })
                .where("id", "=", p.id)
                .returningAll()
                .executeTakeFirstOrThrow();
              const payment = toPayment(sim, abandoned);
              await emit(trx, now, outbox, payment.id, { type: "payment.failed", metadata: payment.metadata, payment, failure });
            }
          }
        }
        const session = toSession(sim, updated);
        await emit(trx, now, outbox, session.id, { type: "session.expired", metadata: session.metadata, session });
      }
      return rows.length;
    }),
  );

  const events = await deliverDueEvents(sim, now);
  return { paymentsSettled, refundsSettled, payoutsSettled, holdsExpired, sessionsExpired, eventsDelivered: events.delivered, eventsFailed: events.failed };
}
