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
 * paid        the initiator's bank has it (journal payout.paid; a settled project becomes paid_out, an
 *             ongoing project's monthly payout leaves it running: decision 079)
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

/** A payout that has not failed: a settled project gets no other one, an ongoing project none for the same month (decision 079). */
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

export function payoutBlocker(input: {
  projectStatus: string;
  /** An ongoing project is paid out monthly while it runs (decision 079): no settlement to wait for. */
  ongoing?: boolean;
  settled: boolean;
  account: PayoutAccountStatus;
  payableCents: Cents;
}): PayoutBlocker {
  if (input.ongoing) {
    if (input.account === "none") return "accountMissing";
    if (input.account === "details_needed") return "accountDetailsNeeded";
    return input.payableCents <= 0 ? "nothingToPay" : null;
  }
  if (input.projectStatus !== "succeeded") return input.projectStatus === "paid_out" ? null : "notSucceeded";
  if (input.account === "none") return "accountMissing";
  if (input.account === "details_needed") return "accountDetailsNeeded";
  if (!input.settled) return "settling";
  if (input.payableCents <= 0) return "nothingToPay";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Monthly payouts of an ongoing project (docs/decisions/079-ongoing-payouts.md)
// ---------------------------------------------------------------------------------------------

const amsterdamParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Amsterdam",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function amsterdam(instant: Date) {
  const parts = Object.fromEntries(amsterdamParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    offsetMs:
      Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) -
      Math.floor(instant.getTime() / 1000) * 1000,
  };
}

/** Midnight at the start of a calendar month in Europe/Amsterdam (clocks never change on the 1st). */
function amsterdamMonthStart(year: number, month: number): Date {
  const guess = Date.UTC(year, month - 1, 1);
  return new Date(guess - amsterdam(new Date(guess)).offsetMs);
}

/**
 * The month an ongoing project's payout made now pays out: the last calendar month (Europe/
 * Amsterdam) that is over, as "YYYY-MM", and the instant it ended. A payout is made once the month
 * is closed, of what the project earned up to that instant — so money that arrives on the 1st waits
 * for the next month's payout, and each payout is exactly one month's (or, after a month without a
 * payout, every month's since the last) balance.
 */
export function closedMonth(now: Date): { period: string; endsAt: Date } {
  const { year, month } = amsterdam(now);
  const prevYear = month === 1 ? year - 1 : year;
  const prevMonth = month === 1 ? 12 : month - 1;
  return { period: `${prevYear}-${String(prevMonth).padStart(2, "0")}`, endsAt: amsterdamMonthStart(year, month) };
}

/** Why an ongoing project gets no monthly payout now (null: it is due). */
export type MonthlyPayoutBlocker =
  "notRunning" | "accountMissing" | "accountDetailsNeeded" | "payoutLive" | "returnedNotBack" | "periodPaidOut" | "nothingToPay" | null;

export function monthlyPayoutBlocker(input: {
  fundingModel: string;
  projectStatus: string;
  account: PayoutAccountStatus;
  /** A payout of this project is pending or in transit. */
  livePayout: boolean;
  /** A payout the bank returned whose money is not back at the platform yet (reclaimReturnedPayouts). */
  returnedNotBack: boolean;
  /** A payout for the closed month exists that has not failed. */
  periodPaidOut: boolean;
  /** What the project had earned at the month's end, less what was paid out since (never more than it holds now). */
  payableCents: Cents;
}): MonthlyPayoutBlocker {
  if (input.fundingModel !== "ongoing" || input.projectStatus !== "live") return "notRunning";
  if (input.account === "none") return "accountMissing";
  if (input.account === "details_needed") return "accountDetailsNeeded";
  if (input.livePayout) return "payoutLive";
  if (input.returnedNotBack) return "returnedNotBack";
  if (input.periodPaidOut) return "periodPaidOut";
  if (input.payableCents <= 0) return "nothingToPay";
  return null;
}

/** The idempotency key of a payout attempt: a settled project's one payout, or an ongoing project's month. */
export function payoutKey(projectId: string, attemptNo: number, period: string | null = null): string {
  return period === null ? `payout:${projectId}:${attemptNo}` : `payout:${projectId}:${period}:${attemptNo}`;
}
