import { catalogs } from "./messages";
import type { Message } from "./define";

export const locales = ["nl", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "nl";

type Catalogs = typeof catalogs;
/** Every key of every feature catalogue: `t()` accepts nothing else. */
export type MessageKey = { [C in keyof Catalogs]: keyof Catalogs[C]["nl"] & string }[keyof Catalogs];
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

function merge(locale: Locale): Record<string, Message> {
  const out: Record<string, Message> = {};
  for (const catalog of Object.values(catalogs)) Object.assign(out, catalog[locale]);
  return out;
}

const merged: Record<Locale, Record<string, Message>> = { nl: merge("nl"), en: merge("en") };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && value in merged.nl;
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
  const message = merged[locale][key] ?? merged[defaultLocale][key];
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
