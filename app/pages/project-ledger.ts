/**
 * A project's public ledger (issue 10, docs/decisions/051): every journal of the project's chain in
 * order, what it did to the project's money, a running balance, and the link that seals it. Pure:
 * the lines and the CSV are built here from what project-ledger.server.ts reads.
 */
import { chainOf, type PublicEntry, publicEntries } from "../ledger/chain";
import type { MessageKey } from "../i18n/i18n";
import type { LedgerEntry } from "../ledger/ledger";

export interface LedgerJournalInput {
  id: number;
  kind: string;
  postedAt: Date;
  refs: Record<string, string>;
  entries: LedgerEntry[];
  link: { seq: number; prevHash: string; hash: string; digest: string } | null;
}

export interface ProjectLedgerLine {
  journalId: number;
  /** The place in the chain; null while the journal waits to be sealed (a minute at most). */
  seq: number | null;
  postedAt: Date;
  kind: string;
  /** i18n key of the description ("ledger.kind.pledge.charged"), "ledger.kind.other" for kinds without words. */
  descriptionKey: MessageKey;
  /** The line is about a backer's pledge (so it names them, or "a neighbour"). */
  aboutBacker: boolean;
  /** The backer's name when they chose to show it publicly; null: "a neighbour" (or no person). */
  name: string | null;
  /** Change of what is promised to the project (commitment book: pledges saved, released…). */
  committedDeltaCents: number;
  /** Change of the money the project holds (cash book: collected, refunded, fees, paid out). */
  cashDeltaCents: number;
  /** The project's cash after this line. */
  balanceCents: number;
  entries: PublicEntry[];
  digest: string | null;
  prevHash: string | null;
  hash: string | null;
}

export interface ProjectLedgerTotals {
  collectedCents: number;
  refundedCents: number;
  feesCents: number;
  paidOutCents: number;
  balanceCents: number;
  committedCents: number;
}

/** Kinds the ledger page has words for; any other kind is shown as "Other booking" with its code. */
export const DESCRIBED_KINDS = [
  "pledge.saved",
  "pledge.changed",
  "pledge.cancelled",
  "pledge.charge_processing",
  "pledge.charged",
  "pledge.charge_failed",
  "pledge.dropped",
  "pledge.released",
  "pledge.refunded",
  "pledge.refund",
  "pledge.duplicate_charged",
  "pledge.duplicate_refunded",
  "pledge.charged.reversal",
  "pledge.disputed",
  "pledge.dispute_lost",
  "pledge.dispute_won",
  "fee.platform",
  "fee.processing",
  "fee.platform.reversal",
  "fee.processing_absorbed",
  "payout.sent",
  "payout.paid",
  "payout.failed",
  // Matching pools (app/matching/matching-ledger.ts): the organisation's contribution.
  "matching.obligated",
  "matching.paid",
  "matching.released",
  // Community loans (app/community-loans/loan-ledger.ts): the loan, its repayments and the lenders' payouts (decision 081).
  "community_loan.started",
  "community_loan.repaid",
  "community_loan.payout_sent",
  "community_loan.payout_paid",
  "community_loan.payout_failed",
] as const;

const described = new Set<string>(DESCRIBED_KINDS);

export function projectAccounts(projectId: string) {
  return { project: `project:${projectId}`, overdue: `project_overdue:${projectId}`, payout: `payout:${projectId}`, matching: `project_matching:${projectId}` };
}

export function buildProjectLedger(
  projectId: string,
  journals: readonly LedgerJournalInput[],
  publicNames: ReadonlyMap<string, string | null>,
): { lines: ProjectLedgerLine[]; totals: ProjectLedgerTotals } {
  const acc = projectAccounts(projectId);
  const totals: ProjectLedgerTotals = { collectedCents: 0, refundedCents: 0, feesCents: 0, paidOutCents: 0, balanceCents: 0, committedCents: 0 };
  const lines: ProjectLedgerLine[] = [];
  for (const j of journals) {
    if (chainOf(j.refs) !== `project:${projectId}`) continue;
    let committed = 0;
    let cash = 0;
    for (const e of j.entries) {
      if (e.book === "commitment" && (e.account === acc.project || e.account === acc.overdue || e.account === acc.matching)) committed += e.amountCents;
      if (e.book === "cash" && e.account === acc.project) cash += e.amountCents;
      if (e.book === "cash" && e.account === acc.payout) totals.paidOutCents += e.amountCents;
    }
    if (j.kind.startsWith("fee.")) totals.feesCents -= cash;
    if ((j.kind === "pledge.charged" || j.kind === "matching.paid") && cash > 0) totals.collectedCents += cash;
    if ((j.kind === "pledge.refunded" || j.kind === "pledge.dispute_lost" || j.kind === "pledge.charged.reversal") && cash < 0) totals.refundedCents -= cash;
    totals.balanceCents += cash;
    totals.committedCents += committed;
    lines.push({
      journalId: j.id,
      seq: j.link?.seq ?? null,
      postedAt: j.postedAt,
      kind: j.kind,
      descriptionKey: described.has(j.kind) ? (`ledger.kind.${j.kind}` as MessageKey) : "ledger.kind.other",
      aboutBacker: Boolean(j.refs.pledgeId),
      // A backer's name as they allowed; an organisation's name is public (matching journals carry it).
      name: j.refs.pledgeId ? (publicNames.get(j.refs.pledgeId) ?? null) : (j.refs.organisationName ?? null),
      committedDeltaCents: committed,
      cashDeltaCents: cash,
      balanceCents: totals.balanceCents,
      entries: publicEntries(j.entries),
      digest: j.link?.digest ?? null,
      prevHash: j.link?.prevHash ?? null,
      hash: j.link?.hash ?? null,
    });
  }
  return { lines, totals };
}

/**
 * One CSV cell, RFC 4180 quoted. Text that a spreadsheet would run as a formula (a name starting
 * with =, +, -, @) gets a leading apostrophe; our own numbers are left as they are.
 */
function cell(value: string, delimiter: string, kind: "text" | "number" = "text"): string {
  const safe = kind === "text" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return safe.includes(delimiter) || /["\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function euros(cents: number, decimal: "." | ","): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}${decimal}${String(abs % 100).padStart(2, "0")}`;
}

export type LedgerCsvDialect = "en" | "nl";

/**
 * The ledger as CSV: the human columns in the reader's language, then the machine columns that
 * `docs/verify-ledger-csv.mjs` checks (always these names). "en": comma-separated, decimal point;
 * "nl": semicolon-separated, decimal comma (what Dutch spreadsheets open directly). Only sealed
 * lines: an outsider can check every row.
 */
export function projectLedgerCsv(
  chain: string,
  lines: readonly ProjectLedgerLine[],
  options: { dialect: LedgerCsvDialect; describe: (line: ProjectLedgerLine) => string; anonymous: string; header: readonly string[] },
): string {
  const d = options.dialect === "nl" ? ";" : ",";
  const decimal = options.dialect === "nl" ? "," : ".";
  const rows = [[...options.header, "chain", "seq", "posted_at", "kind", "entries", "digest", "prev_hash", "hash"].map((h) => cell(h, d)).join(d)];
  for (const l of lines) {
    if (l.seq === null || !l.hash || !l.prevHash || !l.digest) continue;
    const text = [l.postedAt.toISOString().slice(0, 10), options.describe(l), l.name ?? (l.aboutBacker ? options.anonymous : "")];
    const numbers = [euros(l.committedDeltaCents, decimal), euros(l.cashDeltaCents, decimal), euros(l.balanceCents, decimal)];
    const machine = [chain, String(l.seq), l.postedAt.toISOString(), l.kind, JSON.stringify(l.entries), l.digest, l.prevHash, l.hash];
    rows.push([...text.map((v) => cell(v, d)), ...numbers.map((v) => cell(v, d, "number")), ...machine.map((v) => cell(v, d))].join(d));
  }
  return `${rows.join("\r\n")}\r\n`;
}
