import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyLedger } from "../ledger/verify.server";
import { CARD } from "../payments/simulated/testing.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import type { AppServices } from "../services.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { inflateSync } from "node:zlib";
import { translate } from "../i18n/i18n";
import { agreementPdf } from "./agreement.server";
import { applyCommunityLoanEventTx, loanPledgeRefusal, saveLoanTermsTx, sweepInstallments } from "./community-loans.server";
import { getAgreement, listLenderLoans } from "./pages.server";
import { communityLoansPersonalData } from "./personal-data.server";
import { saveTier } from "../projects/tiers.server";
import { addDays } from "./loan";
import { communityLoansDailyJob, startRepayment } from "./repayments.server";
import { repaymentSchedule } from "./schedule";

let database: DatabaseHandle;
const start = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 10 });
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

function world() {
  const made = createTestServices(database, { start });
  return { ...made, gateway: made.gateway as SimulatedGateway };
}

async function expectLedgerVerifies() {
  // The verifier `npm run ledger:verify` runs, with every feature's checks.
  const report = await verifyLedger(database.db, extensions.ledgerChecks);
  expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  expect(report.ok).toBe(true);
}

/** A loan project (€ 5.000, 24 months, 2%, annuity) fully pledged by three lenders, past its deadline and settled. */
async function succeededLoan(services: AppServices, gateway: SimulatedGateway, clock: { advance(ms: number): void }, amounts = [250_000, 150_000, 100_000]) {
  const made = await pledgedProject(services, gateway, {
    goalCents: amounts.reduce((a, b) => a + b, 0),
    cards: amounts.map(() => CARD.succeeds),
    amounts,
    fundingModel: "community_loan",
  });
  await database.db
    .transaction()
    .execute((trx) => saveLoanTermsTx(trx, made.project.id, { months: 24, annualRateBps: 200, method: "annuity" }, services.clock.now()));
  clock.advance(10 * DAY);
  await settleDueJob.run({ ...services, now: services.clock.now() }, {});
  const loan = await database.db.selectFrom("community_loans").selectAll().where("project_id", "=", made.project.id).executeTakeFirstOrThrow();
  return { ...made, loan };
}

async function installments(loanId: string) {
  return database.db
    .selectFrom("community_loan_installments")
    .select(["id", "n", "status", "amount_cents", "principal_cents", "interest_cents", sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as("due_on")])
    .where("loan_id", "=", loanId)
    .orderBy("n")
    .execute();
}

async function lenderCash(loanId: string) {
  const rows = await database.db
    .selectFrom("ledger_entries")
    .select(["account", sql<number>`sum(amount_cents)::bigint`.as("total")])
    .where("account", "like", `community_loan_lender:${loanId}:%`)
    .where("book", "=", "cash")
    .groupBy("account")
    .execute();
  return new Map(rows.map((r) => [r.account.split(":").pop()!, Number(r.total)]));
}

/** The initiator pays installment `id` on the simulated gateway's hosted page with a test card. */
async function repay(services: AppServices, gateway: SimulatedGateway, initiatorId: string, installmentId: string) {
  const started = await startRepayment(
    { db: services.db, gateway, appUrl: "http://buurtkracht.test" },
    {
      installmentId,
      user: { id: initiatorId, email: `i-${initiatorId}@test.nl`, displayName: "Initiatiefnemer" },
      requestId: crypto.randomUUID(),
      locale: "nl",
    },
  );
  if (!started.ok) throw new Error(started.error);
  const sessionId = new URL(started.url).pathname.split("/").pop()!;
  const result = await gateway.hosted.submitCard(sessionId, { number: CARD.succeeds, expMonth: 12, expYear: 2099, cvc: "123" });
  if (!result.ok) throw new Error(`hosted page refused: ${JSON.stringify(result)}`);
}

describe("a community loan's whole life in the ledger", () => {
  it("launch → pledges → deadline → loan and schedule → every installment repaid and split exactly → repaid; ledger:verify clean", async () => {
    const { services, gateway, clock } = world();
    const { loan, initiatorId, backers } = await succeededLoan(services, gateway, clock);
    expect(loan).toMatchObject({ principal_cents: 500_000, months: 24, annual_rate_bps: 200, method: "annuity", status: "running" });
    const lenders = await database.db.selectFrom("community_loan_lenders").selectAll().where("loan_id", "=", loan.id).orderBy("position").execute();
    expect(lenders.map((l) => [l.user_id, l.principal_cents])).toEqual(backers.map((b, i) => [b.id, [250_000, 150_000, 100_000][i]]));

    const schedule = repaymentSchedule({ principalCents: 500_000, annualRateBps: 200, months: 24, kind: "annuity" });
    let rows = await installments(loan.id);
    expect(rows.map((r) => [r.n, r.amount_cents, r.principal_cents, r.interest_cents])).toEqual(
      schedule.map((l) => [l.month, l.paymentCents, l.principalCents, l.interestCents]),
    );
    // € 5.000 at 2% over 24 months: € 212,70 a month (the annuity formula, half up).
    expect(rows[0]!.amount_cents).toBe(21_270);
    expect(rows[0]!.due_on).toBe("2027-01-11");
    await expectLedgerVerifies();

    let repaidTotal = 0;
    for (const row of rows) {
      await repay(services, gateway, initiatorId, row.id);
      repaidTotal += row.amount_cents;
      // Every repayment splits exactly over the lenders (their shares add up to the installment).
      const shares = await database.db.selectFrom("community_loan_installment_shares").selectAll().where("installment_id", "=", row.id).execute();
      expect(shares.reduce((s, x) => s + x.principal_cents + x.interest_cents, 0)).toBe(row.amount_cents);
      if (row.n === 1) {
        // Pro rata 50/30/20, largest remainder, principal and interest each: 20.437 → 10.219 / 6.131 / 4.087
        // (the odd cent to the largest remainder, ,5) and 833 → 416 / 250 / 167 (,9 and ,6 get the two cents).
        const cash = await lenderCash(loan.id);
        expect(backers.map((b) => cash.get(b.id))).toEqual([10_219 + 416, 6_131 + 250, 4_087 + 167]);
        await expectLedgerVerifies();
      }
    }
    rows = await installments(loan.id);
    expect(rows.every((r) => r.status === "paid")).toBe(true);
    const after = await database.db.selectFrom("community_loans").select(["status", "repaid_at"]).where("id", "=", loan.id).executeTakeFirstOrThrow();
    expect(after.status).toBe("repaid");
    // The total repaid is the principal plus the interest, to the cent, and all of it reached the lenders.
    expect(repaidTotal).toBe(500_000 + schedule.reduce((s, l) => s + l.interestCents, 0));
    const cash = await lenderCash(loan.id);
    expect([...cash.values()].reduce((a, b) => a + b, 0)).toBe(repaidTotal);
    // Each lender got at least their principal back, and the larger lender never less than the smaller.
    const got = backers.map((b) => cash.get(b.id)!);
    expect(got[0]!).toBeGreaterThan(250_000);
    expect(got[0]! >= got[1]! && got[1]! >= got[2]!).toBe(true);
    const events = await database.db.selectFrom("community_loan_events").select("event").where("loan_id", "=", loan.id).orderBy("id").execute();
    expect(events.map((e) => e.event)).toEqual(["started", ...rows.map(() => "paid"), "repaid"]);
    await expectLedgerVerifies();

    // A second payment of a paid installment changes nothing (the writer refuses it; the reconciliation shows the payment).
    const again = await database.db
      .transaction()
      .execute((trx) =>
        applyCommunityLoanEventTx(trx, { installmentId: rows[0]!.id, event: "pay", paymentId: "pay_x", actorId: null, now: services.clock.now() }),
      );
    expect(again).toEqual({ ok: false, error: "LoanRepaid" });
  });

  it("only the initiator repays, and only the next open installment", async () => {
    const { services, gateway, clock } = world();
    const { loan, backers, initiatorId } = await succeededLoan(services, gateway, clock, [30_000, 20_000]);
    const rows = await installments(loan.id);
    const deps = { db: services.db, gateway, appUrl: "http://x.test" };
    const asLender = await startRepayment(deps, {
      installmentId: rows[0]!.id,
      user: { id: backers[0]!.id, email: "b@test.nl", displayName: "B" },
      requestId: crypto.randomUUID(),
      locale: "nl",
    });
    expect(asLender).toEqual({ ok: false, error: "NotBorrower" });
    const second = await startRepayment(deps, {
      installmentId: rows[1]!.id,
      user: { id: initiatorId, email: "i@test.nl", displayName: "I" },
      requestId: crypto.randomUUID(),
      locale: "nl",
    });
    expect(second).toEqual({ ok: false, error: "NotNext" });
    // A running loan keeps lender and initiator from erasing their accounts (docs/decisions/074); a stranger is free.
    const blockers = (userId: string) => communityLoansPersonalData.blockers(services.db, { userId, now: services.clock.now() });
    expect(await blockers(backers[0]!.id)).toEqual(["communityLoans.privacy.running"]);
    expect(await blockers(initiatorId)).toEqual(["communityLoans.privacy.running"]);
    expect(await blockers(crypto.randomUUID())).toEqual([]);
    const exported = await communityLoansPersonalData.exportRows(services.db, { userId: backers[0]!.id, now: services.clock.now() });
    expect(exported.community_loans_lent).toHaveLength(1);
    expect(exported.community_loan_schedule).toHaveLength(24);
  });
});

describe("late installments and reminders", () => {
  it("reminds the initiator before the due date, flags late after the grace (initiator and lenders told), reminds weekly while late", async () => {
    const { services, gateway, clock } = world();
    const { loan, initiatorId, backers } = await succeededLoan(services, gateway, clock, [30_000, 20_000]);
    const [first] = await installments(loan.id);
    const kindsOf = async (userId: string) =>
      (await database.db.selectFrom("notifications").select("kind").where("user_id", "=", userId).where("kind", "like", "community_loan.%").execute())
        .map((n) => n.kind)
        .sort();
    expect(await kindsOf(backers[0]!.id)).toEqual(["community_loan.started"]);

    // 2 days before the due date: a reminder, once.
    const at = (day: string) => new Date(`${day}T08:00:00Z`).getTime() - clock.now().getTime();
    clock.advance(at(addDays(first!.due_on, -2)));
    expect(await sweepInstallments(services.db, clock.now())).toEqual({ late: 0, remindedBefore: 1, remindedLate: 0 });
    expect(await sweepInstallments(services.db, clock.now())).toEqual({ late: 0, remindedBefore: 0, remindedLate: 0 });
    expect(await kindsOf(initiatorId)).toEqual(["community_loan.due_soon"]);

    // Within the grace (5 days after the due date): not late yet.
    clock.advance(at(addDays(first!.due_on, 5)));
    expect((await sweepInstallments(services.db, clock.now())).late).toBe(0);
    // The day after: late, everyone told.
    clock.advance(at(addDays(first!.due_on, 6)));
    const job = await communityLoansDailyJob.run({ ...services, now: clock.now() }, {});
    expect(job.detail).toMatchObject({ late: 1 });
    expect((await installments(loan.id))[0]!.status).toBe("late");
    expect(await kindsOf(initiatorId)).toEqual(["community_loan.due_soon", "community_loan.late"]);
    expect(await kindsOf(backers[1]!.id)).toEqual(["community_loan.late", "community_loan.started"]);
    // Three days on, nothing new; a week on, the initiator is reminded (the lenders are not told again).
    clock.advance(3 * DAY);
    expect((await sweepInstallments(services.db, clock.now())).remindedLate).toBe(0);
    clock.advance(4 * DAY);
    expect((await sweepInstallments(services.db, clock.now())).remindedLate).toBe(1);
    expect(await kindsOf(initiatorId)).toEqual(["community_loan.due_soon", "community_loan.late", "community_loan.late"].sort());
    expect(await kindsOf(backers[1]!.id)).toEqual(["community_loan.late", "community_loan.started"]);

    // Paying a late installment: paid, the split booked, the ledger clean.
    await repay(services, gateway, initiatorId, first!.id);
    expect((await installments(loan.id))[0]!.status).toBe("paid");
    expect(await kindsOf(backers[0]!.id)).toEqual(["community_loan.late", "community_loan.repayment_received", "community_loan.started"]);
    await expectLedgerVerifies();
  });
});

/** The text a PDF draws: its (deflated) content streams, with the hex strings the standard fonts write decoded. */
function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString("latin1");
  let out = "";
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let body = Buffer.from(m[1]!, "latin1");
    try {
      body = inflateSync(body);
    } catch {
      // not deflated
    }
    out += body.toString("latin1").replace(/<([0-9A-Fa-f]+)>/g, (_, hex: string) => Buffer.from(hex, "hex").toString("latin1"));
  }
  return out;
}

describe("the agreement and the lender's page", () => {
  it("only the lender (and the initiator for their copy) gets the agreement; it names the parties, the schedule and the risk warning", async () => {
    const { services, gateway, clock } = world();
    const { loan, backers, initiatorId } = await succeededLoan(services, gateway, clock, [30_000, 20_000]);
    await database.db.updateTable("users").set({ display_name: "Lenie" }).where("id", "=", backers[0]!.id).execute();
    const caps = { maxPerLenderCents: 100_000, maxPerProjectCents: 2_500_000 };
    const mine = await getAgreement(services.db, { loanId: loan.id, viewerId: backers[0]!.id, caps });
    expect(mine).toMatchObject({ lenderName: "Lenie", lentCents: 30_000, months: 24 });
    expect(mine!.installments).toHaveLength(24);
    // Another lender of the same loan cannot open Lenie's; the initiator can, naming her; a stranger cannot.
    expect(await getAgreement(services.db, { loanId: loan.id, viewerId: backers[1]!.id, lenderId: backers[0]!.id, caps })).toBeNull();
    expect(await getAgreement(services.db, { loanId: loan.id, viewerId: initiatorId, lenderId: backers[0]!.id, caps })).toMatchObject({ lenderName: "Lenie" });
    expect(await getAgreement(services.db, { loanId: loan.id, viewerId: initiatorId, caps })).toBeNull();

    const pdf = await agreementPdf(mine!, (k, p) => translate("nl", k, p), "nl", clock.now());
    expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe("%PDF-");
    const text = pdfText(pdf);
    expect(text).toContain("Lenie");
    expect(text).toContain("Leenovereenkomst buurtlening");
    expect(text).toContain("Let op: een buurtlening is geen spaarrekening.");
    expect(text).toContain("24");

    // The lender's page: lent, nothing repaid yet, all outstanding, the next installment.
    const [view] = await listLenderLoans(services.db, backers[0]!.id, clock.now());
    expect(view).toMatchObject({ lentCents: 30_000, repaidCents: 0, outstandingPrincipalCents: 30_000, late: false, next: { n: 1 } });
  });

  it("refuses a loan pledge over the per-lender cap (all their pledges together), in the last 4 days, or without the risk tick", async () => {
    const { services, gateway } = world();
    const { project, backers, initiatorId } = await pledgedProject(services, gateway, {
      goalCents: 200_000,
      cards: [CARD.succeeds],
      amounts: [60_000],
      fundingModel: "community_loan",
    });
    // A loan has no rewards: the tiers editor refuses one.
    const tier = await saveTier(services.db, {
      projectId: project.id,
      actorId: initiatorId,
      now: services.clock.now(),
      tier: { title: "Taart", description: "", minAmount: 1_000, quantity: null, pickupNote: "" },
    });
    expect(tier).toEqual({ ok: false, error: "projects.tier.loanHasNone" });
    const ends = await database.db.selectFrom("projects").select("ends_at").where("id", "=", project.id).executeTakeFirstOrThrow();
    const base = { projectId: project.id, userId: backers[0]!.id, endsAt: ends.ends_at, now: services.clock.now(), riskRead: true, maxPerLenderCents: 100_000 };
    // A second pledge of € 500 on top of € 600 passes the € 1.000 cap; changing the € 600 to € 1.000 does not.
    expect(await loanPledgeRefusal(services.db, { ...base, amountCents: 50_000 })).toEqual({ field: "amount", key: "communityLoans.error.lenderCap" });
    const [pledge] = await database.db.selectFrom("pledges").select("id").where("project_id", "=", project.id).execute();
    expect(await loanPledgeRefusal(services.db, { ...base, amountCents: 100_000, replacingPledgeId: pledge!.id })).toBeNull();
    expect(await loanPledgeRefusal(services.db, { ...base, userId: crypto.randomUUID(), amountCents: 10_000, riskRead: false })).toEqual({
      field: "riskRead",
      key: "communityLoans.error.riskNotRead",
    });
    expect(
      await loanPledgeRefusal(services.db, { ...base, amountCents: 10_000, userId: crypto.randomUUID(), now: new Date(ends.ends_at!.getTime() - 3 * DAY) }),
    ).toEqual({
      field: "amount",
      key: "communityLoans.error.reflection",
    });
  });
});
