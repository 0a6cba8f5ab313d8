import ical, { ICalCalendarMethod } from "ical-generator";
import type { Locale } from "../i18n/i18n";
import { translate } from "../i18n/i18n";
import type { Db } from "../utils/db.server";
import type { Signer } from "../utils/signer.server";
import { absoluteUrl } from "./email-layout";
import { isUuid } from "../utils/ids";

/**
 * The private iCal feed (docs/decisions/013-calendar-feed-and-digest.md).
 *
 * Features contribute entries through a `CalendarSource`, listed in app/wiring.server.ts (the feed
 * route reads them from `services.extensions.calendarSources`)
 * (projects: deadlines of projects the user pledged to; lending: pickup and return days). A source
 * reads with the executor it is given and returns plain entries; it must not write.
 */
export interface CalendarEntry {
  /** Stable and unique across sources, e.g. "loan-<id>-pickup@buurtkracht". Calendar apps update by it. */
  uid: string;
  summary: string;
  description?: string;
  /** App path the entry links to ("/loans/…"). */
  path?: string;
  /** A Date for a moment; "YYYY-MM-DD" for an all-day entry. */
  start: Date | string;
  /** Timed: the end moment (default start + 1 h). All-day: the LAST day, inclusive (default: start). */
  end?: Date | string;
}

export interface CalendarContext {
  userId: string;
  now: Date;
  /** The feed owner's language, for summaries. */
  locale: Locale;
}

export type CalendarSource = (db: Db, ctx: CalendarContext) => Promise<CalendarEntry[]>;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** Builds the feed from every source; one failing source must not take the others down. */
export async function buildCalendar(
  db: Db,
  ctx: CalendarContext & { appUrl: string; onSourceError?: (error: unknown) => void },
  sources: readonly CalendarSource[],
): Promise<string> {
  const calendar = ical({
    name: translate(ctx.locale, "notifications.calendar.name"),
    prodId: { company: "Buurtkracht", product: "buurtkracht", language: ctx.locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  const results = await Promise.allSettled(sources.map((source) => source(db, { userId: ctx.userId, now: ctx.now, locale: ctx.locale })));
  const seen = new Set<string>();
  for (const result of results) {
    if (result.status === "rejected") {
      ctx.onSourceError?.(result.reason);
      continue;
    }
    for (const entry of result.value) {
      if (seen.has(entry.uid)) continue;
      seen.add(entry.uid);
      const url = entry.path ? absoluteUrl(ctx.appUrl, entry.path) : undefined;
      const common = { id: entry.uid, summary: entry.summary, description: entry.description, url, stamp: ctx.now };
      if (typeof entry.start === "string") {
        if (!DAY_RE.test(entry.start)) throw new RangeError(`calendar entry ${entry.uid}: start must be a Date or YYYY-MM-DD`);
        const lastDay = typeof entry.end === "string" && DAY_RE.test(entry.end) ? entry.end : entry.start;
        // iCal all-day ends are exclusive: the day after the last day.
        const end = new Date(utcDay(lastDay).getTime() + 86_400_000);
        calendar.createEvent({ ...common, start: utcDay(entry.start), end, allDay: true });
      } else {
        const end = entry.end instanceof Date ? entry.end : new Date(entry.start.getTime() + 3_600_000);
        calendar.createEvent({ ...common, start: entry.start, end });
      }
    }
  }
  return calendar.toString();
}

// ---- feeds: one active per user; the URL token is "<feedId>.<signature>" ----

const CALENDAR = "calendar-feed";

export function calendarFeedToken(signer: Signer, feedId: string): string {
  return `${feedId}.${signer.sign(CALENDAR, feedId)}`;
}

export function calendarFeedUrl(appUrl: string, signer: Signer, feedId: string): string {
  return absoluteUrl(appUrl, `/calendar.ics?${new URLSearchParams({ token: calendarFeedToken(signer, feedId) })}`);
}

export async function getActiveCalendarFeed(db: Db, userId: string): Promise<{ id: string; createdAt: Date } | null> {
  const row = await db
    .selectFrom("calendar_feeds")
    .select(["id", "created_at"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return row ? { id: row.id, createdAt: row.created_at } : null;
}

/** Revokes any active feed and creates a new one (a fresh secret URL). */
export async function createCalendarFeed(db: Db, userId: string, now: Date): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable("calendar_feeds").set({ revoked_at: now }).where("user_id", "=", userId).where("revoked_at", "is", null).execute();
    return trx.insertInto("calendar_feeds").values({ user_id: userId, created_at: now }).returning("id").executeTakeFirstOrThrow();
  });
}

export async function revokeCalendarFeed(db: Db, userId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("calendar_feeds")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The owner of an active feed, or null (bad signature, unknown or revoked feed, suspended user). */
export async function resolveCalendarFeed(db: Db, signer: Signer, token: unknown): Promise<{ userId: string; locale: Locale } | null> {
  if (typeof token !== "string" || token.length > 200) return null;
  const [feedId, signature, ...rest] = token.split(".");
  if (rest.length || !feedId || !signature || !isUuid(feedId)) return null;
  if (!signer.verify(CALENDAR, feedId, signature)) return null;
  const row = await db
    .selectFrom("calendar_feeds as f")
    .innerJoin("users as u", "u.id", "f.user_id")
    .select(["u.id", "u.locale"])
    .where("f.id", "=", feedId)
    .where("f.revoked_at", "is", null)
    .where("u.suspended_at", "is", null)
    .executeTakeFirst();
  return row ? { userId: row.id, locale: row.locale } : null;
}
