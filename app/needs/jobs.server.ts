import { translate } from "../i18n/i18n";
import type { CalendarSource } from "../notifications/calendar.server";
import { defineJob } from "../services.server";
import { sendShiftReminders } from "./reminders.server";

/** Needs' contributions (listed in app/wiring.server.ts). */
export const shiftRemindersJob = defineJob({
  name: "needs.shift-reminders",
  sweep: true,
  schedule: "*/15 * * * *",
  async run({ db, now }) {
    return { processed: await sendShiftReminders(db, now) };
  },
});

/** The private calendar feed: every shift the user is signed up for or came to. */
export const shiftCalendarSource: CalendarSource = async (db, { userId, locale }) => {
  const rows = await db
    .selectFrom("need_signups as s")
    .innerJoin("project_needs as n", "n.id", "s.need_id")
    .innerJoin("projects as p", "p.id", "n.project_id")
    .select(["n.id", "n.title", "n.place", "n.starts_at", "n.ends_at", "p.slug", "p.title as project_title"])
    .where("s.user_id", "=", userId)
    .where("s.status", "in", ["signed_up", "attended"])
    .where("n.status", "=", "open")
    .execute();
  return rows.map((r) => ({
    uid: `shift-${r.id}@buurtkracht`,
    start: r.starts_at!,
    end: r.ends_at!,
    summary: translate(locale, "needs.calendar.shift", { shift: r.title, project: r.project_title }),
    description: r.place || undefined,
    path: `/projects/${r.slug}#shifts`,
  }));
};
