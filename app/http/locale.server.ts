import { type AppLoadContext, createCookie } from "@remix-run/node";
import { getOptionalUser } from "../auth/guards.server";
import { defaultLocale, isLocale, type Locale, translator, type Translate } from "../i18n/i18n";

/** Remembers the language of visitors who are not logged in (logged-in users: users.locale). */
export const localeCookie = createCookie("bk_lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { lang: tag.toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.lang && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLocale) ?? null;
}

/** The user's language: their account setting, else the cookie, else the browser's, else Dutch. */
export async function getLocale(context: AppLoadContext, request: Request): Promise<Locale> {
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
