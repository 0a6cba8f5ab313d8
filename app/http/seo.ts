import type { MetaDescriptor } from "@remix-run/node";
import { defaultLocale, isLocale, type Locale, locales } from "../i18n/i18n";
import { absoluteUrl, languageUrl } from "../utils/app-url";

/**
 * The head of a public page, for search engines and link previews (docs/decisions/065-seo-and-feeds.md):
 * its canonical address, the address of each language version (`hreflang`, `?lang=nl` / `?lang=en`;
 * without `lang` the visitor's own language is chosen, which is the `x-default`), and the
 * OpenGraph and Twitter card tags. Client-safe: meta functions run in the browser too.
 */

/** What the root loader gives every page's meta: the public base URL (APP_URL) and the page's language. */
export interface SeoContext {
  appUrl: string;
  locale: Locale;
}

/** OpenGraph writes a locale with an underscore and a territory. */
export const ogLocales: Record<Locale, string> = { nl: "nl_NL", en: "en_GB" };

/** The icon a link preview shows when a page has no picture of its own (public/icons, scripts/icons.ts). */
export const DEFAULT_OG_IMAGE = "/icons/icon-512.png";

/** The root's data among the matches a meta function gets. */
export function seoContext(matches: readonly { id: string; data?: unknown }[]): SeoContext | null {
  const data = matches.find((m) => m.id === "root")?.data;
  if (!data || typeof data !== "object") return null;
  const { appUrl, locale } = data as { appUrl?: unknown; locale?: unknown };
  if (typeof appUrl !== "string" || !appUrl) return null;
  return { appUrl: appUrl.replace(/\/+$/, ""), locale: isLocale(locale) ? locale : defaultLocale };
}

/** A picture's address: a path on this site, or already absolute (a CDN). */
function imageUrl(appUrl: string, pathOrUrl: string): string {
  return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : absoluteUrl(appUrl, pathOrUrl);
}

/**
 * The page's address without what does not change its content: only the query parameters in
 * `keep` (a list page's filters and page number), in that order, then `lang` if given.
 */
export function pageUrl(appUrl: string, location: { pathname: string; search: string }, keep: readonly string[], lang: Locale | null): string {
  const current = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const key of keep) {
    const value = current.get(key);
    if (value) query.set(key, value);
  }
  const search = query.toString();
  return languageUrl(appUrl, `${location.pathname}${search ? `?${search}` : ""}`, lang);
}

/**
 * `<link rel="canonical">` and the `hreflang` alternates. A language version's canonical is itself
 * (`?lang=en` stays), as search engines ask: a canonical pointing across languages would hide them.
 */
export function languageLinks(appUrl: string, location: { pathname: string; search: string }, keep: readonly string[] = []): MetaDescriptor[] {
  const lang = new URLSearchParams(location.search).get("lang");
  return [
    { tagName: "link", rel: "canonical", href: pageUrl(appUrl, location, keep, isLocale(lang) ? lang : null) },
    ...locales.map((l) => ({ tagName: "link", rel: "alternate", hrefLang: l, href: pageUrl(appUrl, location, keep, l) })),
    { tagName: "link", rel: "alternate", hrefLang: "x-default", href: pageUrl(appUrl, location, keep, null) },
  ];
}

export interface PublicPage {
  title: string;
  description: string;
  /** Query parameters that make another page of the same route (filters, page number). */
  keep?: readonly string[];
  /** `website` for most pages, `profile` for a member's page. */
  type?: "website" | "profile";
  /** The page's own picture (a path or an absolute URL); the app icon otherwise. */
  image?: string | null;
  imageAlt?: string;
}

/** The whole head of a public page: title, description, canonical, alternates, OpenGraph, Twitter card. */
export function publicPageMeta(
  args: { matches: readonly { id: string; data?: unknown }[]; location: { pathname: string; search: string } },
  page: PublicPage,
): MetaDescriptor[] {
  const base: MetaDescriptor[] = [{ title: page.title }, { name: "description", content: page.description }];
  const ctx = seoContext(args.matches);
  if (!ctx) return base;
  const lang = new URLSearchParams(args.location.search).get("lang");
  const url = pageUrl(ctx.appUrl, args.location, page.keep ?? [], isLocale(lang) ? lang : null);
  const image = imageUrl(ctx.appUrl, page.image ?? DEFAULT_OG_IMAGE);
  const ownImage = Boolean(page.image);
  return [
    ...base,
    ...languageLinks(ctx.appUrl, args.location, page.keep),
    { property: "og:type", content: page.type ?? "website" },
    { property: "og:site_name", content: "Buurtkracht" },
    { property: "og:title", content: page.title },
    { property: "og:description", content: page.description },
    { property: "og:url", content: url },
    { property: "og:locale", content: ogLocales[ctx.locale] },
    ...locales.filter((l) => l !== ctx.locale).map((l) => ({ property: "og:locale:alternate", content: ogLocales[l] })),
    { property: "og:image", content: image },
    { property: "og:image:alt", content: page.imageAlt ?? page.title },
    // A photo of its own is worth the large card; the app icon is not.
    { name: "twitter:card", content: ownImage ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: page.title },
    { name: "twitter:description", content: page.description },
    { name: "twitter:image", content: image },
  ];
}
