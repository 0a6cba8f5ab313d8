/**
 * When a monthly gift is charged and how often a failed month is tried again (decision 077). Pure.
 *
 * - A gift's month is the calendar month in Europe/Amsterdam of its scheduled charge ("YYYY-MM");
 *   one payment row per gift per month (unique in the database), so a month is never charged twice.
 * - The next month is charged one calendar month after the scheduled one, on the same day of the
 *   month, clamped to the 28th so February has it too.
 * - A failed month is tried again after 3 days, then after 4 more (attempts 1–3). After the third
 *   failure the gift is cancelled (give_up): the giver was told after each failure and can fix the
 *   card from the link in the notice; a fixed card is tried at once (the next run of the job).
 * - Pausing skips months: on resume the gift is charged for the month it resumes in (if that month
 *   is not paid yet), never for the months it was paused.
 */
export const MAX_ATTEMPTS = 3;
export const RETRY_AFTER_DAYS: readonly number[] = [3, 4];
const DAY_MS = 24 * 60 * 60 * 1000;

const monthFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit" });

export function periodOf(instant: Date): string {
  const parts = monthFormat.formatToParts(instant);
  const year = parts.find((p) => p.type === "year")?.value;
  const month = parts.find((p) => p.type === "month")?.value;
  return `${year}-${month}`;
}

/** The scheduled charge one calendar month later (same day, at most the 28th, same time of day UTC). */
export function nextMonthlyCharge(scheduled: Date): Date {
  const next = new Date(scheduled.getTime());
  const day = Math.min(next.getUTCDate(), 28);
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  next.setUTCDate(day);
  return next;
}

/** After attempt `attempts` failed: when to try again, or null when that was the last attempt. */
export function retryAt(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const days = RETRY_AFTER_DAYS[attempts - 1] ?? RETRY_AFTER_DAYS[RETRY_AFTER_DAYS.length - 1]!;
  return new Date(now.getTime() + days * DAY_MS);
}

/** The idempotency key of one charge attempt at the gateway. */
export function chargeKey(giftId: string, period: string, attempt: number): string {
  return `recurring:${giftId}:${period}:charge:${attempt}`;
}
