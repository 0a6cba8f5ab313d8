import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { postIdea } from "../ideas/ideas.server";
import { appointNeighbourhoodModerator, editNeighbourhoodStory, mayEditNeighbourhood, removeNeighbourhoodModerator } from "../neighbourhoods/pages.server";
import { getNeighbourhoodProfile } from "../neighbourhoods/reads.server";
import { createTestDatabase } from "../test/db";
import { createCircle } from "../lending/circles.server";
import { makeCircleItem, makeItem } from "../test/lending-fixtures";
import { createLiveProject, createUsers } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { getNeighbourhoodAtomFeed } from "./neighbourhood-feed-atom.server";
import { getImpact, getNeighbourhoodFeed, getNeighbourhoodPage, getPlatformImpact, PLATFORM_IMPACT_TTL_MS } from "./neighbourhood-page.server";
import { countingDatabase } from "../test/query-count";
import sharp from "sharp";
import { createMemoryStorage } from "../storage/storage.server";
import { translate } from "../i18n/i18n";
import { listSitemapPages } from "./sitemap.server";

/**
 * The neighbourhood page (issue 15, docs/decisions/073): the feed has every kind and never what a
 * public list hides; the figures are what was seeded (computed here again, from the fixture's own
 * lists); only its moderators, the platform's moderators and admins edit the story.
 */
let database: DatabaseHandle;
const now = new Date("2027-03-15T12:00:00Z");
const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

const f = {} as {
  admin: string;
  moderator: string;
  initiator: string;
  neighbours: string[];
  suspended: string;
  live: { id: string; slug: string };
  hiddenProject: { id: string; slug: string };
  suspendedProject: { id: string; slug: string };
  draft: { id: string; slug: string };
  visible: Record<string, string>;
  hidden: Record<string, string>;
};

// What the fixture seeds for the figures, from which the expectations are computed again below.
const pledges = [
  { cents: 2_500, status: "charged", chargedAt: "2027-01-10T10:00:00Z" },
  { cents: 1_000, status: "charged", chargedAt: "2027-03-05T10:00:00Z" },
  { cents: 4_000, status: "charged", chargedAt: "2026-06-30T10:00:00Z" },
  // Refunded: no longer raised. Outside the twelve months: not shown.
  { cents: 5_000, status: "refunded", chargedAt: "2027-02-10T10:00:00Z" },
  { cents: 7_000, status: "charged", chargedAt: "2025-12-01T10:00:00Z" },
] as const;
const fundedAt = ["2027-02-20T18:00:00Z", "2024-05-01T10:00:00Z"];
const shifts = [
  { startsAt: "2027-02-10T10:00:00Z", hours: 3, status: "open", signups: ["signed_up", "attended", "cancelled", "no_show"] },
  { startsAt: "2026-11-03T09:00:00Z", hours: 1.5, status: "open", signups: ["signed_up"] },
  // Cancelled shifts and shifts still to come count nothing.
  { startsAt: "2027-01-10T10:00:00Z", hours: 2, status: "cancelled", signups: ["signed_up"] },
  { startsAt: "2027-03-20T10:00:00Z", hours: 2, status: "open", signups: ["signed_up"] },
] as const;
const loans = [
  { returnedAt: "2027-01-20T10:00:00Z", value: 15_000, state: "closed" },
  { returnedAt: "2027-03-02T10:00:00Z", value: null, state: "returned" },
  { returnedAt: "2026-09-15T10:00:00Z", value: 3_000, state: "closed" },
  { returnedAt: null, value: 80_000, state: "accepted" },
] as const;

const month = (iso: string) => iso.slice(0, 7);
function expectedByMonth<T>(rows: readonly T[], keep: (r: T) => boolean, monthOf: (r: T) => string, value: (r: T) => number) {
  const out = new Map<string, number>();
  for (const r of rows) if (keep(r)) out.set(monthOf(r), (out.get(monthOf(r)) ?? 0) + value(r));
  return out;
}
const inWindow = (iso: string) => iso >= "2026-04" && iso < "2027-04" && new Date(iso) <= now;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  f.admin = (await createUsers(db, "nb-admin", 1, "admin"))[0]!;
  f.moderator = (await createUsers(db, "nb-mod", 1, "moderator"))[0]!;
  const people = await createUsers(db, "nb", 7);
  f.initiator = people[0]!;
  f.suspended = people[1]!;
  f.neighbours = people.slice(2);
  const launchAt = new Date(now.getTime() - 10 * DAY);
  f.live = await createLiveProject(db, { initiatorId: f.initiator, moderatorId: f.moderator, now: launchAt, title: "Zichtbaar project", durationDays: 30 });
  f.hiddenProject = await createLiveProject(db, { initiatorId: f.initiator, moderatorId: f.moderator, now: launchAt, title: "Verborgen project" });
  f.suspendedProject = await createLiveProject(db, { initiatorId: f.suspended, moderatorId: f.moderator, now: launchAt, title: "Project van geschorste" });
  f.draft = await createLiveProject(db, { initiatorId: f.initiator, moderatorId: f.moderator, now: launchAt, title: "Nog niet gelanceerd", launch: false });
  await db.updateTable("projects").set({ hidden_at: now, hidden_reason: "test" }).where("id", "=", f.hiddenProject.id).execute();

  const update = (projectId: string, title: string, over: { hidden?: boolean; deleted?: boolean } = {}) =>
    db
      .insertInto("project_updates")
      .values({
        project_id: projectId,
        author_id: f.initiator,
        title,
        body: "Nieuws uit de **buurt**.",
        created_at: new Date(now.getTime() - 2 * DAY),
        hidden_at: over.hidden ? now : null,
        hidden_reason: over.hidden ? "test" : null,
        deleted_at: over.deleted ? now : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const need = (projectId: string, title: string, startsAt: Date, hours: number, status: "open" | "cancelled" = "open") =>
    db
      .insertInto("project_needs")
      .values({
        project_id: projectId,
        kind: "shift",
        title,
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + hours * 3_600_000),
        needed: 10,
        status,
        created_by: f.initiator,
        created_at: new Date(now.getTime() - 3 * DAY),
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const wanted = (title: string, over: { hidden?: boolean } = {}) =>
    db
      .insertInto("wanted_posts")
      .values({
        author_id: f.neighbours[0]!,
        title,
        description: "Voor een weekend.",
        neighbourhood_id: "testwijk",
        needed_from: "2027-03-20",
        needed_until: "2027-03-22",
        expires_at: new Date(now.getTime() + 10 * DAY),
        hidden_at: over.hidden ? now : null,
        hidden_reason: over.hidden ? "test" : null,
        created_at: new Date(now.getTime() - DAY),
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const idea = async (title: string) => {
    const r = await postIdea(
      { db },
      {
        authorId: f.neighbours[1]!,
        idea: {
          neighbourhoodId: "testwijk",
          kind: "idea",
          title,
          body: "Een idee voor de buurt.",
          category: "green",
          street: "",
          postcode4: null,
          point: null,
        },
        now: new Date(now.getTime() - 4 * DAY),
      },
    );
    if (!r.ok) throw new Error(r.error);
    return r.ideaId;
  };

  const visibleUpdate = await update(f.live.id, "Zichtbaar nieuws");
  const hiddenUpdate = await update(f.live.id, "Verborgen nieuws", { hidden: true });
  const deletedUpdate = await update(f.live.id, "Ingetrokken nieuws", { deleted: true });
  const hiddenProjectUpdate = await update(f.hiddenProject.id, "Nieuws van verborgen project");
  const upcoming = await need(f.live.id, "Zichtbare dienst", new Date(now.getTime() + 3 * DAY), 2);
  const hiddenShift = await need(f.hiddenProject.id, "Dienst van verborgen project", new Date(now.getTime() + 3 * DAY), 2);
  const owner = f.neighbours[2]!;
  const suspendedOwner = f.suspended;
  const item = await makeItem(db, owner, { title: "Zichtbare ladder", neighbourhood: "testwijk" }, new Date(now.getTime() - DAY));
  const hiddenItem = await makeItem(db, owner, { title: "Verborgen boor", neighbourhood: "testwijk" }, now);
  await db.updateTable("items").set({ hidden_at: now, hidden_reason: "test" }).where("id", "=", hiddenItem).execute();
  const pausedItem = await makeItem(db, owner, { title: "Gepauzeerde zaag", status: "paused", neighbourhood: "testwijk" }, now);
  const circle = await createCircle(db, { ownerId: owner, name: "Vrienden", now });
  if (!circle.ok) throw new Error(circle.error);
  const circleItem = await makeCircleItem(db, owner, [circle.circleId], { title: "Kringding", neighbourhood: "testwijk" }, now);
  const suspendedItem = await makeItem(db, suspendedOwner, { title: "Ding van geschorste", neighbourhood: "testwijk" }, now);
  const openWanted = await wanted("Gezocht: tent");
  const hiddenWanted = await wanted("Verborgen verzoek", { hidden: true });
  const visibleIdea = await idea("Zichtbaar idee voor bankjes");
  const hiddenIdea = await idea("Verborgen idee over iets");
  await db.updateTable("ideas").set({ hidden_at: now, hidden_reason: "test" }).where("id", "=", hiddenIdea).execute();
  await db.updateTable("users").set({ suspended_at: now }).where("id", "=", f.suspended).execute();

  f.visible = {
    project: `project:${f.live.id}`,
    deadline: `deadline:${f.live.id}`,
    update: `update:${visibleUpdate.id}`,
    shift: `shift:${upcoming.id}`,
    item: `item:${item}`,
    wanted: `wanted:${openWanted.id}`,
    idea: `idea:${visibleIdea}`,
  };
  f.hidden = {
    hiddenProject: `project:${f.hiddenProject.id}`,
    hiddenDeadline: `deadline:${f.hiddenProject.id}`,
    suspendedProject: `project:${f.suspendedProject.id}`,
    draft: `project:${f.draft.id}`,
    hiddenUpdate: `update:${hiddenUpdate.id}`,
    deletedUpdate: `update:${deletedUpdate.id}`,
    hiddenProjectUpdate: `update:${hiddenProjectUpdate.id}`,
    hiddenShift: `shift:${hiddenShift.id}`,
    hiddenItem: `item:${hiddenItem}`,
    pausedItem: `item:${pausedItem}`,
    circleItem: `item:${circleItem}`,
    suspendedItem: `item:${suspendedItem}`,
    hiddenWanted: `wanted:${hiddenWanted.id}`,
    hiddenIdea: `idea:${hiddenIdea}`,
  };

  // The figures' rows, from the lists above.
  for (const [i, p] of pledges.entries()) {
    await db
      .insertInto("pledges")
      .values({
        project_id: f.live.id,
        backer_id: f.neighbours[i]!,
        amount_cents: p.cents,
        status: p.status,
        charged_at: at(p.chargedAt),
        created_at: at(p.chargedAt),
        updated_at: at(p.chargedAt),
      })
      .execute();
  }
  for (const when of fundedAt) {
    await db
      .insertInto("project_events")
      .values({ project_id: f.draft.id, actor_id: null, event: "decide", from_status: "live", to_status: "succeeded", note: null, created_at: at(when) })
      .execute();
  }
  for (const s of shifts) {
    const n = await need(f.live.id, `Dienst ${s.startsAt}`, at(s.startsAt), s.hours, s.status);
    let i = 0;
    for (const status of s.signups) {
      await db
        .insertInto("need_signups")
        .values({ need_id: n.id, user_id: f.neighbours[i++]!, status, reminded_at: null, created_at: now, updated_at: now })
        .execute();
    }
  }
  let day = 1;
  for (const l of loans) {
    const lent = await makeItem(
      db,
      owner,
      { title: `Uitgeleend ${day}`, replacementValueCents: l.value, neighbourhood: "testwijk" },
      at("2026-01-01T10:00:00Z"),
    );
    const returned = l.returnedAt ? at(l.returnedAt) : null;
    const start = returned ? new Date(returned.getTime() - 3 * DAY) : new Date(now.getTime() + DAY);
    const ymd = (d: Date) => d.toISOString().slice(0, 10);
    await db
      .insertInto("loans")
      .values({
        item_id: lent,
        owner_id: owner,
        borrower_user_id: f.neighbours[4]!,
        initiated_by: "borrower",
        state: l.state,
        starts_on: ymd(start),
        ends_on: ymd(new Date(start.getTime() + 2 * DAY)),
        max_loan_days: 7,
        expires_at: new Date(start.getTime() + DAY),
        picked_up_at: returned ? start : null,
        returned_at: returned,
        closed_at: l.state === "closed" ? returned : null,
        created_at: start,
        updated_at: start,
      } as never)
      .execute();
    day++;
  }
});
afterAll(async () => database?.close());

describe("the neighbourhood feed", () => {
  it("has something to do, to get and to see, newest first", async () => {
    const feed = await getNeighbourhoodFeed(database.db, extensions.neighbourhoodFeed, {
      neighbourhoodId: "testwijk",
      query: { kind: null, page: 1 },
      now,
      size: 100,
    });
    const ids = feed.entries.map((e) => e.id);
    for (const id of Object.values(f.visible)) expect(ids).toContain(id);
    expect(new Set(feed.entries.map((e) => e.kind))).toEqual(new Set(["do", "get", "see"]));
    const times = feed.entries.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("never shows hidden, withdrawn, private or suspended members' things", async () => {
    const feed = await getNeighbourhoodFeed(database.db, extensions.neighbourhoodFeed, {
      neighbourhoodId: "testwijk",
      query: { kind: null, page: 1 },
      now,
      size: 100,
    });
    const ids = feed.entries.map((e) => e.id);
    for (const [what, id] of Object.entries(f.hidden)) expect(ids, what).not.toContain(id);
  });

  it.each([
    ["do", ["shift", "deadline"]],
    ["get", ["item", "wanted"]],
    ["see", ["project", "update", "idea"]],
  ] as const)("filtered to %s: only that kind", async (kind, expected) => {
    const feed = await getNeighbourhoodFeed(database.db, extensions.neighbourhoodFeed, {
      neighbourhoodId: "testwijk",
      query: { kind, page: 1 },
      now,
      size: 100,
    });
    expect(feed.entries.every((e) => e.kind === kind)).toBe(true);
    for (const key of expected) expect(feed.entries.map((e) => e.id)).toContain(f.visible[key]);
  });

  it("pages: the second page goes on where the first ended", async () => {
    const whole = await getNeighbourhoodFeed(database.db, extensions.neighbourhoodFeed, {
      neighbourhoodId: "testwijk",
      query: { kind: null, page: 1 },
      now,
      size: 100,
    });
    const first = await getNeighbourhoodFeed(database.db, extensions.neighbourhoodFeed, {
      neighbourhoodId: "testwijk",
      query: { kind: null, page: 1 },
      now,
      size: 3,
    });
    const second = await getNeighbourhoodFeed(database.db, extensions.neighbourhoodFeed, {
      neighbourhoodId: "testwijk",
      query: { kind: null, page: 2 },
      now,
      size: 3,
    });
    expect(first.hasMore).toBe(true);
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(whole.entries.slice(0, 6).map((e) => e.id));
  });

  it("the Atom feed has the same entries, and none of the hidden ones", async () => {
    const feed = await getNeighbourhoodAtomFeed(database.db, extensions.neighbourhoodFeed, "testwijk", {
      appUrl: "https://buurt.test",
      locale: "nl",
      t: (key, vars) => translate("nl", key, vars),
      now,
    });
    const ids = feed!.entries.map((e) => e.id);
    for (const id of Object.values(f.visible)) expect(ids).toContain(`urn:buurtkracht:buurt:${id}`);
    for (const id of Object.values(f.hidden)) expect(ids).not.toContain(`urn:buurtkracht:buurt:${id}`);
    expect(
      await getNeighbourhoodAtomFeed(database.db, extensions.neighbourhoodFeed, "bestaat-niet", {
        appUrl: "https://buurt.test",
        locale: "nl",
        t: (k) => k,
        now,
      }),
    ).toBeNull();
  });
});

describe("what we did together", () => {
  it("equals what was seeded, month by month", async () => {
    const impact = await getImpact(database.db, extensions.impactFigures, { neighbourhoodId: "testwijk", now });
    expect(impact.months).toHaveLength(12);
    expect(impact.months[0]).toBe("2026-04");
    expect(impact.months[11]).toBe("2027-03");
    const expected: Record<string, Map<string, number>> = {
      "money-raised": expectedByMonth(
        pledges,
        (p) => p.status === "charged" && inWindow(p.chargedAt),
        (p) => month(p.chargedAt),
        (p) => p.cents,
      ),
      "projects-funded": expectedByMonth(fundedAt, inWindow, month, () => 1),
      "volunteer-hours": expectedByMonth(
        shifts,
        (s) => s.status === "open" && inWindow(s.startsAt) && new Date(at(s.startsAt).getTime() + s.hours * 3_600_000) <= now,
        (s) => month(s.startsAt),
        (s) => s.hours * s.signups.filter((x) => x === "signed_up" || x === "attended").length,
      ),
      "items-lent": expectedByMonth(
        loans,
        (l) => l.returnedAt !== null && inWindow(l.returnedAt),
        (l) => month(l.returnedAt!),
        () => 1,
      ),
      "saved-estimate": expectedByMonth(
        loans,
        (l) => l.returnedAt !== null && inWindow(l.returnedAt),
        (l) => month(l.returnedAt!),
        (l) => l.value ?? 0,
      ),
    };
    expect(impact.figures.map((x) => x.key)).toEqual(Object.keys(expected));
    for (const figure of impact.figures) {
      const want = expected[figure.key]!;
      expect(
        figure.byMonth.filter((b) => b.value !== 0),
        figure.key,
      ).toEqual(impact.months.filter((m) => (want.get(m) ?? 0) !== 0).map((m) => ({ month: m, value: want.get(m)! })));
      expect(figure.total, figure.key).toBe([...want.values()].reduce((a, b) => a + b, 0));
    }
    expect(impact.figures.find((x) => x.key === "saved-estimate")!.estimate).toBe(true);
  });

  it("another neighbourhood did none of it; the platform did all of it", async () => {
    await database.db.insertInto("neighbourhoods").values({ id: "leegwijk", name: "Leegwijk", city: "Teststad", municipality: "Teststad" }).execute();
    const empty = await getImpact(database.db, extensions.impactFigures, { neighbourhoodId: "leegwijk", now });
    expect(empty.figures.every((x) => x.total === 0)).toBe(true);
    const platform = await getImpact(database.db, extensions.impactFigures, { neighbourhoodId: null, now });
    const local = await getImpact(database.db, extensions.impactFigures, { neighbourhoodId: "testwijk", now });
    expect(platform.figures.map((x) => x.total)).toEqual(local.figures.map((x) => x.total));
  });

  it("the home page's platform figures are counted once per five minutes, then afresh (issue 17)", async () => {
    const counting = countingDatabase(database);
    const first = await getPlatformImpact(counting.database.db, extensions.impactFigures, now);
    const asked = counting.counter.count;
    expect(asked).toBeGreaterThan(0);
    const soon = await getPlatformImpact(counting.database.db, extensions.impactFigures, new Date(now.getTime() + PLATFORM_IMPACT_TTL_MS - 1_000));
    expect(soon).toBe(first);
    expect(counting.counter.count).toBe(asked);
    const later = await getPlatformImpact(counting.database.db, extensions.impactFigures, new Date(now.getTime() + PLATFORM_IMPACT_TTL_MS));
    expect(counting.counter.count).toBeGreaterThan(asked);
    expect(later.figures.map((x) => x.total)).toEqual(first.figures.map((x) => x.total));
  });
});

describe("who edits the page", () => {
  it("an admin appoints several moderators; they are named; each edit is an event with who and when", async () => {
    const db = database.db;
    const [first, second] = f.neighbours;
    const handleOf = async (id: string) => (await db.selectFrom("users").select("handle").where("id", "=", id).executeTakeFirstOrThrow()).handle;
    const admin = { id: f.admin, role: "admin" };
    expect(
      await appointNeighbourhoodModerator(db, {
        neighbourhoodId: "testwijk",
        handle: await handleOf(first!),
        actor: { id: f.moderator, role: "moderator" },
        now,
      }),
    ).toEqual({
      ok: false,
      field: "_form",
      error: "buurt.error.notAllowed",
    });
    expect((await appointNeighbourhoodModerator(db, { neighbourhoodId: "testwijk", handle: await handleOf(first!), actor: admin, now })).ok).toBe(true);
    expect(
      (
        await appointNeighbourhoodModerator(db, {
          neighbourhoodId: "testwijk",
          handle: `@${(await handleOf(second!)).toUpperCase()}`.replace(/^@/, ""),
          actor: admin,
          now,
        })
      ).ok,
    ).toBe(true);
    expect(await appointNeighbourhoodModerator(db, { neighbourhoodId: "testwijk", handle: await handleOf(first!), actor: admin, now })).toMatchObject({
      ok: false,
      error: "buurt.error.alreadyModerator",
    });
    expect(await appointNeighbourhoodModerator(db, { neighbourhoodId: "testwijk", handle: "niemand-hier", actor: admin, now })).toMatchObject({
      ok: false,
      field: "handle",
    });
    const profile = await getNeighbourhoodProfile(db, "testwijk");
    expect(profile!.moderators.map((m) => m.id)).toEqual([first, second]);

    const edit = (actor: { id: string; role: string }, storyNl: string) =>
      editNeighbourhoodStory({ db }, { neighbourhoodId: "testwijk", actor, storyNl, storyEn: "Our **story**.", now: new Date(now.getTime() + DAY) });
    expect(await edit({ id: first!, role: "member" }, "Ons **verhaal** <script>alert(1)</script>")).toEqual({ ok: true });
    expect(await edit({ id: f.moderator, role: "moderator" }, "De moderator schrijft mee.")).toEqual({ ok: true });
    expect(await edit({ id: f.admin, role: "admin" }, "De beheerder ook.")).toEqual({ ok: true });
    const before = await db
      .selectFrom("neighbourhood_events")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(await edit({ id: f.neighbours[4]!, role: "member" }, "Een buur die geen moderator is.")).toEqual({
      ok: false,
      field: "_form",
      error: "buurt.error.notAllowed",
    });
    expect(await edit({ id: f.suspended, role: "moderator" }, "Geschorst.")).toMatchObject({ ok: false, error: "buurt.error.notAllowed" });
    const after = await db
      .selectFrom("neighbourhood_events")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // Removed: no longer edits.
    expect((await removeNeighbourhoodModerator(db, { neighbourhoodId: "testwijk", userId: second!, actor: admin, now })).ok).toBe(true);
    expect(await mayEditNeighbourhood(db, "testwijk", { id: second!, role: "member" })).toBe(false);
    expect(await mayEditNeighbourhood(db, "testwijk", { id: first!, role: "member" })).toBe(true);

    const events = await db.selectFrom("neighbourhood_events").selectAll().where("neighbourhood_id", "=", "testwijk").orderBy("id").execute();
    expect(events.map((e) => [e.event, e.actor_id])).toEqual([
      ["moderator_appointed", f.admin],
      ["moderator_appointed", f.admin],
      ["story_edited", first],
      ["story_edited", f.moderator],
      ["story_edited", f.admin],
      ["moderator_removed", f.admin],
    ]);
    expect(events[2]!.story_nl).toContain("<script>");
    await expect(sql`update neighbourhood_events set actor_id = null`.execute(db)).rejects.toThrow(/append-only/);

    const page = await getNeighbourhoodPage(db, extensions, { neighbourhoodId: "testwijk", query: { kind: null, page: 1 }, now });
    expect(page!.profile.storyHtml.nl).toContain("De beheerder ook.");
    const firstEdit = await getNeighbourhoodProfile(db, "testwijk");
    expect(firstEdit!.storyUpdatedAt).toEqual(new Date(now.getTime() + DAY));
  });

  it("the story's HTML is sanitized", async () => {
    const db = database.db;
    await editNeighbourhoodStory(
      { db },
      {
        neighbourhoodId: "testwijk",
        actor: { id: f.admin, role: "admin" },
        storyNl: "Ons **verhaal** <script>alert(1)</script><img src=x onerror=alert(1)>",
        storyEn: "",
        now,
      },
    );
    const profile = await getNeighbourhoodProfile(db, "testwijk");
    expect(profile!.storyHtml.nl).toContain("<strong>verhaal</strong>");
    expect(profile!.storyHtml.nl).not.toMatch(/<script|<img/);
  });
});

describe("the cover", () => {
  it("is stored like a project's cover, shown through its variants, and removable; each change an event", async () => {
    const db = database.db;
    const storage = createMemoryStorage();
    const picture = await sharp({ create: { width: 1200, height: 600, channels: 3, background: { r: 20, g: 90, b: 140 } } })
      .png()
      .toBuffer();
    const admin = { id: f.admin, role: "admin" };
    const edit = (over: { cover?: Buffer; removeCover?: boolean }) =>
      editNeighbourhoodStory({ db, storage }, { neighbourhoodId: "testwijk", actor: admin, storyNl: "Met foto.", storyEn: "", now, ...over });
    expect(await edit({ cover: Buffer.from("geen plaatje") })).toEqual({ ok: false, field: "cover", error: "image.error.corrupt" });
    expect(await edit({ cover: picture })).toEqual({ ok: true });
    const withCover = await getNeighbourhoodProfile(db, "testwijk");
    expect(withCover!.cover!.large.length).toBeGreaterThan(0);
    const upload = await db.selectFrom("uploads").select(["purpose", "owner_id"]).where("id", "=", withCover!.cover!.id).executeTakeFirstOrThrow();
    expect(upload).toEqual({ purpose: "neighbourhood_cover", owner_id: f.admin });
    // Saving the text again keeps the cover; removing it clears it.
    expect(await edit({})).toEqual({ ok: true });
    expect((await getNeighbourhoodProfile(db, "testwijk"))!.cover!.id).toBe(withCover!.cover!.id);
    expect(await edit({ removeCover: true })).toEqual({ ok: true });
    expect((await getNeighbourhoodProfile(db, "testwijk"))!.cover).toBeNull();
    const events = await db
      .selectFrom("neighbourhood_events")
      .select("cover_changed")
      .where("event", "=", "story_edited")
      .orderBy("id", "desc")
      .limit(3)
      .execute();
    expect(events.map((e) => e.cover_changed)).toEqual([true, false, true]);
  });
});

describe("the sitemap", () => {
  it("names every neighbourhood's page", async () => {
    const paths = (await listSitemapPages(database.db)).map((p) => p.path);
    expect(paths).toContain("/buurt/testwijk");
  });
});
