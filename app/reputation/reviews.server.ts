import { sql } from "kysely";
import { notify } from "../notifications/notify.server";
import type { Db, Trx } from "../utils/db.server";
import { isUuid } from "../utils/ids";
import { publishedNow } from "./facts.server";
import { refreshRecords } from "./projection.server";
import { type ReviewActionInput, reviewErrorField } from "./review-schema";
import {
  isPublished,
  type LoanReviewSide,
  loanReviewableFrom,
  PROJECT_REVIEW_WINDOW_MS,
  projectReviewableFrom,
  questionOf,
  REVIEW_WINDOW_MS,
  type ReviewError,
  type ReviewSide,
  type ReviewSnapshot,
  transitionReview,
} from "./review";

/**
 * THE review writer (docs/reputation.md): locks the subject (the loan or project row), builds the
 * snapshot, applies `transitionReview`, writes the review and its review_events row, notifies, and
 * refreshes the reviewed member's record — in one transaction. Failures are values.
 */
export type ReviewWriteError = ReviewError | "NotFound" | "NotAParty";
export type ReviewWriteResult = { ok: true; reviewId: string; published: boolean } | { ok: false; error: ReviewWriteError };

interface LoanSubject {
  id: string;
  ownerId: string;
  borrowerId: string | null;
  itemTitle: string;
  ownerName: string;
  borrowerName: string;
  reviewableFrom: Date | null;
}

async function loanSubject(db: Db, loanId: string, lock: boolean): Promise<LoanSubject | null> {
  if (!isUuid(loanId)) return null;
  let query = db
    .selectFrom("loans as l")
    .innerJoin("items as i", "i.id", "l.item_id")
    .innerJoin("users as o", "o.id", "l.owner_id")
    .leftJoin("users as b", "b.id", "l.borrower_user_id")
    .select([
      "l.id",
      "l.state",
      "l.owner_id",
      "l.borrower_user_id",
      "l.returned_at",
      "l.starts_at",
      "l.picked_up_at",
      "i.title as item_title",
      "o.display_name as owner_name",
      "b.display_name as borrower_name",
      (eb) =>
        eb
          .selectFrom("loan_events as e")
          .select((e) => e.fn.max("e.occurred_at").as("at"))
          .whereRef("e.loan_id", "=", "l.id")
          .where("e.kind", "=", "cancel")
          .as("cancelled_at"),
    ])
    .where("l.id", "=", loanId);
  if (lock) query = query.forUpdate("l");
  const row = await query.executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    ownerId: row.owner_id,
    borrowerId: row.borrower_user_id,
    itemTitle: row.item_title,
    ownerName: row.owner_name,
    borrowerName: row.borrower_name ?? "",
    reviewableFrom: loanReviewableFrom({
      state: row.state,
      returnedAt: row.returned_at,
      startsAt: row.starts_at,
      cancelledAt: (row.cancelled_at as Date | null) ?? null,
      pickedUp: row.picked_up_at !== null,
    }),
  };
}

const sideIn = (loan: LoanSubject, userId: string): LoanReviewSide | null =>
  loan.ownerId === userId ? "owner" : loan.borrowerId === userId ? "borrower" : null;

/** The side reviewing writes about the other: the borrower reviews the owner (and the item), the owner the borrower. */
const otherSide = (side: LoanReviewSide): LoanReviewSide => (side === "owner" ? "borrower" : "owner");

async function loanReviews(db: Db, loanId: string) {
  return db
    .selectFrom("reviews")
    .select(["id", "side", "reviewer_id", "reviewee_id", "stars", "body", "answer", "window_ends_at", "reply", "replied_at", "created_at", "hidden_reason"])
    .where("loan_id", "=", loanId)
    .execute();
}

/** A member reviews the other party of a loan (or edits their review while it is still hidden). */
export async function submitLoanReview(
  db: Db,
  input: { loanId: string; reviewerId: string; stars: number; body: string; answer: boolean; now: Date },
): Promise<ReviewWriteResult> {
  return db.transaction().execute(async (trx) => {
    const loan = await loanSubject(trx, input.loanId, true);
    if (!loan) return { ok: false, error: "NotFound" };
    const side = sideIn(loan, input.reviewerId);
    if (!side || !loan.borrowerId) return { ok: false, error: "NotAParty" };
    const reviews = await loanReviews(trx, loan.id);
    const mine = reviews.find((r) => r.side === side) ?? null;
    const theirs = reviews.find((r) => r.side === otherSide(side)) ?? null;
    const windowEndsAt = loan.reviewableFrom ? new Date(loan.reviewableFrom.getTime() + REVIEW_WINDOW_MS) : null;
    const snapshot: ReviewSnapshot = {
      mine: mine ? { replied: mine.reply !== null } : null,
      otherSideReviewed: theirs !== null,
      windowOpensAt: loan.reviewableFrom,
      windowEndsAt,
    };
    const body = input.body.trim();
    const result = transitionReview(snapshot, { type: "submit", stars: input.stars, body, answer: input.answer }, input.now);
    if (!result.ok) return result;
    const revieweeId = side === "owner" ? loan.borrowerId : loan.ownerId;
    let reviewId: string;
    if (mine) {
      await trx.updateTable("reviews").set({ stars: input.stars, body, answer: input.answer, updated_at: input.now }).where("id", "=", mine.id).execute();
      reviewId = mine.id;
    } else {
      const row = await trx
        .insertInto("reviews")
        .values({
          loan_id: loan.id,
          side,
          reviewer_id: input.reviewerId,
          reviewee_id: revieweeId,
          stars: input.stars,
          body,
          answer: input.answer,
          window_ends_at: windowEndsAt!,
          created_at: input.now,
          updated_at: input.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      reviewId = row.id;
    }
    await trx
      .insertInto("review_events")
      .values({
        review_id: reviewId,
        actor_id: input.reviewerId,
        kind: result.to === "edited" ? "edited" : "submitted",
        data: JSON.stringify({ stars: input.stars, answer: input.answer }),
        occurred_at: input.now,
      })
      .execute();

    const reviewerName = side === "owner" ? loan.ownerName : loan.borrowerName;
    const revieweeName = side === "owner" ? loan.borrowerName : loan.ownerName;
    const published = theirs !== null;
    if (result.to === "submitted") {
      if (published) {
        // The second review: both are published at once; both parties hear it.
        for (const [userId, otherPartyName] of [
          [input.reviewerId, revieweeName],
          [revieweeId, reviewerName],
        ] as const) {
          await notify(trx, {
            userId,
            kind: "review.published",
            data: { loanId: loan.id, itemTitle: loan.itemTitle, otherPartyName },
            dedupeKey: `review:${loan.id}:published`,
          });
        }
      } else {
        await notify(trx, {
          userId: revieweeId,
          kind: "review.received",
          data: { loanId: loan.id, itemTitle: loan.itemTitle, otherPartyName: reviewerName },
          dedupeKey: `review:${loan.id}:${side}:received`,
        });
      }
    }
    // Published reviews change ratings (and levels): both records, in this transaction.
    if (published) await refreshRecords(trx, [loan.ownerId, loan.borrowerId], input.now);
    return { ok: true, reviewId, published };
  });
}

/** The reviewed person answers a published review, once. */
export async function replyToReview(db: Db, input: { reviewId: string; userId: string; text: string; now: Date; loanId?: string }): Promise<ReviewWriteResult> {
  if (!isUuid(input.reviewId)) return { ok: false, error: "NotFound" };
  return db.transaction().execute(async (trx) => {
    const review = await trx
      .selectFrom("reviews")
      .select(["id", "loan_id", "project_id", "side", "reviewee_id", "window_ends_at", "reply"])
      .where("id", "=", input.reviewId)
      .forUpdate()
      .executeTakeFirst();
    if (!review || (input.loanId !== undefined && review.loan_id !== input.loanId)) return { ok: false, error: "NotFound" };
    if (review.reviewee_id !== input.userId) return { ok: false, error: "NotAParty" };
    const otherSideReviewed = review.loan_id ? await hasOtherSide(trx, review.loan_id, review.side) : null;
    const result = transitionReview(
      { mine: { replied: review.reply !== null }, otherSideReviewed, windowOpensAt: null, windowEndsAt: review.window_ends_at },
      { type: "reply", text: input.text },
      input.now,
    );
    if (!result.ok) return result;
    const text = input.text.trim();
    await trx.updateTable("reviews").set({ reply: text, replied_at: input.now, updated_at: input.now }).where("id", "=", review.id).execute();
    await trx
      .insertInto("review_events")
      .values({ review_id: review.id, actor_id: input.userId, kind: "replied", data: JSON.stringify({ length: text.length }), occurred_at: input.now })
      .execute();
    return { ok: true, reviewId: review.id, published: true };
  });
}

async function hasOtherSide(db: Db, loanId: string, side: string): Promise<boolean> {
  const row = await db
    .selectFrom("reviews")
    .select("id")
    .where("loan_id", "=", loanId)
    .where("side", "<>", side as ReviewSide)
    .executeTakeFirst();
  return row !== undefined;
}

/** What the loan page shows of its reviews to one of its parties. */
export interface LoanReviewPanel {
  mySide: LoanReviewSide;
  question: "asDescribed" | "returnedWell";
  windowEndsAt: Date | null;
  /** The review form is open (reviewable, window open, and mine not yet published). */
  canReview: boolean;
  mine: PanelReview | null;
  /** The other side's review: only once published; before, only whether it exists. */
  theirs: PanelReview | null;
  theirsWaiting: boolean;
  published: boolean;
}

export interface PanelReview {
  id: string;
  stars: number;
  body: string;
  answer: boolean;
  question: "asDescribed" | "returnedWell" | "asPromised";
  reply: string | null;
  canReply: boolean;
  submittedAt: Date;
  /** A moderator hid it: the reason (only its author is shown a hidden review). */
  hiddenReason: string | null;
}

export async function getLoanReviewPanel(db: Db, loanId: string, viewerId: string, now: Date): Promise<LoanReviewPanel | null> {
  const loan = await loanSubject(db, loanId, false);
  if (!loan || !loan.borrowerId) return null;
  const side = sideIn(loan, viewerId);
  if (!side) return null;
  const reviews = await loanReviews(db, loan.id);
  const mineRow = reviews.find((r) => r.side === side) ?? null;
  const theirsRow = reviews.find((r) => r.side === otherSide(side)) ?? null;
  const windowEndsAt = loan.reviewableFrom ? new Date(loan.reviewableFrom.getTime() + REVIEW_WINDOW_MS) : null;
  const published = windowEndsAt !== null && isPublished({ windowEndsAt, otherSideReviewed: mineRow !== null && theirsRow !== null }, now);
  const open = windowEndsAt !== null && loan.reviewableFrom !== null && now >= loan.reviewableFrom && now < windowEndsAt;
  const toPanel = (r: (typeof reviews)[number], canReply: boolean): PanelReview => ({
    id: r.id,
    stars: r.stars,
    body: r.body,
    answer: r.answer,
    question: questionOf(r.side),
    reply: r.reply,
    canReply,
    submittedAt: r.created_at,
    hiddenReason: r.hidden_reason,
  });
  // Published = both reviewed, or the window ended (then each review stands alone).
  // A review a moderator hid is shown to its author only (with the reason), never to the reviewed side.
  const theirsVisible = theirsRow !== null && theirsRow.hidden_reason === null && (mineRow !== null || (windowEndsAt !== null && now >= windowEndsAt));
  return {
    mySide: side,
    question: side === "borrower" ? "asDescribed" : "returnedWell",
    windowEndsAt,
    canReview: open && !published,
    mine: mineRow ? toPanel(mineRow, false) : null,
    theirs: theirsVisible ? toPanel(theirsRow!, theirsRow!.reply === null) : null,
    theirsWaiting: theirsRow !== null && theirsRow.hidden_reason === null && !theirsVisible,
    published,
  };
}

/** A published review as the profile shows it, with its evidence (the item or project), never an address. */
export interface PublicReview {
  id: string;
  stars: number;
  body: string;
  answer: boolean;
  question: "asDescribed" | "returnedWell" | "asPromised";
  side: ReviewSide;
  reviewer: { handle: string; displayName: string };
  evidence: { kind: "item"; id: string; title: string } | { kind: "project"; slug: string; title: string };
  reply: string | null;
  at: Date;
  /** A moderator hid it: the reason. Only its author (the viewer) is shown a hidden review. */
  hiddenReason: string | null;
}

/** Published reviews of a member; hidden ones drop out, except for the viewer who wrote them (who sees why). */
export async function listPublishedReviews(db: Db, userId: string, now: Date, limit = 50, viewerId: string | null = null): Promise<PublicReview[]> {
  const rows = await db
    .selectFrom("reviews as r")
    .innerJoin("users as u", "u.id", "r.reviewer_id")
    .leftJoin("loans as l", "l.id", "r.loan_id")
    .leftJoin("items as i", "i.id", "l.item_id")
    .leftJoin("projects as p", "p.id", "r.project_id")
    .select([
      "r.id",
      "r.stars",
      "r.body",
      "r.answer",
      "r.side",
      "r.reply",
      "r.created_at",
      "r.window_ends_at",
      "u.handle",
      "u.display_name",
      "i.id as item_id",
      "i.title as item_title",
      "p.slug as project_slug",
      "p.title as project_title",
      "r.hidden_reason",
    ])
    .where("r.reviewee_id", "=", userId)
    .where(publishedNow(now))
    .where((eb) => (viewerId && isUuid(viewerId) ? eb.or([eb("r.hidden_at", "is", null), eb("r.reviewer_id", "=", viewerId)]) : eb("r.hidden_at", "is", null)))
    .orderBy("r.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    stars: r.stars,
    body: r.body,
    answer: r.answer,
    question: questionOf(r.side),
    side: r.side,
    reviewer: { handle: r.handle, displayName: r.display_name },
    evidence: r.project_slug
      ? { kind: "project" as const, slug: r.project_slug, title: r.project_title ?? "" }
      : { kind: "item" as const, id: r.item_id ?? "", title: r.item_title ?? "" },
    reply: r.reply,
    // A review shows the day it became public at the latest: never earlier than its own submission.
    at: r.created_at,
    hiddenReason: r.hidden_reason,
  }));
}

/** Loan reviews whose window ended without the other side: "published" notices (the nightly job). Idempotent by dedupe key. */
export async function noticeTimedOutReviews(db: Db, now: Date): Promise<number> {
  const due = await sql<{ loan_id: string; reviewer_id: string; reviewee_id: string; item_title: string; reviewer_name: string; reviewee_name: string }>`
    select r.loan_id, r.reviewer_id, r.reviewee_id, i.title as item_title, a.display_name as reviewer_name, b.display_name as reviewee_name
    from reviews r
    join loans l on l.id = r.loan_id join items i on i.id = l.item_id
    join users a on a.id = r.reviewer_id join users b on b.id = r.reviewee_id
    where r.loan_id is not null and r.window_ends_at <= ${now} and r.window_ends_at > ${new Date(now.getTime() - 7 * 24 * 3_600_000)}
      and not exists (select 1 from reviews o where o.loan_id = r.loan_id and o.side <> r.side)
  `.execute(db);
  for (const r of due.rows) {
    await db.transaction().execute(async (trx: Trx) => {
      for (const [userId, otherPartyName] of [
        [r.reviewer_id, r.reviewee_name],
        [r.reviewee_id, r.reviewer_name],
      ] as const) {
        await notify(trx, {
          userId,
          kind: "review.published",
          data: { loanId: r.loan_id, itemTitle: r.item_title, otherPartyName },
          dedupeKey: `review:${r.loan_id}:published`,
        });
      }
    });
  }
  return due.rows.length;
}

/** The loan page's review forms: one parsed action becomes one call of the review writer. */
export async function performReviewAction(
  db: Db,
  input: { loanId: string; userId: string; action: ReviewActionInput; now: Date },
): Promise<{ ok: true } | { ok: false; field: string; error: ReviewWriteError }> {
  const { action } = input;
  const result =
    action.intent === "review"
      ? await submitLoanReview(db, {
          loanId: input.loanId,
          reviewerId: input.userId,
          stars: action.stars,
          body: action.body,
          answer: action.answer,
          now: input.now,
        })
      : await replyToReview(db, { reviewId: action.reviewId, userId: input.userId, text: action.text, now: input.now, loanId: input.loanId });
  if (result.ok) return { ok: true };
  return { ok: false, field: reviewErrorField(result.error, action.intent), error: result.error };
}

/** Both parties' records for the loan page (the owner deciding on a request sees the requester's). */
export async function getLoanPartyIds(db: Db, loanId: string): Promise<{ ownerId: string; borrowerId: string | null } | null> {
  if (!isUuid(loanId)) return null;
  const row = await db.selectFrom("loans").select(["owner_id", "borrower_user_id"]).where("id", "=", loanId).executeTakeFirst();
  return row ? { ownerId: row.owner_id, borrowerId: row.borrower_user_id } : null;
}

/**
 * A project's review window for one backer (issue 12): opens when the initiator marks it delivered,
 * or 90 days after success; it stays open PROJECT_REVIEW_WINDOW_MS. Only a backer whose pledge was
 * charged reviews, once; a project review is published at once (there is no other side to wait for).
 */
interface ProjectSubject {
  id: string;
  initiatorId: string;
  reviewableFrom: Date | null;
}

async function projectSubject(db: Db, projectId: string, lock: boolean): Promise<ProjectSubject | null> {
  if (!isUuid(projectId)) return null;
  let query = db
    .selectFrom("projects as p")
    .select([
      "p.id",
      "p.initiator_id",
      "p.delivered_at",
      (eb) =>
        eb
          .selectFrom("project_events as e")
          .select((e) => e.fn.min("e.created_at").as("at"))
          .whereRef("e.project_id", "=", "p.id")
          .where("e.to_status", "=", "succeeded")
          .as("succeeded_at"),
    ])
    .where("p.id", "=", projectId);
  if (lock) query = query.forUpdate("p");
  const row = await query.executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    initiatorId: row.initiator_id,
    reviewableFrom: projectReviewableFrom({ succeededAt: (row.succeeded_at as Date | null) ?? null, deliveredAt: row.delivered_at }),
  };
}

async function isHonouredBacker(db: Db, projectId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("pledges")
    .select("id")
    .where("project_id", "=", projectId)
    .where("backer_id", "=", userId)
    .where("status", "=", "charged")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A backer reviews a succeeded project's initiator: "did the project happen as promised?" and stars. Once. */
export async function submitProjectReview(
  db: Db,
  input: { projectId: string; reviewerId: string; stars: number; body: string; answer: boolean; now: Date },
): Promise<ReviewWriteResult> {
  return db.transaction().execute(async (trx) => {
    const project = await projectSubject(trx, input.projectId, true);
    if (!project) return { ok: false, error: "NotFound" };
    if (project.initiatorId === input.reviewerId || !(await isHonouredBacker(trx, project.id, input.reviewerId))) return { ok: false, error: "NotAParty" };
    const mine = await trx
      .selectFrom("reviews")
      .select(["id", "reply"])
      .where("project_id", "=", project.id)
      .where("reviewer_id", "=", input.reviewerId)
      .where("side", "=", "backer")
      .executeTakeFirst();
    const windowEndsAt = project.reviewableFrom ? new Date(project.reviewableFrom.getTime() + PROJECT_REVIEW_WINDOW_MS) : null;
    const body = input.body.trim();
    const result = transitionReview(
      { mine: mine ? { replied: mine.reply !== null } : null, otherSideReviewed: null, windowOpensAt: project.reviewableFrom, windowEndsAt },
      { type: "submit", stars: input.stars, body, answer: input.answer },
      input.now,
    );
    if (!result.ok) return result;
    const row = await trx
      .insertInto("reviews")
      .values({
        project_id: project.id,
        side: "backer",
        reviewer_id: input.reviewerId,
        reviewee_id: project.initiatorId,
        stars: input.stars,
        body,
        answer: input.answer,
        window_ends_at: windowEndsAt!,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("review_events")
      .values({
        review_id: row.id,
        actor_id: input.reviewerId,
        kind: "submitted",
        data: JSON.stringify({ stars: input.stars, answer: input.answer }),
        occurred_at: input.now,
      })
      .execute();
    // Published at once: the initiator's record (projects reviewed, rating) follows in this transaction.
    await refreshRecords(trx, [project.initiatorId], input.now);
    return { ok: true, reviewId: row.id, published: true };
  });
}

export interface ProjectReviewPanel {
  /** The viewer may review now. */
  canReview: boolean;
  /** The viewer backed it (charged) but the window is not open yet: from this moment. */
  opensAt: Date | null;
  mine: { stars: number; body: string; answer: boolean } | null;
}

/** The project page's review form for a backer, or null when the viewer has nothing to review. */
export async function getProjectReviewPanel(db: Db, projectId: string, viewerId: string, now: Date): Promise<ProjectReviewPanel | null> {
  const project = await projectSubject(db, projectId, false);
  if (!project || project.initiatorId === viewerId || !(await isHonouredBacker(db, project.id, viewerId))) return null;
  if (!project.reviewableFrom) return null;
  const mine = await db
    .selectFrom("reviews")
    .select(["stars", "body", "answer"])
    .where("project_id", "=", project.id)
    .where("reviewer_id", "=", viewerId)
    .where("side", "=", "backer")
    .executeTakeFirst();
  const windowEndsAt = project.reviewableFrom.getTime() + PROJECT_REVIEW_WINDOW_MS;
  const open = now.getTime() >= project.reviewableFrom.getTime() && now.getTime() < windowEndsAt;
  if (!mine && now.getTime() >= windowEndsAt) return null;
  return {
    canReview: open && !mine,
    opensAt: now.getTime() < project.reviewableFrom.getTime() ? project.reviewableFrom : null,
    mine: mine ?? null,
  };
}
