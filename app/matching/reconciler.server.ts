import type { Payment } from "../payments/gateway";
import type { Reconciler } from "../reconciliation/reconcile.server";
import { bookingLagMs, type Finding, paidFrom, paymentStatusText, type ReconcileJournal, withoutRefundJournals } from "../reconciliation/reconciliation";

/**
 * Organisations' matching charges at the gateway against the ledger (docs/decisions/062, 027), for
 * the reconciliation's `reconcilers.matching` (app/wiring.server.ts). A charge carries
 * `{ purpose: "matching", poolId, projectId, organisationId, attempt }`; `matching.paid` names it
 * (`refs.paymentId`) when it succeeded. The cash that left the organisation's account equals what
 * the gateway received — nothing before it succeeded (a processing SEPA debit books nothing yet).
 * Matching makes no refunds: any refund of its charges is a difference an admin must look at.
 */
const ORGANISATION = "organisation:";

const refsOf = (metadata: Record<string, string>) => {
  const refs: Record<string, string> = {};
  for (const key of ["poolId", "projectId", "organisationId"]) if (metadata[key]) refs[key] = metadata[key]!;
  return refs;
};

function reconcileCharge(charge: Payment, all: readonly ReconcileJournal[]): Finding {
  const object = { type: "payment" as const, id: charge.id };
  const refs = refsOf(charge.metadata);
  const journals = withoutRefundJournals(all);
  const booked = paidFrom(journals, "cash", ORGANISATION);
  const atGateway = charge.status === "succeeded" ? charge.amountReceivedCents : 0;
  if (booked === atGateway) {
    const lag = atGateway > 0 && charge.paymentMethodType === "card" ? bookingLagMs(charge.createdAt, journals) : null;
    return { object, ok: true, journals, refs, ...(lag !== null ? { bookedLateMs: lag } : {}) };
  }
  const code = booked === 0 ? "not_booked" : atGateway === 0 ? "booked_not_at_gateway" : "amount_differs";
  return { object, ok: false, code, what: "charge", gatewayCents: atGateway, ledgerCents: booked, gatewayStatus: paymentStatusText(charge), journals, refs };
}

export const matchingReconciler: Reconciler = {
  describes: "matching: organisations' charges on their saved methods (matching.paid)",
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
