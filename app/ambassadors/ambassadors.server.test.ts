import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { cancelPledge, pledgeToProject } from "../pledges/pledges.server";
import { loader as projectLoader } from "../routes/projects.$slug._index/route";
import { createTestDatabase } from "../test/db";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import "../wiring.server";
import { ensureShareCode, listProjectAmbassadors, recordTouch } from "./ambassadors.server";
import { claimTouchesOfBrowser } from "./visitor.server";
import { ambassadorsPersonalData } from "./personal-data.server";
import { setShowPublicly } from "./ambassadors.server";

/**
 * Issue 16's ambassadors end to end on the database: a visit through a share link → sign-up →
 * the pledge credited to the ambassador in its own transaction (never oneself, 30 days), and the
 * milestone prompts, once each.
 */
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const start = new Date("2026-12-01T10:00:00Z");
const DAY = 86_400_000;
let token = 0;

async function world(goalCents = 100_000) {
  const made = createTestServices(database, { start });
  const { services } = made;
  const [initiator, moderator, eva, neighbour, kees, sam] = await createUsers(services.db, `am${Math.random().toString(36).slice(2, 7)}`, 6);
  const project = await createLiveProject(services.db, { initiatorId: initiator!, moderatorId: moderator!, now: start, goalCents, durationDays: 60 });
  const pledge = (backerId: string, amountCents = 2_500) =>
    pledgeToProject(services.db, {
      projectId: project.id,
      backerId,
      amountCents,
      tierId: null,
      message: "",
      visibility: "public",
      token: `am-token-${++token}-abcdef`,
      paymentMethodRef: "pm_saved",
      now: made.clock.now(),
    });
  /** The project page opened through a link, as a browser would (with its cookies, if any). */
  const open = async (query: string, cookie?: string) => {
    const request = new Request(`http://localhost/projects/${project.slug}${query}`, { headers: cookie ? { Cookie: cookie } : {} });
    try {
      await projectLoader({ request, context: testContext(services), params: { slug: project.slug } });
      return null;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  };
  const credited = (pledgeId: string) =>
    services.db.selectFrom("pledge_ambassadors").select(["ambassador_user_id", "code"]).where("pledge_id", "=", pledgeId).executeTakeFirst();
  return { ...made, services, project, initiator: initiator!, eva: eva!, neighbour: neighbour!, kees: kees!, sam: sam!, pledge, open, credited };
}

const cookieHeader = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

describe("a visit through a share link", () => {
  it("records one first-party touch a day, sets HttpOnly SameSite=Lax cookies, drops the code from the address, and follows the visitor through sign-up to the pledge", async () => {
    const w = await world();
    const code = await ensureShareCode(w.services.db, { userId: w.eva, projectId: w.project.id, now: start });
    expect(await ensureShareCode(w.services.db, { userId: w.eva, projectId: w.project.id, now: start })).toBe(code);

    const first = await w.open(`?via=${code}`);
    expect(first?.status).toBe(302);
    expect(first?.headers.get("location")).toBe(`/projects/${w.project.slug}`);
    const cookies = first!.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    for (const c of cookies) expect(c).toMatch(/; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookies[1]).toContain(`bk_via=${code}`);
    const browser = cookieHeader(first!);

    // Again the same day, from the same browser: nothing new. The plain page renders (no redirect).
    await w.open(`?via=${code}`, browser);
    expect(await w.open("", browser)).toBeNull();
    const touches = await w.services.db.selectFrom("share_touches").selectAll().where("code", "=", code).execute();
    expect(touches).toHaveLength(1);
    expect(touches[0]!.user_id).toBeNull();
    // Never the IP: the row holds the random visitor id only.
    expect(Object.keys(touches[0]!).sort()).toEqual(["code", "created_at", "day", "id", "project_id", "user_id", "visitor_id"]);

    // A code that is not this project's, or not a code, is ignored.
    expect(await w.open("?via=aaaaaaaaaa")).toBeNull();
    expect(await w.open("?via=<script>")).toBeNull();

    // The neighbour signs up in this browser: the touch becomes theirs; then they pledge.
    expect(await claimTouchesOfBrowser(w.services.db, new Request("http://localhost/", { headers: { Cookie: browser } }), w.neighbour)).toBe(1);
    w.clock.advance(2 * DAY);
    const made = await w.pledge(w.neighbour, 2_500);
    expect(made.ok).toBe(true);
    expect(await w.credited(made.ok ? made.pledgeId : "")).toEqual({ ambassador_user_id: w.eva, code });
    expect(await listProjectAmbassadors(w.services.db, w.project.id)).toMatchObject([
      { ambassadorId: w.eva, backers: 1, amountCents: 2_500, showPublicly: false },
    ]);

    // A withdrawn pledge no longer counts for the ambassador.
    await cancelPledge(w.services.db, { pledgeId: made.ok ? made.pledgeId : "", backerId: w.neighbour, now: w.clock.now() });
    expect(await listProjectAmbassadors(w.services.db, w.project.id)).toEqual([]);
  });

  it("never credits oneself: one's own link records nothing, and the database refuses it too", async () => {
    const w = await world();
    const code = await ensureShareCode(w.services.db, { userId: w.eva, projectId: w.project.id, now: start });
    expect(await recordTouch(w.services.db, { code, projectId: w.project.id, visitorId: "v".repeat(24), userId: w.eva, now: start })).toEqual({
      known: true,
      recorded: false,
    });
    const made = await w.pledge(w.eva);
    expect(made.ok).toBe(true);
    const pledgeId = made.ok ? made.pledgeId : "";
    expect(await w.credited(pledgeId)).toBeUndefined();
    await expect(
      w.services.db.insertInto("pledge_ambassadors").values({ pledge_id: pledgeId, ambassador_user_id: w.eva, code, attributed_at: start }).execute(),
    ).rejects.toThrow(/never credited to its own backer/);
  });

  it("credits only within 30 days, the last link before the pledge", async () => {
    const w = await world();
    const evaCode = await ensureShareCode(w.services.db, { userId: w.eva, projectId: w.project.id, now: start });
    const keesCode = await ensureShareCode(w.services.db, { userId: w.kees, projectId: w.project.id, now: start });
    await recordTouch(w.services.db, { code: evaCode, projectId: w.project.id, visitorId: "a".repeat(24), userId: w.neighbour, now: w.clock.now() });
    w.clock.advance(31 * DAY);
    const late = await w.pledge(w.neighbour);
    expect(late.ok && (await w.credited(late.pledgeId))).toBeUndefined();

    await recordTouch(w.services.db, { code: evaCode, projectId: w.project.id, visitorId: "b".repeat(24), userId: w.sam, now: w.clock.now() });
    w.clock.advance(DAY);
    await recordTouch(w.services.db, { code: keesCode, projectId: w.project.id, visitorId: "b".repeat(24), userId: w.sam, now: w.clock.now() });
    w.clock.advance(DAY);
    const lastTouch = await w.pledge(w.sam);
    expect(lastTouch.ok).toBe(true);
    expect(lastTouch.ok && (await w.credited(lastTouch.pledgeId))).toEqual({ ambassador_user_id: w.kees, code: keesCode });
  });

  it("keeps touches append-only: only a missing user may be filled in", async () => {
    const w = await world();
    const code = await ensureShareCode(w.services.db, { userId: w.eva, projectId: w.project.id, now: start });
    await recordTouch(w.services.db, { code, projectId: w.project.id, visitorId: "c".repeat(24), userId: w.neighbour, now: start });
    await expect(sql`update share_touches set user_id = ${w.kees} where code = ${code}`.execute(w.services.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from share_touches where code = ${code}`.execute(w.services.db)).rejects.toThrow(/append-only/);
  });
});

describe("milestone prompts", () => {
  it("tell backers and the initiator once per milestone, the highest one a pledge crosses, never again after a withdrawal", async () => {
    const w = await world(10_000);
    const notices = async () =>
      (
        await w.services.db
          .selectFrom("notifications")
          .select(["user_id", "kind", "data"])
          .where("kind", "in", ["ambassador.milestone_backer", "ambassador.milestone_team"])
          .where("dedupe_key", "like", `milestone:${w.project.id}:%`)
          .execute()
      ).map((n) => ({ user: n.user_id, kind: n.kind, milestone: (typeof n.data === "string" ? JSON.parse(n.data) : n.data).milestone }));

    await w.pledge(w.neighbour, 2_000); // 20%: nothing
    expect(await notices()).toEqual([]);
    const eva = await w.pledge(w.eva, 3_000); // 50%: crosses 25 and 50, tells 50
    const byUser = (a: { user: string }, b: { user: string }) => a.user.localeCompare(b.user);
    expect((await notices()).sort(byUser)).toEqual(
      [
        { user: w.initiator, kind: "ambassador.milestone_team", milestone: 50 },
        { user: w.neighbour, kind: "ambassador.milestone_backer", milestone: 50 },
        { user: w.eva, kind: "ambassador.milestone_backer", milestone: 50 },
      ].sort(byUser),
    );
    const reached = await w.services.db
      .selectFrom("project_milestones")
      .select("milestone")
      .where("project_id", "=", w.project.id)
      .orderBy("milestone")
      .execute();
    expect(reached.map((r) => r.milestone)).toEqual([25, 50]);

    // Withdrawn and pledged again: 50% is not told twice.
    await cancelPledge(w.services.db, { pledgeId: eva.ok ? eva.pledgeId : "", backerId: w.eva, now: w.clock.now() });
    await w.pledge(w.eva, 3_000);
    expect(await notices()).toHaveLength(3);

    await w.pledge(w.kees, 5_000); // 100%
    const last = (await notices()).filter((n) => n.milestone !== 50);
    expect(last.map((n) => n.milestone)).toEqual([100, 100, 100, 100]);
    expect(new Set(last.map((n) => n.user))).toEqual(new Set([w.initiator, w.neighbour, w.eva, w.kees]));
  });
});

describe("an ambassador's personal data", () => {
  it("exports their codes, touches and the pledges they brought; an erasure deletes the touches and turns the opt-in off", async () => {
    const w = await world();
    const code = await ensureShareCode(w.services.db, { userId: w.eva, projectId: w.project.id, now: start });
    await setShowPublicly(w.services.db, { userId: w.eva, projectId: w.project.id, show: true, now: start });
    const keesCode = await ensureShareCode(w.services.db, { userId: w.kees, projectId: w.project.id, now: start });
    await recordTouch(w.services.db, { code: keesCode, projectId: w.project.id, visitorId: "e".repeat(24), userId: w.eva, now: start });
    await recordTouch(w.services.db, { code, projectId: w.project.id, visitorId: "n".repeat(24), userId: w.neighbour, now: start });
    await w.pledge(w.neighbour);
    const rows = await ambassadorsPersonalData.exportRows(w.services.db, { userId: w.eva, now: start });
    expect(rows.share_codes).toMatchObject([{ code, show_publicly: true }]);
    expect(rows.share_touches).toMatchObject([{ code: keesCode }]);
    expect(rows.pledges_brought).toMatchObject([{ code }]);
    expect(JSON.stringify(rows)).not.toContain(w.neighbour);

    await w.services.db.transaction().execute(async (trx) => {
      await sql`set local buurtkracht.erasure = 'on'`.execute(trx);
      await ambassadorsPersonalData.erase(trx, { userId: w.eva, now: start, formerName: "voormalig lid" });
    });
    const after = await ambassadorsPersonalData.exportRows(w.services.db, { userId: w.eva, now: start });
    expect(after.share_touches).toEqual([]);
    expect(after.share_codes).toMatchObject([{ code, show_publicly: false }]);
    expect(after.pledges_brought).toHaveLength(1);
  });
});

describe("milestones under concurrent pledges (on the Postgres server with DATABASE_URL)", () => {
  it("eight neighbours pledging at once tell each milestone once: the project row's lock orders them", async () => {
    const w = await world(10_000);
    const people = await createUsers(w.services.db, `amc${Math.random().toString(36).slice(2, 7)}`, 8);
    const results = await Promise.all(people.map((p) => w.pledge(p, 1_500))); // 8 × € 15 = 120%
    expect(results.every((r) => r.ok)).toBe(true);
    const reached = await w.services.db.selectFrom("project_milestones").select("milestone").where("project_id", "=", w.project.id).execute();
    expect(reached.map((r) => r.milestone).sort((a, b) => a - b)).toEqual([25, 50, 75, 100]);
    const team = await w.services.db
      .selectFrom("notifications")
      .select("dedupe_key")
      .where("user_id", "=", w.initiator)
      .where("kind", "=", "ambassador.milestone_team")
      .execute();
    // One pledge at a time crosses 25% (2nd), 50% (4th), 75% (5th), 100% (7th): four notices, none twice.
    expect(team.map((n) => n.dedupe_key).sort()).toEqual([25, 50, 75, 100].map((m) => `milestone:${w.project.id}:${m}`).sort());
  });
});

describe("the project page's thanks", () => {
  it("name only the ambassadors who opted in, with their backers and no amounts", async () => {
    const w = await world();
    const code = await ensureShareCode(w.services.db, { userId: w.eva, projectId: w.project.id, now: start });
    await recordTouch(w.services.db, { code, projectId: w.project.id, visitorId: "t".repeat(24), userId: w.neighbour, now: start });
    await w.pledge(w.neighbour);
    const thanks = async () => {
      const request = new Request(`http://localhost/projects/${w.project.slug}`);
      const page = (await projectLoader({ request, context: testContext(w.services), params: { slug: w.project.slug } })) as { ambassadors: unknown };
      return page.ambassadors;
    };
    expect(await thanks()).toEqual([]);
    await setShowPublicly(w.services.db, { userId: w.eva, projectId: w.project.id, show: true, now: start });
    const evaName = (await w.services.db.selectFrom("users").select("display_name").where("id", "=", w.eva).executeTakeFirstOrThrow()).display_name;
    expect(await thanks()).toEqual([{ displayName: evaName, backers: 1 }]);
  });
});
