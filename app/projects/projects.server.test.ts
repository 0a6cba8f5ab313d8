import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, truncateAll } from "../test/db";
import { createLiveProject, createUsers, grantNeighbourLevel } from "../test/projects";
import { createMemoryStorage } from "../storage/storage.server";
import type { DatabaseHandle } from "../utils/db.server";
import { pledgeToProject } from "../pledges/pledges.server";
import { extensions } from "../wiring.server";
import type { ProjectInput } from "./project-schema";

const effects = extensions.projectTransitionEffects;
import {
  applyProjectEvent,
  createProject,
  getProjectBySlug,
  lastReviewedContent,
  listProjectEvents,
  listProjects,
  listReviewQueue,
  reviewContent,
  updateProject,
} from "./projects.server";
import { reviewChanges } from "./review-diff";
import { deleteTier, saveTier } from "./tiers.server";

let database: DatabaseHandle;
let anna: string;
let eva: string;
let kees: string;
const now = new Date("2026-12-01T10:00:00Z");
const storage = createMemoryStorage();

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  [anna, eva] = (await createUsers(database.db, "member", 2)) as [string, string];
  [kees] = (await createUsers(database.db, "moderator", 1, "moderator")) as [string];
  // Submitting a project needs trust level 1 (docs/reputation.md); eva stays a new member.
  await grantNeighbourLevel(database.db, anna, now);
});

const input = (patch: Partial<ProjectInput> = {}): ProjectInput => ({
  title: "Moestuin Javaplein",
  summary: "Een moestuin voor de hele buurt",
  story: "# Ons plan\n<script>alert(1)</script>",
  neighbourhoodId: "testwijk",
  category: "green",
  goal: 150_000,
  fundingModel: "all_or_nothing",
  durationDays: 30,
  removeCover: false,
  lines: [
    { description: "Plantenbakken", amountCents: 100_000 },
    { description: "Zaden en aarde", amountCents: 50_000 },
  ],
  ...patch,
});

const member = (id: string) => ({ id, role: "member" as const });
const moderator = (id: string) => ({ id, role: "moderator" as const });

describe("creating and editing", () => {
  it("creates a draft with its plan and a 'created' event, with a unique slug", async () => {
    const first = await createProject({ db: database.db, storage }, { initiatorId: anna, project: input(), now });
    const second = await createProject({ db: database.db, storage }, { initiatorId: anna, project: input(), now });
    expect(first).toEqual({ ok: true, slug: "moestuin-javaplein" });
    expect(second).toEqual({ ok: true, slug: "moestuin-javaplein-2" });
    const project = await getProjectBySlug(database.db, "moestuin-javaplein");
    expect(project).toMatchObject({ status: "draft", goalCents: 150_000, durationDays: 30, fundingModel: "all_or_nothing", initiator: { id: anna } });
    expect(project?.budgetLines).toEqual([
      { description: "Plantenbakken", amountCents: 100_000 },
      { description: "Zaden en aarde", amountCents: 50_000 },
    ]);
    const events = await listProjectEvents(database.db, project!.id);
    expect(events.map((e) => [e.event, e.from, e.to])).toEqual([["created", null, "draft"]]);
  });

  it("refuses an unknown neighbourhood and writes nothing", async () => {
    expect(await createProject({ db: database.db, storage }, { initiatorId: anna, project: input({ neighbourhoodId: "nergens" }), now })).toEqual({
      ok: false,
      field: "neighbourhoodId",
      error: "projects.error.neighbourhoodRequired",
    });
    expect(await database.db.selectFrom("projects").select("id").execute()).toEqual([]);
  });

  it("only the initiator edits, and only while draft or changes requested", async () => {
    const { slug } = (await createProject({ db: database.db, storage }, { initiatorId: anna, project: input(), now })) as { slug: string };
    const id = (await getProjectBySlug(database.db, slug))!.id;
    expect(await updateProject({ db: database.db, storage }, { projectId: id, actorId: eva, project: input({ title: "Gekaapt" }), now })).toMatchObject({
      ok: false,
    });
    expect(
      await updateProject(
        { db: database.db, storage },
        { projectId: id, actorId: anna, project: input({ title: "Moestuin Javaplein en Molukkenstraat" }), now },
      ),
    ).toEqual({ ok: true, slug });
    expect((await getProjectBySlug(database.db, slug))?.title).toBe("Moestuin Javaplein en Molukkenstraat");
    await applyProjectEvent(database.db, { projectId: id, actor: member(anna), event: { type: "submit" }, now }, effects);
    expect(await updateProject({ db: database.db, storage }, { projectId: id, actorId: anna, project: input(), now })).toEqual({
      ok: false,
      field: "_form",
      error: "projects.error.notEditable",
    });
  });
});

describe("review and launch", () => {
  it("keeps what was sent for review only on submit events, and nothing to compare before a first review", async () => {
    const { slug } = (await createProject({ db: database.db, storage }, { initiatorId: anna, project: input(), now })) as { slug: string };
    const id = (await getProjectBySlug(database.db, slug))!.id;
    expect(await applyProjectEvent(database.db, { projectId: id, actor: member(anna), event: { type: "submit" }, now }, effects)).toMatchObject({ ok: true });
    const events = await database.db.selectFrom("project_events").select(["event", "content"]).where("project_id", "=", id).orderBy("id").execute();
    expect(events.filter((e) => e.content !== null).map((e) => e.event)).toEqual(["submit"]);
    expect(await lastReviewedContent(database.db, id)).toBeNull();
    await expect(
      database.db
        .insertInto("project_events")
        .values({ project_id: id, actor_id: anna, event: "edited", from_status: "submitted", to_status: "submitted", content: "{}", created_at: now })
        .execute(),
    ).rejects.toThrow(/project_events_content_on_submit/);
  });

  it("runs draft → submitted → changes_requested → submitted → approved → live, one event per step", async () => {
    const { slug } = (await createProject({ db: database.db, storage }, { initiatorId: anna, project: input(), now })) as { slug: string };
    const id = (await getProjectBySlug(database.db, slug))!.id;
    const step = (actor: { id: string; role: "member" | "moderator" }, event: Parameters<typeof applyProjectEvent>[1]["event"]) =>
      applyProjectEvent(database.db, { projectId: id, actor, event, now }, effects);

    expect(await step(member(anna), { type: "submit" })).toEqual({ ok: true, from: "draft", to: "submitted" });
    expect((await listReviewQueue(database.db)).map((p) => [p.slug, p.resubmission])).toEqual([[slug, false]]);
    // Only moderators review, and not their own project; initiators cannot approve themselves.
    expect(await step(member(anna), { type: "approve" })).toEqual({ ok: false, error: "NotAllowed" });
    expect(await step(moderator(kees), { type: "request_changes", message: "" })).toEqual({ ok: false, error: "MessageRequired" });
    expect(await step(moderator(kees), { type: "request_changes", message: "Splits de plantenbakken uit per stuk." })).toEqual({
      ok: true,
      from: "submitted",
      to: "changes_requested",
    });
    expect(await listReviewQueue(database.db)).toEqual([]);
    // Fix: the plan no longer adds up → cannot resubmit until it does.
    await updateProject({ db: database.db, storage }, { projectId: id, actorId: anna, project: input({ goal: 160_000 }), now });
    expect(await step(member(anna), { type: "submit" })).toEqual({ ok: false, error: "BudgetMismatch" });
    await updateProject(
      { db: database.db, storage },
      { projectId: id, actorId: anna, project: input({ goal: 160_000, lines: [...input().lines, { description: "Hekwerk", amountCents: 10_000 }] }), now },
    );
    expect(await step(member(anna), { type: "submit" })).toEqual({ ok: true, from: "changes_requested", to: "submitted" });
    expect((await listReviewQueue(database.db)).map((p) => p.resubmission)).toEqual([true]);
    // The moderator sees what changed since asking (issue 13 §15): the goal and the new plan line.
    const reviewed = await lastReviewedContent(database.db, id);
    expect(reviewed?.content.goalCents).toBe(input().goal);
    const row = await database.db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const changes = reviewChanges(reviewed!.content, await reviewContent(database.db, row), (c) => `€${c / 100}`);
    expect(changes.map((c) => c.field)).toEqual(["goalCents", "budget"]);
    expect(changes[0]).toMatchObject({ before: input().goal, after: 160_000 });
    expect(changes[1]).toMatchObject({ kind: "text", parts: expect.arrayContaining([{ value: "Hekwerk — €100\n", added: true, removed: false }]) });
    expect(await step(member(anna), { type: "launch", now })).toEqual({ ok: false, error: "IllegalTransition" });
    expect(await step(moderator(kees), { type: "approve" })).toEqual({ ok: true, from: "submitted", to: "approved" });
    expect(await step(moderator(kees), { type: "launch", now })).toEqual({ ok: false, error: "NotAllowed" });
    const launchAt = new Date("2026-12-05T09:30:00Z");
    expect(
      await applyProjectEvent(database.db, { projectId: id, actor: member(anna), event: { type: "launch", now: launchAt }, now: launchAt }, effects),
    ).toEqual({
      ok: true,
      from: "approved",
      to: "live",
    });
    const project = await getProjectBySlug(database.db, slug);
    expect(project?.launchedAt).toEqual(launchAt);
    expect(project?.endsAt).toEqual(new Date("2027-01-04T09:30:00Z"));

    const events = await listProjectEvents(database.db, id);
    expect(events.map((e) => [e.event, e.from, e.to])).toEqual([
      ["created", null, "draft"],
      ["submit", "draft", "submitted"],
      ["request_changes", "submitted", "changes_requested"],
      ["edited", "changes_requested", "changes_requested"],
      ["edited", "changes_requested", "changes_requested"],
      ["submit", "changes_requested", "submitted"],
      ["approve", "submitted", "approved"],
      ["launch", "approved", "live"],
    ]);
    expect(events.find((e) => e.event === "request_changes")).toMatchObject({
      note: "Splits de plantenbakken uit per stuk.",
      actor: { displayName: "moderator 0" },
    });

    // Everyone involved was told, through the notifications outbox.
    const told = await database.db.selectFrom("notifications").select(["user_id", "kind", "data"]).orderBy("created_at").execute();
    expect(told.map((n) => [n.user_id === kees ? "moderator" : n.user_id === anna ? "initiator" : "?", n.kind])).toEqual([
      ["moderator", "project.submitted"],
      ["initiator", "project.changes_requested"],
      ["moderator", "project.submitted"],
      ["initiator", "project.approved"],
      ["initiator", "project.launched"],
    ]);
    expect(told[1]?.data).toMatchObject({ projectSlug: slug, message: "Splits de plantenbakken uit per stuk." });
  });

  it("a new member (trust level 0) may not submit a project: refused with a reason, nothing written", async () => {
    const { slug } = (await createProject({ db: database.db, storage }, { initiatorId: eva, project: input(), now })) as { slug: string };
    const id = (await getProjectBySlug(database.db, slug))!.id;
    expect(await applyProjectEvent(database.db, { projectId: id, actor: member(eva), event: { type: "submit" }, now }, effects)).toEqual({
      ok: false,
      error: "TrustTooLowToLaunch",
    });
    expect((await getProjectBySlug(database.db, slug))?.status).toBe("draft");
    expect((await listProjectEvents(database.db, id)).map((e) => e.event)).toEqual(["created"]);
    await grantNeighbourLevel(database.db, eva, now);
    expect(await applyProjectEvent(database.db, { projectId: id, actor: member(eva), event: { type: "submit" }, now }, effects)).toMatchObject({ ok: true });
  });

  it("the database refuses a submitted project whose plan does not add up, even behind the app's back", async () => {
    const { slug } = (await createProject({ db: database.db, storage }, { initiatorId: anna, project: input(), now })) as { slug: string };
    const id = (await getProjectBySlug(database.db, slug))!.id;
    await applyProjectEvent(database.db, { projectId: id, actor: member(anna), event: { type: "submit" }, now }, effects);
    await expect(database.db.updateTable("projects").set({ goal_cents: 1_000_000 }).where("id", "=", id).execute()).rejects.toMatchObject({
      code: "23514",
    });
    await expect(database.db.deleteFrom("project_budget_lines").where("project_id", "=", id).execute()).rejects.toMatchObject({ code: "23514" });
    await expect(sql`delete from project_events`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});

describe("delivered", () => {
  it("the initiator marks a succeeded project delivered once: an event row, the date, nobody else, not before success", async () => {
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now, fundingModel: "keep_what_you_raise", durationDays: 1 });
    const mark = (actorId: string, at: Date) =>
      applyProjectEvent(database.db, { projectId: p.id, actor: member(actorId), event: { type: "mark_delivered" }, now: at }, effects);
    expect(await mark(anna, now)).toEqual({ ok: false, error: "IllegalTransition" });
    const after = new Date(now.getTime() + 2 * 86_400_000);
    expect(
      await applyProjectEvent(
        database.db,
        { projectId: p.id, actor: { id: null, role: "system" }, event: { type: "deadline_passed", now: after }, now: after },
        effects,
      ),
    ).toMatchObject({ ok: true, to: "succeeded" });
    expect(await mark(eva, after)).toEqual({ ok: false, error: "NotAllowed" });
    expect(await mark(anna, after)).toEqual({ ok: true, from: "succeeded", to: "succeeded" });
    expect(await mark(anna, after)).toEqual({ ok: false, error: "AlreadyDelivered" });
    const row = await database.db.selectFrom("projects").select(["status", "delivered_at"]).where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "succeeded", delivered_at: after });
    expect((await listProjectEvents(database.db, p.id)).filter((e) => e.event === "mark_delivered").map((e) => [e.from, e.to])).toEqual([
      ["succeeded", "succeeded"],
    ]);
    // Nobody is told "the project succeeded" a second time.
    const succeeded = await database.db.selectFrom("notifications").select("id").where("kind", "=", "project.succeeded").execute();
    expect(succeeded.length).toBeLessThanOrEqual(1);
  });
});

describe("cancelling", () => {
  it("the initiator cancels a live all-or-nothing project: pledges are released, nothing charged", async () => {
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now });
    const pledged = await pledgeToProject(database.db, {
      projectId: p.id,
      backerId: eva,
      amountCents: 2_500,
      tierId: null,
      message: "",
      visibility: "public",
      token: "token-cancel-1",
      paymentMethodRef: "pm_test",
      now,
    });
    expect(pledged.ok).toBe(true);
    expect(await applyProjectEvent(database.db, { projectId: p.id, actor: member(eva), event: { type: "cancel", by: "initiator" }, now }, effects)).toEqual({
      ok: false,
      error: "NotAllowed",
    });
    expect(await applyProjectEvent(database.db, { projectId: p.id, actor: member(anna), event: { type: "cancel", by: "initiator" }, now }, effects)).toEqual({
      ok: true,
      from: "live",
      to: "cancelled",
    });
    const pledges = await database.db.selectFrom("pledges").select(["status"]).where("project_id", "=", p.id).execute();
    expect(pledges).toEqual([{ status: "released" }]);
    const evaTold = await database.db.selectFrom("notifications").select("kind").where("user_id", "=", eva).orderBy("created_at").execute();
    expect(evaTold.map((n) => n.kind)).toEqual(["pledge.saved", "pledge.released"]);
  });

  it("a moderator needs a reason, which is kept", async () => {
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now });
    expect(await applyProjectEvent(database.db, { projectId: p.id, actor: moderator(kees), event: { type: "cancel", by: "moderator" }, now }, effects)).toEqual(
      {
        ok: false,
        error: "ReasonRequired",
      },
    );
    await applyProjectEvent(
      database.db,
      { projectId: p.id, actor: moderator(kees), event: { type: "cancel", by: "moderator", reason: "Geen echte buurtinitiatief" }, now },
      effects,
    );
    expect((await getProjectBySlug(database.db, p.slug))?.cancelReason).toBe("Geen echte buurtinitiatief");
  });
});

describe("tiers", () => {
  it("are editable until launch, then fixed", async () => {
    const p = await createLiveProject(database.db, {
      initiatorId: anna,
      moderatorId: kees,
      now,
      launch: false,
      tiers: [{ title: "Tegel", minCents: 2_500, quantity: 10 }],
    });
    const tierId = p.tierIds[0]!;
    expect(
      await saveTier(database.db, {
        projectId: p.id,
        actorId: anna,
        now,
        tier: { tierId, title: "Tegel met naam", description: "", minAmount: 3_000, quantity: 12, pickupNote: "Zaterdag" },
      }),
    ).toEqual({ ok: true, tierId });
    expect(
      await saveTier(database.db, {
        projectId: p.id,
        actorId: eva,
        now,
        tier: { title: "Nep", description: "", minAmount: 100, quantity: null, pickupNote: "" },
      }),
    ).toEqual({
      ok: false,
      error: "projects.tier.notEditable",
    });
    await applyProjectEvent(database.db, { projectId: p.id, actor: member(anna), event: { type: "launch", now }, now }, effects);
    expect(await deleteTier(database.db, { projectId: p.id, actorId: anna, tierId })).toEqual({ ok: false, error: "projects.tier.notEditable" });
    expect((await getProjectBySlug(database.db, p.slug))?.tiers).toEqual([
      expect.objectContaining({ title: "Tegel met naam", minCents: 3_000, quantity: 12, claimed: 0, remaining: 12, pickupNote: "Zaterdag" }),
    ]);
  });
});

describe("listing", () => {
  it("lists only public projects, with filters, sorts and pages", async () => {
    const later = (days: number) => new Date(now.getTime() + days * 86_400_000);
    const a = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now, durationDays: 10, goalCents: 10_000, title: "Aaa" });
    const b = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now: later(1), durationDays: 5, goalCents: 10_000, title: "Bbb" });
    await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now, launch: false, title: "Ccc" });
    await pledgeToProject(database.db, {
      projectId: a.id,
      backerId: eva,
      amountCents: 9_000,
      tierId: null,
      message: "",
      visibility: "initiator",
      token: "list-token-1",
      paymentMethodRef: "pm",
      now,
    });
    await pledgeToProject(database.db, {
      projectId: b.id,
      backerId: eva,
      amountCents: 2_000,
      tierId: null,
      message: "",
      visibility: "initiator",
      token: "list-token-2",
      paymentMethodRef: "pm",
      now: later(1),
    });

    const q = (patch: object) => listProjects(database.db, { status: "live", sort: "ending_soon", page: 1, ...patch });
    expect((await q({})).projects.map((p) => p.title)).toEqual(["Bbb", "Aaa"]);
    expect((await q({ sort: "newest" })).projects.map((p) => p.title)).toEqual(["Bbb", "Aaa"]);
    expect((await q({ sort: "most_funded" })).projects.map((p) => p.title)).toEqual(["Aaa", "Bbb"]);
    expect((await q({ sort: "nearly_there" })).projects.map((p) => p.title)).toEqual(["Aaa", "Bbb"]);
    expect((await q({ category: "sport" })).total).toBe(0);
    expect((await q({ neighbourhood: "testwijk" })).total).toBe(2);
    expect((await q({ status: "funded" })).total).toBe(0);
    expect((await q({ page: 99 })).page).toBe(1);
  });
});

describe("calendar feed and weekly digest", () => {
  it("lists the deadline of backed live projects, and new and ending projects of the neighbourhood", async () => {
    const { projectDeadlineSource, newProjectsSection, endingSoonSection } = await import("./calendar.server");
    const p = await createLiveProject(database.db, { initiatorId: anna, moderatorId: kees, now, durationDays: 5, title: "Bankjes" });
    expect(await projectDeadlineSource(database.db, { userId: eva, now, locale: "nl" })).toEqual([]);
    await pledgeToProject(database.db, {
      projectId: p.id,
      backerId: eva,
      amountCents: 500,
      tierId: null,
      message: "",
      visibility: "initiator",
      token: "cal-token-1",
      paymentMethodRef: "pm",
      now,
    });
    const entries = await projectDeadlineSource(database.db, { userId: eva, now, locale: "nl" });
    expect(entries).toEqual([
      { uid: `project-${p.id}-deadline@buurtkracht`, start: new Date("2026-12-06T10:00:00Z"), summary: "Deadline: Bankjes", path: `/projects/${p.slug}` },
    ]);
    const ctx = { userId: eva, neighbourhoodId: "testwijk", postcode4: null, locale: "nl" as const, now, weekOf: "2026-11-30" };
    expect((await newProjectsSection.collect(database.db, ctx)).map((i) => i.title)).toEqual(["Bankjes"]);
    expect((await endingSoonSection.collect(database.db, ctx)).map((i) => [i.title, i.detail?.replace(/\u00a0/g, " ")])).toEqual([
      ["Bankjes", "€ 5 toegezegd van € 1.000 (0%)"],
    ]);
    expect(await newProjectsSection.collect(database.db, { ...ctx, now: new Date(now.getTime() + 8 * 86_400_000) })).toEqual([]);
  });
});

describe("cover images", () => {
  it("stores an uploaded cover as card and large images; a broken file is a field error and writes nothing", async () => {
    const sharp = (await import("sharp")).default;
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 20, g: 120, b: 60 } } })
      .jpeg()
      .toBuffer();
    const created = await createProject({ db: database.db, storage }, { initiatorId: anna, project: input(), cover: photo, now });
    if (!created.ok) throw new Error(created.error);
    const project = await getProjectBySlug(database.db, created.slug);
    expect(project?.cover?.cardUrl).toMatch(/^\/uploads\/project-cover\/[0-9a-f-]+-card\.webp$/);
    expect(await storage.get(project!.cover!.largeUrl.replace("/uploads/", ""))).not.toBeNull();

    const before = (await database.db.selectFrom("projects").select("id").execute()).length;
    expect(await createProject({ db: database.db, storage }, { initiatorId: anna, project: input(), cover: Buffer.from("not an image"), now })).toEqual({
      ok: false,
      field: "cover",
      error: "image.error.corrupt",
    });
    expect((await database.db.selectFrom("projects").select("id").execute()).length).toBe(before);
  });
});
