import { sql } from "kysely";
import type { PersonalDataContribution } from "../services.server";
import { exportFileKeys } from "./exports.server";
import { releaseModeratorships } from "../neighbourhoods/pages.server";

/**
 * The platform's own share of a member's data (the tables no feature owns): the account, its
 * sessions and devices, tokens, account events, notifications and their preferences, uploads, the
 * calendar feed, the in-app mailbox. It pseudonymises the users row (the id stays, so the records
 * others rely on keep pointing at "voormalig lid"); the features blank their own tables.
 */
const ERASED_DOMAIN = "erased.invalid";

/**
 * Replaces `name` where it stands as a whole word or words (never inside a longer word: erasing
 * "Jo" leaves "Jonas" alone) in a text.
 */
export function replaceName(text: string, name: string, replacement: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "gu"), replacement);
}

/** The same in every string value of a JSON value. */
export function replaceNameInJson(value: unknown, name: string, replacement: string): unknown {
  if (typeof value === "string") return replaceName(value, name, replacement);
  if (Array.isArray(value)) return value.map((v) => replaceNameInJson(v, name, replacement));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceNameInJson(v, name, replacement)]));
  return value;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const corePersonalData: PersonalDataContribution = {
  key: "account",
  async exportRows(db, { userId }) {
    const [users, sessions, events, notifications, preferences, uploads, exports] = await Promise.all([
      db
        .selectFrom("users as u")
        .innerJoin("neighbourhoods as n", "n.id", "u.neighbourhood_id")
        .select([
          "u.id",
          "u.email",
          "u.handle",
          "u.display_name",
          "u.bio",
          "u.role",
          "u.account_type",
          "n.name as neighbourhood",
          "u.postcode4",
          "u.locale",
          "u.email_verified_at",
          "u.password_changed_at",
          "u.created_at",
          "u.updated_at",
        ])
        .where("u.id", "=", userId)
        .execute(),
      db
        .selectFrom("sessions")
        .select(["user_agent", "created_at", "last_seen_at", "expires_at", "ended_at", "end_reason"])
        .where("user_id", "=", userId)
        .orderBy("created_at")
        .execute(),
      db.selectFrom("user_events").select(["kind", "data", "created_at"]).where("user_id", "=", userId).orderBy("id").execute(),
      db
        .selectFrom("notifications")
        .select(["kind", "category", "data", "read_at", "created_at"])
        .where("user_id", "=", userId)
        .orderBy("created_at")
        .execute(),
      db.selectFrom("notification_preferences").selectAll().where("user_id", "=", userId).execute(),
      db.selectFrom("uploads").select(["id", "purpose", "width", "height", "bytes", "created_at"]).where("owner_id", "=", userId).execute(),
      db.selectFrom("data_exports").select(["status", "requested_at", "ready_at", "expires_at"]).where("user_id", "=", userId).execute(),
    ]);
    return {
      profile: users,
      sessions,
      account_events: events,
      notifications,
      notification_preferences: preferences.map(({ user_id: _u, ...rest }) => rest),
      uploads,
      data_exports: exports,
    };
  },
  // The account itself blocks nothing: what is open lives in the features.
  blockers: async () => [],
  async erase(trx, { userId, now, formerName }) {
    const user = await trx.selectFrom("users").select(["email", "display_name", "handle"]).where("id", "=", userId).executeTakeFirstOrThrow();
    const uploads = await trx.selectFrom("uploads").select(["card_key", "large_key", "variants"]).where("owner_id", "=", userId).execute();
    const fileKeys = [...uploads.flatMap((u) => [u.card_key, u.large_key, ...(u.variants ?? []).map((v) => v.key)]), ...(await exportFileKeys(trx, userId))];
    // Their name inside other people's stored notices (a loan's other party, a new backer …).
    for (const name of [user.display_name, user.handle]) {
      const mentions = await trx
        .selectFrom("notifications")
        .select(["id", "data"])
        .where("user_id", "<>", userId)
        .where(sql<boolean>`data::text like ${likePattern(name)}`)
        .execute();
      for (const m of mentions) {
        await trx
          .updateTable("notifications")
          .set({ data: JSON.stringify(replaceNameInJson(m.data, name, formerName)) })
          .where("id", "=", m.id)
          .execute();
      }
      const mails = await trx
        .selectFrom("mailbox_messages")
        .select(["id", "subject", "text_body", "html_body"])
        .where((eb) =>
          eb.or([eb("subject", "like", likePattern(name)), eb("text_body", "like", likePattern(name)), eb("html_body", "like", likePattern(name))]),
        )
        .execute();
      for (const m of mails) {
        await trx
          .updateTable("mailbox_messages")
          .set({
            subject: replaceName(m.subject, name, formerName),
            text_body: replaceName(m.text_body, name, formerName),
            html_body: replaceName(m.html_body, name, formerName),
          })
          .where("id", "=", m.id)
          .execute();
      }
    }
    // The simulated payment provider keeps its customers in this database (a real provider keeps them
    // under its own obligations): the member's name and address go there too.
    const customers = (await trx.selectFrom("payment_customers").select("customer_id").where("user_id", "=", userId).execute()).map((c) => c.customer_id);
    if (customers.length) {
      await trx
        .updateTable("sim_customers")
        .set({ email: `${userId}@${ERASED_DOMAIN}`, name: formerName })
        .where("id", "in", customers)
        .execute();
      for (const text of [user.email, user.display_name]) {
        await sql`update sim_idempotency_keys set response = replace(response::text, ${JSON.stringify(text).slice(1, -1)}, ${formerName})::jsonb where response::text like ${likePattern(JSON.stringify(text).slice(1, -1))}`.execute(
          trx,
        );
      }
    }
    await trx
      .deleteFrom("mailbox_messages")
      .where(sql<boolean>`lower(to_address) like ${likePattern(user.email.toLowerCase())}`)
      .execute();
    await releaseModeratorships(trx, { userId, now });
    await trx.deleteFrom("notifications").where("user_id", "=", userId).execute();
    await trx.deleteFrom("notification_preferences").where("user_id", "=", userId).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await trx.deleteFrom("account_tokens").where("user_id", "=", userId).execute();
    await trx.deleteFrom("calendar_feeds").where("user_id", "=", userId).execute();
    await trx.deleteFrom("data_exports").where("user_id", "=", userId).execute();
    // Their pictures, now that the features let go of them (projects' covers, items', the board's).
    await trx.deleteFrom("uploads").where("owner_id", "=", userId).execute();
    // Account events may carry old values (a changed e-mail address): only the kinds and dates stay.
    await sql`update user_events set data = '{}'::jsonb where user_id = ${userId}`.execute(trx);
    await trx
      .updateTable("users")
      .set({
        email: `${userId}@${ERASED_DOMAIN}`,
        handle: `voormalig-lid-${userId.slice(0, 8)}`,
        display_name: formerName,
        password_hash: "!",
        bio: "",
        postcode4: null,
        email_verified_at: null,
        deleted_at: now,
        updated_at: now,
      })
      .where("id", "=", userId)
      .execute();
    return { fileKeys };
  },
};
