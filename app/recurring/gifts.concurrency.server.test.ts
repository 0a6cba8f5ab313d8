import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "../ledger/verify.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD } from "../payments/simulated/testing.server";
import { createTestDatabase, usingServer } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { startMonthlyGift } from "./gifts.server";
import { recurringChargesJob } from "./jobs.server";

/**
 * Two (here: four) workers running `recurring.charge-due` at the same moment, month after month:
 * the claim (the gift's row lock, which takes it off the schedule) lets each due gift be charged
 * once per month — one gateway charge, one `recurring.paid` journal per gift and month. (PGlite has
 * one connection, so it cannot race: this runs only with DATABASE_URL.)
 */
describe.skipIf(!usingServer())("monthly gifts' charge job under concurrency (Postgres server)", () => {
  let database: DatabaseHandle;
  const start = new Date("2026-12-07T10:00:00Z");
  const DAY = 86_400_000;

  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 25 });
  });
  afterAll(async () => database?.close());

  it("four workers at once, three months: every gift charged exactly once a month, one recurring.paid journal per gift and month", async () => {
    const made = createTestServices(database, { start });
    const { services, clock } = made;
    const gateway = made.gateway as SimulatedGateway;
    const [initiator, moderator, ...givers] = await createUsers(services.db, "rc", 8);
    await services.db.updateTable("users").set({ role: "moderator" }).where("id", "=", moderator!).execute();
    const project = await createLiveProject(services.db, {
      initiatorId: initiator!,
      moderatorId: moderator!,
      fundingModel: "ongoing",
      goalCents: 50_000,
      now: start,
    });
    const giftIds: string[] = [];
    for (const [i, giverId] of givers.entries()) {
      const started = await startMonthlyGift(
        { db: services.db, gateway, appUrl: "http://buurtkracht.test" },
        { giverId, projectId: project.id, amountCents: 1_000 + i * 100, locale: "nl", now: clock.now() },
      );
      if (!started.ok) throw new Error(started.error);
      const saved = await gateway.hosted.submitCard(new URL(started.url).pathname.split("/").pop()!, {
        number: CARD.succeeds,
        expMonth: 12,
        expYear: 2099,
        cvc: "123",
      });
      if (!saved.ok) throw new Error("card not saved");
      giftIds.push(started.giftId);
    }

    const workers = () => Promise.all(Array.from({ length: 4 }, () => recurringChargesJob.run({ ...services, now: clock.now() }, {})));
    for (let month = 0; month < 3; month++) {
      const runs = await workers();
      // Between them the workers charged each gift once; a second run at the same moment finds nothing due.
      expect(runs.reduce((sum, r) => sum + r.processed, 0)).toBe(giftIds.length);
      const again = await workers();
      expect(again.reduce((sum, r) => sum + r.processed, 0)).toBe(0);
      clock.advance(31 * DAY);
    }

    // The simulated gateway charged each gift once per month …
    const charges = await database.db
      .selectFrom("sim_payments")
      .select([sql<string>`metadata->>'giftId'`.as("giftId"), sql<string>`metadata->>'period'`.as("period"), "status"])
      .where(sql<string>`metadata->>'purpose'`, "=", "recurring")
      .execute();
    expect(charges).toHaveLength(giftIds.length * 3);
    expect(charges.every((c) => c.status === "succeeded")).toBe(true);
    const perGiftMonth = (rows: readonly { giftId: string; period: string }[]) => {
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(`${r.giftId} ${r.period}`, (counts.get(`${r.giftId} ${r.period}`) ?? 0) + 1);
      return counts;
    };
    const charged = perGiftMonth(charges);
    expect(charged.size).toBe(giftIds.length * 3);
    expect([...charged.values()].every((n) => n === 1)).toBe(true);
    // … and the ledger has one recurring.paid journal per gift and month, for that charge.
    const journals = await database.db
      .selectFrom("ledger_journals")
      .select([sql<string>`refs->>'giftId'`.as("giftId"), sql<string>`refs->>'period'`.as("period")])
      .where("kind", "=", "recurring.paid")
      .execute();
    expect(perGiftMonth(journals)).toEqual(charged);
    const paidMonths = await database.db
      .selectFrom("recurring_gift_payments")
      .select(["gift_id", "status", "attempts"])
      .where("gift_id", "in", giftIds)
      .execute();
    expect(paidMonths).toHaveLength(giftIds.length * 3);
    expect(paidMonths.every((m) => m.status === "paid" && m.attempts === 1)).toBe(true);
    const report = await verifyLedger(database.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
