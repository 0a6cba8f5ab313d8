import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, move } from "../ledger/ledger";
import { listJournals, postJournal } from "../ledger/ledger.server";
import { verifyLedger } from "../ledger/verify.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD } from "../payments/simulated/testing.server";
import { createTestDatabase } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { startMonthlyGift } from "./gifts.server";
import { recurringChargesJob } from "./jobs.server";
import { recurringPaymentsMatchLedger } from "./ledger-checks.server";

/** A paid month's fees (decision 079): booked once with the month, and checked by ledger:verify. */
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const start = new Date("2026-12-07T10:00:00Z");

describe("the fees of a paid month", () => {
  it("are booked once, at the month's rate, and ledger:verify names fees that do not follow the month", async () => {
    const { services, clock, gateway } = createTestServices(database, { start });
    services.fees.platformBps = 300;
    const [initiator, moderator, giver] = await createUsers(services.db, `f${Math.random().toString(36).slice(2, 7)}`, 3);
    await services.db.updateTable("users").set({ role: "moderator" }).where("id", "=", moderator!).execute();
    const project = await createLiveProject(services.db, {
      initiatorId: initiator!,
      moderatorId: moderator!,
      fundingModel: "ongoing",
      goalCents: 50_000,
      now: start,
    });
    const started = await startMonthlyGift(
      { db: services.db, gateway, appUrl: "http://buurtkracht.test" },
      { giverId: giver!, projectId: project.id, amountCents: 2_000, locale: "nl", now: clock.now() },
    );
    if (!started.ok) throw new Error(started.error);
    await (gateway as SimulatedGateway).hosted.submitCard(new URL(started.url).pathname.split("/").pop()!, {
      number: CARD.succeeds,
      expMonth: 12,
      expYear: 2099,
      cvc: "123",
    });
    await recurringChargesJob.run({ ...services, now: clock.now() }, {});
    // The gateway's events for the same charge arrive too (the simulator delivers them): booked once.
    await (gateway as SimulatedGateway).runDue(clock.now());
    const fees = await listJournals(services.db, { refs: { giftId: started.giftId } });
    expect(
      fees
        .filter((j) => j.kind.startsWith("fee."))
        .map((j) => [j.kind, j.refs.period, j.entries.find((e) => e.account === accounts.project(project.id))?.amountCents]),
    ).toEqual([
      ["fee.processing", "2026-12", -55], // card: 1.5 % + € 0.25
      ["fee.platform", "2026-12", -60], // 3 %
    ]);
    expect(
      await services.db.selectFrom("recurring_gift_payments").select("platform_fee_bps").where("gift_id", "=", started.giftId).executeTakeFirstOrThrow(),
    ).toEqual({
      platform_fee_bps: 300,
    });
    const report = await verifyLedger(services.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);

    // A platform fee booked twice for the month, and a fee for a month that was never paid.
    await services.db.transaction().execute(async (trx) => {
      await postJournal(trx, {
        kind: "fee.platform",
        refs: { projectId: project.id, giftId: started.giftId, period: "2026-12", paymentId: "pi_x" },
        entries: move(accounts.project(project.id), accounts.platformFees, 60),
        idempotencyKey: "test:fee-twice",
        postedAt: clock.now(),
      });
      await postJournal(trx, {
        kind: "fee.processing",
        refs: { projectId: project.id, giftId: started.giftId, period: "2027-01", paymentId: "pi_y" },
        entries: move(accounts.project(project.id), accounts.gatewayFees, 35),
        idempotencyKey: "test:fee-unpaid-month",
        postedAt: clock.now(),
      });
    });
    expect(await recurringPaymentsMatchLedger.run(services.db)).toEqual([
      `monthly gift ${started.giftId} 2026-12: platform fee booked 120 cents, expected 60 at 300 bp`,
      `monthly gift ${started.giftId} 2027-01: fees of 35 cents booked for a month that is not there`,
    ]);
  });
});
