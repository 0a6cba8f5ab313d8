import { addDays, endOfDay, today, type Ymd } from "./days";

/**
 * Wanted posts ("Wie heeft er een ladder?"): open until the asker accepts an offer (fulfilled),
 * withdraws it, or it expires — at the end of the last day it was needed, and never more than
 * 30 days after it was posted.
 */
export type WantedState = "open" | "fulfilled" | "withdrawn" | "expired";
export type WantedEvent = "fulfil" | "withdraw" | "expire";

export const WANTED_MAX_DAYS = 30;

export function wantedExpiresAt(createdAt: Date, neededUntil: Ymd): Date {
  return new Date(Math.min(endOfDay(neededUntil).getTime(), createdAt.getTime() + WANTED_MAX_DAYS * 86_400_000));
}

export function wantedTransition(
  post: { state: WantedState; expiresAt: Date },
  event: WantedEvent,
  now: Date,
): { ok: true; to: WantedState } | { ok: false; error: "IllegalTransition" | "NotExpiredYet" } {
  if (post.state !== "open") return { ok: false, error: "IllegalTransition" };
  switch (event) {
    case "fulfil":
      return { ok: true, to: "fulfilled" };
    case "withdraw":
      return { ok: true, to: "withdrawn" };
    case "expire":
      return now.getTime() >= post.expiresAt.getTime() ? { ok: true, to: "expired" } : { ok: false, error: "NotExpiredYet" };
    default: {
      const unreachable: never = event;
      throw new Error(`Unknown wanted event ${String(unreachable)}`);
    }
  }
}

export type WantedDatesError = "EndBeforeStart" | "StartInPast" | "TooLong" | "TooFarAhead";

export function checkWantedDates(neededFrom: Ymd, neededUntil: Ymd, now: Date): WantedDatesError | null {
  if (neededUntil < neededFrom) return "EndBeforeStart";
  if (neededFrom < today(now)) return "StartInPast";
  if (neededFrom > addDays(today(now), 90)) return "TooFarAhead";
  if (neededUntil > addDays(neededFrom, 59)) return "TooLong";
  return null;
}
