import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceOf } from "../ledger/ledger.server";
import { sealLedger } from "../ledger/seal.server";
import { verifyLedger } from "../ledger/verify.server";
import { CARD } from "../payments/simulated/testing.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { startPayoutOnboarding } from "../payouts/payouts.server";
import type { AppServices } from "../services.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, usingServer } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { saveLoanTermsTx } from "./community-loans.server";
import { createDueLenderPayouts, payLendersJob, sendPendingLenderPayouts } from "./lender-payouts.server";
import { communityLoanAccounts } from "./loan-ledger";
import { startRepayment } from "./repayments.server";

/**
 * A lender's owed balance is paid once, however many workers run the lender payout job at the same
 * moment, while the gateway's sweep lands earlier payouts between them (decision 081). PGlite has
 * one connection and cannot race: these run only with DATABASE_URL (the Postgres server).
 */
describe.skipIf(!usingServer())("lender payouts under concurrency (Postgres server)", () => {
  let database: DatabaseHandle;
  const start = new Date("2026-12-01T10:00:00Z");

  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 25 });
  });
  afterAll(async () => database?.close());

  it("job workers at once never pay one lender's balance twice, across repayments and arrivals", async () => {
    const { services, clock, gateway: g } = createTestServices(database, { start });
    const gateway = g as SimulatedGateway;
    const { project, initiatorId, backers } = await pledgedProject(services, gateway, {
      goalCents: 90_000,
      cards: [CARD.succeeds, CARD.succeeds, CARD.succeeds],
      amounts: [30_000, 30_000, 30_000],
      fundingModel: "community_loan",
    });
    await database.db
      .transaction()
      .execute((trx) => saveLoanTermsTx(trx, project.id, { months: 6, annualRateBps: 400, method: "linear" }, services.clock.now()));
    clock.advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    const loan = await database.db.selectFrom("community_loans").selectAll().where("project_id", "=", project.id).executeTakeFirstOrThrow();
    const installments = await database.db.selectFrom("community_loan_installments").selectAll().where("loan_id", "=", loan.id).orderBy("n").execute();
    for (const b of backers) {
      const link = await startPayoutOnboarding(
        { db: services.db, gateway, logger: services.logger, now: () => clock.now() },
        { userId: b.id, email: `${b.id}@test.nl`, returnUrl: "http://buurtkracht.test/done", refreshUrl: "http://buurtkracht.test/again" },
      );
      if (!link.ok) throw new Error(link.error);
      await gateway.onboarding.submit(new URL(link.url).pathname.split("/").pop()!, { holderName: "Lener", bank: "ing" });
    }
    const run = (s: AppServices) => payLendersJob.run({ ...s, now: s.clock.now() }, {});

    // Ten creators at once: one payout per lender.
    await repayOnce(services, gateway, initiatorId, installments[0]!.id);
    const created = await Promise.all(Array.from({ length: 10 }, () => createDueLenderPayouts(services.db, "simulated", clock.now())));
    expect(created.reduce((a, b) => a + b, 0)).toBe(backers.length);
    const deps = { db: services.db, gateway, logger: services.logger, now: () => clock.now() };
    const sent = await Promise.all(Array.from({ length: 10 }, () => sendPendingLenderPayouts(deps)));
    expect(sent.reduce((a, b) => a + b.sent, 0)).toBe(backers.length);

    // Then whole job runs racing each other and the bank's arrivals, over three more repayments.
    for (const inst of installments.slice(1, 4)) {
      await repayOnce(services, gateway, initiatorId, inst.id);
      for (let round = 0; round < 3; round++) {
        clock.advance(5 * 60_000);
        await Promise.all([run(services), run(services), gateway.runDue(clock.now()), run(services), run(services)]);
      }
    }
    clock.advance(5 * 60_000);
    await gateway.runDue(clock.now());
    await run(services);
    clock.advance(5 * 60_000);
    await gateway.runDue(clock.now());

    for (const b of backers) {
      const shares = await database.db
        .selectFrom("community_loan_installment_shares as s")
        .innerJoin("community_loan_installments as i", "i.id", "s.installment_id")
        .select(["s.principal_cents", "s.interest_cents"])
        .where("s.user_id", "=", b.id)
        .where("i.loan_id", "=", loan.id)
        .where("i.status", "=", "paid")
        .execute();
      const owed = shares.reduce((sum, s) => sum + s.principal_cents + s.interest_cents, 0);
      const sims = await database.db.selectFrom("sim_payouts").select(["amount_cents", "metadata", "status"]).execute();
      const mine = await database.db.selectFrom("community_loan_payouts").select(["id", "amount_cents", "status"]).where("user_id", "=", b.id).execute();
      const ids = new Set(mine.map((p) => p.id));
      const atGateway = sims.filter((s) => ids.has((s.metadata as Record<string, string>).lenderPayoutId!));
      // Exactly what the repayments owed reached the bank: never a cent twice.
      expect(atGateway.reduce((sum, s) => sum + s.amount_cents, 0)).toBe(owed);
      expect(mine.filter((p) => p.status === "paid").reduce((sum, p) => sum + p.amount_cents, 0)).toBe(owed);
      expect(await balanceOf(services.db, communityLoanAccounts.paidOut(loan.id, b.id))).toBe(owed);
      expect(await balanceOf(services.db, communityLoanAccounts.lender(loan.id, b.id))).toBe(0);
    }
    await sealLedger(services.db);
    const report = await verifyLedger(services.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  });
});

async function repayOnce(services: AppServices, gateway: SimulatedGateway, initiatorId: string, installmentId: string) {
  const started = await startRepayment(
    { db: services.db, gateway, appUrl: "http://buurtkracht.test" },
    { installmentId, user: { id: initiatorId, email: `i-${initiatorId}@test.nl`, displayName: "Ini" }, requestId: crypto.randomUUID(), locale: "nl" },
  );
  if (!started.ok) throw new Error(started.error);
  const result = await gateway.hosted.submitCard(new URL(started.url).pathname.split("/").pop()!, {
    number: CARD.succeeds,
    expMonth: 12,
    expYear: 2099,
    cvc: "123",
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
}
