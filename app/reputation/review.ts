/**
 * Reviews: pure rules (docs/reputation.md, docs/decisions/059-reputation.md). A review changes only
 * through `transitionReview`; the one writer (reviews.server.ts) locks the subject, applies it and
 * writes the review and a review_events row in one transaction.
 *
 *   (none) ─submit→ hidden ─edit→ hidden ─(other side reviewed, or 14 days passed)→ published ─reply→ replied
 *
 * "published" is never stored: it is computed from the window and the other side's review at read
 * time, so no review stays hidden a minute longer than its rule says, whatever a job does.
 */
export const REVIEW_WINDOW_MS = 14 * 24 * 3_600_000;
/** A loan cancelled this close to its pickup (or later) can be reviewed, as a late cancellation. */
export const LATE_CANCEL_MS = 24 * 3_600_000;
/** Backers may review the initiator this long after success, delivered or not. */
export const PROJECT_REVIEW_AFTER_MS = 90 * 24 * 3_600_000;
/** A project's review window stays open this long once it opened (then its reviews are what they are). */
export const PROJECT_REVIEW_WINDOW_MS = 90 * 24 * 3_600_000;
export const MAX_REVIEW_BODY = 2000;
export const MAX_REPLY = 500;

export type LoanReviewSide = "owner" | "borrower";
export type ReviewSide = LoanReviewSide | "backer" | "volunteer";

/** The factual question each side answers. */
export const questionOf = (side: ReviewSide): "asDescribed" | "returnedWell" | "asPromised" =>
  side === "borrower" ? "asDescribed" : side === "owner" ? "returnedWell" : "asPromised";

/** When a loan became reviewable, or null: returned (or later), or cancelled within 24 h of pickup. */
export function loanReviewableFrom(loan: { state: string; returnedAt: Date | null; startsAt: Date; cancelledAt: Date | null; pickedUp: boolean }): Date | null {
  if (loan.returnedAt && ["returned", "claimed", "resolved", "closed"].includes(loan.state)) return loan.returnedAt;
  if (loan.state === "cancelled" && loan.cancelledAt && !loan.pickedUp && loan.cancelledAt.getTime() >= loan.startsAt.getTime() - LATE_CANCEL_MS) {
    return loan.cancelledAt;
  }
  return null;
}

/** A project's review window opens when the initiator marks it delivered, or 90 days after success. */
export function projectReviewableFrom(project: { succeededAt: Date | null; deliveredAt: Date | null }): Date | null {
  if (!project.succeededAt) return null;
  const later = new Date(project.succeededAt.getTime() + PROJECT_REVIEW_AFTER_MS);
  return project.deliveredAt && project.deliveredAt.getTime() < later.getTime() ? project.deliveredAt : later;
}

export interface ReviewSnapshot {
  /** This person's review of the subject, if any. */
  mine: { replied: boolean } | null;
  /** For loan reviews: whether the other side has reviewed (double-blind); project reviews have no other side. */
  otherSideReviewed: boolean | null;
  windowOpensAt: Date | null;
  windowEndsAt: Date | null;
}

export type ReviewEvent = { type: "submit"; stars: number; body: string; answer: boolean } | { type: "reply"; text: string };

export type ReviewError =
  "NotReviewable" | "WindowClosed" | "AlreadyPublished" | "StarsOutOfRange" | "BodyTooLong" | "ReplyEmpty" | "ReplyTooLong" | "AlreadyReplied" | "NotPublished";

/** Is a review visible to everyone? Loans: once both sides reviewed or the window ended. Projects: at once. */
export function isPublished(review: { windowEndsAt: Date; otherSideReviewed: boolean | null }, now: Date): boolean {
  if (review.otherSideReviewed === null) return true;
  return review.otherSideReviewed || now.getTime() >= review.windowEndsAt.getTime();
}

export type ReviewTransition = { ok: true; to: "submitted" | "edited" | "replied" } | { ok: false; error: ReviewError };

/**
 * The one place review rules live. `submit` creates or (while still hidden) edits the reviewer's
 * review; `reply` is the reviewed person's one answer to a published review.
 */
export function transitionReview(s: ReviewSnapshot, event: ReviewEvent, now: Date): ReviewTransition {
  switch (event.type) {
    case "submit": {
      if (!s.windowOpensAt || !s.windowEndsAt || now.getTime() < s.windowOpensAt.getTime()) return { ok: false, error: "NotReviewable" };
      if (now.getTime() >= s.windowEndsAt.getTime()) return { ok: false, error: "WindowClosed" };
      if (!Number.isInteger(event.stars) || event.stars < 1 || event.stars > 5) return { ok: false, error: "StarsOutOfRange" };
      if (event.body.length > MAX_REVIEW_BODY) return { ok: false, error: "BodyTooLong" };
      if (!s.mine) return { ok: true, to: "submitted" };
      // Published reviews are final (a project review is published at once).
      if (isPublished({ windowEndsAt: s.windowEndsAt, otherSideReviewed: s.otherSideReviewed }, now)) return { ok: false, error: "AlreadyPublished" };
      return { ok: true, to: "edited" };
    }
    case "reply": {
      if (!s.mine) return { ok: false, error: "NotReviewable" };
      if (!s.windowEndsAt || !isPublished({ windowEndsAt: s.windowEndsAt, otherSideReviewed: s.otherSideReviewed }, now)) {
        return { ok: false, error: "NotPublished" };
      }
      if (s.mine.replied) return { ok: false, error: "AlreadyReplied" };
      const text = event.text.trim();
      if (!text) return { ok: false, error: "ReplyEmpty" };
      if (text.length > MAX_REPLY) return { ok: false, error: "ReplyTooLong" };
      return { ok: true, to: "replied" };
    }
    default: {
      const never: never = event;
      throw new Error(`Unknown review event ${JSON.stringify(never)}`);
    }
  }
}
