import { type Kysely, sql } from "kysely";

/**
 * The ledger's hash chains (issue 10, docs/decisions/051-ledger-hash-chains.md): one link per
 * journal, sealed after the journal committed, in a chain per project, per loan, or the platform's.
 * Append-only like the journals; the database refuses a link that does not follow its chain's
 * previous one (no gap, no fork). The hashes themselves are computed and checked by the app
 * (app/ledger/chain.ts, `npm run ledger:verify`). Existing journals are sealed by the job.
 * Frozen in time: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("ledger_chain_links")
    .addColumn("journal_id", "bigint", (c) => c.primaryKey().references("ledger_journals.id"))
    .addColumn("chain", "text", (c) => c.notNull().check(sql`chain ~ '^(platform|project:[A-Za-z0-9-]+|loan:[A-Za-z0-9-]+)$'`))
    .addColumn("seq", "integer", (c) => c.notNull().check(sql`seq > 0`))
    .addColumn("prev_hash", "text", (c) => c.notNull().check(sql`prev_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn("hash", "text", (c) => c.notNull().check(sql`hash ~ '^[0-9a-f]{64}$'`))
    .addColumn("sealed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("ledger_chain_links_chain_seq_key", ["chain", "seq"])
    .execute();

  await sql`
    create function ledger_chain_link_follows() returns trigger language plpgsql as $$
    begin
      if new.seq = 1 then
        if new.prev_hash <> repeat('0', 64) then
          raise exception 'the first link of chain % must start from the genesis hash', new.chain
            using errcode = 'integrity_constraint_violation';
        end if;
      elsif not exists (select 1 from ledger_chain_links where chain = new.chain and seq = new.seq - 1 and hash = new.prev_hash) then
        raise exception 'link % of chain % does not follow link %', new.seq, new.chain, new.seq - 1
          using errcode = 'integrity_constraint_violation';
      end if;
      return new;
    end
    $$`.execute(db);
  await sql`create trigger ledger_chain_links_follow before insert on ledger_chain_links
    for each row execute function ledger_chain_link_follows()`.execute(db);
  await sql`create trigger ledger_chain_links_append_only before update or delete on ledger_chain_links
    for each row execute function ledger_refuse_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("ledger_chain_links").execute();
  await sql`drop function ledger_chain_link_follows()`.execute(db);
}
