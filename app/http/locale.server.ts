import { type AppLoadContext, createCookie } from "@remix-run/node";
import { getOptionalUser } from "../auth/guards.server";
import { defaultLocale, isLocale, type Locale, locales, translator, type Translate } from "../i18n/i18n";

/** Remembers the language of visitors who are not logged in (logged-in users: users.locale). */
export const localeCookie = createCookie("bk_lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

/**
 * The best supported language of an Accept-Language header (RFC 9110 §12.5.4): q-values rank the
 * ranges, `q=0` means "not acceptable" (never picked), a malformed q counts as 0, and `*` stands for
 * any language not named otherwise. Ties keep the header's order.
 */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith("q="));
      const q = qParam === undefined ? 1 : /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(qParam.slice(2)) ? Number(qParam.slice(2)) : 0;
      return { range: tag.trim().toLowerCase(), q, index };
    })
    .filter((x) => x.range);
  const quality = (locale: Locale): number => {
    const named = ranges.filter((x) => x.range === locale || x.range.startsWith(`${locale}-`));
    if (named.length) return Math.max(...named.map((x) => x.q));
    return ranges.find((x) => x.range === "*")?.q ?? 0;
  };
  const firstIndex = (locale: Locale): number => {
    const named = ranges.find((x) => x.range === locale || x.range.startsWith(`${locale}-`));
    return named?.index ?? ranges.find((x) => x.range === "*")?.index ?? Infinity;
  };
  const best = [...locales]
    .map((locale) => ({ locale, q: quality(locale), index: firstIndex(locale) }))
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)[0];
  return best?.locale ?? null;
}

/**
 * The language a URL names (`?lang=en`): each language version of a public page has an address of
 * its own, which the `hreflang` alternates point to (docs/decisions/065-seo-and-feeds.md). Anything
 * but a supported language is ignored.
 */
export function localeFromUrl(url: string): Locale | null {
  const lang = new URL(url).searchParams.get("lang");
  return isLocale(lang) ? lang : null;
}

/**
 * The request's language: the one its URL names (`?lang=`, for this request only, nothing is
 * remembered), else the account's setting, else the cookie, else the browser's, else Dutch.
 */
export async function getLocale(context: AppLoadContext, request: Request): Promise<Locale> {
  const fromUrl = localeFromUrl(request.url);
  if (fromUrl) return fromUrl;
  const user = await getOptionalUser(context, request);
  if (user) return user.locale;
  const fromCookie: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? defaultLocale;
}

export async function getTranslator(context: AppLoadContext, request: Request): Promise<{ locale: Locale; t: Translate }> {
  const locale = await getLocale(context, request);
  return { locale, t: translator(locale) };
}
