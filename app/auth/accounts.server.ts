import { sql } from "kysely";
import type { UserRow } from "../../db/schema";
import { type Db, isUniqueViolation } from "../utils/db.server";
import { handleBase, type ProfileInput, SignupSchema } from "./account-schema";
import { notify } from "../notifications/notify.server";
import { startEmailVerification } from "./account-tokens.server";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password.server";
import { endUserSessions } from "./sessions.server";
import type { SessionUser } from "./user";
import { toSessionUser } from "./user-row.server";
import { isUuid } from "../utils/ids";

export { toSessionUser };

export async function getUserById(db: Db, id: string): Promise<(SessionUser & { passwordChangedAt: Date; suspended: boolean }) | null> {
  if (!isUuid(id)) return null;
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  return row
    ? {
        ...toSessionUser(row),
        passwordChangedAt: row.password_changed_at,
        suspended: row.suspended_at !== null,
      }
    : null;
}

async function uniqueHandle(db: Db, displayName: string): Promise<string> {
  const base = handleBase(displayName);
  const taken = new Set(
    (
      await db
        .selectFrom("users")
        .select("handle")
        .where(sql`lower(handle::text)`, "like", `${base}%`)
        .execute()
    ).map((r) => r.handle.toLowerCase()),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export interface SignupParams {
  email: string;
  displayName: string;
  password: string;
  neighbourhoodId: string;
  postcode?: string;
  locale: "nl" | "en";
  role?: UserRow["role"];
  accountType?: UserRow["account_type"];
  emailVerified?: boolean;
  /** Where the verification link leads after confirming (a same-site path). */
  redirectTo?: string | null;
}

export type SignupError = "auth.error.emailTaken" | "auth.error.neighbourhoodRequired";

/**
 * Creates an account and its first event, and (unless created verified) queues the e-mail
 * verification mail. Runs in a transaction: a failure writes nothing.
 * Returns a business error (shown next to the field) for a taken e-mail or unknown neighbourhood.
 */
export async function signUp(
  db: Db,
  input: SignupParams,
  now: Date,
): Promise<{ ok: true; user: SessionUser } | { ok: false; field: "email" | "neighbourhoodId"; error: SignupError }> {
  const passwordHash = await hashPassword(input.password);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const neighbourhood = await trx.selectFrom("neighbourhoods").select("id").where("id", "=", input.neighbourhoodId).executeTakeFirst();
        if (!neighbourhood)
          return {
            ok: false as const,
            field: "neighbourhoodId" as const,
            error: "auth.error.neighbourhoodRequired" as const,
          };
        const existing = await trx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
        if (existing)
          return {
            ok: false as const,
            field: "email" as const,
            error: "auth.error.emailTaken" as const,
          };
        const handle = await uniqueHandle(trx, input.displayName);
        const row = await trx
          .insertInto("users")
          .values({
            email: input.email,
            handle,
            display_name: input.displayName,
            password_hash: passwordHash,
            neighbourhood_id: input.neighbourhoodId,
            postcode4: input.postcode ?? null,
            locale: input.locale,
            role: input.role ?? "member",
            account_type: input.accountType ?? "person",
            email_verified_at: input.emailVerified ? now : null,
            password_changed_at: now,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("user_events")
          .values({
            user_id: row.id,
            actor_id: row.id,
            kind: "signed_up",
            data: JSON.stringify({ neighbourhoodId: row.neighbourhood_id }),
            created_at: now,
          })
          .execute();
        // The verification mail goes into the outbox in this transaction: no account, no mail.
        if (!row.email_verified_at) await startEmailVerification(trx, row.id, now, input.redirectTo ?? null);
        return { ok: true as const, user: toSessionUser(row) };
      });
    } catch (error) {
      // Two sign-ups racing for one address: the unique index decides. The violation aborts the
      // transaction, so it is answered here, after the rollback (never caught inside it).
      if (isUniqueViolation(error, "users_email_key")) return { ok: false, field: "email", error: "auth.error.emailTaken" };
      // Two neighbours with the same name signing up at once: the second tries the next free handle.
      if (isUniqueViolation(error, "users_handle_key") && attempt < 5) continue;
      throw error;
    }
  }
}

export type SignUpOutcome = { ok: true; created: SessionUser | null } | { ok: false; field: "neighbourhoodId"; error: "auth.error.neighbourhoodRequired" };

/**
 * Sign-up that does not tell who has an account (issue 8 §4): a new address gets its account and a
 * verification mail; an address with an account gets a mail telling its owner ("you already have
 * one: log in"), at most one per hour. Both answer the same to the form.
 */
export async function signUpOrNotify(db: Db, input: SignupParams, now: Date): Promise<SignUpOutcome> {
  const result = await signUp(db, input, now);
  if (result.ok) return { ok: true, created: result.user };
  if (result.field === "neighbourhoodId") return { ok: false, field: "neighbourhoodId", error: "auth.error.neighbourhoodRequired" };
  await db.transaction().execute(async (trx) => {
    const owner = await trx.selectFrom("users").select(["id", "suspended_at"]).where("email", "=", input.email).executeTakeFirst();
    if (!owner || owner.suspended_at) return;
    const hour = now.toISOString().slice(0, 13);
    await notify(trx, { userId: owner.id, kind: "account.signup_existing", data: {}, dedupeKey: `signup-existing:${owner.id}:${hour}` });
  });
  return { ok: true, created: null };
}

export type LoginResult = { ok: true; user: SessionUser } | { ok: false; error: "invalid" | "suspended" };

export async function verifyLogin(db: Db, email: string, password: string): Promise<LoginResult> {
  const row = await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
  if (!row) {
    await burnPasswordCheck(password);
    return { ok: false, error: "invalid" };
  }
  if (row.deleted_at || !(await verifyPassword(row.password_hash, password))) return { ok: false, error: "invalid" };
  if (row.suspended_at) return { ok: false, error: "suspended" };
  return { ok: true, user: toSessionUser(row) };
}

export async function updateProfile(db: Db, userId: string, input: ProfileInput, now: Date): Promise<SessionUser> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("users")
      .set({
        display_name: input.displayName,
        bio: input.bio,
        locale: input.locale,
        updated_at: now,
      })
      .where("id", "=", userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("user_events")
      .values({
        user_id: userId,
        actor_id: userId,
        kind: "profile_updated",
        data: JSON.stringify({ locale: input.locale }),
        created_at: now,
      })
      .execute();
    return toSessionUser(row);
  });
}

export async function setUserLocale(db: Db, userId: string, locale: "nl" | "en"): Promise<void> {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

export interface PublicProfile {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  role: UserRow["role"];
  accountType: UserRow["account_type"];
  neighbourhood: { id: string; name: string };
  memberSince: Date;
}

export async function getPublicProfile(db: Db, handle: string): Promise<PublicProfile | null> {
  const row = await db
    .selectFrom("users")
    .innerJoin("neighbourhoods", "neighbourhoods.id", "users.neighbourhood_id")
    .select([
      "users.id",
      "users.handle",
      "users.display_name",
      "users.bio",
      "users.role",
      "users.account_type",
      "users.created_at",
      "neighbourhoods.id as neighbourhood_id",
      "neighbourhoods.name as neighbourhood_name",
    ])
    .where("users.handle", "=", handle)
    .where("users.suspended_at", "is", null)
    // An erased account has no public page (docs/privacy.md).
    .where("users.deleted_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.display_name,
    bio: row.bio,
    role: row.role,
    accountType: row.account_type,
    neighbourhood: { id: row.neighbourhood_id, name: row.neighbourhood_name },
    memberSince: row.created_at,
  };
}

export type CreateAdminResult =
  | { ok: true; user: SessionUser; promoted: boolean }
  | {
      ok: false;
      error: "EmailTaken" | "UnknownNeighbourhood" | "InvalidInput";
      detail?: string;
    };

/**
 * The first admin of a real deployment (`npm run admin:create`), never a seed. An existing account
 * becomes admin only when `promote` is set; every change leaves a user event.
 */
export async function createAdminAccount(
  db: Db,
  input: {
    email: string;
    displayName: string;
    password: string;
    neighbourhoodId: string;
    promote?: boolean;
  },
  now: Date,
): Promise<CreateAdminResult> {
  const parsed = SignupSchema.safeParse({
    email: input.email,
    displayName: input.displayName,
    password: input.password,
    neighbourhoodId: input.neighbourhoodId,
  });
  if (!parsed.success)
    return {
      ok: false,
      error: "InvalidInput",
      detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    };
  const { email } = parsed.data;
  const existing = await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
  if (existing) {
    if (!input.promote) return { ok: false, error: "EmailTaken" };
    const passwordHash = await hashPassword(parsed.data.password);
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable("users")
        .set({
          role: "admin",
          password_hash: passwordHash,
          password_changed_at: now,
          updated_at: now,
          email_verified_at: existing.email_verified_at ?? now,
        })
        .where("id", "=", existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("user_events")
        .values({
          user_id: row.id,
          kind: "made_admin",
          data: JSON.stringify({
            by: "admin:create",
            previousRole: existing.role,
          }),
          created_at: now,
        })
        .execute();
      return { ok: true as const, user: toSessionUser(row), promoted: true };
    });
  }
  const result = await signUp(db, { ...parsed.data, locale: "nl", role: "admin", emailVerified: true }, now);
  if (!result.ok)
    return {
      ok: false,
      error: result.error === "auth.error.emailTaken" ? "EmailTaken" : "UnknownNeighbourhood",
    };
  return { ok: true, user: result.user, promoted: false };
}

export type ChangePasswordResult =
  | { ok: true; endedSessions: number }
  | {
      ok: false;
      field: "currentPassword";
      error: "auth.password.currentWrong";
    };

/**
 * Changes the password of a signed-in user who knows the current one. Every other session of the
 * account ends at once; the one making the change stays (docs/decisions/008).
 */
export async function changePassword(
  db: Db,
  input: {
    userId: string;
    currentPassword: string;
    newPassword: string;
    keepSessionId: string;
  },
  now: Date,
): Promise<ChangePasswordResult> {
  const row = await db.selectFrom("users").select(["password_hash"]).where("id", "=", input.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.currentPassword)))
    return {
      ok: false,
      field: "currentPassword",
      error: "auth.password.currentWrong",
    };
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({
        password_hash: passwordHash,
        password_changed_at: now,
        updated_at: now,
      })
      .where("id", "=", input.userId)
      .execute();
    const endedSessions = await endUserSessions(trx, {
      userId: input.userId,
      reason: "password_changed",
      now,
      keepSessionId: input.keepSessionId,
    });
    await trx
      .insertInto("user_events")
      .values({
        user_id: input.userId,
        actor_id: input.userId,
        kind: "password_changed",
        data: JSON.stringify({ endedSessions }),
        created_at: now,
      })
      .execute();
    return { ok: true as const, endedSessions };
  });
}
