import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Failed-login limits (docs/decisions/003-sessions-and-auth.md). State lives in Postgres
 * (`rate_limits`), so all app instances share it.
 */
export const LOGIN_LIMITS = {
  perEmail: { points: 10, durationSeconds: 15 * 60 },
  // Households and offices share an address, so the per-address limit is looser.
  perIp: { points: 30, durationSeconds: 15 * 60 },
};

export type LimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface LoginLimiter {
  check(email: string, ip: string): Promise<LimitCheck>;
  recordFailure(email: string, ip: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

export function createLoginLimiter(pool: pg.Pool): LoginLimiter {
  const common = { storeClient: pool, storeType: "pool", tableName: "rate_limits", tableCreated: true, clearExpiredByTimeout: false };
  const byEmail = new RateLimiterPostgres({
    ...common,
    keyPrefix: "login:email",
    points: LOGIN_LIMITS.perEmail.points,
    duration: LOGIN_LIMITS.perEmail.durationSeconds,
  });
  const byIp = new RateLimiterPostgres({
    ...common,
    keyPrefix: "login:ip",
    points: LOGIN_LIMITS.perIp.points,
    duration: LOGIN_LIMITS.perIp.durationSeconds,
  });
  const retryAfter = (res: RateLimiterRes | null) => Math.max(1, Math.ceil((res?.msBeforeNext ?? 0) / 1000));
  const consume = async (limiter: RateLimiterPostgres, key: string) => {
    try {
      await limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
    }
  };
  return {
    async check(email, ip) {
      const [e, i] = await Promise.all([byEmail.get(email.toLowerCase()), byIp.get(ip)]);
      const blocked = [e && e.consumedPoints >= LOGIN_LIMITS.perEmail.points ? e : null, i && i.consumedPoints >= LOGIN_LIMITS.perIp.points ? i : null].filter(
        (r): r is RateLimiterRes => r !== null,
      );
      if (blocked.length === 0) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(...blocked.map(retryAfter)) };
    },
    async recordFailure(email, ip) {
      await consume(byEmail, email.toLowerCase());
      await consume(byIp, ip);
    },
    async recordSuccess(email) {
      await byEmail.delete(email.toLowerCase());
    },
  };
}
