import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fileReport, getReportCase, getReportSubject, moderate } from "../moderation/reports.server";
import { createMemoryStorage } from "../storage/storage.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { completeLoan, verifyEmail } from "../test/reputation";
import type { DatabaseHandle } from "../utils/db.server";
import { extensions } from "../wiring.server";
import { apiGetUser } from "./profile.server";
import { getStoredRecord } from "./projection.server";
import { getLoanReviewPanel, listPublishedReviews, submitLoanReview } from "./reviews.server";

/**
 * Reviews are a reportable kind (docs/moderation.md): only published ones can be reported; a hidden
 * review leaves the profile, the loan page, the API and the rating; its author sees why.
 */
let database: DatabaseHandle;
let db: DatabaseHandle["db"];
const storage = createMemoryStorage();
const T0 = new Date("2026-11-02T08:00:00Z");
const HOUR = 3_600_000;
let owner: string;
let borrower: string;
let neighbour: string;
let moderator: string;
let loanId: string;
let ownersReview: string;
let t1: Date;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  await seedPlaces(db);
  owner = await makeUser(db, { name: "Mohammed" });
  borrower = await makeUser(db, { name: "Daan" });
  neighbour = await makeUser(db, { name: "Anna" });
  moderator = await makeUser(db, { name: "Mo de Rator", role: "moderator" });
  for (const u of [owner, borrower]) await verifyEmail(db, u);
  const item = await makeItem(db, owner, {}, T0);
  const loan = await completeLoan(db, storage, { itemId: item, ownerId: owner, borrowerId: borrower, start: T0 });
  loanId = loan.loanId;
  t1 = new Date(loan.returnedAt.getTime() + HOUR);
  const first = await submitLoanReview(db, { loanId, reviewerId: owner, stars: 1, body: "Koop bij mij een nieuwe, bel 06-12345678", answer: false, now: t1 });
  if (!first.ok) throw new Error(first.error);
  ownersReview = first.reviewId;
});

const report = (by: string, now: Date) =>
  fileReport(db, extensions.reportables, { reporterId: by, kind: "review", id: ownersReview, reason: "spam", details: "Reclame in een beoordeling.", now });

describe("reporting a review", () => {
  it("is refused while the review is still double-blind, and for its own author", async () => {
    expect(await report(neighbour, t1)).toEqual({ ok: false, error: "SubjectUnknown" });
    expect(await report(borrower, t1)).toEqual({ ok: false, error: "SubjectUnknown" });
    expect(await getReportSubject(db, extensions.reportables, { kind: "review", id: ownersReview, viewerId: neighbour, now: t1 })).toBeNull();
    // Daan reviews too: both are published; now anyone may report it, except its author.
    const t2 = new Date(t1.getTime() + HOUR);
    expect((await submitLoanReview(db, { loanId, reviewerId: borrower, stars: 5, body: "Prima", answer: true, now: t2 })).ok).toBe(true);
    expect(await report(owner, t2)).toEqual({ ok: false, error: "OwnContent" });
    expect(await getReportSubject(db, extensions.reportables, { kind: "review", id: ownersReview, viewerId: neighbour, now: t2 })).toMatchObject({
      path: expect.stringMatching(/^\/u\/test-[0-9a-f]+#review-/),
    });
    expect(await report(neighbour, t2)).toMatchObject({ ok: true });
    expect(await report(neighbour, t2)).toEqual({ ok: false, error: "AlreadyReported" });
  });

  it("hidden by a moderator: gone from the profile, the loan page, the rating and the API; its author sees why; unhiding brings it back", async () => {
    const t2 = new Date(t1.getTime() + HOUR);
    await submitLoanReview(db, { loanId, reviewerId: borrower, stars: 5, body: "Prima", answer: true, now: t2 });
    expect((await getStoredRecord(db, borrower)).counts).toMatchObject({ reviewsCounted: 1, starsCounted: 1 });
    const filed = await report(neighbour, t2);
    if (!filed.ok) throw new Error(filed.error);
    const kase = await getReportCase(db, extensions.reportables, filed.reportId, "moderator");
    expect(kase).toMatchObject({ content: { excerpt: expect.stringContaining("06-12345678"), hidden: null } });

    const t3 = new Date(t2.getTime() + HOUR);
    const reason = "Reclame en een telefoonnummer horen niet in een beoordeling.";
    expect(await moderate(db, extensions, { reportId: filed.reportId, actor: { id: moderator, role: "moderator" }, action: "hide", reason, now: t3 })).toEqual({
      ok: true,
      status: "resolved",
    });

    // Everyone else: not on Daan's profile, not on his loan page, not counted, not in the API.
    expect(await listPublishedReviews(db, borrower, t3)).toEqual([]);
    expect(await listPublishedReviews(db, borrower, t3, 50, neighbour)).toEqual([]);
    expect(await getLoanReviewPanel(db, loanId, borrower, t3)).toMatchObject({ theirs: null, theirsWaiting: false, mine: { stars: 5 } });
    expect((await getStoredRecord(db, borrower)).counts).toMatchObject({ reviewsCounted: 0, starsCounted: 0 });
    const handle = (await db.selectFrom("users").select("handle").where("id", "=", borrower).executeTakeFirstOrThrow()).handle;
    expect(await apiGetUser(db, handle, "http://x", t3)).toMatchObject({ reviewCount: 0, rating: null });
    // Its author: still sees it, with the reason, on the profile and the loan page, and was told.
    expect(await listPublishedReviews(db, borrower, t3, 50, owner)).toMatchObject([{ id: ownersReview, hiddenReason: reason }]);
    expect(await getLoanReviewPanel(db, loanId, owner, t3)).toMatchObject({ mine: { id: ownersReview, hiddenReason: reason } });
    const notice = await db
      .selectFrom("notifications")
      .select(["kind", "data"])
      .where("user_id", "=", owner)
      .where("kind", "=", "moderation.content_hidden")
      .executeTakeFirst();
    expect(notice?.data).toMatchObject({ reason, path: expect.stringContaining(`#review-${ownersReview}`) });
    // The other review stands: Mohammed's rating is untouched.
    expect((await getStoredRecord(db, owner)).counts).toMatchObject({ reviewsCounted: 1, starsCounted: 5 });

    // Unhidden later, on the same report: back, and counted again.
    const t4 = new Date(t3.getTime() + HOUR);
    const unhide = {
      reportId: filed.reportId,
      actor: { id: moderator, role: "moderator" as const },
      action: "unhide" as const,
      reason: "Toch in orde.",
      now: t4,
    };
    expect(await moderate(db, extensions, unhide)).toMatchObject({ ok: true });
    expect(await listPublishedReviews(db, borrower, t4)).toMatchObject([{ id: ownersReview, hiddenReason: null }]);
    expect((await getStoredRecord(db, borrower)).counts).toMatchObject({ reviewsCounted: 1, starsCounted: 1 });
  });
});
