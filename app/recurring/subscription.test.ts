import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  changeSubscription,
  isCharged,
  MAX_MONTHLY_CENTS,
  MIN_MONTHLY_CENTS,
  subscriptionStatuses,
  type SubscriptionEvent,
  type SubscriptionStatus,
} from "./subscription";

const at = (status: SubscriptionStatus, amountCents = 1_000) => ({ status, amountCents });

describe("the subscription lifecycle (table)", () => {
  it.each<[SubscriptionStatus, SubscriptionEvent, SubscriptionStatus | string]>([
    ["pending", { type: "first_payment_succeeded" }, "active"],
    ["pending", { type: "payment_failed" }, "pending"],
    ["pending", { type: "pause" }, "recurring.error.notNow"],
    ["pending", { type: "cancel", by: "backer" }, "cancelled"],
    ["active", { type: "payment_succeeded" }, "active"],
    ["active", { type: "payment_failed" }, "past_due"],
    ["active", { type: "pause" }, "paused"],
    ["active", { type: "resume" }, "recurring.error.notNow"],
    ["active", { type: "first_payment_succeeded" }, "recurring.error.notNow"],
    ["active", { type: "give_up" }, "recurring.error.notNow"],
    ["active", { type: "cancel", by: "backer" }, "cancelled"],
    ["paused", { type: "resume" }, "active"],
    ["paused", { type: "pause" }, "recurring.error.notNow"],
    ["paused", { type: "payment_succeeded" }, "recurring.error.notNow"],
    ["paused", { type: "payment_failed" }, "recurring.error.notNow"],
    ["paused", { type: "cancel", by: "backer" }, "cancelled"],
    ["past_due", { type: "payment_succeeded" }, "active"],
    ["past_due", { type: "payment_failed" }, "past_due"],
    ["past_due", { type: "give_up" }, "cancelled"],
    ["past_due", { type: "pause" }, "recurring.error.notNow"],
    ["past_due", { type: "cancel", by: "system" }, "cancelled"],
    ["cancelled", { type: "resume" }, "recurring.error.cancelled"],
    ["cancelled", { type: "payment_succeeded" }, "recurring.error.cancelled"],
    ["cancelled", { type: "cancel", by: "backer" }, "recurring.error.cancelled"],
  ])("%s + %o → %s", (from, event, expected) => {
    const change = changeSubscription(at(from), event);
    expect(change.ok ? change.to : change.error).toBe(expected);
  });

  it.each<[SubscriptionStatus, number, number | string]>([
    ["active", 2_500, 2_500],
    ["paused", 2_500, 2_500],
    ["active", MIN_MONTHLY_CENTS - 1, "recurring.error.amount"],
    ["active", MAX_MONTHLY_CENTS + 1, "recurring.error.amount"],
    ["active", 10.5, "recurring.error.amount"],
    ["pending", 2_500, "recurring.error.notNow"],
    ["past_due", 2_500, "recurring.error.notNow"],
  ])("changing the amount while %s to %s: %s", (from, amountCents, expected) => {
    const change = changeSubscription(at(from), { type: "change_amount", amountCents });
    expect(change.ok ? change.amountCents : change.error).toBe(expected);
    if (change.ok) expect(change.to).toBe(from);
  });

  it("charges only an active or overdue subscription", () => {
    expect(subscriptionStatuses.filter(isCharged)).toEqual(["active", "past_due"]);
  });
});

const event: fc.Arbitrary<SubscriptionEvent> = fc.oneof(
  fc.constant({ type: "first_payment_succeeded" as const }),
  fc.constant({ type: "payment_succeeded" as const }),
  fc.constant({ type: "payment_failed" as const }),
  fc.constant({ type: "pause" as const }),
  fc.constant({ type: "resume" as const }),
  fc.constant({ type: "give_up" as const }),
  fc.constantFrom("backer" as const, "system" as const).map((by) => ({ type: "cancel" as const, by })),
  fc.integer({ min: -100, max: 200_000 }).map((amountCents) => ({ type: "change_amount" as const, amountCents })),
);

describe("the subscription lifecycle (properties)", () => {
  it("over any sequence of events: cancelled is final, the amount stays valid, a refusal changes nothing", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let state = at("pending", 1_000);
        let cancelled = false;
        for (const e of events) {
          const change = changeSubscription(state, e);
          if (cancelled) expect(change).toEqual({ ok: false, error: "recurring.error.cancelled" });
          if (!change.ok) continue;
          // Never back to pending once it ran; only a first payment leaves pending for active.
          if (state.status !== "pending") expect(change.to).not.toBe("pending");
          if (state.status === "pending" && change.to === "active") expect(e.type).toBe("first_payment_succeeded");
          state = { status: change.to, amountCents: change.amountCents };
          expect(state.amountCents >= MIN_MONTHLY_CENTS && state.amountCents <= MAX_MONTHLY_CENTS).toBe(true);
          if (state.status === "cancelled") cancelled = true;
        }
      }),
      { numRuns: 500 },
    );
  });
});
