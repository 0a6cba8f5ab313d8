import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "../ledger/verify.server";
import { type Harness, startHarness } from "../payments/stripe/testing/harness.server";
import { paymentDeps } from "../pledges/payment-attempts.server";
import { createTestDatabase, usingServer } from "../test/db";
import { deliverStripeWebhooks, stripePledgedProject, stripeWorld } from "../test/stripe";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { chargeDuePledges } from "./charges.server";
import { settleDueProjects } from "./deadline.server";

/**
 * Settling a big project through the Stripe adapter against the fake Stripe server (issue 10):
 * every pledge charged exactly once at Stripe, also with injected 500s, lost answers (timeouts)
 * and a worker that dies after Stripe charged; the webhooks arriving twice and out of order change
 * nothing. On the Postgres server with 500 pledges; on PGlite with 60 (same code path, less time).
 */
const PLEDGES = usingServer() ? 500 : 60;
const start = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;

let database: DatabaseHandle;
let h: Harness;
beforeAll(async () => {
  database = await createTestDatabase();
  h = await startHarness({ fake: { startTime: start.getTime() } });
});
afterAll(async () => {
  await h?.close();
  await database?.close();
});
afterEach(() => h.fake.control.webhooks.clear());

describe(`settling ${PLEDGES} pledges through Stripe`, () => {
  it(
    "charges each pledge exactly once with its attempt's key, through 500s, timeouts and a crash",
    async () => {
      const { services, advance } = stripeWorld(database, h, start);
      const amounts = Array.from({ length: PLEDGES }, (_, i) => 1_000 + (i % 7) * 125);
      const { project, pledgeIds } = await stripePledgedProject(services, h, amounts);
      await deliverStripeWebhooks(services, h); // the setup sessions' events
      advance(10 * DAY);
      expect(await settleDueProjects(services.db, services.clock.now(), extensions.projectTransitionEffects)).toMatchObject({ succeeded: 1 });

      // A client that gives up after 400 ms; Stripe answers some requests with 500, holds others'
      // answers past the timeout after charging (a lost response), and one worker dies after Stripe charged.
      const impatient = { ...paymentDeps(services), gateway: h.gatewayWith({ timeoutMs: 400 }) };
      h.fake.control.failNext(5, { path: /^\/v1\/payment_intents$/ });
      h.fake.control.delayNext(800, { count: 3, path: /^\/v1\/payment_intents$/ });
      let died = false;
      const crashOnce = {
        afterGatewayCall: () => {
          if (died) return;
          died = true;
          throw new Error("the worker died after Stripe charged");
        },
      };
      const first = await chargeDuePledges(impatient, { hooks: { afterGatewayCall: () => undefined } });
      expect(first.errors).toBe(8); // 5 × 500 and 3 timeouts: those attempts wait for the next run
      await expect(chargeDuePledges(impatient, { hooks: crashOnce })).rejects.toThrow(/worker died/);
      // The dead worker's lease runs out; the sweeps finish everything.
      for (let run = 0; run < 5; run++) {
        advance(5 * 60_000);
        const r = await chargeDuePledges(paymentDeps(services));
        if (r.charged + r.failed + r.errors === 0) break;
      }
      const { answers } = await deliverStripeWebhooks(services, h, { twice: true, order: "shuffle", seed: 7 });
      expect(answers.every((a) => a.status === 200)).toBe(true);
      // Each event came twice: the second of every applied one is a no-op.
      const applied = answers.filter((a) => a.body.result === "applied").length;
      expect(applied).toBeGreaterThanOrEqual(PLEDGES);
      expect(answers.filter((a) => a.body.result === "duplicate").length).toBe(applied);

      // What Stripe itself holds: one PaymentIntent per pledge, succeeded, with the pledge's amount.
      const created = h.sent("POST", "/v1/payment_intents").filter((r) => r.status === 200 && !r.replayed);
      const byPledge = new Map<string, number>();
      for (const r of created) {
        const pledgeId = String((r.params.metadata as Record<string, string>).pledgeId);
        byPledge.set(pledgeId, (byPledge.get(pledgeId) ?? 0) + 1);
      }
      expect(byPledge.size).toBe(PLEDGES);
      expect([...byPledge.values()].every((n) => n === 1)).toBe(true);
      const sample = created[0]!;
      expect(sample.params).toMatchObject({ currency: "eur", off_session: "true", confirm: "true" });
      expect(sample.idempotencyKey).toMatch(/^pledge:[0-9a-f-]{36}:charge:1$/);
      // Every retry of an attempt used its key: as many keys as pledges, however many requests.
      const keys = h.sent("POST", "/v1/payment_intents").map((r) => r.idempotencyKey);
      expect(new Set(keys).size).toBe(PLEDGES);

      const statuses = await services.db.selectFrom("pledges").select(["status", "amount_cents"]).where("id", "in", pledgeIds).execute();
      expect(statuses.every((s) => s.status === "charged")).toBe(true);
      const { collected } = await services.db
        .selectFrom("projects")
        .select(sql<number>`collected_cents`.as("collected"))
        .where("id", "=", project.id)
        .executeTakeFirstOrThrow();
      expect(collected).toBe(amounts.reduce((a, b) => a + b, 0));
      const report = await verifyLedger(services.db, extensions.ledgerChecks);
      expect(report.results.filter((r) => r.problems.length || r.error)).toEqual([]);
    },
    usingServer() ? 300_000 : 180_000,
  );
});
