import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts } from "../ledger/ledger";
import { balanceOf, listJournals } from "../ledger/ledger.server";
import { sealLedger } from "../ledger/seal.server";
import { verifyLedger } from "../ledger/verify.server";
import { getProjectLedgerPage } from "../pages/project-ledger.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD } from "../payments/simulated/testing.server";
import { getProjectBySlug } from "../projects/projects.server";
import type { AppServices } from "../services.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { payOutDueJob } from "./job.server";
import { createDuePayouts, getPayoutAccountRow, getPayoutStatement, listPayoutEvents, sendPendingPayouts, startPayoutOnboarding } from "./payouts.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const start = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;
const MINUTE = 60_000;

/** The initiator onboards on the simulated Connect page, as they would in the browser. */
async function onboard(services: AppServices, gateway: SimulatedGateway, userId: string, bank = "rabobank") {
  const link = await startPayoutOnboarding(
    { db: services.db, gateway, logger: services.logger, now: () => services.clock.now() },
    { userId, email: `${userId}@test.nl`, returnUrl: "http://buurtkracht.test/done", refreshUrl: "http://buurtkracht.test/again" },
  );
  if (!link.ok) throw new Error(link.error);
  const token = new URL(link.url).pathname.split("/").pop()!;
  const done = await gateway.onboarding.submit(token, { holderName: "Iris Initiatiefnemer", bank });
  expect(done).toEqual({ ok: true, redirectTo: "http://buurtkracht.test/done" });
}

/** A succeeded, fully settled project: € 20 + € 15 with a 5 % platform fee. */
async function settledProject() {
  const made = createTestServices(database, { start });
  const { services, clock, gateway } = made;
  const pledged = await pledgedProject(services, gateway, {
    goalCents: 3_500,
    cards: [CARD.succeeds, CARD.succeeds],
    amounts: [2_000, 1_500],
    platformFeeBps: 500,
  });
  clock.advance(10 * DAY);
  await settleDueJob.run({ ...services, now: clock.now() }, {});
  return { ...made, ...pledged };
}

const runPayouts = (services: AppServices) => payOutDueJob.run({ ...services, now: services.clock.now() }, {});

async function ledgerClean(services: AppServices) {
  await sealLedger(services.db);
  const report = await verifyLedger(services.db, extensions.ledgerChecks);
  return report.results.filter((r) => r.problems.length || r.error);
}

describe("paying out a succeeded project", () => {
  it("waits for a verified account, pays collected − fees in one transfer, books each step and reaches paid_out", async () => {
    const { services, clock, gateway, project, initiatorId } = await settledProject();
    // Fees: card 1.5 % + € 0.25 (55 + 48), platform 5 % (100 + 75): € 35 − € 1.03 − € 1.75.
    const payable = 3_500 - 103 - 175;
    expect(await balanceOf(services.db, accounts.project(project.id))).toBe(payable);

    // No account yet: nothing is paid out.
    await runPayouts(services);
    expect(await listPayoutEvents(services.db, project.id)).toEqual([]);

    await onboard(services, gateway, initiatorId);
    expect(await getPayoutAccountRow(services.db, initiatorId, "simulated")).toMatchObject({ status: "verified", bank_last4: "5264", bank_name: "Rabobank" });

    await runPayouts(services);
    const sim = await services.db.selectFrom("sim_payouts").selectAll().execute();
    expect(sim).toHaveLength(1);
    expect(sim[0]).toMatchObject({ amount_cents: payable, status: "in_transit" });
    expect(sim[0]!.metadata).toMatchObject({ purpose: "payout", projectId: project.id });
    const payout = await services.db.selectFrom("payouts").selectAll().where("project_id", "=", project.id).executeTakeFirstOrThrow();
    expect(payout).toMatchObject({ status: "in_transit", amount_cents: payable, gateway_ref: sim[0]!.id, idempotency_key: `payout:${project.id}:1` });
    expect(await balanceOf(services.db, accounts.project(project.id))).toBe(0);
    expect(await balanceOf(services.db, accounts.payoutsInTransit)).toBe(payable);

    // A second run pays nothing more.
    await runPayouts(services);
    expect(await services.db.selectFrom("sim_payouts").select("id").execute()).toHaveLength(1);

    // The bank has it (the simulator's sweep): the project is paid out.
    clock.advance(5 * MINUTE);
    await gateway.runDue(clock.now());
    const paid = await services.db.selectFrom("payouts").selectAll().where("id", "=", payout.id).executeTakeFirstOrThrow();
    expect(paid.status).toBe("paid");
    expect((await services.db.selectFrom("projects").select("status").where("id", "=", project.id).executeTakeFirstOrThrow()).status).toBe("paid_out");
    expect(await balanceOf(services.db, accounts.payout(project.id))).toBe(payable);
    expect(await balanceOf(services.db, accounts.payoutsInTransit)).toBe(0);

    expect((await listPayoutEvents(services.db, project.id)).map((e) => [e.event, e.from_status, e.to_status])).toEqual([
      ["created", null, "pending"],
      ["sent", "pending", "in_transit"],
      ["paid", "in_transit", "paid"],
    ]);
    const journals = await listJournals(services.db, { refs: { payoutId: payout.id } });
    expect(journals.map((j) => [j.kind, j.refs.projectId])).toEqual([
      ["payout.sent", project.id],
      ["payout.paid", project.id],
    ]);
    const notices = await services.db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", initiatorId)
      .where("kind", "like", "payout.%")
      .orderBy("id")
      .execute();
    expect(notices.map((n) => n.kind).sort()).toEqual(["payout.paid", "payout.sent"]);

    expect(await getPayoutStatement(services.db, project.id)).toMatchObject({
      collectedCents: 3_500,
      processingFeeCents: 103,
      platformFeeCents: 175,
      refundedCents: 0,
      payableCents: payable,
      paidOutCents: payable,
      payout: { status: "paid", amountCents: payable, bankLast4: "5264" },
    });

    // On the public ledger, sealed, and ledger:verify is clean.
    expect(await ledgerClean(services)).toEqual([]);
    const page = await getProjectLedgerPage(services.db, (await getProjectBySlug(services.db, project.slug))!);
    expect(page.lines.filter((l) => l.kind.startsWith("payout.")).map((l) => [l.kind, l.descriptionKey, l.cashDeltaCents, l.seq !== null])).toEqual([
      ["payout.sent", "ledger.kind.payout.sent", -payable, true],
      ["payout.paid", "ledger.kind.payout.paid", 0, true],
    ]);
    expect(page.totals).toMatchObject({ collectedCents: 3_500, feesCents: 278, paidOutCents: payable, balanceCents: 0 });
  });

  it("a payout the bank returns puts the money back on the project; after the initiator fixes the details, a new attempt pays", async () => {
    const { services, clock, gateway, project, initiatorId } = await settledProject();
    const payable = 3_500 - 103 - 175;
    await onboard(services, gateway, initiatorId, "test_bounce");
    await runPayouts(services);
    clock.advance(5 * MINUTE);
    await gateway.runDue(clock.now());

    const first = await services.db.selectFrom("payouts").selectAll().where("project_id", "=", project.id).executeTakeFirstOrThrow();
    expect(first).toMatchObject({ status: "failed", failure_code: "account_closed", attempt_no: 1 });
    expect(await balanceOf(services.db, accounts.project(project.id))).toBe(payable);
    expect((await services.db.selectFrom("projects").select("status").where("id", "=", project.id).executeTakeFirstOrThrow()).status).toBe("succeeded");
    // The gateway disabled payouts until the details are fixed: no retry into the same bank.
    expect((await getPayoutAccountRow(services.db, initiatorId, "simulated"))?.status).toBe("details_needed");
    await runPayouts(services);
    expect(await services.db.selectFrom("payouts").select("id").where("project_id", "=", project.id).execute()).toHaveLength(1);
    expect(await ledgerClean(services)).toEqual([]);

    await onboard(services, gateway, initiatorId, "ing");
    await runPayouts(services);
    clock.advance(5 * MINUTE);
    await gateway.runDue(clock.now());
    const all = await services.db
      .selectFrom("payouts")
      .select(["attempt_no", "status", "amount_cents", "bank_last4"])
      .where("project_id", "=", project.id)
      .orderBy("attempt_no")
      .execute();
    expect(all).toEqual([
      { attempt_no: 1, status: "failed", amount_cents: payable, bank_last4: "0002" },
      { attempt_no: 2, status: "paid", amount_cents: payable, bank_last4: "3000" },
    ]);
    const kinds = (await listJournals(services.db, { refs: { projectId: project.id } })).map((j) => j.kind).filter((k) => k.startsWith("payout."));
    expect(kinds).toEqual(["payout.sent", "payout.failed", "payout.sent", "payout.paid"]);
    const notices = await services.db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", initiatorId)
      .where("kind", "like", "payout.%")
      .orderBy("id")
      .execute();
    expect(notices.map((n) => n.kind).sort()).toEqual(["payout.failed", "payout.paid", "payout.sent", "payout.sent"]);
    expect(await ledgerClean(services)).toEqual([]);
  });

  it("a crash after the gateway took the payout (its events lost too) is retried with the same key and pays once", async () => {
    const made = createTestServices(database, {
      start,
      deliver: async () => {
        throw new Error("the app is down");
      },
    });
    const { services, clock, gateway } = made;
    const { project, initiatorId } = await pledgedProject(services, gateway, { goalCents: 1_000, cards: [CARD.succeeds], amounts: [1_000] });
    clock.advance(10 * DAY);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    // Events are not delivered in this world: apply the ones we need by hand.
    const { applyGatewayEvent } = await import("../payments/events.server");
    const deliverPending = async () => {
      const rows = await services.db.selectFrom("sim_events").select("payload").where("delivered_at", "is", null).orderBy("seq").execute();
      for (const r of rows) await applyGatewayEvent(services, r.payload as never);
    };
    await deliverPending();
    await onboard(services, gateway, initiatorId);
    await deliverPending();
    expect((await getPayoutAccountRow(services.db, initiatorId, "simulated"))?.status).toBe("verified");
    const deps = { db: services.db, gateway, logger: services.logger, now: () => clock.now() };
    expect(await createDuePayouts(services.db, "simulated", clock.now())).toBe(1);
    await expect(
      sendPendingPayouts(deps, extensions.projectTransitionEffects, {
        hooks: {
          afterGatewayCall: () => {
            throw new Error("worker died");
          },
        },
      }),
    ).rejects.toThrow("worker died");
    const crashed = await services.db.selectFrom("payouts").selectAll().where("project_id", "=", project.id).executeTakeFirstOrThrow();
    expect(crashed.status).toBe("pending");
    // Before the lease runs out nobody takes it; after, the same key gets the same payout.
    expect(await sendPendingPayouts(deps, extensions.projectTransitionEffects)).toEqual({ sent: 0, failed: 0, errors: 0 });
    clock.advance(3 * MINUTE);
    expect(await sendPendingPayouts(deps, extensions.projectTransitionEffects)).toEqual({ sent: 1, failed: 0, errors: 0 });
    const simRows = await services.db.selectFrom("sim_payouts").select(["id", "metadata", "amount_cents"]).execute();
    expect(simRows.filter((r) => (r.metadata as Record<string, string>).projectId === project.id)).toHaveLength(1);
    const again = await services.db.selectFrom("payouts").selectAll().where("id", "=", crashed.id).executeTakeFirstOrThrow();
    expect(again.status).toBe("in_transit");
    expect((await listJournals(services.db, { refs: { payoutId: crashed.id } })).map((j) => j.kind)).toEqual(["payout.sent"]);
    // The late events change nothing.
    await deliverPending();
    expect((await listJournals(services.db, { refs: { payoutId: crashed.id } })).map((j) => j.kind)).toEqual(["payout.sent"]);
    expect(await ledgerClean(services)).toEqual([]);
  });

  it("the database allows one payout per project that has not failed", async () => {
    const { services, project, initiatorId, gateway } = await settledProject();
    await onboard(services, gateway, initiatorId);
    await runPayouts(services);
    const now = services.clock.now();
    await expect(
      services.db
        .insertInto("payouts")
        .values({
          project_id: project.id,
          initiator_id: initiatorId,
          attempt_no: 2,
          gateway: "simulated",
          account_id: "acct_sim_x",
          amount_cents: 100,
          status: "pending",
          idempotency_key: `payout:${project.id}:2`,
          created_at: now,
          updated_at: now,
        })
        .execute(),
    ).rejects.toThrow(/payouts_one_live_per_project|payouts_one_per_period/);
  });

  it("a settled project gets one payout ever: once it is paid, neither the job nor the database makes a second (decision 079)", async () => {
    const { services, clock, project, initiatorId, gateway } = await settledProject();
    await onboard(services, gateway, initiatorId);
    await runPayouts(services);
    clock.advance(5 * MINUTE);
    await gateway.runDue(clock.now());
    const [paid] = await services.db.selectFrom("payouts").selectAll().where("project_id", "=", project.id).execute();
    expect(paid).toMatchObject({ status: "paid", period: null, idempotency_key: `payout:${project.id}:1` });
    expect((await services.db.selectFrom("projects").select("status").where("id", "=", project.id).executeTakeFirstOrThrow()).status).toBe("paid_out");
    // A month later (when ongoing projects are paid out) nothing more for this one.
    clock.advance(35 * DAY);
    await runPayouts(services);
    expect(await services.db.selectFrom("payouts").select("id").where("project_id", "=", project.id).execute()).toHaveLength(1);
    // Nor may anything write a second one that has not failed, even when the first is no longer on its way.
    const now = clock.now();
    await expect(
      services.db
        .insertInto("payouts")
        .values({
          project_id: project.id,
          initiator_id: initiatorId,
          attempt_no: 2,
          gateway: "simulated",
          account_id: paid!.account_id,
          amount_cents: 100,
          status: "paid",
          idempotency_key: `payout:${project.id}:2`,
          gateway_ref: "po_sim_second",
          created_at: now,
          updated_at: now,
        })
        .execute(),
    ).rejects.toThrow(/payouts_one_per_period/);
  });

  it("a pledge refunded before the payout: the statement shows it and the payout is what is left", async () => {
    const { services, clock, gateway, project, initiatorId, pledgeIds, moderatorId } = await settledProject();
    const { requestModeratorRefund } = await import("../pledges/moderator-refunds.server");
    expect(
      await requestModeratorRefund(services.db, { projectId: project.id, pledgeId: pledgeIds[1]!, moderatorId, reason: "Dubbel betaald", now: clock.now() }),
    ).toMatchObject({ ok: true });
    // The refund is running: settlement is not complete, so nothing is paid out yet.
    await onboard(services, gateway, initiatorId);
    await runPayouts(services);
    expect(await services.db.selectFrom("payouts").select("id").where("project_id", "=", project.id).execute()).toEqual([]);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    await runPayouts(services);
    // € 15 back to the backer (its platform fee returned, its processing fee borne by the platform): € 20 − 0.55 − 1.00.
    expect(await getPayoutStatement(services.db, project.id)).toMatchObject({
      collectedCents: 3_500,
      processingFeeCents: 55,
      platformFeeCents: 100,
      refundedCents: 1_500,
      payableCents: 1_845,
      payout: { status: "in_transit", amountCents: 1_845 },
    });
    expect(await ledgerClean(services)).toEqual([]);
  });

  it("ledger:verify names a payout whose journals do not follow its status", async () => {
    const { services, project, initiatorId, gateway } = await settledProject();
    await onboard(services, gateway, initiatorId);
    await runPayouts(services);
    const payout = await services.db.selectFrom("payouts").selectAll().where("project_id", "=", project.id).executeTakeFirstOrThrow();
    // Marked paid behind the writer's back: no payout.paid journal.
    await services.db.updateTable("payouts").set({ status: "paid" }).where("id", "=", payout.id).execute();
    const problems = (await ledgerClean(services)).flatMap((r) => r.problems);
    expect(problems).toContain(`payout ${payout.id} (paid): payout.paid booked 0 cents, expected ${payout.amount_cents}`);
    expect(problems.some((p) => p.startsWith("payouts in transit:"))).toBe(true);
    await services.db.updateTable("payouts").set({ status: "in_transit" }).where("id", "=", payout.id).execute();
  });

  it("a moderator can no longer cancel the project, or refund a pledge, once its payout started", async () => {
    const { services, project, initiatorId, gateway, moderatorId, pledgeIds } = await settledProject();
    await onboard(services, gateway, initiatorId);
    await runPayouts(services);
    const { applyProjectEvent } = await import("../projects/projects.server");
    const r = await applyProjectEvent(
      services.db,
      {
        projectId: project.id,
        actor: { id: moderatorId, role: "moderator" },
        event: { type: "cancel", by: "moderator", reason: "Fraude" },
        now: services.clock.now(),
      },
      extensions.projectTransitionEffects,
    );
    expect(r).toEqual({ ok: false, error: "PayoutStarted" });
    const { requestModeratorRefund } = await import("../pledges/moderator-refunds.server");
    const refund = await requestModeratorRefund(services.db, {
      projectId: project.id,
      pledgeId: pledgeIds[0]!,
      moderatorId,
      reason: "Dubbel",
      now: services.clock.now(),
    });
    expect(refund).toEqual({ ok: false, error: "pledges.refund.paidOut" });
  });
});
