import { loanCalendarSource } from "../lending/calendar.server";
import { projectDeadlineSource } from "../projects/calendar.server";
import type { CalendarSource } from "./calendar.server";

/**
 * Every source of entries for the private calendar feed (/calendar.ics). A feature adds its own
 * source here — the list is static, so there is no module-level state to register into:
 *
 *   // app/lending/calendar.server.ts
 *   export const loanCalendarSource: CalendarSource = async (db, { userId, locale }) => {
 *     const loans = await db.selectFrom("loans")…where(borrower or owner = userId, state in (accepted, active))…;
 *     return loans.flatMap((l) => [
 *       { uid: `loan-${l.id}-pickup@buurtkracht`, start: l.startsOn, summary: translate(locale, "loans.calendar.pickup", { item: l.itemTitle }), path: `/loans/${l.id}` },
 *       { uid: `loan-${l.id}-return@buurtkracht`, start: l.endsOn, summary: …, path: … },
 *     ]);
 *   };
 *   // and here: export const calendarSources = [loanCalendarSource, projectDeadlineSource];
 *
 * Projects: deadlines of live projects the user pledged to (timed entries at the deadline).
 * Lending: pickup and return days of accepted/active loans (all-day entries, "YYYY-MM-DD").
 */
export const calendarSources: readonly CalendarSource[] = [projectDeadlineSource, loanCalendarSource];
