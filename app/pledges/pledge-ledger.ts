/**
 * Which ledger entries a pledge change makes (docs/decisions/034-pledge-ledger-journals.md). Pure.
 *
 * A pledge's money sits in exactly one place per book, decided by its status alone:
 *   commitment book (a promise, nothing moved):  active, processing → project:<p>
 *                                                 payment_failed     → project_overdue:<p>
 *                                                 otherwise          → with the backer
 *   cash book (money that moved):                processing         → gateway:clearing
 *                                                 charged            → project:<p>
 *                                                 disputed           → gateway:disputes (withdrawn by the bank)
 *                                                 otherwise          → with the backer (refunded, charged back …)
 * A change's entries are "where it is after" minus "where it was before", per account, so every
 * journal balances by construction, and a project's cash balance is exactly what was collected.
 */
import { accounts, type Book } from "../ledger/ledger";
import type { PledgeEventType, PledgeStatus } from "./pledge";

export type { Book } from "../ledger/ledger";
export interface PledgeLedgerEntry {
  account: string;
  amountCents: number;
  book: Book;
}

export interface PledgeLedgerState {
  status: PledgeStatus;
  amountCents: number;
}

// One chart of accounts for the whole ledger (app/ledger/ledger.ts `accounts`, decision 021).
const backerAccount = accounts.backer;
const projectAccount = accounts.project;
const overdueAccount = accounts.projectOverdue;
const CLEARING = accounts.gatewayClearing;
const DISPUTES = accounts.gatewayDisputes;

export function commitmentAccount(status: PledgeStatus, ids: { projectId: string }): string | null {
  if (status === "active" || status === "processing") return projectAccount(ids.projectId);
  if (status === "payment_failed") return overdueAccount(ids.projectId);
  return null;
}

export function cashAccount(status: PledgeStatus, ids: { projectId: string }): string | null {
  if (status === "processing") return CLEARING;
  if (status === "charged") return projectAccount(ids.projectId);
  if (status === "disputed") return DISPUTES;
  return null;
}

function positions(state: PledgeLedgerState | null, ids: { projectId: string; backerId: string }, book: Book): Map<string, number> {
  const out = new Map<string, number>();
  if (!state) return out;
  const account = book === "commitment" ? commitmentAccount(state.status, ids) : cashAccount(state.status, ids);
  if (!account) return out;
  out.set(account, state.amountCents);
  out.set(backerAccount(ids.backerId), -state.amountCents);
  return out;
}

export function pledgeLedgerEntries(
  before: PledgeLedgerState | null,
  after: PledgeLedgerState,
  ids: { projectId: string; backerId: string },
): PledgeLedgerEntry[] {
  const entries: PledgeLedgerEntry[] = [];
  for (const book of ["commitment", "cash"] as const) {
    const from = positions(before, ids, book);
    const to = positions(after, ids, book);
    for (const account of new Set([...from.keys(), ...to.keys()])) {
      const delta = (to.get(account) ?? 0) - (from.get(account) ?? 0);
      if (delta !== 0) entries.push({ account, amountCents: delta, book });
    }
  }
  return entries;
}

/** The journal kind for a change: "pledge.saved", "pledge.charged", … */
export function pledgeJournalKind(event: PledgeEventType | "saved", to: PledgeStatus): string {
  switch (event) {
    case "saved":
      return "pledge.saved";
    case "change":
      return "pledge.changed";
    case "cancel":
      return "pledge.cancelled";
    case "charge_processing":
      return "pledge.charge_processing";
    case "charge_succeeded":
      return "pledge.charged";
    case "charge_failed":
      return "pledge.charge_failed";
    case "drop":
      return "pledge.dropped";
    case "release":
      return "pledge.released";
    case "refund":
      return to === "refunded" ? "pledge.refunded" : "pledge.refund";
    case "dispute_open":
      return "pledge.disputed";
    case "dispute_won":
      return "pledge.dispute_won";
    case "dispute_lost":
      return "pledge.dispute_lost";
    default: {
      const never: never = event;
      throw new Error(`Unknown pledge event ${String(never)}`);
    }
  }
}
