import { describe, expect, it } from "vitest";
import {
  attemptTransition,
  checkAmount,
  checkLastDayRule,
  checkPledgeWindow,
  FIX_WINDOW_MS,
  initiatorBackerName,
  isChangeable,
  isFixable,
  type PledgeEvent,
  type PledgeProjectView,
  type PledgeStatus,
  pledgeStatuses,
  publicBackerName,
  remainingPlaces,
  totalsDelta,
  transitionPledge,
} from "./pledge";

const now = new Date("2026-12-01T10:00:00Z");
const events: Record<string, PledgeEvent> = {
  change: { type: "change" },
  cancel: { type: "cancel" },
  charge_processing: { type: "charge_processing" },
  charge_succeeded: { type: "charge_succeeded" },
  charge_failed: { type: "charge_failed", now },
  drop: { type: "drop", now },
  release: { type: "release" },
  refund: { type: "refund" },
  dispute_open: { type: "dispute_open" },
  dispute_won: { type: "dispute_won" },
  dispute_lost: { type: "dispute_lost" },
};

/** Every event from every status, written out by hand ("x" = IllegalTransition). */
const table: Record<keyof typeof events, Record<PledgeStatus, PledgeStatus | "x">> = {
  change: {
    active: "active",
    processing: "x",
    charged: "x",
    payment_failed: "x",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "x",
    charged_back: "x",
  },
  cancel: {
    active: "cancelled",
    processing: "x",
    charged: "x",
    payment_failed: "x",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "x",
    charged_back: "x",
  },
  charge_processing: {
    active: "processing",
    processing: "x",
    charged: "x",
    payment_failed: "processing",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "x",
    charged_back: "x",
  },
  charge_succeeded: {
    active: "charged",
    processing: "charged",
    charged: "x",
    payment_failed: "charged",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "x",
    charged_back: "x",
  },
  charge_failed: {
    active: "payment_failed",
    processing: "payment_failed",
    charged: "x",
    payment_failed: "payment_failed",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "x",
    charged_back: "x",
  },
  // fixUntil in the snapshot below lies in the past, so a failed payment may be dropped.
  drop: {
    active: "x",
    processing: "x",
    charged: "x",
    payment_failed: "dropped",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "x",
    charged_back: "x",
  },
  release: {
    active: "released",
    processing: "x",
    charged: "x",
    payment_failed: "released",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "x",
    charged_back: "x",
  },
  refund: {
    active: "x",
    processing: "x",
    charged: "refunded",
    payment_failed: "x",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "x",
    charged_back: "x",
  },
  dispute_open: {
    active: "x",
    processing: "x",
    charged: "disputed",
    payment_failed: "x",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "x",
    charged_back: "x",
  },
  dispute_won: {
    active: "x",
    processing: "x",
    charged: "x",
    payment_failed: "x",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "charged",
    charged_back: "x",
  },
  // A dispute that closed (lost) before we heard it opened comes straight from charged.
  dispute_lost: {
    active: "x",
    processing: "x",
    charged: "charged_back",
    payment_failed: "x",
    cancelled: "x",
    dropped: "x",
    released: "x",
    refunded: "x",
    disputed: "charged_back",
    charged_back: "x",
  },
};

const cases = Object.entries(table).flatMap(([name, row]) => pledgeStatuses.map((from) => [name, from, row[from]] as const));

describe("transitionPledge — every status × every event", () => {
  it("covers all 10 statuses × 11 events", () => expect(cases).toHaveLength(110));

  it.each(cases)("%s from %s → %s", (name, from, expected) => {
    const result = transitionPledge({ status: from, fixUntil: new Date(now.getTime() - 1) }, events[name]!);
    if (expected === "x") expect(result).toEqual({ ok: false, error: "IllegalTransition" });
    else expect(result).toMatchObject({ ok: true, to: expected });
  });
});

describe("transitionPledge — the fix window", () => {
  it("opens 7 days at the first failure and keeps it on a failed fix", () => {
    const first = transitionPledge({ status: "active", fixUntil: null }, { type: "charge_failed", now });
    expect(first).toEqual({ ok: true, to: "payment_failed", fixUntil: new Date(now.getTime() + FIX_WINDOW_MS) });
    const later = new Date(now.getTime() + 3 * 86_400_000);
    const again = transitionPledge({ status: "payment_failed", fixUntil: new Date(now.getTime() + FIX_WINDOW_MS) }, { type: "charge_failed", now: later });
    expect(again).toEqual({ ok: true, to: "payment_failed", fixUntil: new Date(now.getTime() + FIX_WINDOW_MS) });
  });

  it("refuses to drop while the window is open, drops at its end", () => {
    const fixUntil = new Date(now.getTime() + 1000);
    expect(transitionPledge({ status: "payment_failed", fixUntil }, { type: "drop", now })).toEqual({ ok: false, error: "FixWindowOpen" });
    expect(transitionPledge({ status: "payment_failed", fixUntil }, { type: "drop", now: fixUntil })).toEqual({ ok: true, to: "dropped" });
  });

  it("a successful charge closes the window", () => {
    expect(transitionPledge({ status: "payment_failed", fixUntil: now }, { type: "charge_succeeded" })).toEqual({ ok: true, to: "charged", fixUntil: null });
  });
});

describe("totalsDelta", () => {
  it.each([
    ["a new pledge", null, { status: "active", amountCents: 2500 }, { pledgedCents: 2500, collectedCents: 0, backers: 1 }],
    ["a raise", { status: "active", amountCents: 2500 }, { status: "active", amountCents: 4000 }, { pledgedCents: 1500, collectedCents: 0, backers: 0 }],
    ["a lower", { status: "active", amountCents: 2500 }, { status: "active", amountCents: 1000 }, { pledgedCents: -1500, collectedCents: 0, backers: 0 }],
    ["a cancel", { status: "active", amountCents: 2500 }, { status: "cancelled", amountCents: 2500 }, { pledgedCents: -2500, collectedCents: 0, backers: -1 }],
    ["a charge", { status: "active", amountCents: 2500 }, { status: "charged", amountCents: 2500 }, { pledgedCents: 0, collectedCents: 2500, backers: 0 }],
    ["a failure", { status: "active", amountCents: 2500 }, { status: "payment_failed", amountCents: 2500 }, { pledgedCents: 0, collectedCents: 0, backers: 0 }],
    [
      "a drop",
      { status: "payment_failed", amountCents: 2500 },
      { status: "dropped", amountCents: 2500 },
      { pledgedCents: -2500, collectedCents: 0, backers: -1 },
    ],
    ["a release", { status: "active", amountCents: 2500 }, { status: "released", amountCents: 2500 }, { pledgedCents: 0, collectedCents: 0, backers: 0 }],
    ["a refund", { status: "charged", amountCents: 2500 }, { status: "refunded", amountCents: 2500 }, { pledgedCents: 0, collectedCents: -2500, backers: 0 }],
  ] as const)("%s", (_name, before, after, delta) => {
    expect(totalsDelta(before, after)).toEqual(delta);
  });
});

const live: PledgeProjectView = {
  status: "live",
  fundingModel: "all_or_nothing",
  goalCents: 100_000,
  pledgedCents: 100_000,
  endsAt: new Date(now.getTime() + 12 * 3_600_000),
  initiatorId: "u-initiator",
};

describe("pledge rules", () => {
  it.each([
    [99, null, "BelowMinimum"],
    [100, null, null],
    [1_000_000, null, null],
    [1_000_001, null, "AboveMaximum"],
    [2_499, { minCents: 2_500 }, "BelowTierMinimum"],
    [2_500, { minCents: 2_500 }, null],
  ] as const)("amount %i cents with tier %j → %s", (amount, tier, error) => {
    expect(checkAmount(amount, tier)).toBe(error);
  });

  it.each([
    ["live, before the deadline", live, null],
    ["at the deadline", { ...live, endsAt: now }, "DeadlinePassed"],
    ["approved, not launched", { ...live, status: "approved", endsAt: null }, "ProjectNotLive"],
    ["succeeded", { ...live, status: "succeeded" }, "ProjectNotLive"],
    ["ongoing: monthly gifts only (decision 077)", { ...live, fundingModel: "ongoing", endsAt: null }, "MonthlyOnly"],
  ] as const)("pledge window: %s → %s", (_name, project, error) => {
    expect(checkPledgeWindow(project as PledgeProjectView, now)).toBe(error);
  });

  it.each([
    ["last day, would drop under the goal", live, -1, "WouldDropBelowGoal"],
    ["last day, stays at the goal", { ...live, pledgedCents: 100_500 }, -500, null],
    ["last day, raises", live, 500, null],
    ["last day, already under the goal", { ...live, pledgedCents: 90_000 }, -500, null],
    ["two days before the end", { ...live, endsAt: new Date(now.getTime() + 48 * 3_600_000) }, -50_000, null],
    ["exactly 24 hours before the end", { ...live, endsAt: new Date(now.getTime() + 24 * 3_600_000) }, -1, "WouldDropBelowGoal"],
    ["keep-what-you-raise", { ...live, fundingModel: "keep_what_you_raise" }, -50_000, null],
  ] as const)("last-day rule: %s → %s", (_name, project, delta, error) => {
    expect(checkLastDayRule(project as PledgeProjectView, delta, now)).toBe(error);
  });

  it("remaining places", () => {
    expect(remainingPlaces({ quantity: 10, claimed: 3 })).toBe(7);
    expect(remainingPlaces({ quantity: 10, claimed: 10 })).toBe(0);
    expect(remainingPlaces({ quantity: null, claimed: 99 })).toBeNull();
  });

  it("privacy: the public sees a name only when chosen, the initiator unless anonymous", () => {
    expect([publicBackerName("public", "Eva"), publicBackerName("initiator", "Eva"), publicBackerName("anonymous", "Eva")]).toEqual(["Eva", null, null]);
    expect([initiatorBackerName("public", "Eva"), initiatorBackerName("initiator", "Eva"), initiatorBackerName("anonymous", "Eva")]).toEqual([
      "Eva",
      "Eva",
      null,
    ]);
  });

  it("changeable only while active, all-or-nothing and before the deadline; fixable within the window", () => {
    expect(isChangeable({ status: "active" }, live, now)).toBe(true);
    expect(isChangeable({ status: "active" }, { ...live, fundingModel: "keep_what_you_raise" }, now)).toBe(false);
    expect(isChangeable({ status: "charged" }, live, now)).toBe(false);
    expect(isChangeable({ status: "active" }, { ...live, endsAt: now }, now)).toBe(false);
    const fixUntil = new Date(now.getTime() + 1000);
    expect(isFixable({ status: "payment_failed", fixUntil }, "succeeded", now)).toBe(true);
    expect(isFixable({ status: "payment_failed", fixUntil }, "succeeded", fixUntil)).toBe(false);
    expect(isFixable({ status: "payment_failed", fixUntil }, "cancelled", now)).toBe(false);
    expect(isFixable({ status: "charged", fixUntil: null }, "succeeded", now)).toBe(false);
  });
});

describe("attemptTransition", () => {
  const statuses = ["pending", "processing", "requires_action", "succeeded", "failed"] as const;
  const outcomes = ["processing", "requires_action", "succeeded", "failed"] as const;
  /** current → outcome → next ("-" = no change). */
  const table: Record<(typeof statuses)[number], Record<(typeof outcomes)[number], string>> = {
    pending: { processing: "processing", requires_action: "requires_action", succeeded: "succeeded", failed: "failed" },
    processing: { processing: "-", requires_action: "-", succeeded: "succeeded", failed: "failed" },
    requires_action: { processing: "processing", requires_action: "-", succeeded: "succeeded", failed: "failed" },
    succeeded: { processing: "-", requires_action: "-", succeeded: "-", failed: "-" },
    failed: { processing: "-", requires_action: "-", succeeded: "-", failed: "-" },
  };
  it.each(statuses.flatMap((s) => outcomes.map((o) => [s, o, table[s][o]] as const)))("%s + %s → %s", (current, outcome, next) => {
    expect(attemptTransition(current, outcome)).toBe(next === "-" ? null : next);
  });
});
