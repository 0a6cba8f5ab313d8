import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { verifyPassword } from "../auth/password.server";
import type { MessageKey } from "../i18n/i18n";
import type { PersonalDataContribution } from "../services.server";
import type { FileStorage } from "../storage/storage.server";
import type { Db } from "../utils/db.server";

/**
 * "Delete my account" (GDPR/AVG article 17, docs/decisions/074, docs/privacy.md): refused while
 * something is open (each feature's `blockers`), otherwise ONE transaction runs every feature's
 * `erase` under the users row's lock and writes an `account.erased` event. Files go after commit.
 */
export const FORMER_MEMBER_NAME = "voormalig lid";

export async function accountBlockers(db: Db, contributions: readonly PersonalDataContribution[], input: { userId: string; now: Date }): Promise<MessageKey[]> {
  const keys: MessageKey[] = [];
  for (const c of contributions) for (const key of await c.blockers(db, input)) if (!keys.includes(key)) keys.push(key);
  return keys;
}

export type EraseResult = { ok: true } | { ok: false; error: "PasswordWrong" | "AlreadyErased" } | { ok: false; error: "Open"; blockers: MessageKey[] };

export async function eraseAccount(
  deps: { db: Kysely<Database>; storage: FileStorage },
  contributions: readonly PersonalDataContribution[],
  input: { userId: string; password: string; now: Date },
): Promise<EraseResult> {
  const user = await deps.db.selectFrom("users").select(["password_hash", "deleted_at"]).where("id", "=", input.userId).executeTakeFirst();
  if (!user || user.deleted_at) return { ok: false, error: "AlreadyErased" };
  if (!(await verifyPassword(user.password_hash, input.password))) return { ok: false, error: "PasswordWrong" };
  const outcome = await deps.db.transaction().execute(async (trx) => {
    await trx.selectFrom("users").select("id").where("id", "=", input.userId).forUpdate().executeTakeFirstOrThrow();
    // Checked again under the lock: a pledge or a loan that started since the page loaded counts.
    const blockers = await accountBlockers(trx, contributions, input);
    if (blockers.length) return { ok: false as const, error: "Open" as const, blockers };
    await sql`set local buurtkracht.erasure = 'on'`.execute(trx);
    const fileKeys: string[] = [];
    for (const c of contributions) fileKeys.push(...(await c.erase(trx, { userId: input.userId, now: input.now, formerName: FORMER_MEMBER_NAME })).fileKeys);
    await trx
      .insertInto("user_events")
      .values({
        user_id: input.userId,
        actor_id: input.userId,
        kind: "account.erased",
        data: JSON.stringify({ sources: contributions.map((c) => c.key) }),
        created_at: input.now,
      })
      .execute();
    return { ok: true as const, fileKeys };
  });
  if (!outcome.ok) return outcome;
  for (const key of outcome.fileKeys) await deps.storage.delete(key).catch(() => undefined);
  return { ok: true };
}
