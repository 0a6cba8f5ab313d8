import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCalendar, resolveCalendarFeed } from "../notifications/calendar.server";

/**
 * The private iCal feed: /calendar.ics?token=… (the token rides in the query string, which request
 * logs drop). Unknown, forged or revoked tokens: 404. docs/decisions/013-calendar-feed-and-digest.md
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, signer, env, clock } = context.services;
  const owner = await resolveCalendarFeed(db, signer, new URL(request.url).searchParams.get("token"));
  if (!owner) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const body = await buildCalendar(
    db,
    { ...owner, now: clock.now(), appUrl: env.APP_URL, onSourceError: (error) => context.logger.error({ err: error }, "calendar source failed") },
    context.services.extensions.calendarSources,
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="buurtkracht.ics"',
      "Cache-Control": "private, no-cache",
      "X-Robots-Tag": "noindex",
    },
  });
}
