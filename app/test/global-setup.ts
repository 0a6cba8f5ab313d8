import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { migrateToLatest } from "../../db/migrate";
import { pgliteExtensions } from "../utils/db.server";
import { adminUrl, cacheDir, pgliteTemplatePath, serverTemplateName } from "./template";

/**
 * Builds one migrated template database per migration set: a PGlite data-dir dump (each test file
 * loads it in ≈ 1.5 s instead of creating and migrating a database in ≈ 5 s), or, when
 * DATABASE_URL is set, a template database on that server (each test file copies it).
 */
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    const name = serverTemplateName();
    const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building_${process.pid}`;
      await admin.query(`create database "${building}"`);
      const pool = new pg.Pool({ connectionString: adminUrl(url, building), max: 2 });
      const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
      await migrateToLatest(db);
      await db.destroy();
      try {
        await admin.query(`alter database "${building}" rename to "${name}"`);
      } catch {
        // Another run finished first: keep theirs.
        await admin.query(`drop database if exists "${building}"`);
      }
    }
    await admin.end();
    return async () => {
      // Drop databases of test files that crashed before cleaning up after themselves.
      const c = new pg.Client({ connectionString: adminUrl(url) });
      await c.connect();
      const leftovers = await c.query(`select datname from pg_database where datname like 'bk_test_${process.pid}_%'`);
      for (const row of leftovers.rows) await c.query(`drop database if exists "${row.datname}" with (force)`).catch(() => undefined);
      await c.end();
    };
  }

  const file = pgliteTemplatePath();
  if (!fs.existsSync(file)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    const pglite = await PGlite.create({ extensions: pgliteExtensions });
    const pool = new pg.Pool(createPgConfig(pglite));
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    await migrateToLatest(db);
    await db.destroy();
    const dump = await pglite.dumpDataDir("none");
    await pglite.close();
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
    // Old templates go, but only after a day: worktrees that share node_modules (and so this cache)
    // may be testing another migration set right now and load theirs for each test file.
    const dayAgo = Date.now() - 86_400_000;
    for (const old of fs.readdirSync(cacheDir)) {
      const oldPath = path.join(cacheDir, old);
      if (old.startsWith("pglite-template-") && oldPath !== file && !old.endsWith(".tmp") && fs.statSync(oldPath).mtimeMs < dayAgo)
        fs.rmSync(oldPath, { force: true });
    }
  }
  return undefined;
}
