import type { FileStorage } from "../storage/storage.server";
import type { Db } from "../utils/db.server";
import type { LoanActionInput } from "./lending-schema";
import {
  acceptClaim,
  acceptLoanRequest,
  answerExtension,
  cancelLoan,
  closeLoan,
  confirmHandover,
  confirmReturn,
  decideClaim,
  declineLoanRequest,
  disputeClaim,
  fileClaim,
  requestExtension,
} from "./loans.server";
import { postLoanMessage } from "./messages.server";

/** Which form field a business error belongs next to, per action. */
const fieldFor: Record<string, string> = {
  ReasonRequired: "reason",
  ClaimTooHigh: "amount",
  DecisionTooHigh: "amount",
  PhotosRequired: "photos",
  DescriptionRequired: "description",
  ExtensionNotLater: "newEndsOn",
  ExtensionTooLong: "newEndsOn",
  ExtensionInPast: "newEndsOn",
  ExtensionNotFree: "_form",
  TooManyMessages: "body",
  Empty: "body",
  TooLong: "body",
};

export type LoanActionResult = { ok: true } | { ok: false; field: string; error: string };

/**
 * The loan page's one entry point: a parsed form (by `intent`) becomes one call of the lending
 * module. Photos come already read from the multipart form.
 */
export async function performLoanAction(
  db: Db,
  storage: FileStorage,
  input: { loanId: string; user: { id: string; isModerator: boolean }; action: LoanActionInput; photos: Buffer[]; now: Date },
): Promise<LoanActionResult> {
  const { loanId, action, now } = input;
  const by = { userId: input.user.id, isModerator: input.user.isModerator };
  const result = await (async () => {
    switch (action.intent) {
      case "accept":
        return acceptLoanRequest(db, loanId, by, now);
      case "decline":
        return declineLoanRequest(db, loanId, by, now, action.note);
      case "cancel":
        return cancelLoan(db, loanId, by, action.reason, now);
      case "confirm_handover":
        return confirmHandover(db, storage, { loanId, by, note: action.note, photo: input.photos[0], now });
      case "confirm_return":
        return confirmReturn(db, loanId, by, now, action.note);
      case "close":
        return closeLoan(db, loanId, by, now);
      case "file_claim":
        return fileClaim(db, storage, { loanId, by, amountCents: action.amount, description: action.description, photos: input.photos, now });
      case "dispute_claim":
        return disputeClaim(db, loanId, by, action.note, now);
      case "accept_claim":
        return acceptClaim(db, loanId, by, now);
      case "decide_claim":
        return decideClaim(db, loanId, by, action.amount, action.note, now);
      case "request_extension":
        return requestExtension(db, loanId, by, action.newEndsOn, now, action.note);
      case "accept_extension":
        return answerExtension(db, loanId, by, true, now);
      case "decline_extension":
        return answerExtension(db, loanId, by, false, now);
      case "message":
        return postLoanMessage(db, { loanId, authorId: input.user.id, body: action.body, now });
      default: {
        const unreachable: never = action;
        throw new Error(`Unknown loan action ${JSON.stringify(unreachable)}`);
      }
    }
  })();
  if (result.ok) return { ok: true };
  return { ok: false, field: fieldFor[result.error] ?? (result.error.startsWith("image.") ? "photos" : "_form"), error: result.error };
}
