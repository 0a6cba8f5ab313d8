import { translate } from "../i18n/i18n";
import { formatMoney } from "../i18n/format";
import type { CalendarSource } from "../notifications/calendar.server";
import type { DigestSection } from "../notifications/digest.server";

/**
 * Projects in the private calendar feed and the weekly digest (docs/decisions/013-calendar-feed-and-digest.md).
 * Calendar: the deadline of every live project the user backs, and of their own live projects.
 */
export const projectDeadlineSource: CalendarSource = async (db, { userId, locale }) => {
  const rows = await db
    .selectFrom("projects as p")
    .select(["p.id", "p.slug", "p.title", "p.ends_at"])
    .where("p.status", "=", "live")
    .where((eb) =>
      eb.or([
        eb("p.initiator_id", "=", userId),
        eb.exists(
          eb
            .selectFrom("pledges as pl")
            .select("pl.id")
            .whereRef("pl.project_id", "=", "p.id")
            .where("pl.backer_id", "=", userId)
            .where("pl.status", "in", ["active", "processing", "charged", "payment_failed"]),
        ),
      ]),
    )
    .execute();
  return rows.flatMap((p) =>
    p.ends_at
      ? [
          {
            uid: `project-${p.id}-deadline@buurtkracht`,
            start: p.ends_at,
            summary: translate(locale, "projects.calendar.deadline", { title: p.title }),
            path: `/projects/${p.slug}`,
          },
        ]
      : [],
  );
};

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** Digest: projects launched in the reader's neighbourhood in the last week. */
export const newProjectsSection: DigestSection = {
  key: "projects.new",
  titleKey: "projects.digest.new",
  async collect(db, { neighbourhoodId, now, locale }) {
    const rows = await db
      .selectFrom("projects")
      .select(["slug", "title", "goal_cents"])
      .where("status", "=", "live")
      .where("neighbourhood_id", "=", neighbourhoodId)
      .where("launched_at", ">", new Date(now.getTime() - WEEK_MS))
      .orderBy("launched_at", "desc")
      .limit(5)
      .execute();
    return rows.map((p) => ({
      title: p.title,
      path: `/projects/${p.slug}`,
      detail: translate(locale, "projects.digest.goal", { goal: formatMoney(p.goal_cents, locale, { compact: true }) }),
    }));
  },
};

/** Digest: live projects in the reader's neighbourhood that end within a week. */
export const endingSoonSection: DigestSection = {
  key: "projects.ending_soon",
  titleKey: "projects.digest.endingSoon",
  async collect(db, { neighbourhoodId, now, locale }) {
    const rows = await db
      .selectFrom("projects")
      .select(["slug", "title", "goal_cents", "pledged_cents"])
      .where("status", "=", "live")
      .where("neighbourhood_id", "=", neighbourhoodId)
      .where("ends_at", ">", now)
      .where("ends_at", "<=", new Date(now.getTime() + WEEK_MS))
      .orderBy("ends_at")
      .limit(5)
      .execute();
    return rows.map((p) => ({
      title: p.title,
      path: `/projects/${p.slug}`,
      detail: translate(locale, "projects.progress.label", {
        pledged: formatMoney(p.pledged_cents, locale, { compact: true }),
        goal: formatMoney(p.goal_cents, locale, { compact: true }),
        percent: Math.floor((p.pledged_cents * 100) / p.goal_cents),
      }),
    }));
  },
};
