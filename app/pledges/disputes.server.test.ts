import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listJournals } from "../ledger/ledger.server";
import { verifyLedger } from "../ledger/verify.server";
import { type Harness, startHarness } from "../payments/stripe/testing/harness.server";
import { receiveStripeWebhook } from "../payments/stripe/receive.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { deliverStripeWebhooks, stripePledgedProject, stripeWorld } from "../test/stripe";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";

/**
 * Chargebacks through the real webhook path (receiveStripeWebhook, as POST /webhooks/stripe): a
 * charged pledge whose backer's bank disputes it is `disputed` with the money withdrawn, then
 * `charged` again when the dispute is won or `charged_back` when it is lost — each with its journal.
 */
const start = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;
let database: DatabaseHandle;
let h: Harness;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  h = await startHarness({ fake: { startTime: start.getTime() } });
});
afterEach(async () => h?.close());

async function chargedAndDisputed() {
  const world = stripeWorld(database, h, start);
  const { services } = world;
  const { project, pledgeIds } = await stripePledgedProject(services, h, [2_500], { card: "pm_card_createDispute" });
  world.advance(10 * DAY);
  await settleDueJob.run({ ...services, now: services.clock.now() }, {});
  await deliverStripeWebhooks(services, h);
  const pledge = () => services.db.selectFrom("pledges").select("status").where("id", "=", pledgeIds[0]!).executeTakeFirstOrThrow();
  const collected = async () =>
    (await services.db.selectFrom("projects").select("collected_cents").where("id", "=", project.id).executeTakeFirstOrThrow()).collected_cents;
  const created = h.fake.control.events().find((e) => e.type === "charge.dispute.created")!;
  const disputeId = (created.json as { data: { object: { id: string } } }).data.object.id;
  return { ...world, project, pledgeId: pledgeIds[0]!, pledge, collected, disputeId };
}

const kinds = async (db: DatabaseHandle["db"], projectId: string) => (await listJournals(db, { refs: { projectId } })).map((j) => j.kind);

async function expectLedgerVerifies(db: DatabaseHandle["db"]) {
  const report = await verifyLedger(db, extensions.ledgerChecks);
  expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
}

describe("a disputed pledge", () => {
  it("is disputed with its money withdrawn, and charged back when the dispute is lost", async () => {
    const w = await chargedAndDisputed();
    expect(await w.pledge()).toEqual({ status: "disputed" });
    expect(await w.collected()).toBe(0);
    expect(await kinds(w.services.db, w.project.id)).toEqual(["pledge.saved", "pledge.charged", "fee.processing", "pledge.disputed"]);
    await expectLedgerVerifies(w.services.db);

    h.fake.control.closeDispute(w.disputeId, "lost");
    await deliverStripeWebhooks(w.services, h, { twice: true });
    expect(await w.pledge()).toEqual({ status: "charged_back" });
    const journals = await listJournals(w.services.db, { refs: { projectId: w.project.id } });
    const lost = journals.find((j) => j.kind === "pledge.dispute_lost")!;
    expect(lost.refs).toMatchObject({ disputeId: w.disputeId });
    expect(
      lost.entries
        .filter((e) => e.book === "cash")
        .map((e) => [e.account.split(":")[0], e.amountCents])
        .sort(),
    ).toEqual([
      ["backer", 2_500],
      ["gateway", -2_500],
    ]);
    // The money went back to the backer: the platform bears Stripe's fee, the project is whole (0).
    expect(journals.map((j) => j.kind).slice(-2)).toEqual(["pledge.dispute_lost", "fee.processing_absorbed"]);
    const { balanceOf } = await import("../ledger/ledger.server");
    expect(await balanceOf(w.services.db, `project:${w.project.id}`)).toBe(0);
    await expectLedgerVerifies(w.services.db);
  });

  it("is charged again when the dispute is won; a late 'opened' after 'won' changes nothing", async () => {
    const w = await chargedAndDisputed();
    h.fake.control.closeDispute(w.disputeId, "won");
    await deliverStripeWebhooks(w.services, h);
    expect(await w.pledge()).toEqual({ status: "charged" });
    expect(await w.collected()).toBe(2_500);
    // Stripe redelivers the old created event (a new delivery of the same id is a no-op).
    const created = h.fake.control.events().find((e) => e.type === "charge.dispute.created")!;
    const raw = JSON.stringify(created.json);
    const again = await receiveStripeWebhook(w.services, { rawBody: raw, signature: h.fake.control.webhooks.sign(raw), secret: h.fake.webhookSecret });
    expect(again).toEqual({ status: 200, body: { received: true, result: "duplicate" } });
    expect(await kinds(w.services.db, w.project.id)).toEqual(["pledge.saved", "pledge.charged", "fee.processing", "pledge.disputed", "pledge.dispute_won"]);
    await expectLedgerVerifies(w.services.db);
  });
});

describe("POST /webhooks/stripe", () => {
  it("refuses a missing or wrong signature with 400 and changes nothing", async () => {
    const { services } = stripeWorld(database, h, start);
    await stripePledgedProject(services, h, [1_000]);
    const [event] = h.fake.control.webhooks.pending();
    const raw = JSON.stringify(event!.json);
    const before = await services.db.selectFrom("gateway_events").select("id").execute();
    const secret = h.fake.webhookSecret;
    expect(await receiveStripeWebhook(services, { rawBody: raw, signature: null, secret })).toMatchObject({
      status: 400,
      body: { error: "missing_signature" },
    });
    const forged = h.fake.control.webhooks.sign(raw, "whsec_not_the_secret");
    expect(await receiveStripeWebhook(services, { rawBody: raw, signature: forged, secret })).toMatchObject({
      status: 400,
      body: { error: "invalid_signature" },
    });
    const tampered = raw.replace('"livemode":false', '"livemode":true');
    expect(tampered).not.toBe(raw);
    expect(await receiveStripeWebhook(services, { rawBody: tampered, signature: h.fake.control.webhooks.sign(raw), secret })).toMatchObject({ status: 400 });
    const old = h.fake.control.webhooks.sign(raw, secret, Math.floor(Date.now() / 1000) - 3_600);
    expect(await receiveStripeWebhook(services, { rawBody: raw, signature: old, secret })).toMatchObject({ status: 400, body: { error: "invalid_signature" } });
    expect(await services.db.selectFrom("gateway_events").select("id").execute()).toEqual(before);
  });

  it("answers 503 when Stripe cannot be reached to read the object, so Stripe delivers again", async () => {
    const { services } = stripeWorld(database, h, start);
    await stripePledgedProject(services, h, [1_000]);
    h.fake.control.failNext(50, { status: 500 });
    const { answers } = await deliverStripeWebhooks(services, h, { types: ["checkout.session.completed"] });
    expect(answers[0]).toMatchObject({ status: 503, body: { error: "stripe_unavailable" } });
    expect(h.fake.control.webhooks.pending().some((e) => e.type === "checkout.session.completed")).toBe(true);
  });
});
