import type { Db } from "../utils/db.server";
import { type NotificationData, type NotificationKind, notificationKinds, parseNotificationData } from "./kinds";

/**
 * Tells a user something happened. Call it INSIDE the transaction that made it happen:
 *
 *   await db.transaction().execute(async (trx) => {
 *     // … change state, write the event row …
 *     await notify(trx, { userId: loan.ownerId, kind: "loan.requested", data: { loanId, itemTitle, otherPartyName, startsOn, endsOn }, dedupeKey: `loan:${loanId}:requested` });
 *   });
 *   await services.jobs.send("notifications.deliver", {}); // optional: deliver now rather than within the minute
 *
 * It writes an outbox row (the in-app notification) and a pending e-mail delivery through `trx`
 * only, so a rollback sends nothing. With a `dedupeKey` (unique per user + kind), repeating the call
 * — a job rerun, a retried request — is a no-op. The delivery sweep (every minute) sends the
 * e-mail in the recipient's language, after checking their preferences.
 * Decision: docs/decisions/010-notifications-outbox.md.
 */
export async function notify<K extends NotificationKind>(
  trx: Db,
  input: { userId: string; kind: K; data: NotificationData<K>; dedupeKey?: string },
): Promise<void> {
  const spec = notificationKinds[input.kind];
  if (!spec) throw new TypeError(`notify: unknown kind ${String(input.kind)}`);
  const data = parseNotificationData(input.kind, input.data);
  // One statement, so the outbox row and its delivery appear together or not at all, and a
  // duplicate (same user, kind and dedupe key) inserts neither.
  await trx
    .with("n", (qb) =>
      qb
        .insertInto("notifications")
        .values({
          user_id: input.userId,
          kind: input.kind,
          category: spec.category,
          data: JSON.stringify(data),
          dedupe_key: input.dedupeKey ?? null,
          in_app: spec.inApp,
        })
        .onConflict((oc) => oc.columns(["user_id", "kind", "dedupe_key"]).doNothing())
        .returning("id"),
    )
    .insertInto("email_deliveries")
    .columns(["notification_id", "state"])
    .expression((eb) => eb.selectFrom("n").select(["n.id", eb.val("pending").as("state")]))
    .execute();
}

/**
 * Notifies the moderators of a neighbourhood (or, when it has none, the admins) — e.g. of a
 * submitted project. Same transaction rules as `notify`.
 */
export async function notifyModerators<K extends NotificationKind>(
  trx: Db,
  input: { neighbourhoodId: string; kind: K; data: NotificationData<K>; dedupeKey?: string },
): Promise<number> {
  let ids = (
    await trx
      .selectFrom("users")
      .select("id")
      .where("role", "=", "moderator")
      .where("neighbourhood_id", "=", input.neighbourhoodId)
      .where("suspended_at", "is", null)
      .execute()
  ).map((r) => r.id);
  if (ids.length === 0) {
    ids = (await trx.selectFrom("users").select("id").where("role", "=", "admin").where("suspended_at", "is", null).execute()).map((r) => r.id);
  }
  for (const userId of ids) await notify(trx, { userId, kind: input.kind, data: input.data, dedupeKey: input.dedupeKey });
  return ids.length;
}
