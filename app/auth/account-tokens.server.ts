import { createHash, randomBytes } from "node:crypto";
import { notify } from "../notifications/notify.server";
import type { Db } from "../utils/db.server";
import { hashPassword } from "./password.server";
import { endUserSessions } from "./sessions.server";

/**
 * E-mail verification and password reset (docs/decisions/014-account-email-flows.md). A token is
 * 32 random bytes, sent only in the e-mail (as a query parameter: request logs drop query strings);
 * the database keeps its SHA-256. Single use; a reset token lives 1 hour, a verification token 7 days.
 */
export const RESET_TOKEN_TTL_MS = 60 * 60_000;
export const VERIFY_TOKEN_TTL_MS = 7 * 24 * 60 * 60_000;
/** Per account and hour; beyond this, requests are quietly not sent (no mail bombing). */
export const MAX_RESET_MAILS_PER_HOUR = 3;
export const MAX_VERIFY_MAILS_PER_HOUR = 5;

type Purpose = "verify_email" | "password_reset";

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

function looksLikeToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}

async function issueToken(trx: Db, userId: string, purpose: Purpose, now: Date, redirectTo: string | null = null): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const ttl = purpose === "password_reset" ? RESET_TOKEN_TTL_MS : VERIFY_TOKEN_TTL_MS;
  await trx
    .insertInto("account_tokens")
    .values({ user_id: userId, purpose, token_hash: sha256(token), expires_at: new Date(now.getTime() + ttl), created_at: now, redirect_to: redirectTo })
    .execute();
  return token;
}

async function tokensIssuedLastHour(db: Db, userId: string, purpose: Purpose, now: Date): Promise<number> {
  const row = await db
    .selectFrom("account_tokens")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("created_at", ">", new Date(now.getTime() - 60 * 60_000))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inside the sign-up transaction: a verification token and its e-mail (rolled back together). */
export async function startEmailVerification(trx: Db, userId: string, now: Date, redirectTo: string | null = null): Promise<void> {
  const token = await issueToken(trx, userId, "verify_email", now, redirectTo);
  await notify(trx, { userId, kind: "account.verify_email", data: { token } });
}

export type ResendResult = { ok: true } | { ok: false; error: "AlreadyVerified" | "TooMany" };

export async function resendVerificationEmail(db: Db, userId: string, now: Date): Promise<ResendResult> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "email_verified_at"]).where("id", "=", userId).forUpdate().executeTakeFirstOrThrow();
    if (user.email_verified_at) return { ok: false as const, error: "AlreadyVerified" as const };
    if ((await tokensIssuedLastHour(trx, userId, "verify_email", now)) >= MAX_VERIFY_MAILS_PER_HOUR) return { ok: false as const, error: "TooMany" as const };
    await startEmailVerification(trx, userId, now);
    return { ok: true as const };
  });
}

/** Whether a token could be used now (for showing the form; the action checks again under lock). */
export async function isUsableToken(db: Db, purpose: Purpose, token: unknown, now: Date): Promise<boolean> {
  if (!looksLikeToken(token)) return false;
  const row = await db
    .selectFrom("account_tokens")
    .select("id")
    .where("token_hash", "=", sha256(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Boolean(row);
}

/** Locks and consumes a token; null when unknown, of another purpose, used or expired. */
async function consumeToken(trx: Db, purpose: Purpose, token: unknown, now: Date): Promise<{ userId: string; redirectTo: string | null } | null> {
  if (!looksLikeToken(token)) return null;
  const row = await trx
    .selectFrom("account_tokens")
    .select(["id", "user_id", "used_at", "expires_at", "redirect_to"])
    .where("token_hash", "=", sha256(token))
    .where("purpose", "=", purpose)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at.getTime() <= now.getTime()) return null;
  await trx.updateTable("account_tokens").set({ used_at: now }).where("id", "=", row.id).execute();
  return { userId: row.user_id, redirectTo: row.redirect_to };
}

export type TokenResult = { ok: true; userId: string; redirectTo?: string | null } | { ok: false; error: "InvalidToken" };

export async function verifyEmail(db: Db, token: unknown, now: Date): Promise<TokenResult> {
  return db.transaction().execute(async (trx) => {
    const consumed = await consumeToken(trx, "verify_email", token, now);
    if (!consumed) return { ok: false as const, error: "InvalidToken" as const };
    const updated = await trx
      .updateTable("users")
      .set({ email_verified_at: now, updated_at: now })
      .where("id", "=", consumed.userId)
      .where("email_verified_at", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) {
      await trx.insertInto("user_events").values({ user_id: consumed.userId, actor_id: consumed.userId, kind: "email_verified", created_at: now }).execute();
    }
    return { ok: true as const, userId: consumed.userId, redirectTo: consumed.redirectTo };
  });
}

/**
 * Sends a reset link if the address belongs to an account. The caller answers the same either way,
 * so the form does not reveal which addresses have accounts.
 */
export async function requestPasswordReset(db: Db, email: string, now: Date): Promise<{ sent: boolean }> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "suspended_at"]).where("email", "=", email).forUpdate().executeTakeFirst();
    if (!user || user.suspended_at) return { sent: false };
    if ((await tokensIssuedLastHour(trx, user.id, "password_reset", now)) >= MAX_RESET_MAILS_PER_HOUR) return { sent: false };
    const token = await issueToken(trx, user.id, "password_reset", now);
    await notify(trx, { userId: user.id, kind: "account.password_reset", data: { token } });
    return { sent: true };
  });
}

/**
 * Sets a new password with a reset token: the token and every other open reset token of the
 * account are used up, every session of the account ends (whoever holds one may be the reason for
 * the reset: docs/decisions/008), and the address counts as verified (the mail reached it).
 */
export async function resetPassword(db: Db, input: { token: unknown; password: string }, now: Date): Promise<TokenResult> {
  if (!looksLikeToken(input.token)) return { ok: false, error: "InvalidToken" };
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const consumed = await consumeToken(trx, "password_reset", input.token, now);
    if (!consumed) return { ok: false as const, error: "InvalidToken" as const };
    await trx
      .updateTable("account_tokens")
      .set({ used_at: now })
      .where("user_id", "=", consumed.userId)
      .where("purpose", "=", "password_reset")
      .where("used_at", "is", null)
      .execute();
    const user = await trx.selectFrom("users").select("email_verified_at").where("id", "=", consumed.userId).executeTakeFirstOrThrow();
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now, email_verified_at: user.email_verified_at ?? now })
      .where("id", "=", consumed.userId)
      .execute();
    const endedSessions = await endUserSessions(trx, { userId: consumed.userId, reason: "password_reset", now });
    await trx
      .insertInto("user_events")
      .values({ user_id: consumed.userId, actor_id: consumed.userId, kind: "password_reset", data: JSON.stringify({ endedSessions }), created_at: now })
      .execute();
    return { ok: true as const, userId: consumed.userId };
  });
}
