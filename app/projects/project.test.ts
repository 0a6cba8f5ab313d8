import { describe, expect, it } from "vitest";
import { deadlineFor, type ProjectEvent, type ProjectSnapshot, type ProjectStatus, projectStatuses, slugBase, timeLeft, transitionProject } from "./project";

const now = new Date("2026-12-01T10:00:00Z");
const base: ProjectSnapshot = {
  status: "draft",
  fundingModel: "all_or_nothing",
  goalCents: 100_000,
  pledgedCents: 0,
  matchedCents: 0,
  durationDays: 30,
  endsAt: new Date("2026-11-30T10:00:00Z"),
  budgetTotalCents: 100_000,
  anyChargeStarted: false,
  openPledges: 0,
  payoutStarted: false,
};

const events: Record<string, ProjectEvent> = {
  submit: { type: "submit" },
  request_changes: { type: "request_changes", message: "Begroting graag specificeren" },
  approve: { type: "approve" },
  launch: { type: "launch", now },
  deadline_passed: { type: "deadline_passed", now },
  cancel_initiator: { type: "cancel", by: "initiator" },
  cancel_moderator: { type: "cancel", by: "moderator", reason: "Dubbel project" },
  payout_paid: { type: "payout_paid" },
};

/**
 * The whole table: for each event, the outcome from every status ("x" = IllegalTransition).
 * Written out by hand so that a change to the lifecycle has to change this table too.
 */
const table: Record<keyof typeof events, Record<ProjectStatus, ProjectStatus | "x">> = {
  submit: {
    draft: "submitted",
    submitted: "x",
    changes_requested: "submitted",
    approved: "x",
    live: "x",
    succeeded: "x",
    failed: "x",
    cancelled: "x",
    paid_out: "x",
  },
  request_changes: {
    draft: "x",
    submitted: "changes_requested",
    changes_requested: "x",
    approved: "x",
    live: "x",
    succeeded: "x",
    failed: "x",
    cancelled: "x",
    paid_out: "x",
  },
  approve: { draft: "x", submitted: "approved", changes_requested: "x", approved: "x", live: "x", succeeded: "x", failed: "x", cancelled: "x", paid_out: "x" },
  launch: { draft: "x", submitted: "x", changes_requested: "x", approved: "live", live: "x", succeeded: "x", failed: "x", cancelled: "x", paid_out: "x" },
  // base.pledgedCents (0) is below the goal: an all-or-nothing project fails.
  deadline_passed: {
    draft: "x",
    submitted: "x",
    changes_requested: "x",
    approved: "x",
    live: "failed",
    succeeded: "x",
    failed: "x",
    cancelled: "x",
    paid_out: "x",
  },
  cancel_initiator: {
    draft: "cancelled",
    submitted: "cancelled",
    changes_requested: "cancelled",
    approved: "cancelled",
    live: "cancelled",
    succeeded: "x",
    failed: "x",
    cancelled: "x",
    paid_out: "x",
  },
  cancel_moderator: {
    draft: "x",
    submitted: "cancelled",
    changes_requested: "cancelled",
    approved: "cancelled",
    live: "cancelled",
    succeeded: "cancelled",
    failed: "x",
    cancelled: "x",
    paid_out: "x",
  },
  payout_paid: {
    draft: "x",
    submitted: "x",
    changes_requested: "x",
    approved: "x",
    live: "x",
    succeeded: "paid_out",
    failed: "x",
    cancelled: "x",
    paid_out: "x",
  },
};

const cases = Object.entries(table).flatMap(([eventName, row]) => projectStatuses.map((from) => [eventName, from, row[from]] as const));

describe("transitionProject — every status × every event", () => {
  it("covers all 9 statuses × 8 events", () => expect(cases).toHaveLength(72));

  it.each(cases)("%s from %s → %s", (eventName, from, expected) => {
    const result = transitionProject({ ...base, status: from }, events[eventName]!);
    if (expected === "x") expect(result).toEqual({ ok: false, error: "IllegalTransition" });
    else expect(result).toMatchObject({ ok: true, to: expected });
  });
});

describe("transitionProject — guards", () => {
  it.each([
    ["submit with a plan that does not add up", { status: "draft", budgetTotalCents: 99_999 }, events.submit, "BudgetMismatch"],
    ["resubmit with a plan that does not add up", { status: "changes_requested", budgetTotalCents: 0 }, events.submit, "BudgetMismatch"],
    ["approve a plan that does not add up", { status: "submitted", budgetTotalCents: 100_001 }, events.approve, "BudgetMismatch"],
    ["request changes without a message", { status: "submitted" }, { type: "request_changes", message: "   " }, "MessageRequired"],
    ["moderator cancels without a reason", { status: "live" }, { type: "cancel", by: "moderator", reason: " " }, "ReasonRequired"],
    [
      "initiator cancels after a charge",
      { status: "live", fundingModel: "keep_what_you_raise", anyChargeStarted: true },
      events.cancel_initiator,
      "AlreadyCharged",
    ],
    ["settle before the deadline", { status: "live", endsAt: new Date("2026-12-01T10:00:01Z") }, events.deadline_passed, "DeadlineNotReached"],
    ["settle without a deadline", { status: "live", endsAt: null }, events.deadline_passed, "DeadlineNotReached"],
    ["pay out while a payment is open", { status: "succeeded", openPledges: 1 }, events.payout_paid, "PaymentsOutstanding"],
    ["moderator cancels once a payout started", { status: "succeeded", payoutStarted: true }, events.cancel_moderator, "PayoutStarted"],
  ] as const)("%s → %s", (_name, patch, event, error) => {
    expect(transitionProject({ ...base, ...patch } as ProjectSnapshot, event as ProjectEvent)).toEqual({ ok: false, error });
  });

  it("launches an ongoing project without a deadline, and no deadline ever passes for it (decision 077)", () => {
    expect(transitionProject({ ...base, status: "approved", fundingModel: "ongoing" }, { type: "launch", now })).toEqual({
      ok: true,
      to: "live",
      launchedAt: now,
    });
    expect(transitionProject({ ...base, status: "live", fundingModel: "ongoing", endsAt: null }, { type: "deadline_passed", now })).toEqual({
      ok: false,
      error: "IllegalTransition",
    });
  });

  it("fixes the deadline at launch: launch time + duration", () => {
    expect(transitionProject({ ...base, status: "approved", durationDays: 14 }, { type: "launch", now })).toEqual({
      ok: true,
      to: "live",
      launchedAt: now,
      endsAt: new Date("2026-12-15T10:00:00Z"),
    });
  });

  it.each([
    ["all-or-nothing at the goal", "all_or_nothing", 100_000, "succeeded", 0],
    ["all-or-nothing above the goal", "all_or_nothing", 150_000, "succeeded", 0],
    ["all-or-nothing one cent short", "all_or_nothing", 99_999, "failed", 0],
    ["all-or-nothing short, matching makes up the rest", "all_or_nothing", 60_000, "succeeded", 40_000],
    ["all-or-nothing short even with matching", "all_or_nothing", 60_000, "failed", 39_999],
    ["keep-what-you-raise with little", "keep_what_you_raise", 500, "succeeded", 0],
    ["keep-what-you-raise with nothing", "keep_what_you_raise", 0, "succeeded", 0],
  ] as const)("at the deadline, %s → %s", (_name, fundingModel, pledgedCents, to, matchedCents) => {
    expect(transitionProject({ ...base, status: "live", fundingModel, pledgedCents, matchedCents, endsAt: now }, events.deadline_passed!)).toEqual({
      ok: true,
      to,
      settled: true,
    });
  });

  it("keeps the moderator's message and reason as the event note", () => {
    expect(transitionProject({ ...base, status: "submitted" }, { type: "request_changes", message: "  Meer uitleg  " })).toMatchObject({ note: "Meer uitleg" });
    expect(transitionProject({ ...base, status: "succeeded" }, { type: "cancel", by: "moderator", reason: "Fraude" })).toMatchObject({ note: "Fraude" });
  });
});

describe("helpers", () => {
  it("deadlineFor adds whole days", () => {
    expect(deadlineFor(new Date("2026-03-28T12:00:00Z"), 1).toISOString()).toBe("2026-03-29T12:00:00.000Z");
    expect(deadlineFor(new Date("2026-01-01T00:00:00Z"), 60).toISOString()).toBe("2026-03-02T00:00:00.000Z");
  });

  it.each([
    ["Speeltuin Javaplein!", "speeltuin-javaplein"],
    ["Café Ölçü & co", "cafe-olcu-co"],
    ["!!!", "project"],
    ["  Buurt  moestuin  ", "buurt-moestuin"],
  ])("slugBase(%j) = %j", (title, slug) => expect(slugBase(title)).toBe(slug));

  it.each([
    // [now, ends, expected] — Amsterdam is UTC+1 in winter.
    ["2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z", { kind: "ended" }],
    ["2026-12-01T10:00:00Z", "2026-12-01T09:00:00Z", { kind: "ended" }],
    ["2026-12-01T10:00:00Z", "2026-12-01T18:27:00Z", { kind: "today", at: "19:27" }],
    ["2026-12-01T10:00:00Z", "2026-12-02T18:27:00Z", { kind: "tomorrow", at: "19:27" }],
    // 23:30 Amsterdam, ends 00:30 the next day: one hour left, but it is tomorrow.
    ["2026-12-01T22:30:00Z", "2026-12-01T23:30:00Z", { kind: "tomorrow", at: "00:30" }],
    // 47.8 hours left, ending the day after tomorrow: "nog 2 dagen", never "nog 1 dag".
    ["2026-12-01T00:00:00Z", "2026-12-02T23:48:00Z", { kind: "days", days: 2 }],
    // Right after a 21-day launch: 21, not 20.
    ["2026-12-01T10:00:00Z", "2026-12-22T09:59:00Z", { kind: "days", days: 21 }],
    ["2026-12-01T10:00:00Z", "2026-12-22T10:00:00Z", { kind: "days", days: 21 }],
  ] as const)("timeLeft(now %s, ends %s) = %o", (now, ends, expected) => {
    expect(timeLeft(new Date(ends), new Date(now))).toEqual(expected);
  });
  it("timeLeft without a deadline is nothing", () => {
    expect(timeLeft(null, new Date())).toBeNull();
  });
});
