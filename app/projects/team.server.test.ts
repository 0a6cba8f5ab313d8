import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { loader as backersCsv } from "../routes/projects.$slug.backers[.]csv";
import { action as dashboardAction, loader as dashboardLoader } from "../routes/projects.$slug.dashboard/route";
import { loader as editLoader } from "../routes/projects.$slug.edit";
import { action as needsAction, loader as needsLoader } from "../routes/projects.$slug.needs";
import { loader as projectLoader } from "../routes/projects.$slug._index/route";
import { action as teamAction, loader as teamLoader } from "../routes/projects.$slug.team";
import { createMemoryStorage } from "../storage/storage.server";
import { createTestDatabase } from "../test/db";
import { cookieFor, createLiveProject, createUsers, grantNeighbourLevel } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { applyProjectEvent, createProject, listReviewQueue } from "./projects.server";
import { projectPermissions } from "./team";
import { changeTeam, listProjectTeam, mayActOnProject } from "./team.server";

let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
let initiator: string, co: string, helper: string, invitee: string, removed: string, stranger: string, moderator: string;
let live: { id: string; slug: string };
let draft: { id: string; slug: string };
const now = () => services.clock.now();

async function makeDraft(initiatorId: string): Promise<{ id: string; slug: string }> {
  const created = await createProject(
    { db: database.db, storage: createMemoryStorage() },
    {
      initiatorId,
      now: now(),
      project: {
        title: "Een concept",
        summary: "Samenvatting",
        story: "Het verhaal.",
        neighbourhoodId: "testwijk",
        category: "green",
        goal: 10_000,
        fundingModel: "all_or_nothing",
        durationDays: 30,
        removeCover: false,
        lines: [{ description: "Materiaal", amountCents: 10_000 }],
      },
    },
  );
  if (!created.ok) throw new Error(String(created.error));
  return database.db.selectFrom("projects").select(["id", "slug"]).where("slug", "=", created.slug).executeTakeFirstOrThrow();
}

const invite = (projectId: string, who: string, role: "co_initiator" | "helper", actorId = initiator) =>
  changeTeam(database.db, { projectId, actorId, subject: { who }, event: { type: "invite", role }, now: now() });
const answer = (projectId: string, userId: string, type: "accept" | "decline" | "leave") =>
  changeTeam(database.db, { projectId, actorId: userId, subject: { userId }, event: { type }, now: now() });

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
  [initiator, co, helper, invitee, removed, stranger] = (await createUsers(database.db, "team", 6)) as [string, string, string, string, string, string];
  moderator = (await createUsers(database.db, "teammod", 1, "moderator"))[0]!;
  live = await createLiveProject(database.db, { initiatorId: initiator!, moderatorId: moderator!, now: now() });
  draft = await makeDraft(initiator!);
  for (const p of [live, draft]) {
    expect(await invite(p.id, "team-1", "co_initiator")).toMatchObject({ ok: true });
    expect(await answer(p.id, co!, "accept")).toMatchObject({ ok: true });
    // By e-mail, whatever its case.
    expect(await invite(p.id, "TEAM-2@test.nl", "helper")).toMatchObject({ ok: true });
    expect(await answer(p.id, helper!, "accept")).toMatchObject({ ok: true });
    expect(await invite(p.id, "team-3", "co_initiator")).toMatchObject({ ok: true });
    expect(await invite(p.id, "team-4", "co_initiator")).toMatchObject({ ok: true });
    expect(await answer(p.id, removed!, "accept")).toMatchObject({ ok: true });
    expect(
      await changeTeam(database.db, { projectId: p.id, actorId: initiator!, subject: { userId: removed! }, event: { type: "remove" }, now: now() }),
    ).toMatchObject({ ok: true });
  }
});
afterAll(async () => database?.close());

const request = async (path: string, as: string | null, body?: Record<string, string>) =>
  new Request(`http://localhost${path}`, {
    ...(body ? { method: "POST", body: new URLSearchParams(body) } : {}),
    headers: as ? { Cookie: await cookieFor(services, as) } : {},
  });
/** The status a loader or action answers (a thrown Response, a redirect, or `data(…, { status })`). */
async function status(run: () => Promise<unknown>): Promise<number> {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    if (result && typeof result === "object" && "init" in result) return (result as { init: { status?: number } | null }).init?.status ?? 200;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}
const ctx = () => testContext(services) as never;
type RouteFn = (args: { request: Request; context: never; params: Record<string, string> }) => Promise<unknown>;
const get = async (fn: RouteFn, path: string, slug: string, as: string | null) =>
  status(async () => fn({ request: await request(path, as), context: ctx(), params: { slug } }));
const post = async (fn: RouteFn, path: string, slug: string, as: string, body: Record<string, string>) =>
  status(async () => fn({ request: await request(path, as, body), context: ctx(), params: { slug } }));

describe("what each member of the team may do", () => {
  it("a co-initiator opens the dashboard, edits, posts an update and sees the backers and volunteers", async () => {
    expect(await get(dashboardLoader, `/projects/${live.slug}/dashboard`, live.slug, co)).toBe(200);
    expect(await get(backersCsv, `/projects/${live.slug}/backers.csv`, live.slug, co)).toBe(200);
    expect(await get(needsLoader, `/projects/${live.slug}/needs`, live.slug, co)).toBe(200);
    expect(await get(editLoader, `/projects/${draft.slug}/edit`, draft.slug, co)).toBe(200);
    const posted = await post(dashboardAction, `/projects/${live.slug}/dashboard`, live.slug, co, {
      intent: "update",
      title: "Van de mede-initiatiefnemer",
      body: "De bakken zijn besteld.",
    });
    expect(posted).toBe(302);
    const update = await database.db.selectFrom("project_updates").select("author_id").where("project_id", "=", live.id).executeTakeFirstOrThrow();
    expect(update.author_id).toBe(co);
    const page = (await dashboardLoader({ request: await request(`/projects/${live.slug}/dashboard`, co), context: ctx(), params: { slug: live.slug } })) as {
      can: Record<string, boolean>;
      team: { payoutTo: string };
    };
    expect(page.can).toMatchObject({ edit: true, post_update: true, see_backers: true, manage_team: false, lifecycle: false, payouts: false });
    expect(page.team.payoutTo).toBe("team 0");
  });

  it("a co-initiator does not manage the team, steer the lifecycle or start the payout (403, nothing written)", async () => {
    const before = await database.db
      .selectFrom("project_members")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    const bodies: Record<string, string>[] = [
      { intent: "team_invite", who: "team-5", role: "helper" },
      { intent: "team_remove", memberId: helper },
      { intent: "cancel", reason: "" },
      { intent: "payout_onboarding" },
    ];
    for (const body of bodies) {
      expect(await post(dashboardAction, `/projects/${live.slug}/dashboard`, live.slug, co, body), JSON.stringify(body)).toBe(403);
    }
    expect(
      await database.db
        .selectFrom("project_members")
        .select(sql<number>`count(*)`.as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual(before);
    expect((await database.db.selectFrom("projects").select("status").where("id", "=", live.id).executeTakeFirstOrThrow()).status).toBe("live");
    // The writer refuses too, whoever calls it.
    expect(await invite(live.id, "team-5", "helper", co)).toEqual({ ok: false, error: "NotAllowed" });
  });

  it("a helper sees the volunteers and nothing else (403), and cannot manage the needs", async () => {
    expect(await get(needsLoader, `/projects/${live.slug}/needs`, live.slug, helper)).toBe(200);
    expect(await get(dashboardLoader, `/projects/${live.slug}/dashboard`, live.slug, helper)).toBe(403);
    expect(await get(backersCsv, `/projects/${live.slug}/backers.csv`, live.slug, helper)).toBe(403);
    expect(await get(editLoader, `/projects/${draft.slug}/edit`, draft.slug, helper)).toBe(403);
    expect(
      await post(dashboardAction, `/projects/${live.slug}/dashboard`, live.slug, helper, { intent: "update", title: "Hallo", body: "Van de helper." }),
    ).toBe(403);
    expect(await post(needsAction, `/projects/${live.slug}/needs`, live.slug, helper, { intent: "add-skill", title: "Timmeren", needed: "1" })).toBe(403);
    expect(await mayActOnProject(database.db, live.id, helper!, "see_volunteers")).toBe(true);
    expect(await mayActOnProject(database.db, live.id, helper!, "post_update")).toBe(false);
  });

  it("someone invited but not yet accepted, or removed, or a stranger, may do nothing", async () => {
    for (const who of [invitee!, removed!, stranger!]) {
      for (const permission of projectPermissions) expect(await mayActOnProject(database.db, live.id, who, permission), permission).toBe(false);
      expect(await get(dashboardLoader, `/projects/${live.slug}/dashboard`, live.slug, who)).toBe(403);
      expect(await get(needsLoader, `/projects/${live.slug}/needs`, live.slug, who)).toBe(403);
      expect(await get(backersCsv, `/projects/${live.slug}/backers.csv`, live.slug, who)).toBe(403);
      // A draft stays invisible to them.
      expect(await get(editLoader, `/projects/${draft.slug}/edit`, draft.slug, who)).toBe(404);
    }
    expect(await get(projectLoader, `/projects/${draft.slug}`, draft.slug, co)).toBe(200);
    expect(await get(projectLoader, `/projects/${draft.slug}`, draft.slug, invitee)).toBe(404);
  });

  it("a removed member loses access they had", async () => {
    const [member] = await createUsers(database.db, "gone", 1);
    await invite(live.id, "gone-0", "co_initiator");
    await answer(live.id, member!, "accept");
    expect(await get(dashboardLoader, `/projects/${live.slug}/dashboard`, live.slug, member!)).toBe(200);
    const removedNow = await post(dashboardAction, `/projects/${live.slug}/dashboard`, live.slug, initiator!, { intent: "team_remove", memberId: member! });
    expect(removedNow).toBe(302);
    expect(await get(dashboardLoader, `/projects/${live.slug}/dashboard`, live.slug, member!)).toBe(403);
    const notices = await database.db.selectFrom("notifications").select("kind").where("user_id", "=", member!).execute();
    expect(notices.map((n) => n.kind).sort()).toEqual(["team.invited", "team.removed"]);
  });

  it("a moderator acts through moderation, not on the project's own pages", async () => {
    expect(await get(dashboardLoader, `/projects/${live.slug}/dashboard`, live.slug, moderator!)).toBe(403);
    expect(await get(needsLoader, `/projects/${live.slug}/needs`, live.slug, moderator!)).toBe(403);
  });
});

describe("the team's writer", () => {
  it("the project page shows the active team; the invitee answers on the invitation page", async () => {
    expect((await listProjectTeam(database.db, live.id)).map((m) => [m.handle, m.role])).toEqual([
      ["team-0", "initiator"],
      ["team-1", "co_initiator"],
      ["team-2", "helper"],
    ]);
    expect(await get(teamLoader, `/projects/${live.slug}/team`, live.slug, invitee!)).toBe(200);
    expect(await get(teamLoader, `/projects/${live.slug}/team`, live.slug, stranger!)).toBe(404);
    expect(await get(teamLoader, `/projects/${live.slug}/team`, live.slug, removed!)).toBe(404);
    expect(await post(teamAction, `/projects/${live.slug}/team`, live.slug, invitee!, { intent: "decline" })).toBe(302);
    expect(await post(teamAction, `/projects/${live.slug}/team`, live.slug, invitee!, { intent: "accept" })).toBe(404);
  });

  it("tells the invitee, the initiator of answers, the member of a new role; every change is a project event naming the member", async () => {
    const kindsOf = async (userId: string) =>
      (await database.db.selectFrom("notifications").select("kind").where("user_id", "=", userId).where("kind", "like", "team.%").execute())
        .map((n) => n.kind)
        .sort();
    expect(await kindsOf(co!)).toEqual(["team.invited", "team.invited"]);
    const changed = await changeTeam(database.db, {
      projectId: live.id,
      actorId: initiator!,
      subject: { userId: helper! },
      event: { type: "change_role", role: "co_initiator" },
      now: now(),
    });
    expect(changed).toMatchObject({ ok: true });
    expect(await kindsOf(helper!)).toEqual(["team.invited", "team.invited", "team.role_changed"]);
    expect((await kindsOf(initiator!)).filter((k) => k !== "team.accepted")).toEqual(["team.declined"]);
    const events = await database.db
      .selectFrom("project_events")
      .select(["event", "member_id", "member_role"])
      .where("project_id", "=", live.id)
      .where("event", "like", "team_%")
      .orderBy("id")
      .execute();
    expect(events.slice(0, 2)).toEqual([
      { event: "team_invited", member_id: co, member_role: "co_initiator" },
      { event: "team_accepted", member_id: co, member_role: "co_initiator" },
    ]);
    expect(events.map((e) => e.event)).toContain("team_declined");
    expect(events.at(-1)).toEqual({ event: "team_role_changed", member_id: helper, member_role: "co_initiator" });
    // Back as it was, for the other tests.
    await changeTeam(database.db, {
      projectId: live.id,
      actorId: initiator!,
      subject: { userId: helper! },
      event: { type: "change_role", role: "helper" },
      now: now(),
    });
  });

  it("refuses an unknown person and the initiator themselves, next to the field", async () => {
    expect(await invite(live.id, "niemand-hier", "helper")).toEqual({ ok: false, error: "NoSuchPerson" });
    expect(await invite(live.id, "team-0", "helper")).toEqual({ ok: false, error: "IsInitiator" });
    const res = (await dashboardAction({
      request: await request(`/projects/${live.slug}/dashboard`, initiator!, { intent: "team_invite", who: "niemand-hier", role: "helper" }),
      context: ctx(),
      params: { slug: live.slug },
    })) as { data: { errors: Record<string, string> }; init: { status: number } };
    expect(res.init.status).toBe(400);
    expect(res.data.errors).toEqual({ who: "team.error.NoSuchPerson" });
  });

  it("the database keeps one row per person per project, and never the initiator as a member", async () => {
    await expect(
      database.db
        .insertInto("project_members")
        .values({
          project_id: live.id,
          user_id: co!,
          role: "helper",
          status: "invited",
          invited_by: initiator!,
          invited_at: now(),
          created_at: now(),
          updated_at: now(),
        })
        .execute(),
    ).rejects.toThrow();
    await expect(
      database.db
        .insertInto("project_members")
        .values({
          project_id: live.id,
          user_id: initiator!,
          role: "helper",
          status: "invited",
          invited_by: co!,
          invited_at: now(),
          created_at: now(),
          updated_at: now(),
        })
        .execute(),
    ).rejects.toThrow(/initiator/);
    await expect(
      database.db
        .updateTable("project_members")
        .set({ status: "active", accepted_at: null })
        .where("project_id", "=", live.id)
        .where("user_id", "=", invitee!)
        .execute(),
    ).rejects.toThrow();
  });

  it("two invitations or two acceptances at once make one row and one of each event", async () => {
    const [twice] = await createUsers(database.db, "twice", 1);
    const invites = await Promise.all([invite(live.id, "twice-0", "helper"), invite(live.id, "twice-0", "co_initiator")]);
    expect(invites.filter((r) => r.ok)).toHaveLength(1);
    expect(invites.filter((r) => !r.ok)).toEqual([{ ok: false, error: "AlreadyInvited" }]);
    const accepts = await Promise.all([answer(live.id, twice!, "accept"), answer(live.id, twice!, "accept")]);
    expect(accepts.filter((r) => r.ok)).toHaveLength(1);
    const rows = await database.db.selectFrom("project_members").select("status").where("user_id", "=", twice!).execute();
    expect(rows).toEqual([{ status: "active" }]);
    const events = await database.db.selectFrom("project_events").select("event").where("member_id", "=", twice!).orderBy("id").execute();
    expect(events.map((e) => e.event)).toEqual(["team_invited", "team_accepted"]);
  });

  it("a change of the team while a project is in review does not move its place in the moderators' queue", async () => {
    const [owner] = await createUsers(database.db, "queue", 2);
    const project = await makeDraft(owner!);
    await grantNeighbourLevel(database.db, owner!, now());
    const submittedAt = new Date(now().getTime() - 3_600_000);
    const submitted = await applyProjectEvent(
      database.db,
      { projectId: project.id, actor: { id: owner!, role: "member" }, event: { type: "submit" }, now: submittedAt },
      extensions.projectTransitionEffects,
    );
    expect(submitted).toMatchObject({ ok: true });
    expect(await invite(project.id, "queue-1", "helper", owner!)).toMatchObject({ ok: true });
    const queued = (await listReviewQueue(database.db)).find((p) => p.id === project.id);
    expect(queued?.submittedAt.getTime()).toBe(submittedAt.getTime());
  });
});
