import { describe, expect, it } from "vitest";
import { computeRecord, type LoanFact } from "./record";

const T = new Date("2026-11-01T10:00:00Z");
const loan = (over: Partial<LoanFact>): LoanFact => ({
  loanId: Math.random().toString(36),
  side: "borrower",
  askedOwner: true,
  requestedAt: T,
  answer: { kind: "accepted", at: new Date(T.getTime() + 3_600_000) },
  handedOver: true,
  returned: true,
  wasOverdue: false,
  claimUpheldAt: null,
  ...over,
});

describe("computeRecord", () => {
  it("counts a borrowed loan once it came back, on time only when it never went overdue", () => {
    const counts = computeRecord({
      loans: [loan({}), loan({ wasOverdue: true }), loan({ returned: false, wasOverdue: true })],
      pledges: [],
      projects: [],
      counted: { count: 0, starsSum: 0 },
    });
    expect(counts).toMatchObject({ loansBorrowed: 2, returnsOnTime: 1, loansLent: 0 });
  });

  it("counts the initiator's projects succeeded, delivered and reviewed, and pledges charged vs dropped", () => {
    const counts = computeRecord({
      loans: [loan({ side: "owner", answer: { kind: "declined", at: T }, returned: false })],
      pledges: [
        { pledgeId: "a", charged: true, dropped: false },
        { pledgeId: "b", charged: false, dropped: true },
      ],
      projects: [
        { projectId: "p", succeeded: true, delivered: true, reviewed: true },
        { projectId: "q", succeeded: true, delivered: false, reviewed: false },
      ],
      counted: { count: 2, starsSum: 9 },
    });
    expect(counts).toMatchObject({
      requestsAnswered: 1,
      requestsAccepted: 0,
      pledgesCharged: 1,
      pledgesDropped: 1,
      projectsSucceeded: 2,
      projectsDelivered: 1,
      projectsReviewed: 1,
      reviewsCounted: 2,
      starsCounted: 9,
    });
  });
});
