import { describe, expect, it } from "vitest";
import { type Delivery, type DeliveryEvent, type DeliveryState, LEASE_MS, MAX_ATTEMPTS, newDelivery, retryDelayMs, transition } from "./delivery";

const now = new Date("2026-11-28T10:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

const states: Record<DeliveryState, Delivery> = {
  pending: { ...newDelivery() },
  sending: { ...newDelivery(), state: "sending", attempts: 1, leaseUntil: later(-1) },
  sent: { ...newDelivery(), state: "sent", attempts: 1, sentAt: now },
  failed: { ...newDelivery(), state: "failed", attempts: MAX_ATTEMPTS, lastError: "boom" },
  skipped: { ...newDelivery(), state: "skipped" },
};
const events: Record<DeliveryEvent["type"], DeliveryEvent> = {
  claim: { type: "claim", now, leaseMs: LEASE_MS },
  succeed: { type: "succeed", now },
  fail: { type: "fail", now, error: "connection refused" },
  skip: { type: "skip", now, reason: "opted out" },
  retry: { type: "retry", now },
};

// Every (state, event) pair and where it leads; null = illegal.
const table: [DeliveryState, DeliveryEvent["type"], DeliveryState | null][] = [
  ["pending", "claim", "sending"],
  ["pending", "succeed", null],
  ["pending", "fail", null],
  ["pending", "skip", "skipped"],
  ["pending", "retry", null],
  ["sending", "claim", "sending"], // lease expired (see fixture)
  ["sending", "succeed", "sent"],
  ["sending", "fail", "pending"],
  ["sending", "skip", null],
  ["sending", "retry", null],
  ["sent", "claim", null],
  ["sent", "succeed", null],
  ["sent", "fail", null],
  ["sent", "skip", null],
  ["sent", "retry", null],
  ["failed", "claim", null],
  ["failed", "succeed", null],
  ["failed", "fail", null],
  ["failed", "skip", null],
  ["failed", "retry", "pending"],
  ["skipped", "claim", null],
  ["skipped", "succeed", null],
  ["skipped", "fail", null],
  ["skipped", "skip", null],
  ["skipped", "retry", null],
];

describe("delivery transition", () => {
  it("covers every state × event pair", () => {
    expect(table).toHaveLength(Object.keys(states).length * Object.keys(events).length);
  });

  it.each(table)("%s + %s → %s", (from, event, to) => {
    const result = transition(states[from], events[event]);
    if (to === null) expect(result).toEqual({ ok: false, error: "IllegalTransition" });
    else {
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.next.state).toBe(to);
    }
  });

  it("claims only due deliveries, counting the attempt and taking a lease", () => {
    expect(transition({ ...states.pending, nextAttemptAt: later(1) }, events.claim)).toEqual({ ok: false, error: "NotDue" });
    const r = transition({ ...states.pending, nextAttemptAt: now }, events.claim);
    expect(r).toMatchObject({ ok: true, next: { state: "sending", attempts: 1, leaseUntil: later(LEASE_MS) } });
  });

  it("does not take over a sending delivery while its lease holds", () => {
    expect(transition({ ...states.sending, leaseUntil: later(1) }, events.claim)).toEqual({ ok: false, error: "LeaseHeld" });
    const r = transition({ ...states.sending, leaseUntil: now }, events.claim);
    expect(r).toMatchObject({ ok: true, next: { state: "sending", attempts: 2 } });
  });

  it("retries failures with a growing backoff, then gives up after MAX_ATTEMPTS", () => {
    let d: Delivery = newDelivery();
    const waits: number[] = [];
    let t = now;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const claimed = transition(d, { type: "claim", now: t, leaseMs: LEASE_MS });
      if (!claimed.ok) throw new Error(claimed.error);
      const failed = transition(claimed.next, { type: "fail", now: t, error: `  smtp   down ${i} ` });
      if (!failed.ok) throw new Error(failed.error);
      d = failed.next;
      if (d.state === "pending") {
        waits.push(d.nextAttemptAt!.getTime() - t.getTime());
        t = d.nextAttemptAt!;
      }
    }
    expect(d.state).toBe("failed");
    expect(d.attempts).toBe(MAX_ATTEMPTS);
    expect(d.lastError).toBe(`smtp down ${MAX_ATTEMPTS - 1}`);
    expect(waits).toHaveLength(MAX_ATTEMPTS - 1);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(waits[0]).toBe(60_000);
    expect(retryDelayMs(100)).toBe(12 * 3600_000);
  });

  it("an admin retry starts a fresh round, due now", () => {
    const r = transition(states.failed, events.retry);
    expect(r).toMatchObject({ ok: true, next: { state: "pending", attempts: 0, nextAttemptAt: now, lastError: "boom" } });
  });

  it("records when a delivery was sent and clears the error", () => {
    const r = transition({ ...states.sending, lastError: "earlier" }, events.succeed);
    expect(r).toMatchObject({ ok: true, next: { state: "sent", sentAt: now, lastError: null, leaseUntil: null } });
  });
});
