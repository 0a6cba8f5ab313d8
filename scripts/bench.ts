/**
 * `npm run bench` (issue 17): the main pages, APIs and POSTs under load against a city seeded by
 * `npm run bench:seed` (DATABASE_URL), each next to floors measured in the same repetition — bare
 * Node http, a minimal Remix page through the same root layout (/code-of-conduct), and for the
 * pledge POST the raw SQL of its transaction run by pgbench — with browser-like Accept-Encoding, 16
 * connections, 3 repetitions. Then settlement of the hot project (5,000 pledges) through the
 * simulated gateway at GATEWAY_RATE_LIMIT. Prints the table and writes docs/benchmarks.md.
 *
 *   npm run bench [-- --quick] [-- --only <text>]
 *
 * --quick: seeds a tenth of the city into DATABASE_URL if it holds none, shorter runs, writes
 * docs/benchmarks-quick.md; under 3 minutes. Not a test: nothing here asserts.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import pg from "pg";
import { createSessionStore } from "../app/auth/session.server";
import { GATES } from "../app/reputation/levels";
import { measure, type Load, type Row, type Sample, TABLE_HEAD, tableRow } from "./bench/measure";
import { pgbenchPledge } from "./bench/pgbench";
import { settleHotProject } from "./bench/settle";
import { HOT_SLUG } from "./bench/seed-sql";
import { buildIfStale } from "./build-if-stale";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1]! : null;
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("npm run bench needs DATABASE_URL: a Postgres database filled by `npm run bench:seed` (or any empty one with --quick).");
  process.exit(2);
}
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 2 : 8));
const REPS = Number(process.env.BENCH_REPS ?? 3);
const SECRET = process.env.SESSION_SECRET ?? "bench-session-secret-bench-session-secret";
const RATE = Number(process.env.GATEWAY_RATE_LIMIT ?? 90);
const started = Date.now();

const client = new pg.Client({ connectionString: url });
await client.connect();
const seeded = async () => {
  const t = await client.query<{ n: string }>(`select count(*) as n from information_schema.tables where table_name = 'users'`);
  if (Number(t.rows[0]!.n) === 0) return 0;
  return Number((await client.query<{ n: string }>(`select count(*) as n from users where handle like 'buur-%'`)).rows[0]!.n);
};
if ((await seeded()) === 0) {
  if (!quick) {
    console.error("This database holds no city: run `npm run bench:seed` first (or `npm run bench -- --quick`, which seeds a small one).");
    process.exit(2);
  }
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-seed.ts", "--quick"], {
    stdio: "inherit",
    env: { ...process.env, SESSION_SECRET: SECRET },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const cityUsers = await seeded();
await buildIfStale();

// --- Who pledges and borrows: fresh neighbours for this run (one pledge per backer and project,
// one open request per borrower and item), each with a saved card and a session.
const run = Date.now().toString(36);
const FRESH = quick ? 4_000 : 12_000;
await client.query("begin");
await client.query(
  `insert into users (id, email, handle, display_name, password_hash, neighbourhood_id, email_verified_at)
   select md5('run-${run}-' || g)::uuid, 'run${run}-' || g || '@bench.buurtkracht.nl', 'run-${run}-' || g, 'Nieuwe buur ' || g,
          (select password_hash from users where email = 'eva@demo.buurtkracht.nl'), 'indische-buurt', now()
   from generate_series(1, ${FRESH}) g`,
);
await client.query(
  `insert into sim_customers (id, email, name, metadata, created_at)
   select 'cus_sim_seed' || replace(id::text, '-', ''), email, display_name, jsonb_build_object('userId', id::text), now() from users where handle like 'run-${run}-%'`,
);
await client.query(
  `insert into payment_customers (user_id, gateway, customer_id) select id, 'simulated', 'cus_sim_seed' || replace(id::text, '-', '') from users where handle like 'run-${run}-%'`,
);
await client.query(
  `insert into sim_payment_methods (id, customer_id, type, behaviour, brand, last4, exp_month, exp_year, created_at)
   select 'pm_sim_seed' || replace(id::text, '-', '') || '4242', 'cus_sim_seed' || replace(id::text, '-', ''), 'card', 'succeeds', 'visa', '4242', 12, 2034, now()
   from users where handle like 'run-${run}-%'`,
);
const fresh = (await client.query<{ id: string }>(`select id from users where handle like 'run-${run}-%' order by handle`)).rows.map((r) => r.id);
const eva = (await client.query<{ id: string }>(`select id from users where email = 'eva@demo.buurtkracht.nl'`)).rows[0]!.id;
const tokens = new Map<string, string>();
for (let i = 0; i < fresh.length + 1; i += 1000) {
  const ids = [...fresh, eva].slice(i, i + 1000);
  const batch = ids.map(() => randomBytes(32).toString("base64url"));
  ids.forEach((id, k) => tokens.set(id, batch[k]!));
  await client.query(
    `insert into sessions (token_hash, user_id, user_agent, created_at, last_seen_at, expires_at)
     select h, u, 'bench', now(), now(), now() + interval '1 day' from unnest($1::text[], $2::uuid[]) as t(h, u)`,
    [batch.map((t) => createHash("sha256").update(t).digest("hex")), ids],
  );
}
await client.query("commit");
// The new neighbours moved their neighbourhood's count 12,000 times (a row trigger): let it be
// vacuumed, as autovacuum would between a day's sign-ups, before measuring.
await client.query("vacuum analyze neighbourhoods, users, sessions");
const store = createSessionStore({ secrets: [SECRET], appUrlIsHttps: false, maxAgeSeconds: 86_400 });
async function cookieOf(userId: string): Promise<string> {
  const request = new Request("http://localhost/");
  const session = await store.getSession(request);
  session.set("token", tokens.get(userId)!);
  return (await store.commitSession(request, session)).split(";")[0]!;
}
const cookies = new Map<string, string>();
for (const id of [...fresh, eva]) cookies.set(id, await cookieOf(id));

const live = (
  await client.query<{ slug: string }>(
    `select slug from projects where status = 'live' and funding_model = 'all_or_nothing' and slug like 'buurtproject-%' and slug <> '${HOT_SLUG}' order by slug limit 2000`,
  )
).rows.map((r) => r.slug);
const lendable = (
  await client.query<{ id: string }>(
    // A new member may borrow what is worth up to the new-member limit (app/reputation/levels.ts GATES): items within it.
    `select id from items where status = 'listed' and audience = 'everyone' and hidden_at is null and replacement_value_cents <= ${GATES.newMaxItemValueCents}
       and deposit_cents <= ${GATES.newMaxDepositCents} and min_trust_level = 0 and owner_id in (select id from users where email like 'buur%') order by id limit ${FRESH}`,
  )
).rows.map((r) => r.id);
const busyItem = (
  await client.query<{ id: string }>(
    `select i.id from items i join loans l on l.item_id = i.id where i.status = 'listed' and i.audience = 'everyone' group by i.id order by count(*) desc, i.id limit 1`,
  )
).rows[0]!.id;

// --- The servers: bare Node http, and the production build as production runs it.
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
async function waitFor(target: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(target)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${target} did not come up`);
}
const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((c) => c.kill("SIGTERM")));
const barePort = await freePort();
const bare = spawn(process.execPath, ["-e", `require("http").createServer((q,s)=>s.end("ok")).listen(${barePort},"127.0.0.1")`], { stdio: "ignore" });
children.push(bare);
const appPort = await freePort();
const base = `http://127.0.0.1:${appPort}`;
const dataDir = fs.mkdtempSync(`${os.tmpdir()}/buurtkracht-bench-`);
const app = spawn(process.execPath, ["build/server/start.js"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    PORT: String(appPort),
    HOST: "127.0.0.1",
    APP_URL: base,
    SESSION_SECRET: SECRET,
    LOG_LEVEL: "error",
    RUN_WORKER: "false",
    GATEWAY_RATE_LIMIT: String(RATE),
  },
});
children.push(app);
await waitFor(`http://127.0.0.1:${barePort}/`);
await waitFor(`${base}/readyz`);

// --- Scenarios.
// A deep page of /projects as its pager links it (`?page=N` redirects to the page's position).
const deepPage = await fetch(`${base}/projects?page=${quick ? 20 : 200}`, { redirect: "manual" });
const deepPath = deepPage.headers.get("location") ?? `/projects?page=${quick ? 20 : 200}`;
let k = 0;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const postHeaders = { "content-type": "application/x-www-form-urlencoded", origin: base };
const pledgeOn = (slugOf: (n: number) => string) => (): ReturnType<NonNullable<Load["next"]>> => {
  const n = k++;
  const backer = fresh[n % fresh.length]!;
  return {
    path: `/projects/${slugOf(n)}/pledge`,
    body: form({
      intent: "pledge",
      amount: "7,50",
      visibility: "public",
      token: `bench-${run}-${n}`,
      paymentMethod: `pm_sim_seed${backer.replace(/-/g, "")}4242`,
    }),
    headers: { ...postHeaders, cookie: cookies.get(backer)! },
  };
};
const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
const evaCookie = cookies.get(eva)!;
interface Scenario {
  name: string;
  load: Load;
  floor: "page" | "sql" | "spread";
}
const all: Scenario[] = [
  { name: "`/`", load: { title: "/", url: `${base}/` }, floor: "page" },
  { name: "`/` signed in", load: { title: "/ signed in", url: `${base}/`, headers: { cookie: evaCookie } }, floor: "page" },
  { name: "`/projects`", load: { title: "/projects", url: `${base}/projects` }, floor: "page" },
  { name: "`/projects` deep page", load: { title: "/projects deep", url: `${base}${deepPath.replace(/^https?:\/\/[^/]+/, "")}` }, floor: "page" },
  { name: "`/items`", load: { title: "/items", url: `${base}/items` }, floor: "page" },
  {
    name: "`/items?q=boremachine` + postcode + dates",
    load: { title: "item search", url: `${base}/items?q=boremachine&near=1093&km=10&from=${day(10)}&to=${day(12)}` },
    floor: "page",
  },
  { name: "`/api/projects`", load: { title: "/api/projects", url: `${base}/api/projects`, headers: { accept: "application/json" } }, floor: "page" },
  { name: "`/api/items`", load: { title: "/api/items", url: `${base}/api/items`, headers: { accept: "application/json" } }, floor: "page" },
  { name: "`/items/<id>` (busy owner)", load: { title: "item page", url: `${base}/items/${busyItem}` }, floor: "page" },
  { name: `project page, ${quick ? "1,000" : "5,000"} pledges`, load: { title: "hot project page", url: `${base}/projects/${HOT_SLUG}` }, floor: "page" },
  { name: "`/me/pledges` signed in", load: { title: "/me/pledges", url: `${base}/me/pledges`, headers: { cookie: evaCookie } }, floor: "page" },
  {
    name: "pledge POST, spread",
    load: { title: "pledge spread", url: `${base}/`, method: "POST", next: pledgeOn((n) => live[n % live.length]!) },
    floor: "sql",
  },
  { name: "pledge POST, one hot project", load: { title: "pledge hot", url: `${base}/`, method: "POST", next: pledgeOn(() => HOT_SLUG) }, floor: "spread" },
  {
    name: "loan request POST",
    load: {
      title: "loan request",
      url: `${base}/`,
      method: "POST",
      next: () => {
        const n = k++;
        const borrower = fresh[n % fresh.length]!;
        return {
          path: `/items/${lendable[n % lendable.length]}`,
          body: form({ intent: "request", startsOn: day(20 + (n % 30)), endsOn: day(21 + (n % 30)), message: "Mag ik hem lenen?" }),
          headers: { ...postHeaders, cookie: cookies.get(borrower)! },
        };
      },
    },
    floor: "page",
  },
];
const scenarios = all.filter((s) => !only || s.name.includes(only));

const rows = new Map<string, Row>();
const floors = { bare: [] as Sample[], page: [] as Sample[], sql: [] as number[] };
const opts = { connections: CONNECTIONS, seconds: SECONDS, serverPid: app.pid };
// Warm-up (JIT, caches, the pool), discarded.
await measure({ title: "warm", url: `${base}/code-of-conduct` }, { ...opts, seconds: 2 });
for (const s of scenarios.filter((x) => x.load.method !== "POST")) await measure(s.load, { ...opts, seconds: 1 });
for (let rep = 0; rep < REPS; rep++) {
  const bareSample = await measure({ title: "bare", url: `http://127.0.0.1:${barePort}/` }, { ...opts, serverPid: bare.pid });
  const pageSample = await measure({ title: "floor", url: `${base}/code-of-conduct` }, opts);
  const sqlTps = await pgbenchPledge({ url, connections: CONNECTIONS, seconds: SECONDS, backers: 20_000, quick });
  floors.bare.push(bareSample);
  floors.page.push(pageSample);
  floors.sql.push(sqlTps);
  let spread = 0;
  for (const s of scenarios) {
    const sample = await measure(s.load, opts);
    const floor = s.floor === "page" ? pageSample.rps : s.floor === "sql" ? sqlTps : spread;
    if (s.name === "pledge POST, spread") spread = sample.rps;
    const row = rows.get(s.name) ?? {
      scenario: s.name,
      samples: [],
      ratios: [],
      floor: s.floor === "page" ? "of the minimal page" : s.floor === "sql" ? "of pgbench" : "of spread",
    };
    row.samples.push(sample);
    if (floor > 0) row.ratios.push(sample.rps / floor);
    rows.set(s.name, row);
    console.log(
      `rep ${rep + 1} ${s.name.padEnd(46)} ${sample.rps.toFixed(0).padStart(6)} req/s  p95 ${sample.p95.toFixed(0).padStart(5)} ms  cpu ${sample.cpuMsPerRequest?.toFixed(2)} ms  ×${(sample.rps / floor).toFixed(2)}  ${JSON.stringify(sample.statusCodes)}`,
    );
  }
}
const floorRows: Row[] = [
  { scenario: "floor: bare Node `http`", samples: floors.bare, ratios: [], floor: "" },
  {
    scenario: "floor: minimal Remix page (`/code-of-conduct`)",
    samples: floors.page,
    ratios: floors.page.map((p, i) => p.rps / floors.bare[i]!.rps),
    floor: "of bare http",
  },
];

// --- Settlement of the hot project, once (it changes the data).
const settlement = only && !"settlement".includes(only) ? null : await settleHotProject({ url, rate: RATE, secret: SECRET });

app.kill("SIGTERM");
await new Promise((r) => app.once("exit", r));
const pgSettings = (
  await client.query<{ name: string; setting: string; unit: string | null }>(
    `select name, setting, unit from pg_settings where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_connections')`,
  )
).rows;
await client.end();

const sqlMedian = [...floors.sql].sort((a, b) => a - b)[Math.floor(floors.sql.length / 2)] ?? 0;
const lines = [
  `<!-- written by \`npm run bench${quick ? " -- --quick" : ""}\` on ${new Date().toISOString()}; edit the notes in docs/benchmarks-notes.md -->`,
  "",
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}. City: ${cityUsers.toLocaleString("en")} seeded neighbours${quick ? " (quick)" : ""}. ${CONNECTIONS} connections, ${SECONDS} s per run, ${REPS} repetitions, \`accept-encoding: gzip, deflate, br\`. Postgres: ${pgSettings.map((s) => `${s.name} ${s.setting}${s.unit ?? ""}`).join(", ")}. pgbench floor (the pledge transaction's SQL): median ${sqlMedian.toFixed(0)} tps.`,
  "",
  ...TABLE_HEAD,
  ...floorRows.map(tableRow),
  ...[...rows.values()].map(tableRow),
  "",
  settlement
    ? `Settlement of \`${HOT_SLUG}\` (${settlement.pledges.toLocaleString("en")} pledges) at GATEWAY_RATE_LIMIT=${RATE}/s: ${settlement.seconds.toFixed(1)} s, ${settlement.charged.toLocaleString("en")} charged, ${settlement.chargedTwice} charged twice; the rate limit allows ${(settlement.pledges / RATE).toFixed(1)} s → ${(settlement.seconds / (settlement.pledges / RATE)).toFixed(2)}× the limit.`
    : "Settlement: not run.",
  "",
];
const out = quick ? "docs/benchmarks-quick.md" : "docs/benchmarks.md";
const notes = fs.existsSync("docs/benchmarks-notes.md") ? fs.readFileSync("docs/benchmarks-notes.md", "utf8") : "";
fs.writeFileSync(out, `# Benchmarks${quick ? " (quick)" : ""}\n\n${lines.join("\n")}\n${quick ? "" : notes}`);
// In the repository's format (npm run lint checks docs/ too).
spawnSync(process.execPath, ["node_modules/prettier/bin/prettier.cjs", "--write", "--log-level", "warn", out], { stdio: "inherit" });
console.log(`\n${lines.join("\n")}\nWritten to ${out} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
process.exit(0);
