import { createHash } from "node:crypto";
import { CATALOGUE_GLOBAL, type Message } from "./define";
import { catalogs } from "./messages";

/**
 * Both languages' whole catalogues, for the server: pages, e-mails, notifications, the API
 * (docs/decisions/063-one-language-per-page.md). `app/i18n/i18n.ts` reads them from here; because
 * this is a `.server` module, Remix's compiler leaves it out of the browser build (it substitutes an
 * empty module), so no client chunk carries a catalogue. The browser gets the page's language only,
 * as the script `catalogueScript` writes (served by app/routes/i18n.$file.ts).
 */
type CatalogueLocale = keyof (typeof catalogs)[keyof typeof catalogs];
export type Catalogue = Record<string, Message>;

function merge(locale: CatalogueLocale): Catalogue {
  const out: Catalogue = {};
  for (const catalog of Object.values(catalogs)) Object.assign(out, catalog[locale]);
  return out;
}

export const serverCatalogues: Record<CatalogueLocale, Catalogue> = { nl: merge("nl"), en: merge("en") };

/** A fingerprint of every catalogue: part of each catalogue script's URL, so it can be cached for ever. */
export const catalogueVersion = createHash("sha256").update(JSON.stringify(serverCatalogues)).digest("hex").slice(0, 12);

/**
 * The script that hands one language's catalogue to the browser: it adds `{ version, messages }`
 * under its language to the global, where app/i18n/i18n.ts looks before hydration and after a
 * language change. JSON is valid JavaScript, and the script is a file of its own (not inline HTML),
 * so nothing needs escaping.
 */
export function catalogueScript(locale: CatalogueLocale): string {
  const payload = JSON.stringify({ version: catalogueVersion, messages: serverCatalogues[locale] });
  return `(self.${CATALOGUE_GLOBAL}=self.${CATALOGUE_GLOBAL}||{})[${JSON.stringify(locale)}]=${payload};\n`;
}
