import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listJournals } from "../ledger/ledger.server";
import { verifyLedger } from "../ledger/verify.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD, saveTestCard } from "../payments/simulated/testing.server";
import type { AppServices } from "../services.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { changeMonthlyGift, startGiftFix, startMonthlyGift } from "./gifts.server";
import { recurringChargesJob } from "./jobs.server";
import { recurringPersonalData } from "./personal-data.server";
import { listMyGifts, projectMonthly } from "./reads.server";

let database: DatabaseHandle;
const start = new Date("2026-12-07T10:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

const runJob = (services: AppServices) => recurringChargesJob.run({ ...services, now: services.clock.now() }, {});
const giftServices = (services: AppServices) => ({ db: services.db, gateway: services.gateway, appUrl: "http://buurtkracht.test" });

async function world() {
  const made = createTestServices(database, { start });
  const [initiator, moderator, giver] = await createUsers(made.services.db, `r${Math.random().toString(36).slice(2, 7)}`, 3);
  await made.services.db.updateTable("users").set({ role: "moderator" }).where("id", "=", moderator!).execute();
  const project = await createLiveProject(made.services.db, {
    initiatorId: initiator!,
    moderatorId: moderator!,
    fundingModel: "ongoing",
    goalCents: 50_000,
    now: start,
  });
  return { ...made, gateway: made.gateway as SimulatedGateway, initiator: initiator!, moderator: moderator!, giver: giver!, project };
}

/** The giver starts a gift and saves a card on the simulated hosted page, as in the browser. */
async function startWithCard(w: Awaited<ReturnType<typeof world>>, amountCents: number, number: string) {
  const started = await startMonthlyGift(giftServices(w.services), {
    giverId: w.giver,
    projectId: w.project.id,
    amountCents,
    locale: "nl",
    now: w.clock.now(),
  });
  if (!started.ok) throw new Error(started.error);
  const sessionId = new URL(started.url).pathname.split("/").pop()!;
  const saved = await w.gateway.hosted.submitCard(sessionId, { number, expMonth: 12, expYear: 2099, cvc: "123" });
  if (!saved.ok) throw new Error("card not saved");
  return started.giftId;
}

const gift = (id: string) => database.db.selectFrom("recurring_gifts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const months = (id: string) =>
  database.db
    .selectFrom("recurring_gift_payments")
    .select(["period", "status", "attempts", "amount_cents"])
    .where("gift_id", "=", id)
    .orderBy("period")
    .execute();
const kinds = async (userId: string) =>
  (await database.db.selectFrom("notifications").select("kind").where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute()).map((n) => n.kind);
const events = async (id: string) =>
  (await database.db.selectFrom("recurring_gift_events").select("event").where("gift_id", "=", id).orderBy("id").execute()).map((e) => e.event);

async function expectLedgerVerifies() {
  const report = await verifyLedger(database.db, extensions.ledgerChecks);
  expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
}

/** Puts a card that declines every charge under the gift, as when the giver's card is blocked. */
async function blockCard(w: Awaited<ReturnType<typeof world>>, giftId: string) {
  const g = await gift(giftId);
  const declining = await saveTestCard(w.gateway, { customerId: g.customer_id, number: CARD.declinesCharges });
  await database.db.updateTable("recurring_gifts").set({ payment_method_id: declining!.id }).where("id", "=", giftId).execute();
}

describe("monthly gifts through the gateway (decision 077)", () => {
  it("start → the first month is charged → active; a month later the next one; each paid month one journal, ledger:verify clean", async () => {
    const w = await world();
    const id = await startWithCard(w, 1_500, CARD.succeeds);
    expect(await gift(id)).toMatchObject({ status: "pending", payment_method_id: expect.any(String) });
    await runJob(w.services);
    expect(await gift(id)).toMatchObject({ status: "active", failed_attempts: 0, next_charge_at: new Date("2027-01-07T10:00:00Z") });
    expect(await months(id)).toEqual([{ period: "2026-12", status: "paid", attempts: 1, amount_cents: 1_500 }]);
    // Nothing more this month, however often the job runs.
    await runJob(w.services);
    expect(await months(id)).toHaveLength(1);
    w.clock.advance(31 * DAY);
    await runJob(w.services);
    expect((await months(id)).map((m) => [m.period, m.status])).toEqual([
      ["2026-12", "paid"],
      ["2027-01", "paid"],
    ]);
    const journals = await listJournals(database.db, { kind: "recurring.paid" });
    expect(journals).toHaveLength(2);
    expect(journals[0]!.entries).toEqual(
      expect.arrayContaining([
        { account: `project:${w.project.id}`, amountCents: 1_500, book: "cash" },
        { account: `backer:${w.giver}`, amountCents: -1_500, book: "cash" },
      ]),
    );
    await expectLedgerVerifies();
    expect(await kinds(w.giver)).toEqual(["recurring.started", "recurring.paid", "recurring.paid"]);
    expect(await events(id)).toEqual(["created", "method_saved", "first_payment_succeeded", "payment_succeeded"]);
    expect(await projectMonthly(database.db, w.project.id)).toEqual({ givers: 1, monthlyCents: 1_500, receivedCents: 3_000 });
  });

  it("a failed month: past_due with a fix notice, the giver saves another card, the month is tried again and paid", async () => {
    const w = await world();
    const id = await startWithCard(w, 1_000, CARD.succeeds);
    await runJob(w.services);
    await blockCard(w, id);
    w.clock.advance(31 * DAY);
    await runJob(w.services);
    expect(await gift(id)).toMatchObject({ status: "past_due", failed_attempts: 1 });
    expect(await months(id)).toEqual([
      { period: "2026-12", status: "paid", attempts: 1, amount_cents: 1_000 },
      { period: "2027-01", status: "failed", attempts: 1, amount_cents: 1_000 },
    ]);
    const notice = await database.db
      .selectFrom("notifications")
      .select("data")
      .where("user_id", "=", w.giver)
      .where("kind", "=", "recurring.payment_failed")
      .executeTakeFirstOrThrow();
    expect(notice.data).toMatchObject({ fixPath: `/me/monthly/${id}/fix` });
    // The fix flow: a hosted page saves another card; the month is tried again at once.
    const fix = await startGiftFix(giftServices(w.services), { giftId: id, giverId: w.giver, locale: "nl" });
    if (!fix.ok) throw new Error(fix.error);
    const sessionId = new URL(fix.url).pathname.split("/").pop()!;
    expect((await w.gateway.hosted.submitCard(sessionId, { number: CARD.mastercard, expMonth: 12, expYear: 2099, cvc: "123" })).ok).toBe(true);
    await runJob(w.services);
    expect(await gift(id)).toMatchObject({ status: "active", failed_attempts: 0 });
    expect((await months(id)).map((m) => [m.period, m.status, m.attempts])).toEqual([
      ["2026-12", "paid", 1],
      ["2027-01", "paid", 2],
    ]);
    await expectLedgerVerifies();
  });

  it("the gateway tries again after 3 and 4 days; after the third failure the gift is cancelled and the giver told", async () => {
    const w = await world();
    const id = await startWithCard(w, 1_000, CARD.succeeds);
    await runJob(w.services);
    await blockCard(w, id);
    w.clock.advance(31 * DAY);
    await runJob(w.services);
    w.clock.advance(2 * DAY);
    await runJob(w.services);
    expect((await months(id))[1]).toMatchObject({ attempts: 1 });
    w.clock.advance(1 * DAY);
    await runJob(w.services);
    expect(await gift(id)).toMatchObject({ status: "past_due", failed_attempts: 2 });
    w.clock.advance(4 * DAY);
    await runJob(w.services);
    expect(await gift(id)).toMatchObject({ status: "cancelled", failed_attempts: 3, next_charge_at: null });
    expect((await months(id))[1]).toMatchObject({ status: "failed", attempts: 3 });
    expect((await kinds(w.giver)).filter((k) => k !== "recurring.paid")).toEqual([
      "recurring.started",
      "recurring.payment_failed",
      "recurring.payment_failed",
      "recurring.cancelled",
    ]);
    w.clock.advance(40 * DAY);
    await runJob(w.services);
    expect(await months(id)).toHaveLength(2);
    await expectLedgerVerifies();
  });

  it("change the amount (next month on), pause (months skipped), resume, cancel; refusals are values", async () => {
    const w = await world();
    const id = await startWithCard(w, 1_000, CARD.succeeds);
    await runJob(w.services);
    const change = (action: Parameters<typeof changeMonthlyGift>[1]["action"], giverId = w.giver) =>
      changeMonthlyGift(database.db, { giftId: id, giverId, action, now: w.clock.now() });
    expect(await change({ type: "change_amount", amountCents: 50 })).toEqual({ ok: false, error: "recurring.error.amount" });
    expect(await change({ type: "pause" }, w.initiator)).toEqual({ ok: false, error: "recurring.error.notFound" });
    expect(await change({ type: "change_amount", amountCents: 2_500 })).toEqual({ ok: true });
    expect(await change({ type: "pause" })).toEqual({ ok: true });
    expect(await change({ type: "pause" })).toEqual({ ok: false, error: "recurring.error.notNow" });
    w.clock.advance(62 * DAY); // January and February pass while paused
    await runJob(w.services);
    expect(await months(id)).toHaveLength(1);
    expect(await change({ type: "resume" })).toEqual({ ok: true });
    await runJob(w.services);
    expect((await months(id)).map((m) => [m.period, m.amount_cents])).toEqual([
      ["2026-12", 1_000],
      ["2027-02", 2_500],
    ]);
    expect(await change({ type: "cancel" })).toEqual({ ok: true });
    expect(await change({ type: "resume" })).toEqual({ ok: false, error: "recurring.error.cancelled" });
    expect((await listMyGifts(database.db, w.giver))[0]).toMatchObject({ id, status: "cancelled", paidMonths: 2 });
    expect(await projectMonthly(database.db, w.project.id)).toEqual({ givers: 0, monthlyCents: 0, receivedCents: 3_500 });
    await expectLedgerVerifies();
  });

  it("a running gift keeps the account from being erased; the archive has the gifts and their months (decision 074)", async () => {
    const w = await world();
    const id = await startWithCard(w, 1_200, CARD.succeeds);
    await runJob(w.services);
    const input = { userId: w.giver, now: w.clock.now() };
    expect(await recurringPersonalData.blockers(database.db, input)).toEqual(["privacy.blocker.recurring"]);
    const rows = await recurringPersonalData.exportRows(database.db, input);
    expect(rows.recurring_gift_payments).toEqual([expect.objectContaining({ period: "2026-12", amount_cents: 1_200, status: "paid" })]);
    await changeMonthlyGift(database.db, { giftId: id, giverId: w.giver, action: { type: "cancel" }, now: w.clock.now() });
    expect(await recurringPersonalData.blockers(database.db, input)).toEqual([]);
  });

  it("refuses a gift to a project that is not ongoing, to one's own project, a second open gift and a bad amount", async () => {
    const w = await world();
    const s = giftServices(w.services);
    const base = { giverId: w.giver, projectId: w.project.id, locale: "nl" as const, now: w.clock.now() };
    expect(await startMonthlyGift(s, { ...base, amountCents: 99 })).toEqual({ ok: false, error: "recurring.error.amount" });
    expect(await startMonthlyGift(s, { ...base, giverId: w.initiator, amountCents: 500 })).toEqual({ ok: false, error: "recurring.error.ownProject" });
    await startWithCard(w, 500, CARD.succeeds);
    expect(await startMonthlyGift(s, { ...base, amountCents: 500 })).toEqual({ ok: false, error: "recurring.error.alreadyGiving" });
    const [other] = await createUsers(database.db, "oneoff", 1);
    const oneOff = await createLiveProject(database.db, { initiatorId: other!, moderatorId: w.moderator, now: start });
    expect(await startMonthlyGift(s, { ...base, projectId: oneOff.id, amountCents: 500 })).toEqual({ ok: false, error: "recurring.error.notOngoing" });
  });
});
