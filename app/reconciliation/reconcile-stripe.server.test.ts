import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyLedger } from "../ledger/verify.server";
import { ensureGatewayCustomer } from "../payments/customers.server";
import { type Harness, startHarness } from "../payments/stripe/testing/harness.server";
import { deliverStripeWebhooks } from "../test/stripe";
import { paymentDeps } from "../pledges/payment-attempts.server";
import { pledgeToProject } from "../pledges/pledges.server";
import type { AppServices } from "../services.server";
import { chargeDuePledges, refundDuePledges } from "../settlement/charges.server";
import { settleDueProjects } from "../settlement/deadline.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { getDeposit } from "../lending/deposit-records.server";
import { confirmHandoverWithDeposit, settleDueDeposits, startDepositSetup } from "../lending/deposits.server";
import { acceptClaim, acceptLoanRequest, confirmReturn, fileClaim, requestLoan } from "../lending/loans.server";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { reconcileWithGateway } from "./reconcile.server";
import { describeItem } from "./report";

/**
 * The same crash against the Stripe adapter and the fake Stripe server: the reconciliation reads
 * Stripe's own lists (PaymentIntents, Refunds, Checkout Sessions), reports the unbooked charge, and
 * shows it healed once settlement reran the attempt (Stripe answers the same key with the stored
 * response). Webhooks that were held back arrive afterwards and change nothing.
 */

let database: DatabaseHandle;
let h: Harness;
const start = new Date("2026-12-01T10:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  h = await startHarness({ fake: { startTime: start.getTime() } });
});
afterEach(async () => h?.close());

function world() {
  const made = createTestServices(database, { start, gatewayFactory: () => h.gateway });
  /** Moves the app's clock and Stripe's together. */
  const advance = (ms: number) => {
    made.clock.advance(ms);
    h.fake.control.advanceTime(ms);
  };
  return { ...made, advance };
}

/** Delivers the webhooks Stripe queued through the webhook route's own path (receiveStripeWebhook). */
async function deliverWebhooks(services: AppServices) {
  const { results } = await deliverStripeWebhooks(services, h);
  expect(results.every((r) => r.status === 200)).toBe(true);
}

async function stripeProject(services: AppServices, amounts: number[]) {
  const tag = Math.random().toString(36).slice(2, 7);
  const [initiator] = await createUsers(services.db, `i${tag}`, 1);
  const [moderator] = await createUsers(services.db, `m${tag}`, 1, "moderator");
  const project = await createLiveProject(services.db, {
    initiatorId: initiator!,
    moderatorId: moderator!,
    now: services.clock.now(),
    goalCents: amounts.reduce((a, b) => a + b, 0),
    durationDays: 10,
  });
  const backers = await createUsers(services.db, `b${tag}`, amounts.length);
  const pledgeIds: string[] = [];
  for (const [i, backerId] of backers.entries()) {
    const customerId = await ensureGatewayCustomer(services, { id: backerId, email: `b${i}@example.nl`, displayName: `Backer ${i}` });
    const method = await h.save(customerId, { card: "pm_card_visa" });
    const r = await pledgeToProject(services.db, {
      projectId: project.id,
      backerId,
      amountCents: amounts[i]!,
      tierId: null,
      message: "",
      visibility: "initiator",
      token: `token-${backerId}`,
      paymentMethodRef: method!.id,
      now: services.clock.now(),
    });
    if (!r.ok) throw new Error(r.error);
    pledgeIds.push(r.pledgeId);
  }
  await deliverWebhooks(services); // the setup sessions' events
  return { project, pledgeIds };
}

const reconcile = (services: AppServices) =>
  reconcileWithGateway(
    { db: services.db, gateway: services.gateway, reconcilers: extensions.reconcilers },
    { since: start, until: new Date(services.clock.now().getTime() + 1_000), now: services.clock.now() },
  );

const crashOnce = () => {
  let crashed = false;
  return {
    afterGatewayCall: () => {
      if (crashed) return;
      crashed = true;
      throw new Error("the worker died after Stripe charged");
    },
  };
};

describe("reconciliation against Stripe (the fake Stripe server)", () => {
  it("a crash after Stripe charged: pending, a difference, healed by the settlement sweep; late webhooks change nothing", async () => {
    const { services, advance } = world();
    const { pledgeIds } = await stripeProject(services, [2_000, 1_000]);
    expect(await reconcile(services)).toMatchObject({ ok: true, gateway: "stripe", counts: { payments: 0 } });

    advance(10 * DAY);
    await settleDueProjects(services.db, services.clock.now(), extensions.projectTransitionEffects);
    await expect(chargeDuePledges(paymentDeps(services), { hooks: crashOnce() })).rejects.toThrow(/worker died/);
    const [charged] = h.sent("POST", "/v1/payment_intents");
    expect(charged?.status).toBe(200);

    // Which pledge is charged first is not fixed (same creation time): follow the one Stripe charged.
    const chargedPledge = (charged!.params.metadata as Record<string, string>).pledgeId;
    const chargedCents = Number(charged!.params.amount);
    expect([pledgeIds[0], pledgeIds[1]]).toContain(chargedPledge);
    expect((await reconcile(services)).items).toMatchObject([{ status: "pending", code: "not_booked", what: "charge", gatewayCents: chargedCents }]);
    advance(6 * MINUTE);
    const report = await reconcile(services);
    expect(report.ok).toBe(false);
    expect(report.items).toHaveLength(1);
    expect(report.items[0]).toMatchObject({ status: "difference", object: { type: "payment", gatewayStatus: "succeeded" }, refs: { pledgeId: chargedPledge } });
    expect(describeItem(report.items[0]!, "en")).toMatch(
      new RegExp(`^payment pi_\\w+ \\(pledgeId .+\\): €${chargedCents / 100}\\.00 charged at the gateway \\(succeeded, .+\\), but no journal books it$`),
    );
    expect((await verifyLedger(services.db, extensions.ledgerChecks)).ok).toBe(true);
    // It read Stripe's own record: the lists, with the window as created[gte]/[lt].
    expect(h.sent("GET", "/v1/payment_intents").at(-1)?.query).toMatchObject({ created: { gte: String(start.getTime() / 1000) } });
    expect(h.sent("GET", "/v1/refunds").length).toBeGreaterThan(0);

    await settleDueJob.run({ ...services, now: services.clock.now() }, {});
    const replay = h.sent("POST", "/v1/payment_intents").filter((r) => r.idempotencyKey === charged!.idempotencyKey);
    expect(replay.map((r) => r.replayed)).toEqual([false, true]);
    const healed = await reconcile(services);
    expect(healed).toMatchObject({ ok: true, counts: { payments: 2, matched: 2, healed: 1, differences: 0 } });
    expect(healed.items).toMatchObject([{ status: "healed", code: "booked_late", lateMs: 6 * MINUTE }]);

    // The webhooks Stripe held back arrive now: already booked, nothing changes.
    await deliverWebhooks(services);
    expect(await reconcile(services)).toMatchObject({ ok: true, counts: { matched: 2, differences: 0 } });
    expect((await verifyLedger(services.db, extensions.ledgerChecks)).ok).toBe(true);
  });

  it("a refund Stripe made that the ledger did not book (healed by the refund sweep), and a payment made outside the app", async () => {
    const { services, advance } = world();
    const { project, pledgeIds } = await stripeProject(services, [3_000]);
    advance(10 * DAY);
    await settleDueJob.run({ ...services, now: services.clock.now() }, {});
    const { applyProjectEvent } = await import("../projects/projects.server");
    const [mod] = await createUsers(database.db, "mod-cancel", 1, "moderator");
    await applyProjectEvent(
      database.db,
      {
        projectId: project.id,
        actor: { id: mod!, role: "moderator" },
        event: { type: "cancel", by: "moderator", reason: "Fraude" },
        now: services.clock.now(),
      },
      extensions.projectTransitionEffects,
    );
    await expect(refundDuePledges(paymentDeps(services), { hooks: crashOnce() })).rejects.toThrow(/worker died/);
    advance(6 * MINUTE);
    const report = await reconcile(services);
    expect(report.items).toMatchObject([{ status: "difference", code: "not_booked", what: "refund", gatewayCents: 3_000, ledgerCents: 0 }]);
    expect(describeItem(report.items[0]!, "nl")).toMatch(
      new RegExp(
        `^terugbetaling re_\\w+ \\(pledgeId ${pledgeIds[0]}, .+\\): €\\s30,00 terugbetaald bij de betaalprovider \\(succeeded, .+\\), maar geen journaalpost boekt het$`,
      ),
    );
    await settleDueJob.run({ ...services, now: services.clock.now() }, {});
    expect(await reconcile(services)).toMatchObject({ ok: true, counts: { payments: 1, refunds: 1, matched: 2, healed: 1 } });

    // Someone charges the customer in the Stripe Dashboard: no purpose, not made by the app.
    const [customer] = await services.db.selectFrom("payment_customers").select("customer_id").execute();
    const [method] = await h.gateway.listPaymentMethods(customer!.customer_id);
    const outside = await h.gateway.client.sdk.paymentIntents.create({
      amount: 999,
      currency: "eur",
      customer: customer!.customer_id,
      payment_method: method!.id,
      confirm: true,
      off_session: true,
    });
    const after = await reconcile(services);
    expect(after.items.filter((i) => i.status === "difference")).toMatchObject([{ code: "no_purpose", object: { id: outside.id }, gatewayCents: 999 }]);
    expect(describeItem(after.items[0]!, "en")).toMatch(
      new RegExp(`^payment ${outside.id} \\(€9\\.99, succeeded, .+\\) has no metadata\\.purpose: not made by this app$`),
    );
  });

  it("a deposit held and captured in part at Stripe: a capture not booked is a difference until the deposit sweep captures again", async () => {
    const { services, advance } = world();
    await seedPlaces(services.db);
    const owner = await makeUser(services.db, { name: "Mohammed" });
    const borrower = await makeUser(services.db, { name: "Eva" });
    const user = await services.db.selectFrom("users").select(["id", "email", "display_name"]).where("id", "=", borrower).executeTakeFirstOrThrow();
    const itemId = await makeItem(services.db, owner, { depositCents: 5_000, maxLoanDays: 14 });
    const now = () => services.clock.now();
    const loan = await requestLoan(services.db, { itemId, borrowerId: borrower, startsOn: "2026-12-01", endsOn: "2026-12-03", message: "", now: now() });
    if (!loan.ok) throw new Error(loan.error);
    const loanId = loan.loanId;
    await acceptLoanRequest(services.db, loanId, { userId: owner }, now());
    await startDepositSetup(services, { loanId, user: { id: user.id, email: user.email, displayName: user.display_name }, locale: "nl", now: now() });
    h.fake.control.completeCheckout((await getDeposit(services.db, loanId))!.setupSessionId!, { card: "pm_card_visa" });
    await deliverWebhooks(services);
    await confirmHandoverWithDeposit(services, { loanId, by: { userId: owner }, now: now() });
    expect(await confirmHandoverWithDeposit(services, { loanId, by: { userId: borrower }, now: now() })).toMatchObject({ ok: true, to: "picked_up" });
    expect(await reconcile(services)).toMatchObject({ ok: true, counts: { payments: 1, matched: 1 } });

    advance(2 * DAY);
    await confirmReturn(services.db, loanId, { userId: owner }, now());
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 90, g: 20, b: 20 } } })
      .jpeg()
      .toBuffer();
    expect(
      await fileClaim(services.db, services.storage, {
        loanId,
        by: { userId: owner },
        amountCents: 2_000,
        description: "Boor krom",
        photos: [photo],
        now: now(),
      }),
    ).toMatchObject({ ok: true });
    expect(await acceptClaim(services.db, loanId, { userId: borrower }, now())).toMatchObject({ ok: true });
    // The deposit sweep captures in part at Stripe (the rest is released), and dies before booking it.
    const dying: AppServices = {
      ...services,
      gateway: {
        ...services.gateway,
        captureHold: async (input) => {
          await services.gateway.captureHold(input);
          throw new Error("the worker died after Stripe captured");
        },
      },
    };
    expect(await settleDueDeposits(dying, now())).toBe(0);
    advance(6 * MINUTE);
    const unbooked = await reconcile(services);
    expect(unbooked.items).toMatchObject([{ status: "difference", code: "not_booked", what: "capture", gatewayCents: 2_000, ledgerCents: 0 }]);
    expect(describeItem(unbooked.items[0]!, "en")).toMatch(
      /^payment pi_\w+ \(loanId .+, step hold\): €20\.00 captured at the gateway \(succeeded, .+\), but no journal books it$/,
    );

    // The next sweep captures again with the same key: Stripe answers with the stored capture.
    expect(await settleDueDeposits(services, now())).toBe(1);
    expect(await getDeposit(services.db, loanId)).toMatchObject({ state: "captured", collectedCents: 2_000 });
    expect(h.sent("POST", /\/capture$/).map((r) => r.replayed)).toEqual([false, true]);
    await deliverWebhooks(services);
    const report = await reconcile(services);
    expect(report).toMatchObject({ ok: true, counts: { payments: 1, matched: 1, differences: 0 } });
    expect(await services.gateway.getPayment((await getDeposit(services.db, loanId))!.holdPaymentId!)).toMatchObject({
      status: "succeeded",
      amountReceivedCents: 2_000,
      amountRefundedCents: 0,
    });
  });
});
