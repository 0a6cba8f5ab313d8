import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, truncateAll } from "../test/db";
import type { DatabaseHandle, Trx } from "../utils/db.server";
import { accounts, move } from "./ledger";
import { balanceOf, balancesOf, getJournal, LedgerError, listJournals, postJournal, reverseJournal } from "./ledger.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

const at = new Date("2026-12-01T10:00:00Z");
const backer = accounts.backer("0b0b0b0b-0000-4000-8000-000000000001");
const project = accounts.project("p1");

const expectDbError = async (promise: Promise<unknown>, pattern: RegExp, code?: string) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected the database to refuse").toBeTruthy();
  expect(String((error as Error).message)).toMatch(pattern);
  if (code) expect((error as { code?: string }).code).toBe(code);
};

describe("postJournal", () => {
  it("writes a balanced journal in the caller's transaction; balances follow per book", async () => {
    await database.db.transaction().execute(async (trx) => {
      await postJournal(trx, {
        kind: "pledge.committed",
        refs: { projectId: "p1", pledgeId: "pl1" },
        entries: move(backer, project, 2500, "commitment"),
        idempotencyKey: "pledge:pl1:committed",
        postedAt: at,
      });
      await postJournal(trx, {
        kind: "pledge.charged",
        refs: { projectId: "p1", pledgeId: "pl1", paymentId: "pi_sim_x" },
        entries: [...move(project, backer, 2500, "commitment"), ...move(backer, project, 2500), ...move(project, accounts.platformFees, 125)],
        idempotencyKey: "pledge:pl1:charged",
        postedAt: at,
      });
    });
    expect(await balanceOf(database.db, project)).toBe(2375); // collected, after fees
    expect(await balanceOf(database.db, project, { book: "commitment" })).toBe(0); // nothing promised any more
    expect(await balanceOf(database.db, backer)).toBe(-2500);
    expect(await balanceOf(database.db, accounts.platformFees)).toBe(125);
    expect(await balanceOf(database.db, "project:unknown")).toBe(0);
    const many = await balancesOf(database.db, [project, backer, "project:none"]);
    expect(Object.fromEntries(many)).toEqual({ [project]: 2375, [backer]: -2500, "project:none": 0 });

    const forPledge = await listJournals(database.db, { refs: { pledgeId: "pl1" } });
    expect(forPledge.map((j) => j.kind)).toEqual(["pledge.committed", "pledge.charged"]);
    expect(forPledge[1]?.entries).toHaveLength(6);
    expect((await listJournals(database.db, { account: accounts.platformFees })).map((j) => j.kind)).toEqual(["pledge.charged"]);
    expect(await listJournals(database.db, { refs: { projectId: "p2" } })).toEqual([]);
  });

  it("is idempotent by key: a retry posts nothing new; the same key for other entries is refused", async () => {
    const input = { kind: "pledge.charged", entries: move(backer, project, 1000), idempotencyKey: "pledge:pl2:charged", postedAt: at };
    const first = await database.db.transaction().execute((trx) => postJournal(trx, input));
    const again = await database.db.transaction().execute((trx) => postJournal(trx, { ...input, postedAt: new Date(at.getTime() + 60_000) }));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ id: first.id, created: false });
    expect(await balanceOf(database.db, project)).toBe(1000);
    await expect(database.db.transaction().execute((trx) => postJournal(trx, { ...input, entries: move(backer, project, 1001) }))).rejects.toThrow(
      /already used for a different journal/,
    );
  });

  it("refuses an unbalanced journal before writing, and needs a transaction", async () => {
    await expect(
      database.db.transaction().execute((trx) =>
        postJournal(trx, {
          kind: "pledge.charged",
          entries: [
            { account: backer, amountCents: -1000 },
            { account: project, amountCents: 999 },
          ],
          idempotencyKey: "k1",
          postedAt: at,
        }),
      ),
    ).rejects.toThrow(LedgerError);
    await expect(
      postJournal(database.db as unknown as Trx, { kind: "pledge.charged", entries: move(backer, project, 5), idempotencyKey: "k2", postedAt: at }),
    ).rejects.toThrow(/caller's transaction/);
    expect((await listJournals(database.db, {})).length).toBe(0);
  });

  it("rolls back with the caller's state change", async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await postJournal(trx, { kind: "pledge.charged", entries: move(backer, project, 300), idempotencyKey: "k3", postedAt: at });
        throw new Error("the pledge update failed");
      }),
    ).rejects.toThrow(/pledge update failed/);
    expect(await balanceOf(database.db, project)).toBe(0);
  });

  it("corrects by reversal, once", async () => {
    const original = await database.db
      .transaction()
      .execute((trx) =>
        postJournal(trx, { kind: "pledge.charged", refs: { pledgeId: "pl3" }, entries: move(backer, project, 800), idempotencyKey: "k4", postedAt: at }),
      );
    const reversal = await database.db
      .transaction()
      .execute((trx) => reverseJournal(trx, { journalId: original.id, idempotencyKey: "k4:reversal", postedAt: at }));
    expect(reversal).toMatchObject({ kind: "pledge.charged.reversal", reversesJournalId: original.id, refs: { pledgeId: "pl3" } });
    expect(await balanceOf(database.db, project)).toBe(0);
    const again = await database.db
      .transaction()
      .execute((trx) => reverseJournal(trx, { journalId: original.id, idempotencyKey: "k4:reversal", postedAt: at }));
    expect(again).toMatchObject({ id: reversal.id, created: false });
    await expect(
      database.db.transaction().execute((trx) => reverseJournal(trx, { journalId: original.id, idempotencyKey: "k4:other", postedAt: at })),
    ).rejects.toThrow(/already reversed/);
    expect((await getJournal(database.db, original.id))?.entries).toHaveLength(2);
  });
});

describe("the database enforces the ledger's rules", () => {
  async function rawJournal(trx: Trx, key: string): Promise<number> {
    const row = await trx
      .insertInto("ledger_journals")
      .values({ kind: "test.raw", refs: "{}", idempotency_key: key, digest: "0".repeat(64), posted_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it("refuses, at commit, a journal whose entries do not sum to zero", async () => {
    await expectDbError(
      database.db.transaction().execute(async (trx) => {
        const id = await rawJournal(trx, "raw1");
        await trx
          .insertInto("ledger_entries")
          .values([
            { journal_id: id, book: "cash", account: backer, amount_cents: -1000 },
            { journal_id: id, book: "cash", account: project, amount_cents: 999 },
          ])
          .execute();
      }),
      /does not balance: its cash entries sum to -1/,
      "23514",
    );
    // Balanced in total, but across books: still refused.
    await expectDbError(
      database.db.transaction().execute(async (trx) => {
        const id = await rawJournal(trx, "raw2");
        await trx
          .insertInto("ledger_entries")
          .values([
            { journal_id: id, book: "cash", account: backer, amount_cents: -1000 },
            { journal_id: id, book: "commitment", account: project, amount_cents: 1000 },
          ])
          .execute();
      }),
      /does not balance/,
      "23514",
    );
    expect(await listJournals(database.db, {})).toEqual([]);
  });

  it("refuses journals with fewer than two entries", async () => {
    await expectDbError(
      database.db.transaction().execute((trx) => rawJournal(trx, "raw3")),
      /needs at least two/,
      "23514",
    );
  });

  it("accepts entries inserted one by one (checked at commit, not per row)", async () => {
    await database.db.transaction().execute(async (trx) => {
      const id = await rawJournal(trx, "raw4");
      await trx.insertInto("ledger_entries").values({ journal_id: id, book: "cash", account: backer, amount_cents: -5 }).execute();
      await trx.insertInto("ledger_entries").values({ journal_id: id, book: "cash", account: project, amount_cents: 5 }).execute();
    });
    expect(await balanceOf(database.db, project)).toBe(5);
  });

  it("is append-only: UPDATE and DELETE are refused, also for entries", async () => {
    const posted = await database.db
      .transaction()
      .execute((trx) => postJournal(trx, { kind: "pledge.charged", entries: move(backer, project, 100), idempotencyKey: "k5", postedAt: at }));
    await expectDbError(
      database.db.updateTable("ledger_entries").set({ amount_cents: 1 }).where("journal_id", "=", posted.id).execute(),
      /append-only: UPDATE on ledger_entries/,
    );
    await expectDbError(database.db.deleteFrom("ledger_entries").where("journal_id", "=", posted.id).execute(), /append-only: DELETE on ledger_entries/);
    await expectDbError(
      database.db.updateTable("ledger_journals").set({ memo: "oops" }).where("id", "=", posted.id).execute(),
      /append-only: UPDATE on ledger_journals/,
    );
    await expectDbError(database.db.deleteFrom("ledger_journals").where("id", "=", posted.id).execute(), /append-only: DELETE on ledger_journals/);
    expect(await balanceOf(database.db, project)).toBe(100);
  });

  it("closes a journal once posted: no entries can be added later, even balanced ones", async () => {
    const posted = await database.db
      .transaction()
      .execute((trx) => postJournal(trx, { kind: "pledge.charged", entries: move(backer, project, 100), idempotencyKey: "k6", postedAt: at }));
    await expectDbError(
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto("ledger_entries")
          .values([
            { journal_id: posted.id, book: "cash", account: backer, amount_cents: -50 },
            { journal_id: posted.id, book: "cash", account: project, amount_cents: 50 },
          ])
          .execute();
      }),
      /is closed/,
    );
  });

  it("checks account names and amounts", async () => {
    await expectDbError(
      database.db.transaction().execute(async (trx) => {
        const id = await rawJournal(trx, "raw7");
        await trx
          .insertInto("ledger_entries")
          .values([
            { journal_id: id, book: "cash", account: "no kind", amount_cents: -5 },
            { journal_id: id, book: "cash", account: project, amount_cents: 5 },
          ])
          .execute();
      }),
      /check constraint/,
    );
    await expectDbError(
      database.db.transaction().execute(async (trx) => {
        const id = await rawJournal(trx, "raw8");
        await trx
          .insertInto("ledger_entries")
          .values([
            { journal_id: id, book: "cash", account: backer, amount_cents: 0 },
            { journal_id: id, book: "cash", account: project, amount_cents: 0 },
          ])
          .execute();
      }),
      /check constraint/,
    );
  });
});
