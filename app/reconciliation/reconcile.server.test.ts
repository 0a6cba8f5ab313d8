import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accounts, move } from "../ledger/ledger";
import { postJournal } from "../ledger/ledger.server";
import { verifyLedger } from "../ledger/verify.server";
import type { GatewayEvent } from "../payments/gateway";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD, saveTestCard } from "../payments/simulated/testing.server";
import { paymentDeps } from "../pledges/payment-attempts.server";
import type { AppServices } from "../services.server";
import { chargeDuePledges, refundDuePledges } from "../settlement/charges.server";
import { settleDueProjects } from "../settlement/deadline.server";
import { settleDueJob } from "../settlement/job.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { fullyPledgedProject } from "../test/pledging";
import { createUsers } from "../test/projects";
import { createTestServices, type TestServiceOptions } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { reconcileWithGateway } from "./reconcile.server";
import type { ReconciliationReport } from "./reconciliation";
import { describeItem, formatReconciliationReport } from "./report";

/**
 * The reconciliation against the simulated gateway, with the real settlement code and the real
 * wiring: a crash between the gateway charge and the bookkeeping (events lost) shows as pending,
 * then as a difference while `ledger:verify` still passes, and as healed once the settlement sweep
 * has rerun the attempt with the same idempotency key.
 */

let database: DatabaseHandle;
const start = new Date("2026-12-01T10:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

/** Events are lost: only the synchronous answers and the sweeps' reruns can book anything. */
const eventsLost: TestServiceOptions = { deliver: async (_s: AppServices, _e: GatewayEvent) => undefined };

function world(options: TestServiceOptions = {}) {
  const made = createTestServices(database, { start, ...options });
  return { ...made, gateway: made.gateway as SimulatedGateway };
}

const reconcile = (services: AppServices, since = start) =>
  reconcileWithGateway(
    { db: services.db, gateway: services.gateway, reconcilers: extensions.reconcilers },
    { since, until: new Date(services.clock.now().getTime() + 1), now: services.clock.now() },
  );

const lines = (report: ReconciliationReport, status?: string) => report.items.filter((i) => !status || i.status === status).map((i) => describeItem(i, "en"));

const crashOnce = () => {
  let crashed = false;
  return {
    afterGatewayCall: () => {
      if (crashed) return;
      crashed = true;
      throw new Error("the worker died after the gateway charged");
    },
  };
};

describe("a crash between the gateway charge and the bookkeeping", () => {
  it("is pending, then a difference (while ledger:verify passes), then healed by the settlement sweep", async () => {
    const { services, clock } = world(eventsLost);
    const { pledgeIds } = await fullyPledgedProject(services, services.gateway as SimulatedGateway, [1_000, 2_500]);
    expect((await reconcile(services)).ok).toBe(true);

    clock.advance(10 * DAY);
    await settleDueProjects(services.db, clock.now(), extensions.projectTransitionEffects);
    await expect(chargeDuePledges(paymentDeps(services), { hooks: crashOnce() })).rejects.toThrow(/worker died/);
    const charged = await database.db.selectFrom("sim_payments").select(["id", "amount_cents"]).execute();
    expect(charged).toHaveLength(1);
    const paymentId = charged[0]!.id;
    // Which pledge is charged first is not fixed (same creation time): follow the one that was.
    const chargedCents = charged[0]!.amount_cents;
    const chargedPledge = pledgeIds[[1_000, 2_500].indexOf(chargedCents)]!;

    // Right after the crash: the money is at the gateway, the ledger has nothing — still pending.
    const right = await reconcile(services);
    expect(right.ok).toBe(true);
    expect(right.counts).toMatchObject({ pending: 1, differences: 0 });
    expect(right.items[0]).toMatchObject({ status: "pending", code: "not_booked", what: "charge", gatewayCents: chargedCents, ledgerCents: 0 });

    // After the grace period it is a difference, in words; ledger:verify alone sees nothing wrong.
    clock.advance(6 * MINUTE);
    const later = await reconcile(services);
    expect(later.ok).toBe(false);
    expect(later.counts).toMatchObject({ payments: 1, differences: 1, pending: 0 });
    expect(later.items[0]).toMatchObject({ key: `not_booked:payment:${paymentId}`, object: { type: "payment", id: paymentId, gatewayStatus: "succeeded" } });
    expect(later.items[0]!.refs).toMatchObject({ pledgeId: chargedPledge, attemptId: expect.any(String) });
    expect(lines(later)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^payment ${paymentId} \\(pledgeId ${chargedPledge}, attemptId .+\\): €${chargedCents / 100}\\.00 charged at the gateway \\(succeeded, .+\\), but no journal books it$`,
        ),
      ),
    ]);
    expect((await verifyLedger(services.db, extensions.ledgerChecks)).ok).toBe(true);

    // The settlement sweep reruns the attempt with the same key (the lease ran out), books it, and
    // charges the second pledge.
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    expect(await database.db.selectFrom("sim_payments").select("id").execute()).toHaveLength(2);
    const healed = await reconcile(services);
    expect(healed.ok).toBe(true);
    expect(healed.counts).toMatchObject({ payments: 2, matched: 2, healed: 1, differences: 0, pending: 0 });
    expect(healed.items).toMatchObject([{ status: "healed", code: "booked_late", object: { id: paymentId }, lateMs: 6 * MINUTE }]);
    expect(lines(healed)[0]).toMatch(/: booked 6 min after the gateway \(#\d+ pledge\.charged(, #\d+ fee\.processing)?\); healed$/);
    const text = formatReconciliationReport(healed, "en");
    expect(text).toContain("✓ 2 in order");
    expect(text).toContain("✓ 1 healed (booked late)");
    expect(text.split("\n").at(-1)).toBe("The gateway and the ledger agree.");
  });

  it("a refund the gateway made but the ledger did not book: a difference until the refund sweep reruns it", async () => {
    const { services, clock } = world(eventsLost);
    const { project, pledgeIds } = await fullyPledgedProject(services, services.gateway as SimulatedGateway, [3_000]);
    clock.advance(10 * DAY);
    await settleDueJob.run({ ...services, now: clock.now() }, {});
    const { applyProjectEvent } = await import("../projects/projects.server");
    const [mod] = await createUsers(database.db, "mod-cancel", 1, "moderator");
    await applyProjectEvent(
      database.db,
      { projectId: project.id, actor: { id: mod!, role: "moderator" }, event: { type: "cancel", by: "moderator", reason: "Fraude" }, now: clock.now() },
      extensions.projectTransitionEffects,
    );
    await expect(refundDuePledges(paymentDeps(services), { hooks: crashOnce() })).rejects.toThrow(/worker died/);
    const [refund] = await database.db.selectFrom("sim_refunds").select(["id"]).execute();

    clock.advance(6 * MINUTE);
    const report = await reconcile(services);
    expect(report.counts).toMatchObject({ payments: 1, refunds: 1, differences: 1 });
    expect(report.items).toMatchObject([{ status: "difference", code: "not_booked", what: "refund", object: { type: "refund", id: refund!.id } }]);
    expect(lines(report)[0]).toMatch(
      new RegExp(`^refund ${refund!.id} \\(pledgeId ${pledgeIds[0]}, .+\\): €30\\.00 refunded at the gateway \\(succeeded, .+\\), but no journal books it$`),
    );

    await settleDueJob.run({ ...services, now: clock.now() }, {});
    const after = await reconcile(services);
    expect(after.ok).toBe(true);
    expect(after.items).toMatchObject([{ status: "healed", object: { type: "refund", id: refund!.id }, lateMs: 6 * MINUTE }]);
  });
});

describe("every kind of difference, in words", () => {
  const ids = { backer: "7b1c1f8e-0000-4000-8000-000000000001", project: "7b1c1f8e-0000-4000-8000-000000000002" };

  async function charge(services: AppServices, metadata: Record<string, string> & { purpose: string }, key: string, amountCents = 1_000) {
    const gateway = services.gateway as SimulatedGateway;
    const customer = await gateway.createCustomer({ email: "x@example.nl", name: "X", idempotencyKey: `c:${key}` });
    const card = await saveTestCard(gateway, { customerId: customer.id, number: CARD.succeeds });
    const r = await gateway.chargeOffSession({
      customerId: customer.id,
      paymentMethodId: card!.id,
      amountCents,
      description: "x",
      metadata,
      idempotencyKey: key,
    });
    return r.paymentId!;
  }
  const book = (services: AppServices, kind: string, paymentId: string, cents: number, key: string) =>
    services.db.transaction().execute((trx) =>
      postJournal(trx, {
        kind,
        refs: { pledgeId: "pl-9", paymentId },
        entries: move(accounts.backer(ids.backer), accounts.project(ids.project), cents),
        idempotencyKey: key,
        postedAt: services.clock.now(),
      }),
    );

  it("amounts that differ, a journal for a payment the gateway does not know, a purpose without a reconciler, a crashed reconciler, a booked try-out", async () => {
    const { services, clock } = world(eventsLost);
    const differs = await charge(services, { purpose: "pledge", pledgeId: "pl-9" }, "k1");
    await book(services, "pledge.charged", differs, 900, "j1");
    await book(services, "pledge.charged", "pi_sim_doesnotexist", 1_500, "j2");
    const raffle = await charge(services, { purpose: "raffle" }, "k2");
    const tried = await charge(services, { purpose: "test" }, "k3");
    await book(services, "test.booked", tried, 1_000, "j3");
    const failed = await charge(services, { purpose: "failing" }, "k4");
    clock.advance(10 * MINUTE);

    const report = await reconcileWithGateway(
      {
        db: services.db,
        gateway: services.gateway,
        reconcilers: {
          ...extensions.reconcilers,
          failing: {
            describes: "a reconciler with a bug",
            reconcile: async () => {
              throw new Error("column pledges.nope does not exist");
            },
          },
        },
      },
      { since: start, until: new Date(clock.now().getTime() + 1), now: clock.now() },
    );
    expect(report.ok).toBe(false);
    const byCode = Object.fromEntries(report.items.map((i) => [i.code, i]));
    expect(Object.keys(byCode).sort()).toEqual(["amount_differs", "check_failed", "no_reconciler", "unexpected", "unknown_to_gateway"]);
    expect(byCode.amount_differs).toMatchObject({ object: { id: differs }, gatewayCents: 1_000, ledgerCents: 900 });
    expect(byCode.no_reconciler).toMatchObject({ object: { id: raffle }, purpose: "raffle" });
    expect(byCode.unexpected).toMatchObject({ object: { id: tried }, purpose: "test" });
    expect(byCode.check_failed).toMatchObject({ purpose: "failing", detail: "column pledges.nope does not exist" });
    expect(failed).toMatch(/^pi_sim_/);
    const en = Object.fromEntries(report.items.map((i) => [i.code, describeItem(i, "en")]));
    expect(en.amount_differs).toMatch(
      new RegExp(
        `^payment ${differs} \\(pledgeId pl-9\\): €10\\.00 charged at the gateway \\(succeeded\\), but €9\\.00 in the ledger \\(#\\d+ pledge\\.charged\\)$`,
      ),
    );
    expect(en.unknown_to_gateway).toMatch(/^payment pi_sim_doesnotexist \(pledgeId pl-9\): named by #\d+ pledge\.charged, but the gateway does not know it$/);
    expect(en.no_reconciler).toBe(`payment ${raffle}: no reconciler for purpose ‘raffle’ (app/wiring.server.ts)`);
    expect(en.unexpected).toMatch(new RegExp(`^payment ${tried}: purpose ‘test’ never makes or books such a thing \\(#\\d+ test\\.booked\\)$`));
    expect(en.check_failed).toBe("the reconciler for purpose ‘failing’ crashed: column pledges.nope does not exist");
    // Dutch too.
    expect(describeItem(byCode.amount_differs!, "nl")).toMatch(/€\s10,00 afgeschreven bij de betaalprovider \(succeeded\), maar €\s9,00 in het grootboek/);
  });

  it("a journal that books a charge the gateway says failed", async () => {
    const { services, clock } = world(eventsLost);
    const gateway = services.gateway as SimulatedGateway;
    const customer = await gateway.createCustomer({ email: "x@example.nl", name: "X", idempotencyKey: "c" });
    const card = await saveTestCard(gateway, { customerId: customer.id, number: CARD.declinesCharges });
    const declined = await gateway.chargeOffSession({
      customerId: customer.id,
      paymentMethodId: card!.id,
      amountCents: 2_000,
      description: "x",
      metadata: { purpose: "pledge", pledgeId: "pl-9" },
      idempotencyKey: "k",
    });
    expect(declined.status).toBe("failed");
    await book(services, "pledge.charged", declined.paymentId!, 2_000, "j");
    clock.advance(10 * MINUTE);
    const report = await reconcile(services);
    expect(report.items).toMatchObject([{ status: "difference", code: "booked_not_at_gateway", what: "charge", gatewayCents: 0, ledgerCents: 2_000 }]);
    expect(describeItem(report.items[0]!, "en")).toMatch(/: the ledger books €20\.00 charged \(#\d+ pledge\.charged\), but at the gateway it is failed$/);
  });
});
