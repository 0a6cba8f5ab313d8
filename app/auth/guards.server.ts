import { type AppLoadContext, data, redirect } from "@remix-run/node";
import type { Role } from "../../db/schema";
import { loginRedirect, safeRedirect, type SessionFlash } from "./session.server";
import { endSessionByToken, endUserSessions, resolveSession, type ResolvedSession, sessionLifetimes, startSession } from "./sessions.server";
import { hasRole, type SessionUser } from "./user";

const cache = new WeakMap<Request, Promise<ResolvedSession | null>>();

/**
 * The request's live server-side session and its user, or null (docs/decisions/008). Looked up once
 * per HTTP request: the loaders of one page view (root and route) share the answer through the
 * request's scope, keyed by the cookie they carry. An action (a non-GET request) always looks it up
 * afresh and drops what the scope held, so the loaders Remix runs after it see what it changed.
 */
export function getCurrentSession(context: AppLoadContext, request: Request): Promise<ResolvedSession | null> {
  const scope = context.requestScope;
  const scopeKey = `session:${request.headers.get("cookie") ?? ""}`;
  const reading = request.method === "GET" || request.method === "HEAD";
  if (scope && !reading) scope.delete(scopeKey);
  let pending = (scope && reading ? (scope.get(scopeKey) as Promise<ResolvedSession | null> | undefined) : undefined) ?? cache.get(request);
  if (!pending) {
    pending = (async () => {
      const { sessions, db, clock, env } = context.services;
      const session = await sessions.getSession(request);
      const token = session.get("token");
      if (!token) return null;
      return resolveSession(db, token, clock.now(), sessionLifetimes(env));
    })();
    cache.set(request, pending);
    if (scope && reading) scope.set(scopeKey, pending);
  }
  return pending;
}

/** The signed-in user, or null. Ended, idle, expired and suspended sessions are nobody's. */
export async function getOptionalUser(context: AppLoadContext, request: Request): Promise<SessionUser | null> {
  return (await getCurrentSession(context, request))?.user ?? null;
}

/** The signed-in user; otherwise a redirect to the login page that comes back here afterwards. */
export async function requireUser(context: AppLoadContext, request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(context, request);
  if (!user) loginRedirect(request);
  return user;
}

/** The signed-in user with one of `roles` (admins pass moderator checks); otherwise 403. */
export async function requireRole(context: AppLoadContext, request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(context, request);
  if (!hasRole(user, ...roles)) throw data({ error: "forbidden" }, { status: 403 });
  return user;
}

/**
 * Logs `user` in: a new server-side session with a new token (the id rotates at every login; a
 * session the browser held before is ended), and the cookie that carries it.
 */
export async function createUserSession(
  context: AppLoadContext,
  request: Request,
  user: SessionUser,
  redirectTo: string | null | undefined,
  flash?: SessionFlash["flash"],
): Promise<Response> {
  const { sessions, clock, db, env } = context.services;
  const now = clock.now();
  const previous = await sessions.getSession(request);
  await endSessionByToken(db, previous.get("token"), "rotated", now);
  const { token } = await startSession(db, { userId: user.id, userAgent: request.headers.get("user-agent"), now, lifetimes: sessionLifetimes(env) });
  // A fresh cookie session: nothing from before login carries over (session fixation).
  const session = await sessions.getSession(new Request(request.url));
  session.set("token", token);
  if (flash) session.flash("flash", flash);
  return redirect(safeRedirect(redirectTo, "/"), {
    headers: { "Set-Cookie": await sessions.commitSession(request, session) },
  });
}

/** Ends this browser's session at once (its cookie stops working even if someone kept a copy). */
export async function logout(context: AppLoadContext, request: Request): Promise<Response> {
  const { sessions, db, clock } = context.services;
  const session = await sessions.getSession(request);
  await endSessionByToken(db, session.get("token"), "logout", clock.now());
  return redirect("/", { headers: { "Set-Cookie": await sessions.destroySession(request, session) } });
}

/** "Log out everywhere": ends every session of the signed-in user, this one included. */
export async function logoutEverywhere(context: AppLoadContext, request: Request, userId: string): Promise<Response> {
  const { sessions, db, clock } = context.services;
  const session = await sessions.getSession(request);
  await endUserSessions(db, { userId, reason: "logout_everywhere", now: clock.now() });
  return redirect("/login", { headers: { "Set-Cookie": await sessions.destroySession(request, session) } });
}
