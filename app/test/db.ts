import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import pg from "pg";
import { type DatabaseHandle, openDatabase, pgliteExtensions } from "../utils/db.server";
import { adminUrl, pgliteTemplatePath, serverTemplateName } from "./template";

/**
 * A migrated database of this test file's own: PGlite in memory by default, or a fresh database on
 * the Postgres server when DATABASE_URL is set (copied from the template the global setup built).
 */
export async function createTestDatabase(options: { maxConnections?: number } = {}): Promise<DatabaseHandle & { url?: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `bk_test_${process.ppid}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    // CREATE DATABASE … TEMPLATE needs the template to have no other sessions: retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${serverTemplateName()}"`);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    await admin.end();
    const handle = await openDatabase({ kind: "server", url: adminUrl(url, name), maxConnections: options.maxConnections ?? 20 });
    return {
      ...handle,
      /** For tests that start a second process on this database (CLI scripts). */
      url: adminUrl(url, name),
      async close() {
        await handle.close();
        const c = new pg.Client({ connectionString: adminUrl(url) });
        await c.connect();
        await c.query(`drop database if exists "${name}" with (force)`);
        await c.end();
      },
    };
  }
  const dump = fs.readFileSync(pgliteTemplatePath());
  const pglite = await PGlite.create({ loadDataDir: new Blob([dump]), extensions: pgliteExtensions });
  const handle = await openDatabase({ kind: "embedded-instance", pglite, location: "memory (test)" });
  return {
    ...handle,
    async close() {
      await handle.close();
      await pglite.close();
    },
  };
}

/** Empties every application table (keeps the schema and migration bookkeeping). */
export async function truncateAll(handle: Pick<DatabaseHandle, "db">): Promise<void> {
  const tables = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'
  `.execute(handle.db);
  if (tables.rows.length === 0) return;
  await sql.raw(`truncate ${tables.rows.map((t) => `"${t.tablename}"`).join(", ")} restart identity cascade`).execute(handle.db);
}

export const usingServer = () => Boolean(process.env.DATABASE_URL);
