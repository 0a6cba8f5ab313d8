import type { AccountType, Locale, Role } from "../../db/schema";

/** The signed-in user as pages and services see them (no password hash, no internals). */
export interface SessionUser {
  id: string;
  email: string;
  handle: string;
  displayName: string;
  role: Role;
  accountType: AccountType;
  neighbourhoodId: string;
  postcode4: string | null;
  locale: Locale;
  emailVerified: boolean;
}

export function hasRole(user: Pick<SessionUser, "role"> | null | undefined, ...roles: Role[]): boolean {
  if (!user) return false;
  // Admins can do everything moderators can.
  return roles.includes(user.role) || (user.role === "admin" && roles.includes("moderator"));
}
