import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accounts } from "../ledger/ledger";
import { balanceOf, listJournals } from "../ledger/ledger.server";
import { sealLedger } from "../ledger/seal.server";
import { verifyLedger } from "../ledger/verify.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD } from "../payments/simulated/testing.server";
import { changeMonthlyGift, startMonthlyGift } from "../recurring/gifts.server";
import { recurringChargesJob } from "../recurring/jobs.server";
import type { AppServices } from "../services.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices } from "../test/services";
import { applyProjectEvent } from "../projects/projects.server";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { payOutDueJob } from "./job.server";
import { getPayoutStatement, listPayoutEvents, startPayoutOnboarding } from "./payouts.server";

/**
 * An ongoing project's monthly money reaches its initiator (docs/decisions/079-ongoing-payouts.md):
 * each paid month books its fees with the `recurring.paid` journal, and once a month is over the
 * payout job pays that month's balance — the project keeps running.
 */
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

const start = new Date("2026-12-07T10:00:00Z");
const DAY = 86_400_000;
const MINUTE = 60_000;

async function world() {
  const made = createTestServices(database, { start });
  // A 5 % platform fee, as PLATFORM_FEE_BPS=500 would set it.
  made.services.fees.platformBps = 500;
  const [initiator, moderator, anna, bram] = await createUsers(made.services.db, `o${Math.random().toString(36).slice(2, 7)}`, 4);
  await made.services.db.updateTable("users").set({ role: "moderator" }).where("id", "=", moderator!).execute();
  const project = await createLiveProject(made.services.db, {
    initiatorId: initiator!,
    moderatorId: moderator!,
    fundingModel: "ongoing",
    goalCents: 50_000,
    now: start,
  });
  return { ...made, gateway: made.gateway as SimulatedGateway, initiator: initiator!, moderator: moderator!, givers: [anna!, bram!] as const, project };
}
type World = Awaited<ReturnType<typeof world>>;

const runGifts = (services: AppServices) => recurringChargesJob.run({ ...services, now: services.clock.now() }, {});
const runPayouts = (services: AppServices) => payOutDueJob.run({ ...services, now: services.clock.now() }, {});

async function giveMonthly(w: World, giverId: string, amountCents: number) {
  const started = await startMonthlyGift(
    { db: w.services.db, gateway: w.gateway, appUrl: "http://buurtkracht.test" },
    { giverId, projectId: w.project.id, amountCents, locale: "nl", now: w.clock.now() },
  );
  if (!started.ok) throw new Error(started.error);
  const saved = await w.gateway.hosted.submitCard(new URL(started.url).pathname.split("/").pop()!, {
    number: CARD.succeeds,
    expMonth: 12,
    expYear: 2099,
    cvc: "123",
  });
  if (!saved.ok) throw new Error("card not saved");
  return started.giftId;
}

async function onboard(w: World) {
  const link = await startPayoutOnboarding(
    { db: w.services.db, gateway: w.gateway, logger: w.services.logger, now: () => w.clock.now() },
    { userId: w.initiator, email: "fatma@test.nl", returnUrl: "http://buurtkracht.test/done", refreshUrl: "http://buurtkracht.test/again" },
  );
  if (!link.ok) throw new Error(link.error);
  await w.gateway.onboarding.submit(new URL(link.url).pathname.split("/").pop()!, { holderName: "Fatma", bank: "rabobank" });
}

const payouts = (projectId: string) =>
  database.db
    .selectFrom("payouts")
    .select(["id", "period", "status", "amount_cents", "idempotency_key", "attempt_no"])
    .where("project_id", "=", projectId)
    .orderBy("attempt_no")
    .execute();
const projectStatus = async (id: string) => (await database.db.selectFrom("projects").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

/** The fees booked for one month of all gifts of the project: [processing, platform]. */
async function feesOf(projectId: string, period: string) {
  const journals = await listJournals(database.db, { refs: { projectId } });
  const sum = (kind: string) =>
    journals
      .filter((j) => j.kind === kind && j.refs.period === period)
      .flatMap((j) => j.entries)
      .filter((e) => e.account === accounts.project(projectId))
      .reduce((a, e) => a - e.amountCents, 0);
  return [sum("fee.processing"), sum("fee.platform")];
}

async function ledgerProblems(services: AppServices) {
  await sealLedger(services.db);
  const report = await verifyLedger(services.db, extensions.ledgerChecks);
  return report.results.filter((r) => r.problems.length || r.error);
}

describe("monthly payouts of an ongoing project (decision 079)", () => {
  it("two givers over two months: fees booked per month, two payouts of each month's balance, the project stays live", async () => {
    const w = await world();
    const [anna, bram] = w.givers;
    await giveMonthly(w, anna, 1_500);
    const bramGift = await giveMonthly(w, bram, 2_000);
    await onboard(w);

    // December: both months paid; card 1.5 % + € 0.25 (48 + 55) and 5 % for the platform (75 + 100).
    await runGifts(w.services);
    expect(await feesOf(w.project.id, "2026-12")).toEqual([103, 175]);
    const december = 3_500 - 103 - 175;
    expect(await balanceOf(w.services.db, accounts.project(w.project.id))).toBe(december);
    // Bram gives € 25 from January on.
    expect(
      await changeMonthlyGift(w.services.db, { giftId: bramGift, giverId: bram, action: { type: "change_amount", amountCents: 2_500 }, now: w.clock.now() }),
    ).toEqual({
      ok: true,
    });

    // Still December: the month is not over, nothing is paid out.
    await runPayouts(w.services);
    expect(await payouts(w.project.id)).toEqual([]);

    // 8 January: January's gifts are in (48 + 63, 75 + 125), and December's balance is paid out — only December's.
    w.clock.advance(32 * DAY);
    await runGifts(w.services);
    expect(await feesOf(w.project.id, "2027-01")).toEqual([111, 200]);
    const january = 4_000 - 111 - 200;
    expect(await balanceOf(w.services.db, accounts.project(w.project.id))).toBe(december + january);
    await runPayouts(w.services);
    expect(await payouts(w.project.id)).toEqual([
      expect.objectContaining({ period: "2026-12", status: "in_transit", amount_cents: december, idempotency_key: `payout:${w.project.id}:2026-12:1` }),
    ]);
    expect(await balanceOf(w.services.db, accounts.project(w.project.id))).toBe(january);
    w.clock.advance(5 * MINUTE);
    await w.gateway.runDue(w.clock.now());
    expect((await payouts(w.project.id)).map((p) => p.status)).toEqual(["paid"]);
    // The project keeps running (no paid_out), and takes the next month's gifts.
    expect(await projectStatus(w.project.id)).toBe("live");
    // The same month is not paid out twice, however often the job runs.
    await runPayouts(w.services);
    expect(await payouts(w.project.id)).toHaveLength(1);

    // 8 February: February's gifts are in; January's balance is paid out.
    w.clock.advance(31 * DAY);
    await runGifts(w.services);
    await runPayouts(w.services);
    w.clock.advance(5 * MINUTE);
    await w.gateway.runDue(w.clock.now());
    expect(await payouts(w.project.id)).toEqual([
      expect.objectContaining({ period: "2026-12", status: "paid", amount_cents: december }),
      expect.objectContaining({ period: "2027-01", status: "paid", amount_cents: january, idempotency_key: `payout:${w.project.id}:2027-01:2` }),
    ]);
    expect(await projectStatus(w.project.id)).toBe("live");
    expect(await balanceOf(w.services.db, accounts.project(w.project.id))).toBe(january); // February's, for March
    expect(await balanceOf(w.services.db, accounts.payout(w.project.id))).toBe(december + january);

    // The initiator's statement: what came in, each fee, what was paid out.
    expect(await getPayoutStatement(w.services.db, w.project.id)).toMatchObject({
      collectedCents: 3_500 + 4_000 + 4_000,
      processingFeeCents: 103 + 111 + 111,
      platformFeeCents: 175 + 200 + 200,
      refundedCents: 0,
      payableCents: december + january + january, // for the initiator since the start; what is left is February's
      paidOutCents: december + january,
      payout: { status: "paid", amountCents: january },
    });
    const notices = await w.services.db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", w.initiator)
      .where("kind", "like", "payout.%")
      .orderBy("id")
      .execute();
    expect(notices.map((n) => n.kind).sort()).toEqual(["payout.paid", "payout.paid", "payout.sent", "payout.sent"]);
    expect((await listPayoutEvents(w.services.db, w.project.id)).filter((e) => e.event === "project_not_paid_out")).toEqual([]);
    expect(await ledgerProblems(w.services)).toEqual([]);
  });

  it("waits for a verified account; a month without one is paid with the next", async () => {
    const w = await world();
    await giveMonthly(w, w.givers[0], 1_000);
    await runGifts(w.services); // December: 1 000 − (15 + 25) − 50
    w.clock.advance(32 * DAY);
    await runGifts(w.services); // January
    await runPayouts(w.services);
    expect(await payouts(w.project.id)).toEqual([]);
    // February, with an account now: everything up to January's end in one payout.
    w.clock.advance(31 * DAY);
    await onboard(w);
    await runPayouts(w.services);
    expect(await payouts(w.project.id)).toEqual([expect.objectContaining({ period: "2027-01", status: "in_transit", amount_cents: 2 * 910 })]);
    expect(await ledgerProblems(w.services)).toEqual([]);
  });

  it("a second payout on its way at the same time is refused by the database, one that has not failed per month too", async () => {
    const w = await world();
    await giveMonthly(w, w.givers[0], 1_000);
    await runGifts(w.services);
    await onboard(w);
    w.clock.advance(32 * DAY);
    await runPayouts(w.services);
    const [first] = await payouts(w.project.id);
    expect(first).toMatchObject({ status: "in_transit", period: "2026-12" });
    const row = await w.services.db.selectFrom("payouts").selectAll().where("id", "=", first!.id).executeTakeFirstOrThrow();
    const another = (period: string, attempt: number, status: "pending" | "paid") =>
      w.services.db
        .insertInto("payouts")
        .values({
          project_id: row.project_id,
          initiator_id: row.initiator_id,
          attempt_no: attempt,
          period,
          gateway: row.gateway,
          account_id: row.account_id,
          amount_cents: 1,
          status,
          idempotency_key: `test:${period}:${attempt}`,
          gateway_ref: status === "paid" ? "po_sim_x" : null,
          created_at: w.clock.now(),
          updated_at: w.clock.now(),
        })
        .execute();
    await expect(another("2027-01", 2, "pending")).rejects.toMatchObject({ code: "23505" });
    await expect(another("2026-12", 3, "paid")).rejects.toMatchObject({ code: "23505" });
  });

  it("a moderator may cancel an ongoing project between monthly payouts, not while one is on its way", async () => {
    const w = await world();
    await giveMonthly(w, w.givers[0], 1_000);
    await runGifts(w.services);
    await onboard(w);
    w.clock.advance(32 * DAY);
    await runPayouts(w.services);
    const cancel = () =>
      applyProjectEvent(
        w.services.db,
        {
          projectId: w.project.id,
          actor: { id: w.moderator, role: "moderator" },
          event: { type: "cancel", by: "moderator", reason: "Fraude gemeld" },
          now: w.clock.now(),
        },
        extensions.projectTransitionEffects,
      );
    expect((await payouts(w.project.id)).map((p) => p.status)).toEqual(["in_transit"]);
    expect(await cancel()).toMatchObject({ ok: false, error: "PayoutStarted" });
    w.clock.advance(5 * MINUTE);
    await w.gateway.runDue(w.clock.now());
    expect((await payouts(w.project.id)).map((p) => p.status)).toEqual(["paid"]);
    expect(await cancel()).toMatchObject({ ok: true });
    expect(await projectStatus(w.project.id)).toBe("cancelled");

    // Its givers are charged no more month: at the next due date the gift stops, and the giver is told why.
    const months = async () => (await w.services.db.selectFrom("recurring_gift_payments").select("period").execute()).map((m) => m.period).sort();
    expect(await months()).toEqual(["2026-12"]);
    w.clock.advance(31 * DAY);
    await runGifts(w.services);
    expect(await months()).toEqual(["2026-12"]);
    const gift = await w.services.db.selectFrom("recurring_gifts").select(["id", "status", "next_charge_at"]).executeTakeFirstOrThrow();
    expect(gift).toMatchObject({ status: "cancelled", next_charge_at: null });
    const events = await w.services.db.selectFrom("recurring_gift_events").select(["event", "note"]).where("gift_id", "=", gift.id).orderBy("id").execute();
    expect(events.at(-1)).toEqual({ event: "cancel_system", note: "target_closed" });
    const told = await w.services.db
      .selectFrom("notifications")
      .select("data")
      .where("user_id", "=", w.givers[0])
      .where("kind", "=", "recurring.cancelled")
      .executeTakeFirstOrThrow();
    expect(told.data).toMatchObject({ bySystem: true, targetClosed: true });
  });
});
