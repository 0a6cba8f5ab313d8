import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../demo/seed.server";
import { verifyLedger } from "../ledger/verify.server";
import { extensions } from "../wiring.server";
import { createTestDatabase } from "../test/db";
import { recomputedTotals } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import { projectStatuses } from "./project";
import { getProjectBySlug } from "./projects.server";
import { getProjectPage } from "../pages/project-page.server";

let database: DatabaseHandle;
const now = new Date("2026-12-01T10:00:00Z");
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { now });
}, 120_000);
afterAll(async () => database?.close());

describe("the demo seed", () => {
  it("a succeeded project's page says what was never paid after its deadline (issue 13 §7)", async () => {
    const { db } = database;
    const dropped = await db
      .selectFrom("pledges")
      .innerJoin("projects", "projects.id", "pledges.project_id")
      .select(["projects.slug", "projects.status", "pledges.amount_cents"])
      .where("pledges.status", "=", "dropped")
      .execute();
    const settled = dropped.filter((r) => r.status === "succeeded" || r.status === "paid_out");
    expect(settled.length).toBeGreaterThan(0);
    for (const slug of new Set(settled.map((r) => r.slug))) {
      const project = (await getProjectBySlug(db, slug))!;
      const page = await getProjectPage(db, { project, viewer: null, now, appUrl: "http://localhost:3000" });
      const mine = settled.filter((r) => r.slug === slug);
      expect(page.dropped, slug).toEqual({ count: mine.length, cents: mine.reduce((sum, r) => sum + r.amount_cents, 0) });
    }
    const live = await db.selectFrom("projects").select("slug").where("status", "=", "live").executeTakeFirstOrThrow();
    expect((await getProjectPage(db, { project: (await getProjectBySlug(db, live.slug))!, viewer: null, now, appUrl: "" })).dropped).toBeNull();
  });

  it("has projects in every state, pledges in most, consistent totals, and a ledger that verifies", async () => {
    const projects = await database.db.selectFrom("projects").select(["id", "slug", "status"]).execute();
    expect(new Set(projects.map((p) => p.status))).toEqual(new Set(projectStatuses));
    const pledgeStates = await database.db.selectFrom("pledges").select("status").distinct().execute();
    expect(pledgeStates.map((p) => p.status).sort()).toEqual(["active", "cancelled", "charged", "dropped", "payment_failed", "released"]);
    for (const p of projects) {
      const totals = await recomputedTotals(database.db, p.id);
      expect(totals.maintained, p.slug).toEqual(totals.recomputed);
    }
    const report = await verifyLedger(database.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
    expect(report.journals).toBeGreaterThan(20);
    expect(Object.fromEntries(projects.map((p) => [p.slug, p.status]))).toMatchObject({
      "geveltuinen-oude-noorden": "succeeded",
      "zonnepanelen-buurthuis": "failed",
      "kerstverlichting-zwaanshals": "paid_out",
      hondenuitlaatveld: "cancelled",
      "moestuin-op-het-javaplein": "live",
    });
  });

  it("starts with a quiet bell (seeded history is read) and leaves Eva's Visa to the payments walk-through", async () => {
    const unread = await database.db
      .selectFrom("notifications")
      .select(["kind", "user_id", "created_at"])
      .where("read_at", "is", null)
      .where("in_app", "=", true)
      .execute();
    expect(unread).toEqual([]);
    const evaCards = await database.db
      .selectFrom("sim_payment_methods as m")
      .innerJoin("payment_customers as c", "c.customer_id", "m.customer_id")
      .innerJoin("users as u", "u.id", "c.user_id")
      .select(["m.brand", "m.last4"])
      .where("u.email", "=", "eva@demo.buurtkracht.nl")
      .execute();
    expect(evaCards).toEqual([{ brand: "mastercard", last4: "4444" }]);
  });

  it("is idempotent", async () => {
    const count = async () =>
      (
        await sql<{
          n: number;
        }>`select (select count(*) from projects) + (select count(*) from pledges) + (select count(*) from ledger_journals) + (select count(*) from project_comments) as n`.execute(
          database.db,
        )
      ).rows[0]!.n;
    const before = Number(await count());
    await seedDemo(database.db, { now });
    expect(Number(await count())).toBe(before);
  });
});
