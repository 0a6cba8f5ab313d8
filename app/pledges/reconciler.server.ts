import type { Payment, Refund } from "../payments/gateway";
import type { Reconciler } from "../reconciliation/reconcile.server";
import {
  bookedOn,
  bookingLagMs,
  paidFrom,
  type Finding,
  paymentStatusText,
  type ReconcileJournal,
  withoutRefundJournals,
} from "../reconciliation/reconciliation";

/**
 * Pledge money at the gateway against the pledge journals (docs/decisions/034, 027), for the
 * reconciliation's `reconcilers.pledge` (listed in app/wiring.server.ts).
 *
 * Every pledge payment carries `{ purpose: "pledge", pledgeId, attemptId, projectId }` and every
 * journal about it `refs.paymentId` (refund journals also `refs.refundId`), so per object:
 *   a payment:  what the backer paid through it in the cash book (pledge.charge_processing,
 *               pledge.charged, pledge.charge_failed after processing, pledge.duplicate_charged)
 *               = what the gateway received, or has in transit while a SEPA debit is processing;
 *   a refund:   what its journals give back to the backer (pledge.refunded, pledge.duplicate_refunded)
 *               = what the gateway refunded (a pending refund is booked when it succeeds).
 * Pledges never hold money. Off-session payments are answered at once, so a booking later than the
 * reconciliation's `lateAfterMs` was healed (the settlement sweep reran the attempt, or an event
 * arrived late); payments on the fix page wait for the backer, so their timing says nothing.
 */
const BACKER = "backer:";

const refsOf = (metadata: Record<string, string>) => {
  const refs: Record<string, string> = {};
  for (const key of ["pledgeId", "attemptId", "projectId"]) if (metadata[key]) refs[key] = metadata[key]!;
  return refs;
};

/** What the gateway has of a pledge payment: received, or in transit while a debit processes. */
function gatewayPaid(payment: Payment): number {
  if (payment.status === "succeeded") return payment.amountReceivedCents;
  if (payment.status === "processing") return payment.amountCents;
  return 0;
}

function reconcilePayment(payment: Payment, allJournals: readonly ReconcileJournal[]): Finding {
  const object = { type: "payment" as const, id: payment.id };
  const refs = refsOf(payment.metadata);
  const journals = withoutRefundJournals(allJournals);
  if (payment.captureMethod === "manual") {
    return { object, ok: false, code: "unexpected", what: "hold", gatewayCents: payment.amountCents, ledgerCents: null, journals, refs };
  }
  const atGateway = gatewayPaid(payment);
  const booked = paidFrom(journals, "cash", BACKER);
  if (atGateway === booked) {
    const lag = payment.offSession && atGateway > 0 ? bookingLagMs(payment.createdAt, journals) : null;
    return { object, ok: true, journals, refs, ...(lag !== null ? { bookedLateMs: lag } : {}) };
  }
  const code = booked === 0 ? "not_booked" : atGateway === 0 ? "booked_not_at_gateway" : "amount_differs";
  return { object, ok: false, code, what: "charge", gatewayCents: atGateway, ledgerCents: booked, gatewayStatus: paymentStatusText(payment), journals, refs };
}

function reconcileRefund(refund: Refund, journals: readonly ReconcileJournal[], payment: Payment | null): Finding {
  const object = { type: "refund" as const, id: refund.id };
  const refs = refsOf(refund.metadata);
  const atGateway = refund.status === "succeeded" ? refund.amountCents : 0;
  const booked = bookedOn(journals, "cash", BACKER);
  if (atGateway === booked) {
    // Card refunds are answered at once; SEPA refunds are booked when they settle, days later.
    const lag = atGateway > 0 && payment?.paymentMethodType === "card" ? bookingLagMs(refund.createdAt, journals) : null;
    return { object, ok: true, journals, refs, ...(lag !== null ? { bookedLateMs: lag } : {}) };
  }
  if (refund.status === "pending" && booked === 0) return { object, ok: true, journals, refs };
  const code = booked === 0 ? "not_booked" : atGateway === 0 ? "booked_not_at_gateway" : "amount_differs";
  return { object, ok: false, code, what: "refund", gatewayCents: atGateway, ledgerCents: booked, gatewayStatus: refund.status, journals, refs };
}

export const pledgeReconciler: Reconciler = {
  describes: "pledges: charges and refunds (pledge journals)",
  async reconcile(_db, batch) {
    return [
      ...batch.payments.map((p) => reconcilePayment(p, batch.journalsForPayment(p.id))),
      ...batch.refunds.map((r) => reconcileRefund(r, batch.journalsForRefund(r.id), batch.paymentOf(r))),
    ];
  },
};
