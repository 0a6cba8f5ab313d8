/**
 * `npm run drill [-- <drill> …]`: the long reliability drills (issue 8 §8), each on a database of
 * its own on the Postgres server (DATABASE_URL's server, or 127.0.0.1:5432 as user postgres),
 * dropped afterwards. The short versions of chaos and the fuzzer run in `npm test`; these do not.
 *
 *   chaos    CHAOS_OPS (5000) random concurrent operations, CHAOS_CONCURRENCY (20) at a time, then the invariants
 *   fuzz     every action FUZZ_RUNS (200) hostile inputs through the real edge
 *   restart  Postgres "restarted" under load: every connection of the app's database terminated and
 *            new ones refused for 4 s (the database only, so nobody else's is touched): 503s, then back
 *   kill     `kill -9` of a settlement worker process mid-run, the run finished by another: each pledge
 *            charged once, ledger:verify and the reconciliation with the gateway clean
 *   killserver  `kill -9` of the web server (the production build) while backers change pledges, started
 *            again: nothing half-written (totals, commitments, journals), sessions carry on
 *   soak     the production build at half its measured maximum throughput for SOAK_SECONDS (600):
 *            0 errors, RSS at start and end
 *   all      chaos, fuzz, restart, kill, killserver (not soak)
 *
 * Each prints its figures and exits 1 when an invariant broke (docs/reliability.md lists the last ones).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import autocannon from "autocannon";
import { sql } from "kysely";
import pg from "pg";
import { migrateToLatest } from "../db/migrate";
import { verifyLedger } from "../app/ledger/verify.server";
import { runDueJobs } from "../app/jobs/runtime.server";
import { reconcileWithGateway } from "../app/reconciliation/reconcile.server";
import { fullyPledgedProject } from "../app/test/pledging";
import { createTestServices } from "../app/test/services";
import { adminUrl } from "../app/test/template";
import { openDatabase, type DatabaseHandle } from "../app/utils/db.server";
import { extensions } from "../app/wiring.server";
import { buildIfStale } from "./build-if-stale";
import { checkInvariants, runChaos } from "./drills/chaos";
import { buildDemoWorld } from "./drills/demo-world";
import { fuzzActions, startDrillServer } from "./drills/form-fuzz";

const SERVER = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DAY = 86_400_000;
let failed = false;
const fail = (what: string) => {
  failed = true;
  console.error(`✗ ${what}`);
};

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl(SERVER) });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

/** A fresh, migrated database on the server, dropped by `close`. */
async function drillDatabase(tag: string, maxConnections = 20): Promise<DatabaseHandle & { url: string; name: string }> {
  const name = `bk_drill_${tag}_${process.pid}`;
  await admin(async (c) => {
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.query(`create database "${name}"`);
  });
  const url = adminUrl(SERVER, name);
  const handle = await openDatabase({ kind: "server", url, maxConnections });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    name,
    async close() {
      await handle.close().catch(() => undefined);
      await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function chaos() {
  const ops = Number(process.env.CHAOS_OPS ?? 5000);
  const concurrency = Number(process.env.CHAOS_CONCURRENCY ?? 20);
  const database = await drillDatabase("chaos", concurrency + 4);
  try {
    const { services } = createTestServices(database, { start: new Date("2026-12-01T10:00:00Z") });
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    console.log(`chaos: ${ops} operations, ${concurrency} at a time, seed ${seed}`);
    const r = await runChaos(services, { operations: ops, concurrency, seed, log: console.log });
    console.log(`  ${r.operations} operations in ${r.seconds.toFixed(1)} s (${Math.round(r.operations / r.seconds)}/s)`);
    for (const [k, v] of Object.entries(r.outcomes).sort()) console.log(`    ${k.padEnd(36)} ${v}`);
    for (const c of r.checked) console.log(`  checked: ${c}`);
    if (r.errors.length) fail(`chaos: ${r.errors.length} operations threw:\n    ${r.errors.slice(0, 10).join("\n    ")}`);
    if (r.violations.length) fail(`chaos: invariants broken:\n    ${r.violations.slice(0, 20).join("\n    ")}`);
    if (!r.errors.length && !r.violations.length) console.log("✓ chaos: no errors, every invariant holds");
  } finally {
    await database.close();
  }
}

async function fuzz() {
  const runs = Number(process.env.FUZZ_RUNS ?? 200);
  const database = await drillDatabase("fuzz");
  try {
    const { services } = createTestServices(database);
    const world = await buildDemoWorld(services);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    console.log(`fuzz: ${runs} hostile inputs per action and per query page, seed ${seed}`);
    const started = Date.now();
    const { reports, problems } = await fuzzActions(services, world, { runs, seed, log: (l) => console.log(`  ${l}`) });
    const total = reports.reduce((a, r) => a + r.tried, 0);
    console.log(
      `  ${total} inputs to ${reports.length} targets in ${Math.round((Date.now() - started) / 1000)} s; refusals with a message next to the field: ${reports.reduce((a, r) => a + r.fieldMessages, 0)}, as an error page: ${reports.reduce((a, r) => a + r.errorPages, 0)}, accepted: ${reports.reduce((a, r) => a + r.accepted, 0)}`,
    );
    if (problems.length) fail(`fuzz: ${problems.length} problems:\n${problems.map((p) => `    ${p.route}: ${p.problem}\n      input ${p.input}`).join("\n")}`);
    else console.log("✓ fuzz: no 5xx, no stack trace, every refusal with a message, no rows written by a refusal");
  } finally {
    await database.close();
  }
}

async function restart() {
  const database = await drillDatabase("restart", 10);
  const { services } = createTestServices(database);
  await buildDemoWorld(services);
  const { base, close } = await startDrillServer(services);
  const paths = ["/", "/projects", "/items", "/u/anna-de-vries", "/projects/moestuin-op-het-javaplein", "/wanted"];
  type Phase = "before" | "outage" | "after";
  let phase: Phase = "before";
  const seen: Record<Phase, Record<string, number>> = { before: {}, outage: {}, after: {} };
  let firstOkAfter: number | null = null;
  let restoredAt = 0;
  let stop = false;
  const loop = async (i: number) => {
    let n = i;
    while (!stop) {
      const path = paths[n++ % paths.length]!;
      let key: string;
      try {
        const res = await fetch(`${base}${path}`, { redirect: "manual" });
        const body = await res.text();
        key = String(res.status);
        if (res.status === 500 && process.env.DRILL_PRINT) console.log(`  500 on ${path} (${phase}): ${body.slice(0, 300)}`);
        if (phase === "after" && res.status < 500 && firstOkAfter === null) firstOkAfter = Date.now() - restoredAt;
      } catch (error) {
        key = `fetch failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      seen[phase][key] = (seen[phase][key] ?? 0) + 1;
    }
  };
  const loops = Array.from({ length: 8 }, (_, i) => loop(i));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  try {
    console.log("restart: 8 clients reading pages; after 4 s the database goes away for 4 s, then comes back");
    await sleep(4000);
    phase = "outage";
    await admin(async (c) => {
      await c.query(`alter database "${database.name}" with allow_connections false`);
      await c.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [database.name]);
    });
    await sleep(4000);
    await admin((c) => c.query(`alter database "${database.name}" with allow_connections true`));
    restoredAt = Date.now();
    phase = "after";
    await sleep(6000);
    stop = true;
    await Promise.all(loops);
    for (const p of ["before", "outage", "after"] as const) console.log(`  ${p.padEnd(7)} ${JSON.stringify(seen[p])}`);
    console.log(`  first good answer ${firstOkAfter ?? "never"} ms after the database came back (same process, no restart)`);
    const bad = (p: Phase, allowed: RegExp) => Object.keys(seen[p]).filter((k) => !allowed.test(k));
    if (bad("before", /^(200|30\d)$/).length) fail(`restart: before the outage: ${bad("before", /^(200|30\d)$/).join(", ")}`);
    if (bad("outage", /^(200|30\d|503)$/).length) fail(`restart: during the outage, answers other than 503: ${bad("outage", /^(200|30\d|503)$/).join(", ")}`);
    if (!seen.outage["503"]) fail("restart: no 503 during the outage (did the outage happen?)");
    if (firstOkAfter === null || firstOkAfter > 3000) fail("restart: the app did not come back within 3 s of the database");
    const lateBad = bad("after", /^(200|30\d|503)$/);
    if (lateBad.length) fail(`restart: after the outage: ${lateBad.join(", ")}`);
    if (!failed) console.log("✓ restart: the 503 page during the outage, nothing else; reconnected by itself");
  } finally {
    stop = true;
    await close();
    await database.close();
  }
}

async function kill() {
  const PLEDGES = Number(process.env.KILL_PLEDGES ?? 300);
  const database = await drillDatabase("kill", 10);
  try {
    // A project whose deadline passed a day ago (in real time: the worker runs on the wall clock).
    const past = createTestServices(database, { start: new Date(Date.now() - 11 * DAY) });
    const amounts = Array.from({ length: PLEDGES }, (_, i) => 1_000 + (i % 9) * 250);
    const { project, pledgeIds } = await fullyPledgedProject(past.services, past.gateway, amounts);
    const charged = async () =>
      Number(
        (
          await database.db
            .selectFrom("pledges")
            .select(sql<number>`count(*)`.as("n"))
            .where("project_id", "=", project.id)
            .where("status", "=", "charged")
            .executeTakeFirstOrThrow()
        ).n,
      );
    const kills: number[] = [];
    for (const at of [0.15, 0.5]) {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/jobs.ts", "run-due", "projects.settle-due"], {
        stdio: ["ignore", "ignore", "inherit"],
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          SESSION_SECRET: "drill-session-secret-drill-session-secret-1",
          APP_URL: "http://localhost:3000",
          LOG_LEVEL: "error",
          NODE_ENV: "production",
        },
      });
      const exited = new Promise((r) => child.once("exit", r));
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && child.exitCode === null && (await charged()) < PLEDGES * at) await new Promise((r) => setTimeout(r, 25));
      const before = await charged();
      child.kill("SIGKILL");
      await exited;
      kills.push(before);
      console.log(`kill: worker pid ${child.pid} killed with SIGKILL at ${before}/${PLEDGES} charged`);
    }
    // Another worker, after the dead ones' leases ran out, finishes the run.
    const later = createTestServices(database, { start: new Date(Date.now() + 10 * 60_000) });
    for (let i = 0; i < 5; i++) {
      const [r] = await runDueJobs(later.services, extensions.jobs, ["projects.settle-due"]);
      if (r?.error) fail(`kill: the finishing run failed: ${r.error}`);
      if (!r?.summary?.processed) break;
    }
    const statuses = await database.db.selectFrom("pledges").select("status").where("id", "in", pledgeIds).execute();
    const notCharged = statuses.filter((s) => s.status !== "charged").length;
    const twice = await sql<{ pledge: string; n: number }>`
      select metadata->>'pledgeId' as pledge, count(*)::int as n from sim_payments
      where status = 'succeeded' and metadata->>'pledgeId' is not null group by 1 having count(*) > 1
    `.execute(database.db);
    const payments = await sql<{
      n: number;
    }>`select count(*)::int as n from sim_payments where status = 'succeeded' and metadata->>'pledgeId' is not null`.execute(database.db);
    const ledger = await verifyLedger(database.db, extensions.ledgerChecks);
    const now = later.services.clock.now();
    const recon = await reconcileWithGateway(
      { db: database.db, gateway: later.services.gateway, reconcilers: extensions.reconcilers },
      { since: new Date(now.getTime() - 30 * DAY), until: new Date(now.getTime() + DAY), now },
    );
    console.log(
      `  pledges charged: ${PLEDGES - notCharged}/${PLEDGES}; successful gateway payments: ${payments.rows[0]!.n}; charged twice: ${twice.rows.length}`,
    );
    console.log(
      `  ledger:verify: ${ledger.ok ? "clean" : "NOT clean"} (${ledger.journals} journals); reconciliation: ${recon.ok ? "clean" : "differences"} ${JSON.stringify(recon.counts)}`,
    );
    if (notCharged) fail(`kill: ${notCharged} pledges not charged`);
    if (twice.rows.length) fail(`kill: ${twice.rows.length} pledges charged twice`);
    if (!ledger.ok) fail(`kill: ledger:verify: ${JSON.stringify(ledger.results.filter((r) => r.problems.length || r.error))}`);
    if (!recon.ok) fail(`kill: reconciliation: ${JSON.stringify(recon.items.slice(0, 5))}`);
    if (!failed)
      console.log(`✓ kill: two workers killed with SIGKILL mid-run (at ${kills.join(" and ")} charged); every pledge charged once; ledger and gateway agree`);
  } finally {
    await database.close();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The production build as the image runs it (`node build/server/start.js`), on `databaseUrl`. */
async function startBuiltServer(databaseUrl: string, port: number, dataDir: string) {
  const server = spawn(process.execPath, ["build/server/start.js"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SESSION_SECRET: "drill-session-secret-drill-session-secret-12",
      LOG_LEVEL: "error",
      RUN_WORKER: "false",
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (i > 600 || server.exitCode !== null) throw new Error("the server did not become ready");
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { server, base };
}

async function emptyDatabase(tag: string): Promise<{ name: string; url: string }> {
  const name = `bk_drill_${tag}_${process.pid}`;
  await admin(async (c) => {
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.query(`create database "${name}"`);
  });
  return { name, url: adminUrl(SERVER, name) };
}

/**
 * `kill -9` of the web server while backers change their pledges: the server is started again on
 * the same database, and nothing is half-written — the project's totals equal its pledges, the
 * ledger's commitments equal the open pledges, every journal balances.
 */
async function killServer() {
  await buildIfStale();
  const database = await emptyDatabase("killserver");
  const port = await freePort();
  const dataDir = fs.mkdtempSync(`${os.tmpdir()}/buurtkracht-killserver-`);
  let { server, base } = await startBuiltServer(database.url, port, dataDir);
  const db = await openDatabase({ kind: "server", url: database.url, maxConnections: 4 });
  try {
    const slug = "moestuin-op-het-javaplein";
    const project = await db.db.selectFrom("projects").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
    const backers = await db.db
      .selectFrom("pledges")
      .innerJoin("users", "users.id", "pledges.backer_id")
      .select(["pledges.id", "users.email"])
      .where("pledges.project_id", "=", project.id)
      .where("pledges.status", "=", "active")
      .execute();
    const sessions: { pledgeId: string; cookie: string }[] = [];
    for (const b of backers) {
      const res = await fetch(`${base}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
        body: new URLSearchParams({ email: b.email, password: "buurtkracht-demo" }),
      });
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      if (res.status !== 302 || !cookie) throw new Error(`login of ${b.email}: ${res.status}`);
      sessions.push({ pledgeId: b.id, cookie });
    }
    const seen: Record<string, Record<string, number>> = { before: {}, down: {}, after: {} };
    let phase = "before";
    let stop = false;
    let n = 0;
    const loop = async (s: { pledgeId: string; cookie: string }) => {
      while (!stop) {
        let key: string;
        try {
          const res = await fetch(`${base}/projects/${slug}/pledge`, {
            method: "POST",
            redirect: "manual",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, Cookie: s.cookie },
            body: new URLSearchParams({
              intent: "change",
              pledgeId: s.pledgeId,
              amount: String(10 + (n++ % 40)),
              visibility: "initiator",
              token: `kill-${n}-${Math.random()}`,
            }),
          });
          await res.arrayBuffer();
          key = String(res.status);
        } catch {
          key = "connection lost";
          await new Promise((r) => setTimeout(r, 50));
        }
        seen[phase]![key] = (seen[phase]![key] ?? 0) + 1;
      }
    };
    const loops = sessions.map(loop);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await sleep(3000);
    phase = "down";
    server.kill("SIGKILL");
    await new Promise((r) => server.once("exit", r));
    console.log(`killserver: ${sessions.length} backers changing their pledges; the server killed with SIGKILL after 3 s, started again`);
    ({ server, base } = await startBuiltServer(database.url, port, dataDir));
    phase = "after";
    await sleep(3000);
    stop = true;
    await Promise.all(loops);
    for (const p of ["before", "down", "after"]) console.log(`  ${p.padEnd(7)} ${JSON.stringify(seen[p])}`);
    const { violations, checked } = await checkInvariants(db.db, extensions.ledgerChecks, [project.id]);
    for (const c of checked) console.log(`  checked: ${c}`);
    const bad = Object.keys(seen.before!)
      .concat(Object.keys(seen.after!))
      .filter((k) => !/^(302|303)$/.test(k));
    if (bad.length) fail(`killserver: answers other than a redirect while the server was up: ${bad.join(", ")}`);
    if (!seen.after!["302"]) fail("killserver: no pledge changed after the restart (sessions lost?)");
    if (violations.length) fail(`killserver: ${violations.join("; ")}`);
    if (!failed) console.log("✓ killserver: nothing half-written; sessions and pledges carried on after the restart");
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once("exit", r)));
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await admin((c) => c.query(`drop database if exists "${database.name}" with (force)`));
  }
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

async function soak() {
  const seconds = Number(process.env.SOAK_SECONDS ?? 600);
  const connections = Number(process.env.SOAK_CONNECTIONS ?? 16);
  await buildIfStale();
  // An empty database: the server migrates it and loads the demo neighbourhood (APP_URL is localhost).
  const database = { name: `bk_drill_soak_${process.pid}`, url: "" };
  await admin(async (c) => {
    await c.query(`drop database if exists "${database.name}" with (force)`);
    await c.query(`create database "${database.name}"`);
  });
  database.url = adminUrl(SERVER, database.name);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(`${os.tmpdir()}/buurtkracht-soak-`);
  const server = spawn(process.execPath, ["build/server/start.js"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      SESSION_SECRET: "soak-session-secret-soak-session-secret-12",
      LOG_LEVEL: "error",
      RUN_WORKER: "false",
    },
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error("the server did not become ready");
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    const requests = ["/", "/projects", "/items", "/u/anna-de-vries", "/projects/moestuin-op-het-javaplein", "/login"].map((path) => ({
      method: "GET" as const,
      path,
    }));
    const run = (opts: Partial<autocannon.Options>) =>
      new Promise<autocannon.Result>((resolve, reject) =>
        autocannon({ url: base, connections, requests, ...opts } as autocannon.Options, (err, r) => (err ? reject(err) : resolve(r))),
      );
    await run({ duration: 5 }); // warm-up
    const max = await run({ duration: 10 });
    const rate = Math.max(1, Math.floor(max.requests.average / 2));
    const startRss = rssMb(server.pid!);
    console.log(
      `soak: measured maximum ${Math.round(max.requests.average)} req/s (p99 ${max.latency.p99} ms, ${connections} connections); soaking at ${rate} req/s for ${seconds} s; RSS at start ${startRss} MB`,
    );
    let peak = startRss;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 2000);
    const soaked = await run({ duration: seconds, overallRate: rate });
    clearInterval(sampler);
    const endRss = rssMb(server.pid!);
    const errors = soaked.errors + soaked.timeouts + soaked.non2xx;
    console.log(
      `  ${soaked.requests.total} requests at ${Math.round(soaked.requests.average)} req/s, p50 ${soaked.latency.p50} ms, p99 ${soaked.latency.p99} ms; errors ${soaked.errors}, timeouts ${soaked.timeouts}, non-2xx ${soaked.non2xx}; RSS start ${startRss} MB, peak ${peak} MB, end ${endRss} MB`,
    );
    if (errors) fail(`soak: ${errors} errors`);
    else console.log("✓ soak: 0 errors");
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
    await admin((c) => c.query(`drop database if exists "${database.name}" with (force)`));
  }
}

const drills: Record<string, () => Promise<void>> = { chaos, fuzz, restart, kill, killserver: killServer, soak };
const asked = process.argv.slice(2);
const names = asked.length === 0 || asked.includes("all") ? ["chaos", "fuzz", "restart", "kill", "killserver"] : asked;
for (const name of names) {
  const drill = drills[name];
  if (!drill) {
    console.error(`Unknown drill ${name}. Drills: ${Object.keys(drills).join(", ")}, all`);
    process.exit(2);
  }
  const started = Date.now();
  console.log(`\n=== drill: ${name} ===`);
  await drill();
  console.log(`(${name}: ${Math.round((Date.now() - started) / 1000)} s)`);
}
process.exit(failed ? 1 : 0);
