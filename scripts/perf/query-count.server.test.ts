/**
 * No N+1 (issue 17, "tests, not timings"): every main page and API sends as many statements when
 * its lists hold 1,000 rows as when they hold the demo's handful. A page is its root loader and its
 * route's loader, each with its own Request as Remix gives them, in one request scope as the server
 * makes it. The demo neighbourhood is seeded, each page counted, then the lists are grown with
 * set-based copies (scripts/perf/amplify.ts) and each page counted again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { AppLoadContext } from "@remix-run/node";
import { createTestDatabase } from "../../app/test/db";
import { countingDatabase, type QueryCounter } from "../../app/test/query-count";
import { createTestServices, testContext } from "../../app/test/services";
import type { AppServices } from "../../app/services.server";
import type { DatabaseHandle } from "../../app/utils/db.server";
import { buildDemoWorld, type DemoWorld, type Person } from "../drills/demo-world";
import * as rootModule from "../../app/root";
import { loadRoute, matchRoute, type RouteModule, toResponse } from "../drills/routes";
import { cloneRows } from "./amplify";

let handle: DatabaseHandle;
let services: AppServices;
let counter: QueryCounter;
let world: DemoWorld;
let slugs: { moestuin: string; itemId: string; ownerHandle: string; neighbourhood: string };

interface Page {
  name: string;
  url: () => string;
  as?: Person;
}
const pages: Page[] = [
  { name: "home", url: () => "/" },
  { name: "home, signed in", url: () => "/", as: "eva" },
  { name: "projects", url: () => "/projects" },
  { name: "projects, page 2", url: () => "/projects?page=2" },
  { name: "items", url: () => "/items" },
  { name: "item search", url: () => "/items?q=boormachine" },
  { name: "api projects", url: () => "/api/projects" },
  { name: "api items", url: () => "/api/items" },
  { name: "project page (many pledges)", url: () => `/projects/${slugs.moestuin}` },
  { name: "item page (owner with many loans)", url: () => `/items/${slugs.itemId}` },
  { name: "profile (many loans)", url: () => `/u/${slugs.ownerHandle}` },
  { name: "neighbourhood page", url: () => `/buurt/${slugs.neighbourhood}` },
  { name: "my pledges (many)", url: () => "/me/pledges", as: "eva" },
];

async function countPage(page: Page): Promise<{ status: number; statements: string[] }> {
  const url = `http://localhost${page.url()}`;
  const match = matchRoute(new URL(url).pathname);
  if (!match) throw new Error(`no route for ${url}`);
  const cookie = page.as ? await world.cookie(page.as) : undefined;
  const request = () => new Request(url, { headers: cookie ? { cookie } : {} });
  const context = { ...testContext(services), requestScope: new Map() } as AppLoadContext;
  const root = rootModule as unknown as RouteModule;
  const route = await loadRoute(match.route.id);
  counter.reset();
  const [, response] = await Promise.all([
    toResponse(() => root.loader!({ request: request(), context, params: {} })),
    toResponse(() => route.loader!({ request: request(), context, params: match.params })),
  ]);
  return { status: response.status, statements: counter.statements };
}

const small = new Map<string, { status: number; statements: string[] }>();

beforeAll(async () => {
  handle = await createTestDatabase();
  const counting = countingDatabase(handle);
  counter = counting.counter;
  ({ services } = createTestServices(counting.database));
  world = await buildDemoWorld(services);
  const db = handle.db; // growing the data is not counted
  const item = await db
    .selectFrom("items")
    .innerJoin("users", "users.id", "items.owner_id")
    .select(["items.id", "users.handle", "items.neighbourhood_id"])
    .where("items.id", "=", world.fixtures.item.mohammedSander)
    .executeTakeFirstOrThrow();
  slugs = { moestuin: "moestuin-op-het-javaplein", itemId: item.id, ownerHandle: item.handle, neighbourhood: item.neighbourhood_id };
  for (const page of pages) small.set(page.name, await countPage(page));
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
  // 1,000 finished loans of the sander's owner, each to a new neighbour, a week apart in the past.
  await cloneRows(db, "loans", {
    from: `(select id, row_number() over (order by handle) as n from users where handle like 'newbie-0-c%') u`,
    where: `t.id = (select id from loans where owner_id = (select owner_id from items where id = '${slugs.itemId}') and state in ('closed', 'returned') order by created_at limit 1)`,
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
    await grow(handle.db);
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
    expect(Number(counts.loans)).toBeGreaterThanOrEqual(1_000);
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
