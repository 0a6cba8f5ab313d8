import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as projectsLoader } from "../routes/projects._index";
import { createTestDatabase } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { encodeCursor } from "./list-order.server";
import { listSorts } from "./project";
import { type ListQuery, ListQuerySchema } from "./project-schema";
import { listCursorAt, listProjects, PAGE_SIZE, type ProjectList } from "./projects.server";

/**
 * Keyset paging of the projects list (issue 17, decision 085): every sort pages by a cursor on its
 * index's keys, each listed project exactly once and in the same order as an offset would give;
 * previous pages by a cursor the other way; a cursor that is not one is the first page; the total
 * is capped; old `?page=N` links go to that page's cursor.
 */
let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
const now = new Date("2026-11-20T10:00:00Z");
let listed: { live: Set<string>; failed: Set<string> };

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
  const { db } = database;
  const [initiator, suspended] = await createUsers(db, "init", 2);
  const [moderator] = await createUsers(db, "mod", 1, "moderator");
  const original = await createLiveProject(db, { initiatorId: initiator!, moderatorId: moderator!, now, title: "Origineel" });
  // 44 copies: live and failed, with deadlines, launches and pledges that tie in places (the id
  // breaks ties), one hidden and two of a suspended initiator (never listed).
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into projects (slug, initiator_id, neighbourhood_id, title, summary, story, category, goal_cents, funding_model, duration_days,
        status, launched_at, ends_at, pledged_cents, backer_count, created_at, hidden_at, hidden_reason)
      select t.slug || '-k' || g, case when g > 42 then ${suspended!}::uuid else t.initiator_id end, t.neighbourhood_id, t.title || ' ' || g,
        t.summary, t.story, t.category, t.goal_cents, t.funding_model, t.duration_days,
        case when g % 4 = 0 then 'failed' else 'live' end,
        t.launched_at - ((g % 5) || ' days')::interval, t.ends_at + ((g % 7) || ' days')::interval,
        (g % 9) * 20000, g % 3, t.created_at,
        case when g = 41 then t.launched_at end, case when g = 41 then 'verborgen' end
      from projects t, generate_series(1, 44) g where t.id = ${original.id}
    `.execute(trx);
    await sql`
      insert into project_budget_lines (project_id, position, description, amount_cents)
      select c.id, l.position, l.description, l.amount_cents from projects c, project_budget_lines l
      where c.slug like (select slug from projects where id = ${original.id}) || '-k%' and l.project_id = ${original.id}
    `.execute(trx);
  });
  await db.updateTable("users").set({ suspended_at: now }).where("id", "=", suspended!).execute();
  const ids = async (status: string) =>
    new Set(
      (
        await db
          .selectFrom("projects")
          .select("id")
          .where("status", "=", status as "live")
          .where("hidden_at", "is", null)
          .where("initiator_id", "=", initiator!)
          .execute()
      ).map((r) => r.id),
    );
  listed = { live: await ids("live"), failed: await ids("failed") };
}, 120_000);
afterAll(async () => database?.close());

const query = (patch: Partial<ListQuery> = {}): ListQuery => ({ ...ListQuerySchema.parse({}), ...patch });

/** Every page from the first by its "next" cursor. */
async function walk(q: ListQuery): Promise<ProjectList[]> {
  const pages = [await listProjects(database.db, q)];
  for (let next = pages[0]!.ahead[0]; next; next = pages.at(-1)!.ahead[0]) {
    expect(pages.length).toBeLessThan(20);
    pages.push(await listProjects(database.db, q, { after: next.after }));
  }
  return pages;
}

describe("the projects list pages by a cursor", () => {
  it("lists each project once per sort and status, in the order an offset gives, numbering the pages", async () => {
    expect(listed.live.size).toBeGreaterThan(2 * PAGE_SIZE);
    for (const sort of listSorts) {
      for (const status of ["live", "failed", "all"] as const) {
        const q = query({ sort, status });
        const pages = await walk(q);
        const ids = pages.flatMap((p) => p.projects.map((x) => x.id));
        const expected = status === "all" ? [...listed.live, ...listed.failed] : [...listed[status]];
        expect(new Set(ids).size, `${sort} ${status}`).toBe(ids.length);
        expect(new Set(ids), `${sort} ${status}`).toEqual(new Set(expected));
        expect(
          pages.map((p) => p.page),
          `${sort} ${status}`,
        ).toEqual(pages.map((_, i) => i + 1));
        // The same rows, in the same order, as the API's offset pages over the same index order.
        const byOffset = [];
        for (let page = 1; page <= pages.length; page++)
          byOffset.push(...(await listProjects(database.db, { ...q, page }, { countCap: null })).projects.map((x) => x.id));
        expect(ids, `${sort} ${status}`).toEqual(byOffset);
        // Live ones first in every order.
        if (status === "all") expect(ids.slice(0, listed.live.size).every((id) => listed.live.has(id))).toBe(true);
      }
    }
  });

  it("orders as each sort says: deadline soonest, newest launch, most pledged", async () => {
    const projects = (pages: ProjectList[]) => pages.flatMap((p) => p.projects);
    const ending = projects(await walk(query({ sort: "ending_soon" }))).map((p) => p.endsAt!.getTime());
    expect(ending).toEqual([...ending].sort((a, b) => a - b));
    const newest = projects(await walk(query({ sort: "newest" }))).map((p) => p.launchedAt!.getTime());
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    const funded = projects(await walk(query({ sort: "most_funded" }))).map((p) => p.pledgedCents);
    expect(funded).toEqual([...funded].sort((a, b) => b - a));
    const failedEnded = projects(await walk(query({ status: "failed" }))).map((p) => p.endsAt!.getTime());
    expect(failedEnded).toEqual([...failedEnded].sort((a, b) => b - a));
  });

  it("goes back by a cursor the other way: the previous page's rows, and the first page without one", async () => {
    const pages = await walk(query({ sort: "most_funded" }));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages[1]!.previous).toEqual({ page: 1 });
    const back = await listProjects(database.db, query({ sort: "most_funded" }), { before: pages[2]!.previous!.before });
    expect(back.page).toBe(2);
    expect(back.projects.map((p) => p.id)).toEqual(pages[1]!.projects.map((p) => p.id));
    expect(back.ahead.map((a) => a.page)).toEqual([3]);
    const third = await listProjects(database.db, query({ sort: "most_funded" }), { after: back.ahead[0]!.after });
    expect(third.projects.map((p) => p.id)).toEqual(pages[2]!.projects.map((p) => p.id));
    // The window: the pages ahead whose cursors came with this page, no more.
    expect(pages[0]!.ahead.map((a) => a.page)).toEqual([2, 3]);
    expect(pages[0]!.previous).toBeNull();
  });

  it("shows the first page for a cursor that is not one, instead of failing", async () => {
    const first = (await listProjects(database.db, query())).projects.map((p) => p.id);
    const second = (await listProjects(database.db, query())).ahead[0]!.after!;
    const id = "00000000-0000-4000-8000-000000000000";
    const bad = [
      "garbage",
      "!!",
      second.slice(0, -3),
      Buffer.from("[1,2").toString("base64url"),
      // Another sort's cursor, a value of the wrong type, a date Postgres refuses, a page number that is not one.
      encodeCursor({ sort: "newest", near: null, page: 2, values: ["true", "2026-11-20 10:00:00+00"], id }),
      encodeCursor({ sort: "ending_soon", near: null, page: 2, values: ["false", "'; drop table projects; --"], id }),
      encodeCursor({ sort: "newest", near: null, page: 2, values: ["true", "2026-02-31 10:00:00+00"], id }),
      Buffer.from(JSON.stringify(["ending_soon", null, -1, ["false", "1 day"], id])).toString("base64url"),
    ];
    for (const cursor of bad) {
      const sort = cursor === bad[6] ? "newest" : "ending_soon";
      const result = await listProjects(database.db, query({ sort }), { after: cursor });
      expect(result.page, cursor).toBe(1);
      if (sort === "ending_soon") expect(result.projects.map((p) => p.id)).toEqual(first);
      expect((await listProjects(database.db, query({ sort }), { before: cursor })).page).toBe(1);
    }
  });

  it("counts up to the cap and says there are more; hidden projects and suspended initiators' are not counted", async () => {
    const exact = await listProjects(database.db, query());
    expect(exact).toMatchObject({ total: listed.live.size, totalCapped: false, pages: Math.ceil(listed.live.size / PAGE_SIZE) });
    expect(await listProjects(database.db, query(), { countCap: 5 })).toMatchObject({ total: 5, totalCapped: true });
  });
});

describe("the /projects page", () => {
  const load = async (search: string) => {
    try {
      return await projectsLoader({ request: new Request(`http://localhost/projects${search}`), context: testContext(services), params: {} });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  };

  it("sends an old ?page=N link to that page's cursor, keeping the filters; past the end to the first page", async () => {
    const res = await load("?sort=newest&page=2");
    expect(res).toBeInstanceOf(Response);
    const location = new URL((res as Response).headers.get("Location")!, "http://localhost");
    expect((res as Response).status).toBe(302);
    expect(location.searchParams.get("sort")).toBe("newest");
    expect(location.searchParams.get("after")).toBe(await listCursorAt(database.db, query({ sort: "newest" }), PAGE_SIZE - 1));
    const page2 = await load(location.search);
    const walked = await walk(query({ sort: "newest" }));
    expect((page2 as { page: number; projects: { id: string }[] }).projects.map((p) => p.id)).toEqual(walked[1]!.projects.map((p) => p.id));
    const past = (await load("?page=999")) as Response;
    expect([past.status, past.headers.get("Location")]).toEqual([302, "/projects"]);
  });
});
