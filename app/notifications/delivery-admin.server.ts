import type { Db } from "../utils/db.server";
import type { DeliveryState } from "./delivery";
import { applyDeliveryEvent } from "./delivery.server";
import { isUuid } from "../utils/ids";

/** What admins see at /admin/notifications: deliveries that are retrying, stuck or failed. */
export interface DeliveryProblem {
  notificationId: string;
  recipient: string;
  kind: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  updatedAt: Date;
}

export async function listDeliveryProblems(db: Db, limit = 200): Promise<DeliveryProblem[]> {
  const rows = await db
    .selectFrom("email_deliveries as d")
    .innerJoin("notifications as n", "n.id", "d.notification_id")
    .innerJoin("users as u", "u.id", "n.user_id")
    .select(["d.notification_id", "u.email", "n.kind", "d.state", "d.attempts", "d.next_attempt_at", "d.last_error", "d.updated_at"])
    .where((eb) => eb.or([eb("d.state", "in", ["failed", "sending"]), eb.and([eb("d.state", "=", "pending"), eb("d.attempts", ">", 0)])]))
    .orderBy("d.updated_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    notificationId: r.notification_id,
    recipient: r.email,
    kind: r.kind,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    updatedAt: r.updated_at,
  }));
}

export async function deliveryCounts(db: Db): Promise<Record<"pending" | "sending" | "failed", number>> {
  const rows = await db
    .selectFrom("email_deliveries")
    .select(["state", (eb) => eb.fn.countAll<number>().as("n")])
    .where("state", "in", ["pending", "sending", "failed"])
    .groupBy("state")
    .execute();
  const counts = { pending: 0, sending: 0, failed: 0 };
  for (const r of rows) counts[r.state as keyof typeof counts] = Number(r.n);
  return counts;
}

export async function retryFailedDelivery(
  db: Db,
  notificationId: string,
  actorId: string,
  now: Date,
): Promise<{ ok: true } | { ok: false; error: "NotFailed" }> {
  if (!isUuid(notificationId)) return { ok: false, error: "NotFailed" };
  const result = await db.transaction().execute((trx) => applyDeliveryEvent(trx, notificationId, { type: "retry", now }, actorId));
  return result.ok ? { ok: true } : { ok: false, error: "NotFailed" };
}
