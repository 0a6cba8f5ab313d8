import { addDays, endOfDay, loanDays, today, type Ymd } from "./days";

/**
 * The loan lifecycle — the lending ledger (docs/decisions/040-lending-ledger.md). A loan changes
 * state ONLY through `transition`, applied by the one writer in loans.server.ts, which also
 * appends a `loan_events` row for every event (including those that keep the state, such as the
 * first of the two handover confirmations or an extension).
 *
 *   requested ─accept→ accepted ─confirm_handover×2→ picked_up ─confirm_return→ returned ─close→ closed
 *       │                 │                              │                          │
 *       ├decline→ declined └cancel→ cancelled             └mark_overdue→ overdue    └file_claim→ claimed
 *       ├expire→ expired                                      └confirm_return→ returned   ├accept_claim→ resolved
 *       └cancel→ cancelled                                                                └decide_claim→ resolved
 */
export const loanStates = [
  "requested",
  "accepted",
  "declined",
  "expired",
  "cancelled",
  "picked_up",
  "overdue",
  "returned",
  "claimed",
  "resolved",
  "closed",
] as const;
export type LoanState = (typeof loanStates)[number];

/** States in which the loan holds the item's days (the exclusion constraint's WHERE clause). */
export const BOOKED_STATES = ["accepted", "picked_up", "overdue"] as const satisfies readonly LoanState[];
export const OPEN_STATES = ["requested", "accepted", "picked_up", "overdue", "returned", "claimed"] as const satisfies readonly LoanState[];
export const FINAL_STATES = ["declined", "expired", "cancelled", "resolved", "closed"] as const satisfies readonly LoanState[];

export const isBooked = (state: LoanState) => (BOOKED_STATES as readonly LoanState[]).includes(state);
export const isFinal = (state: LoanState) => (FINAL_STATES as readonly LoanState[]).includes(state);

/** The two sides of a loan. For a project loan, the project's contact acts as the borrower. */
export type LoanSide = "owner" | "borrower";
export type LoanActor = LoanSide | "moderator" | "system";

/** An unanswered request expires after 48 hours (or when its last day has passed, if sooner). */
export const REQUEST_TTL_MS = 48 * 3_600_000;
/** The owner may report damage or loss for 48 hours after confirming the return. */
export const CLAIM_WINDOW_MS = 48 * 3_600_000;

export function requestExpiresAt(createdAt: Date, endsOn: Ymd): Date {
  return new Date(Math.min(createdAt.getTime() + REQUEST_TTL_MS, endOfDay(endsOn).getTime()));
}

export interface LoanSnapshot {
  state: LoanState;
  /** Who made the request: the borrower asking, or the owner offering (wanted board, projects). */
  initiatedBy: LoanSide;
  startsOn: Ymd;
  endsOn: Ymd;
  expiresAt: Date;
  maxLoanDays: number;
  depositCents: number;
  /** No deposit, or it is secured (method saved / hold placed) as the deposit rule requires. */
  depositReady: boolean;
  handover: { owner: boolean; borrower: boolean };
  returnedAt: Date | null;
  openExtension: { newEndsOn: Ymd } | null;
  claim: { amountCents: number } | null;
}

export type LoanEvent =
  | { type: "accept" }
  | { type: "decline" }
  | { type: "expire" }
  | { type: "cancel"; reason: string }
  | { type: "confirm_handover" }
  | { type: "mark_overdue" }
  | { type: "confirm_return" }
  | { type: "close" }
  | { type: "file_claim"; amountCents: number }
  | { type: "dispute_claim" }
  | { type: "accept_claim" }
  | { type: "decide_claim"; amountCents: number }
  | { type: "request_extension"; newEndsOn: Ymd }
  | { type: "accept_extension" }
  | { type: "decline_extension" };

export type LoanEventType = LoanEvent["type"];

export const loanEventTypes = [
  "accept",
  "decline",
  "expire",
  "cancel",
  "confirm_handover",
  "mark_overdue",
  "confirm_return",
  "close",
  "file_claim",
  "dispute_claim",
  "accept_claim",
  "decide_claim",
  "request_extension",
  "accept_extension",
  "decline_extension",
] as const satisfies readonly LoanEventType[];

export type LoanError =
  | "IllegalTransition"
  | "NotYourTurn"
  | "RequestExpired"
  | "ExpiryNotDue"
  | "ReasonRequired"
  | "HandoverTooEarly"
  | "AlreadyConfirmed"
  | "DepositNotReady"
  | "NotOverdueYet"
  | "ClaimWindowClosed"
  | "ClaimWindowOpen"
  | "ClaimTooHigh"
  | "DecisionTooHigh"
  | "ExtensionPending"
  | "ExtensionNotLater"
  | "ExtensionTooLong"
  | "ExtensionInPast"
  | "NoExtension";

export type TransitionResult = { ok: true; to: LoanState } | { ok: false; error: LoanError };

/** The side that answers a request: the owner answers a borrower's request, the borrower an owner's offer. */
export const answeringSide = (loan: Pick<LoanSnapshot, "initiatedBy">): LoanSide => (loan.initiatedBy === "borrower" ? "owner" : "borrower");

const ok = (to: LoanState): TransitionResult => ({ ok: true, to });
const fail = (error: LoanError): TransitionResult => ({ ok: false, error });

/**
 * The one place loan rules live. Pure: the caller passes the loan as it is now (read under a row
 * lock), the event, who is acting, and the clock's now.
 */
export function transition(loan: LoanSnapshot, event: LoanEvent, actor: LoanActor, now: Date): TransitionResult {
  const s = loan.state;
  switch (event.type) {
    case "accept":
      if (s !== "requested") return fail("IllegalTransition");
      if (actor !== answeringSide(loan)) return fail("NotYourTurn");
      if (now.getTime() >= loan.expiresAt.getTime()) return fail("RequestExpired");
      return ok("accepted");

    case "decline":
      if (s !== "requested") return fail("IllegalTransition");
      // The system declines too: when the item is paused or unlisted, or its days were given to another request.
      if (actor !== answeringSide(loan) && actor !== "system") return fail("NotYourTurn");
      return ok("declined");

    case "expire":
      if (s !== "requested") return fail("IllegalTransition");
      if (actor !== "system") return fail("NotYourTurn");
      if (now.getTime() < loan.expiresAt.getTime()) return fail("ExpiryNotDue");
      return ok("expired");

    case "cancel":
      if (s === "requested") {
        // Withdrawing one's own request needs no reason.
        if (actor !== loan.initiatedBy) return fail("NotYourTurn");
        return ok("cancelled");
      }
      if (s !== "accepted") return fail("IllegalTransition");
      if (actor !== "owner" && actor !== "borrower") return fail("NotYourTurn");
      if (event.reason.trim() === "") return fail("ReasonRequired");
      return ok("cancelled");

    case "confirm_handover": {
      if (s !== "accepted") return fail("IllegalTransition");
      if (actor !== "owner" && actor !== "borrower") return fail("NotYourTurn");
      if (today(now) < loan.startsOn) return fail("HandoverTooEarly");
      if (loan.handover[actor]) return fail("AlreadyConfirmed");
      const other = actor === "owner" ? "borrower" : "owner";
      if (!loan.handover[other]) return ok("accepted");
      // The confirmation that completes the handover needs the deposit in place.
      if (!loan.depositReady) return fail("DepositNotReady");
      return ok("picked_up");
    }

    case "mark_overdue":
      if (s !== "picked_up") return fail("IllegalTransition");
      if (actor !== "system") return fail("NotYourTurn");
      if (now.getTime() < endOfDay(loan.endsOn).getTime()) return fail("NotOverdueYet");
      return ok("overdue");

    case "confirm_return":
      if (s !== "picked_up" && s !== "overdue") return fail("IllegalTransition");
      if (actor !== "owner") return fail("NotYourTurn");
      return ok("returned");

    case "close":
      if (s !== "returned") return fail("IllegalTransition");
      // The owner may close at once ("all fine"); the system only once the claim window is over.
      if (actor === "owner") return ok("closed");
      if (actor !== "system") return fail("NotYourTurn");
      if (!loan.returnedAt || now.getTime() < loan.returnedAt.getTime() + CLAIM_WINDOW_MS) return fail("ClaimWindowOpen");
      return ok("closed");

    case "file_claim":
      if (s !== "returned") return fail("IllegalTransition");
      if (actor !== "owner") return fail("NotYourTurn");
      if (!loan.returnedAt || now.getTime() >= loan.returnedAt.getTime() + CLAIM_WINDOW_MS) return fail("ClaimWindowClosed");
      if (!Number.isSafeInteger(event.amountCents) || event.amountCents < 0 || event.amountCents > loan.depositCents) return fail("ClaimTooHigh");
      return ok("claimed");

    case "dispute_claim":
      if (s !== "claimed") return fail("IllegalTransition");
      if (actor !== "borrower") return fail("NotYourTurn");
      return ok("claimed");

    case "accept_claim":
      if (s !== "claimed") return fail("IllegalTransition");
      if (actor !== "borrower") return fail("NotYourTurn");
      return ok("resolved");

    case "decide_claim":
      if (s !== "claimed") return fail("IllegalTransition");
      if (actor !== "moderator") return fail("NotYourTurn");
      if (!Number.isSafeInteger(event.amountCents) || event.amountCents < 0 || event.amountCents > (loan.claim?.amountCents ?? 0)) {
        return fail("DecisionTooHigh");
      }
      return ok("resolved");

    case "request_extension":
      if (s !== "accepted" && s !== "picked_up" && s !== "overdue") return fail("IllegalTransition");
      if (actor !== "borrower") return fail("NotYourTurn");
      if (loan.openExtension) return fail("ExtensionPending");
      if (event.newEndsOn <= loan.endsOn) return fail("ExtensionNotLater");
      if (event.newEndsOn < today(now)) return fail("ExtensionInPast");
      if (loanDays(loan.startsOn, event.newEndsOn) > loan.maxLoanDays) return fail("ExtensionTooLong");
      return ok(s);

    case "accept_extension":
      if (s !== "accepted" && s !== "picked_up" && s !== "overdue") return fail("IllegalTransition");
      if (actor !== "owner") return fail("NotYourTurn");
      if (!loan.openExtension) return fail("NoExtension");
      if (loan.openExtension.newEndsOn < today(now)) return fail("ExtensionInPast");
      // An overdue loan extended into the future is simply on loan again.
      return ok(s === "overdue" ? "picked_up" : s);

    case "decline_extension":
      if (s !== "accepted" && s !== "picked_up" && s !== "overdue") return fail("IllegalTransition");
      if (actor !== "owner") return fail("NotYourTurn");
      if (!loan.openExtension) return fail("NoExtension");
      return ok(s);

    default: {
      const unreachable: never = event;
      throw new Error(`Unknown loan event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Rules for a new request, before any row exists (requestLoan / offerItem). */
export type RequestError = "StartInPast" | "TooLong" | "TooFarAhead" | "EndBeforeStart";
export const MAX_DAYS_AHEAD = 365;

export function checkRequestedDays(input: { startsOn: Ymd; endsOn: Ymd; maxLoanDays: number }, now: Date): RequestError | null {
  if (input.endsOn < input.startsOn) return "EndBeforeStart";
  if (input.startsOn < today(now)) return "StartInPast";
  if (input.startsOn > addDays(today(now), MAX_DAYS_AHEAD)) return "TooFarAhead";
  if (loanDays(input.startsOn, input.endsOn) > input.maxLoanDays) return "TooLong";
  return null;
}

/** Total fee for the days of a loan (neighbours settle it at pickup; docs/decisions/040). */
export const loanFeeCents = (feePerDayCents: number, startsOn: Ymd, endsOn: Ymd): number => feePerDayCents * loanDays(startsOn, endsOn);

/** Who hears about an event (notification kinds from the notifications module's contract). */
export type LoanNoticeKind =
  | "loan.requested"
  | "loan.accepted"
  | "loan.declined"
  | "loan.expired"
  | "loan.cancelled"
  | "loan.extension_requested"
  | "loan.extension_accepted"
  | "loan.extension_declined"
  | "loan.claim_filed"
  | "loan.claim_resolved"
  | "loan.offered"
  | "loan.offer_accepted"
  | "loan.offer_declined"
  | "loan.handover_confirmed"
  | "loan.returned";

export function noticesFor(
  loan: Pick<LoanSnapshot, "initiatedBy">,
  event: LoanEventType | "created",
  actor: LoanActor,
): { to: LoanSide; kind: LoanNoticeKind }[] {
  const other = (side: LoanActor): LoanSide[] => (side === "owner" ? ["borrower"] : side === "borrower" ? ["owner"] : ["owner", "borrower"]);
  switch (event) {
    // An offer reads as one: "Mohammed biedt je de steekwagen aan", and its answer goes back to the owner as such.
    case "created":
      return [{ to: answeringSide(loan), kind: loan.initiatedBy === "owner" ? "loan.offered" : "loan.requested" }];
    case "accept":
      return [{ to: loan.initiatedBy, kind: loan.initiatedBy === "owner" ? "loan.offer_accepted" : "loan.accepted" }];
    case "decline":
      return [{ to: loan.initiatedBy, kind: loan.initiatedBy === "owner" ? "loan.offer_declined" : "loan.declined" }];
    case "confirm_handover":
      return other(actor).map((to) => ({ to, kind: "loan.handover_confirmed" as const }));
    case "confirm_return":
      return other(actor).map((to) => ({ to, kind: "loan.returned" as const }));
    case "expire":
      return [{ to: loan.initiatedBy, kind: "loan.expired" }];
    case "cancel":
      return other(actor).map((to) => ({ to, kind: "loan.cancelled" as const }));
    case "request_extension":
      return [{ to: "owner", kind: "loan.extension_requested" }];
    case "accept_extension":
      return [{ to: "borrower", kind: "loan.extension_accepted" }];
    case "decline_extension":
      return [{ to: "borrower", kind: "loan.extension_declined" }];
    case "file_claim":
      return [{ to: "borrower", kind: "loan.claim_filed" }];
    case "accept_claim":
    case "decide_claim":
      return [
        { to: "owner", kind: "loan.claim_resolved" },
        { to: "borrower", kind: "loan.claim_resolved" },
      ];
    default:
      // Overdue notices come from the daily reminder sweep (one per overdue day), not from here.
      return [];
  }
}
