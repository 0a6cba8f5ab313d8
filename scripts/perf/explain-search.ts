/**
 * Explains the item browse and search statements (decision 083) against a database given by
 * DATABASE_URL: every statement `searchItems` sends for a few typical requests, run with
 * EXPLAIN (ANALYZE, BUFFERS). The query counter also records the subqueries a statement embeds
 * (Kysely's plugins see them before they are embedded): those lines are explained on their own, and
 * the page's own statement is the one that starts with `select "r".*` or `with "candidates"`.
 * A measuring aid, not a test: `npx tsx scripts/perf/explain-search.ts [--plans]`.
 */
import { sql } from "kysely";
import { openDatabase } from "../../app/utils/db.server";
import { countingDatabase } from "../../app/test/query-count";
import { searchItems, type SearchParams } from "../../app/lending/search.server";
import { TRIGRAM_MATCH, WORD_SIMILARITY_MATCH } from "../../app/lending/search";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");

const cases: [string, SearchParams][] = [
  ["browse", {}],
  ["browse, page 3", { page: 3 }],
  ["browse, category", { category: "tools" }],
  ["browse, neighbourhood", { neighbourhoodId: "lombok" }],
  ["search boremachine", { q: "boremachine" }],
  [
    "search boremachine + postcode + dates",
    { q: "boremachine", near: "1094", from: "2026-12-20" as SearchParams["from"], to: "2026-12-22" as SearchParams["to"] },
  ],
  ["search ladder", { q: "ladder" }],
];

const handle = await openDatabase({ kind: "server", url, maxConnections: 2 });
const { database, counter } = countingDatabase(handle);
const verbose = process.argv.includes("--plans");
for (const [name, params] of cases) {
  await searchItems(database.db, params); // warm
  counter.reset();
  const t0 = performance.now();
  const result = await searchItems(database.db, params);
  const wall = performance.now() - t0;
  console.log(
    `\n## ${name}: ${result.items.length} items, total ${result.total}${result.totalCapped ? "+" : ""}, ${counter.count} statements, ${wall.toFixed(1)} ms wall`,
  );
  for (const query of counter.compiled) {
    if (!/^\s*(select|with)\b/i.test(query.sql) || /set_config/.test(query.sql)) continue;
    const plan = await handle.db.transaction().execute(async (trx) => {
      // The trigram thresholds searchItems sets in its transaction.
      if (params.q)
        await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_MATCH)}, true),
          set_config('pg_trgm.strict_word_similarity_threshold', ${String(TRIGRAM_MATCH)}, true),
          set_config('pg_trgm.similarity_threshold', ${String(TRIGRAM_MATCH)}, true)`.execute(trx);
      const r = await trx.executeQuery<{ "QUERY PLAN": string }>({ ...query, sql: `explain (analyze, buffers) ${query.sql}` });
      return r.rows.map((row) => row["QUERY PLAN"]);
    });
    const summary = plan.filter((l) => /Execution Time|Planning Time/.test(l)).map((l) => l.trim());
    const top = plan.find((l) => /Buffers/.test(l))?.trim();
    console.log(`  ${query.sql.slice(0, 90).replace(/\s+/g, " ")}…\n    ${summary.join("; ")}; ${top ?? ""}`);
    if (verbose) console.log(plan.join("\n"));
  }
}
await handle.close();
