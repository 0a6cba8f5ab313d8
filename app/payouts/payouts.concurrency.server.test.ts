import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts } from "../ledger/ledger";
import { balanceOf, listJournals } from "../ledger/ledger.server";
import { sealLedger } from "../ledger/seal.server";
import { verifyLedger } from "../ledger/verify.server";
import { CARD } from "../payments/simulated/testing.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, usingServer } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { startMonthlyGift } from "../recurring/gifts.server";
import { recurringChargesJob } from "../recurring/jobs.server";
import { createLiveProject, createUsers } from "../test/projects";
import { createDuePayouts, sendPendingPayouts, startPayoutOnboarding } from "./payouts.server";

/**
 * A project is paid once, however many workers run the payout job at the same moment, and however
 * often a worker retries: ten concurrent creators and ten concurrent senders on the Postgres
 * server. (PGlite has one connection, so it cannot race: these run only with DATABASE_URL.)
 */
describe.skipIf(!usingServer())("payouts under concurrency (Postgres server)", () => {
  let database: DatabaseHandle;
  const start = new Date("2026-12-01T10:00:00Z");

  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 25 });
  });
  afterAll(async () => database?.close());

  it("ten workers at once create one payout and send it once", async () => {
    const { services, clock, gateway } = createTestServices(database, { start });
    const { project, initiatorId } = await pledgedProject(services, gateway, {
      goalCents: 3_000,
      cards: [CARD.succeeds, CARD.succeeds, CARD.succeeds],
      amounts: [1_000, 1_000, 1_000],
    });
    clock.advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    const link = await startPayoutOnboarding(
      { db: services.db, gateway, logger: services.logger, now: () => clock.now() },
      { userId: initiatorId, email: "iris@test.nl", returnUrl: "http://buurtkracht.test/done", refreshUrl: "http://buurtkracht.test/again" },
    );
    if (!link.ok) throw new Error(link.error);
    await gateway.onboarding.submit(new URL(link.url).pathname.split("/").pop()!, { holderName: "Iris", bank: "ing" });
    const payable = await balanceOf(services.db, accounts.project(project.id));
    expect(payable).toBeGreaterThan(0);

    const created = await Promise.all(Array.from({ length: 10 }, () => createDuePayouts(services.db, "simulated", clock.now())));
    expect(created.reduce((a, b) => a + b, 0)).toBe(1);

    const deps = { db: services.db, gateway, logger: services.logger, now: () => clock.now() };
    const sent = await Promise.all(Array.from({ length: 10 }, () => sendPendingPayouts(deps, extensions.projectTransitionEffects)));
    expect(sent.reduce((a, b) => a + b.sent, 0)).toBe(1);

    // A retry with the payout's own key, as after a lost answer, pays nothing new.
    const payout = await services.db.selectFrom("payouts").selectAll().where("project_id", "=", project.id).executeTakeFirstOrThrow();
    const { title } = await services.db.selectFrom("projects").select("title").where("id", "=", project.id).executeTakeFirstOrThrow();
    const replays = await Promise.all(
      Array.from({ length: 10 }, () =>
        gateway
          .createPayout({
            accountId: payout.account_id,
            amountCents: payout.amount_cents,
            description: `Buurtkracht: ${title}`,
            metadata: { purpose: "payout", payoutId: payout.id, projectId: project.id },
            idempotencyKey: payout.idempotency_key,
          })
          .catch((e: unknown) => e),
      ),
    );
    expect(replays.every((r) => !(r instanceof Error) || /idempotency|Idempotency|duplicate key/.test(r.message))).toBe(true);

    const simRows = await services.db.selectFrom("sim_payouts").selectAll().execute();
    expect(simRows.filter((r) => (r.metadata as Record<string, string>).projectId === project.id)).toHaveLength(1);
    expect(simRows[0]!.amount_cents).toBe(payable);
    expect((await listJournals(services.db, { refs: { payoutId: payout.id } })).map((j) => j.kind)).toEqual(["payout.sent"]);
    expect(await balanceOf(services.db, accounts.project(project.id))).toBe(0);

    await sealLedger(services.db);
    const report = await verifyLedger(services.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  });

  it("an ongoing project: ten workers at once, some a month later than others, make one live payout (decision 079)", async () => {
    const { services, clock, gateway } = createTestServices(database, { start: new Date("2026-12-07T10:00:00Z") });
    const [initiator, moderator, giver] = await createUsers(services.db, `c${Math.random().toString(36).slice(2, 7)}`, 3);
    await services.db.updateTable("users").set({ role: "moderator" }).where("id", "=", moderator!).execute();
    const project = await createLiveProject(services.db, {
      initiatorId: initiator!,
      moderatorId: moderator!,
      fundingModel: "ongoing",
      goalCents: 50_000,
      now: clock.now(),
    });
    const started = await startMonthlyGift(
      { db: services.db, gateway, appUrl: "http://buurtkracht.test" },
      { giverId: giver!, projectId: project.id, amountCents: 2_000, locale: "nl", now: clock.now() },
    );
    if (!started.ok) throw new Error(started.error);
    await gateway.hosted.submitCard(new URL(started.url).pathname.split("/").pop()!, { number: CARD.succeeds, expMonth: 12, expYear: 2099, cvc: "123" });
    await recurringChargesJob.run({ ...services, now: clock.now() }, {});
    clock.advance(32 * 86_400_000);
    await recurringChargesJob.run({ ...services, now: clock.now() }, {});
    const link = await startPayoutOnboarding(
      { db: services.db, gateway, logger: services.logger, now: () => clock.now() },
      { userId: initiator!, email: "fatma@test.nl", returnUrl: "http://buurtkracht.test/done", refreshUrl: "http://buurtkracht.test/again" },
    );
    if (!link.ok) throw new Error(link.error);
    await gateway.onboarding.submit(new URL(link.url).pathname.split("/").pop()!, { holderName: "Fatma", bank: "ing" });

    // Half the workers see 8 January (December is due), half 8 February (January is due): each
    // month alone would be allowed, but only one payout may be on its way at a time.
    const january = clock.now();
    const february = new Date(january.getTime() + 31 * 86_400_000);
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => createDuePayouts(services.db, "simulated", i % 2 ? february : january)));
    expect(created.reduce((a, b) => a + b, 0)).toBe(1);
    const rows = await services.db.selectFrom("payouts").selectAll().where("project_id", "=", project.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "pending" });

    const deps = { db: services.db, gateway, logger: services.logger, now: () => clock.now() };
    const sent = await Promise.all(Array.from({ length: 10 }, () => sendPendingPayouts(deps, extensions.projectTransitionEffects)));
    expect(sent.reduce((a, b) => a + b.sent, 0)).toBe(1);
    const sim = await services.db.selectFrom("sim_payouts").selectAll().execute();
    expect(sim.filter((r) => (r.metadata as Record<string, string>).projectId === project.id)).toHaveLength(1);
    expect((await services.db.selectFrom("projects").select("status").where("id", "=", project.id).executeTakeFirstOrThrow()).status).toBe("live");

    await sealLedger(services.db);
    const report = await verifyLedger(services.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  });
});
