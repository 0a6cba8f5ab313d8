import type { GatewayEventHandler } from "../payments/events.server";
import { applyRecurringGatewayEventTx } from "./gifts.server";

/**
 * Gateway events with `metadata.purpose === "recurring"` (app/wiring.server.ts): the saved method of
 * a monthly gift (setup.succeeded), and each month's charge. The outcome goes through the same
 * idempotent `recordGiftChargeTx` as the job's synchronous answer, so either may come first.
 */
export const handleRecurringGatewayEvent: GatewayEventHandler = async (trx, event, ctx) => {
  switch (event.type) {
    case "setup.succeeded":
      return applyRecurringGatewayEventTx(trx, { type: event.type, metadata: event.metadata, paymentMethodId: event.paymentMethod.id }, ctx.now);
    case "payment.succeeded":
      return applyRecurringGatewayEventTx(
        trx,
        {
          type: event.type,
          metadata: event.metadata,
          paymentId: event.payment.id,
          charge: { feeCents: event.payment.feeCents, method: event.payment.paymentMethodType },
        },
        ctx.now,
      );
    case "payment.processing":
    case "payment.requires_action":
      return applyRecurringGatewayEventTx(trx, { type: event.type, metadata: event.metadata, paymentId: event.payment.id }, ctx.now);
    case "payment.failed":
      return applyRecurringGatewayEventTx(
        trx,
        { type: event.type, metadata: event.metadata, paymentId: event.payment.id, failureCode: event.failure.code },
        ctx.now,
      );
    default:
      return `ignored: ${event.type}`;
  }
};
