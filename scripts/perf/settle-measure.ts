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
 *     SETTLEMENT_CONCURRENCY (8) in flight, and prints charges per second.
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
    clock.advance(10 * DAY);
    console.log(await settleDueProjects(services.db, clock.now(), extensions.projectTransitionEffects));
    if (padding > 0) await growCity(project.id, pledges, padding);
    await sql`vacuum analyze`.execute(handle.db);
    const counts = await sql<{ status: string; n: string }>`select status, count(*) as n from pledges group by status`.execute(handle.db);
    console.log(`project ${project.id}:`, counts.rows.map((r) => `${r.status} ${r.n}`).join(", "));
  } else if (command === "charge") {
    const limit = Number(a ?? 1_000_000);
    const rate = Number(process.env.GATEWAY_RATE_LIMIT ?? 90);
    const concurrency = Number(process.env.SETTLEMENT_CONCURRENCY ?? 8);
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

/**
 * The rest of the city, as the planner sees one (decision 084's figures): per million pledges,
 * 3,000 other succeeded projects with ~200 charged pledges each, 1,000 live ones (deadline a month
 * on) with ~200 active pledges each, and released pledges spread over the succeeded ones. Copies
 * of the due project and its backers' pledges, each backer at most once per project.
 */
async function growCity(projectId: string, pledges: number, padding: number) {
  const db = handle.db;
  const per = Math.max(1, Math.round(pledges / 200));
  const succeeded = Math.round(padding * 0.003);
  const live = Math.round(padding * 0.001);
  const { slug } = await db.selectFrom("projects").select("slug").where("id", "=", projectId).executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    await cloneRows(trx, "projects", {
      times: succeeded,
      where: `t.id = '${projectId}'`,
      set: { id: "gen_random_uuid()", slug: `t.slug || '-s' || g`, cover_upload_id: "null" },
    });
    await cloneRows(trx, "projects", {
      times: live,
      where: `t.id = '${projectId}'`,
      set: { id: "gen_random_uuid()", slug: `t.slug || '-l' || g`, status: "'live'", ends_at: "t.ends_at + interval '30 days'", cover_upload_id: "null" },
    });
    // A deferred check wants each project's funding plan by the commit.
    await cloneRows(trx, "project_budget_lines", {
      from: "projects c",
      where: `t.project_id = '${projectId}' and c.slug like '${slug}-%'`,
      set: { project_id: "c.id" },
      omit: ["id"],
    });
  });
  const bucket = `abs(hashtext(t.id::text)) % ${per} = abs(hashtext(c.id::text)) % ${per}`;
  const copy = (kind: "s" | "l", status: string, extra: Record<string, string> = {}) =>
    cloneRows(db, "pledges", {
      from: "projects c",
      where: `t.project_id = '${projectId}' and t.status = 'active' and c.slug like '${slug}-${kind}%' and ${bucket}`,
      set: { id: "gen_random_uuid()", project_id: "c.id", status: `'${status}'`, idempotency_key: "null", ...extra },
    });
  const charged = await copy("s", "charged", { charged_at: "t.created_at" });
  const active = await copy("l", "active");
  const rest = Math.max(0, padding - charged - active);
  const released = await cloneRows(db, "pledges", {
    times: Math.ceil(rest / pledges),
    from: `(select id, row_number() over (order by id) as rn from projects where slug like '${slug}-s%') c`,
    where: `t.project_id = '${projectId}' and t.status = 'active' and (abs(hashtext(t.id::text || g)) % ${succeeded}) + 1 = c.rn`,
    set: { id: "gen_random_uuid()", project_id: "c.id", status: "'released'", idempotency_key: "null" },
  });
  console.log(`city: ${succeeded} succeeded projects, ${live} live; ${charged} charged, ${active} active, ${released} released pledges beside the due project`);
}
