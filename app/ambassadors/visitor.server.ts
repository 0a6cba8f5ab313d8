import { randomBytes } from "node:crypto";
import { ATTRIBUTION_WINDOW_DAYS } from "./attribution";
import { isShareCode } from "./share-code";
import { claimVisitorTouches, recordTouch } from "./ambassadors.server";

/**
 * The two first-party cookies of a share link (docs/decisions/076-ambassadors.md), no third-party
 * tracker and never the IP address:
 * - `bk_visitor`: a random id for this browser (24 base64url characters), so a visit before sign-up
 *   can be given to the member afterwards;
 * - `bk_via`: the last share code this browser came through.
 * Both HttpOnly, SameSite=Lax (they come along when the hosted payment page sends the backer back),
 * Secure on https, for the attribution window (30 days).
 */
export const VISITOR_COOKIE = "bk_visitor";
export const VIA_COOKIE = "bk_via";
const VISITOR_SHAPE = /^[A-Za-z0-9_-]{24}$/;
const MAX_AGE = ATTRIBUTION_WINDOW_DAYS * 24 * 60 * 60;

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function readVisitorId(request: Request): string | null {
  const value = readCookie(request, VISITOR_COOKIE);
  return value && VISITOR_SHAPE.test(value) ? value : null;
}

export function readViaCode(request: Request): string | null {
  const value = readCookie(request, VIA_COOKIE);
  return isShareCode(value) ? value : null;
}

export function newVisitorId(): string {
  return randomBytes(18).toString("base64url");
}

function serialize(name: string, value: string, secure: boolean): string {
  return `${name}=${value}; Max-Age=${MAX_AGE}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The Set-Cookie headers for a visit through `code`: the visitor id (kept, or new) and the code. */
export function shareCookies(input: { visitorId: string; code: string; secure: boolean }): string[] {
  return [serialize(VISITOR_COOKIE, input.visitorId, input.secure), serialize(VIA_COOKIE, input.code, input.secure)];
}

/**
 * A page opened through `?via=<code>`: the touch is recorded (once a day per visitor and code) and
 * the cookies to set are returned; null when there is no code or it is not this project's.
 */
export async function visitThroughShareLink(
  db: Parameters<typeof recordTouch>[0],
  input: { request: Request; projectId: string; userId: string | null; now: Date; secure: boolean },
): Promise<{ cookies: string[] } | null> {
  const code = new URL(input.request.url).searchParams.get("via");
  if (!isShareCode(code)) return null;
  const visitorId = readVisitorId(input.request) ?? newVisitorId();
  const touch = await recordTouch(db, { code, projectId: input.projectId, visitorId, userId: input.userId, now: input.now });
  if (!touch.known) return null;
  return { cookies: shareCookies({ visitorId, code, secure: input.secure }) };
}

/** After sign-up or login in this browser: its touches become the member's (nothing without the cookie). */
export async function claimTouchesOfBrowser(db: Parameters<typeof claimVisitorTouches>[0], request: Request, userId: string): Promise<number> {
  const visitorId = readVisitorId(request);
  return visitorId ? claimVisitorTouches(db, { visitorId, userId }) : 0;
}
