import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { seedDemo } from "../app/demo/seed.server";
import { verifyLedger } from "../app/ledger/verify.server";
import { adminUrl, pgliteTemplatePath } from "../app/test/template";
import { createTestDatabase, usingServer } from "../app/test/db";
import { type DatabaseHandle, openDatabase, pgliteExtensions } from "../app/utils/db.server";
import { extensions } from "../app/wiring.server";
import { migrateToLatest } from "../db/migrate";

/**
 * Backups as docs/deploy.md describes them, restored and checked (issue 8 §6): a `pg_dump` of a
 * server database restored into a new one, and a copy of the embedded database's folder — each must
 * pass `ledger:verify` with the same rows.
 */
const now = new Date("2026-11-20T10:00:00Z");

async function counts(db: DatabaseHandle["db"]) {
  const r = await sql<{ t: string; n: number }>`
    select 'journals' as t, count(*) as n from ledger_journals union all
    select 'entries', count(*) from ledger_entries union all
    select 'pledges', count(*) from pledges union all
    select 'loans', count(*) from loans`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.t, Number(x.n)]));
}

describe.skipIf(!usingServer())("a pg_dump backup of the server database", () => {
  let source: DatabaseHandle & { url?: string };
  let restored: DatabaseHandle | null = null;
  const restoredName = `bk_restore_${process.pid}`;
  afterAll(async () => {
    await restored?.close();
    await source?.close();
    const c = new pg.Client({ connectionString: adminUrl(process.env.DATABASE_URL!) });
    await c.connect();
    await c.query(`drop database if exists "${restoredName}" with (force)`);
    await c.end();
  });

  it("restores into a new database that passes ledger:verify with every row", async () => {
    source = await createTestDatabase();
    await seedDemo(source.db, { now });
    const before = await counts(source.db);
    expect(before.journals).toBeGreaterThan(10);
    const dump = path.join(os.tmpdir(), `bk-backup-${process.pid}.dump`);
    execFileSync("pg_dump", ["--format=custom", "--no-owner", `--file=${dump}`, source.url!]);
    const admin = new pg.Client({ connectionString: adminUrl(process.env.DATABASE_URL!) });
    await admin.connect();
    await admin.query(`drop database if exists "${restoredName}"`);
    await admin.query(`create database "${restoredName}"`);
    await admin.end();
    const target = adminUrl(process.env.DATABASE_URL!, restoredName);
    execFileSync("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${target}`, dump]);
    fs.rmSync(dump, { force: true });
    restored = await openDatabase({ kind: "server", url: target });
    expect(await counts(restored.db)).toEqual(before);
    const report = await verifyLedger(restored.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
    expect(report.ok).toBe(true);
  }, 120_000);
});

describe.skipIf(usingServer())("a copy of the embedded database's folder", () => {
  it("opens from the copy and passes ledger:verify with every row", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-pglite-"));
    try {
      // A migrated database on disk, from the tests' template (migrating from scratch takes seconds).
      const template = new Blob([fs.readFileSync(pgliteTemplatePath())]);
      const original = await PGlite.create(path.join(dir, "pglite"), { extensions: pgliteExtensions, loadDataDir: template });
      const handle = await openDatabase({ kind: "embedded-instance", pglite: original, location: dir });
      await migrateToLatest(handle.db);
      await seedDemo(handle.db, { now });
      const before = await counts(handle.db);
      await handle.close();
      await original.close();
      // The documented backup: stop the app, copy .data/ (here: its pglite folder).
      fs.cpSync(path.join(dir, "pglite"), path.join(dir, "copy"), { recursive: true });
      const copy = await PGlite.create(path.join(dir, "copy"), { extensions: pgliteExtensions });
      const restored = await openDatabase({ kind: "embedded-instance", pglite: copy, location: "copy" });
      expect(await counts(restored.db)).toEqual(before);
      const report = await verifyLedger(restored.db, extensions.ledgerChecks);
      expect(report.ok).toBe(true);
      await restored.close();
      await copy.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
