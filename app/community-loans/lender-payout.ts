/**
 * Paying lenders what a community loan's repayments owe them (docs/decisions/081-lender-payouts.md):
 * types and the one pure transition. No database, no env. The writer
 * (lender-payouts.server.ts `applyLenderPayoutEventTx`) applies it with an event row and the
 * journal it names, in one transaction.
 *
 *   pending ──sent──▶ in_transit ──paid──▶ paid
 *      │                  │
 *      └──failed──▶ failed ◀──failed──┘
 *
 * pending     the row exists (amount fixed from what the ledger owes the lender); the gateway has not
 *             (knowingly) been asked yet — a retry asks again with the same idempotency key
 * in_transit  the gateway took it: owed → in transit (journal community_loan.payout_sent)
 * paid        the lender's bank has it (journal community_loan.payout_paid); final
 * failed      refused before it left (no journal: nothing moved), or returned by the bank (journal
 *             community_loan.payout_failed: back to owed); a new attempt may follow
 * Unlike an initiator's payout, a lender is paid many times over a loan's life (after each
 * repayment): the invariant is one payout ON ITS WAY (pending or in transit) per lender and loan.
 */
import type { Cents } from "../utils/money";

export const lenderPayoutStatuses = ["pending", "in_transit", "paid", "failed"] as const;
export type LenderPayoutStatus = (typeof lenderPayoutStatuses)[number];

export type LenderPayoutEvent = { type: "sent"; gatewayRef: string } | { type: "paid" } | { type: "failed"; code: string };

export type LenderPayoutJournalKind = "community_loan.payout_sent" | "community_loan.payout_paid" | "community_loan.payout_failed";

export type LenderPayoutTransition =
  | { kind: "changed"; to: LenderPayoutStatus; journal: LenderPayoutJournalKind | null }
  /** Already there (a redelivered or late event, the synchronous answer after the event). */
  | { kind: "unchanged" }
  /** Not from here (paid before it was sent, failed after paid): the caller decides (apply `sent` first, or log). */
  | { kind: "illegal" };

const unchanged = { kind: "unchanged" } as const;
const illegal = { kind: "illegal" } as const;

export function transitionLenderPayout(status: LenderPayoutStatus, event: LenderPayoutEvent): LenderPayoutTransition {
  switch (event.type) {
    case "sent":
      if (status === "pending") return { kind: "changed", to: "in_transit", journal: "community_loan.payout_sent" };
      return unchanged;
    case "paid":
      if (status === "in_transit") return { kind: "changed", to: "paid", journal: "community_loan.payout_paid" };
      if (status === "paid") return unchanged;
      return illegal;
    case "failed":
      if (status === "pending") return { kind: "changed", to: "failed", journal: null };
      if (status === "in_transit") return { kind: "changed", to: "failed", journal: "community_loan.payout_failed" };
      if (status === "failed") return unchanged;
      return illegal;
    default: {
      const never: never = event;
      throw new Error(`Unknown lender payout event ${JSON.stringify(never)}`);
    }
  }
}

/** On its way: the lender and loan may not get a second one (the unique index says the same). */
export function isOnItsWay(status: LenderPayoutStatus): boolean {
  return status === "pending" || status === "in_transit";
}

export type LenderPayoutAccountStatus = "none" | "details_needed" | "verified";

/** What /me/community-loans shows of the lender's bank account (the payout account of app/payouts' table). */
export interface LenderPayoutAccountView {
  status: LenderPayoutAccountStatus;
  bankLast4: string | null;
  bankName: string | null;
}

/** One payout as the lender sees it. */
export interface LenderPayoutView {
  id: string;
  status: LenderPayoutStatus;
  amountCents: Cents;
  bankLast4: string | null;
  createdAt: Date;
  sentAt: Date | null;
  paidAt: Date | null;
  failedAt: Date | null;
}
