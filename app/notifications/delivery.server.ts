import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { defineJob } from "../jobs/definition.server";
import type { JobQueue } from "../jobs/job";
import type { Db, Trx } from "../utils/db.server";
import type { Env } from "../utils/env.server";
import type { Logger } from "../utils/logger.server";
import type { Signer } from "../utils/signer.server";
import { type Delivery, type DeliveryEvent, LEASE_MS, type TransitionResult, transition } from "./delivery";
import { absoluteUrl, renderEmail } from "./email-layout";
import { isNotificationKind, isSwitchableCategory, notificationKinds, type NotificationKind, wantsEmail } from "./kinds";
import type { Mailer, OutgoingMail } from "./mailer.server";
import { defaultEmailPreference } from "./kinds";
import { unsubscribeToken } from "./preferences.server";

/**
 * Delivers the outbox by e-mail (docs/decisions/011-email-delivery.md). At least once, with
 * duplicates prevented where they can be:
 * - claiming takes a lease in a short transaction (`FOR UPDATE SKIP LOCKED`), so two workers never
 *   send the same row at the same time, and a rerun of the job finds nothing already sent;
 * - the mail is sent with no transaction open (the embedded pool has one connection);
 * - the outcome is recorded afterwards; a worker that dies in between leaves a lease that expires,
 *   and the next sweep sends again with the same Message-ID — the mailbox stores it once.
 */
export interface DeliveryServices {
  db: Kysely<Database>;
  mailer: Mailer;
  signer: Signer;
  env: Env;
  logger: Logger;
}

const toDelivery = (row: {
  state: Delivery["state"];
  attempts: number;
  next_attempt_at: Date | null;
  lease_until: Date | null;
  last_error: string | null;
  sent_at: Date | null;
}): Delivery => ({
  state: row.state,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  leaseUntil: row.lease_until,
  lastError: row.last_error,
  sentAt: row.sent_at,
});

/** The one writer of email_deliveries: lock, transition, store, and append an event. */
export async function applyDeliveryEvent(trx: Trx, notificationId: string, event: DeliveryEvent, actorId: string | null = null): Promise<TransitionResult> {
  const row = await trx.selectFrom("email_deliveries").selectAll().where("notification_id", "=", notificationId).forUpdate().executeTakeFirst();
  if (!row) return { ok: false, error: "IllegalTransition" };
  const result = transition(toDelivery(row), event);
  if (!result.ok) return result;
  const next = result.next;
  await trx
    .updateTable("email_deliveries")
    .set({
      state: next.state,
      attempts: next.attempts,
      next_attempt_at: next.nextAttemptAt,
      lease_until: next.leaseUntil,
      last_error: next.lastError,
      sent_at: next.sentAt,
      updated_at: event.now,
    })
    .where("notification_id", "=", notificationId)
    .execute();
  await trx
    .insertInto("email_delivery_events")
    .values({ notification_id: notificationId, actor_id: actorId, from_state: row.state, to_state: next.state, note: result.note, created_at: event.now })
    .execute();
  return result;
}

/**
 * Claims up to `limit` due deliveries (pending and due, or sending with an expired lease), and
 * skips those the recipient does not want by e-mail. Returns the ids to send.
 */
export async function claimDueDeliveries(db: Db, options: { now: Date; limit: number; leaseMs?: number }): Promise<string[]> {
  const { now } = options;
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("email_deliveries as d")
      .innerJoin("notifications as n", "n.id", "d.notification_id")
      .innerJoin("users as u", "u.id", "n.user_id")
      .leftJoin("notification_preferences as p", (join) => join.onRef("p.user_id", "=", "n.user_id").onRef("p.category", "=", "n.category"))
      .select(["d.notification_id", "n.kind", "n.category", "u.suspended_at", "p.email as email_pref"])
      .where((eb) =>
        eb.or([
          eb.and([eb("d.state", "=", "pending"), eb.or([eb("d.next_attempt_at", "is", null), eb("d.next_attempt_at", "<=", now)])]),
          eb.and([eb("d.state", "=", "sending"), eb("d.lease_until", "<=", now)]),
        ]),
      )
      .orderBy(sql`coalesce(d.next_attempt_at, d.lease_until)`, (ob) => ob.asc().nullsFirst())
      .limit(options.limit)
      .forUpdate("d")
      .skipLocked()
      .execute();
    const claimed: string[] = [];
    for (const row of due) {
      const reason = skipReason(row);
      if (reason) {
        const skipped = await applyDeliveryEvent(trx, row.notification_id, { type: "skip", now, reason });
        if (skipped.ok) continue;
        // A sending row whose lease expired cannot be skipped: claim it and let it finish.
      }
      const result = await applyDeliveryEvent(trx, row.notification_id, { type: "claim", now, leaseMs: options.leaseMs ?? LEASE_MS });
      if (result.ok) claimed.push(row.notification_id);
    }
    return claimed;
  });
}

function skipReason(row: { kind: string; category: string; suspended_at: Date | null; email_pref: boolean | null }): string | null {
  if (!isNotificationKind(row.kind)) return `unknown kind ${row.kind}`;
  const spec = notificationKinds[row.kind];
  const emailOn = () => row.email_pref ?? (isSwitchableCategory(row.category) ? defaultEmailPreference[row.category] : true);
  if (!wantsEmail(row.kind, emailOn)) return "recipient turned e-mail off for this category";
  if (row.suspended_at && !spec.transactional) return "recipient is suspended";
  return null;
}

export function messageIdFor(appUrl: string, notificationId: string): string {
  return `<n-${notificationId}@${new URL(appUrl).hostname || "buurtkracht.local"}>`;
}

/** Builds the e-mail of one outbox row in the recipient's language. */
export async function composeEmail(
  services: Pick<DeliveryServices, "db" | "env" | "signer" | "mailer">,
  notificationId: string,
  now: Date,
): Promise<OutgoingMail> {
  const row = await services.db
    .selectFrom("notifications as n")
    .innerJoin("users as u", "u.id", "n.user_id")
    .select(["n.id", "n.kind", "n.data", "n.user_id", "u.email", "u.display_name", "u.locale"])
    .where("n.id", "=", notificationId)
    .executeTakeFirstOrThrow();
  if (!isNotificationKind(row.kind)) throw new Error(`unknown notification kind ${row.kind}`);
  const kind: NotificationKind = row.kind;
  const spec = notificationKinds[kind];
  const appUrl = services.env.APP_URL;
  const category = spec.category;
  const unsubscribeUrl =
    !spec.transactional && isSwitchableCategory(category)
      ? absoluteUrl(appUrl, `/unsubscribe?${new URLSearchParams({ token: unsubscribeToken(services.signer, row.user_id, category) })}`)
      : null;
  const email = renderEmail(kind, row.data as never, { locale: row.locale, appUrl, recipientName: row.display_name, unsubscribeUrl });
  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated", "X-Buurtkracht-Kind": kind };
  if (unsubscribeUrl) {
    // RFC 8058 one-click: mail providers POST "List-Unsubscribe=One-Click" to this URL.
    headers["List-Unsubscribe"] = `<${unsubscribeUrl}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return {
    messageId: messageIdFor(appUrl, row.id),
    from: services.mailer.from,
    to: row.email,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers,
    date: now,
  };
}

async function recordSent(db: Db, notificationId: string, now: Date): Promise<TransitionResult> {
  return db.transaction().execute(async (trx) => {
    const result = await applyDeliveryEvent(trx, notificationId, { type: "succeed", now });
    if (result.ok) {
      // Tokens (verification, password reset) are not kept once their mail is out.
      const row = await trx.selectFrom("notifications").select("kind").where("id", "=", notificationId).executeTakeFirst();
      const secret = row && isNotificationKind(row.kind) ? (notificationKinds[row.kind] as { secretFields?: readonly string[] }).secretFields : undefined;
      if (secret?.length) {
        await trx
          .updateTable("notifications")
          .set({ data: sql`data - ${sql.val(secret)}::text[]` as never })
          .where("id", "=", notificationId)
          .execute();
      }
    }
    return result;
  });
}

/** Sends one claimed delivery and records the outcome. */
export async function sendClaimedDelivery(services: DeliveryServices, notificationId: string, now: Date): Promise<"sent" | "failed"> {
  let mail: OutgoingMail;
  try {
    mail = await composeEmail(services, notificationId, now);
    await services.mailer.send(mail);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    services.logger.warn({ notificationId, err: message }, "e-mail delivery failed");
    await services.db.transaction().execute((trx) => applyDeliveryEvent(trx, notificationId, { type: "fail", now, error: message }));
    return "failed";
  }
  const recorded = await recordSent(services.db, notificationId, now);
  if (!recorded.ok) services.logger.warn({ notificationId, error: recorded.error }, "sent an e-mail whose delivery was no longer ours to record");
  return "sent";
}

export interface DeliverySummary {
  sent: number;
  failed: number;
}

/** Sends everything that is due, in batches, within a time budget (the next sweep continues). */
export async function deliverDueEmails(
  services: DeliveryServices,
  now: Date,
  options: { batchSize?: number; maxMessages?: number } = {},
): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, failed: 0 };
  const batchSize = options.batchSize ?? 10;
  const maxMessages = options.maxMessages ?? 500;
  const started = Date.now();
  while (summary.sent + summary.failed < maxMessages && Date.now() - started < 50_000) {
    const ids = await claimDueDeliveries(services.db, { now, limit: batchSize });
    if (ids.length === 0) break;
    for (const id of ids) summary[await sendClaimedDelivery(services, id, now)]++;
  }
  return summary;
}

/**
 * The delivery sweep, every minute. Features may nudge it after their commit with
 * `services.jobs.send("notifications.deliver", {})`.
 */
export const deliverNotificationsJob = defineJob<DeliveryServices>({
  name: "notifications.deliver",
  sweep: true,
  schedule: "* * * * *",
  async run(ctx) {
    const { sent, failed } = await deliverDueEmails(ctx, ctx.now);
    return { processed: sent, detail: { sent, failed } };
  },
});

/**
 * After the commit that called notify(): ask a worker to deliver now instead of within the minute.
 * Never fails the caller — the sweep finds the work anyway.
 */
export async function nudgeDelivery(services: { jobs: JobQueue; logger: Logger }): Promise<void> {
  try {
    await services.jobs.send(deliverNotificationsJob.name, {});
  } catch (error) {
    services.logger.warn({ err: error }, "could not enqueue notifications.deliver; the sweep will pick it up");
  }
}
