import { notify } from "../notifications/notify.server";
import type { Db } from "../utils/db.server";
import { shiftNoticeData } from "./shifts.server";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The day before: every volunteer still signed up for a shift that starts within 24 hours is
 * reminded once (reminded_at, and the notification's dedupe key, make a rerun a no-op).
 */
export async function sendShiftReminders(db: Db, now: Date, batch = 500): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("need_signups as s")
      .innerJoin("project_needs as n", "n.id", "s.need_id")
      .innerJoin("projects as p", "p.id", "n.project_id")
      .select(["s.id as signup_id", "s.user_id", "p.slug", "p.title as project_title"])
      .selectAll("n")
      .where("s.status", "=", "signed_up")
      .where("s.reminded_at", "is", null)
      .where("n.status", "=", "open")
      .where("n.starts_at", ">", now)
      .where("n.starts_at", "<=", new Date(now.getTime() + DAY_MS))
      .orderBy("n.starts_at")
      .limit(batch)
      .forUpdate("s")
      .skipLocked()
      .execute();
    for (const r of due) {
      await notify(trx, {
        userId: r.user_id,
        kind: "shift.reminder",
        data: shiftNoticeData({ slug: r.slug, title: r.project_title }, r),
        dedupeKey: `shift:${r.id}:reminder`,
      });
      await trx.updateTable("need_signups").set({ reminded_at: now }).where("id", "=", r.signup_id).execute();
    }
    return due.length;
  });
}
