import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, truncateAll, usingServer } from "../test/db";
import { type DatabaseHandle, type Db, openDatabase } from "../utils/db.server";
import { accounts, move } from "./ledger";
import { postJournal, reverseJournal } from "./ledger.server";
import { formatLedgerReport, type LedgerCheck, verifyLedger } from "./verify.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

const at = new Date("2026-12-01T10:00:00Z");
const project = accounts.project("p1");

async function postSome(db: DatabaseHandle["db"]) {
  return db.transaction().execute(async (trx) => {
    const a = await postJournal(trx, {
      kind: "pledge.charged",
      refs: { projectId: "p1" },
      entries: move(accounts.backer("u1"), project, 1500),
      idempotencyKey: "a",
      postedAt: at,
    });
    const b = await postJournal(trx, {
      kind: "pledge.charged",
      refs: { projectId: "p1" },
      entries: move(accounts.backer("u2"), project, 2500),
      idempotencyKey: "b",
      postedAt: at,
    });
    await reverseJournal(trx, { journalId: b.id, idempotencyKey: "b:reversal", postedAt: at });
    return { a, b };
  });
}

/** Changes ledger rows behind the triggers' back, as a tamperer with database access would. */
async function tamper(db: Db, statement: ReturnType<typeof sql>) {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await statement.execute(trx);
  });
}

describe("ledger verification", () => {
  it("passes a sound ledger and names every check", async () => {
    await postSome(database.db);
    const report = await verifyLedger(database.db, []);
    expect(report).toMatchObject({ ok: true, journals: 3, entries: 6 });
    expect(formatLedgerReport(report)).toBe(
      [
        "Ledger: 3 journals, 6 entries",
        "✓ every journal balances",
        "✓ no journal changed after it was posted",
        "✓ reversals mirror their originals",
        "✓ every hash chain recomputes from its journals",
        "The ledger verifies.",
      ].join("\n"),
    );
  });

  it("catches an entry changed behind the triggers (unbalanced and digest mismatch)", async () => {
    const { a } = await postSome(database.db);
    await tamper(database.db, sql`update ledger_entries set amount_cents = 1400 where journal_id = ${a.id} and amount_cents = 1500`);
    const report = await verifyLedger(database.db, []);
    expect(report.ok).toBe(false);
    const text = formatLedgerReport(report);
    expect(text).toContain(`✗ every journal balances: 1 problem\n    - journal #${a.id}: its cash entries sum to -100 cents, not 0`);
    expect(text).toContain(`journal #${a.id} (pledge.charged) was changed after it was posted`);
    expect(text).toMatch(/The ledger does NOT verify\.$/);
  });

  it("catches a balanced edit (money moved to another account) and a deleted entry", async () => {
    const { a, b } = await postSome(database.db);
    await tamper(database.db, sql`update ledger_entries set account = 'project:p2' where journal_id = ${a.id} and amount_cents > 0`);
    await tamper(database.db, sql`delete from ledger_entries where journal_id = ${b.id} and amount_cents < 0`);
    const report = await verifyLedger(database.db, []);
    const byName = Object.fromEntries(report.results.map((r) => [r.name, r.problems]));
    expect(byName["no journal changed after it was posted"]).toEqual([
      `journal #${a.id} (pledge.charged) was changed after it was posted: its digest does not match`,
      `journal #${b.id} (pledge.charged) was changed after it was posted: its digest does not match`,
    ]);
    expect(byName["every journal balances"]).toEqual([
      `journal #${b.id}: its cash entries sum to 2500 cents, not 0`,
      `journal #${b.id} (pledge.charged) has 1 entries; a journal needs at least two`,
    ]);
    expect(byName["reversals mirror their originals"]).toEqual([`journal #${b.id + 1} does not exactly reverse journal #${b.id}`]);
  });

  it("runs the features' checks, reporting their problems and their crashes", async () => {
    await postSome(database.db);
    const projectMatchesCollected: LedgerCheck = {
      name: "projects: balance equals collected",
      async run(db) {
        const balance =
          (
            await sql<{
              b: number;
            }>`select coalesce(sum(amount_cents), 0)::bigint as b from ledger_entries where account = ${project} and book = 'cash'`.execute(db)
          ).rows[0]?.b ?? 0;
        const collected = 1000; // what the (imaginary) projects table says
        return balance === collected ? [] : [`project p1: ledger ${balance} cents, collected ${collected} cents`];
      },
    };
    const broken: LedgerCheck = {
      name: "a broken check",
      async run() {
        throw new Error("relation does not exist");
      },
    };
    const report = await verifyLedger(database.db, [projectMatchesCollected, broken]);
    expect(report.ok).toBe(false);
    const text = formatLedgerReport(report);
    expect(text).toContain("✗ projects: balance equals collected: 1 problem\n    - project p1: ledger 1500 cents, collected 1000 cents");
    expect(text).toContain("✗ a broken check: the check failed to run: relation does not exist");
  });
});

// `npm run ledger:verify` end to end, on an embedded database of its own (the script opens the
// data directory itself, so this runs in embedded mode only).
describe.skipIf(usingServer())("npm run ledger:verify", () => {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
  const run = (dataDir: string) =>
    spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "scripts", "ledger-verify.ts")], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent", NODE_ENV: "test", STRIPE_SECRET_KEY: "", STRIPE_PUBLISHABLE_KEY: "" },
      encoding: "utf8",
      timeout: 120_000,
    });

  it("exits 0 on a sound ledger and 1 with a readable report on a tampered one", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-ledger-verify-"));
    try {
      const handle = await openDatabase({ kind: "embedded", dataDir, purpose: "ledger:verify test" });
      const { migrateToLatest } = await import("../../db/migrate");
      await migrateToLatest(handle.db);
      const { a } = await postSome(handle.db);
      await handle.close();

      const sound = run(dataDir);
      expect(sound.stdout).toContain("The ledger verifies.");
      expect(sound.status).toBe(0);

      const again = await openDatabase({ kind: "embedded", dataDir, purpose: "ledger:verify test" });
      await tamper(again.db, sql`update ledger_entries set amount_cents = 1 where journal_id = ${a.id} and amount_cents = 1500`);
      await again.close();

      const tampered = run(dataDir);
      expect(tampered.stdout).toContain(`journal #${a.id}: its cash entries sum to -1499 cents, not 0`);
      expect(tampered.stdout).toContain("The ledger does NOT verify.");
      expect(tampered.status).toBe(1);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
