import { type Compilable, sql } from "kysely";
import type { PlanNode } from "../test/query-count";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cloneRows } from "../../scripts/perf/amplify";
import { verifyLedger } from "../ledger/verify.server";
import { GatewayRequestError, type ChargeOffSessionInput } from "../payments/gateway";
import { createRateLimiter } from "../payments/rate-limit";
import type { SimulatedGateway } from "../payments/simulated/gateway.server";
import { CARD } from "../payments/simulated/testing.server";
import { paymentDeps } from "../pledges/payment-attempts.server";
import { createTestDatabase, truncateAll, usingServer } from "../test/db";
import { pledgedProject } from "../test/pledging";
import { createTestServices } from "../test/services";
import type { Db, DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { CHARGE_BATCH, abandonedChargesQuery, chargeDuePledges, duePledgesQuery, projectsWithDueChargesQuery, settleProject } from "./charges.server";
import { settleDueProjects } from "./deadline.server";

/**
 * Settlement at scale (issue 17, decision 084): due charges are found through the
 * (project_id, status) index and claimed in batches, never by a scan of all pledges; two runs at
 * once, each at its own rate against a gateway that answers 429 above its limit, charge every
 * pledge exactly once and fail none for the rate limit.
 */
const start = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 20 });
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

/** Every scan of a table in the plan, with how many rows it read (returned + thrown away by its filter). */
function scans(plan: PlanNode, out: { relation: string; node: string; index?: string; cond?: string; read: number }[] = []) {
  if (plan["Relation Name"] || plan["Index Name"]) {
    const read = ((plan["Actual Rows"] ?? 0) + (plan["Rows Removed by Filter"] ?? 0)) * (plan["Actual Loops"] ?? 1);
    // A bitmap index scan names its index only; its heap scan (the parent) names the table.
    out.push({ relation: plan["Relation Name"] ?? "(bitmap)", node: plan["Node Type"], index: plan["Index Name"], cond: plan["Index Cond"], read });
  }
  for (const child of plan.Plans ?? []) scans(child, out);
  return out;
}

async function explain(db: Db, query: Compilable) {
  const compiled = query.compile();
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const result = await trx.executeQuery<{ "QUERY PLAN": [{ Plan: PlanNode }] }>({ ...compiled, sql: `explain (analyze, format json) ${compiled.sql}` });
    return scans(result.rows[0]!["QUERY PLAN"][0].Plan);
  });
}

describe("finding due charges at scale (EXPLAIN, the planner told to avoid sequential scans)", () => {
  it("a batch reads at most its own pledges through the (project_id, status) index, however many pledges are due or done", async () => {
    const { services, gateway, clock } = createTestServices(database, { start });
    const sim = gateway as SimulatedGateway;
    const { project } = await pledgedProject(services, sim, { goalCents: 5_000, cards: [CARD.succeeds, CARD.succeeds], amounts: [3_000, 2_000] });
    // Grow: 2,000 more neighbours each with an active pledge on this project (the due ones), and
    // 20,000 pledges of other backers long settled (released), each with its finished charge attempt.
    await cloneRows(database.db, "users", {
      times: 2_000,
      where: `t.id = (select backer_id from pledges where project_id = '${project.id}' order by created_at limit 1)`,
      set: { id: "gen_random_uuid()", email: `'s' || g || '-' || t.email`, handle: `t.handle || '-s' || g` },
    });
    await cloneRows(database.db, "pledges", {
      from: "users u",
      where: `t.id = (select id from pledges where project_id = '${project.id}' order by created_at limit 1) and u.handle like '%-s%'`,
      set: { id: "gen_random_uuid()", backer_id: "u.id", tier_id: "null", idempotency_key: "null" },
    });
    await cloneRows(database.db, "pledges", {
      times: 10_000,
      where: `t.project_id = '${project.id}' and t.backer_id in (select backer_id from pledges where project_id = '${project.id}' order by created_at limit 2)`,
      set: { id: "gen_random_uuid()", status: "'released'", tier_id: "null", idempotency_key: "null" },
    });
    await sql`
      insert into pledge_payment_attempts (pledge_id, kind, attempt_no, reason, amount_cents, idempotency_key, status, created_at, finished_at)
      select id, 'charge', 1, 'settlement', amount_cents, 'grown:' || id, 'succeeded', created_at, created_at from pledges where status = 'released'
    `.execute(database.db);
    clock.advance(10 * DAY);
    expect(await settleDueProjects(services.db, clock.now(), extensions.projectTransitionEffects)).toMatchObject({ succeeded: 1 });
    // Some charges tried already and left open by a gateway that was down: the next batch passes over them.
    await chargeDuePledges({ ...paymentDeps(services), gateway: refusing(services.gateway) }, { limit: 30 });
    await sql`analyze`.execute(database.db);
    const { n } = await database.db
      .selectFrom("pledges")
      .select(sql<string>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBeGreaterThan(22_000);

    const due = await explain(database.db, duePledgesQuery(database.db, project.id, CHARGE_BATCH));
    const pledgeScans = due.filter((s) => s.relation === "pledges");
    expect(pledgeScans.map((s) => [s.node, s.index])).toEqual([["Index Scan", "pledges_project_status_idx"]]);
    // The batch and the (at most 30) open ones before it, not the 2,002 due nor the 20,000 done.
    expect(pledgeScans[0]!.read).toBeLessThanOrEqual(CHARGE_BATCH + 30);
    expect(due.filter((s) => s.node === "Seq Scan")).toEqual([]);

    const projects = await explain(database.db, projectsWithDueChargesQuery(database.db));
    expect(projects.filter((s) => s.node === "Seq Scan")).toEqual([]);
    // One probe per project that may be due, stopping at its first active pledge.
    expect(projects.some((s) => s.index === "pledges_project_status_idx" && s.cond?.includes("project_id"))).toBe(true);
    expect(projects.filter((s) => s.relation === "pledges").every((s) => s.read <= 1)).toBe(true);

    const abandoned = await explain(database.db, abandonedChargesQuery(database.db, clock.now(), null, CHARGE_BATCH));
    expect(abandoned.filter((s) => s.node === "Seq Scan")).toEqual([]);
    // The open attempts only (those the refused calls left), not the 20,000 finished ones.
    expect(abandoned.filter((s) => s.relation === "pledge_payment_attempts").every((s) => s.read <= 30)).toBe(true);
  }, 120_000);
});

/** A gateway that is down: every charge is refused (the attempt stays open, its lease released). */
function refusing(gateway: ReturnType<typeof createTestServices>["services"]["gateway"]) {
  return {
    ...gateway,
    chargeOffSession: async () => {
      throw new GatewayRequestError("unavailable", "down for the test");
    },
  };
}

async function gatewayPaymentsPerPledge(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("sim_payments")
    .select([sql<string>`metadata->>'pledgeId'`.as("pledge_id"), sql<number>`count(*)`.as("n")])
    .where(sql`metadata->>'purpose'`, "=", "pledge")
    .groupBy(sql`metadata->>'pledgeId'`)
    .execute();
  return new Map(rows.map((r) => [r.pledge_id, Number(r.n)]));
}

describe("a 429 is tried again, not failed", () => {
  it("a gateway that refuses each charge twice for its rate limit: one run still charges every pledge once, with one attempt each", async () => {
    const { services, gateway, clock } = createTestServices(database, { start });
    const cards = Array.from({ length: 6 }, () => CARD.succeeds);
    const { pledgeIds } = await pledgedProject(services, gateway as SimulatedGateway, { goalCents: 1_000, cards, amounts: cards.map(() => 1_000) });
    clock.advance(10 * DAY);
    await settleDueProjects(services.db, clock.now(), extensions.projectTransitionEffects);
    const refusals = new Map<string, number>();
    const busy = {
      ...services.gateway,
      chargeOffSession: async (input: ChargeOffSessionInput) => {
        const n = refusals.get(input.idempotencyKey) ?? 0;
        if (n < 2) {
          refusals.set(input.idempotencyKey, n + 1);
          throw new GatewayRequestError("unavailable", "Too many requests (429)", { rateLimited: true, retryAfterMs: 5 });
        }
        return services.gateway.chargeOffSession(input);
      },
    };
    const r = await chargeDuePledges({ ...paymentDeps(services), gateway: busy, gatewayLimiter: createRateLimiter({ perSecond: 1_000 }) }, { concurrency: 3 });
    expect(r).toEqual({ charged: 6, failed: 0, processing: 0, errors: 0 });
    expect([...refusals.values()]).toEqual(pledgeIds.map(() => 2));
    const payments = await gatewayPaymentsPerPledge(services.db);
    expect(pledgeIds.map((id) => payments.get(id))).toEqual(pledgeIds.map(() => 1));
    const attempts = await services.db.selectFrom("pledge_payment_attempts").select("idempotency_key").execute();
    expect(new Set(attempts.map((a) => a.idempotency_key)).size).toBe(6);
    expect(attempts).toHaveLength(6);
  }, 120_000);
});

describe.skipIf(!usingServer())("settling many pledges with two runs at once (Postgres server)", () => {
  const PLEDGES = 60;

  it(`${PLEDGES} pledges, two runs in parallel each at 40/s against a gateway that answers 429 above 5/s: each charged exactly once, none failed for the limit`, async () => {
    const { services: setup, gateway: sim } = createTestServices(database, { start });
    // The same gateway (its state is in the database), now with Stripe's kind of rate limit.
    const { services, clock } = createTestServices(database, { start, gateway: { rateLimit: 5 } });
    const cards = Array.from({ length: PLEDGES }, (_, i) => (i % 25 === 24 ? CARD.declinesCharges : CARD.succeeds));
    const declines = cards.filter((c) => c === CARD.declinesCharges).length;
    const { project, pledgeIds } = await pledgedProject(setup, sim, { goalCents: 10_000, cards, amounts: cards.map(() => 1_000) });
    clock.advance(10 * DAY);
    expect(await settleDueProjects(services.db, clock.now(), extensions.projectTransitionEffects)).toMatchObject({ succeeded: 1 });

    let refused = 0;
    const counting = {
      ...services.gateway,
      chargeOffSession: async (input: ChargeOffSessionInput) => {
        try {
          return await services.gateway.chargeOffSession(input);
        } catch (error) {
          if (error instanceof GatewayRequestError && error.rateLimited) refused++;
          throw error;
        }
      },
    };
    // Two workers, each told 40/s: together far above what the gateway takes (and than this machine
    // charges when it is busy, so that 429s come however slow it is).
    const worker = () => ({ ...paymentDeps(services), gateway: counting, gatewayLimiter: createRateLimiter({ perSecond: 40 }) });
    const began = performance.now();
    const [a, b] = await Promise.all([chargeDuePledges(worker(), { concurrency: 4 }), chargeDuePledges(worker(), { concurrency: 4 })]);
    const seconds = (performance.now() - began) / 1000;
    console.info(`two runs: ${JSON.stringify(a)} / ${JSON.stringify(b)}; ${refused} answered 429; ${(PLEDGES / seconds).toFixed(1)} charges/s`);
    // Whatever a run left after five 429s in a row waits for the next run, like any gateway error.
    let failed = a.failed + b.failed;
    for (let run = 0, left = a.errors + b.errors; left > 0 && run < 20; run++) {
      const next = await chargeDuePledges(worker(), { concurrency: 4 });
      failed += next.failed;
      left = next.errors;
    }

    expect(failed).toBe(declines);
    expect(refused).toBeGreaterThan(0);
    const payments = await gatewayPaymentsPerPledge(services.db);
    expect(pledgeIds.map((id) => payments.get(id) ?? 0)).toEqual(pledgeIds.map(() => 1));
    const statuses = await services.db.selectFrom("pledges").select(["id", "status"]).where("project_id", "=", project.id).execute();
    expect(statuses.filter((s) => s.status === "charged")).toHaveLength(PLEDGES - declines);
    expect(statuses.filter((s) => s.status === "payment_failed")).toHaveLength(declines);
    // One attempt per pledge: a 429 is tried again with the same attempt and key, never a new one.
    const attempts = await services.db.selectFrom("pledge_payment_attempts").select(["status", "failure_code"]).where("kind", "=", "charge").execute();
    expect(attempts).toHaveLength(PLEDGES);
    expect(attempts.filter((x) => x.status === "failed").map((x) => x.failure_code)).toEqual(Array(declines).fill("card_declined"));
    const report = await verifyLedger(services.db, extensions.ledgerChecks);
    expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
  }, 300_000);

  it("settleProject charges one project at the limiter's pace and says how long it took", async () => {
    const { services, gateway, clock } = createTestServices(database, { start });
    const cards = Array.from({ length: 120 }, () => CARD.succeeds);
    const { project } = await pledgedProject(services, gateway, { goalCents: 10_000, cards, amounts: cards.map(() => 1_000) });
    clock.advance(10 * DAY);
    await settleDueProjects(services.db, clock.now(), extensions.projectTransitionEffects);
    const r = await settleProject(paymentDeps(services), project.id, { gatewayLimiter: createRateLimiter({ perSecond: 60 }), concurrency: 4 });
    console.info(`settleProject: ${r.charged} charged in ${r.seconds.toFixed(2)} s (${(r.charged / r.seconds).toFixed(1)}/s at a limit of 60/s)`);
    expect(r).toMatchObject({ charged: 120, failed: 0, errors: 0 });
    // 120 calls at 60/s take at least 119/60 s.
    expect(r.seconds).toBeGreaterThanOrEqual(119 / 60 - 0.05);
  }, 300_000);
});
