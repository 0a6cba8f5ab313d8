import type { LedgerEntry } from "../ledger/ledger";
import type { GatewayKind, Payment, Refund } from "../payments/gateway";

/**
 * Reconciling the ledger with the gateway's own record (docs/decisions/027-gateway-reconciliation.md):
 * the report's shape, what a feature's reconciler answers per gateway object, and the rules that
 * turn answers into differences, pending items and healed ones. Pure: no database, no gateway.
 */

/** What moved at the gateway, as a reconciler compares it. */
export type MoneyMovement = "charge" | "hold" | "capture" | "refund";

/**
 * Why a gateway object and the ledger disagree, in words (app/i18n/messages/reconciliation.ts):
 *   not_booked             the gateway moved money (charged, held, captured, refunded), no journal books it
 *   booked_not_at_gateway  a journal books money the gateway says did not move (failed, released, …)
 *   amount_differs         both moved, not the same amount
 *   unknown_to_gateway     a journal names a payment or refund the gateway does not know
 *   no_purpose             a gateway object without metadata.purpose: not made by this app
 *   no_reconciler          a purpose no reconciler is registered for (a deployment mistake)
 *   unexpected             an object the purpose never makes (a hold for a pledge, a booked try-out payment)
 *   check_failed           the purpose's reconciler crashed (the others still ran)
 */
export type DifferenceCode =
  "not_booked" | "booked_not_at_gateway" | "amount_differs" | "unknown_to_gateway" | "no_purpose" | "no_reconciler" | "unexpected" | "check_failed";

export const differenceCodes: readonly DifferenceCode[] = [
  "not_booked",
  "booked_not_at_gateway",
  "amount_differs",
  "unknown_to_gateway",
  "no_purpose",
  "no_reconciler",
  "unexpected",
  "check_failed",
];

/** A journal as reconcilers read it (structurally the ledger's `Journal`). */
export interface ReconcileJournal {
  id: number;
  kind: string;
  refs: Record<string, string>;
  postedAt: Date;
  entries: readonly LedgerEntry[];
}

export interface ObjectRef {
  type: "payment" | "refund" | "journal";
  id: string;
}

/** A reconciler's answer for one gateway object of its purpose. */
export type Finding =
  | {
      object: ObjectRef;
      ok: true;
      /** The booking came this long after the gateway acted (only where the gateway answers at once). */
      bookedLateMs?: number;
      journals?: readonly ReconcileJournal[];
      refs?: Record<string, string>;
    }
  | {
      object: ObjectRef;
      ok: false;
      code: DifferenceCode;
      what: MoneyMovement | null;
      gatewayCents: number | null;
      ledgerCents: number | null;
      /** The gateway's status, for the words ("failed", "canceled (expired)"). */
      gatewayStatus?: string;
      journals?: readonly ReconcileJournal[];
      refs?: Record<string, string>;
      /**
       * Since when the two sides could differ (default: when the gateway created the object). A
       * later change the gateway does not timestamp (a capture, a release) moves it: the feature
       * knows when it last acted (e.g. a deposit's settlement intent).
       */
      since?: Date;
    };

export type ItemStatus = "difference" | "pending" | "healed";

export interface ReconciliationItem {
  /** Stable across runs: the same difference in the next run has the same key. */
  key: string;
  status: ItemStatus;
  /** A difference code, or "booked_late" for a healed item. */
  code: DifferenceCode | "booked_late";
  what: MoneyMovement | null;
  object: ObjectRef & { createdAt: string | null; gatewayStatus: string | null };
  purpose: string | null;
  refs: Record<string, string>;
  gatewayCents: number | null;
  ledgerCents: number | null;
  journals: { id: number; kind: string; postedAt: string }[];
  /** Healed items: how long after the gateway the ledger booked it. */
  lateMs: number | null;
  /** When the difference began (pending items turn into differences `graceMs` after it). */
  since: string | null;
  /** Free text for check_failed (the error) and unexpected (what was unexpected). */
  detail: string | null;
}

export interface ReconciliationCounts {
  payments: number;
  refunds: number;
  /** Journals posted in the window that name a gateway object. */
  journals: number;
  /** Objects the two sides agree on (healed ones included). */
  matched: number;
  healed: number;
  pending: number;
  differences: number;
}

export interface ReconciliationReport {
  /** True when nothing differs (pending and healed items are not differences). */
  ok: boolean;
  gateway: GatewayKind;
  window: { since: string; until: string };
  checkedAt: string;
  graceMs: number;
  lateAfterMs: number;
  counts: ReconciliationCounts;
  /** Differences first, then pending, then healed; matched objects are only counted. */
  items: ReconciliationItem[];
}

/** Items younger than this are pending, not differences: a call whose outcome is being recorded. */
export const DEFAULT_GRACE_MS = 5 * 60_000;
/** An off-session booking later than this after the gateway answered was healed (a rerun, a late event). */
export const DEFAULT_LATE_AFTER_MS = 60_000;
/** What a run looks at by default: holds live 7 days and SEPA debits settle in days, so two weeks. */
export const DEFAULT_WINDOW_MS = 14 * 86_400_000;

export function itemKey(code: ItemStatus | DifferenceCode | "booked_late", object: ObjectRef): string {
  return `${code}:${object.type}:${object.id}`;
}

const journalView = (journals: readonly ReconcileJournal[] | undefined) =>
  (journals ?? []).slice(0, 5).map((j) => ({ id: j.id, kind: j.kind, postedAt: j.postedAt.toISOString() }));

/**
 * One finding → a report item (or null when the sides agree on time). A difference younger than
 * `graceMs` is pending; an agreement booked more than `lateAfterMs` after the gateway acted is healed.
 */
export function classifyFinding(
  finding: Finding,
  context: { purpose: string | null; createdAt: string | null; gatewayStatus: string | null; now: Date; graceMs: number; lateAfterMs: number },
): ReconciliationItem | null {
  const base = {
    object: { ...finding.object, createdAt: context.createdAt, gatewayStatus: context.gatewayStatus },
    purpose: context.purpose,
    refs: finding.refs ?? {},
    journals: journalView(finding.journals),
  };
  if (finding.ok) {
    if (finding.bookedLateMs === undefined || finding.bookedLateMs <= context.lateAfterMs) return null;
    return {
      ...base,
      key: itemKey("booked_late", finding.object),
      status: "healed",
      code: "booked_late",
      what: null,
      gatewayCents: null,
      ledgerCents: null,
      lateMs: finding.bookedLateMs,
      since: null,
      detail: null,
    };
  }
  const since = finding.since ?? (context.createdAt ? new Date(context.createdAt) : null);
  const young = since !== null && context.now.getTime() - since.getTime() < context.graceMs;
  return {
    ...base,
    object: { ...base.object, gatewayStatus: finding.gatewayStatus ?? context.gatewayStatus },
    key: itemKey(finding.code, finding.object),
    status: young ? "pending" : "difference",
    code: finding.code,
    what: finding.what,
    gatewayCents: finding.gatewayCents,
    ledgerCents: finding.ledgerCents,
    lateMs: null,
    since: since ? since.toISOString() : null,
    detail: null,
  };
}

const statusOrder: Record<ItemStatus, number> = { difference: 0, pending: 1, healed: 2 };

export function sortItems(items: ReconciliationItem[]): ReconciliationItem[] {
  return [...items].sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || a.key.localeCompare(b.key));
}

/** The differences of `previous` that `current` no longer has (pending ones that settled count too). */
export function resolvedSince(previous: readonly ReconciliationItem[], current: readonly ReconciliationItem[]): ReconciliationItem[] {
  const open = new Set(current.filter((i) => i.status !== "healed").map((i) => subjectKey(i)));
  return previous.filter((i) => i.status !== "healed" && !open.has(subjectKey(i)));
}

/** The differences of `current` that `previous` did not have (as a difference). */
export function newDifferences(previous: readonly ReconciliationItem[] | null, current: readonly ReconciliationItem[]): ReconciliationItem[] {
  const before = new Set((previous ?? []).filter((i) => i.status === "difference").map((i) => i.key));
  return current.filter((i) => i.status === "difference" && !before.has(i.key));
}

/** The object an item is about, whatever the code (a difference may change its code as it heals). */
const subjectKey = (i: ReconciliationItem) => `${i.object.type}:${i.object.id}`;

// ---------------------------------------------------------------------------------------------
// Helpers for reconcilers: what journals book, summed per book and account kind
// ---------------------------------------------------------------------------------------------

/**
 * The sum of a book's entries on accounts of one kind (`backer:`, `borrower:`, `loan:` …), over
 * journals. A payer's account goes negative when money leaves it, so "what the ledger says the
 * payer paid" is `-bookedOn(journals, "cash", "backer:")`.
 */
export function bookedOn(journals: readonly ReconcileJournal[], book: "cash" | "commitment", accountPrefix: string): number {
  let sum = 0;
  for (const j of journals) for (const e of j.entries) if (e.book === book && e.account.startsWith(accountPrefix)) sum += e.amountCents;
  return sum;
}

/** What left accounts of one kind (a payer's): `-bookedOn(…)`, as a positive amount (never -0). */
export function paidFrom(journals: readonly ReconcileJournal[], book: "cash" | "commitment", accountPrefix: string): number {
  return 0 - bookedOn(journals, book, accountPrefix);
}

/** How long after `createdAt` the first of these journals was posted (null without journals). */
export function bookingLagMs(createdAt: string, journals: readonly ReconcileJournal[]): number | null {
  if (journals.length === 0) return null;
  const first = Math.min(...journals.map((j) => j.postedAt.getTime()));
  return Math.max(0, first - new Date(createdAt).getTime());
}

/**
 * Journals about a payment, without those about its refunds and disputes (which name the payment
 * too): a chargeback moves the money back outside the payment, as a refund does.
 */
export const withoutRefundJournals = (journals: readonly ReconcileJournal[]) => journals.filter((j) => !j.refs.refundId && !j.refs.disputeId);

/** The gateway's status in words for the report ("canceled (expired)"). */
export function paymentStatusText(payment: Pick<Payment, "status" | "cancellationReason">): string {
  return payment.status === "canceled" && payment.cancellationReason ? `canceled (${payment.cancellationReason})` : payment.status;
}

export function refundStatusText(refund: Pick<Refund, "status">): string {
  return refund.status;
}
