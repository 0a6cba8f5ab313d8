import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listJournals } from "../ledger/ledger.server";
import { verifyLedger } from "../ledger/verify.server";
import { type Harness, startHarness } from "../payments/stripe/testing/harness.server";
import { reconcileWithGateway } from "../reconciliation/reconcile.server";
import type { AppServices } from "../services.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { deliverStripeWebhooks, stripeWorld } from "../test/stripe";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { startGiftFix, startMonthlyGift } from "./gifts.server";
import { recurringChargesJob } from "./jobs.server";

/**
 * Monthly gifts (decision 077) through the Stripe adapter on the fake Stripe server: the method is
 * saved on Stripe Checkout (setup mode) and recorded from its webhook, the job charges each month
 * off-session, and the reconciliation reads Stripe's own PaymentIntents.
 */

let database: DatabaseHandle;
let h: Harness;
const start = new Date("2026-12-07T10:00:00Z");
const DAY = 86_400_000;
const MINUTE = 60_000;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  h = await startHarness({ fake: { startTime: start.getTime() } });
});
afterEach(async () => h?.close());

const giftServices = (services: AppServices) => ({ db: services.db, gateway: services.gateway, appUrl: "http://buurtkracht.test" });
const runJob = (services: AppServices) => recurringChargesJob.run({ ...services, now: services.clock.now() }, {});
const gift = (id: string) => database.db.selectFrom("recurring_gifts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const months = (id: string) =>
  database.db
    .selectFrom("recurring_gift_payments")
    .select(["period", "status", "attempts", "amount_cents", "gateway_payment_id", "failure_code"])
    .where("gift_id", "=", id)
    .orderBy("period")
    .execute();
const events = async (id: string) =>
  (await database.db.selectFrom("recurring_gift_events").select("event").where("gift_id", "=", id).orderBy("id").execute()).map((e) => e.event);

/**
 * Delivers what Stripe queued through the webhook route's own path; every event is answered 200.
 * Returns what the handlers said about the events they applied (gateway_events.outcome).
 */
async function deliver(services: AppServices) {
  const before = await database.db
    .selectFrom("gateway_events")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  const { results } = await deliverStripeWebhooks(services, h);
  expect(results.every((r) => r.status === 200)).toBe(true);
  const rows = await database.db
    .selectFrom("gateway_events")
    .select("outcome")
    .where("id", ">", Number(before?.id ?? 0))
    .where("outcome", "is not", null)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.outcome!);
}

async function world() {
  const made = stripeWorld(database, h, start);
  const [initiator, moderator, giver] = await createUsers(made.services.db, `s${Math.random().toString(36).slice(2, 7)}`, 3);
  await made.services.db.updateTable("users").set({ role: "moderator" }).where("id", "=", moderator!).execute();
  const project = await createLiveProject(made.services.db, {
    initiatorId: initiator!,
    moderatorId: moderator!,
    fundingModel: "ongoing",
    goalCents: 50_000,
    now: start,
  });
  const reconcile = () =>
    reconcileWithGateway(
      { db: made.services.db, gateway: made.services.gateway, reconcilers: extensions.reconcilers },
      { since: start, until: new Date(made.services.clock.now().getTime() + 1_000), now: made.services.clock.now() },
    );
  return { ...made, giver: giver!, project, reconcile };
}

/** The giver starts a gift and saves `card` on Stripe Checkout (setup mode); the webhook records it. */
async function startWithCard(w: Awaited<ReturnType<typeof world>>, amountCents: number, card: string) {
  const started = await startMonthlyGift(giftServices(w.services), {
    giverId: w.giver,
    projectId: w.project.id,
    amountCents,
    locale: "nl",
    now: w.clock.now(),
  });
  if (!started.ok) throw new Error(started.error);
  const { setup_session_id } = await gift(started.giftId);
  expect(setup_session_id).toMatch(/^cs_/);
  expect(h.fake.control.completeCheckout(setup_session_id!, { card })).toMatchObject({ status: "complete", paymentMethodId: expect.stringMatching(/^pm_/) });
  return started.giftId;
}

/** Attaches pm_card_chargeCustomerFail (Stripe's 4000 0000 0000 0341: saves fine, declines every charge) to the giver's customer. */
async function declining(w: Awaited<ReturnType<typeof world>>, giftId: string) {
  const { customer_id } = await gift(giftId);
  const method = await h.gateway.client.sdk.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer_id });
  return method.id;
}

async function expectLedgerVerifies() {
  const report = await verifyLedger(database.db, extensions.ledgerChecks);
  expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
}

describe("monthly gifts through Stripe (the fake Stripe server)", () => {
  it("setup on Checkout, its webhook saves the method, the job charges off-session, one recurring.paid, the reconciliation finds no difference", async () => {
    const w = await world();
    const id = await startWithCard(w, 1_500, "pm_card_visa");
    // Checkout in setup mode, with the gift's metadata on the session and its SetupIntent.
    const [session] = h.sent("POST", "/v1/checkout/sessions");
    expect(session?.params).toMatchObject({ mode: "setup", metadata: { purpose: "recurring", step: "setup", giftId: id } });
    expect(await gift(id)).toMatchObject({ status: "pending", payment_method_id: null });

    const answers = await deliver(w.services);
    expect(answers).toContain("recurring.method_saved");
    const saved = await gift(id);
    expect(saved.payment_method_id).toMatch(/^pm_/);
    expect(await events(id)).toEqual(["created", "method_saved"]);

    await runJob(w.services);
    const [charge] = h.sent("POST", "/v1/payment_intents");
    expect(charge?.params).toMatchObject({
      amount: "1500",
      currency: "eur",
      customer: saved.customer_id,
      payment_method: saved.payment_method_id,
      off_session: "true",
      confirm: "true",
      metadata: { purpose: "recurring", giftId: id, projectId: w.project.id, period: "2026-12", attempt: "1" },
    });
    expect(await gift(id)).toMatchObject({ status: "active", failed_attempts: 0, next_charge_at: new Date("2027-01-07T10:00:00Z") });
    const [month] = await months(id);
    expect(month).toMatchObject({ period: "2026-12", status: "paid", attempts: 1, amount_cents: 1_500, gateway_payment_id: expect.stringMatching(/^pi_/) });

    // The webhook of the same charge arrives after the job's answer booked it: nothing twice.
    const late = await deliver(w.services);
    expect(late).toContain("duplicate: month paid");
    const journals = await listJournals(database.db, { kind: "recurring.paid" });
    expect(journals).toHaveLength(1);
    expect(journals[0]!.refs).toMatchObject({ giftId: id, paymentId: month!.gateway_payment_id, period: "2026-12" });
    await expectLedgerVerifies();

    w.advance(6 * MINUTE);
    expect(await w.reconcile()).toMatchObject({ ok: true, gateway: "stripe", counts: { payments: 1, matched: 1, differences: 0 } });
  });

  it("a month Stripe declines: past_due and the giver told; a new card saved on the fix page, the retry is paid", async () => {
    const w = await world();
    const id = await startWithCard(w, 1_000, "pm_card_visa");
    await deliver(w.services);
    await runJob(w.services);
    await deliver(w.services);
    // The giver's bank now refuses their card: Stripe declines the January charge (a 402 and payment_intent.payment_failed).
    await database.db
      .updateTable("recurring_gifts")
      .set({ payment_method_id: await declining(w, id) })
      .where("id", "=", id)
      .execute();
    w.advance(31 * DAY);
    await runJob(w.services);
    expect(await gift(id)).toMatchObject({ status: "past_due", failed_attempts: 1, next_charge_at: new Date("2027-01-10T10:00:00Z") });
    const failedMonth = (await months(id))[1];
    expect(failedMonth).toMatchObject({
      period: "2027-01",
      status: "failed",
      attempts: 1,
      failure_code: "card_declined",
      gateway_payment_id: expect.stringMatching(/^pi_/),
    });
    const notice = await database.db
      .selectFrom("notifications")
      .select("data")
      .where("user_id", "=", w.giver)
      .where("kind", "=", "recurring.payment_failed")
      .executeTakeFirstOrThrow();
    expect(notice.data).toMatchObject({ giftId: id, fixPath: `/me/monthly/${id}/fix` });
    // Stripe's payment_failed webhook of the same attempt changes nothing.
    expect(await deliver(w.services)).toContain("duplicate: attempt failed");
    expect(await gift(id)).toMatchObject({ status: "past_due", failed_attempts: 1 });

    // The fix page: Checkout in setup mode saves another card, its webhook records it, the month is tried again at once.
    const fix = await startGiftFix(giftServices(w.services), { giftId: id, giverId: w.giver, locale: "nl" });
    if (!fix.ok) throw new Error(fix.error);
    const fixSession = h.sent("POST", "/v1/checkout/sessions").at(-1)!;
    expect(fixSession.params).toMatchObject({ mode: "setup", metadata: { purpose: "recurring", step: "fix", giftId: id } });
    // Checkout's URL ends with the session's id (the fake's /checkout/pay/cs_…, as the session's own `url`).
    const fixSessionId = new URL(fix.url).pathname.split("/").pop()!;
    expect(fixSessionId).toMatch(/^cs_/);
    expect(h.fake.control.completeCheckout(fixSessionId, { card: "pm_card_mastercard" })).toMatchObject({ status: "complete" });
    expect(await deliver(w.services)).toContain("recurring.method_saved");
    await runJob(w.services);
    expect(h.sent("POST", "/v1/payment_intents").at(-1)?.params).toMatchObject({ metadata: { purpose: "recurring", period: "2027-01", attempt: "2" } });
    expect(await gift(id)).toMatchObject({ status: "active", failed_attempts: 0 });
    expect((await months(id)).map((m) => [m.period, m.status, m.attempts])).toEqual([
      ["2026-12", "paid", 1],
      ["2027-01", "paid", 2],
    ]);
    await deliver(w.services);
    expect(await listJournals(database.db, { kind: "recurring.paid" })).toHaveLength(2);
    await expectLedgerVerifies();
    // The declined attempt is a failed PaymentIntent, not a difference; the two paid ones match their journals.
    w.advance(6 * MINUTE);
    expect(await w.reconcile()).toMatchObject({ ok: true, counts: { differences: 0 } });
  });

  it("an iDEAL mandate saved on Checkout: the month's SEPA debit is processing, Stripe's payment_intent.succeeded webhook books it", async () => {
    const w = await world();
    const started = await startMonthlyGift(giftServices(w.services), {
      giverId: w.giver,
      projectId: w.project.id,
      amountCents: 2_000,
      locale: "nl",
      now: w.clock.now(),
    });
    if (!started.ok) throw new Error(started.error);
    const sessionId = new URL(started.url).pathname.split("/").pop()!;
    expect(h.fake.control.completeCheckout(sessionId, { ideal: { bank: "ing" } })).toMatchObject({ status: "complete" });
    expect(await deliver(w.services)).toContain("recurring.method_saved");
    const saved = await gift(started.giftId);
    expect((await w.services.gateway.getPaymentMethod(saved.payment_method_id!))?.type).toBe("sepa_debit");

    await runJob(w.services);
    // The debit is on its way: nothing booked, the gift still pending, off the schedule while it settles.
    expect((await months(started.giftId))[0]).toMatchObject({ period: "2026-12", status: "processing", gateway_payment_id: expect.stringMatching(/^pi_/) });
    expect(await gift(started.giftId)).toMatchObject({ status: "pending", next_charge_at: null });
    expect(await listJournals(database.db, { kind: "recurring.paid" })).toHaveLength(0);
    await deliver(w.services); // payment_intent.processing: changes nothing
    expect((await months(started.giftId))[0]).toMatchObject({ status: "processing" });

    // The bank settles the debit; Stripe's webhook books the month.
    w.advance(3 * DAY);
    h.fake.control.runDue();
    expect(await deliver(w.services)).toContain("recurring.paid");
    expect((await months(started.giftId))[0]).toMatchObject({ status: "paid", attempts: 1 });
    expect(await gift(started.giftId)).toMatchObject({ status: "active", next_charge_at: new Date("2027-01-07T10:00:00Z") });
    expect(await listJournals(database.db, { kind: "recurring.paid" })).toHaveLength(1);
    await expectLedgerVerifies();
    w.advance(6 * MINUTE);
    expect(await w.reconcile()).toMatchObject({ ok: true, counts: { payments: 1, matched: 1, differences: 0 } });
  });

  it("a SEPA debit the bank returns days later: Stripe's payment_intent.payment_failed webhook puts the gift past_due and tells the giver", async () => {
    const w = await world();
    const id = await startWithCard(w, 1_000, "pm_card_visa");
    await deliver(w.services);
    await runJob(w.services);
    await deliver(w.services);
    // The giver switches to an iDEAL mandate whose debits the bank returns (Stripe's test e-mail), through a setup on Checkout.
    const { customer_id } = await gift(id);
    const sepa = await h.save(customer_id, { ideal: { bank: "ing", email: "generatedSepaDebitIntentsFailDelayed@example.com" } }, { purpose: "test" });
    await database.db.updateTable("recurring_gifts").set({ payment_method_id: sepa!.id }).where("id", "=", id).execute();
    await deliver(w.services);

    w.advance(31 * DAY);
    await runJob(w.services);
    expect((await months(id))[1]).toMatchObject({ period: "2027-01", status: "processing", attempts: 1 });
    expect(await gift(id)).toMatchObject({ status: "active", next_charge_at: null });
    w.advance(4 * DAY);
    h.fake.control.runDue();
    expect(await deliver(w.services)).toContain("recurring.failed");
    expect((await months(id))[1]).toMatchObject({ status: "failed", attempts: 1 });
    expect(await gift(id)).toMatchObject({ status: "past_due", failed_attempts: 1, next_charge_at: expect.any(Date) });
    expect(
      await database.db.selectFrom("notifications").select("kind").where("user_id", "=", w.giver).where("kind", "=", "recurring.payment_failed").execute(),
    ).toHaveLength(1);
    expect(await listJournals(database.db, { kind: "recurring.paid" })).toHaveLength(1);
    await expectLedgerVerifies();
    w.advance(6 * MINUTE);
    expect(await w.reconcile()).toMatchObject({ ok: true, counts: { differences: 0 } });
  });
});
