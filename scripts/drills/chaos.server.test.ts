/**
 * The short chaos run (scripts/drills/chaos.ts) on the Postgres server: 400 random operations,
 * 12 at a time. PGlite has one connection and cannot race, so it runs only with DATABASE_URL (as
 * app/lending/loans.concurrency.server.test.ts). The long run: `npm run drill -- chaos`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, usingServer } from "../../app/test/db";
import { createTestServices } from "../../app/test/services";
import type { AppServices } from "../../app/services.server";
import type { DatabaseHandle } from "../../app/utils/db.server";
import { sql } from "kysely";
import { checkInvariants, runChaos } from "./chaos";

describe.skipIf(!usingServer())("chaos on the Postgres server (short)", () => {
  let database: DatabaseHandle;
  let services: AppServices;
  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 14 });
    ({ services } = createTestServices(database, { start: new Date("2026-12-01T10:00:00Z") }));
  });
  afterAll(async () => database?.close());

  it("400 concurrent operations: nothing thrown, no tier oversold, no overlapping loans, totals and ledger clean", async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const report = await runChaos(services, { operations: Number(process.env.CHAOS_OPS ?? 400), concurrency: 12, seed });
    console.info(`chaos seed ${seed}: ${report.operations} operations in ${report.seconds.toFixed(1)} s`, JSON.stringify(report.outcomes));
    expect(report.errors).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(report.checked).toHaveLength(4);
  }, 120_000);

  it("the invariants see a corruption (so the run above could fail)", async () => {
    const project = await database.db.selectFrom("projects").select("id").where("status", "=", "live").executeTakeFirstOrThrow();
    await database.db
      .updateTable("projects")
      .set({ pledged_cents: sql`pledged_cents + 1` })
      .where("id", "=", project.id)
      .execute();
    const { violations } = await checkInvariants(database.db, services.extensions.ledgerChecks, [project.id]);
    expect(violations.join("\n")).toMatch(/maintained .* ≠ recomputed/);
  });
});
