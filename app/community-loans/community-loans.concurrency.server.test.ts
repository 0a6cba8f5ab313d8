import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "../ledger/verify.server";
import { CARD } from "../payments/simulated/testing.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { reconcileWithGateway } from "../reconciliation/reconcile.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, usingServer } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { saveLoanTermsTx } from "./community-loans.server";
import { startRepayment } from "./repayments.server";

/**
 * Two payments of one installment whose `payment.succeeded` events arrive at the same moment (two
 * hosted pages open, both paid): the writer's row locks let exactly one of them pay the installment
 * and book it; the other is only a reconciliation difference for an admin to refund, never a second
 * booking. (PGlite has one connection, so it cannot race: this runs only with DATABASE_URL.)
 */
describe.skipIf(!usingServer())("community-loan repayments under concurrency (Postgres server)", () => {
  let database: DatabaseHandle;
  const start = new Date("2026-12-01T10:00:00Z");
  const DAY = 86_400_000;

  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 25 });
  });
  afterAll(async () => database?.close());

  it("two payment.succeeded events for one installment at once: one pays it and books one journal; the other is a reconciliation difference", async () => {
    const made = createTestServices(database, { start });
    const { services, clock } = made;
    const gateway = made.gateway as SimulatedGateway;
    const amounts = [30_000, 20_000];
    const { project, initiatorId } = await pledgedProject(services, gateway, {
      goalCents: 50_000,
      cards: amounts.map(() => CARD.succeeds),
      amounts,
      fundingModel: "community_loan",
    });
    await database.db
      .transaction()
      .execute((trx) => saveLoanTermsTx(trx, project.id, { months: 12, annualRateBps: 200, method: "annuity" }, services.clock.now()));
    clock.advance(10 * DAY);
    await settleDueJob.run({ ...services, now: services.clock.now() }, {});
    const loan = await database.db.selectFrom("community_loans").selectAll().where("project_id", "=", project.id).executeTakeFirstOrThrow();
    const first = await database.db
      .selectFrom("community_loan_installments")
      .select(["id", "amount_cents"])
      .where("loan_id", "=", loan.id)
      .where("n", "=", 1)
      .executeTakeFirstOrThrow();

    // Two hosted pages for the same installment (two tabs), opened before either is paid.
    const sessions = await Promise.all(
      [1, 2].map(async (i) => {
        const started = await startRepayment(
          { db: services.db, gateway, appUrl: "http://buurtkracht.test" },
          {
            installmentId: first.id,
            user: { id: initiatorId, email: `i-${initiatorId}@test.nl`, displayName: "Initiatiefnemer" },
            requestId: `tab-${i}`,
            locale: "nl",
          },
        );
        if (!started.ok) throw new Error(started.error);
        return new URL(started.url).pathname.split("/").pop()!;
      }),
    );
    // Both paid at once: each charge's payment.succeeded goes through the real gateway event path
    // (applyGatewayEvent → the community-loan handler → applyCommunityLoanEventTx) concurrently.
    const paid = await Promise.all(sessions.map((id) => gateway.hosted.submitCard(id, { number: CARD.succeeds, expMonth: 12, expYear: 2099, cvc: "123" })));
    expect(paid.map((r) => r.ok)).toEqual([true, true]);

    // The gateway took the money twice …
    const charges = await database.db
      .selectFrom("sim_payments")
      .select(["id", "status"])
      .where(sql<string>`metadata->>'installmentId'`, "=", first.id)
      .execute();
    expect(charges.map((c) => c.status)).toEqual(["succeeded", "succeeded"]);
    // … both events were applied, exactly one of them paid the installment.
    const outcomes = await database.db
      .selectFrom("gateway_events")
      .select("outcome")
      .where("purpose", "=", "community_loan")
      .where("type", "=", "payment.succeeded")
      .execute();
    expect(outcomes.map((o) => o.outcome?.startsWith("installment paid")).sort()).toEqual([false, true]);
    const inst = await database.db
      .selectFrom("community_loan_installments")
      .select(["status", "payment_id"])
      .where("id", "=", first.id)
      .executeTakeFirstOrThrow();
    expect(inst.status).toBe("paid");
    expect(charges.map((c) => c.id)).toContain(inst.payment_id);
    const paidEvents = await database.db
      .selectFrom("community_loan_events")
      .select("payment_id")
      .where("installment_id", "=", first.id)
      .where("event", "=", "paid")
      .execute();
    expect(paidEvents).toEqual([{ payment_id: inst.payment_id }]);
    // One community_loan.repaid journal, for the payment that paid it.
    const journals = await database.db
      .selectFrom("ledger_journals")
      .select(["kind", sql<string>`refs->>'paymentId'`.as("paymentId")])
      .where("kind", "=", "community_loan.repaid")
      .execute();
    expect(journals).toEqual([{ kind: "community_loan.repaid", paymentId: inst.payment_id }]);

    // ledger:verify is clean (no double booking) …
    const verified = await verifyLedger(database.db, extensions.ledgerChecks);
    expect(verified.results.filter((r) => r.problems.length || r.error)).toEqual([]);
    expect(verified.ok).toBe(true);
    // … and the reconciliation shows the second payment, and only it, as a difference.
    clock.advance(10 * 60_000);
    const report = await reconcileWithGateway(
      { db: services.db, gateway, reconcilers: extensions.reconcilers },
      { since: start, until: new Date(clock.now().getTime() + 1), now: clock.now() },
    );
    const other = charges.find((c) => c.id !== inst.payment_id)!;
    expect(report.items.filter((i) => i.status !== "healed").map((i) => [i.status, i.code, i.object.id, i.gatewayCents, i.ledgerCents])).toEqual([
      ["difference", "not_booked", other.id, first.amount_cents, 0],
    ]);
  });
});
