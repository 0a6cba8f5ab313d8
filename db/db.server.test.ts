import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../app/test/db";
import { isExclusionViolation, type DatabaseHandle } from "../app/utils/db.server";
import { migrateDown, migrateToLatest, pendingMigrations, waitForMigrations } from "./migrate";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe("the database", () => {
  it("is migrated, with the extensions later features need", async () => {
    expect(await pendingMigrations(database.db)).toEqual([]);
    const ext = await sql<{ extname: string }>`select extname from pg_extension order by 1`.execute(database.db);
    expect(ext.rows.map((r) => r.extname)).toEqual(expect.arrayContaining(["btree_gist", "citext", "pg_trgm", "unaccent"]));
    const sim = await sql<{ s: number }>`select similarity('boormachine', 'boremachine') as s`.execute(database.db);
    expect(sim.rows[0]!.s).toBeGreaterThan(0.3);
  });

  it("enforces exclusion constraints over time ranges (btree_gist)", async () => {
    await sql`create temporary table t_excl (item int, during tstzrange, exclude using gist (item with =, during with &&))`.execute(database.db);
    await sql`insert into t_excl values (1, tstzrange('2026-12-01', '2026-12-04'))`.execute(database.db);
    await sql`insert into t_excl values (1, tstzrange('2026-12-04', '2026-12-06'))`.execute(database.db);
    const error = await sql`insert into t_excl values (1, tstzrange('2026-12-03', '2026-12-05'))`.execute(database.db).catch((e: unknown) => e);
    expect(isExclusionViolation(error)).toBe(true);
  });

  it("parses bigint counts as numbers", async () => {
    const r = await sql<{ n: number }>`select count(*) as n from generate_series(1, 3)`.execute(database.db);
    expect(r.rows[0]!.n).toBe(3);
  });

  it("migrates all the way down and up again", async () => {
    const other = await createTestDatabase();
    try {
      while (await migrateDown(other.db)) {
        /* one step at a time */
      }
      const tables = await sql<{ n: number }>`select count(*) as n from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'`.execute(
        other.db,
      );
      expect(tables.rows[0]!.n).toBe(0);
      expect((await migrateToLatest(other.db)).length).toBeGreaterThan(0);
      expect(await pendingMigrations(other.db)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("waits for another process's migration step before going on", async () => {
    const other = await createTestDatabase();
    try {
      const last = await migrateDown(other.db);
      expect(last).not.toBeNull();
      const reported: string[][] = [];
      let done = false;
      const waiting = waitForMigrations(other.db, { intervalMs: 20, onWaiting: (p) => reported.push(p) }).then(() => (done = true));
      // Wait for its first look (not a fixed time: on a busy machine the first poll may take a while).
      for (const until = Date.now() + 20_000; reported.length === 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
      expect(done).toBe(false);
      expect(reported[0]).toEqual([last]);
      await migrateToLatest(other.db);
      await waiting;
      expect(done).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)("the server's connections (issue 17)", () => {
  it("compile no query to machine code (jit off): at city scale the compiling cost 200–340 ms on queries that run in milliseconds", async () => {
    const handle = await createTestDatabase();
    try {
      const { rows } = await sql<{ jit: string }>`show jit`.execute(handle.db);
      expect(rows[0]!.jit).toBe("off");
    } finally {
      await handle.close();
    }
  });
});
