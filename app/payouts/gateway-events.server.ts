import type { GatewayEventHandler } from "../payments/events.server";
import type { ProjectTransitionEffect } from "../services.server";
import type { Trx } from "../utils/db.server";
import { applyPayoutEventTx, recordAccountStatusTx } from "./payouts.server";

/**
 * Gateway events of purpose "payout" (docs/decisions/053-payouts.md): connected accounts and
 * payouts. Order-tolerant: `paid` for a payout we still have as pending (its in_transit event and
 * our record of the synchronous answer both lost or late) first applies `sent`, so the journals
 * always read sent → paid. Redeliveries change nothing (the transition says "unchanged").
 *
 * A factory over the projects' transition effects: a paid payout moves its project to paid_out
 * through the projects writer, which runs them (app/wiring.server.ts hands them in).
 */
export function payoutGatewayEventHandler(effects: readonly ProjectTransitionEffect[]): GatewayEventHandler {
  return async (trx: Trx, event, ctx) => {
    switch (event.type) {
      case "account.updated":
        return recordAccountStatusTx(trx, event.account, ctx.now);
      case "payout.in_transit":
      case "payout.paid":
      case "payout.failed": {
        const payoutId = event.metadata.payoutId;
        if (!payoutId) return "ignored: no payoutId";
        const sent = await applyPayoutEventTx(trx, { payoutId, event: { type: "sent", gatewayRef: event.payout.id }, now: ctx.now }, effects);
        if (sent.outcome === "not_found") return "ignored: unknown payout";
        if (event.type === "payout.in_transit") return sent.outcome === "changed" ? "payout in_transit" : "ignored: already sent";
        const next =
          event.type === "payout.paid"
            ? await applyPayoutEventTx(trx, { payoutId, event: { type: "paid" }, now: ctx.now }, effects)
            : await applyPayoutEventTx(trx, { payoutId, event: { type: "failed", code: event.failure.code }, now: ctx.now }, effects);
        if (next.outcome === "changed") return `payout ${next.to}`;
        if (next.outcome === "illegal") ctx.logger.warn({ payoutId, status: next.status }, "payouts: the gateway reports a change the payout cannot make");
        return `ignored: payout ${next.outcome} (${next.status ?? "?"})`;
      }
      default:
        return `ignored: ${event.type} is not about payouts`;
    }
  };
}
