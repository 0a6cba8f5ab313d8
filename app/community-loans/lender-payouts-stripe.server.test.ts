import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { balanceOf, listJournals } from "../ledger/ledger.server";
import { sealLedger } from "../ledger/seal.server";
import { verifyLedger } from "../ledger/verify.server";
import { ensureGatewayCustomer } from "../payments/customers.server";
import { type Harness, startHarness } from "../payments/stripe/testing/harness.server";
import { startPayoutOnboarding } from "../payouts/payouts.server";
import { pledgeToProject } from "../pledges/pledges.server";
import type { AppServices } from "../services.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { deliverStripeWebhooks, stripeWorld } from "../test/stripe";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { saveLoanTermsTx } from "./community-loans.server";
import { getLenderPayoutAccount, payLendersJob } from "./lender-payouts.server";
import { communityLoanAccounts } from "./loan-ledger";
import { startRepayment } from "./repayments.server";

/**
 * Lenders paid out through the Stripe adapter on the fake Stripe server (decision 081): each lender's
 * Express account (app/payouts' onboarding), a transfer and a payout per lender with the lender
 * payout's key, the Connect webhooks (twice, newest first) making them paid; a payout the bank
 * returns is owed again and its transfer reversed (key `community_loan_payout:<id>:reclaim`) before
 * any new attempt.
 */

let database: DatabaseHandle;
let h: Harness;
const start = new Date("2026-12-01T10:00:00Z");
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

async function ledgerProblems() {
  await sealLedger(database.db);
  const report = await verifyLedger(database.db, extensions.ledgerChecks);
  return report.results.filter((r) => r.problems.length || r.error);
}

/** Installment 1 paid on Stripe Checkout, booked by the webhook. */
async function repayFirst(services: AppServices, loanId: string, initiatorId: string) {
  const [first] = await services.db.selectFrom("community_loan_installments").selectAll().where("loan_id", "=", loanId).orderBy("n").execute();
  const started = await startRepayment(
    { db: services.db, gateway: services.gateway, appUrl: "http://buurtkracht.test" },
    { installmentId: first!.id, user: { id: initiatorId, email: "ini@example.nl", displayName: "Ini" }, requestId: "req-1", locale: "nl" },
  );
  if (!started.ok) throw new Error(started.error);
  h.fake.control.completeCheckout(new URL(started.url).pathname.split("/").pop()!, { card: "pm_card_visa" });
  await deliver(services);
  return first!;
}

async function onboard(services: AppServices, userId: string) {
  const link = await startPayoutOnboarding(
    { db: services.db, gateway: services.gateway, logger: services.logger, now: () => services.clock.now() },
    {
      userId,
      email: `${userId}@example.nl`,
      returnUrl: "http://buurtkracht.test/me/community-loans",
      refreshUrl: "http://buurtkracht.test/me/community-loans",
    },
  );
  expect(link.ok).toBe(true);
  const row = await services.db.selectFrom("payout_accounts").selectAll().where("user_id", "=", userId).executeTakeFirstOrThrow();
  h.fake.control.completeOnboarding(row.account_id);
  await deliver(services);
  return row.account_id;
}

async function shareOf(installmentId: string, userId: string) {
  const s = await database.db
    .selectFrom("community_loan_installment_shares")
    .selectAll()
    .where("installment_id", "=", installmentId)
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return s.principal_cents + s.interest_cents;
}

describe("lender payouts through Stripe Connect (the fake Stripe server)", () => {
  it("each lender's share is transferred and paid out once with its key; the webhooks (twice, newest first) make it paid; ledger clean", async () => {
    const { services, advance } = stripeWorld(database, h, start);
    const { loan, initiatorId, lenderIds } = await stripeLoan(services, advance);
    const first = await repayFirst(services, loan.id, initiatorId);
    const accountsOf = new Map<string, string>();
    for (const id of lenderIds) accountsOf.set(id, await onboard(services, id));
    expect(await getLenderPayoutAccount(services.db, lenderIds[0]!, "stripe")).toMatchObject({ status: "verified" });

    const run = () => payLendersJob.run({ ...services, now: services.clock.now() }, {});
    await run();
    await run();
    const payouts = await services.db.selectFrom("community_loan_payouts").selectAll().where("loan_id", "=", loan.id).execute();
    expect(payouts).toHaveLength(2);
    const transfers = h.sent("POST", "/v1/transfers");
    expect(transfers).toHaveLength(2);
    for (const p of payouts) {
      expect(p).toMatchObject({ status: "in_transit", amount_cents: await shareOf(first.id, p.user_id) });
      const t = transfers.find((r) => r.idempotencyKey === `${p.idempotency_key}:transfer`);
      expect(t?.params).toMatchObject({ amount: String(p.amount_cents), currency: "eur", destination: accountsOf.get(p.user_id) });
      expect(t?.params.metadata).toEqual({ purpose: "community_loan_payout", lenderPayoutId: p.id, loanId: loan.id });
      expect(h.sent("POST", "/v1/payouts").filter((r) => r.idempotencyKey === `${p.idempotency_key}:payout` && r.stripeAccount === p.account_id)).toHaveLength(
        1,
      );
      h.fake.control.settlePayout(p.gateway_ref!, "paid");
    }
    const { results } = await deliverStripeWebhooks(services, h, { twice: true, order: "reverse" });
    expect(results.every((r) => r.status === 200)).toBe(true);
    for (const p of payouts) {
      expect((await services.db.selectFrom("community_loan_payouts").select("status").where("id", "=", p.id).executeTakeFirstOrThrow()).status).toBe("paid");
      expect((await listJournals(services.db, { refs: { lenderPayoutId: p.id } })).map((j) => j.kind)).toEqual([
        "community_loan.payout_sent",
        "community_loan.payout_paid",
      ]);
      expect(await balanceOf(services.db, communityLoanAccounts.paidOut(loan.id, p.user_id))).toBe(p.amount_cents);
    }
    expect(await ledgerProblems()).toEqual([]);
  });

  it("a lender payout the bank returns is owed again, and its transfer is reversed before the next attempt", async () => {
    const { services, advance } = stripeWorld(database, h, start);
    const { loan, initiatorId, lenderIds } = await stripeLoan(services, advance);
    const first = await repayFirst(services, loan.id, initiatorId);
    const lender = lenderIds[0]!;
    const accountId = await onboard(services, lender);
    const run = () => payLendersJob.run({ ...services, now: services.clock.now() }, {});
    await run();
    const p = await services.db.selectFrom("community_loan_payouts").selectAll().where("user_id", "=", lender).executeTakeFirstOrThrow();
    h.fake.control.settlePayout(p.gateway_ref!, "failed");
    await deliver(services);
    expect((await services.db.selectFrom("community_loan_payouts").select("status").where("id", "=", p.id).executeTakeFirstOrThrow()).status).toBe("failed");
    expect(await balanceOf(services.db, communityLoanAccounts.lender(loan.id, lender))).toBe(await shareOf(first.id, lender));

    advance(60_000);
    await run();
    const reversals = h.sent("POST", /^\/v1\/transfers\/tr_[^/]+\/reversals$/).filter((r) => r.idempotencyKey === `community_loan_payout:${p.id}:reclaim`);
    expect(reversals).toHaveLength(1);
    expect(reversals[0]!.params.amount).toBe(String(p.amount_cents));
    expect(
      (await services.db.selectFrom("community_loan_payouts").select("reclaimed_at").where("id", "=", p.id).executeTakeFirstOrThrow()).reclaimed_at,
    ).not.toBeNull();
    // The account did not change since the return: no new transfer into it yet.
    expect(h.sent("POST", "/v1/transfers").filter((r) => r.params.destination === accountId)).toHaveLength(1);
    expect(await ledgerProblems()).toEqual([]);
  });
});
