/**
 * Intl formatters, built once per locale and options and reused (issue 17: building them is costly —
 * the availability calendar alone built ~126 per item page). Pure: a formatter holds no state
 * between calls. The key is the locale and the options in their given order, so call sites should
 * pass options as literals in one place (they do: each format function has its own).
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const relativeTimeFormats = new Map<string, Intl.RelativeTimeFormat>();

function cached<F, O>(cache: Map<string, F>, make: (locale: string, options: O) => F, locale: string, options: O): F {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = make(locale, options);
    cache.set(key, f);
  }
  return f;
}

export const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached(dateTimeFormats, (l, o) => new Intl.DateTimeFormat(l, o), locale, options);

export const numberFormat = (locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat =>
  cached(numberFormats, (l, o) => new Intl.NumberFormat(l, o), locale, options);

export const relativeTimeFormat = (locale: string, options: Intl.RelativeTimeFormatOptions = {}): Intl.RelativeTimeFormat =>
  cached(relativeTimeFormats, (l, o) => new Intl.RelativeTimeFormat(l, o), locale, options);
