import type { GatewayEventHandler } from "../payments/events.server";
import { applyDisputeTx } from "./disputes.server";
import { chargeFacts, recordAttemptOutcomeTx } from "./payment-attempts.server";

/**
 * Gateway events with `metadata.purpose === "pledge"` (listed in app/wiring.server.ts).
 * Every pledge payment carries its attempt id in its metadata; the outcome goes through the same
 * idempotent `recordAttemptOutcomeTx` as the synchronous answer, so either may come first.
 */
export const handlePledgeGatewayEvent: GatewayEventHandler = async (trx, event, ctx) => {
  const attemptId = event.metadata.attemptId;
  switch (event.type) {
    case "payment.succeeded":
      if (!attemptId) return "ignored: no attempt";
      return recordAttemptOutcomeTx(trx, {
        attemptId,
        outcome: { status: "succeeded", paymentId: event.payment.id, charge: chargeFacts(event.payment) },
        now: ctx.now,
        fromEvent: true,
      });
    case "payment.processing":
      if (!attemptId) return "ignored: no attempt";
      return recordAttemptOutcomeTx(trx, { attemptId, outcome: { status: "processing", paymentId: event.payment.id }, now: ctx.now, fromEvent: true });
    case "payment.requires_action":
      if (!attemptId) return "ignored: no attempt";
      return recordAttemptOutcomeTx(trx, {
        attemptId,
        outcome: { status: "requires_action", paymentId: event.payment.id, nextActionUrl: event.payment.nextActionUrl, failureCode: "authentication_required" },
        now: ctx.now,
        fromEvent: true,
      });
    case "payment.failed":
      if (!attemptId) return "ignored: no attempt";
      return recordAttemptOutcomeTx(trx, {
        attemptId,
        outcome: { status: "failed", paymentId: event.payment.id, failureCode: event.failure.code },
        now: ctx.now,
        fromEvent: true,
      });
    case "session.expired":
      // A fix page the backer never finished.
      if (!attemptId) return "ignored: a setup page expired";
      return recordAttemptOutcomeTx(trx, {
        attemptId,
        outcome: { status: "failed", paymentId: event.session.paymentId, failureCode: "session_expired" },
        now: ctx.now,
        fromEvent: true,
      });
    case "refund.succeeded":
      if (!attemptId) return "ignored: no attempt";
      return recordAttemptOutcomeTx(trx, { attemptId, outcome: { status: "succeeded", paymentId: event.refund.id }, now: ctx.now, fromEvent: true });
    case "refund.failed":
      if (!attemptId) return "ignored: no attempt";
      return recordAttemptOutcomeTx(trx, {
        attemptId,
        outcome: { status: "failed", paymentId: event.refund.id, failureCode: event.failure.code },
        now: ctx.now,
        fromEvent: true,
      });
    case "setup.succeeded":
    case "setup.failed":
      // The saved method lives at the gateway; the pledge form lists it from there.
      return "ignored: payment method setup";
    case "hold.placed":
    case "hold.captured":
    case "hold.released":
      return "ignored: pledges use no holds";
    case "dispute.opened":
      return applyDisputeTx(trx, { pledgeId: event.metadata.pledgeId, dispute: event.dispute, outcome: "opened", now: ctx.now });
    case "dispute.closed":
      return applyDisputeTx(trx, { pledgeId: event.metadata.pledgeId, dispute: event.dispute, outcome: event.outcome, now: ctx.now });
    case "account.updated":
    case "payout.in_transit":
    case "payout.paid":
    case "payout.failed":
      return "ignored: payouts have their own purpose";
    default: {
      const never: never = event;
      throw new Error(`Unknown gateway event ${JSON.stringify(never)}`);
    }
  }
};
