import { bayesianAverage, median, percent, wilsonLowerBound } from "./formulas";

/**
 * A member's track record: what the projection (reputation_records) holds, computed from the
 * events by `computeRecord` — never edited by hand. Pure; the facts come from
 * app/reputation/facts.server.ts. docs/reputation.md.
 */

/** One loan as the facts say it happened, from this member's side. */
export interface LoanFact {
  loanId: string;
  side: "owner" | "borrower";
  /** The owner was asked (a borrower's request, not the owner's own offer). */
  askedOwner: boolean;
  requestedAt: Date;
  /** How the request was answered by the side that had to answer: accept, decline, expiry; null while open or withdrawn. */
  answer: { kind: "accepted" | "declined" | "expired"; at: Date } | null;
  handedOver: boolean;
  returned: boolean;
  wasOverdue: boolean;
  /** A claim against the borrower was accepted or decided with an amount above zero, and when. */
  claimUpheldAt: Date | null;
}

export interface PledgeFact {
  pledgeId: string;
  charged: boolean;
  dropped: boolean;
}

export interface ProjectFact {
  projectId: string;
  succeeded: boolean;
  delivered: boolean;
  reviewed: boolean;
}

export interface Facts {
  loans: readonly LoanFact[];
  pledges: readonly PledgeFact[];
  projects: readonly ProjectFact[];
  /** Published, counted reviews of this member (the weekly pair cap already applied). */
  counted: { count: number; starsSum: number };
}

/** The projection's row, as counts (the order of the facts never matters). */
export interface RecordCounts {
  loansLent: number;
  requestsAnswered: number;
  requestsAccepted: number;
  medianResponseSeconds: number | null;
  loansBorrowed: number;
  returnsOnTime: number;
  claimsUpheld: number;
  lastClaimUpheldAt: Date | null;
  pledgesCharged: number;
  pledgesDropped: number;
  projectsSucceeded: number;
  projectsDelivered: number;
  projectsReviewed: number;
  reviewsCounted: number;
  starsCounted: number;
}

export const emptyCounts: RecordCounts = {
  loansLent: 0,
  requestsAnswered: 0,
  requestsAccepted: 0,
  medianResponseSeconds: null,
  loansBorrowed: 0,
  returnsOnTime: 0,
  claimsUpheld: 0,
  lastClaimUpheldAt: null,
  pledgesCharged: 0,
  pledgesDropped: 0,
  projectsSucceeded: 0,
  projectsDelivered: 0,
  projectsReviewed: 0,
  reviewsCounted: 0,
  starsCounted: 0,
};

/**
 * From facts to counts. A loan is "completed" once the item came back (lent: as owner; borrowed: as
 * borrower); on time when it never went overdue. Acceptance counts the requests the owner was asked
 * and answered (accepted, declined, or let expire); the response time is from request to the
 * owner's own answer (expiry is no answer).
 */
export function computeRecord(facts: Facts): RecordCounts {
  const asOwner = facts.loans.filter((l) => l.side === "owner");
  const asBorrower = facts.loans.filter((l) => l.side === "borrower");
  const asked = asOwner.filter((l) => l.askedOwner && l.answer !== null);
  const responses = asked
    .filter((l) => l.answer!.kind !== "expired")
    .map((l) => Math.max(0, Math.round((l.answer!.at.getTime() - l.requestedAt.getTime()) / 1000)));
  const claimDates = asBorrower.map((l) => l.claimUpheldAt).filter((d): d is Date => d !== null);
  const med = median(responses);
  return {
    loansLent: asOwner.filter((l) => l.returned).length,
    requestsAnswered: asked.length,
    requestsAccepted: asked.filter((l) => l.answer!.kind === "accepted").length,
    medianResponseSeconds: med === null ? null : Math.round(med),
    loansBorrowed: asBorrower.filter((l) => l.returned).length,
    returnsOnTime: asBorrower.filter((l) => l.returned && !l.wasOverdue).length,
    claimsUpheld: claimDates.length,
    lastClaimUpheldAt: claimDates.length === 0 ? null : new Date(Math.max(...claimDates.map((d) => d.getTime()))),
    pledgesCharged: facts.pledges.filter((p) => p.charged).length,
    pledgesDropped: facts.pledges.filter((p) => p.dropped && !p.charged).length,
    projectsSucceeded: facts.projects.filter((p) => p.succeeded).length,
    projectsDelivered: facts.projects.filter((p) => p.delivered).length,
    projectsReviewed: facts.projects.filter((p) => p.reviewed).length,
    reviewsCounted: facts.counted.count,
    starsCounted: facts.counted.starsSum,
  };
}

/** What pages and the API show, derived from the counts (and the platform's prior for the rating). */
export interface TrackRecordFigures {
  lender: { completed: number; acceptancePercent: number | null; requestsAnswered: number; medianResponseHours: number | null };
  borrower: { completed: number; onTime: number; onTimePercent: number | null; onTimeWilson: number; claimsUpheld: number };
  backer: { charged: number; dropped: number };
  initiator: { succeeded: number; delivered: number; reviewed: number };
  rating: { value: number | null; count: number };
}

export function figuresOf(counts: RecordCounts, prior: number): TrackRecordFigures {
  const rating = bayesianAverage({ starsSum: counts.starsCounted, count: counts.reviewsCounted, prior });
  return {
    lender: {
      completed: counts.loansLent,
      acceptancePercent: percent(counts.requestsAccepted, counts.requestsAnswered),
      requestsAnswered: counts.requestsAnswered,
      medianResponseHours: counts.medianResponseSeconds === null ? null : Math.round((counts.medianResponseSeconds / 3600) * 10) / 10,
    },
    borrower: {
      completed: counts.loansBorrowed,
      onTime: counts.returnsOnTime,
      onTimePercent: percent(counts.returnsOnTime, counts.loansBorrowed),
      onTimeWilson: Math.round(wilsonLowerBound(counts.returnsOnTime, counts.loansBorrowed) * 1000) / 1000,
      claimsUpheld: counts.claimsUpheld,
    },
    backer: { charged: counts.pledgesCharged, dropped: counts.pledgesDropped },
    initiator: { succeeded: counts.projectsSucceeded, delivered: counts.projectsDelivered, reviewed: counts.projectsReviewed },
    rating: { value: rating === null ? null : Math.round(rating * 100) / 100, count: counts.reviewsCounted },
  };
}
