/** A message is a string with {placeholders}, or plural forms chosen by the `count` parameter. */
export type PluralMessage = { zero?: string; one: string; other: string };
export type Message = string | PluralMessage;

/**
 * Declares one feature's catalogue. Dutch is the source; English must have exactly the same keys
 * (a missing or extra English key is a type error).
 */
export function defineMessages<const NL extends Record<string, Message>>(catalog: {
  nl: NL;
  en: { [K in keyof NL]: Message };
}): { nl: NL; en: { [K in keyof NL]: Message } } {
  return catalog;
}

/**
 * The browser global the catalogue scripts fill, one `{ version, messages }` per language
 * (app/i18n/catalogues.server.ts writes them, app/i18n/i18n.ts reads them).
 */
export const CATALOGUE_GLOBAL = "__buurtkrachtCatalogues";
