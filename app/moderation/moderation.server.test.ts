import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLogin } from "../auth/accounts.server";
import { hashPassword } from "../auth/password.server";
import { resolveSession, sessionLifetimes, startSession } from "../auth/sessions.server";
import { apiGetItem, apiListItems } from "../lending/api.server";
import { getItemDetail } from "../lending/items.server";
import { getLoan, requestLoan } from "../lending/loans.server";
import { listLoanMessages, postLoanMessage } from "../lending/messages.server";
import { searchItems } from "../lending/search.server";
import { getApiProject, listApiProjects } from "../projects/api.server";
import { canView, getProjectBySlug, listProjects } from "../projects/projects.server";
import { listComments, postComment, setCommentHidden } from "../projects/updates.server";
import { loader as myLoansLoader } from "../routes/me.loans";
import { action as reportAction } from "../routes/report";
import { makeItem, seedPlaces } from "../test/lending-fixtures";
import { createLiveProject, createUsers } from "../test/projects";
import { createTestDatabase } from "../test/db";
import { CARD } from "../payments/simulated/testing.server";
import { pledgeToProject } from "../pledges/pledges.server";
import { backersWithCards } from "../test/pledging";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { blockUser, unblockUser } from "./blocks.server";
import { fileReport, getReportCase, listAuditLog, listReportQueue, moderate } from "./reports.server";

let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
let gateway: ReturnType<typeof createTestServices>["gateway"];
const now = new Date("2026-12-02T10:00:00Z");
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
let reporter = "";
let author = "";
let other = "";
let moderator = "";
let admin = "";
let authorItem = "";
let otherItem = "";
let project = { id: "", slug: "" };
const query = { page: 1 } as Parameters<typeof apiListItems>[2];
const listQuery = { status: "all", sort: "newest", page: 1 } as const;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services, gateway } = createTestServices(database, { start: now }));
  await seedPlaces(database.db);
  const members = await createUsers(database.db, "buur", 3);
  [reporter, author, other] = [members[0]!, members[1]!, members[2]!];
  moderator = (await createUsers(database.db, "mod", 1, "moderator"))[0]!;
  admin = (await createUsers(database.db, "beheer", 1, "admin"))[0]!;
  await database.db
    .updateTable("users")
    .set({ password_hash: await hashPassword("correct horse battery"), email: "auteur@test.nl" })
    .where("id", "=", author!)
    .execute();
  authorItem = await makeItem(database.db, author!, { title: "Steekwagen van de auteur" }, now);
  otherItem = await makeItem(database.db, other!, { title: "Ladder van de ander" }, now);
  project = await createLiveProject(database.db, { initiatorId: author!, moderatorId: moderator!, now, title: "Bankjes voor het plein" });
});
afterAll(async () => database?.close());

const report = (kind: string, id: string, by = reporter, details = "Dit klopt niet.") =>
  fileReport(database.db, extensions.reportables, { reporterId: by, kind, id, reason: "scam", details, now });
const act = (
  reportId: string,
  action: Parameters<typeof moderate>[2]["action"],
  by: { id: string; role: "moderator" | "admin" } = { id: moderator, role: "moderator" },
) => moderate(database.db, extensions, { reportId, actor: by, action, reason: `Reden voor ${action}`, now: later(1) });
/** One backer with a saved card who pledged to the author's project (a backer may comment). */
async function pledgedToo() {
  const backers = await backersWithCards(services, gateway, [CARD.succeeds]);
  const r = await pledgeToProject(services.db, {
    projectId: project.id,
    backerId: backers[0]!.id,
    amountCents: 1_000,
    tierId: null,
    message: "",
    visibility: "public",
    token: `token-${backers[0]!.id}`,
    paymentMethodRef: backers[0]!.methodId,
    now,
  });
  expect(r.ok).toBe(true);
  return { backers };
}
const auditCount = async () =>
  Number(
    (
      await database.db
        .selectFrom("moderation_actions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("reports and the queue", () => {
  it("a report reaches the queue with the content in context; own content, duplicates and unknown kinds are refused", async () => {
    const filed = await report("item", authorItem);
    expect(filed.ok).toBe(true);
    const queue = await listReportQueue(database.db);
    expect(queue.map((q) => q.kind)).toEqual(["item"]);
    const id = filed.ok ? filed.reportId : "";
    const kase = await getReportCase(database.db, extensions.reportables, id, "moderator");
    expect(kase?.content).toMatchObject({ authorId: author, title: "Steekwagen van de auteur", path: `/items/${authorItem}` });
    expect(kase?.actions).toEqual(expect.arrayContaining(["hide", "warn", "suspend", "dismiss"]));
    expect(await report("item", authorItem)).toEqual({ ok: false, error: "AlreadyReported" });
    expect(await report("item", authorItem, author!)).toEqual({ ok: false, error: "OwnContent" });
    expect(await report("nonsense", authorItem)).toEqual({ ok: false, error: "SubjectUnknown" });
    expect(await report("item", "00000000-0000-4000-8000-000000000000")).toEqual({ ok: false, error: "SubjectUnknown" });
    // Dismissing settles only that report and is audited.
    expect(await act(id, "dismiss")).toEqual({ ok: true, status: "dismissed" });
    expect(await listReportQueue(database.db)).toEqual([]);
  });

  it("a loan message can be reported only by the loan's parties", async () => {
    const loan = await requestLoan(database.db, { itemId: otherItem, borrowerId: reporter, startsOn: "2026-12-10", endsOn: "2026-12-11", message: "", now });
    expect(loan.ok).toBe(true);
    const loanId = loan.ok ? loan.loanId : "";
    const msg = await postLoanMessage(database.db, { loanId, authorId: other!, body: "Stuur me eerst geld via deze link", now });
    const msgId = String(msg.ok ? msg.id : 0);
    expect(await report("loan_message", msgId, author!)).toEqual({ ok: false, error: "SubjectUnknown" });
    const filed = await report("loan_message", msgId, reporter);
    expect(filed.ok).toBe(true);
    expect(await act(filed.ok ? filed.reportId : "", "hide")).toMatchObject({ ok: true });
    const seenByAuthor = await listLoanMessages(database.db, loanId, other!);
    expect(seenByAuthor[0]).toMatchObject({ hidden: true, body: "", hiddenReason: "Reden voor hide" });
    const seenByReporter = await listLoanMessages(database.db, loanId, reporter!);
    expect(seenByReporter[0]).toMatchObject({ hidden: true, body: "", hiddenReason: null });
  });

  it("reports are rate limited at the route (10 a day), with the message at the top of the form", async () => {
    const cookie = await sessionCookieFor(services, other!);
    const post = () =>
      reportAction({
        request: new Request("http://localhost/report", {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ kind: "project", id: project.id, reason: "spam", details: "Reclame" }),
        }),
        context: testContext(services),
        params: {},
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = (await post()) as unknown as { init?: { status?: number }; status?: number };
      statuses.push(r instanceof Response ? r.status : (r.init?.status ?? 200));
    }
    // The first files the report (a redirect), the next nine are duplicates (400), the eleventh is over the limit.
    expect(statuses[0]).toBe(302);
    expect(statuses.slice(1, 10)).toEqual(Array(9).fill(400));
    expect(statuses[10]).toBe(429);
    const bad = (await reportAction({
      request: new Request("http://localhost/report", {
        method: "POST",
        headers: { Cookie: await sessionCookieFor(services, reporter!), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ kind: "project", id: project.id, reason: "", details: "" }),
      }),
      context: testContext(services),
      params: {},
    })) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
    expect(bad.init.status).toBe(400);
    expect(bad.data.errors).toMatchObject({ reason: "moderation.error.reasonRequired", details: "moderation.error.detailsRequired" });
  });
});

describe("hiding content", () => {
  it("a hidden item leaves search, its page and the API for everyone but its owner, who sees why; showing it again restores it", async () => {
    const filed = await report("item", authorItem, other!);
    const id = filed.ok ? filed.reportId : "";
    expect(await act(id, "hide")).toEqual({ ok: true, status: "resolved" });
    expect((await searchItems(database.db, {})).items.map((i) => i.id)).not.toContain(authorItem);
    expect(await getItemDetail(database.db, authorItem, reporter)).toBeNull();
    expect(await apiGetItem(database.db, "http://x", authorItem, now)).toBeNull();
    expect((await apiListItems(database.db, "http://x", query)).items.map((i) => i.id)).not.toContain(authorItem);
    expect(await getItemDetail(database.db, authorItem, author)).toMatchObject({ hiddenReason: "Reden voor hide" });
    const notice = await database.db
      .selectFrom("notifications")
      .select(["kind", "data"])
      .where("user_id", "=", author!)
      .where("kind", "=", "moderation.content_hidden")
      .execute();
    expect(notice).toHaveLength(1);
    // Nobody may ask to borrow a hidden item.
    expect(
      await requestLoan(database.db, { itemId: authorItem, borrowerId: reporter, startsOn: "2026-12-10", endsOn: "2026-12-11", message: "", now }),
    ).toEqual({
      ok: false,
      error: "NotListed",
    });
    expect(await act(id, "hide")).toEqual({ ok: false, error: "AlreadyHidden" });
    expect(await act(id, "unhide")).toMatchObject({ ok: true });
    expect((await searchItems(database.db, {})).items.map((i) => i.id)).toContain(authorItem);
  });

  it("a hidden comment is gone for neighbours; its author sees it with the reason; the initiator cannot show it again", async () => {
    // The reporter backs nothing, so the initiator (author) comments on their own project; the other member reports it.
    const c = await postComment(database.db, { projectId: project.id, authorId: author!, body: "Koop mijn spullen op example.com", now });
    const commentId = c.ok ? c.commentId : "";
    const filed = await report("comment", commentId, other!);
    await act(filed.ok ? filed.reportId : "", "hide");
    expect((await listComments(database.db, project.id, { includeHidden: false, viewerId: other })).map((x) => x.id)).not.toContain(commentId);
    const others = await listComments(database.db, project.id, { includeHidden: false, viewerId: reporter });
    expect(others.map((x) => x.id)).not.toContain(commentId);
    const mine = await listComments(database.db, project.id, { includeHidden: false, viewerId: author });
    expect(mine.find((x) => x.id === commentId)).toMatchObject({ hidden: true, mine: true, hiddenReason: "Reden voor hide" });
    expect(await setCommentHidden(database.db, { projectId: project.id, commentId, actor: { id: author!, role: "member" }, hidden: false, now })).toEqual({
      ok: false,
      error: "projects.comment.notFound",
    });
  });
});

describe("suspension: locked out everywhere", () => {
  it("a suspended member cannot log in, their session stops, their content is hidden everywhere and their pending requests are declined", async () => {
    const { token } = await startSession(database.db, { userId: author!, userAgent: "vitest", now, lifetimes: sessionLifetimes(services.env) });
    const cookie = await sessionCookieFor(services, author!);
    expect(await resolveSession(database.db, token, later(0), sessionLifetimes(services.env))).not.toBeNull();
    // Pending requests both ways: the author asks for the other's ladder; the reporter asks for the author's cart.
    const asked = await requestLoan(database.db, { itemId: otherItem, borrowerId: author!, startsOn: "2026-12-20", endsOn: "2026-12-21", message: "", now });
    const askedOf = await requestLoan(database.db, { itemId: authorItem, borrowerId: other!, startsOn: "2026-12-20", endsOn: "2026-12-21", message: "", now });
    expect(asked.ok && askedOf.ok).toBe(true);
    expect(await canView((await getProjectBySlug(database.db, project.slug))!, null)).toBe(true);

    const filed = await report("user", author!);
    const reportId = filed.ok ? filed.reportId : "";
    expect(await act(reportId, "suspend")).toEqual({ ok: true, status: "resolved" });

    expect(await verifyLogin(database.db, "auteur@test.nl", "correct horse battery")).toEqual({ ok: false, error: "suspended" });
    expect(await resolveSession(database.db, token, later(2), sessionLifetimes(services.env))).toBeNull();
    const ended = await database.db.selectFrom("sessions").select(["end_reason"]).where("user_id", "=", author!).execute();
    expect(ended.every((s) => s.end_reason === "suspended")).toBe(true);
    // A session that somehow outlived the suspension (one started afterwards) is not let in either.
    const late = await startSession(database.db, { userId: author!, userAgent: "vitest", now: later(2), lifetimes: sessionLifetimes(services.env) });
    expect(await resolveSession(database.db, late.token, later(3), sessionLifetimes(services.env))).toBeNull();
    // A page behind login sends the old cookie to the login page.
    const page = await myLoansLoader({
      request: new Request("http://localhost/me/loans", { headers: { Cookie: cookie } }),
      context: testContext(services),
      params: {},
    }).catch((e: unknown) => e);
    expect(page instanceof Response && page.status).toBe(302);
    expect((page as Response).headers.get("Location")).toMatch(/^\/login/);

    // Items: search, page, API.
    expect((await searchItems(database.db, {})).items.map((i) => i.id)).not.toContain(authorItem);
    expect(await getItemDetail(database.db, authorItem, reporter)).toBeNull();
    expect(await apiGetItem(database.db, "http://x", authorItem, now)).toBeNull();
    expect((await apiListItems(database.db, "http://x", query)).items.map((i) => i.id)).not.toContain(authorItem);
    // Projects: list, page, API.
    expect((await listProjects(database.db, listQuery)).projects.map((p) => p.id)).not.toContain(project.id);
    expect(canView((await getProjectBySlug(database.db, project.slug))!, { id: reporter!, role: "member" })).toBe(false);
    expect(canView((await getProjectBySlug(database.db, project.slug))!, { id: moderator!, role: "moderator" })).toBe(true);
    expect(await getApiProject(database.db, project.slug, "http://x")).toBeNull();
    expect((await listApiProjects(database.db, listQuery, "http://x")).projects.map((p) => p.slug)).not.toContain(project.slug);
    // Pending requests, both ways, declined with the message.
    for (const r of [asked, askedOf]) {
      const loan = await getLoan(database.db, r.ok ? r.loanId : "");
      expect(loan?.state).toBe("declined");
      const event = await database.db
        .selectFrom("loan_events")
        .select("note")
        .where("loan_id", "=", loan!.id)
        .where("to_state", "=", "declined")
        .executeTakeFirstOrThrow();
      expect(event.note).toBe("lending.note.accountSuspended");
    }
    expect(await database.db.selectFrom("user_events").select("kind").where("user_id", "=", author!).where("kind", "=", "suspended").execute()).toHaveLength(1);

    // Lifting it: login works again and the listings are back.
    expect(await act(reportId, "unsuspend")).toEqual({ ok: true, status: "resolved" });
    expect(await verifyLogin(database.db, "auteur@test.nl", "correct horse battery")).toMatchObject({ ok: true });
    expect((await searchItems(database.db, {})).items.map((i) => i.id)).toContain(authorItem);
  });

  it("a moderator cannot suspend an admin, another moderator or themselves; a refused action writes nothing", async () => {
    const before = await auditCount();
    const filed = await report("user", admin!);
    const id = filed.ok ? filed.reportId : "";
    expect(await act(id, "suspend")).toEqual({ ok: false, error: "ModeratorsOnlyByAdmin" });
    expect(await auditCount()).toBe(before);
    const row = await database.db.selectFrom("users").select("suspended_at").where("id", "=", admin!).executeTakeFirstOrThrow();
    expect(row.suspended_at).toBeNull();
    const r = await database.db.selectFrom("reports").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    expect(r.status).toBe("open");
    await act(id, "dismiss");
  });
});

describe("the audit log", () => {
  it("every moderator action appends one row, and the log refuses updates and deletes", async () => {
    const filed = await report("project", project.id, reporter);
    expect(filed.ok).toBe(true);
    const id = filed.ok ? filed.reportId : "";
    const before = await auditCount();
    for (const action of ["warn", "hide", "unhide"] as const) expect(await act(id, action)).toMatchObject({ ok: true });
    expect(await auditCount()).toBe(before + 3);
    const log = await listAuditLog(database.db, { subject: { kind: "project", id: project.id } });
    expect(log.slice(0, 3).map((e) => e.action)).toEqual(["unhide", "hide", "warn"]);
    expect(log[0]).toMatchObject({ reason: "Reden voor unhide", actor: { displayName: "mod 0" }, target: { displayName: "buur 1" } });
    const actions = (await database.db.selectFrom("moderation_actions").select("action").execute()).map((a) => a.action);
    expect(new Set(actions)).toEqual(new Set(["dismiss", "hide", "unhide", "warn", "suspend", "unsuspend"]));
    await expect(database.db.updateTable("moderation_actions").set({ reason: "weggepoetst" }).execute()).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom("moderation_actions").execute()).rejects.toThrow(/append-only/);
  });
});

describe("blocks", () => {
  it("a blocked member cannot ask for the blocker's items, message them or comment on their projects; the blocker no longer sees their items", async () => {
    // The reporter blocks the other member (who owns the ladder and backs nothing).
    const handles = await database.db.selectFrom("users").select(["id", "handle"]).where("id", "in", [other!, reporter!, author!]).execute();
    const handleOf = (id: string) => handles.find((h) => h.id === id)!.handle;
    expect(await blockUser(database.db, { blockerId: other!, handle: handleOf(reporter!), now })).toEqual({ ok: true });
    expect(await blockUser(database.db, { blockerId: other!, handle: handleOf(other!), now })).toEqual({ ok: false, error: "Yourself" });
    // Request: refused.
    expect(await requestLoan(database.db, { itemId: otherItem, borrowerId: reporter, startsOn: "2026-12-24", endsOn: "2026-12-25", message: "", now })).toEqual(
      {
        ok: false,
        error: "Blocked",
      },
    );
    // Messages: neither way, on the loan they already had.
    const loan = await database.db
      .selectFrom("loans")
      .select("id")
      .where("item_id", "=", otherItem)
      .where("borrower_user_id", "=", reporter!)
      .executeTakeFirstOrThrow();
    expect(await postLoanMessage(database.db, { loanId: loan.id, authorId: reporter!, body: "Hallo?", now: later(30) })).toEqual({
      ok: false,
      error: "Blocked",
    });
    expect(await postLoanMessage(database.db, { loanId: loan.id, authorId: other!, body: "Hallo?", now: later(30) })).toEqual({ ok: false, error: "Blocked" });
    // Search: the blocker does not see the blocked member's items (the reporter lists none; block the author too).
    expect(await blockUser(database.db, { blockerId: other!, handle: handleOf(author!), now })).toEqual({ ok: true });
    expect((await searchItems(database.db, { viewerId: other })).items.map((i) => i.id)).not.toContain(authorItem);
    expect((await searchItems(database.db, { viewerId: reporter })).items.map((i) => i.id)).toContain(authorItem);
    // Unblocking restores it.
    expect(await unblockUser(database.db, { blockerId: other!, handle: handleOf(reporter!) })).toEqual({ ok: true });
    expect(await unblockUser(database.db, { blockerId: other!, handle: handleOf(reporter!) })).toEqual({ ok: false, error: "NotBlocked" });
    expect(await postLoanMessage(database.db, { loanId: loan.id, authorId: reporter!, body: "Hallo?", now: later(31) })).toMatchObject({ ok: true });
  });

  it("someone the initiator blocked cannot comment on their project, and the blocker does not see their comments", async () => {
    const { backers } = await pledgedToo();
    const backer = backers[0]!.id;
    const first = await postComment(database.db, { projectId: project.id, authorId: backer, body: "Mooi plan", now: later(40) });
    expect(first.ok).toBe(true);
    const { handle } = await database.db.selectFrom("users").select("handle").where("id", "=", backer).executeTakeFirstOrThrow();
    expect(await blockUser(database.db, { blockerId: author!, handle, now })).toEqual({ ok: true });
    expect(await postComment(database.db, { projectId: project.id, authorId: backer, body: "Nog eentje", now: later(41) })).toEqual({
      ok: false,
      error: "projects.comment.blocked",
    });
    const seen = await listComments(database.db, project.id, { includeHidden: true, viewerId: author });
    expect(seen.map((c) => c.body)).not.toContain("Mooi plan");
  });
});
