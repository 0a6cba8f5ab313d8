import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { type LimitCheck, type LimitPolicy, limitPolicies } from "./policies";

/**
 * The abuse limits' counters (app/limits/policies.ts), in Postgres through rate-limiter-flexible,
 * shared by every instance. `check` reads without counting (a correct login should not use up the
 * allowance); `consume` counts one attempt and answers whether it was still allowed.
 */
export interface Limiter {
  check(policy: LimitPolicy, key: string): Promise<LimitCheck>;
  consume(policy: LimitPolicy, key: string, points?: number): Promise<LimitCheck>;
  /** Counts without refusing (failed logins: the check before decides). */
  record(policy: LimitPolicy, key: string): Promise<void>;
  reset(policy: LimitPolicy, key: string): Promise<void>;
}

export function createLimiter(pool: pg.Pool): Limiter {
  const limiters = new Map<LimitPolicy, RateLimiterPostgres>();
  const limiterFor = (policy: LimitPolicy) => {
    let limiter = limiters.get(policy);
    if (!limiter) {
      const { points, seconds } = limitPolicies[policy];
      limiter = new RateLimiterPostgres({
        storeClient: pool,
        storeType: "pool",
        tableName: "rate_limits",
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: policy,
        points,
        duration: seconds,
      });
      limiters.set(policy, limiter);
    }
    return limiter;
  };
  const retryAfter = (res: RateLimiterRes | null) => Math.max(1, Math.ceil((res?.msBeforeNext ?? 0) / 1000));
  const normal = (key: string) => key.toLowerCase().slice(0, 200);
  return {
    async check(policy, key) {
      const res = await limiterFor(policy).get(normal(key));
      return res && res.consumedPoints >= limitPolicies[policy].points ? { ok: false, retryAfterSeconds: retryAfter(res) } : { ok: true };
    },
    async consume(policy, key, points = 1) {
      try {
        await limiterFor(policy).consume(normal(key), points);
        return { ok: true };
      } catch (error) {
        if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: retryAfter(error) };
        throw error;
      }
    },
    async record(policy, key) {
      try {
        await limiterFor(policy).consume(normal(key));
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
      }
    },
    async reset(policy, key) {
      await limiterFor(policy).delete(normal(key));
    },
  };
}
