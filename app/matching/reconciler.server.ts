import { chargesWithoutRefundsReconciler } from "../reconciliation/charge-reconciler.server";

/**
 * Organisations' matching charges at the gateway against the ledger (docs/decisions/062, 027), for
 * the reconciliation's `reconcilers.matching` (app/wiring.server.ts). A charge carries
 * `{ purpose: "matching", poolId, projectId, organisationId, attempt }`; `matching.paid` names it
 * (`refs.paymentId`) when it succeeded. The cash that left the organisation's account equals what
 * the gateway received — nothing before it succeeded (a processing SEPA debit books nothing yet).
 * Matching makes no refunds: any refund of its charges is a difference an admin must look at.
 */
export const matchingReconciler = chargesWithoutRefundsReconciler({
  describes: "matching: organisations' charges on their saved methods (matching.paid)",
  payerPrefix: "organisation:",
  refKeys: ["poolId", "projectId", "organisationId"],
});
