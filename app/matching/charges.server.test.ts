import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyLedger } from "../ledger/verify.server";
import { reconcileWithGateway } from "../reconciliation/reconcile.server";
import { listAllActivity } from "../payments/activity";
import { CARD } from "../payments/simulated/testing.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { isSettlementComplete } from "../payouts/payouts.server";
import { settleDueJob } from "../settlement/job.server";
import type { AppServices } from "../services.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { organisationWithPool } from "../test/matching";
import { pledgedProject } from "../test/pledging";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { chargeDueMatches, getOrganisationMethod, removeOrganisationMethod, startOrganisationMethodSetup } from "./charges.server";
import { matchingChargesJob } from "./jobs.server";
import { markMatchPaid } from "./matching.server";

let database: DatabaseHandle;
const start = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

function world() {
  const made = createTestServices(database, { start });
  return { ...made, gateway: made.gateway as SimulatedGateway };
}
const runSettlement = (services: AppServices) => settleDueJob.run({ ...services, now: services.clock.now() }, {});
const runCharges = (services: AppServices) => matchingChargesJob.run({ ...services, now: services.clock.now() }, {});
const deps = (services: AppServices) => ({
  db: services.db,
  gateway: services.gateway,
  logger: services.logger,
  appUrl: "http://buurtkracht.test",
  now: () => services.clock.now(),
});

/** An organisation admin saves a card on the hosted page, as in the browser. */
async function saveOrganisationCard(services: AppServices, gateway: SimulatedGateway, org: { organisationId: string; memberId: string }, number: string) {
  const user = { id: org.memberId, email: "fonds@test.nl", role: "member" };
  const started = await startOrganisationMethodSetup(deps(services), { organisationId: org.organisationId, user, locale: "nl", now: services.clock.now() });
  if (!started.ok) throw new Error(started.error);
  const sessionId = new URL(started.url).pathname.split("/").pop()!;
  const result = await gateway.hosted.submitCard(sessionId, { number, expMonth: 12, expYear: 2099, cvc: "123" });
  if (!result.ok) throw new Error("card not saved");
}

async function match(projectId: string) {
  return database.db
    .selectFrom("pool_matches")
    .select(["status", "cents", "charge_state", "charge_attempts", "charge_failure", "charge_payment_id", "paid_reference"])
    .where("project_id", "=", projectId)
    .executeTakeFirstOrThrow();
}

async function matchingCharges(gateway: SimulatedGateway, now: Date) {
  const all = await listAllActivity(gateway, { since: new Date(start.getTime() - DAY), until: new Date(now.getTime() + DAY) });
  return all.payments.filter((p) => p.metadata.purpose === "matching");
}

async function expectLedgerVerifies() {
  const report = await verifyLedger(database.db, extensions.ledgerChecks);
  expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
}

describe("an organisation pays its matching with a saved method", () => {
  it("saved card: at success the obligation is charged once, paid in the ledger with its fee, reconciled, the payout waits for it", async () => {
    const { services, gateway, clock } = world();
    const org = await organisationWithPool(database.db, { now: start, name: "Wijkfonds Oost", pool: { ratioPercent: 50 } });
    await saveOrganisationCard(services, gateway, org, CARD.succeeds);
    expect(await getOrganisationMethod(database.db, org.organisationId, "simulated")).toMatchObject({ type: "card", label: expect.stringContaining("4242") });
    const events = await database.db.selectFrom("organisation_events").select("event").where("organisation_id", "=", org.organisationId).execute();
    expect(events.map((e) => e.event)).toContain("payment_method_saved");

    const r = await pledgedProject(services, gateway, { goalCents: 30_000, cards: [CARD.succeeds, CARD.succeeds], amounts: [12_000, 8_000] });
    clock.advance(10 * DAY);
    await runSettlement(services);
    // Obligated and due: settlement is not complete until the charge is done.
    expect(await match(r.project.id)).toMatchObject({ status: "obligated", cents: 10_000, charge_state: "due" });
    expect(await isSettlementComplete(database.db, r.project.id)).toBe(false);
    // Meanwhile an admin cannot also record a bank transfer for it.
    const meanwhile = await database.db
      .transaction()
      .execute((trx) =>
        markMatchPaid(trx, { poolId: org.poolId, projectId: r.project.id, reference: "x", actor: { id: org.adminId, role: "admin" }, now: clock.now() }),
      );
    expect(meanwhile).toEqual({ ok: false, error: "ChargeInFlight" });

    const ran = await runCharges(services);
    expect(ran.detail).toMatchObject({ charged: 1, failed: 0 });
    const m = await match(r.project.id);
    expect(m).toMatchObject({ status: "paid", charge_state: "succeeded", charge_attempts: 1 });
    expect(m.paid_reference).toBe(m.charge_payment_id);
    const payment = await gateway.getPayment(m.charge_payment_id!);
    expect(payment).toMatchObject({ status: "succeeded", amountCents: 10_000, offSession: true, metadata: { purpose: "matching", attempt: "1" } });
    expect(await isSettlementComplete(database.db, r.project.id)).toBe(true);

    // matching.paid names the payment; the provider's fee comes out of the project's money.
    const journals = await database.db
      .selectFrom("ledger_journals")
      .select(["kind", "refs"])
      .where("refs", "@>", { poolId: org.poolId } as never)
      .orderBy("id")
      .execute();
    expect(journals.map((j) => j.kind)).toEqual(["matching.obligated", "matching.paid", "fee.processing"]);
    expect(journals[1]!.refs).toMatchObject({ paymentId: payment!.id });
    const pool = await database.db
      .selectFrom("matching_pools")
      .select(["committed_cents", "paid_cents"])
      .where("id", "=", org.poolId)
      .executeTakeFirstOrThrow();
    expect(pool).toEqual({ committed_cents: 10_000, paid_cents: 10_000 });
    await expectLedgerVerifies();

    // Running again charges nothing; the gateway's event for the same payment changes nothing.
    expect((await runCharges(services)).processed).toBe(0);
    expect(await matchingCharges(gateway, clock.now())).toHaveLength(1);

    // The reconciliation finds the charge booked.
    const report = await reconcileWithGateway(
      { db: database.db, gateway, reconcilers: extensions.reconcilers },
      { since: new Date(start.getTime() - DAY), until: new Date(clock.now().getTime() + DAY), now: new Date(clock.now().getTime() + DAY) },
    );
    expect(report.items).toEqual([]);
    expect(report.ok).toBe(true);

    // An admin can no longer record a transfer for it.
    const again = await database.db
      .transaction()
      .execute((trx) =>
        markMatchPaid(trx, { poolId: org.poolId, projectId: r.project.id, reference: "x", actor: { id: org.adminId, role: "admin" }, now: clock.now() }),
      );
    expect(again).toEqual({ ok: false, error: "IllegalTransition" });
  });

  it("a declined charge stays an obligation, the admins are told; a new method makes it due and the next run pays it", async () => {
    const { services, gateway, clock } = world();
    const org = await organisationWithPool(database.db, { now: start, pool: { ratioPercent: 50 } });
    await saveOrganisationCard(services, gateway, org, CARD.declinesCharges);
    const r = await pledgedProject(services, gateway, { goalCents: 30_000, cards: [CARD.succeeds, CARD.succeeds], amounts: [12_000, 8_000] });
    clock.advance(10 * DAY);
    await runSettlement(services);
    expect((await runCharges(services)).detail).toMatchObject({ failed: 1, charged: 0 });
    expect(await match(r.project.id)).toMatchObject({ status: "obligated", charge_state: "failed", charge_failure: "card_declined", charge_attempts: 1 });
    // The payout no longer waits; the obligation is still in the ledger.
    expect(await isSettlementComplete(database.db, r.project.id)).toBe(true);
    const told = await database.db.selectFrom("notifications").select(["user_id", "kind"]).where("kind", "=", "matching.charge_failed").execute();
    expect(told).toEqual([{ user_id: org.memberId, kind: "matching.charge_failed" }]);
    await expectLedgerVerifies();
    // Running again does not try the same card again.
    expect((await runCharges(services)).processed).toBe(0);

    clock.advance(DAY);
    await saveOrganisationCard(services, gateway, org, CARD.mastercard);
    expect(await match(r.project.id)).toMatchObject({ charge_state: "due" });
    expect((await runCharges(services)).detail).toMatchObject({ charged: 1 });
    expect(await match(r.project.id)).toMatchObject({ status: "paid", charge_state: "succeeded", charge_attempts: 2 });
    const kinds = await database.db.selectFrom("pool_match_events").select("event").where("project_id", "=", r.project.id).orderBy("id").execute();
    expect(kinds.map((k) => k.event).filter((e) => e.startsWith("charge_") || e === "mark_paid")).toEqual([
      "charge_due",
      "charge_start",
      "charge_failed",
      "charge_due",
      "charge_start",
      "mark_paid",
      "charge_succeeded",
    ]);
    await expectLedgerVerifies();
  });

  it("without a saved method nothing is charged (a bank transfer, recorded by an admin); a removed method stops future charges", async () => {
    const { services, gateway, clock } = world();
    const org = await organisationWithPool(database.db, { now: start, pool: { ratioPercent: 50 } });
    await saveOrganisationCard(services, gateway, org, CARD.succeeds);
    const member = { id: org.memberId, role: "member" };
    expect(await removeOrganisationMethod(database.db, { organisationId: org.organisationId, gateway: "simulated", user: member, now: clock.now() })).toEqual({
      ok: true,
    });
    expect(await getOrganisationMethod(database.db, org.organisationId, "simulated")).toBeNull();
    const r = await pledgedProject(services, gateway, { goalCents: 30_000, cards: [CARD.succeeds, CARD.succeeds], amounts: [12_000, 8_000] });
    clock.advance(10 * DAY);
    await runSettlement(services);
    expect(await match(r.project.id)).toMatchObject({ status: "obligated", charge_state: null });
    expect((await runCharges(services)).processed).toBe(0);
    const paid = await database.db.transaction().execute((trx) =>
      markMatchPaid(trx, {
        poolId: org.poolId,
        projectId: r.project.id,
        reference: "NL-2026-7",
        actor: { id: org.adminId, role: "admin" },
        now: clock.now(),
      }),
    );
    expect(paid).toEqual({ ok: true });
    await expectLedgerVerifies();
  });

  it("only the organisation's admins save a method; a crash after the call is healed by asking again with the same key", async () => {
    const { services, gateway, clock } = world();
    const org = await organisationWithPool(database.db, { now: start, pool: { ratioPercent: 50 } });
    const notMember = await startOrganisationMethodSetup(deps(services), {
      organisationId: org.organisationId,
      user: { id: "00000000-0000-4000-8000-000000000000", email: "x@test.nl", role: "member" },
      locale: "nl",
      now: clock.now(),
    });
    expect(notMember).toEqual({ ok: false, error: "NotAllowed" });
    await saveOrganisationCard(services, gateway, org, CARD.succeeds);
    const r = await pledgedProject(services, gateway, { goalCents: 30_000, cards: [CARD.succeeds, CARD.succeeds], amounts: [12_000, 8_000] });
    clock.advance(10 * DAY);
    await runSettlement(services);

    // The worker claims the charge and dies before it records the answer: the gateway charged, the row says pending.
    const crashing = {
      ...deps(services),
      gateway: {
        ...gateway,
        kind: gateway.kind,
        chargeOffSession: async (input: Parameters<typeof gateway.chargeOffSession>[0]) => {
          await gateway.chargeOffSession(input);
          throw new Error("worker died");
        },
      } as typeof gateway,
    };
    await expect(chargeDueMatches(crashing)).rejects.toThrow("worker died");
    // The gateway's event already paid it: the event and the answer go through the same function.
    const afterCrash = await match(r.project.id);
    expect(["pending", "succeeded"]).toContain(afterCrash.charge_state);
    if (afterCrash.charge_state === "pending") {
      clock.advance(5 * 60_000);
      await runCharges(services);
    }
    expect(await match(r.project.id)).toMatchObject({ status: "paid", charge_state: "succeeded", charge_attempts: 1 });
    expect(await matchingCharges(gateway, clock.now())).toHaveLength(1);
    await expectLedgerVerifies();
  });
});
