/**
 * The lending module's loans, in one import: reading (loan-queries), the one writer (loan-writer),
 * the one way a loan begins (loan-create) and the named actions people take (loan-commands).
 * docs/lending.md draws the lifecycle.
 */
export { answeringSide } from "./loan";
export type { LoanRecord } from "./loan-record";
export { availableActions, getLoan, loanState, lockLoan, predictLoanEvent, sideOf } from "./loan-queries.server";
export {
  type ApplyError,
  type ApplyOptions,
  type ApplyResult,
  applyLoanEvent,
  applyLoanEventTx,
  declineOpenRequestsForItem,
  type LoanBy,
  registerLoanTransitionEffects,
} from "./loan-writer.server";
export {
  type CreateLoanError,
  type CreateLoanInput,
  lendItemToProject,
  type LoanCompanion,
  type LoanOpening,
  offerItemForWanted,
  openLoan,
  requestLoan,
} from "./loan-create.server";
export { registerBorrowGates } from "./trust-gates.server";
export {
  acceptClaim,
  acceptLoanRequest,
  answerExtension,
  cancelLoan,
  CLAIM_MAX_PHOTOS,
  closeLoan,
  confirmHandover,
  confirmReturn,
  decideClaim,
  declineLoanRequest,
  disputeClaim,
  fileClaim,
  requestExtension,
  type UserBy,
} from "./loan-commands.server";
