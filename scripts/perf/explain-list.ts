/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements `/projects` sends (issue 17; decision 085's figures).
 * Run against a grown database: `DATABASE_URL=… npx tsx scripts/perf/explain-list.ts [query-string …]`.
 * Each argument is a `/projects` query string (default: the first page), or `deep:<query>:<page>`
 * for the keyset page of that number (its cursor found first, not measured). Prints, per statement, its
 * execution time and the shared buffers it touched, best of three runs.
 */
import { sql } from "kysely";
import { countingDatabase } from "../../app/test/query-count";
import { openDatabase } from "../../app/utils/db.server";
import { loader } from "../../app/routes/projects._index";
import { createTestServices, testContext } from "../../app/test/services";
import { ListQuerySchema } from "../../app/projects/project-schema";
import { listProjects } from "../../app/projects/projects.server";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL");
const handle = await openDatabase({ kind: "server", url });
const { database, counter } = countingDatabase(handle);
const { services } = createTestServices(database);
for (const arg of process.argv.slice(2).length ? process.argv.slice(2) : [""]) {
  let qs = arg;
  const deep = /^deep:([^:]*):(\d+)$/.exec(arg);
  if (deep) {
    const params = new URLSearchParams(deep[1]);
    const query = ListQuerySchema.parse({ ...Object.fromEntries(params), page: Number(deep[2]) - 1 });
    const at = await listProjects(handle.db, query, { countCap: null });
    params.set("after", at.ahead[0]!.after!);
    qs = `?${params}`;
  }
  counter.reset();
  let response: unknown;
  try {
    response = await loader({ request: new Request(`http://localhost/projects${qs}`), context: testContext(services), params: {} });
  } catch (thrown) {
    response = thrown;
  }
  const compiled = counter.compiled;
  console.log(
    `\n/projects${deep ? `${deep[1]} page ${deep[2]} (after=…)` : qs}: ${compiled.length} statements${response instanceof Response ? ` (${response.status} ${response.headers.get("location") ?? ""})` : ""}`,
  );
  for (const query of compiled) {
    if (!/^\s*(select|with)\b/i.test(query.sql)) continue;
    let best: { ms: number; hit: number; read: number; plan: string } | null = null;
    for (let i = 0; i < 3; i++) {
      const result = await handle.db.executeQuery<{ "QUERY PLAN": string }>({ ...query, sql: `explain (analyze, buffers) ${query.sql}` });
      const lines = result.rows.map((r) => r["QUERY PLAN"]);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join("\n"))?.[1] ?? NaN);
      const buffers = /Buffers: shared( hit=(\d+))?( read=(\d+))?/.exec(lines.find((l) => l.includes("Buffers:")) ?? "");
      const run = { ms, hit: Number(buffers?.[2] ?? 0), read: Number(buffers?.[4] ?? 0), plan: lines.join("\n") };
      if (!best || run.ms < best.ms) best = run;
    }
    console.log(`  ${best!.ms.toFixed(2)} ms, ${best!.hit + best!.read} buffers — ${query.sql.replace(/\s+/g, " ").slice(0, 110)}`);
    if (process.env.PLAN) console.log(best!.plan);
  }
}
await sql`select 1`.execute(handle.db);
await handle.close();
