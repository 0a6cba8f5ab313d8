import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrateDown, migrateToLatest } from "../../db/migrate";
import { createTestDatabase, truncateAll, usingServer } from "../test/db";
import { type DatabaseHandle, type Db, openDatabase } from "../utils/db.server";
import { GENESIS_HASH, linkHash, verifyChain } from "./chain";
import { accounts, move } from "./ledger";
import { digestJournal, getJournal, postJournal, reverseJournal } from "./ledger.server";
import { chainHead, readChain, sha256Hex } from "./chain.server";
import { sealLedger } from "./seal.server";
import { verifyLedger } from "./verify.server";

let database: DatabaseHandle & { url?: string };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

const at = new Date("2026-12-01T10:00:00Z");

async function charge(db: Db, key: string, projectId: string, backer: string, cents: number) {
  return db.transaction().execute((trx) =>
    postJournal(trx, {
      kind: "pledge.charged",
      refs: { projectId, userId: backer },
      entries: move(accounts.backer(backer), accounts.project(projectId), cents),
      idempotencyKey: key,
      postedAt: at,
    }),
  );
}

async function tamper(db: Db, statement: ReturnType<typeof sql>) {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await statement.execute(trx);
  });
}

const chainProblems = async (db: Db) => (await verifyLedger(db, [])).results.find((r) => r.name === "every hash chain recomputes from its journals")!.problems;

describe("sealing journals into chains", () => {
  it("seals each journal once, a chain per project, loan and the platform", async () => {
    const a = await charge(database.db, "a", "p1", "u1", 1500);
    await charge(database.db, "b", "p2", "u2", 700);
    const c = await charge(database.db, "c", "p1", "u3", 2500);
    await database.db.transaction().execute((trx) =>
      postJournal(trx, {
        kind: "deposit.held",
        refs: { loanId: "l1" },
        entries: move(accounts.borrower("u1"), accounts.loan("l1"), 5000, "commitment"),
        idempotencyKey: "d",
        postedAt: at,
      }),
    );
    expect(await sealLedger(database.db)).toEqual({ sealed: 4 });
    expect(await sealLedger(database.db)).toEqual({ sealed: 0 });

    const p1 = await readChain(database.db, "project:p1");
    expect(p1.map((l) => [l.seq, l.journalId])).toEqual([
      [1, a.id],
      [2, c.id],
    ]);
    expect(p1[0]!.prevHash).toBe(GENESIS_HASH);
    expect(p1[1]!.prevHash).toBe(p1[0]!.hash);
    expect(p1[0]!.entries).toEqual([
      ["cash", "backer:*", -1500],
      ["cash", "project:p1", 1500],
    ]);
    expect(verifyChain(sha256Hex, p1)).toMatchObject({ broken: null, length: 2, head: p1[1]!.hash });
    expect(await chainHead(database.db, "project:p1")).toMatchObject({ seq: 2, hash: p1[1]!.hash });
    expect((await readChain(database.db, "loan:l1")).length).toBe(1);
    expect(await chainHead(database.db, "project:none")).toEqual({ seq: 0, hash: GENESIS_HASH, sealedAt: null });

    // A journal committed later is sealed after the ones already sealed.
    const r = await database.db.transaction().execute((trx) => reverseJournal(trx, { journalId: c.id, idempotencyKey: "c:rev", postedAt: at }));
    await sealLedger(database.db);
    expect((await readChain(database.db, "project:p1")).map((l) => l.journalId)).toEqual([a.id, c.id, r.id]);
    expect(await chainProblems(database.db)).toEqual([]);
  });

  it("the database refuses a link that forks or skips, and any change to a link", async () => {
    const a = await charge(database.db, "a", "p1", "u1", 1500);
    const b = await charge(database.db, "b", "p1", "u1", 1600);
    await sealLedger(database.db, { maxJournals: 1 });
    const head = await chainHead(database.db, "project:p1");
    const fork = database.db
      .insertInto("ledger_chain_links")
      .values({ journal_id: b.id, chain: "project:p1", seq: 2, prev_hash: "1".repeat(64), hash: "2".repeat(64) })
      .execute();
    await expect(fork).rejects.toThrow(/does not follow link 1/);
    const skip = database.db
      .insertInto("ledger_chain_links")
      .values({ journal_id: b.id, chain: "project:p1", seq: 3, prev_hash: head.hash, hash: "2".repeat(64) })
      .execute();
    await expect(skip).rejects.toThrow(/does not follow link 2/);
    await expect(sql`update ledger_chain_links set hash = ${"3".repeat(64)} where journal_id = ${a.id}`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ledger_chain_links where journal_id = ${a.id}`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it("ledger:verify names the first broken link when a sealed journal is edited in the database", async () => {
    const a = await charge(database.db, "a", "p1", "u1", 1500);
    const b = await charge(database.db, "b", "p1", "u2", 2500);
    await charge(database.db, "c", "p1", "u3", 3500);
    await sealLedger(database.db);
    // A memo is not public, but the digest covers it: the link no longer matches.
    await tamper(database.db, sql`update ledger_journals set memo = 'changed' where id = ${b.id}`);
    expect(await chainProblems(database.db)).toEqual([
      `chain project:p1: link 2 (journal #${b.id}) does not match its journal: the journal or its link was changed here`,
    ]);

    // A thorough rewriter recomputes the journal's digest and its link too: then the next link breaks.
    await tamper(database.db, sql`update ledger_journals set memo = '' where id = ${b.id}`);
    await tamper(database.db, sql`update ledger_entries set amount_cents = amount_cents / 10 where journal_id = ${a.id}`);
    const edited = (await getJournal(database.db, a.id))!;
    const digest = digestJournal(edited);
    await tamper(database.db, sql`update ledger_journals set digest = ${digest} where id = ${a.id}`);
    const [link1] = await readChain(database.db, "project:p1");
    await tamper(database.db, sql`update ledger_chain_links set hash = ${linkHash(sha256Hex, GENESIS_HASH, link1!)} where journal_id = ${a.id}`);
    expect(await chainProblems(database.db)).toEqual([
      `chain project:p1: link 2 (journal #${b.id}) does not point at link 1's hash: the chain was rewritten here`,
    ]);
    // The journal's own digest check cannot see that edit any more; only the chain does.
    const report = await verifyLedger(database.db, []);
    expect(report.results.find((r) => r.name === "no journal changed after it was posted")!.problems).toEqual([]);
  });

  it("reports journals left unsealed for more than ten minutes", async () => {
    await tamper(
      database.db,
      sql`insert into ledger_journals (kind, idempotency_key, digest, posted_at, created_at) values ('pledge.charged', 'old', ${"0".repeat(64)}, now(), now() - interval '1 hour')`,
    );
    expect(await chainProblems(database.db)).toEqual([
      "1 journals committed more than ten minutes ago are not sealed into a chain (is the ledger.seal-chains job running?)",
    ]);
  });

  it("seals journals that existed before the chains (the migration added to a ledger in use)", async () => {
    const other = await createTestDatabase();
    try {
      // Roll back to before the chains, post the old way, migrate, seal.
      while ((await migrateDown(other.db)) !== "0012_ledger_chain") {
        /* newer migrations first */
      }
      await charge(other.db, "old-1", "p1", "u1", 100);
      await charge(other.db, "old-2", "p1", "u1", 200);
      await migrateToLatest(other.db);
      expect(await sealLedger(other.db)).toEqual({ sealed: 2 });
      expect(await chainProblems(other.db)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe.skipIf(!usingServer())("two sealers at once (server)", () => {
  it("never fork a chain: every journal sealed once, in one order", async () => {
    for (let i = 0; i < 60; i++) await charge(database.db, `k${i}`, `p${i % 3}`, "u1", 100 + i);
    const second = await openDatabase({ kind: "server", url: database.url!, maxConnections: 2 });
    try {
      const results = await Promise.all([sealLedger(database.db, { maxJournals: 60 }), sealLedger(second.db, { maxJournals: 60 }), sealLedger(database.db)]);
      expect(results.reduce((n, r) => n + r.sealed, 0)).toBe(60);
      expect(await chainProblems(database.db)).toEqual([]);
      for (const p of ["p0", "p1", "p2"]) expect((await chainHead(database.db, `project:${p}`)).seq).toBe(20);
    } finally {
      await second.close();
    }
  });
});
