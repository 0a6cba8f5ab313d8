import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyLedger } from "../ledger/verify.server";
import { CARD } from "../payments/simulated/testing.server";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { cancelPledge, changePledge, pledgeToProject } from "../pledges/pledges.server";
import { settleDueJob } from "../settlement/job.server";
import type { AppServices } from "../services.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { addPool, organisationWithPool } from "../test/matching";
import { backersWithCards, pledgedProject } from "../test/pledging";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { markMatchPaid } from "./matching.server";
import { getPoolPage, listProjectMatches } from "./pools.server";

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

async function matchState(projectId: string) {
  const project = await database.db.selectFrom("projects").select(["matched_cents", "status"]).where("id", "=", projectId).executeTakeFirstOrThrow();
  const matches = await database.db.selectFrom("pool_matches").select(["pool_id", "cents", "status", "reason"]).where("project_id", "=", projectId).execute();
  return { matched: project.matched_cents, status: project.status, matches };
}

async function poolCommitted(poolId: string) {
  return await database.db.selectFrom("matching_pools").select(["committed_cents", "paid_cents"]).where("id", "=", poolId).executeTakeFirstOrThrow();
}

async function expectLedgerVerifies() {
  const report = await verifyLedger(database.db, extensions.ledgerChecks);
  expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
}

describe("matching at every pledge change, in the pledge's transaction", () => {
  it("a pledge, a raise, a second backer past the threshold, a withdrawal: the match follows, events recorded, pool committed equal", async () => {
    const { services, gateway } = world();
    const org = await organisationWithPool(database.db, { now: start, pool: { ratioPercent: 50, thresholdPercent: 10, minBackers: 2, capPerProject: 30_000 } });
    const [initiator] = await createUsers(database.db, "init", 1);
    const [moderator] = await createUsers(database.db, "mod", 1, "moderator");
    const project = await createLiveProject(database.db, { initiatorId: initiator!, moderatorId: moderator!, now: start, goalCents: 100_000 });
    const backers = await backersWithCards(services, gateway, [CARD.succeeds, CARD.succeeds, CARD.succeeds]);
    const pledge = (i: number, amountCents: number) =>
      pledgeToProject(database.db, {
        projectId: project.id,
        backerId: backers[i]!.id,
        amountCents,
        tierId: null,
        message: "",
        visibility: "public",
        token: `token-matching-${i}-0000`,
        paymentMethodRef: backers[i]!.methodId,
        now: start,
      });

    const first = await pledge(0, 20_000);
    if (!first.ok) throw new Error(first.error);
    // One backer: too few (the pool wants 2) — nothing committed, no row needed.
    expect(await matchState(project.id)).toMatchObject({ matched: 0, matches: [] });

    await pledge(1, 5_000);
    // 25 000 from 2 backers, threshold 10% of 100 000 reached: 50% → 12 500.
    expect(await matchState(project.id)).toMatchObject({ matched: 12_500, matches: [{ cents: 12_500, status: "committed", reason: "matched" }] });
    expect(await poolCommitted(org.poolId)).toMatchObject({ committed_cents: 12_500 });

    expect(
      await changePledge(database.db, {
        pledgeId: first.pledgeId,
        backerId: backers[0]!.id,
        amountCents: 80_000,
        tierId: null,
        message: "",
        visibility: "public",
        now: start,
      }),
    ).toEqual({ ok: true });
    // 85 000 × 50% = 42 500, capped at 30 000.
    expect(await matchState(project.id)).toMatchObject({ matched: 30_000, matches: [{ cents: 30_000, reason: "capped" }] });

    expect(await cancelPledge(database.db, { pledgeId: first.pledgeId, backerId: backers[0]!.id, now: start })).toMatchObject({ ok: true });
    // One backer left: back to 0, and the budget is free again.
    expect(await matchState(project.id)).toMatchObject({ matched: 0, matches: [{ cents: 0, status: "committed", reason: "too_few_backers" }] });
    expect(await poolCommitted(org.poolId)).toMatchObject({ committed_cents: 0 });

    const events = await database.db.selectFrom("pool_match_events").select(["event", "cents", "delta_cents"]).orderBy("id").execute();
    expect(events).toEqual([
      { event: "recompute", cents: 12_500, delta_cents: 12_500 },
      { event: "recompute", cents: 30_000, delta_cents: 17_500 },
      { event: "recompute", cents: 0, delta_cents: -30_000 },
    ]);
    const page = await getPoolPage(database.db, org.poolId, start);
    expect(page?.projects).toMatchObject([{ slug: project.slug, cents: 0, reason: "too_few_backers", backersNeeded: 1 }]);
    await expectLedgerVerifies();
  });

  it("a pool outside the project's neighbourhood matches nothing; a second, newer pool shares the crowd limit oldest first", async () => {
    const { services, gateway } = world();
    const elsewhere = await organisationWithPool(database.db, { now: start, name: "Fonds Elders", pool: { neighbourhoodIds: [] } });
    await database.db.insertInto("neighbourhoods").values({ id: "elders", name: "Elders", city: "X", municipality: "X" }).execute();
    const scoped = await addPool(database.db, {
      organisationSlug: elsewhere.organisationSlug,
      memberId: elsewhere.memberId,
      now: new Date(start.getTime() + 1000),
      pool: { neighbourhoodIds: ["elders"] },
    });
    const second = await organisationWithPool(database.db, { now: new Date(start.getTime() + 2000), name: "Gemeente", pool: { ratioPercent: 50 } });
    const r = await pledgedProject(services, gateway, { goalCents: 100_000, cards: [CARD.succeeds], amounts: [30_000] });
    const state = await matchState(r.project.id);
    const byPool = new Map(state.matches.map((m) => [m.pool_id, m]));
    // The oldest pool gives €1 per €1 (30 000) and uses up the crowd limit; the newer one gets nothing left.
    expect(byPool.get(elsewhere.poolId)).toMatchObject({ cents: 30_000, reason: "matched" });
    expect(byPool.has(scoped)).toBe(false);
    expect(byPool.get(second.poolId)).toBeUndefined();
    expect(state.matched).toBe(30_000);
    expect(await listProjectMatches(database.db, r.project.id)).toMatchObject([{ cents: 30_000, organisationName: "Fonds Elders" }]);
  });
});

describe("settlement with matching", () => {
  it("the crowd short of the goal, matching makes it: succeeded, the obligation booked, paid by bank transfer, ledger:verify clean", async () => {
    const { services, gateway, clock } = world();
    const org = await organisationWithPool(database.db, { now: start, name: "Wijkfonds Oost", pool: { ratioPercent: 50 } });
    // Goal 30 000; the crowd pledges 20 000; 50% → 10 000 matched: exactly the goal.
    const r = await pledgedProject(services, gateway, { goalCents: 30_000, cards: [CARD.succeeds, CARD.succeeds], amounts: [12_000, 8_000] });
    expect((await matchState(r.project.id)).matched).toBe(10_000);
    clock.advance(10 * DAY);
    await runSettlement(services);
    expect(await matchState(r.project.id)).toMatchObject({ status: "succeeded", matched: 10_000, matches: [{ status: "obligated", cents: 10_000 }] });
    const journals = await database.db.selectFrom("ledger_journals").select(["kind", "refs"]).where("kind", "like", "matching.%").execute();
    expect(journals).toMatchObject([{ kind: "matching.obligated", refs: { projectId: r.project.id, poolId: org.poolId, organisationName: "Wijkfonds Oost" } }]);
    await expectLedgerVerifies();

    // A pledge charged after the deadline does not change the obligation.
    const paid = await database.db.transaction().execute((trx) =>
      markMatchPaid(trx, {
        poolId: org.poolId,
        projectId: r.project.id,
        reference: "Bankoverschrijving 2026-0042",
        actor: { id: org.adminId, role: "admin" },
        now: clock.now(),
      }),
    );
    expect(paid).toEqual({ ok: true });
    expect(await poolCommitted(org.poolId)).toEqual({ committed_cents: 10_000, paid_cents: 10_000 });
    const cash = await database.db
      .selectFrom("ledger_entries as e")
      .innerJoin("ledger_journals as j", "j.id", "e.journal_id")
      .select((eb) => eb.fn.sum<number>("e.amount_cents").as("total"))
      .where("e.account", "=", `project:${r.project.id}`)
      .where("e.book", "=", "cash")
      .where("j.kind", "=", "matching.paid")
      .executeTakeFirstOrThrow();
    expect(Number(cash.total)).toBe(10_000);
    // Paying twice is refused: the match is final.
    const again = await database.db
      .transaction()
      .execute((trx) =>
        markMatchPaid(trx, { poolId: org.poolId, projectId: r.project.id, reference: "x", actor: { id: org.adminId, role: "admin" }, now: clock.now() }),
      );
    expect(again).toEqual({ ok: false, error: "IllegalTransition" });
    // Only a site admin records payments.
    expect(
      await database.db
        .transaction()
        .execute((trx) =>
          markMatchPaid(trx, { poolId: org.poolId, projectId: r.project.id, reference: "x", actor: { id: org.memberId, role: "member" }, now: clock.now() }),
        ),
    ).toEqual({ ok: false, error: "NotAllowed" });
    await expectLedgerVerifies();
  });

  it("a failed project's matching is released: the budget is free again, nothing owed in the ledger", async () => {
    const { services, gateway, clock } = world();
    const org = await organisationWithPool(database.db, { now: start, pool: { ratioPercent: 50 } });
    const r = await pledgedProject(services, gateway, { goalCents: 100_000, cards: [CARD.succeeds], amounts: [20_000] });
    expect(await poolCommitted(org.poolId)).toMatchObject({ committed_cents: 10_000 });
    clock.advance(10 * DAY);
    await runSettlement(services);
    expect(await matchState(r.project.id)).toMatchObject({ status: "failed", matched: 0, matches: [{ status: "released", cents: 10_000 }] });
    expect(await poolCommitted(org.poolId)).toMatchObject({ committed_cents: 0 });
    expect(await database.db.selectFrom("ledger_journals").select("kind").where("kind", "like", "matching.%").execute()).toEqual([]);
    await expectLedgerVerifies();

    // The ledger check sees a pool whose committed cents disagree with its matches.
    await database.db.updateTable("matching_pools").set({ committed_cents: 500 }).where("id", "=", org.poolId).execute();
    const report = await verifyLedger(database.db, extensions.ledgerChecks);
    expect(report.results.flatMap((r) => r.problems)).toEqual([expect.stringMatching(/committed 500 cents, its matches hold 0/)]);
  });
});
