import { formatCents } from "../utils/money";
import { dateTimeFormat, numberFormat, relativeTimeFormat } from "../utils/intl";
import { type Locale, intlLocale } from "./i18n";

export function formatMoney(cents: number, locale: Locale, options?: { compact?: boolean }): string {
  return formatCents(cents, locale, options);
}

export function formatDate(date: Date | string, locale: Locale): string {
  return dateTimeFormat(intlLocale[locale], { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Amsterdam" }).format(new Date(date));
}

export function formatShortDate(date: Date | string, locale: Locale): string {
  return dateTimeFormat(intlLocale[locale], { day: "numeric", month: "short", timeZone: "Europe/Amsterdam" }).format(new Date(date));
}

export function formatDateTime(date: Date | string, locale: Locale): string {
  return dateTimeFormat(intlLocale[locale], {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Amsterdam",
  }).format(new Date(date));
}

export function formatNumber(value: number, locale: Locale): string {
  return numberFormat(intlLocale[locale]).format(value);
}

/** "in 3 days" / "over 3 dagen", "2 hours ago" / "2 uur geleden". */
export function formatRelative(date: Date | string, now: Date, locale: Locale): string {
  const diffMs = new Date(date).getTime() - now.getTime();
  const rtf = relativeTimeFormat(intlLocale[locale], { numeric: "auto" });
  const abs = Math.abs(diffMs);
  const minute = 60_000;
  const hour = 60 * minute;
  const day = 24 * hour;
  if (abs < hour) return rtf.format(Math.round(diffMs / minute), "minute");
  if (abs < 2 * day) return rtf.format(Math.round(diffMs / hour), "hour");
  return rtf.format(Math.round(diffMs / day), "day");
}

/**
 * A period of whole days ("YYYY-MM-DD", Amsterdam) in words (issue 13 §5): one day is one day
 * ("op 4 december 2026"), never "van 4 december tot en met 4 december".
 */
export function formatPeriod(from: string, to: string, locale: Locale): string {
  const day = (d: string) => formatDate(`${d}T12:00:00Z`, locale);
  if (from === to) return locale === "nl" ? `op ${day(from)}` : `on ${day(from)}`;
  return locale === "nl" ? `van ${day(from)} tot en met ${day(to)}` : `from ${day(from)} to ${day(to)}`;
}
