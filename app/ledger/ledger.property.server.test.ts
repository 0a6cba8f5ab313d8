/**
 * The ledger under random operation sequences (issue 8 §8): balanced journals of any shape,
 * unbalanced and malformed ones (refused, nothing written), reversals (once), repeated idempotency
 * keys (nothing new) and transactions that roll back — afterwards every journal balances per book,
 * every balance equals the sum of the entries the model expects, and the built-in ledger checks
 * (ledger:verify) are clean.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, truncateAll, usingServer } from "../test/db";
import type { DatabaseHandle } from "../utils/db.server";
import { type Book, sumByBook, type LedgerEntryInput } from "./ledger";
import { balanceOf, LedgerError, postJournal, reverseJournal } from "./ledger.server";
import { verifyLedger } from "./verify.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const accountNames = ["backer:a", "backer:b", "project:p", "project:q", "platform:fees", "gateway:clearing", "loan:l"];
const at = new Date("2026-12-01T10:00:00Z");

const entry = fc.record({
  account: fc.constantFrom(...accountNames),
  amountCents: fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((n) => n !== 0),
  book: fc.constantFrom<Book>("cash", "commitment"),
});
/** Entries that sum to zero in each book: random ones, each book closed by one balancing entry. */
const balancedEntries = fc.array(entry, { minLength: 1, maxLength: 5 }).map((entries) => {
  const out: LedgerEntryInput[] = [...entries];
  const sums = sumByBook(entries);
  for (const book of ["cash", "commitment"] as const) {
    if (sums[book] !== 0) out.push({ account: book === "cash" ? "gateway:clearing" : "project:q", amountCents: -sums[book], book });
  }
  return out.length >= 2 ? out : [...out, { ...out[0]!, amountCents: -out[0]!.amountCents }, { ...out[0]! }];
});

type Op =
  | { op: "post"; entries: LedgerEntryInput[]; key: number }
  | { op: "unbalanced"; entries: LedgerEntryInput[]; off: number }
  | { op: "malformed"; which: "account" | "amount" | "kind" }
  | { op: "reverse"; pick: number; again: boolean }
  | { op: "rollback"; entries: LedgerEntryInput[] };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("post" as const), entries: balancedEntries, key: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("unbalanced" as const), entries: balancedEntries, off: fc.integer({ min: 1, max: 500 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("malformed" as const), which: fc.constantFrom("account" as const, "amount" as const, "kind" as const) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("reverse" as const), pick: fc.nat(), again: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("rollback" as const), entries: balancedEntries }) },
);

describe("the ledger under random operations", () => {
  it("keeps every journal balanced, every balance equal to its entries, and ledger:verify clean", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        run++;
        await truncateAll(database);
        // The model: what each account's balance per book must be, and which journals exist.
        const expected = new Map<string, number>();
        const posted: { id: number; entries: LedgerEntryInput[]; reversed: boolean }[] = [];
        const byKey = new Map<string, number>();
        const apply = (entries: LedgerEntryInput[], sign: 1 | -1) => {
          for (const e of entries) {
            const k = `${e.account}/${e.book ?? "cash"}`;
            expected.set(k, (expected.get(k) ?? 0) + sign * e.amountCents);
          }
        };
        for (const o of ops) {
          if (o.op === "post") {
            const key = `run${run}:k${o.key}`;
            const firstEntries = byKey.has(key) ? posted.find((p) => p.id === byKey.get(key))!.entries : null;
            const result = await database.db
              .transaction()
              .execute((trx) => postJournal(trx, { kind: "drill.moved", entries: o.entries, idempotencyKey: key, postedAt: at }))
              .then(
                (j) => ({ ok: true as const, j }),
                (e: unknown) => ({ ok: false as const, e }),
              );
            if (firstEntries === null) {
              expect(result.ok).toBe(true);
              if (result.ok) {
                byKey.set(key, result.j.id);
                posted.push({ id: result.j.id, entries: o.entries, reversed: false });
                apply(o.entries, 1);
              }
            } else if (result.ok) {
              // The same key again: the first journal, nothing new (only when the entries are the same).
              expect(result.j.created).toBe(false);
              expect(result.j.id).toBe(byKey.get(key));
            } else expect(result.e).toBeInstanceOf(LedgerError);
          } else if (o.op === "unbalanced" || o.op === "malformed") {
            const entries: LedgerEntryInput[] =
              o.op === "unbalanced"
                ? [...o.entries.slice(0, -1), { ...o.entries.at(-1)!, amountCents: o.entries.at(-1)!.amountCents + o.off }]
                : o.which === "account"
                  ? [
                      { account: "Backer A", amountCents: 5 },
                      { account: "project:p", amountCents: -5 },
                    ]
                  : o.which === "amount"
                    ? [
                        { account: "backer:a", amountCents: 0.5 },
                        { account: "project:p", amountCents: -0.5 },
                      ]
                    : [
                        { account: "backer:a", amountCents: 5 },
                        { account: "project:p", amountCents: -5 },
                      ];
            const refused = await database.db
              .transaction()
              .execute((trx) =>
                postJournal(trx, {
                  kind: o.op === "malformed" && o.which === "kind" ? "Bad Kind" : "drill.bad",
                  entries,
                  idempotencyKey: `bad:${run}:${Math.random()}`,
                  postedAt: at,
                }),
              )
              .then(
                () => null,
                (e: unknown) => e,
              );
            if (o.op === "unbalanced" && sumByBook(entries).cash === 0 && sumByBook(entries).commitment === 0) continue;
            expect(refused).toBeInstanceOf(LedgerError);
          } else if (o.op === "reverse") {
            const target = posted.filter((p) => !p.reversed)[o.pick % Math.max(1, posted.filter((p) => !p.reversed).length)];
            if (!target) continue;
            const key = `rev:${target.id}`;
            await database.db.transaction().execute((trx) => reverseJournal(trx, { journalId: target.id, idempotencyKey: key, postedAt: at }));
            target.reversed = true;
            apply(target.entries, -1);
            if (o.again) {
              // Reversing again with the same key returns the reversal; with another key it is refused.
              const same = await database.db.transaction().execute((trx) => reverseJournal(trx, { journalId: target.id, idempotencyKey: key, postedAt: at }));
              expect(same.created).toBe(false);
              const other = await database.db
                .transaction()
                .execute((trx) => reverseJournal(trx, { journalId: target.id, idempotencyKey: `${key}:2`, postedAt: at }))
                .then(
                  () => null,
                  (e: unknown) => e,
                );
              expect(other).toBeInstanceOf(LedgerError);
            }
          } else {
            // Posted, then the business transaction fails: nothing of it stays.
            await database.db
              .transaction()
              .execute(async (trx) => {
                await postJournal(trx, { kind: "drill.rolled_back", entries: o.entries, idempotencyKey: `rb:${run}:${Math.random()}`, postedAt: at });
                throw new Error("rolled back");
              })
              .catch(() => undefined);
          }
        }
        const unbalanced = await sql<{ n: number }>`
          select count(*)::int as n from (select journal_id, book from ledger_entries group by journal_id, book having sum(amount_cents) <> 0) u
        `.execute(database.db);
        expect(unbalanced.rows[0]!.n).toBe(0);
        for (const account of accountNames) {
          for (const book of ["cash", "commitment"] as const) {
            expect(await balanceOf(database.db, account, { book }), `${account}/${book}`).toBe(expected.get(`${account}/${book}`) ?? 0);
          }
        }
        const rolledBack = await database.db.selectFrom("ledger_journals").select("id").where("kind", "=", "drill.rolled_back").execute();
        expect(rolledBack).toEqual([]);
        const report = await verifyLedger(database.db, []);
        expect(report.results.filter((r) => r.problems.length > 0)).toEqual([]);
      }),
      { numRuns: Number(process.env.LEDGER_RUNS ?? (usingServer() ? 8 : 25)) },
    );
  }, 120_000);
});
