import type { Payment } from "../payments/gateway";
import type { Reconciler } from "./reconcile.server";
import { bookingLagMs, type Finding, paidFrom, paymentStatusText, type ReconcileJournal, withoutRefundJournals } from "./reconciliation";

/**
 * The reconciler of a purpose whose payments are charges one payer makes and that never refunds:
 * organisations' matching charges (decision 062), monthly gifts (077), initiators' repayments of a
 * community loan (078). What left the payer's ledger accounts (`payerPrefix`, e.g. "backer:") in cash
 * equals what the gateway received — nothing before a charge succeeded (a processing SEPA debit books
 * nothing yet). Any succeeded refund of such a charge is a difference an admin must look at.
 * `refKeys` are the metadata keys a finding shows (docs/decisions/027).
 */
export function chargesWithoutRefundsReconciler(options: { describes: string; payerPrefix: string; refKeys: readonly string[] }): Reconciler {
  const refsOf = (metadata: Record<string, string>) => {
    const refs: Record<string, string> = {};
    for (const key of options.refKeys) if (metadata[key]) refs[key] = metadata[key]!;
    return refs;
  };

  function reconcileCharge(charge: Payment, all: readonly ReconcileJournal[]): Finding {
    const object = { type: "payment" as const, id: charge.id };
    const refs = refsOf(charge.metadata);
    const journals = withoutRefundJournals(all);
    const booked = paidFrom(journals, "cash", options.payerPrefix);
    const atGateway = charge.status === "succeeded" ? charge.amountReceivedCents : 0;
    if (booked === atGateway) {
      const lag = atGateway > 0 && charge.paymentMethodType === "card" ? bookingLagMs(charge.createdAt, journals) : null;
      return { object, ok: true, journals, refs, ...(lag !== null ? { bookedLateMs: lag } : {}) };
    }
    const code = booked === 0 ? "not_booked" : atGateway === 0 ? "booked_not_at_gateway" : "amount_differs";
    return { object, ok: false, code, what: "charge", gatewayCents: atGateway, ledgerCents: booked, gatewayStatus: paymentStatusText(charge), journals, refs };
  }

  return {
    describes: options.describes,
    async reconcile(_db, batch) {
      return [
        ...batch.payments.map((p) => reconcileCharge(p, batch.journalsForPayment(p.id))),
        ...batch.refunds.map((r): Finding => {
          const object = { type: "refund" as const, id: r.id };
          const journals = batch.journalsForRefund(r.id);
          const refs = refsOf(r.metadata);
          const atGateway = r.status === "succeeded" ? r.amountCents : 0;
          if (atGateway === 0) return { object, ok: true, journals, refs };
          return { object, ok: false, code: "not_booked", what: "refund", gatewayCents: atGateway, ledgerCents: 0, gatewayStatus: r.status, journals, refs };
        }),
      ];
    },
  };
}
