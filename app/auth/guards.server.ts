import { type AppLoadContext, data, redirect } from "@remix-run/node";
import type { Role } from "../../db/schema";
import { getUserById } from "./accounts.server";
import { loginRedirect, safeRedirect } from "./session.server";
import { hasRole, type SessionUser } from "./user";

const cache = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in user, or null. A session issued before the last password change is void. */
export function getOptionalUser(context: AppLoadContext, request: Request): Promise<SessionUser | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = (async () => {
      const { sessions, db } = context.services;
      const session = await sessions.getSession(request);
      const userId = session.get("userId");
      if (!userId) return null;
      const user = await getUserById(db, userId);
      if (!user || user.suspended) return null;
      const issuedAt = session.get("issuedAt") ?? 0;
      if (issuedAt < user.passwordChangedAt.getTime() - 1000) return null;
      const { passwordChangedAt: _p, suspended: _s, ...sessionUser } = user;
      return sessionUser;
    })();
    cache.set(request, pending);
  }
  return pending;
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

export async function createUserSession(
  context: AppLoadContext,
  request: Request,
  user: SessionUser,
  redirectTo: string | null | undefined,
): Promise<Response> {
  const { sessions, clock } = context.services;
  const session = await sessions.getSession(request);
  // A fresh session on login: nothing from before login carries over (session fixation).
  session.set("userId", user.id);
  session.set("issuedAt", Math.max(Date.now(), clock.now().getTime()));
  return redirect(safeRedirect(redirectTo, "/"), {
    headers: { "Set-Cookie": await sessions.commitSession(request, session) },
  });
}

export async function logout(context: AppLoadContext, request: Request): Promise<Response> {
  const { sessions } = context.services;
  const session = await sessions.getSession(request);
  return redirect("/", { headers: { "Set-Cookie": await sessions.destroySession(request, session) } });
}
