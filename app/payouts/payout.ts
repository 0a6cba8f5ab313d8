/**
 * Payouts to initiators: types and pure rules (docs/decisions/053-payouts.md). No database, no env.
 * A payout changes state only through `transitionPayout`; the writer (payouts.server.ts) applies it
 * with an event row and the journal it names, in one transaction.
 *
 *   pending ──sent──▶ in_transit ──paid──▶ paid
 *      │                  │
 *      └──failed──▶ failed ◀──failed──┘
 *
 * pending     the payout row exists (amount fixed from the project's ledger balance); the gateway
 *             has not (knowingly) been asked yet — a retry asks again with the same idempotency key
 * in_transit  the gateway took it: the money left the project (journal payout.sent)
 * paid        the initiator's bank has it (journal payout.paid; the project becomes paid_out)
 * failed      refused before it left (no journal: nothing moved), or returned by the bank (journal
 *             payout.failed puts the money back on the project); a new attempt may follow
 */
import type { Cents } from "../utils/money";

export const payoutStatuses = ["pending", "in_transit", "paid", "failed"] as const;
export type PayoutStatus = (typeof payoutStatuses)[number];

export type PayoutEvent =
  /** The gateway accepted the payout (its synchronous answer or its payout.in_transit event). */
  { type: "sent"; gatewayRef: string } | { type: "paid" } | { type: "failed"; code: string };
export type PayoutEventType = PayoutEvent["type"];

/** The journal a change leaves (payouts.server.ts books it); null when no money moved. */
export type PayoutJournalKind = "payout.sent" | "payout.paid" | "payout.failed";

export type PayoutTransition =
  | { kind: "changed"; to: PayoutStatus; journal: PayoutJournalKind | null }
  /** Already there (a redelivered or late event, the sync answer after the event): nothing to do. */
  | { kind: "unchanged" }
  /** Not from here (e.g. paid before it was sent): the caller decides (apply `sent` first, or log). */
  | { kind: "illegal" };

const unchanged = { kind: "unchanged" } as const;
const illegal = { kind: "illegal" } as const;

export function transitionPayout(status: PayoutStatus, event: PayoutEvent): PayoutTransition {
  switch (event.type) {
    case "sent":
      if (status === "pending") return { kind: "changed", to: "in_transit", journal: "payout.sent" };
      // Once sent, later answers about the same payout change nothing; a failed one stays failed.
      return unchanged;
    case "paid":
      if (status === "in_transit") return { kind: "changed", to: "paid", journal: "payout.paid" };
      if (status === "paid") return unchanged;
      return illegal;
    case "failed":
      if (status === "pending") return { kind: "changed", to: "failed", journal: null };
      if (status === "in_transit") return { kind: "changed", to: "failed", journal: "payout.failed" };
      if (status === "failed") return unchanged;
      // Paid is final here: a bank returning money after that is a case for a person (decision 053).
      return illegal;
    default: {
      const never: never = event;
      throw new Error(`Unknown payout event ${JSON.stringify(never)}`);
    }
  }
}

/** A payout that is still (or was) on its way: the project may not get another one. */
export function isLive(status: PayoutStatus): boolean {
  return status !== "failed";
}

/** What the initiator's dashboard shows: where the money came from and where it went. */
export interface PayoutStatement {
  collectedCents: Cents;
  processingFeeCents: Cents;
  platformFeeCents: Cents;
  refundedCents: Cents;
  /** What is left for the initiator: collected − fees − refunds (the project's ledger balance before payout). */
  payableCents: Cents;
  payout: {
    status: PayoutStatus;
    amountCents: Cents;
    bankLast4: string | null;
    sentAt: Date | null;
    paidAt: Date | null;
    failedAt: Date | null;
    failureCode: string | null;
  } | null;
  paidOutCents: Cents;
}

export type PayoutAccountStatus = "none" | "details_needed" | "verified";

export interface PayoutAccountView {
  status: PayoutAccountStatus;
  bankLast4: string | null;
  bankName: string | null;
}

/** Why a project is not paid out yet, in the order the initiator can act on them. */
export type PayoutBlocker = "notSucceeded" | "settling" | "accountMissing" | "accountDetailsNeeded" | "nothingToPay" | null;

export function payoutBlocker(input: { projectStatus: string; settled: boolean; account: PayoutAccountStatus; payableCents: Cents }): PayoutBlocker {
  if (input.projectStatus !== "succeeded") return input.projectStatus === "paid_out" ? null : "notSucceeded";
  if (input.account === "none") return "accountMissing";
  if (input.account === "details_needed") return "accountDetailsNeeded";
  if (!input.settled) return "settling";
  if (input.payableCents <= 0) return "nothingToPay";
  return null;
}
