import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLenderLoans } from "../community-loans/pages.server";
import { verifyLedger } from "../ledger/verify.server";
import { createTestDatabase } from "../test/db";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { seedDemo } from "./seed.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe("the demo's community loans", () => {
  it("De Kroon's oven loan: € 5.000 from five neighbours over 24 months at 2%, the first installment repaid; a live loan to lend to; the ledger verifies", async () => {
    const now = new Date("2026-12-07T10:00:00Z");
    await seedDemo(database.db, { now });
    const loan = await database.db
      .selectFrom("community_loans as l")
      .innerJoin("projects as p", "p.id", "l.project_id")
      .select(["l.id", "l.principal_cents", "l.months", "l.status"])
      .where("p.slug", "=", "oven-buurtcafe-de-kroon")
      .executeTakeFirstOrThrow();
    expect(loan).toMatchObject({ principal_cents: 500_000, months: 24, status: "running" });
    const eva = await database.db.selectFrom("users").select("id").where("email", "=", "eva@demo.buurtkracht.nl").executeTakeFirstOrThrow();
    const [mine] = await listLenderLoans(database.db, eva.id, now);
    expect(mine).toMatchObject({ projectSlug: "oven-buurtcafe-de-kroon", lentCents: 100_000, late: false });
    expect(mine!.repaidCents).toBeGreaterThan(0);
    expect(mine!.installments[0]!.status).toBe("paid");
    const live = await database.db
      .selectFrom("projects")
      .select(["status", "funding_model"])
      .where("slug", "=", "deelbakfiets-lombok")
      .executeTakeFirstOrThrow();
    expect(live).toEqual({ status: "live", funding_model: "community_loan" });
    const report = await verifyLedger(database.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
    // Idempotent: a second run changes nothing.
    await seedDemo(database.db, { now });
    expect(await database.db.selectFrom("community_loan_events").select("id").where("loan_id", "=", loan.id).execute()).toHaveLength(2);
  });
});
