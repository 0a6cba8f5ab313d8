import * as onServer from "./catalogues.server";
import { CATALOGUE_GLOBAL, type Message } from "./define";
import type { catalogs } from "./messages";

export const locales = ["nl", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "nl";

type Catalogs = typeof catalogs;
/** Every key of every feature catalogue: `t()` accepts nothing else. */
export type MessageKey = { [C in keyof Catalogs]: keyof Catalogs[C]["nl"] & string }[keyof Catalogs];
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

type Catalogue = Record<string, Message>;
/** What a catalogue script leaves in the browser (app/i18n/catalogues.server.ts). */
interface PageCatalogue {
  version: string;
  messages: Catalogue;
}
type PageCatalogues = Partial<Record<Locale, PageCatalogue>>;

/**
 * Where the messages come from (docs/decisions/063-one-language-per-page.md). On the server: both
 * languages, from `catalogues.server.ts`. In the browser that module is empty — Remix's compiler
 * replaces `.server` modules with an empty one, so no client chunk holds a catalogue — and the page's
 * language arrives as a script of its own (`catalogueHref`), run before hydration; another language
 * is fetched when the root loader's language changes (app/i18n/use-t.ts). `t()` stays synchronous.
 */
const fromServer: Partial<typeof onServer> = onServer;
const serverCatalogues: Record<Locale, Catalogue> | undefined = fromServer.serverCatalogues;

function pageCatalogues(): PageCatalogues {
  return ((globalThis as Record<string, unknown>)[CATALOGUE_GLOBAL] as PageCatalogues | undefined) ?? {};
}

function catalogueOf(locale: Locale): Catalogue | undefined {
  return serverCatalogues ? serverCatalogues[locale] : pageCatalogues()[locale]?.messages;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Whether this process (the server: always) or this page can translate into `locale` right now. */
export function hasCatalogue(locale: Locale): boolean {
  return catalogueOf(locale) !== undefined;
}

/** The languages this process or page holds, the default first. */
export function availableLocales(): Locale[] {
  return locales.filter(hasCatalogue);
}

/**
 * The URL of `locale`'s catalogue script, fingerprinted by the catalogues' version (so it is cached
 * for a year): the server knows the version, the page knows it from the script it already ran.
 */
export function catalogueHref(locale: Locale): string {
  const version = fromServer.catalogueVersion ?? Object.values(pageCatalogues())[0]?.version ?? "none";
  return `/i18n/${locale}.${version}.js`;
}

/** A catalogue to fall back on when `locale`'s is not in this page (yet): the one it has. */
function someCatalogue(): Catalogue | undefined {
  const [first] = availableLocales();
  return first ? catalogueOf(first) : undefined;
}

export function isMessageKey(value: unknown): value is MessageKey {
  // Every language has the same keys (defineMessages), so any catalogue at hand answers.
  const catalogue = someCatalogue();
  return typeof value === "string" && catalogue !== undefined && value in catalogue;
}

const pluralRules: Record<Locale, Intl.PluralRules> = {
  nl: new Intl.PluralRules("nl-NL"),
  en: new Intl.PluralRules("en-GB"),
};

function interpolate(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const message = catalogueOf(locale)?.[key] ?? someCatalogue()?.[key];
  if (message === undefined) return key;
  if (typeof message === "string") return interpolate(message, params);
  const count = Number(params?.count ?? 0);
  const form = count === 0 && message.zero !== undefined ? message.zero : pluralRules[locale].select(count) === "one" ? message.one : message.other;
  return interpolate(form, params);
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** For error codes that arrive as strings (zod issues, business errors): unknown codes fall back. */
export function translateCode(locale: Locale, code: string | undefined, fallback: MessageKey): string {
  return translate(locale, isMessageKey(code) ? code : fallback);
}

export const localeNames: Record<Locale, string> = { nl: "Nederlands", en: "English" };
/** BCP 47 tags for Intl formatting. */
export const intlLocale: Record<Locale, string> = { nl: "nl-NL", en: "en-GB" };
