/**
 * A limiter for requests to the payment gateway (GATEWAY_RATE_LIMIT, requests per second; issue 17,
 * docs/decisions/084-settlement-at-the-gateway-rate.md). Stripe answers 429 above its limit (about
 * 100 per second in live mode); settlement keeps under it with this limiter instead of finding the
 * limit by being refused.
 *
 * A generic cell-rate algorithm: each request takes the next slot, one every `1000 / perSecond` ms,
 * and waits until its slot comes. `burst` slots may be taken at once after a quiet while. Callers
 * running at the same time (several charges in flight) share the slots, so together they keep the
 * rate. After a 429, `backOff(ms)` moves the next slot past the pause for everyone.
 */
export interface RateLimiter {
  readonly perSecond: number;
  /** Resolves when this request may go. */
  take(): Promise<void>;
  /** The gateway said "too many": no request before `ms` from now. */
  backOff(ms: number): void;
}

export interface RateLimiterOptions {
  perSecond: number;
  /** Slots that may be taken at once after a quiet while (default 1: evenly spaced). */
  burst?: number;
  /** Milliseconds, monotonic (default performance.now). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perSecond } = options;
  if (!(perSecond > 0)) throw new Error("a rate limit must be above 0 requests per second");
  const interval = 1000 / perSecond;
  const burst = Math.max(1, Math.floor(options.burst ?? 1));
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // The time of the next free slot (the "theoretical arrival time").
  let next = Number.NEGATIVE_INFINITY;
  return {
    perSecond,
    async take() {
      const t = now();
      const slot = Math.max(next, t - (burst - 1) * interval);
      next = slot + interval;
      const wait = slot - t;
      if (wait > 0) await sleep(wait);
    },
    backOff(ms) {
      next = Math.max(next, now() + ms);
    },
  };
}

const shared = new Map<number, RateLimiter>();

/**
 * The process's limiter for a rate: every settlement run in this process (the job's, and the
 * benchmark's) shares it. With several worker processes, give each its share of the gateway's limit.
 */
export function sharedGatewayLimiter(perSecond: number): RateLimiter {
  let limiter = shared.get(perSecond);
  if (!limiter) {
    limiter = createRateLimiter({ perSecond });
    shared.set(perSecond, limiter);
  }
  return limiter;
}
