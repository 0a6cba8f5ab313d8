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
import type { Db } from "../utils/db.server";
import { isUuid } from "../utils/ids";

/**
 * Deposit money at the gateway against the deposit journals (docs/decisions/043, 027), for the
 * reconciliation's `reconcilers.deposit` (listed in app/wiring.server.ts).
 *
 * Deposit payments carry `{ purpose: "deposit", loanId, step: "hold" | "charge" }`; their journals
 * `refs.paymentId` (deposit.held, deposit.released and deposit.captured name the hold). Per object:
 *   a hold:    the commitment book's borrower → loan promise equals what the gateway holds
 *              (requires_capture), and is gone once it was released, lapsed or captured; the cash
 *              the borrower paid equals what was captured;
 *   a charge:  (a claim on the saved method) the cash the borrower paid equals what the gateway
 *              received — deposits book a charge when it succeeds, so a processing one has nothing yet;
 *   a refund:  deposits make none; one without a purpose of its own on a hold is Stripe releasing the
 *              uncaptured part, which the hold's own numbers already cover.
 * The gateway does not say WHEN a hold was captured or released; the deposit's own last change
 * (loan_deposits.updated_at: the settlement intent is written just before the call) starts the
 * grace period instead of the hold's creation.
 */
const BORROWER = "borrower:";

const refsOf = (metadata: Record<string, string>) => {
  const refs: Record<string, string> = {};
  for (const key of ["loanId", "step"]) if (metadata[key]) refs[key] = metadata[key]!;
  return refs;
};

const later = (a: Date, b: Date | null | undefined) => (b && b > a ? b : a);

function reconcileHold(hold: Payment, all: readonly ReconcileJournal[], lastChange: Date | null): Finding {
  const object = { type: "payment" as const, id: hold.id };
  const refs = refsOf(hold.metadata);
  const journals = withoutRefundJournals(all);
  const heldBooked = paidFrom(journals, "commitment", BORROWER);
  const capturedBooked = paidFrom(journals, "cash", BORROWER);
  const heldAtGateway = hold.status === "requires_capture" ? hold.amountCapturableCents : 0;
  const capturedAtGateway = hold.status === "succeeded" ? hold.amountReceivedCents : 0;
  const gatewayStatus = paymentStatusText(hold);
  // A hold that lapsed changed at its expiry; any other change after the deposit's last step.
  const since = later(
    new Date(hold.createdAt),
    hold.status === "canceled" && hold.cancellationReason === "expired" && hold.holdExpiresAt ? new Date(hold.holdExpiresAt) : lastChange,
  );
  // A capture is told as a capture (not as a hold still booked), so it comes first.
  if (capturedBooked !== capturedAtGateway) {
    const code = capturedBooked === 0 ? "not_booked" : capturedAtGateway === 0 ? "booked_not_at_gateway" : "amount_differs";
    return { object, ok: false, code, what: "capture", gatewayCents: capturedAtGateway, ledgerCents: capturedBooked, gatewayStatus, journals, refs, since };
  }
  if (heldBooked !== heldAtGateway) {
    const code = heldBooked === 0 ? "not_booked" : heldAtGateway === 0 ? "booked_not_at_gateway" : "amount_differs";
    return { object, ok: false, code, what: "hold", gatewayCents: heldAtGateway, ledgerCents: heldBooked, gatewayStatus, journals, refs, since };
  }
  const placed = hold.status !== "failed" && hold.status !== "requires_action";
  const lag = hold.offSession && placed ? bookingLagMs(hold.createdAt, journals) : null;
  return { object, ok: true, journals, refs, ...(lag !== null ? { bookedLateMs: lag } : {}) };
}

function reconcileCharge(charge: Payment, all: readonly ReconcileJournal[]): Finding {
  const object = { type: "payment" as const, id: charge.id };
  const refs = refsOf(charge.metadata);
  const journals = withoutRefundJournals(all);
  const booked = paidFrom(journals, "cash", BORROWER);
  const atGateway = charge.status === "succeeded" ? charge.amountReceivedCents : 0;
  if (booked === atGateway) {
    const lag = charge.offSession && atGateway > 0 && charge.paymentMethodType === "card" ? bookingLagMs(charge.createdAt, journals) : null;
    return { object, ok: true, journals, refs, ...(lag !== null ? { bookedLateMs: lag } : {}) };
  }
  const code = booked === 0 ? "not_booked" : atGateway === 0 ? "booked_not_at_gateway" : "amount_differs";
  return { object, ok: false, code, what: "charge", gatewayCents: atGateway, ledgerCents: booked, gatewayStatus: paymentStatusText(charge), journals, refs };
}

function reconcileRefund(refund: Refund, journals: readonly ReconcileJournal[], payment: Payment | null, inherited: boolean): Finding {
  const object = { type: "refund" as const, id: refund.id };
  const refs = refsOf(payment?.metadata ?? refund.metadata);
  if (inherited && payment?.captureMethod === "manual" && refund.amountCents <= payment.amountCents - payment.amountReceivedCents) {
    return { object, ok: true, journals, refs };
  }
  const atGateway = refund.status === "succeeded" ? refund.amountCents : 0;
  const booked = bookedOn(journals, "cash", BORROWER);
  if (atGateway === booked || (refund.status === "pending" && booked === 0)) return { object, ok: true, journals, refs };
  const code = booked === 0 ? "not_booked" : atGateway === 0 ? "booked_not_at_gateway" : "amount_differs";
  return { object, ok: false, code, what: "refund", gatewayCents: atGateway, ledgerCents: booked, gatewayStatus: refund.status, journals, refs };
}

async function lastDepositChanges(db: Db, loanIds: string[]): Promise<Map<string, Date>> {
  if (loanIds.length === 0) return new Map();
  const rows = await db.selectFrom("loan_deposits").select(["loan_id", "updated_at"]).where("loan_id", "in", loanIds).execute();
  return new Map(rows.map((r) => [r.loan_id, r.updated_at]));
}

export const depositReconciler: Reconciler = {
  describes: "deposits: holds, captures and claim charges (deposit journals)",
  async reconcile(db, batch) {
    const loanIds = [...new Set(batch.payments.map((p) => p.metadata.loanId).filter((id): id is string => isUuid(id)))];
    const changes = await lastDepositChanges(db, loanIds);
    return [
      ...batch.payments.map((p) =>
        p.captureMethod === "manual"
          ? reconcileHold(p, batch.journalsForPayment(p.id), changes.get(p.metadata.loanId ?? "") ?? null)
          : reconcileCharge(p, batch.journalsForPayment(p.id)),
      ),
      ...batch.refunds.map((r) => reconcileRefund(r, batch.journalsForRefund(r.id), batch.paymentOf(r), batch.inheritedPurpose(r))),
    ];
  },
};
