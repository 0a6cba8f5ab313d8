import type { UserRow } from "../../db/schema";
import type { SessionUser } from "./user";

/** A `users` row as the app sees the signed-in user (no password hash, no timestamps). */
export function toSessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    email: row.email,
    handle: row.handle,
    displayName: row.display_name,
    role: row.role,
    accountType: row.account_type,
    neighbourhoodId: row.neighbourhood_id,
    postcode4: row.postcode4,
    locale: row.locale,
    emailVerified: row.email_verified_at !== null,
  };
}
