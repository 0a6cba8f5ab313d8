import type { Locale } from "../i18n/i18n";
import type { AppServices } from "../services.server";
import { loanStateSettlesDeposit } from "./deposit";
import { confirmHandoverWithDeposit, settleDeposit, startDepositSetup } from "./deposits.server";
import type { LoanActionInput } from "./lending-schema";
import {
  acceptClaim,
  acceptLoanRequest,
  answerExtension,
  cancelLoan,
  closeLoan,
  confirmReturn,
  decideClaim,
  declineLoanRequest,
  disputeClaim,
  fileClaim,
  requestExtension,
} from "./loans.server";
import { lendingErrorField } from "./errors";
import { postLoanMessage } from "./messages.server";

export type LoanActionResult = { ok: true; redirectTo?: string } | { ok: false; field: string; error: string };

/**
 * The loan page's one entry point: a parsed form (by `intent`) becomes one call of the lending
 * module. Photos come already read from the multipart form.
 */
export async function performLoanAction(
  services: Pick<AppServices, "db" | "storage" | "gateway" | "env" | "logger">,
  input: {
    loanId: string;
    user: { id: string; email: string; displayName: string; isModerator: boolean };
    locale: Locale;
    action: LoanActionInput;
    photos: Buffer[];
    now: Date;
  },
): Promise<LoanActionResult> {
  const { db, storage } = services;
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
        return confirmHandoverWithDeposit(services, { loanId, by, note: action.note, photo: input.photos[0], now });
      case "start_deposit":
        return startDepositSetup(services, { loanId, user: input.user, locale: input.locale, now });
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
  if (result.ok) {
    if ("url" in result) return { ok: true, redirectTo: result.url };
    // A loan that just ended settles its deposit at once (the sweep would within minutes).
    if ("to" in result && loanStateSettlesDeposit(result.to)) {
      await settleDeposit(services, loanId, now).catch((error: unknown) =>
        services.logger.error({ err: error, loanId }, "deposit settlement failed; the sweep retries"),
      );
    }
    return { ok: true };
  }
  return { ok: false, field: lendingErrorField(result.error, "loan"), error: result.error };
}
