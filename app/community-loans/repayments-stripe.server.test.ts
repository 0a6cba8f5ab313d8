import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listJournals } from "../ledger/ledger.server";
import { verifyLedger } from "../ledger/verify.server";
import { ensureGatewayCustomer } from "../payments/customers.server";
import { type Harness, startHarness } from "../payments/stripe/testing/harness.server";
import { pledgeToProject } from "../pledges/pledges.server";
import { reconcileWithGateway } from "../reconciliation/reconcile.server";
import type { AppServices } from "../services.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { deliverStripeWebhooks, stripeWorld } from "../test/stripe";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { saveLoanTermsTx } from "./community-loans.server";
import { startRepayment } from "./repayments.server";

/**
 * A community loan's repayment (decision 078) through the Stripe adapter on the fake Stripe server:
 * the lenders' pledges are charged at Stripe, the loan starts, the initiator pays an installment on
 * Stripe Checkout (payment mode), and Stripe's webhook books `community_loan.repaid` split per lender.
 */

let database: DatabaseHandle;
let h: Harness;
const start = new Date("2026-12-01T10:00:00Z");
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

/** Delivers what Stripe queued through the webhook route's own path; returns the handlers' outcomes (gateway_events.outcome). */
async function deliver(services: AppServices) {
  const before = await database.db
    .selectFrom("gateway_events")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  const { results } = await deliverStripeWebhooks(services, h);
  expect(results.every((r) => r.status === 200)).toBe(true);
  const rows = await database.db
    .selectFrom("gateway_events")
    .select(["purpose", "outcome"])
    .where("id", ">", Number(before?.id ?? 0))
    .where("outcome", "is not", null)
    .orderBy("id")
    .execute();
  return rows.map((r) => `${r.purpose}: ${r.outcome}`);
}

async function expectLedgerVerifies() {
  const report = await verifyLedger(database.db, extensions.ledgerChecks);
  expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  expect(report.ok).toBe(true);
}

/** A loan project (€ 500, 12 months, 3%, annuity) pledged 60/40 by two lenders who saved cards on Stripe Checkout; past its deadline and settled. */
async function stripeLoan(services: AppServices, advance: (ms: number) => void) {
  const tag = Math.random().toString(36).slice(2, 7);
  const [initiator, moderator, ...lenders] = await createUsers(services.db, `c${tag}`, 4);
  await services.db.updateTable("users").set({ role: "moderator" }).where("id", "=", moderator!).execute();
  const project = await createLiveProject(services.db, {
    initiatorId: initiator!,
    moderatorId: moderator!,
    now: services.clock.now(),
    goalCents: 50_000,
    durationDays: 10,
    fundingModel: "community_loan",
  });
  await services.db
    .transaction()
    .execute((trx) => saveLoanTermsTx(trx, project.id, { months: 12, annualRateBps: 300, method: "annuity" }, services.clock.now()));
  const amounts = [30_000, 20_000];
  for (const [i, lenderId] of lenders.entries()) {
    const customerId = await ensureGatewayCustomer(services, { id: lenderId!, email: `l${i}-${tag}@example.nl`, displayName: `Lender ${i}` });
    const method = await h.save(customerId, { card: "pm_card_visa" }, { purpose: "pledge" });
    const r = await pledgeToProject(services.db, {
      projectId: project.id,
      backerId: lenderId!,
      amountCents: amounts[i]!,
      tierId: null,
      message: "",
      visibility: "initiator",
      token: `token-${lenderId}`,
      paymentMethodRef: method!.id,
      now: services.clock.now(),
    });
    if (!r.ok) throw new Error(r.error);
  }
  await deliver(services);
  advance(10 * DAY);
  await settleDueJob.run({ ...services, now: services.clock.now() }, {});
  await deliver(services);
  const loan = await services.db.selectFrom("community_loans").selectAll().where("project_id", "=", project.id).executeTakeFirstOrThrow();
  return { project, loan, initiatorId: initiator!, lenderIds: lenders as string[] };
}

describe("community-loan repayments through Stripe (the fake Stripe server)", () => {
  it("an installment paid on Stripe Checkout: the webhook books community_loan.repaid split per lender, ledger:verify clean, the reconciliation finds no difference", async () => {
    const { services, advance } = stripeWorld(database, h, start);
    const { loan, initiatorId, lenderIds } = await stripeLoan(services, advance);
    expect(loan).toMatchObject({ principal_cents: 50_000, status: "running" });
    const [first] = await services.db.selectFrom("community_loan_installments").selectAll().where("loan_id", "=", loan.id).orderBy("n").execute();
    expect(first).toMatchObject({ n: 1, status: "due" });
    await expectLedgerVerifies();

    const initiator = await services.db.selectFrom("users").select(["id", "email", "display_name"]).where("id", "=", initiatorId).executeTakeFirstOrThrow();
    const started = await startRepayment(
      { db: services.db, gateway: services.gateway, appUrl: "http://buurtkracht.test" },
      {
        installmentId: first!.id,
        user: { id: initiator.id, email: initiator.email, displayName: initiator.display_name },
        requestId: "req-1",
        locale: "nl",
      },
    );
    if (!started.ok) throw new Error(started.error);
    // Stripe Checkout in payment mode, for the installment's amount, with the metadata the webhook needs.
    const session = h.sent("POST", "/v1/checkout/sessions").at(-1)!;
    expect(session.params).toMatchObject({
      mode: "payment",
      metadata: { purpose: "community_loan", installmentId: first!.id, loanId: loan.id },
    });
    const sessionId = new URL(started.url).pathname.split("/").pop()!;
    expect(sessionId).toMatch(/^cs_/);
    expect(h.fake.control.completeCheckout(sessionId, { card: "pm_card_visa" })).toMatchObject({
      status: "complete",
      paymentIntentId: expect.stringMatching(/^pi_/),
    });
    // Nothing is booked before Stripe's webhook arrives.
    expect(await listJournals(database.db, { kind: "community_loan.repaid" })).toHaveLength(0);

    const outcomes = await deliver(services);
    expect(outcomes.filter((o) => o.startsWith("community_loan:"))).toEqual(["community_loan: installment paid (paid)"]);
    const paid = await services.db.selectFrom("community_loan_installments").selectAll().where("id", "=", first!.id).executeTakeFirstOrThrow();
    expect(paid).toMatchObject({ status: "paid", payment_id: expect.stringMatching(/^pi_/) });

    const journals = await listJournals(database.db, { kind: "community_loan.repaid" });
    expect(journals).toHaveLength(1);
    expect(journals[0]!.refs).toMatchObject({ loanId: loan.id, installmentId: first!.id, paymentId: paid.payment_id });
    // Split per lender, pro rata 60/40: each lender's cash is their share of the installment, and the shares add up to it.
    const shares = await services.db.selectFrom("community_loan_installment_shares").selectAll().where("installment_id", "=", first!.id).execute();
    expect(shares.reduce((s, x) => s + x.principal_cents + x.interest_cents, 0)).toBe(first!.amount_cents);
    const cashOf = (userId: string) =>
      journals[0]!.entries
        .filter((e) => e.account === `community_loan_lender:${loan.id}:${userId}` && e.book === "cash")
        .reduce((s, e) => s + e.amountCents, 0);
    const shareOf = (userId: string) => shares.filter((s) => s.user_id === userId).reduce((s, x) => s + x.principal_cents + x.interest_cents, 0);
    expect(lenderIds.map(cashOf)).toEqual(lenderIds.map(shareOf));
    expect(cashOf(lenderIds[0]!) + cashOf(lenderIds[1]!)).toBe(first!.amount_cents);
    expect(cashOf(lenderIds[0]!)).toBeGreaterThan(cashOf(lenderIds[1]!));
    await expectLedgerVerifies();

    // Stripe delivers again (at least once): nothing twice.
    await deliverStripeWebhooks(services, h, { twice: true });
    expect(await listJournals(database.db, { kind: "community_loan.repaid" })).toHaveLength(1);

    advance(6 * MINUTE);
    const report = await reconcileWithGateway(
      { db: services.db, gateway: services.gateway, reconcilers: extensions.reconcilers },
      { since: start, until: new Date(services.clock.now().getTime() + 1_000), now: services.clock.now() },
    );
    // The two lenders' pledge charges and the repayment, each matched with its journal.
    expect(report).toMatchObject({ ok: true, gateway: "stripe", counts: { payments: 3, matched: 3, differences: 0 } });
  });

  it("a declined card on Checkout books nothing (the page stays open); the same page paid with iDEAL books the installment once", async () => {
    const { services, advance } = stripeWorld(database, h, start);
    const { loan, initiatorId } = await stripeLoan(services, advance);
    const [first] = await services.db.selectFrom("community_loan_installments").selectAll().where("loan_id", "=", loan.id).orderBy("n").execute();
    const started = await startRepayment(
      { db: services.db, gateway: services.gateway, appUrl: "http://buurtkracht.test" },
      { installmentId: first!.id, user: { id: initiatorId, email: "i@example.nl", displayName: "Initiatiefnemer" }, requestId: "req-2", locale: "en" },
    );
    if (!started.ok) throw new Error(started.error);
    const sessionId = new URL(started.url).pathname.split("/").pop()!;
    expect(h.fake.control.completeCheckout(sessionId, { card: "pm_card_chargeDeclined" })).toMatchObject({ status: "open", error: { code: "card_declined" } });
    await deliver(services);
    expect(await services.db.selectFrom("community_loan_installments").select("status").where("id", "=", first!.id).executeTakeFirstOrThrow()).toEqual({
      status: "due",
    });
    expect(await listJournals(database.db, { kind: "community_loan.repaid" })).toHaveLength(0);

    expect(h.fake.control.completeCheckout(sessionId, { ideal: { bank: "rabobank" } })).toMatchObject({ status: "complete" });
    const outcomes = await deliver(services);
    expect(outcomes.filter((o) => o.startsWith("community_loan:"))).toEqual(["community_loan: installment paid (paid)"]);
    expect(await listJournals(database.db, { kind: "community_loan.repaid" })).toHaveLength(1);
    await expectLedgerVerifies();
    advance(6 * MINUTE);
    const report = await reconcileWithGateway(
      { db: services.db, gateway: services.gateway, reconcilers: extensions.reconcilers },
      { since: start, until: new Date(services.clock.now().getTime() + 1_000), now: services.clock.now() },
    );
    expect(report.items.filter((i) => i.status === "difference")).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
