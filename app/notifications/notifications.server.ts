import { sql } from "kysely";
import type { Locale } from "../i18n/i18n";
import type { Db } from "../utils/db.server";
import { renderInApp } from "./email-layout";
import { isNotificationKind, type NotificationKind } from "./kinds";
import { isUuid } from "../utils/ids";

/** The in-app side: the bell's unread count, the notifications page, marking read. */

/** Unread in-app notifications, counted up to `cap` (the bell shows "99+"). */
export async function countUnread(db: Db, userId: string, cap = 100): Promise<number> {
  const row = await db
    .selectFrom((qb) =>
      qb
        .selectFrom("notifications")
        .select(sql`1`.as("one"))
        .where("user_id", "=", userId)
        .where("in_app", "=", true)
        .where("read_at", "is", null)
        .limit(cap)
        .as("unread"),
    )
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface InAppNotification {
  id: string;
  kind: NotificationKind | null;
  title: string;
  body: string;
  path: string | null;
  createdAt: Date;
  read: boolean;
}

export const PAGE_SIZE = 30;

/**
 * Newest first; `before` is the id of the last item of the previous page (a keyset cursor on
 * (created_at, id): rows written in one transaction share a timestamp, so a time cursor alone
 * would skip some of them).
 */
export async function listNotifications(
  db: Db,
  userId: string,
  options: { locale: Locale; before?: string | null; limit?: number },
): Promise<{ items: InAppNotification[]; nextBefore: string | null }> {
  const limit = options.limit ?? PAGE_SIZE;
  let query = db
    .selectFrom("notifications")
    .select(["id", "kind", "data", "created_at", "read_at"])
    .where("user_id", "=", userId)
    .where("in_app", "=", true)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit + 1);
  const before = options.before && isUuid(options.before) ? options.before : null;
  if (before) {
    query = query.where(({ eb, refTuple, selectFrom }) =>
      eb(
        refTuple("created_at", "id"),
        "<",
        selectFrom("notifications as cursor")
          .select(["cursor.created_at", "cursor.id"])
          .where("cursor.id", "=", before)
          .where("cursor.user_id", "=", userId)
          .$asTuple("created_at", "id"),
      ),
    );
  }
  const rows = await query.execute();
  const items = rows.slice(0, limit).map((row): InAppNotification => {
    const base = { id: row.id, createdAt: row.created_at, read: row.read_at !== null };
    if (!isNotificationKind(row.kind)) return { ...base, kind: null, title: "", body: "", path: null };
    try {
      const rendered = renderInApp(row.kind, row.data as never, options.locale);
      return { ...base, kind: row.kind, ...rendered };
    } catch {
      // Data from an older version that no longer renders: show the entry without text.
      return { ...base, kind: row.kind, title: "", body: "", path: null };
    }
  });
  const last = items[items.length - 1];
  return { items, nextBefore: rows.length > limit && last ? last.id : null };
}

export async function markRead(db: Db, userId: string, notificationId: string, now: Date): Promise<boolean> {
  if (!isUuid(notificationId)) return false;
  const result = await db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("id", "=", notificationId)
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markAllRead(db: Db, userId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("user_id", "=", userId)
    .where("in_app", "=", true)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
