import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { balanceOf, listJournals } from "../ledger/ledger.server";
import { sealLedger } from "../ledger/seal.server";
import { verifyLedger } from "../ledger/verify.server";
import { getProjectLedgerPage } from "../pages/project-ledger.server";
import { CARD } from "../payments/simulated/testing.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { startPayoutOnboarding } from "../payouts/payouts.server";
import { getProjectBySlug } from "../projects/projects.server";
import type { AppServices } from "../services.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { saveLoanTermsTx } from "./community-loans.server";
import { getLenderPayoutAccount, lenderPayoutsOf, payLendersJob } from "./lender-payouts.server";
import { communityLoanAccounts } from "./loan-ledger";
import { listLenderLoans } from "./pages.server";
import { startRepayment } from "./repayments.server";

let database: DatabaseHandle;
const start = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;
const MINUTE = 60_000;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 10 });
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

function world() {
  const made = createTestServices(database, { start });
  return { ...made, gateway: made.gateway as SimulatedGateway };
}

async function ledgerProblems() {
  await sealLedger(database.db);
  const report = await verifyLedger(database.db, extensions.ledgerChecks);
  return report.results.filter((r) => r.problems.length || r.error);
}

/** A € 1.000 loan (12 months, 3%, annuity) from two lenders, € 600 and € 400, started. */
async function twoLenderLoan(services: AppServices, gateway: SimulatedGateway, clock: { advance(ms: number): void }) {
  const made = await pledgedProject(services, gateway, {
    goalCents: 100_000,
    cards: [CARD.succeeds, CARD.succeeds],
    amounts: [60_000, 40_000],
    fundingModel: "community_loan",
  });
  await database.db
    .transaction()
    .execute((trx) => saveLoanTermsTx(trx, made.project.id, { months: 12, annualRateBps: 300, method: "annuity" }, services.clock.now()));
  clock.advance(10 * DAY);
  await settleDueJob.run({ ...services, now: services.clock.now() }, {});
  const loan = await database.db.selectFrom("community_loans").selectAll().where("project_id", "=", made.project.id).executeTakeFirstOrThrow();
  const installments = await database.db.selectFrom("community_loan_installments").selectAll().where("loan_id", "=", loan.id).orderBy("n").execute();
  return { ...made, loan, installments };
}

/** A lender connects a bank account on the simulated Connect page (app/payouts' flow, as the route calls it). */
async function connectBank(services: AppServices, gateway: SimulatedGateway, userId: string, bank: string) {
  const link = await startPayoutOnboarding(
    { db: services.db, gateway, logger: services.logger, now: () => services.clock.now() },
    { userId, email: `${userId}@test.nl`, returnUrl: "http://buurtkracht.test/me/community-loans", refreshUrl: "http://buurtkracht.test/me/community-loans" },
  );
  if (!link.ok) throw new Error(link.error);
  const done = await gateway.onboarding.submit(new URL(link.url).pathname.split("/").pop()!, { holderName: "Lena Lener", bank });
  expect(done.ok).toBe(true);
}

async function repay(services: AppServices, gateway: SimulatedGateway, initiatorId: string, installmentId: string) {
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

async function shareOf(installmentId: string, userId: string) {
  const s = await database.db
    .selectFrom("community_loan_installment_shares")
    .selectAll()
    .where("installment_id", "=", installmentId)
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return s.principal_cents + s.interest_cents;
}

const payLenders = (services: AppServices) => payLendersJob.run({ ...services, now: services.clock.now() }, {});

async function payoutsOf(loanId: string, userId: string) {
  return database.db
    .selectFrom("community_loan_payouts")
    .select(["attempt_no", "status", "amount_cents", "bank_last4", "idempotency_key", "failure_code"])
    .where("loan_id", "=", loanId)
    .where("user_id", "=", userId)
    .orderBy("attempt_no")
    .execute();
}

async function noticesOf(userId: string) {
  const rows = await database.db
    .selectFrom("notifications")
    .select("kind")
    .where("user_id", "=", userId)
    .where("kind", "like", "community_loan.payout%")
    .execute();
  return rows.map((r) => r.kind).sort();
}

describe("lenders receive their repayments", () => {
  it("a repayment is paid out to both lenders through the simulated gateway, once, on the loan's public ledger; verifyLedger clean", async () => {
    const { services, gateway, clock } = world();
    const { loan, installments, initiatorId, backers, project } = await twoLenderLoan(services, gateway, clock);
    const [a, b] = backers.map((x) => x.id) as [string, string];
    expect(await getLenderPayoutAccount(services.db, a, "simulated")).toEqual({ status: "none", bankLast4: null, bankName: null });
    await connectBank(services, gateway, a, "rabobank");
    await connectBank(services, gateway, b, "ing");
    expect(await getLenderPayoutAccount(services.db, a, "simulated")).toMatchObject({ status: "verified", bankLast4: "5264" });

    // Nothing owed yet: nothing paid out.
    await payLenders(services);
    expect(await database.db.selectFrom("community_loan_payouts").select("id").execute()).toEqual([]);

    await repay(services, gateway, initiatorId, installments[0]!.id);
    const owedA = await shareOf(installments[0]!.id, a);
    const owedB = await shareOf(installments[0]!.id, b);
    expect(owedA + owedB).toBe(installments[0]!.amount_cents);
    expect(await balanceOf(services.db, communityLoanAccounts.lender(loan.id, a))).toBe(owedA);

    await payLenders(services);
    const sims = await database.db.selectFrom("sim_payouts").selectAll().orderBy("amount_cents", "desc").execute();
    expect(sims.map((s) => [s.amount_cents, s.status, (s.metadata as Record<string, string>).purpose])).toEqual([
      [owedA, "in_transit", "community_loan_payout"],
      [owedB, "in_transit", "community_loan_payout"],
    ]);
    expect(await payoutsOf(loan.id, a)).toEqual([
      {
        attempt_no: 1,
        status: "in_transit",
        amount_cents: owedA,
        bank_last4: "5264",
        idempotency_key: `community_loan_payout:${loan.id}:${a}:1`,
        failure_code: null,
      },
    ]);
    expect(await balanceOf(services.db, communityLoanAccounts.lender(loan.id, a))).toBe(0);
    expect(await balanceOf(services.db, communityLoanAccounts.payoutsInTransit)).toBe(owedA + owedB);
    expect(await ledgerProblems()).toEqual([]);

    // A second run while they are on their way pays nothing more.
    await payLenders(services);
    expect(await database.db.selectFrom("sim_payouts").select("id").execute()).toHaveLength(2);

    clock.advance(5 * MINUTE);
    await gateway.runDue(clock.now());
    expect((await payoutsOf(loan.id, a)).map((p) => p.status)).toEqual(["paid"]);
    expect((await payoutsOf(loan.id, b)).map((p) => p.status)).toEqual(["paid"]);
    expect(await balanceOf(services.db, communityLoanAccounts.paidOut(loan.id, a))).toBe(owedA);
    expect(await balanceOf(services.db, communityLoanAccounts.paidOut(loan.id, b))).toBe(owedB);
    expect(await balanceOf(services.db, communityLoanAccounts.payoutsInTransit)).toBe(0);
    expect(await noticesOf(a)).toEqual(["community_loan.payout_paid"]);
    const events = await database.db.selectFrom("community_loan_payout_events").select(["event", "from_status", "to_status"]).orderBy("id").execute();
    expect(events.filter((e) => e.event === "paid")).toHaveLength(2);
    expect(await ledgerProblems()).toEqual([]);

    // On the loan's public ledger (the project's chain), sealed.
    const page = await getProjectLedgerPage(services.db, (await getProjectBySlug(services.db, project.slug))!);
    const kinds = page.lines.map((l) => l.kind).filter((k) => k.startsWith("community_loan.payout"));
    expect(kinds.sort()).toEqual(["community_loan.payout_paid", "community_loan.payout_paid", "community_loan.payout_sent", "community_loan.payout_sent"]);
    const payoutLines = page.lines.filter((l) => l.kind.startsWith("community_loan.payout"));
    expect(payoutLines.every((l) => l.seq !== null && l.descriptionKey === `ledger.kind.${l.kind}`)).toBe(true);

    // The next repayment is paid out again: a second attempt for what it owes, nothing of the first.
    await payLenders(services);
    expect(await database.db.selectFrom("sim_payouts").select("id").execute()).toHaveLength(2);
    await repay(services, gateway, initiatorId, installments[1]!.id);
    await payLenders(services);
    clock.advance(5 * MINUTE);
    await gateway.runDue(clock.now());
    expect((await payoutsOf(loan.id, a)).map((p) => [p.attempt_no, p.status, p.amount_cents])).toEqual([
      [1, "paid", owedA],
      [2, "paid", await shareOf(installments[1]!.id, a)],
    ]);
    expect(await ledgerProblems()).toEqual([]);

    // What the lender's page shows.
    const [mine] = await listLenderLoans(services.db, a, clock.now());
    expect(mine).toMatchObject({ owedCents: 0, paidOutCents: owedA + (await shareOf(installments[1]!.id, a)) });
    expect(mine!.payouts.map((p) => p.status)).toEqual(["paid", "paid"]);

    // The check sees a payout whose record says more than its journals moved.
    await database.db
      .updateTable("community_loan_payouts")
      .set({ amount_cents: owedA + 1 })
      .where("user_id", "=", a)
      .where("attempt_no", "=", 1)
      .execute();
    const problems = (await ledgerProblems()).flatMap((r) => r.problems);
    expect(problems.some((p) => /lender payout .* \(paid\): community_loan.payout_sent booked \d+ cents, expected \d+/.test(p))).toBe(true);
  });

  it("a payout the test bank returns is owed again, waits for the lender to fix their details, then is paid once", async () => {
    const { services, gateway, clock } = world();
    const { loan, installments, initiatorId, backers } = await twoLenderLoan(services, gateway, clock);
    const [a, b] = backers.map((x) => x.id) as [string, string];
    await connectBank(services, gateway, a, "test_bounce");
    await connectBank(services, gateway, b, "ing");
    await repay(services, gateway, initiatorId, installments[0]!.id);
    const owedA = await shareOf(installments[0]!.id, a);

    await payLenders(services);
    clock.advance(5 * MINUTE);
    await gateway.runDue(clock.now());
    expect(await payoutsOf(loan.id, a)).toMatchObject([{ attempt_no: 1, status: "failed", failure_code: "account_closed", amount_cents: owedA }]);
    expect((await payoutsOf(loan.id, b)).map((p) => p.status)).toEqual(["paid"]);
    // Back as owed; the account needs details again (the gateway's account.updated, purpose payout).
    expect(await balanceOf(services.db, communityLoanAccounts.lender(loan.id, a))).toBe(owedA);
    expect(await balanceOf(services.db, communityLoanAccounts.paidOut(loan.id, a))).toBe(0);
    expect((await getLenderPayoutAccount(services.db, a, "simulated")).status).toBe("details_needed");
    expect(await noticesOf(a)).toEqual(["community_loan.payout_failed"]);
    expect(await ledgerProblems()).toEqual([]);

    // No retry into the same closed account.
    clock.advance(MINUTE);
    await payLenders(services);
    expect(await payoutsOf(loan.id, a)).toHaveLength(1);
    const [page] = await listLenderLoans(services.db, a, clock.now());
    expect(page).toMatchObject({ owedCents: owedA, paidOutCents: 0 });

    // The lender fixes their details; the money is paid again, once.
    clock.advance(MINUTE);
    await connectBank(services, gateway, a, "ing");
    await payLenders(services);
    await payLenders(services);
    clock.advance(5 * MINUTE);
    await gateway.runDue(clock.now());
    expect((await payoutsOf(loan.id, a)).map((p) => [p.attempt_no, p.status, p.amount_cents, p.bank_last4])).toEqual([
      [1, "failed", owedA, "0002"],
      [2, "paid", owedA, "3000"],
    ]);
    expect(await balanceOf(services.db, communityLoanAccounts.lender(loan.id, a))).toBe(0);
    expect(await balanceOf(services.db, communityLoanAccounts.paidOut(loan.id, a))).toBe(owedA);
    const kinds = (await listJournals(services.db, { refs: { loanId: loan.id } })).map((j) => j.kind).filter((k) => k.startsWith("community_loan.payout"));
    // a: sent, failed (back to owed), sent, paid; b: sent, paid.
    expect(kinds.sort()).toEqual([
      "community_loan.payout_failed",
      "community_loan.payout_paid",
      "community_loan.payout_paid",
      "community_loan.payout_sent",
      "community_loan.payout_sent",
      "community_loan.payout_sent",
    ]);
    expect(await noticesOf(a)).toEqual(["community_loan.payout_failed", "community_loan.payout_paid"]);
    expect((await lenderPayoutsOf(services.db, loan.id, a)).paidOutCents).toBe(owedA);
    expect(await ledgerProblems()).toEqual([]);
  });
});
