/**
 * The life of one e-mail delivery (docs/decisions/011-email-delivery.md). Pure: the writer in
 * delivery.server.ts locks the row, applies `transition`, and stores the result with an event row.
 *
 *   pending ──claim──▶ sending ──succeed──▶ sent
 *      ▲  │               │  ▲
 *      │  skip            │  └─claim (lease expired: the worker died mid-send)
 *      │  ▼               │
 *      │ skipped          fail ──(attempts left)──▶ pending (next attempt after a backoff)
 *      │                  └────(no attempts left)─▶ failed ──retry (admin)──▶ pending
 */
export type DeliveryState = "pending" | "sending" | "sent" | "failed" | "skipped";

export interface Delivery {
  state: DeliveryState;
  attempts: number;
  /** When a pending delivery is due; null = at once. */
  nextAttemptAt: Date | null;
  /** Until when a sending delivery belongs to the worker that claimed it. */
  leaseUntil: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

export type DeliveryEvent =
  | { type: "claim"; now: Date; leaseMs: number }
  | { type: "succeed"; now: Date }
  | { type: "fail"; now: Date; error: string }
  | { type: "skip"; now: Date; reason: string }
  | { type: "retry"; now: Date };

export type TransitionError = "IllegalTransition" | "NotDue" | "LeaseHeld";
export type TransitionResult = { ok: true; next: Delivery; note: string } | { ok: false; error: TransitionError };

/** Attempts before a delivery is given up (then an admin sees it and may retry it). */
export const MAX_ATTEMPTS = 8;
/** A claimed delivery is the claimer's for this long; after that another worker may take it over. */
export const LEASE_MS = 10 * 60_000;
const MINUTE = 60_000;
/** Wait after the n-th failed attempt (1-based): 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h. */
const BACKOFF_MS = [1, 5, 15, 60, 180, 360, 720].map((m) => m * MINUTE);

export function retryDelayMs(failedAttempts: number): number {
  const i = Math.min(Math.max(failedAttempts, 1), BACKOFF_MS.length) - 1;
  return BACKOFF_MS[i]!;
}

export const newDelivery = (): Delivery => ({ state: "pending", attempts: 0, nextAttemptAt: null, leaseUntil: null, lastError: null, sentAt: null });

const isDue = (d: Delivery, now: Date) => d.nextAttemptAt === null || d.nextAttemptAt.getTime() <= now.getTime();
const leaseExpired = (d: Delivery, now: Date) => d.leaseUntil === null || d.leaseUntil.getTime() <= now.getTime();
const errorText = (error: string) => error.replace(/\s+/g, " ").trim().slice(0, 1000) || "unknown error";

export function transition(d: Delivery, event: DeliveryEvent): TransitionResult {
  const illegal = { ok: false, error: "IllegalTransition" } as const;
  switch (event.type) {
    case "claim": {
      if (d.state === "pending") {
        if (!isDue(d, event.now)) return { ok: false, error: "NotDue" };
        return {
          ok: true,
          next: { ...d, state: "sending", attempts: d.attempts + 1, leaseUntil: new Date(event.now.getTime() + event.leaseMs) },
          note: `attempt ${d.attempts + 1}`,
        };
      }
      if (d.state === "sending") {
        if (!leaseExpired(d, event.now)) return { ok: false, error: "LeaseHeld" };
        // The previous worker died between claiming and recording the outcome. The mail may have
        // gone out; the deterministic Message-ID lets the mailbox (and mail clients) drop a repeat.
        return {
          ok: true,
          next: { ...d, state: "sending", attempts: d.attempts + 1, leaseUntil: new Date(event.now.getTime() + event.leaseMs) },
          note: `attempt ${d.attempts + 1} (previous claim expired)`,
        };
      }
      return illegal;
    }
    case "succeed":
      if (d.state !== "sending") return illegal;
      return { ok: true, next: { ...d, state: "sent", leaseUntil: null, nextAttemptAt: null, sentAt: event.now, lastError: null }, note: "" };
    case "fail": {
      if (d.state !== "sending") return illegal;
      const lastError = errorText(event.error);
      if (d.attempts >= MAX_ATTEMPTS) {
        return { ok: true, next: { ...d, state: "failed", leaseUntil: null, nextAttemptAt: null, lastError }, note: lastError };
      }
      const nextAttemptAt = new Date(event.now.getTime() + retryDelayMs(d.attempts));
      return { ok: true, next: { ...d, state: "pending", leaseUntil: null, nextAttemptAt, lastError }, note: lastError };
    }
    case "skip":
      if (d.state !== "pending") return illegal;
      return { ok: true, next: { ...d, state: "skipped", nextAttemptAt: null, leaseUntil: null }, note: event.reason };
    case "retry":
      if (d.state !== "failed") return illegal;
      // A fresh round of attempts; the history stays in the event rows.
      return { ok: true, next: { ...d, state: "pending", attempts: 0, nextAttemptAt: event.now, leaseUntil: null }, note: "retry requested" };
    default: {
      const never: never = event;
      throw new Error(`Unknown delivery event ${JSON.stringify(never)}`);
    }
  }
}
