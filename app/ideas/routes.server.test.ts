import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../demo/seed.server";
import { loader as apiIdeaLoader } from "../routes/api.ideas.$ideaId";
import { loader as apiIdeasLoader } from "../routes/api.ideas._index";
import { loader as boardLoader } from "../routes/ideas._index";
import { action as respondersAction } from "../routes/admin.responders";
import { loader as sitemapLoader } from "../routes/sitemap[.]xml";
import { action as ideaAction } from "../routes/ideas.$ideaId";
import { loader as feedLoader } from "../routes/neighbourhoods.$neighbourhoodId.ideas[.]atom";
import { loader as newProjectLoader } from "../routes/projects.new";
import { ideaMapLayer } from "./map-layer.server";
import { fileReport, moderate } from "../moderation/reports.server";
import { extensions } from "../wiring.server";
import { getIdeaPage, listIdeas } from "./reads.server";
import { createTestDatabase } from "../test/db";
import { cookieFor } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import { assertWellFormedXml } from "../test/xml";
import type { DatabaseHandle } from "../utils/db.server";

let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
const ids: Record<string, string> = {};
const posts: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
  await seedDemo(database.db, { now: new Date() });
  for (const key of ["anna", "eva", "mohammed", "ilse", "kees", "sanne", "admin"]) {
    ids[key] = (await database.db.selectFrom("users").select("id").where("email", "=", `${key}@demo.buurtkracht.nl`).executeTakeFirstOrThrow()).id;
  }
  for (const r of await database.db.selectFrom("ideas").select(["id", "title"]).execute()) posts[r.title] = r.id;
});
afterAll(async () => database?.close());

const SCHOMMEL = "Schommel in de speeltuin Celebesstraat kapot";
const request = async (path: string, as?: string, init: RequestInit = {}) =>
  new Request(`http://localhost${path}`, { ...init, headers: { ...(as ? { Cookie: await cookieFor(services, ids[as]!) } : {}), ...(init.headers ?? {}) } });
const status = async (run: () => Promise<unknown>): Promise<number> => {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    // data(…, { status }) returned by an action.
    if (result && typeof result === "object" && "init" in result) return (result as { init: { status?: number } | null }).init?.status ?? 200;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    if (thrown && typeof thrown === "object" && "init" in thrown) return (thrown as { init: { status: number } }).init.status;
    throw thrown;
  }
};

describe("the demo board", () => {
  it("has posts in every status, some answered by the municipality", async () => {
    const rows = await database.db.selectFrom("ideas").select("status").execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["received", "looking", "planned", "done", "not_possible"]));
    const answers = await database.db
      .selectFrom("idea_events as e")
      .innerJoin("organisations as o", "o.id", "e.organisation_id")
      .select("o.slug")
      .where("e.event", "=", "status_changed")
      .execute();
    expect(answers.length).toBeGreaterThanOrEqual(5);
    expect(new Set(answers.map((a) => a.slug))).toEqual(new Set(["gemeente-amsterdam"]));
  });
});

describe("the board's list", () => {
  it("names each filter it cannot use next to its field, and an unknown postcode area", async () => {
    const load = async (query: string) =>
      (await boardLoader({ request: await request(`/ideas?${query}`), context: testContext(services), params: {} })) as Awaited<ReturnType<typeof boardLoader>>;
    expect((await load("kind=wish&status=maybe&sort=loud")).problems).toEqual({
      kind: "ideas.filter.error.kind",
      status: "ideas.filter.error.status",
      sort: "ideas.filter.error.sort",
    });
    expect((await load("sort=near&near=1000")).problems).toEqual({ near: "ideas.error.postcodeUnknown" });
    expect((await load("sort=near")).problems).toEqual({ near: "ideas.filter.error.nearNeeded" });
    const near = await load("neighbourhood=all&sort=near&near=1093");
    expect(near.problems).toEqual({});
    // Real distances between area centroids: the Indische Buurt first, Lombok (Utrecht) far away.
    const distances = near.ideas.map((i) => i.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(near.ideas.at(-1)?.title).toBe("Deelbakfiets bij de Lombokhof");
    expect(near.ideas.at(-1)?.distanceKm).toBeGreaterThan(30);
    const unanswered = await load("neighbourhood=indische-buurt&sort=unanswered");
    expect(unanswered.ideas.map((i) => i.status)).toEqual(unanswered.ideas.map(() => "received"));
    expect(unanswered.ideas.length).toBeGreaterThan(0);
  });
});

describe("the public API and the feed", () => {
  it("lists posts with status and support counts and no personal data beyond display names", async () => {
    const res = (await apiIdeasLoader({
      request: await request("/api/ideas?neighbourhood=indische-buurt&sort=support"),
      context: testContext(services),
      params: {},
    })) as Response;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ideas: { title: string; supportCount: number; status: string; postedBy: string }[] };
    expect(body.ideas.length).toBeGreaterThanOrEqual(5);
    expect(body.ideas[0]!.supportCount).toBeGreaterThanOrEqual(body.ideas.at(-1)!.supportCount);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/@demo\.buurtkracht\.nl/);
    for (const id of Object.values(ids)) expect(text).not.toContain(id);
    const bad = (await apiIdeasLoader({
      request: await request("/api/ideas?status=maybe&colour=red"),
      context: testContext(services),
      params: {},
    })) as Response;
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { parameter: string }[] }).issues.map((i) => i.parameter).sort()).toEqual(["colour", "status"]);
  });

  it("one post carries its follow-up; a hidden post is not there", async () => {
    const id = posts["Losliggende stoeptegels in de Javastraat"]!;
    const res = (await apiIdeaLoader({ request: await request(`/api/ideas/${id}`), context: testContext(services), params: { ideaId: id } })) as Response;
    const idea = (await res.json()) as { status: string; followUp: { status: string; organisation: string }[]; respondedBy: string[] };
    expect(idea.status).toBe("planned");
    expect(idea.followUp.map((f) => [f.status, f.organisation])).toEqual([
      ["looking", "Gemeente Amsterdam"],
      ["planned", "Gemeente Amsterdam"],
    ]);
    expect(idea.respondedBy).toEqual(["Gemeente Amsterdam"]);
    await database.db.updateTable("ideas").set({ hidden_at: new Date(), hidden_reason: "test" }).where("id", "=", id).execute();
    try {
      const hidden = (await apiIdeaLoader({ request: await request(`/api/ideas/${id}`), context: testContext(services), params: { ideaId: id } })) as Response;
      expect(hidden.status).toBe(404);
    } finally {
      await database.db.updateTable("ideas").set({ hidden_at: null, hidden_reason: null }).where("id", "=", id).execute();
    }
  });

  it("the neighbourhood's Atom feed has its new posts and status changes, and nothing of another neighbourhood", async () => {
    const res = (await feedLoader({
      request: await request("/neighbourhoods/indische-buurt/ideas.atom"),
      context: testContext(services),
      params: { neighbourhoodId: "indische-buurt" },
    })) as Response;
    expect(res.headers.get("Content-Type")).toMatch(/application\/atom\+xml/);
    const xml = await res.text();
    assertWellFormedXml(xml);
    const titles = [...xml.matchAll(/<entry>[\s\S]*?<title[^>]*>([^<]*)<\/title>/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
    expect(titles).toContain(`Nieuw: ${SCHOMMEL}`);
    expect(titles).toContain("Losliggende stoeptegels in de Javastraat: Gepland");
    expect(titles).toContain("Lantaarnpaal Borneostraat doet het niet: Opgelost");
    expect(titles.some((t) => t.includes("Lombokhof"))).toBe(false);
    expect(
      await status(async () =>
        feedLoader({ request: await request("/neighbourhoods/nergens/ideas.atom"), context: testContext(services), params: { neighbourhoodId: "nergens" } }),
      ),
    ).toBe(404);
  });
});

describe("the post's actions", () => {
  it("only the municipality's member answers; a reason is required for 'not possible', next to its field", async () => {
    const id = posts[SCHOMMEL]!;
    const post = async (as: string, body: Record<string, string>) =>
      ideaAction({
        request: await request(`/ideas/${id}`, as, { method: "POST", body: new URLSearchParams(body) }),
        context: testContext(services),
        params: { ideaId: id },
      });
    const gemeente = (await database.db.selectFrom("organisations").select("id").where("slug", "=", "gemeente-amsterdam").executeTakeFirstOrThrow()).id;
    const eva = (await post("eva", { intent: "respond", organisationId: gemeente, status: "done", response: "Klaar" })) as {
      data: { errors: Record<string, string> };
    };
    expect(eva.data.errors).toEqual({ status: "ideas.error.notResponder" });
    const noReason = (await post("ilse", { intent: "respond", organisationId: gemeente, status: "not_possible", response: "" })) as {
      data: { errors: Record<string, string> };
    };
    expect(noReason.data.errors).toEqual({ response: "ideas.error.reasonRequired" });
    expect(await status(() => post("ilse", { intent: "respond", organisationId: gemeente, status: "planned", response: "Volgende week." }))).toBe(302);
    expect((await database.db.selectFrom("ideas").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("planned");
  });

  it("a project draft from a post is its poster's (or the chosen helper's) to start", async () => {
    const id = posts[SCHOMMEL]!;
    const open = async (as: string) => newProjectLoader({ request: await request(`/projects/new?idea=${id}`, as), context: testContext(services), params: {} });
    expect(await status(() => open("eva"))).toBe(404);
    const mine = (await open("mohammed")) as Awaited<ReturnType<typeof newProjectLoader>>;
    expect(mine.idea).toMatchObject({ id, title: SCHOMMEL, neighbourhoodId: "indische-buurt", category: "playground" });
    expect(mine.idea?.story).toContain("De ketting van de linker schommel is gebroken");
  });
});

describe("who answers a neighbourhood", () => {
  it("a site admin names and removes responders, each change an event; nobody else may", async () => {
    const gemeente = (await database.db.selectFrom("organisations").select("id").where("slug", "=", "gemeente-amsterdam").executeTakeFirstOrThrow()).id;
    const save = async (as: string, organisationIds: string[]) => {
      const body = new URLSearchParams({ neighbourhoodId: "lombok" });
      for (const id of organisationIds) body.append("organisationIds", id);
      return status(async () =>
        respondersAction({ request: await request("/admin/responders", as, { method: "POST", body }), context: testContext(services), params: {} }),
      );
    };
    const responders = async () =>
      (await database.db.selectFrom("neighbourhood_responders").select("organisation_id").where("neighbourhood_id", "=", "lombok").execute()).map(
        (r) => r.organisation_id,
      );
    const log = async () =>
      await database.db
        .selectFrom("neighbourhood_responder_events")
        .select(["event", "actor_id"])
        .where("neighbourhood_id", "=", "lombok")
        .orderBy("id")
        .execute();
    expect(await save("eva", [gemeente])).toBe(403);
    expect(await responders()).toEqual([]);
    expect(await save("admin", [gemeente])).toBe(302);
    expect(await responders()).toEqual([gemeente]);
    // Saving the same again changes nothing and logs nothing.
    expect(await save("admin", [gemeente])).toBe(302);
    expect(await save("admin", ["00000000-0000-4000-8000-000000000000"])).toBe(400);
    expect(await save("admin", [])).toBe(302);
    expect(await responders()).toEqual([]);
    expect(await log()).toEqual([
      { event: "named", actor_id: ids.admin },
      { event: "removed", actor_id: ids.admin },
    ]);
  });
});

describe("the board on the map", () => {
  it("places the posts the board lists, at their area, and never a hidden one", async () => {
    const listed = await listIdeas(database.db, { sort: "new", neighbourhood: "indische-buurt", viewerId: null });
    const markers = await ideaMapLayer.markers(database.db, { viewerId: null, neighbourhoodId: "indische-buurt", filters: {} });
    expect(listed.ok && markers.map((m) => m.id).sort()).toEqual(listed.ok && listed.ideas.map((i) => i.id).sort());
    expect(markers.length).toBeGreaterThanOrEqual(5);
    const schommel = markers.find((m) => m.title === SCHOMMEL)!;
    // Postcode area 1094's centroid, not an address.
    expect([schommel.lat, schommel.lng]).toEqual([52.3626, 4.9361]);
    expect(schommel.href).toBe(`/ideas/${posts[SCHOMMEL]}`);
    const planned = await ideaMapLayer.markers(database.db, { viewerId: null, neighbourhoodId: "indische-buurt", filters: { status: "planned" } });
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.length).toBeLessThan(markers.length);
    await database.db.updateTable("ideas").set({ hidden_at: new Date(), hidden_reason: "test" }).where("id", "=", posts[SCHOMMEL]!).execute();
    try {
      const after = await ideaMapLayer.markers(database.db, { viewerId: ids.eva!, neighbourhoodId: "indische-buurt", filters: {} });
      expect(after.some((m) => m.title === SCHOMMEL)).toBe(false);
    } finally {
      await database.db.updateTable("ideas").set({ hidden_at: null, hidden_reason: null }).where("id", "=", posts[SCHOMMEL]!).execute();
    }
  });
});

describe("reports on the board", () => {
  it("a neighbour reports a comment, a moderator hides it: gone for others, its author sees why", async () => {
    const id = posts["Geveltuintjes in de Sumatrastraat"]!;
    const comment = await ideaAction({
      request: await request(`/ideas/${id}`, "sanne", {
        method: "POST",
        body: new URLSearchParams({ intent: "comment", body: "Koop mijn tegels! 06-12345678" }),
      }),
      context: testContext(services),
      params: { ideaId: id },
    });
    expect(comment).toBeInstanceOf(Response);
    const row = await database.db.selectFrom("idea_comments").select("id").where("idea_id", "=", id).executeTakeFirstOrThrow();
    const filed = await fileReport(database.db, extensions.reportables, {
      reporterId: ids.anna!,
      kind: "idea_comment",
      id: row.id,
      reason: "spam",
      details: "Reclame.",
      now: new Date(),
    });
    if (!filed.ok) throw new Error(filed.error);
    const hidden = await moderate(database.db, extensions, {
      reportId: filed.reportId,
      actor: { id: ids.kees!, role: "moderator" },
      action: "hide",
      reason: "Reclame hoort hier niet.",
      now: new Date(),
    });
    expect(hidden.ok).toBe(true);
    expect((await getIdeaPage(database.db, id, ids.eva!))?.comments.some((c) => c.id === row.id)).toBe(false);
    expect((await getIdeaPage(database.db, id, ids.sanne!))?.comments.find((c) => c.id === row.id)).toMatchObject({
      hidden: true,
      hiddenReason: "Reclame hoort hier niet.",
    });
    // A post can be reported too.
    expect(
      (await fileReport(database.db, extensions.reportables, { reporterId: ids.anna!, kind: "idea", id, reason: "other", details: "Test.", now: new Date() }))
        .ok,
    ).toBe(true);
  });
});

describe("the sitemap", () => {
  it("names the board and its public posts, never a hidden one", async () => {
    const hiddenId = posts["Deelbakfiets bij de Lombokhof"]!;
    await database.db.updateTable("ideas").set({ hidden_at: new Date(), hidden_reason: "test" }).where("id", "=", hiddenId).execute();
    try {
      const res = (await sitemapLoader({ request: await request("/sitemap.xml"), context: testContext(services), params: {} })) as Response;
      const xml = await res.text();
      assertWellFormedXml(xml);
      expect(xml).toContain(`${services.env.APP_URL}/ideas</loc>`);
      expect(xml).toContain(`/ideas/${posts[SCHOMMEL]}</loc>`);
      expect(xml).not.toContain(`/ideas/${hiddenId}`);
    } finally {
      await database.db.updateTable("ideas").set({ hidden_at: null, hidden_reason: null }).where("id", "=", hiddenId).execute();
    }
  });
});
