import type { GatewayEventHandler } from "../payments/events.server";
import { applyDisputeTx } from "./disputes.server";
import { confirmPledgeIntentTx, expirePledgeIntentTx } from "./intents.server";
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
      if (event.metadata.intentId) {
        const expired = await expirePledgeIntentTx(trx, { intentId: event.metadata.intentId, now: ctx.now, note: "the payment page expired" });
        return expired ? "pledge intent expired" : "ignored: pledge intent already resolved";
      }
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
    case "setup.succeeded": {
      // One step: the method a backer saved while backing makes their pledge (decision 055).
      if (!event.metadata.intentId) return "ignored: payment method setup";
      const outcome = await confirmPledgeIntentTx(trx, { intentId: event.metadata.intentId, paymentMethodId: event.paymentMethod.id, now: ctx.now });
      return outcome ? `pledge intent ${outcome.status}${outcome.error ? ` (${outcome.error})` : ""}` : "ignored: unknown pledge intent";
    }
    case "setup.failed":
      // The backer can try again on the same page; the intent waits (or expires with the page).
      return "ignored: payment method setup failed";
    case "hold.placed":
    case "hold.captured":
    case "hold.released":
      return "ignored: pledges use no holds";
    case "dispute.opened":
      return applyDisputeTx(trx, { pledgeId: event.metadata.pledgeId, dispute: event.dispute, outcome: "opened", now: ctx.now });
    case "dispute.closed":
      return applyDisputeTx(trx, { pledgeId: event.metadata.pledgeId, dispute: event.dispute, outcome: event.outcome, now: ctx.now });
    default: {
      const never: never = event;
      throw new Error(`Unknown gateway event ${JSON.stringify(never)}`);
    }
  }
};
