/**
 * No N+1 (issue 17, "tests, not timings"): every main page and API sends as many statements when
 * its lists hold 1,000 rows as when they hold the demo's handful. A page is its root loader and its
 * route's loader, each with its own Request as Remix gives them, in one request scope as the server
 * makes it. The demo neighbourhood is seeded, each page counted, then the lists are grown with
 * set-based copies (scripts/perf/amplify.ts) and each page counted again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompiledQuery, sql } from "kysely";
import type { AppLoadContext } from "@remix-run/node";
import { createTestDatabase } from "../../app/test/db";
import { countingDatabase, type PlanNode, type QueryCounter } from "../../app/test/query-count";
import { createTestServices, testContext } from "../../app/test/services";
import type { AppServices } from "../../app/services.server";
import type { DatabaseHandle } from "../../app/utils/db.server";
import { buildDemoWorld, type DemoWorld, type Person } from "../drills/demo-world";
import * as rootModule from "../../app/root";
import { loadRoute, matchRoute, type RouteModule, toResponse } from "../drills/routes";
import { cloneRows } from "./amplify";
import { PLATFORM_IMPACT_TTL_MS } from "../../app/pages/neighbourhood-page.server";
import { listCursorAt } from "../../app/projects/projects.server";
import { ListQuerySchema } from "../../app/projects/project-schema";

let handle: DatabaseHandle;
let services: AppServices;
let clock: AppServices["clock"];
let counter: QueryCounter;
let world: DemoWorld;
let slugs: { moestuin: string; itemId: string; ownerHandle: string; neighbourhood: string; secondPage: string };

interface Page {
  name: string;
  url: () => string;
  as?: Person;
}
const pages: Page[] = [
  { name: "home", url: () => "/" },
  { name: "home, signed in", url: () => "/", as: "eva" },
  { name: "projects", url: () => "/projects" },
  // The keyset page after the first live project (decision 085): the same cursor at both sizes.
  { name: "projects, page 2", url: () => `/projects?after=${slugs.secondPage}` },
  { name: "projects, newest", url: () => "/projects?sort=newest" },
  { name: "projects, most funded", url: () => "/projects?sort=most_funded" },
  { name: "projects, nearly there", url: () => "/projects?sort=nearly_there" },
  { name: "projects, funded", url: () => "/projects?status=funded" },
  { name: "projects, all", url: () => "/projects?status=all&sort=newest" },
  { name: "projects in a neighbourhood", url: () => `/projects?neighbourhood=${slugs.neighbourhood}` },
  { name: "items", url: () => "/items" },
  { name: "item search", url: () => "/items?q=boormachine" },
  { name: "api projects", url: () => "/api/projects" },
  { name: "api items", url: () => "/api/items" },
  { name: "project page (many pledges)", url: () => `/projects/${slugs.moestuin}` },
  { name: "item page (owner with 100 loans)", url: () => `/items/${slugs.itemId}` },
  { name: "profile (100 loans)", url: () => `/u/${slugs.ownerHandle}` },
  { name: "neighbourhood page", url: () => `/buurt/${slugs.neighbourhood}` },
  { name: "my pledges (many)", url: () => "/me/pledges", as: "eva" },
];

interface Counted {
  status: number;
  statements: string[];
  compiled: CompiledQuery[];
}

async function countPage(page: Page): Promise<Counted> {
  const url = `http://localhost${page.url()}`;
  const match = matchRoute(new URL(url).pathname);
  if (!match) throw new Error(`no route for ${url}`);
  const cookie = page.as ? await world.cookie(page.as) : undefined;
  const request = () => new Request(url, { headers: cookie ? { cookie } : {} });
  const context = { ...testContext(services), requestScope: new Map() } as AppLoadContext;
  const root = rootModule as unknown as RouteModule;
  const route = await loadRoute(match.route.id);
  // Past what the home page reuses (its platform figures, PLATFORM_IMPACT_TTL_MS): each count sees every statement.
  clock.advance(PLATFORM_IMPACT_TTL_MS);
  counter.reset();
  const [, response] = await Promise.all([
    toResponse(() => root.loader!({ request: request(), context, params: {} })),
    toResponse(() => route.loader!({ request: request(), context, params: match.params })),
  ]);
  return { status: response.status, statements: counter.statements, compiled: counter.compiled };
}

const small = new Map<string, Counted>();

beforeAll(async () => {
  handle = await createTestDatabase();
  const counting = countingDatabase(handle);
  counter = counting.counter;
  ({ services } = createTestServices(counting.database));
  clock = services.clock;
  world = await buildDemoWorld(services);
  const db = handle.db; // growing the data is not counted
  const item = await db
    .selectFrom("items")
    .innerJoin("users", "users.id", "items.owner_id")
    .select(["items.id", "users.handle", "items.neighbourhood_id"])
    .where("items.id", "=", world.fixtures.item.mohammedSander)
    .executeTakeFirstOrThrow();
  const secondPage = await listCursorAt(db, ListQuerySchema.parse({}), 0);
  if (!secondPage) throw new Error("no live project");
  slugs = { moestuin: "moestuin-op-het-javaplein", itemId: item.id, ownerHandle: item.handle, neighbourhood: item.neighbourhood_id, secondPage };
  for (const page of pages) small.set(page.name, await countPage(page));
  await grow(db);
}, 240_000);
afterAll(async () => handle?.close());

async function grow(db: AppServices["db"]): Promise<void> {
  const suffix = `'-c' || g`;
  // 1,000 neighbours more (the backers and borrowers below).
  await cloneRows(db, "users", {
    times: 1_000,
    where: `t.id = (select id from users where handle = 'newbie-0')`,
    set: { id: "gen_random_uuid()", email: `'c' || g || '-' || t.email`, handle: `t.handle || ${suffix}` },
  });
  // Every live project 250 times (1,000 live projects) with its funding plan (a deferred check wants
  // it by the commit), Eva's pledge on each copy of the one she backs.
  await db.transaction().execute(async (trx) => {
    await cloneRows(trx, "projects", {
      times: 250,
      where: `t.status = 'live'`,
      set: { id: "gen_random_uuid()", slug: `t.slug || ${suffix}`, cover_upload_id: "null" },
    });
    await cloneRows(trx, "project_budget_lines", {
      from: `projects s, projects c`,
      where: `s.id = t.project_id and s.status = 'live' and c.slug like s.slug || '-c%'`,
      set: { project_id: "c.id" },
      omit: ["id"],
    });
  });
  await cloneRows(db, "pledges", {
    from: `projects c`,
    where: `t.backer_id = (select id from users where email = 'eva@demo.buurtkracht.nl') and t.status = 'active'
            and c.slug like (select slug from projects where id = t.project_id) || '-c%'`,
    set: { id: "gen_random_uuid()", project_id: "c.id", tier_id: "null", idempotency_key: "null" },
  });
  // 1,000 pledges more on the Moestuin, one per new neighbour.
  await cloneRows(db, "pledges", {
    from: `users u`,
    where: `t.id = (select id from pledges where project_id = (select id from projects where slug = 'moestuin-op-het-javaplein') and status = 'active' order by created_at limit 1)
            and u.handle like 'newbie-0-c%'`,
    set: { id: "gen_random_uuid()", backer_id: "u.id", tier_id: "null", idempotency_key: "null" },
  });
  // Every listed item 40 times (over 1,000 items).
  await cloneRows(db, "items", { times: 40, where: `t.status = 'listed' and t.audience <> 'circles'`, set: { id: "gen_random_uuid()" } });
  // Lending at a realistic spread: each new neighbour lends out a copy of the sander twenty times
  // (20,000 finished loans over 1,000 owners), and the sander's owner has 100 finished loans more.
  // A skewed spread would make the planner right to read the whole date index (most rows match).
  await cloneRows(db, "items", {
    from: `users u`,
    where: `t.id = '${slugs.itemId}' and u.handle like 'newbie-0-c%'`,
    set: { id: "gen_random_uuid()", owner_id: "u.id" },
  });
  const finished = `(select id from loans where owner_id = (select owner_id from items where id = '${slugs.itemId}') and state in ('closed', 'returned') order by created_at limit 1)`;
  await cloneRows(db, "loans", {
    times: 20,
    from: `items c inner join users o on o.id = c.owner_id, users b`,
    where: `t.id = ${finished} and c.title = (select title from items where id = '${slugs.itemId}') and c.id <> '${slugs.itemId}'
            and o.handle like 'newbie-0-c%' and b.handle = 'newbie-0-c' || ((substring(o.handle from 'c([0-9]+)$')::int + g) % 1000 + 1)`,
    set: {
      id: "gen_random_uuid()",
      item_id: "c.id",
      owner_id: "c.owner_id",
      borrower_user_id: "b.id",
      starts_on: "t.starts_on - (g * 7)",
      ends_on: "t.ends_on - (g * 7)",
    },
  });
  await cloneRows(db, "loans", {
    from: `(select id, row_number() over (order by handle) as n from users where handle like 'newbie-0-c%' order by handle limit 100) u`,
    where: `t.id = ${finished}`,
    set: {
      id: "gen_random_uuid()",
      borrower_user_id: "u.id",
      starts_on: "t.starts_on - (u.n * 7)::int",
      ends_on: "t.ends_on - (u.n * 7)::int",
    },
  });
  await sql`analyze`.execute(db);
}

describe("queries per page do not grow with the data (no N+1)", () => {
  it("each page sends the same statements at the demo's size and at 1,000 rows", async () => {
    const counts = await handle.db
      .selectNoFrom((eb) => [
        eb
          .selectFrom("projects")
          .select((e) => e.fn.countAll<string>().as("n"))
          .where("status", "=", "live")
          .as("live"),
        eb
          .selectFrom("items")
          .select((e) => e.fn.countAll<string>().as("n"))
          .as("items"),
        eb
          .selectFrom("loans")
          .select((e) => e.fn.countAll<string>().as("n"))
          .as("loans"),
        eb
          .selectFrom("pledges")
          .select((e) => e.fn.countAll<string>().as("n"))
          .as("pledges"),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(counts.live)).toBeGreaterThanOrEqual(1_000);
    expect(Number(counts.items)).toBeGreaterThanOrEqual(1_000);
    expect(Number(counts.loans)).toBeGreaterThanOrEqual(19_000);
    expect(Number(counts.pledges)).toBeGreaterThanOrEqual(1_250);
    const grown: Record<string, { status: number; count: number }> = {};
    const before: Record<string, { status: number; count: number }> = {};
    const differing: string[] = [];
    for (const page of pages) {
      const a = small.get(page.name)!;
      const b = await countPage(page);
      before[page.name] = { status: a.status, count: a.statements.length };
      grown[page.name] = { status: b.status, count: b.statements.length };
      if (a.statements.length !== b.statements.length)
        differing.push(`${page.name}: ${a.statements.length} → ${b.statements.length}\n  ${b.statements.join("\n  ")}`);
    }
    if (process.env.PERF_PRINT) console.log(before, grown);
    for (const page of pages) expect(before[page.name]!.status, page.name).toBe(200);
    expect(differing, differing.join("\n")).toEqual([]);
  }, 240_000);
});

/** The tables the data was grown in: a sequential scan of one of them is what grows with the city. */
const large = new Set(["users", "projects", "project_budget_lines", "pledges", "items", "loans"]);

/**
 * The scans of a grown table that read most of it to find a few rows: a sequential scan (with the
 * planner told to avoid them, it chose one because no index serves), or an index scan with no
 * condition but a filter that, run, went through at least half the table (the planner's way round
 * enable_seqscan: every entry of some index, most thrown away). What the scan read is measured
 * (EXPLAIN ANALYZE), not estimated: a merge join walks an index in order and stops where the other
 * side ends, which with random ids is sometimes after a few entries and sometimes not, so the
 * estimate alone made this test pass or fail by the ids drawn. A whole-table index scan without a
 * filter that feeds a hash join is left alone: with sequential scans switched off that is how the
 * planner builds a hash, and at city scale it picks the join by the real sizes.
 */
function fullScans(plan: PlanNode, sizes: ReadonlyMap<string, number>, out: string[] = []): string[] {
  const relation = plan["Relation Name"];
  if (relation && large.has(relation)) {
    const read = ((plan["Actual Rows"] ?? 0) + (plan["Rows Removed by Filter"] ?? 0)) * (plan["Actual Loops"] ?? 1);
    if (plan["Node Type"] === "Seq Scan") out.push(`${relation} (sequential)`);
    else if (/^Index (Only )?Scan$/.test(plan["Node Type"]) && !plan["Index Cond"] && plan.Filter && read * 2 >= (sizes.get(relation) ?? 0))
      out.push(`${relation} (all of ${plan["Index Name"]})`);
  }
  for (const child of plan.Plans ?? []) fullScans(child, sizes, out);
  return out;
}

/**
 * The projects list reads its page in index order (decision 085): a sort of hundreds of projects
 * rows in its plan means an order no index serves (every matching project read and sorted for one
 * page). A sort of the few funded projects the demo has is the planner's right choice.
 */
function sortedProjects(plan: PlanNode, out: string[] = []): string[] {
  const reads = (p: PlanNode): boolean => p["Relation Name"] === "projects" || (p.Plans ?? []).some(reads);
  const input = (plan.Plans ?? []).reduce((n, c) => n + (c["Actual Rows"] ?? 0) * (c["Actual Loops"] ?? 1), 0);
  if (/^(Incremental )?Sort$/.test(plan["Node Type"]) && reads(plan) && input >= 200) out.push("projects (sorted, not in index order)");
  for (const child of plan.Plans ?? []) sortedProjects(child, out);
  return out;
}

function outline(plan: PlanNode, depth = 0): string {
  const p = plan as PlanNode & Record<string, unknown>;
  const cond = ["Index Cond", "Filter", "Hash Cond", "Merge Cond", "Join Filter"].map((k) => (p[k] ? ` ${k}: ${String(p[k])}` : "")).join("");
  return [
    `${"  ".repeat(depth)}${p["Node Type"]}${p["Relation Name"] ? ` ${p["Relation Name"]}` : ""}${p["Index Name"] ? ` [${p["Index Name"]}]` : ""}${cond}`,
    ...(plan.Plans ?? []).map((c) => outline(c, depth + 1)),
  ].join("\n");
}

/**
 * Full scans found and not fixed yet, each with its reason: the test fails on any other one, and on
 * one of these once it is gone (so that this list stays true). Issue 17 names the cause.
 */
const knownFullScans = new Set<string>([
  // None open. Item browse and search (issue 17's first cause) joined every listed item's owner to
  // filter suspended members; they now ask per item in a partial index of the suspended
  // (docs/decisions/083).
]);

describe("the pages' queries are served by indexes (issue 17: EXPLAIN, no sequential scan of a large table)", () => {
  it("every statement of every page plans without a sequential scan of a grown table when the planner is told to avoid them", async () => {
    // With enable_seqscan off the planner still scans sequentially where no index can serve: at
    // 1,000 rows it might choose a scan for cost, at 50,000 it must not need one.
    const found: { key: string; sql: string }[] = [];
    const sizes = new Map<string, number>();
    for (const table of large) {
      const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db);
      sizes.set(table, Number(rows[0]!.n));
    }
    for (const page of pages) {
      const { compiled } = await countPage(page);
      for (const query of compiled) {
        if (!/^\s*(select|with)\b/i.test(query.sql)) continue;
        const plan = await handle.db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const result = await trx.executeQuery<{ "QUERY PLAN": [{ Plan: PlanNode }] }>({
            ...query,
            sql: `explain (analyze, format json) ${query.sql}`,
          });
          return result.rows[0]!["QUERY PLAN"][0].Plan;
        });
        const scans = [...fullScans(plan, sizes), ...(page.url().startsWith("/projects?") || page.url() === "/projects" ? sortedProjects(plan) : [])];
        if (scans.length > 0 && process.env.PERF_PRINT) console.log(query.sql, "\n", outline(plan));
        for (const scan of new Set(scans)) found.push({ key: `${page.name}: ${scan}`, sql: query.sql.slice(0, 400) });
      }
    }
    const unknown = found.filter((f) => !knownFullScans.has(f.key));
    expect(
      unknown.map((f) => f.key),
      unknown.map((f) => `${f.key}\n    ${f.sql}`).join("\n"),
    ).toEqual([]);
    const gone = [...knownFullScans].filter((k) => !found.some((f) => f.key === k));
    expect(gone, "fixed: take them off knownFullScans").toEqual([]);
  }, 240_000);
});
