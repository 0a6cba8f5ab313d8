import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "../ledger/verify.server";
import { pledgeToProject } from "../pledges/pledges.server";
import { createTestDatabase, truncateAll, usingServer } from "../test/db";
import { organisationWithPool } from "../test/matching";
import { createLiveProject, createUsers } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";

/**
 * A pool's committed budget never exceeds its total, also under concurrency (issue 11). On the
 * Postgres server these run with real parallel transactions (25 connections); on PGlite (one
 * session) serialized, as a regression check.
 */
let database: DatabaseHandle;
const now = new Date("2026-12-01T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 25 });
});
afterAll(async () => database?.close());

describe(`pool budget under concurrency (${usingServer() ? "Postgres server, parallel" : "PGlite, serialized"})`, () => {
  it("48 concurrent pledges on 12 projects sharing a € 500 pool that they would need € 720 of: every pledge succeeds, the pool commits exactly € 500", async () => {
    await truncateAll(database);
    const org = await organisationWithPool(database.db, { now, pool: { budget: 50_000, capPerProject: 10_000, ratioPercent: 100 } });
    const [initiator] = await createUsers(database.db, "init", 1);
    const [moderator] = await createUsers(database.db, "mod", 1, "moderator");
    const projects: { id: string }[] = [];
    for (let i = 0; i < 12; i++)
      projects.push(await createLiveProject(database.db, { initiatorId: initiator!, moderatorId: moderator!, now, goalCents: 50_000 }));
    const backers = await createUsers(database.db, "backer", 48);
    const results = await Promise.all(
      backers.map((backerId, i) =>
        pledgeToProject(database.db, {
          projectId: projects[i % 12]!.id,
          backerId,
          amountCents: 1_500 + (i % 3) * 250,
          tierId: null,
          message: "",
          visibility: "initiator",
          token: `pool-conc-token-${i}`,
          paymentMethodRef: "pm",
          now,
        }),
      ),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);

    const pool = await database.db
      .selectFrom("matching_pools")
      .select(["budget_cents", "committed_cents"])
      .where("id", "=", org.poolId)
      .executeTakeFirstOrThrow();
    const held = await database.db
      .selectFrom("pool_matches")
      .select(sql<number>`coalesce(sum(cents), 0)::bigint`.as("total"))
      .where("pool_id", "=", org.poolId)
      .executeTakeFirstOrThrow();
    const matched = await database.db
      .selectFrom("projects")
      .select(sql<number>`coalesce(sum(matched_cents), 0)::bigint`.as("total"))
      .executeTakeFirstOrThrow();
    console.info(`12 projects × 4 pledges → pool committed ${pool.committed_cents} of ${pool.budget_cents}`);
    // Demand (12 × min(crowd, cap) ≈ € 720) exceeds the budget, and nothing was withdrawn: full, never over.
    expect(pool).toEqual({ budget_cents: 50_000, committed_cents: 50_000 });
    expect(Number(held.total)).toBe(50_000);
    expect(Number(matched.total)).toBe(50_000);
    const report = await verifyLedger(database.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  });

  it("the database refuses a pool that promises more than its budget, whatever the application does", async () => {
    const org = await organisationWithPool(database.db, { now, pool: { budget: 10_000, capPerProject: 10_000 } });
    await expect(database.db.updateTable("matching_pools").set({ committed_cents: 10_001 }).where("id", "=", org.poolId).execute()).rejects.toThrow(
      /matching_pools_within_budget/,
    );
  });
});
