import { formatDate, formatShortDate } from "../../i18n/format";
import type { Locale } from "../../i18n/i18n";

/** A loan day ("YYYY-MM-DD", Amsterdam) for people: "12 mei 2026" / "12 May 2026". */
export const formatDay = (day: string, locale: Locale) => formatDate(`${day}T12:00:00Z`, locale);
export const formatShortDay = (day: string, locale: Locale) => formatShortDate(`${day}T12:00:00Z`, locale);
