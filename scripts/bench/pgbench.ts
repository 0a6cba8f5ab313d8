/**
 * The pledge POST's SQL floor for `npm run bench` (issue 17): the statements the app's pledge
 * transaction sends (pledgeToProject, captured once with a Kysely plugin as the query-count test
 * does), replayed by pgbench with nothing of the app around them — no HTTP, no React, no Node.
 *
 * The captured statements are inlined with their parameters; the values that must differ per
 * transaction become pgbench variables: the backer, the project, the form token and saved card
 * (from a sequence, so no two transactions pledge the same backer on the same project), and what an
 * earlier statement returned (the pledge's and its event's ids, via \gset). The journal's digest is
 * recomputed in SQL from the same canonical text the app hashes (app/ledger/ledger.ts), so the rows
 * pgbench writes are as sound as the app's.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CompiledQuery, KyselyPlugin } from "kysely";
import pg from "pg";
import { journalDigestInput } from "../../app/ledger/ledger";
import { pledgeToProject } from "../../app/pledges/pledges.server";
import { openDatabase } from "../../app/utils/db.server";

const BACKERS = 20_000;
let script: string | null = null;

/** pgbench backers: md5('pgb' || n), each with a saved card, once per database. */
async function ensureBackers(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("create sequence if not exists bench_pgbench_seq");
    const have = Number((await c.query<{ n: string }>(`select count(*) as n from users where handle like 'pgb-%'`)).rows[0]!.n);
    if (have < BACKERS + 1) {
      await c.query("begin");
      await c.query(
        `insert into users (id, email, handle, display_name, password_hash, neighbourhood_id, email_verified_at)
         select md5('pgb' || g)::uuid, 'pgb' || g || '@bench.buurtkracht.nl', 'pgb-' || g, 'Pgbench ' || g, '!', 'indische-buurt', now()
         from generate_series(0, ${BACKERS}) g on conflict do nothing`,
      );
      await c.query(
        `insert into sim_customers (id, email, name, metadata, created_at)
         select 'cus_sim_seed' || md5('pgb' || g), 'pgb' || g || '@bench.buurtkracht.nl', 'Pgbench', '{}', now() from generate_series(0, ${BACKERS}) g on conflict do nothing`,
      );
      await c.query(
        `insert into payment_customers (user_id, gateway, customer_id)
         select md5('pgb' || g)::uuid, 'simulated', 'cus_sim_seed' || md5('pgb' || g) from generate_series(0, ${BACKERS}) g on conflict do nothing`,
      );
      await c.query(
        `insert into sim_payment_methods (id, customer_id, type, behaviour, brand, last4, exp_month, exp_year, created_at)
         select 'pm_sim_seed' || md5('pgb' || g) || '4242', 'cus_sim_seed' || md5('pgb' || g), 'card', 'succeeds', 'visa', '4242', 12, 2034, now()
         from generate_series(0, ${BACKERS}) g on conflict do nothing`,
      );
      await c.query("commit");
      await c.query("vacuum analyze neighbourhoods, users");
    }
    // Live all-or-nothing projects are buurtproject-<20 m> (scripts/bench/seed-sql.ts's states).
    return Number((await c.query<{ n: string }>(`select count(*) as n from projects where slug ~ '^buurtproject-[0-9]*0$' and status = 'live'`)).rows[0]!.n);
  } finally {
    await c.end();
  }
}

/**
 * A parameter as an SQL literal, with the per-transaction values in it replaced by pgbench
 * variables. pgbench substitutes `:name` anywhere, even inside quotes — but not right after another
 * colon (it skips `::`, the cast), and ids here often follow one (`pledge:<id>`, `backer:<id>`): such a
 * colon is written `\x3a` in an E'' literal, which Postgres reads back as ':'.
 */
function literal(v: unknown, vars: ReadonlyMap<string, string> = new Map()): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number" || typeof v === "bigint") return vars.get(String(v)) ?? String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  const text = v instanceof Date ? v.toISOString() : typeof v === "string" ? v : JSON.stringify(v);
  const sorted = [...vars].sort((a, b) => b[0].length - a[0].length);
  const patternOf = (value: string) => new RegExp(`(:?)(?<![\\w.-])${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.-])`, "g");
  const escaped = sorted.some(([value]) => [...text.matchAll(patternOf(value))].some((m) => m[1] === ":"));
  let out = (escaped ? text.replace(/\\/g, "\\\\") : text).replace(/'/g, "''");
  for (const [value, name] of sorted) out = out.replace(patternOf(value), (_m, colon: string) => `${colon ? "\\x3a" : ""}${name}`);
  return escaped ? `E'${out}'` : `'${out}'`;
}
const inline = (q: CompiledQuery, vars?: ReadonlyMap<string, string>) =>
  q.sql.replace(/\$(\d+)/g, (_, n: string) => literal(q.parameters[Number(n) - 1], vars));

async function capture(url: string): Promise<string> {
  const handle = await openDatabase({ kind: "server", url, maxConnections: 2 });
  const executor = handle.db.getExecutor();
  const statements: { query: CompiledQuery; rows: Record<string, unknown>[] }[] = [];
  const byId = new Map<unknown, number>();
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      byId.set(queryId, statements.length);
      statements.push({ query: executor.compileQuery(node, queryId), rows: [] });
      return node;
    },
    async transformResult({ queryId, result }) {
      const i = byId.get(queryId);
      if (i !== undefined) statements[i]!.rows = result.rows as Record<string, unknown>[];
      return result;
    },
  };
  const db = handle.db.withPlugin(plugin);
  const projectId = (await db.selectFrom("projects").select("id").where("slug", "=", "buurtproject-20").executeTakeFirstOrThrow()).id;
  // A pgbench backer who has not pledged there yet (each capture pledges once).
  const backerId = (
    await db
      .selectFrom("users as u")
      .select("u.id")
      .where("u.handle", "like", "pgb-%")
      .where((eb) => eb.not(eb.exists(eb.selectFrom("pledges as p").select("p.id").whereRef("p.backer_id", "=", "u.id").where("p.project_id", "=", projectId))))
      .orderBy("u.handle")
      .limit(1)
      .executeTakeFirstOrThrow()
  ).id;
  const method = `pm_sim_seed${backerId.replace(/-/g, "")}4242`;
  const token = `pgb-capture-${Date.now()}`;
  statements.length = 0;
  byId.clear();
  const result = await pledgeToProject(db, {
    projectId,
    backerId,
    amountCents: 750,
    tierId: null,
    message: "",
    visibility: "public",
    token,
    paymentMethodRef: method,
    platformFeeBps: 0,
    now: new Date(),
  } as Parameters<typeof pledgeToProject>[1]);
  await handle.close();
  if (!result.ok || result.duplicate) throw new Error(`capturing the pledge transaction: ${JSON.stringify(result)}`);

  // Values that differ per transaction → pgbench variables.
  const vars = new Map<string, string>([
    [backerId, ":backer"],
    [projectId, ":project"],
    [token, ":token"],
    [method, ":method"],
  ]);
  const lines = [
    `select nextval('bench_pgbench_seq') as s \\gset`,
    `select md5('pgb' || (:s % ${BACKERS}))::uuid::text as backer, 'pm_sim_seed' || md5('pgb' || (:s % ${BACKERS})) || '4242' as method, 'pgbench-' || :s as token, md5('p' || (20 * (1 + (:s / ${BACKERS}) % :live)))::uuid::text as project \\gset`,
    "begin;",
  ];
  statements.forEach(({ query, rows }, i) => {
    const sql = /^insert into "ledger_journals"/i.test(query.sql)
      ? withDigestInSql(
          query,
          statements.map((x) => x.query),
          vars,
        )
      : inline(query, vars);
    const reused =
      rows.length === 1
        ? Object.entries(rows[0]!).filter(([, v]) => (typeof v === "string" && /^[0-9a-f-]{36}$/.test(v)) || (typeof v === "number" && v >= 100_000))
        : [];
    const later = reused.filter(([, v]) => !vars.has(String(v)) && statements.slice(i + 1).some((x) => inline(x.query).includes(String(v))));
    if (later.length > 0) {
      for (const [col, v] of later) vars.set(String(v), `:r${i}_${col}`);
      lines.push(`${sql} \\gset r${i}_`);
    } else lines.push(`${sql};`);
  });
  lines.push("commit;");
  return lines.join("\n");
}

/** The journal insert with its digest computed in SQL from the canonical text (so it holds for every transaction's ids). */
function withDigestInSql(query: CompiledQuery, all: CompiledQuery[], vars: ReadonlyMap<string, string>): string {
  const columns = /\(([^)]*)\)\s*values/i
    .exec(query.sql)![1]!
    .split(",")
    .map((c) => c.trim().replace(/"/g, ""));
  const value = (name: string) => query.parameters[columns.indexOf(name)];
  const entriesQuery = all.find((q) => /^insert into "ledger_entries"/i.test(q.sql))!;
  const entryColumns = /\(([^)]*)\)\s*values/i
    .exec(entriesQuery.sql)![1]!
    .split(",")
    .map((c) => c.trim().replace(/"/g, ""));
  const entries = [];
  for (let i = 0; i < entriesQuery.parameters.length; i += entryColumns.length) {
    const row = (name: string) => entriesQuery.parameters[i + entryColumns.indexOf(name)];
    entries.push({ book: row("book") as "cash" | "commitment", account: String(row("account")), amountCents: Number(row("amount_cents")) });
  }
  const text = journalDigestInput({
    kind: String(value("kind")),
    memo: String(value("memo") ?? ""),
    idempotencyKey: String(value("idempotency_key")),
    postedAt: new Date(value("posted_at") as string | Date),
    refs: JSON.parse(String(value("refs"))) as Record<string, string>,
    reversesJournalId: (value("reverses_journal_id") as number | null) ?? null,
    entries,
  });
  const digest = String(value("digest"));
  if (createHash("sha256").update(text).digest("hex") !== digest)
    throw new Error("the journal's digest text could not be rebuilt: the pgbench floor would write wrong digests");
  const expression = `encode(sha256(convert_to(${literal(text, vars)}, 'UTF8')), 'hex')`;
  return inline(query, vars).replace(`'${digest}'`, expression);
}

/** Transactions per second of the pledge transaction's SQL under pgbench, at this many connections. */
export async function pgbenchPledge(options: { url: string; connections: number; seconds: number; backers: number; quick: boolean }): Promise<number> {
  const live = await ensureBackers(options.url);
  script ??= await capture(options.url);
  const file = path.join(os.tmpdir(), `bench-pledge-${process.pid}.sql`);
  fs.writeFileSync(file, script);
  const u = new URL(options.url);
  const r = spawnSync(
    "pgbench",
    [
      "-n",
      "-M",
      "simple",
      "-c",
      String(options.connections),
      "-j",
      "2",
      "-T",
      String(options.seconds),
      "-D",
      `live=${live}`,
      "-f",
      file,
      "-h",
      u.hostname,
      "-p",
      u.port || "5432",
      "-U",
      decodeURIComponent(u.username || "postgres"),
      u.pathname.slice(1),
    ],
    { encoding: "utf8", env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) } },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout);
  if (!tps) throw new Error(`pgbench failed:\n${r.stdout}\n${r.stderr}\n--- script:\n${script}`);
  return Number(tps[1]);
}
