import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts } from "../ledger/ledger";
import { balanceOf, listJournals } from "../ledger/ledger.server";
import { sealLedger } from "../ledger/seal.server";
import { verifyLedger } from "../ledger/verify.server";
import { type Harness, startHarness } from "../payments/stripe/testing/harness.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase } from "../test/db";
import { deliverStripeWebhooks, stripePledgedProject, stripeWorld } from "../test/stripe";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { payOutDueJob } from "./job.server";
import { getPayoutAccountRow, startPayoutOnboarding } from "./payouts.server";

/**
 * A payout through the Stripe adapter against the fake Stripe server (docs/decisions/053): Express
 * onboarding, the transfer and payout with the payout's key, the Connect webhooks (twice, out of
 * order) moving it to paid and the project to paid_out, with balanced journals.
 */
const start = new Date("2026-12-01T10:00:00Z");
let database: DatabaseHandle;
let h: Harness;
beforeAll(async () => {
  database = await createTestDatabase();
  h = await startHarness({ fake: { startTime: start.getTime() } });
});
afterAll(async () => {
  await h?.close();
  await database?.close();
});

describe("a payout through Stripe Connect", () => {
  it("onboards, transfers and pays out once, and the webhooks (twice, newest first) make the project paid_out", async () => {
    const { services, advance } = stripeWorld(database, h, start);
    const { project, initiatorId } = await stripePledgedProject(services, h, [2_000, 3_000]);
    await deliverStripeWebhooks(services, h);
    advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: services.clock.now() }, {});
    await deliverStripeWebhooks(services, h);
    const payable = await balanceOf(services.db, accounts.project(project.id));
    expect(payable).toBeGreaterThan(0);
    expect(payable).toBeLessThan(5_000);

    const link = await startPayoutOnboarding(
      { db: services.db, gateway: services.gateway, logger: services.logger, now: () => services.clock.now() },
      { userId: initiatorId, email: "iris@example.nl", returnUrl: "http://buurtkracht.test/done", refreshUrl: "http://buurtkracht.test/again" },
    );
    expect(link.ok).toBe(true);
    const row = await getPayoutAccountRow(services.db, initiatorId, "stripe");
    expect(row).toMatchObject({ status: "details_needed" });
    h.fake.control.completeOnboarding(row!.account_id);
    await deliverStripeWebhooks(services, h);
    expect(await getPayoutAccountRow(services.db, initiatorId, "stripe")).toMatchObject({ status: "verified", bank_last4: "5264" });

    await payOutDueJob.run({ ...services, now: services.clock.now() }, {});
    await payOutDueJob.run({ ...services, now: services.clock.now() }, {});
    const payout = await services.db.selectFrom("payouts").selectAll().where("project_id", "=", project.id).executeTakeFirstOrThrow();
    expect(payout).toMatchObject({ status: "in_transit", amount_cents: payable });
    const transfers = h.sent("POST", "/v1/transfers");
    expect(transfers.map((r) => [r.idempotencyKey, r.params.amount, r.params.currency, r.params.destination])).toEqual([
      [`${payout.idempotency_key}:transfer`, String(payable), "eur", row!.account_id],
    ]);
    expect(transfers[0]?.params.metadata).toEqual({ purpose: "payout", payoutId: payout.id, projectId: project.id });
    expect(h.sent("POST", "/v1/payouts").map((r) => [r.idempotencyKey, r.stripeAccount, r.params.amount])).toEqual([
      [`${payout.idempotency_key}:payout`, row!.account_id, String(payable)],
    ]);

    h.fake.control.settlePayout(payout.gateway_ref!, "paid");
    const { results } = await deliverStripeWebhooks(services, h, { twice: true, order: "reverse" });
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await services.db.selectFrom("projects").select("status").where("id", "=", project.id).executeTakeFirstOrThrow()).status).toBe("paid_out");
    expect((await listJournals(services.db, { refs: { payoutId: payout.id } })).map((j) => j.kind)).toEqual(["payout.sent", "payout.paid"]);
    expect(await balanceOf(services.db, accounts.payout(project.id))).toBe(payable);

    await sealLedger(services.db);
    const report = await verifyLedger(services.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  });

  it("a payout the bank returns: its transfer is reversed before the next attempt transfers again", async () => {
    h.fake.control.webhooks.clear();
    const { services, advance } = stripeWorld(database, h, start);
    const { project, initiatorId } = await stripePledgedProject(services, h, [4_000]);
    await deliverStripeWebhooks(services, h);
    advance(10 * 86_400_000);
    await settleDueJob.run({ ...services, now: services.clock.now() }, {});
    await deliverStripeWebhooks(services, h);
    const payable = await balanceOf(services.db, accounts.project(project.id));
    await startPayoutOnboarding(
      { db: services.db, gateway: services.gateway, logger: services.logger, now: () => services.clock.now() },
      { userId: initiatorId, email: "jan@example.nl", returnUrl: "http://buurtkracht.test/done", refreshUrl: "http://buurtkracht.test/again" },
    );
    const row = await getPayoutAccountRow(services.db, initiatorId, "stripe");
    h.fake.control.completeOnboarding(row!.account_id);
    await deliverStripeWebhooks(services, h);
    await payOutDueJob.run({ ...services, now: services.clock.now() }, {});
    const first = await services.db.selectFrom("payouts").selectAll().where("project_id", "=", project.id).executeTakeFirstOrThrow();
    h.fake.control.settlePayout(first.gateway_ref!, "failed");
    await deliverStripeWebhooks(services, h);
    expect(await balanceOf(services.db, accounts.project(project.id))).toBe(payable);

    await payOutDueJob.run({ ...services, now: services.clock.now() }, {});
    const transfers = h.sent("POST", "/v1/transfers").filter((r) => r.params.destination === row!.account_id);
    const [firstTransfer] = transfers;
    const reversals = h.sent("POST", /^\/v1\/transfers\/tr_[^/]+\/reversals$/).filter((r) => r.idempotencyKey === `payout:${first.id}:reclaim`);
    expect(reversals).toHaveLength(1);
    expect(reversals[0]!.params.amount).toBe(String(payable));
    expect(transfers.map((r) => r.idempotencyKey)).toEqual([`payout:${project.id}:1:transfer`, `payout:${project.id}:2:transfer`]);
    expect(firstTransfer?.params.amount).toBe(String(payable));
    const attempts = await services.db
      .selectFrom("payouts")
      .select(["attempt_no", "status", "reclaimed_at"])
      .where("project_id", "=", project.id)
      .orderBy("attempt_no")
      .execute();
    expect(attempts.map((a) => [a.attempt_no, a.status, a.reclaimed_at !== null])).toEqual([
      [1, "failed", true],
      [2, "in_transit", false],
    ]);
    await sealLedger(services.db);
    const report = await verifyLedger(services.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  });
});
