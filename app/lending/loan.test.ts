import { describe, expect, it } from "vitest";
import { addDays, endOfDay } from "./days";
import {
  type LoanActor,
  type LoanEvent,
  type LoanEventType,
  loanEventTypes,
  type LoanSnapshot,
  type LoanState,
  loanStates,
  noticesFor,
  requestExpiresAt,
  transition,
  checkRequestedDays,
} from "./loan";

const NOW = new Date("2026-05-10T10:00:00Z"); // 12:00 in Amsterdam
const HOUR = 3_600_000;

function snapshot(state: LoanState, over: Partial<LoanSnapshot> = {}): LoanSnapshot {
  return {
    state,
    initiatedBy: "borrower",
    startsOn: "2026-05-10",
    endsOn: "2026-05-12",
    expiresAt: new Date(NOW.getTime() + HOUR),
    maxLoanDays: 14,
    depositCents: 5000,
    depositReady: true,
    handover: { owner: false, borrower: false },
    returnedAt: new Date(NOW.getTime() - HOUR),
    openExtension: { newEndsOn: "2026-05-14" },
    claim: { amountCents: 2000 },
    ...over,
  };
}

/** For each event: a context in which its own guards pass, so only the state decides. */
function contextFor(type: LoanEventType): { event: LoanEvent; now: Date; over?: Partial<LoanSnapshot> } {
  switch (type) {
    case "expire":
      return { event: { type }, now: new Date(NOW.getTime() + 2 * HOUR) };
    case "cancel":
      return { event: { type, reason: "Ik ben ziek" }, now: NOW };
    case "mark_overdue":
      return { event: { type }, now: new Date(endOfDay("2026-05-12").getTime() + HOUR) };
    case "close":
      return { event: { type }, now: NOW, over: { returnedAt: new Date(NOW.getTime() - 49 * HOUR) } };
    case "file_claim":
      return { event: { type, amountCents: 1000 }, now: NOW };
    case "decide_claim":
      return { event: { type, amountCents: 1000 }, now: NOW };
    case "request_extension":
      return { event: { type, newEndsOn: "2026-05-14" }, now: NOW, over: { openExtension: null } };
    default:
      return { event: { type } as LoanEvent, now: NOW };
  }
}

/** Every legal (state, event) pair: who may do it, and where it leads. Everything else is illegal. */
const legal: Record<string, { actors: LoanActor[]; to: LoanState }> = {
  "requested accept": { actors: ["owner"], to: "accepted" },
  "requested decline": { actors: ["owner", "system"], to: "declined" },
  "requested expire": { actors: ["system"], to: "expired" },
  "requested cancel": { actors: ["borrower"], to: "cancelled" },
  "accepted cancel": { actors: ["owner", "borrower"], to: "cancelled" },
  "accepted confirm_handover": { actors: ["owner", "borrower"], to: "accepted" },
  "accepted request_extension": { actors: ["borrower"], to: "accepted" },
  "accepted accept_extension": { actors: ["owner"], to: "accepted" },
  "accepted decline_extension": { actors: ["owner"], to: "accepted" },
  "picked_up mark_overdue": { actors: ["system"], to: "overdue" },
  "picked_up confirm_return": { actors: ["owner"], to: "returned" },
  "picked_up request_extension": { actors: ["borrower"], to: "picked_up" },
  "picked_up accept_extension": { actors: ["owner"], to: "picked_up" },
  "picked_up decline_extension": { actors: ["owner"], to: "picked_up" },
  "overdue confirm_return": { actors: ["owner"], to: "returned" },
  "overdue request_extension": { actors: ["borrower"], to: "overdue" },
  "overdue accept_extension": { actors: ["owner"], to: "picked_up" },
  "overdue decline_extension": { actors: ["owner"], to: "overdue" },
  "returned close": { actors: ["owner", "system"], to: "closed" },
  "returned file_claim": { actors: ["owner"], to: "claimed" },
  "claimed dispute_claim": { actors: ["borrower"], to: "claimed" },
  "claimed accept_claim": { actors: ["borrower"], to: "resolved" },
  "claimed decide_claim": { actors: ["moderator"], to: "resolved" },
};
const actors: LoanActor[] = ["owner", "borrower", "moderator", "system"];

const table = loanStates.flatMap((state) =>
  loanEventTypes.map((type) => {
    const rule = legal[`${state} ${type}`];
    return { state, type, expected: rule ? rule.to : ("IllegalTransition" as const), rule };
  }),
);

describe("loan transition: the whole table (every state × every event)", () => {
  it("covers 11 states × 15 events, and every legal pair in the table is a real pair", () => {
    expect(table).toHaveLength(165);
    for (const key of Object.keys(legal)) {
      const [state, type] = key.split(" ");
      expect(loanStates).toContain(state);
      expect(loanEventTypes).toContain(type);
    }
  });

  it.each(table)("$state + $type → $expected", ({ state, type, expected, rule }) => {
    const { event, now, over } = contextFor(type);
    // Illegal pairs are illegal for every actor; legal ones succeed for their first allowed actor.
    const tryActors: LoanActor[] = rule ? [rule.actors[0]!] : actors;
    for (const actor of tryActors) {
      const result = transition(snapshot(state, over), event, actor, now);
      expect(result).toEqual(expected === "IllegalTransition" ? { ok: false, error: "IllegalTransition" } : { ok: true, to: expected });
    }
  });

  const actorRows = Object.entries(legal).flatMap(([key, rule]) => {
    const [state, type] = key.split(" ") as [LoanState, LoanEventType];
    return actors.map((actor) => ({ state, type, actor, allowed: rule.actors.includes(actor), to: rule.to }));
  });
  it.each(actorRows)("$state + $type by $actor: allowed=$allowed", ({ state, type, actor, allowed, to }) => {
    const { event, now, over } = contextFor(type);
    expect(transition(snapshot(state, over), event, actor, now)).toEqual(allowed ? { ok: true, to } : { ok: false, error: "NotYourTurn" });
  });
});

describe("loan transition: guards", () => {
  it("an offer (initiated by the owner) is answered by the borrower, and withdrawn by the owner", () => {
    const offer = snapshot("requested", { initiatedBy: "owner" });
    expect(transition(offer, { type: "accept" }, "borrower", NOW)).toEqual({ ok: true, to: "accepted" });
    expect(transition(offer, { type: "accept" }, "owner", NOW)).toEqual({ ok: false, error: "NotYourTurn" });
    expect(transition(offer, { type: "decline" }, "borrower", NOW)).toEqual({ ok: true, to: "declined" });
    expect(transition(offer, { type: "cancel", reason: "" }, "owner", NOW)).toEqual({ ok: true, to: "cancelled" });
    expect(transition(offer, { type: "cancel", reason: "" }, "borrower", NOW)).toEqual({ ok: false, error: "NotYourTurn" });
  });

  it("a request cannot be accepted at or after its expiry, and does not expire before it", () => {
    const loan = snapshot("requested");
    expect(transition(loan, { type: "accept" }, "owner", loan.expiresAt)).toEqual({ ok: false, error: "RequestExpired" });
    expect(transition(loan, { type: "accept" }, "owner", new Date(loan.expiresAt.getTime() - 1))).toEqual({ ok: true, to: "accepted" });
    expect(transition(loan, { type: "expire" }, "system", new Date(loan.expiresAt.getTime() - 1))).toEqual({ ok: false, error: "ExpiryNotDue" });
    expect(transition(loan, { type: "expire" }, "system", loan.expiresAt)).toEqual({ ok: true, to: "expired" });
  });

  it("requests expire 48 hours after they are made, or when their last day is over if that is sooner", () => {
    const created = new Date("2026-05-10T10:00:00Z");
    expect(requestExpiresAt(created, "2026-05-20")).toEqual(new Date("2026-05-12T10:00:00Z"));
    // Last day 10 May ends at midnight Amsterdam (22:00 UTC in summer).
    expect(requestExpiresAt(created, "2026-05-10")).toEqual(new Date("2026-05-10T22:00:00Z"));
  });

  it("cancelling an accepted loan needs a reason; withdrawing a request does not", () => {
    expect(transition(snapshot("accepted"), { type: "cancel", reason: "  " }, "owner", NOW)).toEqual({ ok: false, error: "ReasonRequired" });
    expect(transition(snapshot("requested"), { type: "cancel", reason: "" }, "borrower", NOW)).toEqual({ ok: true, to: "cancelled" });
  });

  it("handover: both sides confirm, not before the first day, once each; the second needs the deposit", () => {
    const before = new Date("2026-05-09T20:00:00Z"); // 22:00 on 9 May in Amsterdam
    expect(transition(snapshot("accepted"), { type: "confirm_handover" }, "owner", before)).toEqual({ ok: false, error: "HandoverTooEarly" });
    const half = snapshot("accepted", { handover: { owner: true, borrower: false } });
    expect(transition(half, { type: "confirm_handover" }, "owner", NOW)).toEqual({ ok: false, error: "AlreadyConfirmed" });
    expect(transition(half, { type: "confirm_handover" }, "borrower", NOW)).toEqual({ ok: true, to: "picked_up" });
    expect(transition({ ...half, depositReady: false }, { type: "confirm_handover" }, "borrower", NOW)).toEqual({ ok: false, error: "DepositNotReady" });
    // The first confirmation may be given while the deposit is still being arranged.
    expect(transition(snapshot("accepted", { depositReady: false }), { type: "confirm_handover" }, "borrower", NOW)).toEqual({ ok: true, to: "accepted" });
  });

  it("a loan is overdue only once its last day is over (Amsterdam midnight)", () => {
    const loan = snapshot("picked_up");
    const end = endOfDay(loan.endsOn);
    expect(end.toISOString()).toBe("2026-05-12T22:00:00.000Z");
    expect(transition(loan, { type: "mark_overdue" }, "system", new Date(end.getTime() - 1))).toEqual({ ok: false, error: "NotOverdueYet" });
    expect(transition(loan, { type: "mark_overdue" }, "system", end)).toEqual({ ok: true, to: "overdue" });
  });

  it("claims: within 48 hours of the return, at most the deposit; the system closes only after the window", () => {
    const returnedAt = new Date(NOW.getTime() - 47 * HOUR);
    const loan = snapshot("returned", { returnedAt, depositCents: 5000 });
    expect(transition(loan, { type: "file_claim", amountCents: 5000 }, "owner", NOW)).toEqual({ ok: true, to: "claimed" });
    expect(transition(loan, { type: "file_claim", amountCents: 0 }, "owner", NOW)).toEqual({ ok: true, to: "claimed" });
    expect(transition(loan, { type: "file_claim", amountCents: 5001 }, "owner", NOW)).toEqual({ ok: false, error: "ClaimTooHigh" });
    expect(transition(loan, { type: "file_claim", amountCents: -1 }, "owner", NOW)).toEqual({ ok: false, error: "ClaimTooHigh" });
    expect(transition(loan, { type: "file_claim", amountCents: 10.5 }, "owner", NOW)).toEqual({ ok: false, error: "ClaimTooHigh" });
    const late = new Date(returnedAt.getTime() + 48 * HOUR);
    expect(transition(loan, { type: "file_claim", amountCents: 100 }, "owner", late)).toEqual({ ok: false, error: "ClaimWindowClosed" });
    expect(transition(loan, { type: "close" }, "system", new Date(late.getTime() - 1))).toEqual({ ok: false, error: "ClaimWindowOpen" });
    expect(transition(loan, { type: "close" }, "system", late)).toEqual({ ok: true, to: "closed" });
    expect(transition(loan, { type: "close" }, "owner", NOW)).toEqual({ ok: true, to: "closed" });
  });

  it("a moderator decides at most the amount claimed", () => {
    const loan = snapshot("claimed", { claim: { amountCents: 2000 } });
    expect(transition(loan, { type: "decide_claim", amountCents: 2000 }, "moderator", NOW)).toEqual({ ok: true, to: "resolved" });
    expect(transition(loan, { type: "decide_claim", amountCents: 0 }, "moderator", NOW)).toEqual({ ok: true, to: "resolved" });
    expect(transition(loan, { type: "decide_claim", amountCents: 2001 }, "moderator", NOW)).toEqual({ ok: false, error: "DecisionTooHigh" });
  });

  it("extensions: later than the current end, not in the past, within the maximum, one at a time", () => {
    const loan = snapshot("picked_up", { openExtension: null, startsOn: "2026-05-10", endsOn: "2026-05-12", maxLoanDays: 7 });
    const ask = (newEndsOn: string, l = loan) => transition(l, { type: "request_extension", newEndsOn }, "borrower", NOW);
    expect(ask("2026-05-16")).toEqual({ ok: true, to: "picked_up" });
    expect(ask("2026-05-17")).toEqual({ ok: false, error: "ExtensionTooLong" });
    expect(ask("2026-05-12")).toEqual({ ok: false, error: "ExtensionNotLater" });
    expect(ask("2026-05-14", { ...loan, openExtension: { newEndsOn: "2026-05-13" } })).toEqual({ ok: false, error: "ExtensionPending" });
    const overdue = snapshot("overdue", { openExtension: null, startsOn: "2026-05-01", endsOn: "2026-05-05" });
    expect(ask("2026-05-09", overdue)).toEqual({ ok: false, error: "ExtensionInPast" });
    expect(transition({ ...overdue, openExtension: null }, { type: "accept_extension" }, "owner", NOW)).toEqual({ ok: false, error: "NoExtension" });
    expect(transition({ ...overdue, openExtension: null }, { type: "decline_extension" }, "owner", NOW)).toEqual({ ok: false, error: "NoExtension" });
    expect(transition({ ...overdue, openExtension: { newEndsOn: "2026-05-09" } }, { type: "accept_extension" }, "owner", NOW)).toEqual({
      ok: false,
      error: "ExtensionInPast",
    });
  });
});

describe("new requests", () => {
  it.each([
    [{ startsOn: "2026-05-10", endsOn: "2026-05-12", maxLoanDays: 3 }, null],
    [{ startsOn: "2026-05-10", endsOn: "2026-05-13", maxLoanDays: 3 }, "TooLong"],
    [{ startsOn: "2026-05-09", endsOn: "2026-05-10", maxLoanDays: 3 }, "StartInPast"],
    [{ startsOn: "2026-05-12", endsOn: "2026-05-11", maxLoanDays: 3 }, "EndBeforeStart"],
    [{ startsOn: addDays("2026-05-10", 366), endsOn: addDays("2026-05-10", 366), maxLoanDays: 3 }, "TooFarAhead"],
  ] as const)("%o → %s", (input, expected) => {
    expect(checkRequestedDays(input, NOW)).toBe(expected);
  });
});

describe("notices", () => {
  it("tell the other side what happened", () => {
    const request = { initiatedBy: "borrower" as const };
    const offer = { initiatedBy: "owner" as const };
    expect(noticesFor(request, "created", "borrower")).toEqual([{ to: "owner", kind: "loan.requested" }]);
    expect(noticesFor(offer, "created", "owner")).toEqual([{ to: "borrower", kind: "loan.offered" }]);
    expect(noticesFor(request, "accept", "owner")).toEqual([{ to: "borrower", kind: "loan.accepted" }]);
    expect(noticesFor(offer, "accept", "borrower")).toEqual([{ to: "owner", kind: "loan.offer_accepted" }]);
    expect(noticesFor(offer, "decline", "borrower")).toEqual([{ to: "owner", kind: "loan.offer_declined" }]);
    expect(noticesFor(request, "decline", "owner")).toEqual([{ to: "borrower", kind: "loan.declined" }]);
    expect(noticesFor(request, "cancel", "owner")).toEqual([{ to: "borrower", kind: "loan.cancelled" }]);
    expect(noticesFor(request, "expire", "system")).toEqual([{ to: "borrower", kind: "loan.expired" }]);
    expect(noticesFor(request, "file_claim", "owner")).toEqual([{ to: "borrower", kind: "loan.claim_filed" }]);
    expect(noticesFor(request, "confirm_handover", "owner")).toEqual([{ to: "borrower", kind: "loan.handover_confirmed" }]);
    expect(noticesFor(request, "confirm_handover", "borrower")).toEqual([{ to: "owner", kind: "loan.handover_confirmed" }]);
    expect(noticesFor(request, "confirm_return", "owner")).toEqual([{ to: "borrower", kind: "loan.returned" }]);
    expect(noticesFor(request, "request_extension", "borrower")).toEqual([{ to: "owner", kind: "loan.extension_requested" }]);
    expect(noticesFor(request, "accept_extension", "owner")).toEqual([{ to: "borrower", kind: "loan.extension_accepted" }]);
    expect(noticesFor(offer, "decline_extension", "owner")).toEqual([{ to: "borrower", kind: "loan.extension_declined" }]);
  });
});
