import type { ColumnType, Generated } from "kysely";
import type { CreatedAt, Timestamp } from "./foundation";

/**
 * The append-only double-entry ledger (docs/decisions/021). Only app/ledger/ writes these tables;
 * the database refuses UPDATE and DELETE and checks every journal balances at commit.
 */
export interface LedgerJournalsTable {
  id: Generated<number>;
  kind: string;
  memo: Generated<string>;
  refs: ColumnType<Record<string, string>, string, never>;
  idempotency_key: string;
  reverses_journal_id: number | null;
  currency: Generated<"EUR">;
  digest: string;
  posted_at: Timestamp;
  txid: Generated<number>;
  created_at: CreatedAt;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  journal_id: number;
  book: "cash" | "commitment";
  account: string;
  amount_cents: number;
}

/** One link per journal in its chain (app/ledger/chain.ts, docs/decisions/051); append-only. */
export interface LedgerChainLinksTable {
  journal_id: number;
  chain: string;
  seq: number;
  prev_hash: string;
  hash: string;
  sealed_at: CreatedAt;
}

export interface LedgerTables {
  ledger_journals: LedgerJournalsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_chain_links: LedgerChainLinksTable;
}
