import type { Limiter } from "../limits/limiter.server";
import type { Db } from "../utils/db.server";
import { type LoginResult, verifyLogin } from "./accounts.server";

/**
 * A login attempt under the abuse limits (docs/decisions/015-abuse-limits.md). Guessing from one
 * client is stopped fast (per account + client, and per client across accounts); guessing an
 * account from many clients is slowed by a per-account limit that the owner still passes from a
 * device that logged in before — so nobody can lock someone else out with wrong passwords.
 * Only failures count; a correct password never uses up the allowance.
 */
export type LoginAttempt = LoginResult | { ok: false; error: "limited"; scope: "pair" | "client" | "account"; retryAfterSeconds: number };

export async function attemptLogin(
  deps: { db: Db; limits: Limiter },
  input: { email: string; password: string; clientIp: string; knownDevice: boolean },
): Promise<LoginAttempt> {
  const { limits } = deps;
  const email = input.email.trim().toLowerCase();
  const pairKey = `${email}|${input.clientIp}`;
  const pair = await limits.check("login.pair", pairKey);
  if (!pair.ok) return { ok: false, error: "limited", scope: "pair", retryAfterSeconds: pair.retryAfterSeconds };
  const client = await limits.check("login.client", input.clientIp);
  if (!client.ok) return { ok: false, error: "limited", scope: "client", retryAfterSeconds: client.retryAfterSeconds };
  const account = await limits.check("login.account", email);
  if (!account.ok && !input.knownDevice) return { ok: false, error: "limited", scope: "account", retryAfterSeconds: account.retryAfterSeconds };
  const result = await verifyLogin(deps.db, email, input.password);
  if (!result.ok) {
    await Promise.all([limits.record("login.pair", pairKey), limits.record("login.client", input.clientIp), limits.record("login.account", email)]);
    return result;
  }
  await limits.reset("login.pair", pairKey);
  return result;
}
