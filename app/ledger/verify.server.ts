import { sql } from "kysely";
import type { Db } from "../utils/db.server";
import { type ChainState, chainStart, checkLink, describeChainProblem, publicEntries, type StoredLink } from "./chain";
import type { LedgerEntry } from "./ledger";
import { digestJournal } from "./ledger.server";
import { sha256Hex } from "./chain.server";

/**
 * `npm run ledger:verify` (docs/decisions/021-money-ledger.md): checks the whole ledger and reports
 * every problem in words. Built-in checks first, then the features' checks (`extensions.ledgerChecks`,
 * listed in app/wiring.server.ts).
 */
export interface LedgerCheck {
  /** Short, stable name: "projects: balance equals collected". */
  name: string;
  /** Returns one human-readable line per problem; [] when all is well. Must only read. */
  run(db: Db): Promise<string[]>;
}

export interface LedgerCheckResult {
  name: string;
  problems: string[];
  /** The check itself crashed (reported as a failure, the other checks still run). */
  error?: string;
}

export interface LedgerReport {
  ok: boolean;
  journals: number;
  entries: number;
  results: LedgerCheckResult[];
}

const BATCH = 2000;

/** Every (journal, book) sums to zero and every journal has at least two entries. */
export const journalsBalance: LedgerCheck = {
  name: "every journal balances",
  async run(db) {
    const unbalanced = await db
      .selectFrom("ledger_entries")
      .select(["journal_id", "book", sql<number>`sum(amount_cents)::bigint`.as("total")])
      .groupBy(["journal_id", "book"])
      .having(sql`sum(amount_cents)`, "<>", 0)
      .orderBy("journal_id")
      .execute();
    const thin = await db
      .selectFrom("ledger_journals as j")
      .leftJoin("ledger_entries as e", "e.journal_id", "j.id")
      .select(["j.id", "j.kind", sql<number>`count(e.id)::bigint`.as("n")])
      .groupBy(["j.id", "j.kind"])
      .having(sql`count(e.id)`, "<", 2)
      .orderBy("j.id")
      .execute();
    return [
      ...unbalanced.map((r) => `journal #${r.journal_id}: its ${r.book} entries sum to ${r.total} cents, not 0`),
      ...thin.map((r) => `journal #${r.id} (${r.kind}) has ${r.n} entries; a journal needs at least two`),
    ];
  },
};

/** Recomputes each journal's digest: a journal edited after posting (triggers bypassed) shows. */
export const journalsUnchanged: LedgerCheck = {
  name: "no journal changed after it was posted",
  async run(db) {
    const problems: string[] = [];
    let after = 0;
    for (;;) {
      const journals = await db
        .selectFrom("ledger_journals")
        .select(["id", "kind", "memo", "refs", "idempotency_key", "reverses_journal_id", "posted_at", "digest"])
        .where("id", ">", after)
        .orderBy("id")
        .limit(BATCH)
        .execute();
      if (journals.length === 0) break;
      after = journals[journals.length - 1]!.id;
      const entries = await db
        .selectFrom("ledger_entries")
        .select(["journal_id", "book", "account", "amount_cents"])
        .where("journal_id", ">=", journals[0]!.id)
        .where("journal_id", "<=", after)
        .execute();
      const byJournal = new Map<number, LedgerEntry[]>();
      for (const e of entries) {
        const list = byJournal.get(e.journal_id) ?? [];
        list.push({ book: e.book, account: e.account, amountCents: e.amount_cents });
        byJournal.set(e.journal_id, list);
      }
      for (const j of journals) {
        const digest = digestJournal({
          kind: j.kind,
          memo: j.memo,
          idempotencyKey: j.idempotency_key,
          postedAt: j.posted_at,
          refs: j.refs,
          reversesJournalId: j.reverses_journal_id,
          entries: byJournal.get(j.id) ?? [],
        });
        if (digest !== j.digest) problems.push(`journal #${j.id} (${j.kind}) was changed after it was posted: its digest does not match`);
      }
    }
    return problems;
  },
};

/** A reversal has exactly the original's entries with opposite signs. */
export const reversalsMirror: LedgerCheck = {
  name: "reversals mirror their originals",
  async run(db) {
    const rows = await sql<{ id: number; reverses_journal_id: number }>`
      select r.id, r.reverses_journal_id from ledger_journals r
      where r.reverses_journal_id is not null and (
        exists (
          select book, account, -amount_cents from ledger_entries where journal_id = r.reverses_journal_id
          except all
          select book, account, amount_cents from ledger_entries where journal_id = r.id
        ) or exists (
          select book, account, amount_cents from ledger_entries where journal_id = r.id
          except all
          select book, account, -amount_cents from ledger_entries where journal_id = r.reverses_journal_id
        )
      )
      order by r.id`.execute(db);
    return rows.rows.map((r) => `journal #${r.id} does not exactly reverse journal #${r.reverses_journal_id}`);
  },
};

/**
 * Recomputes every chain from the journals' current content (docs/decisions/051) and names the
 * first broken link of each; journals committed more than ten minutes ago must be sealed.
 */
export const chainsIntact: LedgerCheck = {
  name: "every hash chain recomputes from its journals",
  async run(db) {
    const problems: string[] = [];
    const unsealed = await db
      .selectFrom("ledger_journals as j")
      .leftJoin("ledger_chain_links as l", "l.journal_id", "j.id")
      .where("l.journal_id", "is", null)
      .where("j.created_at", "<", sql<Date>`now() - interval '10 minutes'`)
      .select(sql<number>`count(*)::bigint`.as("n"))
      .executeTakeFirstOrThrow();
    if (unsealed.n > 0)
      problems.push(`${unsealed.n} journals committed more than ten minutes ago are not sealed into a chain (is the ledger.seal-chains job running?)`);

    // Links in (chain, seq) order, a batch at a time; each chain's state carried from row to row.
    let after: { chain: string; seq: number } | null = null;
    let chain = null as { name: string; state: ChainState; broken: boolean } | null;
    for (;;) {
      let q = db
        .selectFrom("ledger_chain_links as l")
        .innerJoin("ledger_journals as j", "j.id", "l.journal_id")
        .select([
          "l.journal_id",
          "l.chain",
          "l.seq",
          "l.prev_hash",
          "l.hash",
          "j.kind",
          "j.memo",
          "j.refs",
          "j.idempotency_key",
          "j.reverses_journal_id",
          "j.posted_at",
        ]);
      if (after) {
        const a = after;
        q = q.where((eb) => eb.or([eb("l.chain", ">", a.chain), eb.and([eb("l.chain", "=", a.chain), eb("l.seq", ">", a.seq)])]));
      }
      const rows = await q.orderBy("l.chain").orderBy("l.seq").limit(BATCH).execute();
      if (rows.length === 0) break;
      after = { chain: rows[rows.length - 1]!.chain, seq: rows[rows.length - 1]!.seq };
      const entries = await db
        .selectFrom("ledger_entries")
        .select(["journal_id", "book", "account", "amount_cents"])
        .where(
          "journal_id",
          "in",
          rows.map((r) => r.journal_id),
        )
        .execute();
      const byJournal = new Map<number, LedgerEntry[]>();
      for (const e of entries) {
        const list = byJournal.get(e.journal_id) ?? [];
        list.push({ book: e.book, account: e.account, amountCents: e.amount_cents });
        byJournal.set(e.journal_id, list);
      }
      for (const r of rows) {
        if (chain?.name !== r.chain) chain = { name: r.chain, state: chainStart, broken: false };
        if (chain.broken) continue;
        const journalEntries = byJournal.get(r.journal_id) ?? [];
        // The digest recomputed from what the journal says now, not the one stored with it.
        const digest = digestJournal({
          kind: r.kind,
          memo: r.memo,
          idempotencyKey: r.idempotency_key,
          postedAt: r.posted_at,
          refs: r.refs,
          reversesJournalId: r.reverses_journal_id,
          entries: journalEntries,
        });
        const link: StoredLink = {
          journalId: r.journal_id,
          chain: r.chain,
          seq: r.seq,
          kind: r.kind,
          postedAt: r.posted_at,
          entries: publicEntries(journalEntries),
          digest,
          prevHash: r.prev_hash,
          hash: r.hash,
        };
        const checked = checkLink(sha256Hex, chain.state, link);
        if (checked.ok) chain.state = checked.state;
        else {
          problems.push(describeChainProblem(r.chain, checked.problem));
          chain.broken = true;
        }
      }
    }
    return problems;
  },
};

export const builtInLedgerChecks: readonly LedgerCheck[] = [journalsBalance, journalsUnchanged, reversalsMirror, chainsIntact];

export async function verifyLedger(db: Db, featureChecks: readonly LedgerCheck[]): Promise<LedgerReport> {
  const counts = await db
    .selectNoFrom([
      sql<number>`(select count(*) from ledger_journals)::bigint`.as("journals"),
      sql<number>`(select count(*) from ledger_entries)::bigint`.as("entries"),
    ])
    .executeTakeFirstOrThrow();
  const results: LedgerCheckResult[] = [];
  for (const check of [...builtInLedgerChecks, ...featureChecks]) {
    try {
      results.push({ name: check.name, problems: await check.run(db) });
    } catch (error) {
      results.push({ name: check.name, problems: [], error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { ok: results.every((r) => r.problems.length === 0 && !r.error), journals: counts.journals, entries: counts.entries, results };
}

/** The report as text: one line per check, its problems indented (at most `limit` each). */
export function formatLedgerReport(report: LedgerReport, limit = 50): string {
  const lines = [`Ledger: ${report.journals} journals, ${report.entries} entries`];
  for (const r of report.results) {
    if (r.error) {
      lines.push(`✗ ${r.name}: the check failed to run: ${r.error}`);
      continue;
    }
    lines.push(r.problems.length ? `✗ ${r.name}: ${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}` : `✓ ${r.name}`);
    for (const p of r.problems.slice(0, limit)) lines.push(`    - ${p}`);
    if (r.problems.length > limit) lines.push(`    … and ${r.problems.length - limit} more`);
  }
  lines.push(report.ok ? "The ledger verifies." : "The ledger does NOT verify.");
  return lines.join("\n");
}
