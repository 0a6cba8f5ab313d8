/**
 * The ledger's hash chains (docs/decisions/051-ledger-hash-chains.md). Pure: no database, no
 * node:crypto (the hash function is passed in, so the same code runs in `docs/verify-ledger-csv.mjs`'s
 * twin and in the browser if ever needed).
 *
 * Every journal belongs to one chain — a project's ledger, a loan's, or the platform's — and is
 * sealed into it by a link: `hash = sha256(prevHash + "\n" + linkInput)`. The link input holds the
 * journal's public content (kind, time, entries with people's ids left out) and its private digest
 * (which covers everything, ids included). Anyone holding a chain's head can later check that no
 * journal before it was changed, removed or slipped in: change one and every hash after it changes.
 *
 * This format is forever: links sealed with it must verify in ten years. Change it only by adding a
 * version, never by editing these functions.
 */
import type { Book, LedgerEntry } from "./ledger";

export const GENESIS_HASH = "0".repeat(64);
export const HASH_PATTERN = /^[0-9a-f]{64}$/;
export const CHAIN_PATTERN = /^(platform|project:[A-Za-z0-9-]+|loan:[A-Za-z0-9-]+)$/;

/** Account kinds that name a person: their ids are not public, so a public entry shows the kind only. */
const PERSONAL_ACCOUNT_KINDS = new Set(["backer", "borrower", "lender", "organisation"]);

export type PublicEntry = readonly [book: Book, account: string, amountCents: number];

/** The chain a journal belongs to, from its refs: a project's ledger first, then a loan's, else the platform's. */
export function chainOf(refs: Record<string, string | undefined>): string {
  if (refs.projectId) return `project:${refs.projectId}`;
  if (refs.loanId) return `loan:${refs.loanId}`;
  return "platform";
}

/** Entries as the public may see them: `backer:*` instead of a backer's id; sorted, so order does not matter. */
export function publicEntries(entries: readonly LedgerEntry[]): PublicEntry[] {
  return entries
    .map((e): PublicEntry => {
      const kind = e.account.slice(0, e.account.indexOf(":"));
      return [e.book, PERSONAL_ACCOUNT_KINDS.has(kind) ? `${kind}:*` : e.account, e.amountCents];
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] === b[1] ? a[2] - b[2] : a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
}

export interface LinkContent {
  chain: string;
  seq: number;
  kind: string;
  postedAt: Date;
  entries: readonly PublicEntry[];
  /** The journal's digest (ledger.ts journalDigestInput), over its whole content. */
  digest: string;
}

/** The text a link's hash is computed over (after the previous hash and a newline). */
export function linkInput(link: LinkContent): string {
  return JSON.stringify([link.chain, link.seq, link.kind, link.postedAt.toISOString(), link.entries, link.digest]);
}

export type Sha256Hex = (text: string) => string;

export function linkHash(sha256: Sha256Hex, prevHash: string, link: LinkContent): string {
  return sha256(`${prevHash}\n${linkInput(link)}`);
}

export interface StoredLink extends LinkContent {
  prevHash: string;
  hash: string;
  journalId: number;
}

export type ChainProblem =
  | { code: "gap"; seq: number; expected: number; journalId: number }
  | { code: "prev_mismatch"; seq: number; journalId: number }
  | { code: "hash_mismatch"; seq: number; journalId: number };

export interface ChainState {
  /** The hash the next link must point at. */
  head: string;
  /** How many links were checked. */
  length: number;
}

export const chainStart: ChainState = { head: GENESIS_HASH, length: 0 };

/** Checks the next link of a chain: the new state, or what is wrong with it. */
export function checkLink(sha256: Sha256Hex, state: ChainState, link: StoredLink): { ok: true; state: ChainState } | { ok: false; problem: ChainProblem } {
  const expected = state.length + 1;
  if (link.seq !== expected) return { ok: false, problem: { code: "gap", seq: link.seq, expected, journalId: link.journalId } };
  if (link.prevHash !== state.head) return { ok: false, problem: { code: "prev_mismatch", seq: link.seq, journalId: link.journalId } };
  if (linkHash(sha256, state.head, link) !== link.hash) return { ok: false, problem: { code: "hash_mismatch", seq: link.seq, journalId: link.journalId } };
  return { ok: true, state: { head: link.hash, length: expected } };
}

/**
 * Walks one chain's links in order and returns the head and the first broken link (or null).
 * A chain is intact when every link's prev is the previous link's hash and every hash recomputes.
 */
export function verifyChain(sha256: Sha256Hex, links: readonly StoredLink[]): { head: string; length: number; broken: ChainProblem | null } {
  let state = chainStart;
  for (const link of links) {
    const r = checkLink(sha256, state, link);
    if (!r.ok) return { ...state, broken: r.problem };
    state = r.state;
  }
  return { ...state, broken: null };
}

export function describeChainProblem(chain: string, p: ChainProblem): string {
  switch (p.code) {
    case "gap":
      return `chain ${chain}: link ${p.seq} (journal #${p.journalId}) follows link ${p.expected - 1}: a link is missing`;
    case "prev_mismatch":
      return `chain ${chain}: link ${p.seq} (journal #${p.journalId}) does not point at link ${p.seq - 1}'s hash: the chain was rewritten here`;
    case "hash_mismatch":
      return `chain ${chain}: link ${p.seq} (journal #${p.journalId}) does not match its journal: the journal or its link was changed here`;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}
