/**
 * Settlement at scale, measured (issue 17, decision 084). Not a test: it prints, asserts nothing.
 *
 *   DATABASE_URL=postgres://…/bk_mine npx tsx scripts/perf/settle-measure.ts setup [pledges] [padding]
 *     a migrated, empty database: one all-or-nothing project with `pledges` (5,000) active pledges,
 *     each backer with a saved card on the simulated gateway (100 made through the real flow, the
 *     rest copied set-based), `padding` (1,000,000) settled pledges beside them, then the deadline:
 *     the project succeeds and its pledges are due.
 *   DATABASE_URL=… npx tsx scripts/perf/settle-measure.ts charge [limit]
 *     charges up to `limit` of them through the simulated gateway (which answers 429 above
 *     SIMULATED_GATEWAY_RATE_LIMIT, default here 100/s) at GATEWAY_RATE_LIMIT (90) with
 *     SETTLEMENT_CONCURRENCY (4) in flight, and prints charges per second.
 */
import { sql } from "kysely";
import { CARD } from "../../app/payments/simulated/testing.server";
import { createRateLimiter } from "../../app/payments/rate-limit";
import { paymentDeps } from "../../app/pledges/payment-attempts.server";
import { chargeDuePledges } from "../../app/settlement/charges.server";
import { settleDueProjects } from "../../app/settlement/deadline.server";
import { pledgedProject } from "../../app/test/pledging";
import { createTestServices } from "../../app/test/services";
import { openDatabase } from "../../app/utils/db.server";
import { extensions } from "../../app/wiring.server";
import { cloneRows } from "./amplify";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL: a migrated database of your own");
const START = new Date("2026-11-01T10:00:00Z");
const DAY = 86_400_000;
const [command = "charge", a, b] = process.argv.slice(2);
const handle = await openDatabase({ kind: "server", url, maxConnections: 20 });

try {
  if (command === "setup") {
    const pledges = Number(a ?? 5_000);
    const padding = Number(b ?? 1_000_000);
    const { services, gateway, clock } = createTestServices(handle, { start: START });
    const real = Math.min(100, pledges);
    const cards = Array.from({ length: real }, () => CARD.succeeds);
    const { project } = await pledgedProject(services, gateway, { goalCents: 1_000, cards, amounts: cards.map(() => 1_000) });
    const copies = Math.ceil(pledges / real) - 1;
    const backers = `(select backer_id from pledges where project_id = '${project.id}')`;
    // Each real backer copied `copies` times with its customer, saved card and pledge (ids derived from the original's).
    await cloneRows(handle.db, "users", {
      times: copies,
      where: `t.id in ${backers}`,
      set: { id: "md5(t.id::text || g)::uuid", email: `'c' || g || '-' || t.email`, handle: `t.handle || '-c' || g` },
    });
    await cloneRows(handle.db, "sim_customers", {
      times: copies,
      where: `t.id in (select customer_id from payment_customers where user_id in ${backers})`,
      set: { id: "t.id || 'c' || g" },
    });
    await cloneRows(handle.db, "payment_customers", {
      times: copies,
      where: `t.user_id in ${backers}`,
      set: { user_id: "md5(t.user_id::text || g)::uuid", customer_id: "t.customer_id || 'c' || g" },
    });
    await cloneRows(handle.db, "sim_payment_methods", {
      times: copies,
      where: `t.customer_id in (select customer_id from payment_customers where user_id in ${backers})`,
      set: { id: "t.id || 'c' || g", customer_id: "t.customer_id || 'c' || g" },
    });
    await cloneRows(handle.db, "pledges", {
      times: copies,
      where: `t.project_id = '${project.id}'`,
      set: {
        id: "gen_random_uuid()",
        backer_id: "md5(t.backer_id::text || g)::uuid",
        payment_method_ref: "t.payment_method_ref || 'c' || g",
        idempotency_key: "null",
        created_at: "t.created_at + g * interval '1 ms'",
      },
    });
    // The rest of the city's pledges, long settled (released): what a scan of all pledges reads.
    const perRow = Math.ceil(padding / pledges);
    if (padding > 0) {
      await cloneRows(handle.db, "pledges", {
        times: perRow,
        where: `t.project_id = '${project.id}'`,
        set: { id: "gen_random_uuid()", status: "'released'", idempotency_key: "null" },
      });
    }
    clock.advance(10 * DAY);
    console.log(await settleDueProjects(services.db, clock.now(), extensions.projectTransitionEffects));
    await sql`vacuum analyze`.execute(handle.db);
    const counts = await sql<{ status: string; n: string }>`select status, count(*) as n from pledges group by status`.execute(handle.db);
    console.log(`project ${project.id}:`, counts.rows.map((r) => `${r.status} ${r.n}`).join(", "));
  } else if (command === "charge") {
    const limit = Number(a ?? 1_000_000);
    const rate = Number(process.env.GATEWAY_RATE_LIMIT ?? 90);
    const concurrency = Number(process.env.SETTLEMENT_CONCURRENCY ?? 4);
    const { services } = createTestServices(handle, {
      start: new Date(START.getTime() + 10 * DAY + 3_600_000),
      gateway: { rateLimit: Number(process.env.SIMULATED_GATEWAY_RATE_LIMIT ?? 100) },
    });
    const began = performance.now();
    const counts = await chargeDuePledges({ ...paymentDeps(services), gatewayLimiter: createRateLimiter({ perSecond: rate }) }, { limit, concurrency });
    const seconds = (performance.now() - began) / 1000;
    const done = counts.charged + counts.failed + counts.processing;
    console.log(
      JSON.stringify(counts),
      `${done} in ${seconds.toFixed(1)} s: ${(done / seconds).toFixed(1)} charges/s (limit ${rate}/s, ${concurrency} in flight)`,
    );
  } else {
    throw new Error(`unknown command ${command}: setup | charge`);
  }
} finally {
  await handle.close();
}
