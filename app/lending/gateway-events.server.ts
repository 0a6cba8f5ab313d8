import type { GatewayEventHandler } from "../payments/events.server";
import { applyDepositEvent, lockDeposit, noteDeposit, recordDepositPayment } from "./deposit-records.server";

/**
 * Gateway events of purpose "deposit" (listed in app/wiring.server.ts). Runs inside
 * the event's transaction; idempotent and order-tolerant: the deposit's own state machine decides
 * whether an event still applies (docs/decisions/023-gateway-events.md, 043-loan-deposits.md).
 */
export const handleDepositGatewayEvent: GatewayEventHandler = async (trx, event, ctx) => {
  const loanId = event.metadata.loanId;
  if (!loanId) return "ignored: no loanId";
  switch (event.type) {
    case "setup.succeeded": {
      const d = await lockDeposit(trx, loanId);
      if (!d) return "ignored: no deposit";
      if (d.path === "hold" && event.paymentMethod.type !== "card") return "ignored: holds need a card";
      const r = await applyDepositEvent(
        trx,
        loanId,
        "method_saved",
        {
          customer_id: event.session.customerId,
          payment_method_id: event.paymentMethod.id,
          method_type: event.paymentMethod.type,
          method_label: event.paymentMethod.label.slice(0, 200),
          last_failure: null,
          action_url: null,
        },
        ctx.now,
        { sessionId: event.session.id },
      );
      return r.ok ? "deposit.method_saved" : `ignored: ${r.reason}`;
    }
    case "setup.failed":
      await noteDeposit(trx, loanId, { last_failure: event.failure.code }, ctx.now);
      return "deposit.setup_failed";
    case "session.expired":
      return "ignored: session expired";
    case "payment.succeeded":
    case "payment.processing":
    case "payment.requires_action":
    case "payment.failed":
    case "hold.placed":
    case "hold.captured":
    case "hold.released":
      return recordDepositPayment(trx, loanId, event.payment, ctx.now);
    case "refund.succeeded":
    case "refund.failed":
      return "ignored: deposits are not refunded";
    case "dispute.opened":
    case "dispute.closed":
      // A captured deposit disputed at the borrower's bank: the owner's claim decided it, and the
      // reconciliation reports the money that left; a moderator handles it by hand.
      return `ignored: deposit dispute ${event.type === "dispute.opened" ? "opened" : event.outcome} (handled by a moderator)`;
    case "account.updated":
    case "payout.in_transit":
    case "payout.paid":
    case "payout.failed":
      return "ignored: payouts have their own purpose";
    default: {
      const unreachable: never = event;
      throw new Error(`Unknown gateway event ${JSON.stringify(unreachable)}`);
    }
  }
};
