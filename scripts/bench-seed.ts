/**
 * `npm run bench:seed`: fills the Postgres database at DATABASE_URL with a city (issue 17) — 50,000
 * neighbours in 50+ neighbourhoods, 10,000 projects in every state with 1,000,000 pledges (one
 * project of 5,000), 100,000 items and 300,000 finished loans with their events, the pledges' ledger
 * journals sealed into their hash chains, notifications — on top of the demo neighbourhood (whose
 * accounts the benchmark signs in with). Set-based SQL (scripts/bench/seed-sql.ts).
 *
 *   npm run bench:seed [-- --quick] [-- --reset]
 *
 * --quick: a tenth of the city (what `npm run bench -- --quick` uses). --reset: drop and recreate the
 * database first (only a database whose name starts with "bk_bench"). `npm run ledger:verify` accepts
 * the result.
 */
import { spawnSync } from "node:child_process";
import pg from "pg";
import { BULK_TABLES, FULL, orphans, QUICK, sealSql, secondaryIndexes, steps } from "./bench/seed-sql";

const args = new Set(process.argv.slice(2));
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("bench:seed needs DATABASE_URL (a Postgres server; the embedded database is one connection and too small for a city).");
  process.exit(2);
}
const scale = args.has("--quick") ? QUICK : FULL;
const started = Date.now();
const dbName = new URL(url).pathname.slice(1);
const env = {
  ...process.env,
  DATABASE_URL: url,
  SESSION_SECRET: process.env.SESSION_SECRET ?? "bench-session-secret-bench-session-secret",
  APP_URL: process.env.APP_URL ?? "http://localhost:3000",
  LOG_LEVEL: "warn",
};

if (args.has("--reset")) {
  if (!dbName.startsWith("bk_bench")) {
    console.error(`--reset drops the database: only one named bk_bench* (this is "${dbName}").`);
    process.exit(2);
  }
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/?]+(\?|$)/, "/postgres$1") });
  await admin.connect();
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.query(`create database "${dbName}"`);
  await admin.end();
}

const client = new pg.Client({ connectionString: url });
await client.connect();
const exists = await client.query<{ n: string }>(`select count(*) as n from information_schema.tables where table_name = 'users'`);
if (Number(exists.rows[0]!.n) > 0) {
  const users = await client.query<{ n: string }>(`select count(*) as n from users where email like '%@bench.buurtkracht.nl'`);
  if (Number(users.rows[0]!.n) > 0) {
    console.error(`${dbName} holds a seeded city already; pass --reset to start over.`);
    process.exit(2);
  }
}

function run(script: string): void {
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { env, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status})`);
}
function lap(label: string, since: number): void {
  console.log(`  ${label.padEnd(78)} ${((Date.now() - since) / 1000).toFixed(1).padStart(6)} s`);
}

console.log(`bench:seed: ${args.has("--quick") ? "quick" : "full"} city into ${dbName}`);
let t = Date.now();
run("scripts/migrate.ts");
run("scripts/seed.ts");
lap("migrations and the demo neighbourhood", t);

t = Date.now();
const indexes = (await client.query<{ name: string; definition: string }>(secondaryIndexes, [BULK_TABLES])).rows;
for (const index of indexes) await client.query(`drop index ${index.name}`);
lap(`${indexes.length} secondary indexes of the bulk tables dropped (built again after the load)`, t);

const now = new Date();
for (const step of steps(scale, now)) {
  t = Date.now();
  const chunks = step.chunks ? Array.from({ length: Math.ceil(step.chunks.total / step.chunks.size) }, (_, i) => i * step.chunks!.size) : [0];
  for (const from of chunks) {
    await client.query("begin");
    try {
      if (step.bulk) await client.query("set local session_replication_role = replica");
      for (const statement of step.sql) {
        const params = step.chunks && statement.includes("$1") ? [Math.max(1, from), Math.min(step.chunks.total + 1, from + step.chunks.size)] : [];
        await client.query(statement, params);
      }
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      console.error(`step "${step.name}" failed:`);
      throw error;
    }
  }
  lap(step.name, t);
}

t = Date.now();
await client.query("begin");
for (const statement of sealSql()) await client.query(statement);
await client.query("commit");
lap("hash-chain links of every journal", t);

t = Date.now();
for (const index of indexes) await client.query(index.definition);
lap(`${indexes.length} secondary indexes built again`, t);

t = Date.now();
const dangling = (await client.query<{ what: string; n: string }>(orphans)).rows.filter((r) => Number(r.n) > 0);
if (dangling.length > 0) {
  console.error(`bench:seed wrote rows that point at nothing: ${dangling.map((r) => `${r.what}: ${r.n}`).join("; ")}`);
  process.exit(1);
}
lap("no row points at nothing (the foreign keys the bulk steps skipped)", t);

t = Date.now();
await client.query("vacuum analyze");
lap("vacuum analyze", t);

const counts = await client.query(`
  select (select count(*) from users) as users, (select count(*) from neighbourhoods) as neighbourhoods, (select count(*) from projects) as projects,
         (select count(*) from pledges) as pledges, (select count(*) from items) as items, (select count(*) from loans) as loans,
         (select count(*) from loan_events) as loan_events, (select count(*) from ledger_journals) as journals, (select count(*) from notifications) as notifications`);
await client.end();
console.log(
  Object.entries(counts.rows[0] as Record<string, string>)
    .map(([k, v]) => `${k} ${Number(v).toLocaleString("en")}`)
    .join(" · "),
);
console.log(`bench:seed done in ${((Date.now() - started) / 1000).toFixed(0)} s. Check it with: DATABASE_URL=${url} npm run ledger:verify`);
