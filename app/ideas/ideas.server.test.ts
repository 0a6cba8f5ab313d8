import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifiedOrganisation } from "../matching/organisations.server";
import { applyProjectEvent, createProject } from "../projects/projects.server";
import { createMemoryStorage } from "../storage/storage.server";
import { createTestDatabase, usingServer } from "../test/db";
import { createUsers, grantNeighbourLevel } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { allowProjectMaker, linkIdeaToNewProject, postIdea, respondToIdea, setHelp, setNeighbourhoodResponder, setSupport } from "./ideas.server";
import { answerStats, getIdeaPage, listIdeas } from "./reads.server";
import { boardDigestSection } from "./digest.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 25 });
});
afterAll(async () => database?.close());

const now = new Date("2027-03-01T10:00:00Z");
const HOUR = 3_600_000;
const tag = () => Math.random().toString(36).slice(2, 7);

async function board(people: number) {
  const db = database.db;
  const t = tag();
  const [admin] = await createUsers(db, `ia${t}`, 1, "admin");
  const [poster, officer, ...neighbours] = await createUsers(db, `ib${t}`, people + 2);
  const org = await createVerifiedOrganisation(db, {
    name: `Gemeente ${t}`,
    kind: "municipality",
    description: "",
    website: "",
    actor: { id: admin!, role: "admin" },
    adminUserId: officer!,
    now,
  });
  if (!org.ok) throw new Error(org.error);
  await setNeighbourhoodResponder(db, { neighbourhoodId: "testwijk", organisationId: org.id, responds: true, now });
  const posted = await postIdea(
    { db },
    {
      authorId: poster!,
      idea: {
        neighbourhoodId: "testwijk",
        kind: "problem",
        title: `Schommel kapot ${t}`,
        body: "De ketting van de schommel is gebroken.",
        category: "playground",
        street: "Speeltuin",
        postcode4: null,
        point: { lat: 52.36171, lng: 4.94023 },
      },
      now,
    },
  );
  if (!posted.ok) throw new Error(posted.error);
  return { ideaId: posted.ideaId, poster: poster!, officer: officer!, organisationId: org.id, neighbours: neighbours as string[] };
}

const events = (ideaId: string) =>
  database.db.selectFrom("idea_events").select(["event", "from_status", "to_status", "response"]).where("idea_id", "=", ideaId).orderBy("id").execute();
const notices = (kind: string, ideaId: string) =>
  database.db
    .selectFrom("notifications")
    .select(["user_id", "data"])
    .where("kind", "=", kind)
    .where(({ eb, ref }) => eb(eb.fn("jsonb_extract_path_text", [ref("data"), eb.val("ideaId")]), "=", ideaId))
    .execute();

describe("posting", () => {
  it("stores the place coarsely and refuses an unknown postcode area next to its field", async () => {
    const { ideaId, poster } = await board(0);
    const row = await database.db.selectFrom("ideas").select(["lat", "lng", "status", "support_count"]).where("id", "=", ideaId).executeTakeFirstOrThrow();
    expect(row).toEqual({ lat: 52.36, lng: 4.94, status: "received", support_count: 0 });
    // The database itself refuses a point finer than the grid.
    await expect(database.db.updateTable("ideas").set({ lat: 52.3617 }).where("id", "=", ideaId).execute()).rejects.toThrow(/check/i);
    const unknown = await postIdea(
      { db: database.db },
      {
        authorId: poster,
        idea: {
          neighbourhoodId: "testwijk",
          kind: "idea",
          title: "Bankjes",
          body: "Bankjes op het plein graag.",
          category: "social",
          street: "",
          postcode4: "1000",
          point: null,
        },
        now,
      },
    );
    expect(unknown).toEqual({ ok: false, field: "postcode4", error: "ideas.error.postcodeUnknown" });
  });
});

describe(`support is one per person (${usingServer() ? "Postgres server, parallel" : "PGlite, serialized"})`, () => {
  it("the same neighbour supporting ten times at once counts once; twelve neighbours at once count twelve; withdrawing counts down", async () => {
    const { ideaId, poster, neighbours } = await board(12);
    const eva = neighbours[0]!;
    const same = await Promise.all(Array.from({ length: 10 }, () => setSupport(database.db, { ideaId, userId: eva, support: true, now })));
    expect(same.filter((r) => r.ok && r.changed)).toHaveLength(1);
    expect(same.every((r) => r.ok)).toBe(true);
    await Promise.all(neighbours.slice(1).map((userId) => setSupport(database.db, { ideaId, userId, support: true, now })));
    const count = async () => (await database.db.selectFrom("ideas").select("support_count").where("id", "=", ideaId).executeTakeFirstOrThrow()).support_count;
    const rows = async () => (await database.db.selectFrom("idea_supports").select("user_id").where("idea_id", "=", ideaId).execute()).length;
    expect(await count()).toBe(12);
    expect(await rows()).toBe(12);
    // Withdrawing twice at once counts down once.
    const withdrawn = await Promise.all([
      setSupport(database.db, { ideaId, userId: eva, support: false, now }),
      setSupport(database.db, { ideaId, userId: eva, support: false, now }),
    ]);
    expect(withdrawn.filter((r) => r.ok && r.changed)).toHaveLength(1);
    expect(await count()).toBe(11);
    expect(await rows()).toBe(11);
    expect((await events(ideaId)).filter((e) => e.event === "supported")).toHaveLength(12);
    expect((await events(ideaId)).filter((e) => e.event === "support_withdrawn")).toHaveLength(1);
    // The poster's own support already counts.
    expect(await setSupport(database.db, { ideaId, userId: poster, support: true, now })).toEqual({ ok: false, error: "ideas.error.ownPost" });
  });
});

describe("the follow-up", () => {
  it("every answer tells the poster, the supporters and the helpers once — not the officer — and a refusal writes nothing", async () => {
    const { ideaId, poster, officer, organisationId, neighbours } = await board(3);
    const [supporter, helper, bystander] = neighbours as [string, string, string];
    await setSupport(database.db, { ideaId, userId: supporter, support: true, now });
    await setSupport(database.db, { ideaId, userId: helper, support: true, now });
    await setHelp(database.db, { ideaId, userId: helper, helping: true, note: "Ik zet er een lint om.", now });
    expect((await notices("idea.helper_joined", ideaId)).map((n) => n.user_id)).toEqual([poster]);

    const answer = (to: "looking" | "planned" | "done" | "not_possible" | "received", response: string, actorId = officer, at = now) =>
      respondToIdea(database.db, { ideaId, actorId, organisationId, to, response, now: at });
    // Not a member of the responding organisation; a reason missing; a status it cannot go to.
    expect(await answer("looking", "", bystander)).toEqual({ ok: false, error: "ideas.error.notResponder" });
    expect(await answer("not_possible", "  ")).toEqual({ ok: false, error: "ideas.error.reasonRequired" });
    expect(await answer("received", "")).toEqual({ ok: false, error: "ideas.error.nothingToSay" });
    expect(await notices("idea.answered", ideaId)).toEqual([]);
    expect((await events(ideaId)).map((e) => e.event)).toEqual(["posted", "supported", "supported", "helping"]);

    expect(await answer("planned", "In de week van 14 december.", officer, new Date(now.getTime() + 30 * HOUR))).toEqual({ ok: true, event: "status_changed" });
    expect(await answer("planned", "De aannemer komt op maandag.", officer, new Date(now.getTime() + 40 * HOUR))).toEqual({ ok: true, event: "responded" });
    expect(await answer("done", "Gerepareerd.", officer, new Date(now.getTime() + 90 * HOUR))).toEqual({ ok: true, event: "status_changed" });
    expect(await answer("planned", "")).toEqual({ ok: false, error: "ideas.error.statusNotAllowed" });

    const sent = await notices("idea.answered", ideaId);
    const expected = [poster, supporter, helper].sort();
    expect(sent).toHaveLength(9);
    for (const status of ["planned", "done"]) {
      const these = sent.filter((n) => (n.data as { status: string; changed: boolean }).status === status && (n.data as { changed: boolean }).changed);
      expect(these.map((n) => n.user_id).sort()).toEqual(expected);
    }
    expect(sent.filter((n) => (n.data as { mine: boolean }).mine).map((n) => n.user_id)).toEqual([poster, poster, poster]);
    expect(sent.some((n) => n.user_id === officer || n.user_id === bystander)).toBe(false);
    expect((await events(ideaId)).filter((e) => e.event === "status_changed").map((e) => [e.from_status, e.to_status])).toEqual([
      ["received", "planned"],
      ["planned", "done"],
    ]);

    const page = await getIdeaPage(database.db, ideaId, poster);
    expect(page?.idea.status).toBe("done");
    expect(page?.timeline.map((e) => [e.event, e.status, e.response])).toEqual([
      ["posted", "received", ""],
      ["status_changed", "planned", "In de week van 14 december."],
      ["responded", "planned", "De aannemer komt op maandag."],
      ["status_changed", "done", "Gerepareerd."],
    ]);
    // Answered after 30 hours: the board says so.
    expect(await answerStats(database.db, "testwijk", new Date(now.getTime() + 100 * HOUR))).toMatchObject({ medianHours: expect.any(Number) });
    const stats = await answerStats(database.db, "testwijk", new Date(now.getTime() + 100 * HOUR));
    expect(stats.answered).toBeGreaterThanOrEqual(1);
    // "Not yet answered" no longer lists it.
    const unanswered = await listIdeas(database.db, { sort: "unanswered", neighbourhood: "testwijk", viewerId: null });
    expect(unanswered.ok && unanswered.ideas.some((i) => i.id === ideaId)).toBe(false);
  });
});

describe("from idea to project", () => {
  it("the poster (or the helper they allow) makes one draft; supporters and helpers hear first when it launches", async () => {
    const db = database.db;
    const { ideaId, poster, neighbours } = await board(4);
    const [supporter, helper, other, moderator] = neighbours as [string, string, string, string];
    await db.updateTable("users").set({ role: "moderator" }).where("id", "=", moderator).execute();
    await setSupport(db, { ideaId, userId: supporter, support: true, now });
    await setHelp(db, { ideaId, userId: helper, helping: true, note: "", now });
    const draft = (initiatorId: string) =>
      createProject(
        { db, storage: createMemoryStorage() },
        {
          initiatorId,
          now,
          companion: linkIdeaToNewProject(ideaId, initiatorId, now),
          project: {
            title: "Nieuwe schommel",
            summary: "Samenvatting",
            story: "De ketting van de schommel is gebroken.",
            neighbourhoodId: "testwijk",
            category: "playground",
            goal: 50_000,
            fundingModel: "all_or_nothing",
            durationDays: 30,
            removeCover: false,
            lines: [{ description: "Schommel", amountCents: 50_000 }],
          },
        },
      );
    const projectCount = async () => (await db.selectFrom("projects").select("id").where("title", "=", "Nieuwe schommel").execute()).length;
    const before = await projectCount();
    // A helper the poster did not choose: refused, and no draft is kept.
    expect(await draft(helper)).toEqual({ ok: false, field: "_form", error: "ideas.error.notMaker" });
    expect(await projectCount()).toBe(before);
    // The poster lets the helper (not someone who does not help).
    expect(await allowProjectMaker(db, { ideaId, posterId: poster, helperId: other, now })).toEqual({ ok: false, error: "ideas.error.notHelper" });
    expect(await allowProjectMaker(db, { ideaId, posterId: helper, helperId: helper, now })).toEqual({ ok: false, error: "ideas.error.notPoster" });
    expect(await allowProjectMaker(db, { ideaId, posterId: poster, helperId: helper, now })).toEqual({ ok: true });
    expect((await notices("idea.maker_allowed", ideaId)).map((n) => n.user_id)).toEqual([helper]);
    const made = await draft(helper);
    expect(made.ok).toBe(true);
    // Once only: the poster's second try keeps nothing.
    expect(await draft(poster)).toEqual({ ok: false, field: "_form", error: "ideas.error.alreadyProject" });
    expect(await projectCount()).toBe(before + 1);
    const project = await db
      .selectFrom("projects")
      .select("id")
      .where("slug", "=", made.ok ? made.slug : "")
      .executeTakeFirstOrThrow();
    expect((await db.selectFrom("ideas").select("project_id").where("id", "=", ideaId).executeTakeFirstOrThrow()).project_id).toBe(project.id);

    // Through review to launch: at launch the supporter and the poster hear it (the helper made it: not told of their own launch).
    await grantNeighbourLevel(db, helper, now);
    for (const [actor, event] of [
      [{ id: helper, role: "member" as const }, { type: "submit" as const }],
      [{ id: moderator, role: "moderator" as const }, { type: "approve" as const }],
    ] as const) {
      const r = await applyProjectEvent(db, { projectId: project.id, actor, event, now }, extensions.projectTransitionEffects);
      expect(r.ok).toBe(true);
    }
    expect(await notices("idea.project_launched", ideaId)).toEqual([]);
    const launched = await applyProjectEvent(
      db,
      { projectId: project.id, actor: { id: helper, role: "member" }, event: { type: "launch", now }, now },
      extensions.projectTransitionEffects,
    );
    expect(launched.ok).toBe(true);
    expect((await notices("idea.project_launched", ideaId)).map((n) => n.user_id).sort()).toEqual([poster, supporter].sort());
    const page = await getIdeaPage(db, ideaId, null);
    expect(page?.idea.project?.slug).toBe(made.ok ? made.slug : "");
    expect(page?.timeline.map((e) => e.event)).toContain("became_project");
  });
});

describe("the weekly digest", () => {
  it("names this week's posts and this week's answers in one's neighbourhood, not one's own or an old quiet post", async () => {
    const { poster, officer, organisationId, neighbours } = await board(1);
    const reader = neighbours[0]!;
    const DAY = 24 * HOUR;
    // A week of its own, long after the other tests' posts.
    const week = new Date(now.getTime() + 400 * DAY);
    const post = async (title: string, at: Date) => {
      const r = await postIdea(
        { db: database.db },
        {
          authorId: poster,
          idea: {
            neighbourhoodId: "testwijk",
            kind: "idea",
            title: `${title} ${tag()}`,
            body: "Een idee voor de buurt, met uitleg.",
            category: "green",
            street: "",
            postcode4: null,
            point: null,
          },
          now: at,
        },
      );
      if (!r.ok) throw new Error(r.error);
      return r.ideaId;
    };
    const fresh = await post("Nieuw idee", week);
    const old = await post("Oud idee", new Date(week.getTime() - 20 * DAY));
    const collect = async (userId: string, at: Date) =>
      (
        await boardDigestSection.collect(database.db, { userId, neighbourhoodId: "testwijk", postcode4: null, locale: "nl", now: at, weekOf: "2028-04-03" })
      ).map((i) => i.path);
    const at = new Date(week.getTime() + DAY);
    expect(await collect(reader, at)).toEqual([`/ideas/${fresh}`]);
    expect(await collect(poster, at)).toEqual([]);
    // The old post is answered this week: now it is news.
    expect((await respondToIdea(database.db, { ideaId: old, actorId: officer, organisationId, to: "planned", response: "In mei.", now: at })).ok).toBe(true);
    expect((await collect(reader, new Date(at.getTime() + HOUR))).sort()).toEqual([`/ideas/${fresh}`, `/ideas/${old}`].sort());
  });
});
