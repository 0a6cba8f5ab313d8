import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import "../wiring.server"; // registers the loan transition effects (the projection)
import { cancelLoan, acceptLoanRequest, requestLoan } from "../lending/loans.server";
import { createMemoryStorage } from "../storage/storage.server";
import { createTestDatabase, truncateAll } from "../test/db";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { completeLoan, verifyEmail } from "../test/reputation";
import type { DatabaseHandle } from "../utils/db.server";
import { getStoredRecord } from "./projection.server";
import { getLoanReviewPanel, listPublishedReviews, replyToReview, submitLoanReview } from "./reviews.server";

let database: DatabaseHandle;
let db: DatabaseHandle["db"];
const storage = createMemoryStorage();
const T0 = new Date("2026-11-02T08:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let owner: string;
let borrower: string;
let stranger: string;
let item: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await truncateAll(database);
  await seedPlaces(db);
  owner = await makeUser(db, { name: "Mohammed" });
  borrower = await makeUser(db, { name: "Eva" });
  stranger = await makeUser(db, { name: "Anna" });
  for (const u of [owner, borrower]) await verifyEmail(db, u);
  item = await makeItem(db, owner, {}, T0);
});

const review = (loanId: string, reviewerId: string, stars: number, now: Date, body = "Prima") =>
  submitLoanReview(db, { loanId, reviewerId, stars, body, answer: true, now });

describe("loan reviews (double-blind)", () => {
  it("stay hidden until the other side has reviewed too, then both are published at once and final", async () => {
    const { loanId, returnedAt } = await completeLoan(db, storage, { itemId: item, ownerId: owner, borrowerId: borrower, start: T0 });
    const t1 = new Date(returnedAt.getTime() + HOUR);
    expect((await review(loanId, borrower, 5, t1, "Werkte perfect")).ok).toBe(true);

    // Hidden: not on the owner's profile, not to the owner on the loan page, not counted.
    expect(await listPublishedReviews(db, owner, t1)).toEqual([]);
    const ownerPanel = await getLoanReviewPanel(db, loanId, owner, t1);
    expect(ownerPanel).toMatchObject({ theirs: null, theirsWaiting: true, canReview: true, published: false });
    expect((await getStoredRecord(db, owner)).counts.reviewsCounted).toBe(0);
    // The borrower may still edit while hidden.
    expect((await review(loanId, borrower, 4, new Date(t1.getTime() + HOUR), "Werkte goed")).ok).toBe(true);

    const t2 = new Date(t1.getTime() + 2 * HOUR);
    const second = await review(loanId, owner, 5, t2, "Netjes teruggebracht");
    expect(second).toMatchObject({ ok: true, published: true });
    const onProfile = await listPublishedReviews(db, owner, t2);
    expect(onProfile).toHaveLength(1);
    expect(onProfile[0]).toMatchObject({ stars: 4, body: "Werkte goed", question: "asDescribed", evidence: { kind: "item", id: item } });
    expect(await listPublishedReviews(db, borrower, t2)).toHaveLength(1);
    // Published: counted in both records, in the same transaction.
    expect((await getStoredRecord(db, owner)).counts).toMatchObject({ reviewsCounted: 1, starsCounted: 4 });
    expect((await getStoredRecord(db, borrower)).counts).toMatchObject({ reviewsCounted: 1, starsCounted: 5 });
    // No longer editable.
    expect(await review(loanId, borrower, 1, new Date(t2.getTime() + HOUR))).toEqual({ ok: false, error: "AlreadyPublished" });
  });

  it("are published when the 14 days have passed, even if the other side never reviews", async () => {
    const { loanId, returnedAt } = await completeLoan(db, storage, { itemId: item, ownerId: owner, borrowerId: borrower, start: T0 });
    await review(loanId, owner, 2, new Date(returnedAt.getTime() + DAY), "Te laat");
    const before = new Date(returnedAt.getTime() + 14 * DAY - 1000);
    const after = new Date(returnedAt.getTime() + 14 * DAY);
    expect(await listPublishedReviews(db, borrower, before)).toEqual([]);
    expect(await listPublishedReviews(db, borrower, after)).toHaveLength(1);
    expect(await getLoanReviewPanel(db, loanId, borrower, after)).toMatchObject({ theirs: { stars: 2 }, canReview: false });
    // The window is closed for the late side.
    expect(await review(loanId, borrower, 5, after)).toEqual({ ok: false, error: "WindowClosed" });
  });

  it("only parties, once per side, never before the return", async () => {
    const requested = await requestLoan(db, { itemId: item, borrowerId: borrower, startsOn: "2026-11-02", endsOn: "2026-11-03", message: "", now: T0 });
    if (!requested.ok) throw new Error(requested.error);
    expect(await review(requested.loanId, borrower, 5, T0)).toEqual({ ok: false, error: "NotReviewable" });
    expect(await review(requested.loanId, stranger, 5, T0)).toEqual({ ok: false, error: "NotAParty" });
    expect(await review("not-a-uuid", borrower, 5, T0)).toEqual({ ok: false, error: "NotFound" });
  });

  it("refuses out-of-range stars and over-long text as values", async () => {
    const { loanId, returnedAt } = await completeLoan(db, storage, { itemId: item, ownerId: owner, borrowerId: borrower, start: T0 });
    const t = new Date(returnedAt.getTime() + HOUR);
    expect(await review(loanId, borrower, 6, t)).toEqual({ ok: false, error: "StarsOutOfRange" });
    expect(await review(loanId, borrower, 0, t)).toEqual({ ok: false, error: "StarsOutOfRange" });
    expect(await review(loanId, borrower, 3, t, "x".repeat(2001))).toEqual({ ok: false, error: "BodyTooLong" });
  });

  it("lets a late cancellation (within 24 h of pickup) be reviewed, an early one not", async () => {
    const requested = await requestLoan(db, { itemId: item, borrowerId: borrower, startsOn: "2026-11-10", endsOn: "2026-11-11", message: "", now: T0 });
    if (!requested.ok) throw new Error(requested.error);
    await acceptLoanRequest(db, requested.loanId, { userId: owner }, T0);
    const late = new Date("2026-11-09T12:00:00Z"); // the pickup day starts 2026-11-09T23:00Z (Amsterdam)
    expect((await cancelLoan(db, requested.loanId, { userId: borrower }, "Ziek", late)).ok).toBe(true);
    expect((await review(requested.loanId, owner, 2, new Date(late.getTime() + HOUR))).ok).toBe(true);

    const early = await requestLoan(db, { itemId: item, borrowerId: borrower, startsOn: "2026-11-20", endsOn: "2026-11-21", message: "", now: T0 });
    if (!early.ok) throw new Error(early.error);
    await acceptLoanRequest(db, early.loanId, { userId: owner }, T0);
    expect((await cancelLoan(db, early.loanId, { userId: borrower }, "Niet meer nodig", T0)).ok).toBe(true);
    expect(await review(early.loanId, owner, 2, new Date(T0.getTime() + HOUR))).toEqual({ ok: false, error: "NotReviewable" });
  });

  it("lets the reviewed person reply once, ≤ 500 characters, after publication", async () => {
    const { loanId, returnedAt } = await completeLoan(db, storage, { itemId: item, ownerId: owner, borrowerId: borrower, start: T0 });
    const t = new Date(returnedAt.getTime() + HOUR);
    const first = await review(loanId, borrower, 3, t);
    if (!first.ok) throw new Error(first.error);
    expect(await replyToReview(db, { reviewId: first.reviewId, userId: owner, text: "Dank!", now: t })).toEqual({ ok: false, error: "NotPublished" });
    await review(loanId, owner, 5, t);
    expect(await replyToReview(db, { reviewId: first.reviewId, userId: borrower, text: "Zelf", now: t })).toEqual({ ok: false, error: "NotAParty" });
    expect(await replyToReview(db, { reviewId: first.reviewId, userId: owner, text: "x".repeat(501), now: t })).toEqual({ ok: false, error: "ReplyTooLong" });
    expect((await replyToReview(db, { reviewId: first.reviewId, userId: owner, text: "Dank je, tot de volgende keer", now: t })).ok).toBe(true);
    expect(await replyToReview(db, { reviewId: first.reviewId, userId: owner, text: "Nog eens", now: t })).toEqual({ ok: false, error: "AlreadyReplied" });
    expect((await listPublishedReviews(db, owner, t))[0]?.reply).toBe("Dank je, tot de volgende keer");
  });

  it("counts at most one review per pair per 7 days", async () => {
    const a = await completeLoan(db, storage, { itemId: item, ownerId: owner, borrowerId: borrower, start: T0, days: 1 });
    const b = await completeLoan(db, storage, { itemId: item, ownerId: owner, borrowerId: borrower, start: new Date(T0.getTime() + 2 * DAY), days: 1 });
    for (const { loanId, returnedAt } of [a, b]) {
      const t = new Date(returnedAt.getTime() + HOUR);
      await review(loanId, borrower, 5, t);
      await review(loanId, owner, 5, t);
    }
    expect(await listPublishedReviews(db, owner, new Date(T0.getTime() + 5 * DAY))).toHaveLength(2);
    expect((await getStoredRecord(db, owner)).counts).toMatchObject({ reviewsCounted: 1, starsCounted: 5 });
  });
});
