import { createHash, randomBytes } from "node:crypto";
import type { SessionEndReason, UserRow } from "../../db/schema";
import type { Db } from "../utils/db.server";
import { toSessionUser } from "./user-row.server";
import type { SessionUser } from "./user";
import { isUuid } from "../utils/ids";

/**
 * Server-side sessions (docs/decisions/008-server-side-sessions.md). The cookie carries a random
 * 32-byte token; the `sessions` table keeps only its SHA-256. A session is valid while it has not
 * ended, was seen within the idle lifetime and is younger than the absolute one. Ending is by id, so
 * no timestamp comparison decides who stays logged in.
 */
export interface SessionLifetimes {
  idleMs: number;
  absoluteMs: number;
}

/** The one place lifetimes come from: SESSION_IDLE_DAYS and SESSION_MAX_DAYS (env.server.ts). */
export function sessionLifetimes(env: { SESSION_IDLE_DAYS: number; SESSION_MAX_DAYS: number }): SessionLifetimes {
  const day = 24 * 60 * 60_000;
  return { idleMs: env.SESSION_IDLE_DAYS * day, absoluteMs: env.SESSION_MAX_DAYS * day };
}

/** last_seen_at is written at most this often per session (not on every request). */
export const TOUCH_EVERY_MS = 5 * 60_000;

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
const looksLikeToken = (token: unknown): token is string => typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);

export async function startSession(
  db: Db,
  input: { userId: string; userAgent: string | null; now: Date; lifetimes: SessionLifetimes },
): Promise<{ token: string; sessionId: string }> {
  const token = randomBytes(32).toString("base64url");
  const row = await db
    .insertInto("sessions")
    .values({
      token_hash: sha256(token),
      user_id: input.userId,
      // eslint-disable-next-line no-control-regex -- control characters are dropped from what we store
      user_agent: (input.userAgent ?? "").replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 300),
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: new Date(input.now.getTime() + input.lifetimes.absoluteMs),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { token, sessionId: row.id };
}

export interface ResolvedSession {
  sessionId: string;
  user: SessionUser;
}

/** The live session for a cookie token and its (not suspended) user, or null. Touches last_seen_at. */
export async function resolveSession(db: Db, token: unknown, now: Date, lifetimes: SessionLifetimes): Promise<ResolvedSession | null> {
  if (!looksLikeToken(token)) return null;
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .selectAll("u")
    .select(["s.id as session_id", "s.last_seen_at as session_last_seen_at"])
    .where("s.token_hash", "=", sha256(token))
    .where("s.ended_at", "is", null)
    .where("s.expires_at", ">", now)
    .where("s.last_seen_at", ">", new Date(now.getTime() - lifetimes.idleMs))
    .executeTakeFirst();
  if (!row || row.suspended_at) return null;
  if (now.getTime() - row.session_last_seen_at.getTime() >= TOUCH_EVERY_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", row.session_id).where("last_seen_at", "<", now).execute();
  }
  const { session_id: sessionId, session_last_seen_at: _seen, ...user } = row;
  return { sessionId, user: toSessionUser(user as UserRow) };
}

/** Ends the session a cookie token belongs to (logout, rotation at login). */
export async function endSessionByToken(db: Db, token: unknown, reason: SessionEndReason, now: Date): Promise<void> {
  if (!looksLikeToken(token)) return;
  await db.updateTable("sessions").set({ ended_at: now, end_reason: reason }).where("token_hash", "=", sha256(token)).where("ended_at", "is", null).execute();
}

/** Ends one of a user's own sessions by id (the profile's session list). */
export async function endOwnSession(db: Db, input: { userId: string; sessionId: string; now: Date }): Promise<boolean> {
  if (!isUuid(input.sessionId)) return false;
  const result = await db
    .updateTable("sessions")
    .set({ ended_at: input.now, end_reason: "ended_by_user" })
    .where("id", "=", input.sessionId)
    .where("user_id", "=", input.userId)
    .where("ended_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends every open session of a user, except `keepSessionId` (a password change keeps the current one). */
export async function endUserSessions(db: Db, input: { userId: string; reason: SessionEndReason; now: Date; keepSessionId?: string }): Promise<number> {
  let query = db
    .updateTable("sessions")
    .set({ ended_at: input.now, end_reason: input.reason })
    .where("user_id", "=", input.userId)
    .where("ended_at", "is", null);
  if (input.keepSessionId) query = query.where("id", "!=", input.keepSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface ActiveSession {
  id: string;
  device: string;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

export async function listActiveSessions(
  db: Db,
  input: { userId: string; currentSessionId: string | null; now: Date; lifetimes: SessionLifetimes },
): Promise<ActiveSession[]> {
  const rows = await db
    .selectFrom("sessions")
    .select(["id", "user_agent", "created_at", "last_seen_at"])
    .where("user_id", "=", input.userId)
    .where("ended_at", "is", null)
    .where("expires_at", ">", input.now)
    .where("last_seen_at", ">", new Date(input.now.getTime() - input.lifetimes.idleMs))
    .orderBy("last_seen_at", "desc")
    .limit(50)
    .execute();
  // This device first, then the most recently seen.
  return rows
    .map((r) => ({
      id: r.id,
      device: describeDevice(r.user_agent),
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      current: r.id === input.currentSessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** "Firefox on Windows" from a User-Agent (rough on purpose: enough to recognise one's devices). */
export function describeDevice(userAgent: string): string {
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /SamsungBrowser\//.test(ua)
          ? "Samsung Internet"
          : /Chrome\/|Chromium\/|CriOS\//.test(ua)
            ? "Chrome"
            : /Safari\//.test(ua)
              ? "Safari"
              : "";
  const os = /iPhone|iPad|iPod/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : "";
  if (browser && os) return `${browser} · ${os}`;
  return browser || os || "";
}
