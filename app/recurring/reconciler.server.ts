import type { Payment } from "../payments/gateway";
import type { Reconciler } from "../reconciliation/reconcile.server";
import { bookingLagMs, type Finding, paidFrom, paymentStatusText, withoutRefundJournals } from "../reconciliation/reconciliation";

/**
 * Monthly gifts' charges at the gateway against the ledger (docs/decisions/077, 027). A charge carries
 * `{ purpose: "recurring", giftId, projectId, period, attempt }`; `recurring.paid` names it
 * (`refs.paymentId`) when it succeeded. What left the giver's account equals what the gateway
 * received. Monthly gifts make no refunds: any refund is a difference an admin must look at.
 */
const BACKER = "backer:";

const refsOf = (metadata: Record<string, string>) => {
  const refs: Record<string, string> = {};
  for (const key of ["giftId", "projectId", "period"]) if (metadata[key]) refs[key] = metadata[key]!;
  return refs;
};

function reconcileCharge(charge: Payment, all: Parameters<typeof withoutRefundJournals>[0]): Finding {
  const object = { type: "payment" as const, id: charge.id };
  const refs = refsOf(charge.metadata);
  const journals = withoutRefundJournals(all);
  const booked = paidFrom(journals, "cash", BACKER);
  const atGateway = charge.status === "succeeded" ? charge.amountReceivedCents : 0;
  if (booked === atGateway) {
    const lag = atGateway > 0 && charge.paymentMethodType === "card" ? bookingLagMs(charge.createdAt, journals) : null;
    return { object, ok: true, journals, refs, ...(lag !== null ? { bookedLateMs: lag } : {}) };
  }
  const code = booked === 0 ? "not_booked" : atGateway === 0 ? "booked_not_at_gateway" : "amount_differs";
  return { object, ok: false, code, what: "charge", gatewayCents: atGateway, ledgerCents: booked, gatewayStatus: paymentStatusText(charge), journals, refs };
}

export const recurringReconciler: Reconciler = {
  describes: "recurring: monthly gifts' charges on their saved methods (recurring.paid)",
  async reconcile(_db, batch) {
    return [
      ...batch.payments.map((p) => reconcileCharge(p, batch.journalsForPayment(p.id))),
      ...batch.refunds.map((r): Finding => {
        const atGateway = r.status === "succeeded" ? r.amountCents : 0;
        const object = { type: "refund" as const, id: r.id };
        const journals = batch.journalsForRefund(r.id);
        if (atGateway === 0) return { object, ok: true, journals, refs: refsOf(r.metadata) };
        return {
          object,
          ok: false,
          code: "not_booked",
          what: "refund",
          gatewayCents: atGateway,
          ledgerCents: 0,
          gatewayStatus: r.status,
          journals,
          refs: refsOf(r.metadata),
        };
      }),
    ];
  },
};
