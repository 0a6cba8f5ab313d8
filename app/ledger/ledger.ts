/**
 * The money ledger's pure rules (docs/decisions/021-money-ledger.md). No database here.
 *
 * A journal is one business event ("pledge charged", "deposit captured"); its entries move money
 * between accounts. Sign convention: a positive amount is money INTO the account (debit), a
 * negative amount money OUT OF it (credit). Within a journal, the entries of each book sum to zero.
 *
 * Two books:
 *   cash        real money that moved (charges, refunds, fees, payouts, captured deposits)
 *   commitment  off-balance promises (a saved pledge, a card hold): nothing moved yet
 * So "collected" is a cash balance and "committed" a commitment balance of the same account.
 */
import type { Cents } from "../utils/money";

export type Book = "cash" | "commitment";
export const books: readonly Book[] = ["cash", "commitment"];

/**
 * Account names are "<kind>:<id>". The chart of accounts (decision 021):
 *   backer:<userId>        a backer's own money (goes negative as they pay)
 *   project:<projectId>    money held for a project (collected) / promised to it (committed)
 *   project_overdue:<projectId>  promised to a project whose charge failed (the 7-day fix window)
 *   organisation:<organisationId>  a co-funder's money (matching, app/matching/matching-ledger.ts)
 *   organisation_fund:<organisationId>  an organisation's neighbourhood fund: monthly gifts in, matches out (decision 080)
 *   project_matching:<projectId>   what organisations owe a succeeded project (commitment book)
 *   borrower:<userId>      a borrower's own money (deposits)
 *   loan:<loanId>          a deposit held or captured for a loan
 *   lender:<userId>        what is owed to an item owner (captured deposits)
 *   payout:<projectId>     money paid out to a project's initiator
 *   platform:fees          the platform's fees
 *   gateway:clearing       money on its way through the gateway (SEPA processing, pending refunds)
 *   gateway:disputes       money a backer's bank withdrew while a dispute (chargeback) is open
 *   gateway:fees           what the payment provider kept for processing a payment
 *   gateway:payouts_in_transit  a payout on its way to an initiator's bank (decision 053)
 */
export const accounts = {
  backer: (userId: string) => `backer:${userId}`,
  project: (projectId: string) => `project:${projectId}`,
  projectOverdue: (projectId: string) => `project_overdue:${projectId}`,
  organisation: (organisationId: string) => `organisation:${organisationId}`,
  organisationFund: (organisationId: string) => `organisation_fund:${organisationId}`,
  borrower: (userId: string) => `borrower:${userId}`,
  loan: (loanId: string) => `loan:${loanId}`,
  lender: (userId: string) => `lender:${userId}`,
  payout: (projectId: string) => `payout:${projectId}`,
  platformFees: "platform:fees",
  gatewayClearing: "gateway:clearing",
  gatewayDisputes: "gateway:disputes",
  gatewayFees: "gateway:fees",
  payoutsInTransit: "gateway:payouts_in_transit",
} as const;

export const ACCOUNT_PATTERN = /^[a-z][a-z_]*:[A-Za-z0-9_.:-]+$/;
export const JOURNAL_KIND_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
/** Larger than any amount the app allows (€ 1 billion), so a unit mix-up cannot slip through. */
export const MAX_ENTRY_CENTS = 100_000_000_000;

export interface LedgerEntryInput {
  account: string;
  amountCents: Cents;
  /** Default "cash". */
  book?: Book;
}

export interface LedgerEntry {
  account: string;
  amountCents: Cents;
  book: Book;
}

/** What a journal is about. Values are ids as strings; features may add their own keys. */
export type LedgerRefs = {
  projectId?: string;
  pledgeId?: string;
  loanId?: string;
  userId?: string;
  /** Gateway object ids: payment (charge or hold) and refund. */
  paymentId?: string;
  refundId?: string;
} & Record<string, string | undefined>;

export interface JournalInput {
  /** "<feature>.<what happened>", e.g. "pledge.charged", "deposit.captured". */
  kind: string;
  memo?: string;
  refs?: LedgerRefs;
  entries: LedgerEntryInput[];
  /** Unique per business event, e.g. `pledge:<id>:charged:<paymentId>`: a retry posts nothing new. */
  idempotencyKey: string;
  /** Business time (services.clock / job ctx.now), not the wall clock. */
  postedAt: Date;
}

export type JournalProblem =
  | { code: "bad_kind"; kind: string }
  | { code: "bad_key" }
  | { code: "memo_too_long" }
  | { code: "bad_ref"; key: string }
  | { code: "too_few_entries" }
  | { code: "bad_account"; account: string }
  | { code: "bad_amount"; account: string; amountCents: number }
  | { code: "unbalanced"; book: Book; sumCents: number };

/** Two entries that move `amountCents` from one account to another, in one book. */
export function move(from: string, to: string, amountCents: Cents, book: Book = "cash"): LedgerEntry[] {
  return [
    { account: from, amountCents: -amountCents, book },
    { account: to, amountCents, book },
  ];
}

export function sumByBook(entries: readonly LedgerEntryInput[]): Record<Book, number> {
  const sums: Record<Book, number> = { cash: 0, commitment: 0 };
  for (const e of entries) sums[e.book ?? "cash"] += e.amountCents;
  return sums;
}

/**
 * The pure check every journal passes before it is written (the database checks the balance
 * again at commit). Returns the normalized entries or every problem found.
 */
export function checkJournal(input: JournalInput): { ok: true; entries: LedgerEntry[] } | { ok: false; problems: JournalProblem[] } {
  const problems: JournalProblem[] = [];
  if (!JOURNAL_KIND_PATTERN.test(input.kind) || input.kind.length > 100) problems.push({ code: "bad_kind", kind: input.kind });
  if (input.idempotencyKey.length < 1 || input.idempotencyKey.length > 255) problems.push({ code: "bad_key" });
  if ((input.memo ?? "").length > 500) problems.push({ code: "memo_too_long" });
  for (const [key, value] of Object.entries(input.refs ?? {})) {
    if (value !== undefined && (typeof value !== "string" || value.length === 0 || value.length > 200)) problems.push({ code: "bad_ref", key });
  }
  if (input.entries.length < 2) problems.push({ code: "too_few_entries" });
  const entries: LedgerEntry[] = input.entries.map((e) => ({ account: e.account, amountCents: e.amountCents, book: e.book ?? "cash" }));
  for (const e of entries) {
    if (!ACCOUNT_PATTERN.test(e.account) || e.account.length > 200) problems.push({ code: "bad_account", account: e.account });
    if (!Number.isSafeInteger(e.amountCents) || e.amountCents === 0 || Math.abs(e.amountCents) > MAX_ENTRY_CENTS) {
      problems.push({ code: "bad_amount", account: e.account, amountCents: e.amountCents });
    }
    if (!books.includes(e.book)) problems.push({ code: "bad_account", account: `${e.book}/${e.account}` });
  }
  const sums = sumByBook(entries);
  for (const book of books) if (sums[book] !== 0) problems.push({ code: "unbalanced", book, sumCents: sums[book] });
  return problems.length ? { ok: false, problems } : { ok: true, entries };
}

/** The entries that undo a journal: same accounts, opposite amounts. */
export function reversalEntries(entries: readonly LedgerEntry[]): LedgerEntry[] {
  return entries.map((e) => ({ ...e, amountCents: -e.amountCents }));
}

/** Refs without undefined values, keys sorted: what is stored and digested. */
export function cleanRefs(refs: LedgerRefs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(refs ?? {}).sort()) {
    const value = refs?.[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * The canonical text a journal's digest is computed from. Stored at posting and recomputed by
 * `npm run ledger:verify`, so a journal changed after it was posted (triggers bypassed) shows.
 * Entries are sorted so their insertion order does not matter.
 */
export function journalDigestInput(journal: {
  kind: string;
  memo: string;
  idempotencyKey: string;
  postedAt: Date;
  refs: Record<string, string>;
  reversesJournalId: number | null;
  entries: readonly LedgerEntry[];
}): string {
  const entries = [...journal.entries]
    .map((e) => [e.book, e.account, e.amountCents] as const)
    .sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]) || a[2] - b[2]);
  return JSON.stringify([
    journal.kind,
    journal.memo,
    journal.idempotencyKey,
    journal.postedAt.toISOString(),
    Object.entries(cleanRefs(journal.refs)),
    journal.reversesJournalId,
    entries,
  ]);
}

export function describeProblem(p: JournalProblem): string {
  switch (p.code) {
    case "bad_kind":
      return `journal kind "${p.kind}" must look like "feature.event"`;
    case "bad_key":
      return "idempotency key must be 1–255 characters";
    case "memo_too_long":
      return "memo is longer than 500 characters";
    case "bad_ref":
      return `ref "${p.key}" must be a non-empty string of at most 200 characters`;
    case "too_few_entries":
      return "a journal needs at least two entries";
    case "bad_account":
      return `account "${p.account}" must look like "kind:id"`;
    case "bad_amount":
      return `amount ${p.amountCents} for ${p.account} must be whole, non-zero cents`;
    case "unbalanced":
      return `the ${p.book} entries sum to ${p.sumCents}, not 0`;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}
