import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Db, Trx } from "../utils/db.server";
import {
  type Book,
  checkJournal,
  cleanRefs,
  describeProblem,
  type JournalInput,
  type JournalProblem,
  journalDigestInput,
  type LedgerEntry,
  type LedgerRefs,
  reversalEntries,
} from "./ledger";

/**
 * The only writer of ledger rows (docs/decisions/021-money-ledger.md). Features call these
 * functions with their own transaction, in the same transaction as the state change that causes
 * the money movement, so the ledger and the feature's state can never disagree.
 */

/** A journal that breaks the rules is a programming error, not a business outcome: it throws. */
export class LedgerError extends Error {
  constructor(
    message: string,
    public readonly problems: JournalProblem[] = [],
  ) {
    super(message);
    this.name = "LedgerError";
  }
}

export interface PostedJournal {
  id: number;
  kind: string;
  memo: string;
  refs: Record<string, string>;
  idempotencyKey: string;
  reversesJournalId: number | null;
  postedAt: Date;
  entries: LedgerEntry[];
  /** False when the idempotency key had been posted before: nothing new was written. */
  created: boolean;
}

export function digestJournal(journal: Parameters<typeof journalDigestInput>[0]): string {
  return createHash("sha256").update(journalDigestInput(journal)).digest("hex");
}

function sameEntries(a: readonly LedgerEntry[], b: readonly LedgerEntry[]): boolean {
  const key = (e: LedgerEntry) => `${e.book}|${e.account}|${e.amountCents}`;
  const x = a.map(key).sort();
  const y = b.map(key).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function assertTransaction(trx: Trx): void {
  // The type already asks for a Transaction; this catches `db` passed through an `any`.
  if (!trx.isTransaction) throw new LedgerError("postJournal must be called with the caller's transaction (trx), not db");
}

async function insertJournal(trx: Trx, input: JournalInput, entries: LedgerEntry[], reversesJournalId: number | null): Promise<PostedJournal> {
  const refs = cleanRefs(input.refs);
  const memo = input.memo ?? "";
  const digest = digestJournal({ kind: input.kind, memo, idempotencyKey: input.idempotencyKey, postedAt: input.postedAt, refs, reversesJournalId, entries });
  const inserted = await trx
    .insertInto("ledger_journals")
    .values({
      kind: input.kind,
      memo,
      refs: JSON.stringify(refs),
      idempotency_key: input.idempotencyKey,
      reverses_journal_id: reversesJournalId,
      digest,
      posted_at: input.postedAt,
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .executeTakeFirst();

  if (!inserted) {
    // Posted before (a retry, a redelivered event): return it, but only if it is the same journal.
    const existing = await getJournalByKey(trx, input.idempotencyKey);
    if (!existing) throw new LedgerError(`journal ${input.idempotencyKey} vanished`);
    if (existing.kind !== input.kind || !sameEntries(existing.entries, entries) || existing.reversesJournalId !== reversesJournalId) {
      throw new LedgerError(`idempotency key "${input.idempotencyKey}" was already used for a different journal (${existing.kind} #${existing.id})`);
    }
    return { ...existing, created: false };
  }

  await trx
    .insertInto("ledger_entries")
    .values(entries.map((e) => ({ journal_id: inserted.id, book: e.book, account: e.account, amount_cents: e.amountCents })))
    .execute();
  return {
    id: inserted.id,
    kind: input.kind,
    memo,
    refs,
    idempotencyKey: input.idempotencyKey,
    reversesJournalId,
    postedAt: input.postedAt,
    entries,
    created: true,
  };
}

/**
 * Posts one balanced journal in the caller's transaction. Idempotent by `idempotencyKey`: posting
 * the same journal again returns the first one (`created: false`); the same key with different
 * entries throws. Throws LedgerError for an unbalanced or malformed journal (the database would
 * refuse it at commit anyway).
 */
export async function postJournal(trx: Trx, input: JournalInput): Promise<PostedJournal> {
  assertTransaction(trx);
  const checked = checkJournal(input);
  if (!checked.ok) {
    throw new LedgerError(`journal ${input.kind} (${input.idempotencyKey}) refused: ${checked.problems.map(describeProblem).join("; ")}`, checked.problems);
  }
  return insertJournal(trx, input, checked.entries, null);
}

/**
 * Undoes a journal with a new one (same accounts, opposite amounts): the only way to correct the
 * ledger. A journal can be reversed once; reversing again with the same key returns the reversal.
 */
export async function reverseJournal(trx: Trx, input: { journalId: number; idempotencyKey: string; postedAt: Date; memo?: string }): Promise<PostedJournal> {
  assertTransaction(trx);
  const original = await getJournal(trx, input.journalId);
  if (!original) throw new LedgerError(`journal #${input.journalId} does not exist`);
  const existing = await trx.selectFrom("ledger_journals").select(["id", "idempotency_key"]).where("reverses_journal_id", "=", original.id).executeTakeFirst();
  if (existing && existing.idempotency_key !== input.idempotencyKey) {
    throw new LedgerError(`journal #${original.id} was already reversed by #${existing.id}`);
  }
  const kind = `${original.kind}.reversal`.slice(0, 100);
  const journal: JournalInput = {
    kind,
    memo: input.memo ?? `reverses #${original.id}`,
    refs: original.refs,
    entries: reversalEntries(original.entries),
    idempotencyKey: input.idempotencyKey,
    postedAt: input.postedAt,
  };
  const checked = checkJournal(journal);
  if (!checked.ok) throw new LedgerError(`reversal of #${original.id} refused: ${checked.problems.map(describeProblem).join("; ")}`, checked.problems);
  return insertJournal(trx, journal, checked.entries, original.id);
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

export interface Journal {
  id: number;
  kind: string;
  memo: string;
  refs: Record<string, string>;
  idempotencyKey: string;
  reversesJournalId: number | null;
  postedAt: Date;
  entries: LedgerEntry[];
}

type JournalRow = {
  id: number;
  kind: string;
  memo: string;
  refs: Record<string, string>;
  idempotency_key: string;
  reverses_journal_id: number | null;
  posted_at: Date;
};

async function withEntries(db: Db, rows: JournalRow[]): Promise<Journal[]> {
  if (rows.length === 0) return [];
  const entries = await db
    .selectFrom("ledger_entries")
    .select(["journal_id", "book", "account", "amount_cents"])
    .where(
      "journal_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("id")
    .execute();
  const byJournal = new Map<number, LedgerEntry[]>();
  for (const e of entries) {
    const list = byJournal.get(e.journal_id) ?? [];
    list.push({ account: e.account, amountCents: e.amount_cents, book: e.book });
    byJournal.set(e.journal_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    memo: r.memo,
    refs: r.refs,
    idempotencyKey: r.idempotency_key,
    reversesJournalId: r.reverses_journal_id,
    postedAt: r.posted_at,
    entries: byJournal.get(r.id) ?? [],
  }));
}

const journalColumns = ["id", "kind", "memo", "refs", "idempotency_key", "reverses_journal_id", "posted_at"] as const;

export async function getJournal(db: Db, id: number): Promise<Journal | null> {
  const row = await db.selectFrom("ledger_journals").select(journalColumns).where("id", "=", id).executeTakeFirst();
  return row ? ((await withEntries(db, [row]))[0] ?? null) : null;
}

export async function getJournalByKey(db: Db, idempotencyKey: string): Promise<Journal | null> {
  const row = await db.selectFrom("ledger_journals").select(journalColumns).where("idempotency_key", "=", idempotencyKey).executeTakeFirst();
  return row ? ((await withEntries(db, [row]))[0] ?? null) : null;
}

/**
 * Journals matching every given ref (e.g. `{ projectId }` for a project's public ledger, or
 * `{ pledgeId }` for a receipt), and/or touching an account, oldest first.
 */
export async function listJournals(
  db: Db,
  filter: { refs?: LedgerRefs; account?: string; kind?: string; afterId?: number; limit?: number },
): Promise<Journal[]> {
  let q = db.selectFrom("ledger_journals").select(journalColumns);
  const refs = cleanRefs(filter.refs);
  if (Object.keys(refs).length) q = q.where(sql<boolean>`refs @> ${JSON.stringify(refs)}::jsonb`);
  if (filter.account) {
    const account = filter.account;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("ledger_entries")
          .select("ledger_entries.id")
          .whereRef("ledger_entries.journal_id", "=", "ledger_journals.id")
          .where("ledger_entries.account", "=", account),
      ),
    );
  }
  if (filter.kind) q = q.where("kind", "=", filter.kind);
  if (filter.afterId !== undefined) q = q.where("id", ">", filter.afterId);
  const rows = await q
    .orderBy("id")
    .limit(Math.min(filter.limit ?? 500, 5000))
    .execute();
  return withEntries(db, rows);
}

/**
 * The balance of one account in one book (default "cash"): the sum of its entries. Positive means
 * money is in the account (a project's collected money), negative that it came from there
 * (a backer who paid). See decision 021 for each account's sign.
 */
export async function balanceOf(db: Db, account: string, options: { book?: Book } = {}): Promise<number> {
  const row = await db
    .selectFrom("ledger_entries")
    .select(sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as("balance"))
    .where("account", "=", account)
    .where("book", "=", options.book ?? "cash")
    .executeTakeFirstOrThrow();
  return row.balance;
}

/** Balances of several accounts at once (missing accounts are 0). */
export async function balancesOf(db: Db, accountNames: readonly string[], options: { book?: Book } = {}): Promise<Map<string, number>> {
  const result = new Map(accountNames.map((a) => [a, 0]));
  if (accountNames.length === 0) return result;
  const rows = await db
    .selectFrom("ledger_entries")
    .select(["account", sql<number>`sum(amount_cents)::bigint`.as("balance")])
    .where("account", "in", [...accountNames])
    .where("book", "=", options.book ?? "cash")
    .groupBy("account")
    .execute();
  for (const r of rows) result.set(r.account, r.balance);
  return result;
}

// ---------------------------------------------------------------------------------------------
// By gateway object (reconciliation with the gateway's own record, docs/decisions/027)
// ---------------------------------------------------------------------------------------------

/** The refs that name a gateway object: a payment (charge or hold) and a refund. */
export type GatewayRefKey = "paymentId" | "refundId";

const REF_BATCH = 100;

/**
 * Every journal whose refs name one of these gateway objects (`refs.paymentId` / `refs.refundId`),
 * oldest first, whenever it was posted. Each id is one `refs @> {…}` lookup on the refs index.
 */
export async function listJournalsForGatewayObjects(db: Db, ids: { paymentIds?: readonly string[]; refundIds?: readonly string[] }): Promise<Journal[]> {
  const wanted: { key: GatewayRefKey; id: string }[] = [
    ...[...new Set(ids.paymentIds ?? [])].map((id) => ({ key: "paymentId" as const, id })),
    ...[...new Set(ids.refundIds ?? [])].map((id) => ({ key: "refundId" as const, id })),
  ];
  const rows: JournalRow[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < wanted.length; i += REF_BATCH) {
    const batch = wanted.slice(i, i + REF_BATCH);
    const found = await db
      .selectFrom("ledger_journals")
      .select(journalColumns)
      .where((eb) => eb.or(batch.map((w) => sql<boolean>`refs @> ${JSON.stringify({ [w.key]: w.id })}::jsonb`)))
      .orderBy("id")
      .execute();
    for (const row of found) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
  }
  rows.sort((a, b) => a.id - b.id);
  return withEntries(db, rows);
}

/** Journals posted (business time) in [from, until) that name a gateway object, oldest first. */
export async function listJournalsNamingGatewayObjects(db: Db, window: { from: Date; until: Date }): Promise<Journal[]> {
  const rows = await db
    .selectFrom("ledger_journals")
    .select(journalColumns)
    .where("posted_at", ">=", window.from)
    .where("posted_at", "<", window.until)
    .where((eb) => eb.or([sql<boolean>`refs ? 'paymentId'`, sql<boolean>`refs ? 'refundId'`]))
    .orderBy("id")
    .execute();
  return withEntries(db, rows);
}
