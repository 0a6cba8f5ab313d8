/**
 * `PERF_PAGES="/ /projects" DATABASE_URL=… npx vitest run scripts/perf/page-queries.server.test.ts` against DATABASE_URL (e.g. the benchmark's
 * city): runs a page's root and route loaders as Remix does (scripts/perf/query-count.server.test.ts)
 * and prints each statement with its time, slowest first — to find which query makes a page slow
 * at scale. A diagnostic, not a test: without PERF_PAGES it does not run (a loader needs vitest's
 * handling of the root's CSS import, hence the test runner).
 */
import { describe, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import type { KyselyPlugin } from "kysely";
import * as rootModule from "../../app/root";
import { boot } from "../../server/boot";
import { loadRoute, matchRoute, type RouteModule, toResponse } from "../drills/routes";

describe.runIf(process.env.PERF_PAGES)("page queries (diagnostic)", () => {
  it("prints each page's statements, slowest first", async () => {
    const booted = await boot({ purpose: "page-queries", work: false, startQueue: false, migrate: false });
    const { services } = booted;
    const timings: { sql: string; ms: number }[] = [];
    const started = new Map<unknown, number>();
    const sqlOf = new Map<unknown, string>();
    const executor = services.db.getExecutor();
    const plugin: KyselyPlugin = {
      transformQuery({ node, queryId }) {
        started.set(queryId, performance.now());
        sqlOf.set(queryId, executor.compileQuery(node, queryId).sql);
        return node;
      },
      async transformResult({ queryId, result }) {
        timings.push({ sql: sqlOf.get(queryId) ?? "?", ms: performance.now() - (started.get(queryId) ?? 0) });
        return result;
      },
    };
    const counted = { ...services, db: services.db.withPlugin(plugin) };
    for (const path of (process.env.PERF_PAGES ?? "").split(/\s+/).filter(Boolean)) {
      const url = `http://localhost${path}`;
      const match = matchRoute(new URL(url).pathname);
      if (!match) throw new Error(`no route for ${path}`);
      const route = await loadRoute(match.route.id);
      for (const round of [1, 2]) {
        timings.length = 0;
        const context = {
          services: counted,
          requestId: "perf",
          clientIp: "127.0.0.1",
          logger: services.logger,
          cspNonce: "n",
          requestScope: new Map(),
        } as unknown as AppLoadContext;
        const t = performance.now();
        const [, response] = await Promise.all([
          toResponse(() => (rootModule as unknown as RouteModule).loader!({ request: new Request(url), context, params: {} })),
          toResponse(() => route.loader!({ request: new Request(url), context, params: match.params })),
        ]);
        if (round === 1) continue; // the first round warms caches
        console.log(`\n${path}: ${response.status}, ${timings.length} statements, ${(performance.now() - t).toFixed(1)} ms`);
        for (const q of [...timings].sort((a, b) => b.ms - a.ms).slice(0, 6))
          console.log(`  ${q.ms.toFixed(1).padStart(8)} ms  ${q.sql.replace(/\s+/g, " ").slice(0, 260)}`);
      }
    }
    await booted.shutdown();
  }, 600_000);
});
