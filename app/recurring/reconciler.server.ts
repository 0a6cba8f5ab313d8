import { chargesWithoutRefundsReconciler } from "../reconciliation/charge-reconciler.server";

/**
 * Monthly gifts' charges at the gateway against the ledger (docs/decisions/077, 027). A charge carries
 * `{ purpose: "recurring", giftId, projectId, period, attempt }`; `recurring.paid` names it
 * (`refs.paymentId`) when it succeeded. What left the giver's account equals what the gateway
 * received. Monthly gifts make no refunds: any refund is a difference an admin must look at.
 */
export const recurringReconciler = chargesWithoutRefundsReconciler({
  describes: "recurring: monthly gifts' charges on their saved methods (recurring.paid)",
  payerPrefix: "backer:",
  refKeys: ["giftId", "projectId", "period"],
});
