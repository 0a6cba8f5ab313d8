import { sql } from "kysely";
import { defineJob } from "../jobs/definition.server";
import type { Db } from "../utils/db.server";
import type { Logger } from "../utils/logger.server";
import { chainOf, GENESIS_HASH, type LinkContent, linkHash, publicEntries } from "./chain";
import { sha256Hex } from "./chain.server";
import type { LedgerEntry } from "./ledger";

/**
 * Seals committed journals into their chains (docs/decisions/051). Runs after the fact — every
 * minute and when a page asks — so posting a journal never waits for a chain: business
 * transactions take no extra lock, and a journal committed late is simply sealed later, after the
 * ones already sealed. One sealer at a time (a transaction-scoped advisory lock); the database
 * refuses a link that does not follow its chain.
 */

const SEAL_LOCK = 0x6c656467; // "ledg": any constant shared by every sealer
const BATCH = 1000;

export async function sealLedger(db: Db, options: { maxJournals?: number } = {}): Promise<{ sealed: number }> {
  const max = options.maxJournals ?? 50_000;
  let sealed = 0;
  while (sealed < max) {
    const n = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${SEAL_LOCK})`.execute(trx);
      const journals = await trx
        .selectFrom("ledger_journals as j")
        .leftJoin("ledger_chain_links as l", "l.journal_id", "j.id")
        .where("l.journal_id", "is", null)
        .select(["j.id", "j.kind", "j.refs", "j.posted_at", "j.digest"])
        .orderBy("j.id")
        .limit(Math.min(BATCH, max - sealed))
        .execute();
      if (journals.length === 0) return 0;
      const entries = await trx
        .selectFrom("ledger_entries")
        .select(["journal_id", "book", "account", "amount_cents"])
        .where(
          "journal_id",
          "in",
          journals.map((j) => j.id),
        )
        .execute();
      const byJournal = new Map<number, LedgerEntry[]>();
      for (const e of entries) {
        const list = byJournal.get(e.journal_id) ?? [];
        list.push({ book: e.book, account: e.account, amountCents: e.amount_cents });
        byJournal.set(e.journal_id, list);
      }
      const chains = [...new Set(journals.map((j) => chainOf(j.refs)))];
      const heads = new Map<string, { seq: number; hash: string }>();
      const rows = await trx
        .selectFrom("ledger_chain_links")
        .select(["chain", "seq", "hash"])
        .distinctOn("chain")
        .where("chain", "in", chains)
        .orderBy("chain")
        .orderBy("seq", "desc")
        .execute();
      for (const r of rows) heads.set(r.chain, { seq: r.seq, hash: r.hash });
      const links: { journal_id: number; chain: string; seq: number; prev_hash: string; hash: string }[] = [];
      for (const j of journals) {
        const chain = chainOf(j.refs);
        const head = heads.get(chain) ?? { seq: 0, hash: GENESIS_HASH };
        const content: LinkContent = {
          chain,
          seq: head.seq + 1,
          kind: j.kind,
          postedAt: j.posted_at,
          entries: publicEntries(byJournal.get(j.id) ?? []),
          digest: j.digest,
        };
        const hash = linkHash(sha256Hex, head.hash, content);
        links.push({ journal_id: j.id, chain, seq: content.seq, prev_hash: head.hash, hash });
        heads.set(chain, { seq: content.seq, hash });
      }
      // The database checks each row follows the one before it in its chain (earlier rows of the
      // same insert are visible to the row trigger).
      for (let i = 0; i < links.length; i += 200)
        await trx
          .insertInto("ledger_chain_links")
          .values(links.slice(i, i + 200))
          .execute();
      return links.length;
    });
    sealed += n;
    if (n < BATCH) break;
  }
  return { sealed };
}

export const sealLedgerJob = defineJob<{ db: Db; logger: Logger }>({
  name: "ledger.seal-chains",
  sweep: true,
  async run({ db, logger }) {
    const { sealed } = await sealLedger(db);
    if (sealed) logger.debug({ sealed }, "ledger journals sealed into their chains");
    return { processed: sealed };
  },
});
