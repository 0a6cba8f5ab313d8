import type { Db } from "../utils/db.server";
import type { Signer } from "../utils/signer.server";
import { defaultEmailPreference, isSwitchableCategory, type SwitchableCategory, switchableCategories } from "./categories";
import { isUuid } from "../utils/ids";

/**
 * E-mail preferences per category (in-app notifications are always on). Only deviations from the
 * defaults are stored. docs/decisions/012-email-and-unsubscribe.md
 */
export type EmailPreferences = Record<SwitchableCategory, boolean>;

export async function getEmailPreferences(db: Db, userId: string): Promise<EmailPreferences> {
  const rows = await db.selectFrom("notification_preferences").select(["category", "email"]).where("user_id", "=", userId).execute();
  const prefs: EmailPreferences = { ...defaultEmailPreference };
  for (const row of rows) prefs[row.category] = row.email;
  return prefs;
}

export async function setEmailPreference(db: Db, userId: string, category: SwitchableCategory, email: boolean, now: Date): Promise<void> {
  await db
    .insertInto("notification_preferences")
    .values({ user_id: userId, category, email, updated_at: now })
    .onConflict((oc) => oc.columns(["user_id", "category"]).doUpdateSet({ email, updated_at: now }))
    .execute();
}

export async function saveEmailPreferences(db: Db, userId: string, prefs: EmailPreferences, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const category of switchableCategories) await setEmailPreference(trx, userId, category, prefs[category], now);
  });
}

// ---- one-click unsubscribe links: "<userId>.<category>.<signature>", no login needed ----

const UNSUBSCRIBE = "unsubscribe";

export function unsubscribeToken(signer: Signer, userId: string, category: SwitchableCategory): string {
  return `${userId}.${category}.${signer.sign(UNSUBSCRIBE, `${userId}:${category}`)}`;
}

export function parseUnsubscribeToken(signer: Signer, token: unknown): { userId: string; category: SwitchableCategory } | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const [userId, category, signature, ...rest] = token.split(".");
  if (rest.length || !userId || !signature || !isUuid(userId) || !isSwitchableCategory(category)) return null;
  return signer.verify(UNSUBSCRIBE, `${userId}:${category}`, signature) ? { userId, category } : null;
}

export type UnsubscribeResult = { ok: true; category: SwitchableCategory } | { ok: false; error: "InvalidLink" };

/** Turns e-mail off for the one category the signed token names. */
export async function unsubscribe(db: Db, signer: Signer, token: unknown, now: Date): Promise<UnsubscribeResult> {
  const parsed = parseUnsubscribeToken(signer, token);
  if (!parsed) return { ok: false, error: "InvalidLink" };
  const user = await db.selectFrom("users").select("id").where("id", "=", parsed.userId).executeTakeFirst();
  if (!user) return { ok: false, error: "InvalidLink" };
  await setEmailPreference(db, parsed.userId, parsed.category, false, now);
  return { ok: true, category: parsed.category };
}
