import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyLedger } from "../ledger/verify.server";
import { extensions } from "../wiring.server";
import type { ChargeOffSessionInput, GatewayEvent } from "../payments/gateway";
import { CARD, completeAuthentication } from "../payments/simulated/testing.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { ATTEMPT_LEASE_MS, paymentDeps, startFixPayment } from "../pledges/payment-attempts.server";
import type { AppServices } from "../services.server";
import { createTestDatabase, truncateAll, usingServer } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createUsers, recomputedTotals } from "../test/projects";
import { createTestServices, type TestServiceOptions } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { chargeDuePledges } from "./charges.server";
import { settleDueProjects } from "./deadline.server";
import { settleDueJob } from "./job.server";

let database: DatabaseHandle;
const start = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 20 });
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

function world(options: TestServiceOptions = {}) {
  const made = createTestServices(database, { start, ...options });
  return { ...made, gateway: made.gateway as SimulatedGateway };
}

const setup = pledgedProject;

const runSettlement = (services: AppServices) => settleDueJob.run({ ...services, now: services.clock.now() }, {});

/**
 * A worker that charges one pledge at a time (SETTLEMENT_CONCURRENCY=1), for the tests of where
 * exactly a crash or a hang leaves one worker's sequence; with several charges in flight the
 * neighbours of the crashed one finish too (decision 084).
 */
const oneAtATime = (services: AppServices): AppServices => ({ ...services, env: { ...services.env, SETTLEMENT_CONCURRENCY: 1 } });

async function pledgeStatuses(ids: string[]) {
  const rows = await database.db.selectFrom("pledges").select(["id", "status"]).where("id", "in", ids).execute();
  return ids.map((id) => rows.find((r) => r.id === id)!.status);
}

/** Payments the simulated gateway made per pledge (from its own tables): the source of truth for "charged once". */
async function gatewayPaymentsPerPledge(): Promise<Map<string, { count: number; succeeded: number }>> {
  const rows = await database.db
    .selectFrom("sim_payments")
    .select([
      sql<string>`metadata->>'pledgeId'`.as("pledge_id"),
      sql<number>`count(*)`.as("n"),
      sql<number>`count(*) filter (where status = 'succeeded')`.as("ok"),
    ])
    .where(sql`metadata->>'purpose'`, "=", "pledge")
    .groupBy(sql`metadata->>'pledgeId'`)
    .execute();
  return new Map(rows.map((r) => [r.pledge_id, { count: Number(r.n), succeeded: Number(r.ok) }]));
}

async function expectLedgerVerifies() {
  const report = await verifyLedger(database.db, extensions.ledgerChecks);
  expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  expect(report.ok).toBe(true);
  return report;
}

describe("settlement at the deadline", () => {
  it("all-or-nothing, goal reached: succeeded, every pledge charged once; a card that declines → payment_failed with a 7-day fix window", async () => {
    const { services, gateway, clock } = world();
    const { project, pledgeIds } = await setup(services, gateway, {
      goalCents: 10_000,
      cards: [CARD.succeeds, CARD.mastercard, CARD.declinesCharges],
      amounts: [5_000, 3_000, 4_000],
    });
    // Before the deadline nothing happens.
    expect((await runSettlement(services)).processed).toBe(0);
    clock.advance(10 * DAY);
    const summary = await runSettlement(services);
    expect(summary.detail).toMatchObject({ succeeded: 1, failed: 0, charged: 2, chargeFailed: 1 });
    expect(await pledgeStatuses(pledgeIds)).toEqual(["charged", "charged", "payment_failed"]);
    const failed = await database.db.selectFrom("pledges").select("fix_until").where("id", "=", pledgeIds[2]!).executeTakeFirstOrThrow();
    expect(failed.fix_until).toEqual(new Date(clock.now().getTime() + 7 * DAY));
    expect(await recomputedTotals(database.db, project.id)).toEqual({
      maintained: { pledged: 12_000, collected: 8_000, backers: 3 },
      recomputed: { pledged: 12_000, collected: 8_000, backers: 3 },
    });
    const payments = await gatewayPaymentsPerPledge();
    expect(pledgeIds.map((id) => payments.get(id))).toEqual([
      { count: 1, succeeded: 1 },
      { count: 1, succeeded: 1 },
      { count: 1, succeeded: 0 },
    ]);
    // A second run changes nothing.
    expect((await runSettlement(services)).processed).toBe(0);
    expect((await gatewayPaymentsPerPledge()).get(pledgeIds[0]!)).toEqual({ count: 1, succeeded: 1 });
    const kinds = await database.db.selectFrom("notifications").select("kind").execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(
      [
        "pledge.saved",
        "pledge.saved",
        "pledge.saved",
        "pledge.charged",
        "pledge.charged",
        "pledge.payment_failed",
        "project.approved",
        "project.launched",
        // The initiator hears of each new backer (issue 13 §17).
        "project.new_backer",
        "project.new_backer",
        "project.new_backer",
        "project.submitted",
        "project.succeeded",
        // Milestone prompts as the pledges pass 25–100% of the goal (issue 16, decision 076): each
        // milestone told once, to the backers so far and the initiator.
        ...Array<string>(6).fill("ambassador.milestone_backer"),
        ...Array<string>(3).fill("ambassador.milestone_team"),
      ].sort(),
    );
    await expectLedgerVerifies();
  });

  it("all-or-nothing, goal missed: failed, nothing charged, every pledge released and the backers told", async () => {
    const { services, gateway, clock } = world();
    const { project, pledgeIds } = await setup(services, gateway, { goalCents: 100_000, cards: [CARD.succeeds, CARD.succeeds], amounts: [5_000, 3_000] });
    clock.advance(10 * DAY);
    expect((await runSettlement(services)).detail).toMatchObject({ succeeded: 0, failed: 1, charged: 0 });
    expect(await pledgeStatuses(pledgeIds)).toEqual(["released", "released"]);
    expect((await gatewayPaymentsPerPledge()).size).toBe(0);
    expect((await recomputedTotals(database.db, project.id)).maintained).toEqual({ pledged: 8_000, collected: 0, backers: 2 });
    const released = await database.db.selectFrom("notifications").select("kind").where("kind", "=", "pledge.released").execute();
    expect(released).toHaveLength(2);
    await expectLedgerVerifies();
  });

  it("keep-what-you-raise: charged at pledge time, succeeded at the deadline with what was raised", async () => {
    const { services, gateway, clock } = world();
    const { project, pledgeIds } = await setup(services, gateway, {
      goalCents: 100_000,
      cards: [CARD.succeeds, CARD.declinesCharges],
      amounts: [2_500, 1_500],
      fundingModel: "keep_what_you_raise",
    });
    // The pledges' charges at pledge time are due right away (here run by the sweep).
    await runSettlement(services);
    expect(await pledgeStatuses(pledgeIds)).toEqual(["charged", "payment_failed"]);
    clock.advance(10 * DAY);
    // At the deadline (10 days later) the unfixed payment's 7-day window has closed as well.
    expect((await runSettlement(services)).detail).toMatchObject({ succeeded: 1, dropped: 1 });
    expect(await pledgeStatuses(pledgeIds)).toEqual(["charged", "dropped"]);
    const row = await database.db
      .selectFrom("projects")
      .select(["status", "collected_cents", "pledged_cents"])
      .where("id", "=", project.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "succeeded", collected_cents: 2_500, pledged_cents: 2_500 });
    await expectLedgerVerifies();
  });
});

describe("failed payments: the fix window", () => {
  it("the backer fixes a declined payment with another card on the payment page → charged", async () => {
    const { services, gateway, clock } = world();
    const { project, pledgeIds, backers } = await setup(services, gateway, { goalCents: 5_000, cards: [CARD.declinesCharges], amounts: [6_000] });
    clock.advance(10 * DAY);
    await runSettlement(services);
    expect(await pledgeStatuses(pledgeIds)).toEqual(["payment_failed"]);
    const backer = { id: backers[0]!.id, email: "fix@test.nl", displayName: "Fixer" };
    const fix = await startFixPayment(paymentDeps(services), { pledgeId: pledgeIds[0]!, backer, locale: "nl" });
    if (!fix.ok) throw new Error(fix.error);
    // Coming back to the fix page continues the same payment page.
    const again = await startFixPayment(paymentDeps(services), { pledgeId: pledgeIds[0]!, backer, locale: "nl" });
    expect(again).toEqual(fix);
    const sessionId = new URL(fix.redirectTo).pathname.split("/").pop()!;
    // A declined try on the page is not the end...
    expect((await gateway.hosted.submitCard(sessionId, { number: CARD.declined, expMonth: 12, expYear: 2099, cvc: "123" })).ok).toBe(false);
    expect(await pledgeStatuses(pledgeIds)).toEqual(["payment_failed"]);
    // ...a good card settles it (through the gateway's event, not the return URL).
    const paid = await gateway.hosted.submitCard(sessionId, { number: CARD.succeeds, expMonth: 12, expYear: 2099, cvc: "123" });
    expect(paid.ok).toBe(true);
    expect(await pledgeStatuses(pledgeIds)).toEqual(["charged"]);
    expect((await recomputedTotals(database.db, project.id)).maintained).toMatchObject({ collected: 6_000 });
    await expectLedgerVerifies();
  });

  it("authentication required on every payment (4000 0027 6000 3184): payment_failed, then fixed through 3-D Secure", async () => {
    const { services, gateway, clock } = world();
    const { pledgeIds, backers } = await setup(services, gateway, { goalCents: 1_000, cards: [CARD.authenticateAlways], amounts: [2_000] });
    clock.advance(10 * DAY);
    await runSettlement(services);
    expect(await pledgeStatuses(pledgeIds)).toEqual(["payment_failed"]);
    const attempt = await database.db
      .selectFrom("pledge_payment_attempts")
      .select(["status", "failure_code"])
      .where("pledge_id", "=", pledgeIds[0]!)
      .executeTakeFirstOrThrow();
    expect(attempt).toEqual({ status: "requires_action", failure_code: "authentication_required" });
    const fix = await startFixPayment(paymentDeps(services), {
      pledgeId: pledgeIds[0]!,
      backer: { id: backers[0]!.id, email: "x@test.nl", displayName: "X" },
      locale: "nl",
    });
    if (!fix.ok) throw new Error(fix.error);
    const sessionId = new URL(fix.redirectTo).pathname.split("/").pop()!;
    const submitted = await gateway.hosted.submitCard(sessionId, { number: CARD.authenticateAlways, expMonth: 12, expYear: 2099, cvc: "123" });
    if (!submitted.ok) throw new Error("card refused");
    expect(submitted.redirectTo).toContain("/pay/sim/authenticate/");
    await completeAuthentication(gateway, submitted.redirectTo, true);
    expect(await pledgeStatuses(pledgeIds)).toEqual(["charged"]);
    await expectLedgerVerifies();
  });

  it("not fixed within 7 days → dropped, and the pledged total no longer counts it", async () => {
    const { services, gateway, clock } = world();
    const { project, pledgeIds } = await setup(services, gateway, { goalCents: 5_000, cards: [CARD.succeeds, CARD.declinesCharges], amounts: [5_000, 2_000] });
    clock.advance(10 * DAY);
    await runSettlement(services);
    clock.advance(7 * DAY - 60_000);
    expect((await runSettlement(services)).detail).toMatchObject({ dropped: 0 });
    expect(await pledgeStatuses(pledgeIds)).toEqual(["charged", "payment_failed"]);
    clock.advance(60_000);
    expect((await runSettlement(services)).detail).toMatchObject({ dropped: 1 });
    expect(await pledgeStatuses(pledgeIds)).toEqual(["charged", "dropped"]);
    expect(
      await startFixPayment(paymentDeps(services), { pledgeId: pledgeIds[1]!, backer: { id: "x", email: "x@test.nl", displayName: "X" }, locale: "nl" }),
    ).toEqual({ ok: false, error: "pledges.fix.closed" });
    expect(await recomputedTotals(database.db, project.id)).toEqual({
      maintained: { pledged: 5_000, collected: 5_000, backers: 1 },
      recomputed: { pledged: 5_000, collected: 5_000, backers: 1 },
    });
    expect((await database.db.selectFrom("notifications").select("kind").where("kind", "=", "pledge.dropped").execute()).length).toBe(1);
    await expectLedgerVerifies();
  });
});

describe("cancelling after the money came in", () => {
  it("a moderator cancels a succeeded project before payout: charged pledges are refunded, failed ones released", async () => {
    const { services, gateway, clock } = world();
    const { project, pledgeIds } = await setup(services, gateway, { goalCents: 5_000, cards: [CARD.succeeds, CARD.declinesCharges], amounts: [5_000, 2_000] });
    clock.advance(10 * DAY);
    await runSettlement(services);
    const { applyProjectEvent } = await import("../projects/projects.server");
    const [mod] = await createUsers(database.db, "mod-cancel", 1, "moderator");
    const cancelled = await applyProjectEvent(
      database.db,
      { projectId: project.id, actor: { id: mod!, role: "moderator" }, event: { type: "cancel", by: "moderator", reason: "Fraude" }, now: clock.now() },
      extensions.projectTransitionEffects,
    );
    expect(cancelled).toMatchObject({ ok: true, to: "cancelled" });
    expect(await pledgeStatuses(pledgeIds)).toEqual(["charged", "released"]);
    expect((await runSettlement(services)).detail).toMatchObject({ refunded: 1 });
    expect(await pledgeStatuses(pledgeIds)).toEqual(["refunded", "released"]);
    expect((await recomputedTotals(database.db, project.id)).maintained).toMatchObject({ collected: 0 });
    expect((await runSettlement(services)).detail).toMatchObject({ refunded: 0 });
    await expectLedgerVerifies();
  });
});

describe("idempotent and resumable", () => {
  /** Events are lost on purpose: only the synchronous answers and our reruns can settle the charges. */
  const dropEvents = { deliver: async (_s: AppServices, _e: GatewayEvent) => undefined };

  it("killed halfway (the gateway charged, the answer was lost) and rerun: nobody charged twice, everyone once", async () => {
    let charges = 0;
    let killAfter = 3;
    const { services, gateway, clock } = world({
      ...dropEvents,
      gateway: {
        faults: {
          afterCommit: (operation) => {
            if (operation !== "payment_intents.create.off_session") return;
            charges++;
            if (charges === killAfter + 1) throw new Error("killed after the gateway charged");
          },
        },
      },
    });
    const cards = Array.from({ length: 7 }, () => CARD.succeeds);
    const { project, pledgeIds } = await setup(services, gateway, { goalCents: 7_000, cards, amounts: cards.map(() => 1_000) });
    clock.advance(10 * DAY);
    await expect(runSettlement(oneAtATime(services))).rejects.toThrow(/killed/);
    const statuses = await pledgeStatuses(pledgeIds);
    expect(statuses.filter((s) => s === "charged")).toHaveLength(3);
    expect(statuses.filter((s) => s === "active")).toHaveLength(4);
    killAfter = Number.POSITIVE_INFINITY;
    await runSettlement(services);
    expect(await pledgeStatuses(pledgeIds)).toEqual(cards.map(() => "charged"));
    const payments = await gatewayPaymentsPerPledge();
    expect(pledgeIds.map((id) => payments.get(id))).toEqual(cards.map(() => ({ count: 1, succeeded: 1 })));
    // The killed one was repeated with the same idempotency key, not charged again.
    const attempts = await database.db.selectFrom("pledge_payment_attempts").select(["pledge_id"]).where("kind", "=", "charge").execute();
    expect(attempts).toHaveLength(7);
    expect((await recomputedTotals(database.db, project.id)).maintained).toMatchObject({ collected: 7_000 });
    await expectLedgerVerifies();
  });

  it("a worker that hangs after charging holds its attempt for a lease; after it, a rerun finishes the same charge", async () => {
    let hang = true;
    const { services, gateway, clock } = world(dropEvents);
    const { project, pledgeIds } = await setup(services, gateway, { goalCents: 1_000, cards: [CARD.succeeds, CARD.succeeds], amounts: [1_000, 1_000] });
    clock.advance(10 * DAY);
    const real = gateway.chargeOffSession.bind(gateway);
    const hanging: AppServices = {
      ...oneAtATime(services),
      gateway: {
        ...gateway,
        chargeOffSession: async (input: ChargeOffSessionInput) => {
          const result = await real(input);
          if (hang) return new Promise<never>(() => undefined); // charged, but never answers
          return result;
        },
      },
    };
    void runSettlement(hanging); // worker 1: charges the first pledge and hangs forever
    await new Promise((r) => setTimeout(r, 1_500));
    hang = false;
    await runSettlement(services); // worker 2: the first pledge is leased to worker 1 → skipped
    expect((await pledgeStatuses(pledgeIds)).sort()).toEqual(["active", "charged"]);
    clock.advance(ATTEMPT_LEASE_MS + 1_000);
    await runSettlement(services); // the lease ran out: the same call again, same key
    expect(await pledgeStatuses(pledgeIds)).toEqual(["charged", "charged"]);
    const payments = await gatewayPaymentsPerPledge();
    expect(pledgeIds.map((id) => payments.get(id))).toEqual([
      { count: 1, succeeded: 1 },
      { count: 1, succeeded: 1 },
    ]);
    expect((await recomputedTotals(database.db, project.id)).maintained).toMatchObject({ collected: 2_000 });
    await expectLedgerVerifies();
  });

  it("a worker that dies right after the gateway charged keeps its lease: the sweep waits for it, then finishes the same charge", async () => {
    const { services, gateway, clock } = world(dropEvents);
    const { project, pledgeIds } = await setup(services, gateway, { goalCents: 1_000, cards: [CARD.succeeds], amounts: [1_000] });
    clock.advance(10 * DAY);
    await settleDueProjects(services.db, clock.now(), extensions.projectTransitionEffects);
    const died = {
      afterGatewayCall: () => {
        throw new Error("the worker died");
      },
    };
    await expect(chargeDuePledges(paymentDeps(services), { hooks: died })).rejects.toThrow(/worker died/);
    await runSettlement(services); // another worker, within the lease: leaves it alone
    expect(await pledgeStatuses(pledgeIds)).toEqual(["active"]);
    clock.advance(ATTEMPT_LEASE_MS);
    await runSettlement(services); // the lease ran out: the same call again, same key
    expect(await pledgeStatuses(pledgeIds)).toEqual(["charged"]);
    expect((await gatewayPaymentsPerPledge()).get(pledgeIds[0]!)).toEqual({ count: 1, succeeded: 1 });
    expect((await recomputedTotals(database.db, project.id)).maintained).toMatchObject({ collected: 1_000 });
    await expectLedgerVerifies();
  });

  it(`two workers at the same time charge each pledge once (${usingServer() ? "Postgres server, parallel" : "PGlite, interleaved"})`, async () => {
    const { services, gateway, clock } = world(dropEvents);
    const cards = Array.from({ length: 12 }, (_, i) => (i % 4 === 3 ? CARD.declinesCharges : CARD.succeeds));
    const { project, pledgeIds } = await setup(services, gateway, { goalCents: 5_000, cards, amounts: cards.map(() => 1_000) });
    clock.advance(10 * DAY);
    const [a, b] = await Promise.all([runSettlement(services), runSettlement(services)]);
    console.info(`two workers: ${JSON.stringify(a.detail)} / ${JSON.stringify(b.detail)}`);
    expect((a.detail?.charged ?? 0) + (b.detail?.charged ?? 0)).toBe(9);
    expect((a.detail?.chargeFailed ?? 0) + (b.detail?.chargeFailed ?? 0)).toBe(3);
    const payments = await gatewayPaymentsPerPledge();
    expect(pledgeIds.map((id) => payments.get(id)?.count)).toEqual(cards.map(() => 1));
    const attempts = await database.db
      .selectFrom("pledge_payment_attempts")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(attempts.n)).toBe(12);
    expect((await recomputedTotals(database.db, project.id)).maintained).toMatchObject({ collected: 9_000, pledged: 12_000 });
    await expectLedgerVerifies();
  });
});
