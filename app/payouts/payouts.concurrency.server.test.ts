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
});
