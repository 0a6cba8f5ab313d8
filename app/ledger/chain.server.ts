import { createHash } from "node:crypto";
import type { Db } from "../utils/db.server";
import { GENESIS_HASH, publicEntries, type StoredLink } from "./chain";
import type { LedgerEntry } from "./ledger";
import { type Journal, listJournals } from "./ledger.server";

/** Reading the hash chains (docs/decisions/051); sealing is in seal.server.ts. */
export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** A chain's links in order, with the content they seal, read back for checking or showing. */
export async function readChain(db: Db, chain: string, options: { uptoSeq?: number } = {}): Promise<StoredLink[]> {
  let q = db
    .selectFrom("ledger_chain_links as l")
    .innerJoin("ledger_journals as j", "j.id", "l.journal_id")
    .select(["l.journal_id", "l.seq", "l.prev_hash", "l.hash", "j.kind", "j.posted_at", "j.digest"])
    .where("l.chain", "=", chain);
  if (options.uptoSeq !== undefined) q = q.where("l.seq", "<=", options.uptoSeq);
  const links = await q.orderBy("l.seq").execute();
  const entries = links.length
    ? await db
        .selectFrom("ledger_entries as e")
        .innerJoin("ledger_chain_links as l", "l.journal_id", "e.journal_id")
        .where("l.chain", "=", chain)
        .select(["e.journal_id", "e.book", "e.account", "e.amount_cents"])
        .execute()
    : [];
  const byJournal = new Map<number, LedgerEntry[]>();
  for (const e of entries) {
    const list = byJournal.get(e.journal_id) ?? [];
    list.push({ book: e.book, account: e.account, amountCents: e.amount_cents });
    byJournal.set(e.journal_id, list);
  }
  return links.map((l) => ({
    journalId: l.journal_id,
    chain,
    seq: l.seq,
    kind: l.kind,
    postedAt: l.posted_at,
    entries: publicEntries(byJournal.get(l.journal_id) ?? []),
    digest: l.digest,
    prevHash: l.prev_hash,
    hash: l.hash,
  }));
}

/** The head of a chain: its last link's hash and length (the genesis hash and 0 when nothing is sealed). */
export async function chainHead(db: Db, chain: string): Promise<{ seq: number; hash: string; sealedAt: Date | null }> {
  const row = await db
    .selectFrom("ledger_chain_links")
    .select(["seq", "hash", "sealed_at"])
    .where("chain", "=", chain)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: row.seq, hash: row.hash, sealedAt: row.sealed_at } : { seq: 0, hash: GENESIS_HASH, sealedAt: null };
}

/** A journal of a chain with its link, when sealed: what a public ledger page lists. */
export interface ChainJournal extends Journal {
  link: { seq: number; prevHash: string; hash: string; digest: string } | null;
}

/**
 * Every journal of a project's chain, in chain order: sealed ones by their place in the chain,
 * then those not sealed yet (committed in the last minute) by id.
 */
export async function listChainJournals(db: Db, chain: { projectId: string }): Promise<ChainJournal[]> {
  const journals: Journal[] = [];
  for (let afterId = 0; ;) {
    const batch = await listJournals(db, { refs: { projectId: chain.projectId }, afterId, limit: 5000 });
    journals.push(...batch);
    if (batch.length < 5000) break;
    afterId = batch[batch.length - 1]!.id;
  }
  const links = await db
    .selectFrom("ledger_chain_links as l")
    .innerJoin("ledger_journals as j", "j.id", "l.journal_id")
    .select(["l.journal_id", "l.seq", "l.prev_hash", "l.hash", "j.digest"])
    .where("l.chain", "=", `project:${chain.projectId}`)
    .execute();
  const byJournal = new Map(links.map((l) => [l.journal_id, { seq: l.seq, prevHash: l.prev_hash, hash: l.hash, digest: l.digest }]));
  return journals
    .map((j) => ({ ...j, link: byJournal.get(j.id) ?? null }))
    .sort((a, b) => (a.link && b.link ? a.link.seq - b.link.seq : a.link ? -1 : b.link ? 1 : a.id - b.id));
}
