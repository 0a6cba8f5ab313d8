import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { availableLocales, catalogueHref, defaultLocale, hasCatalogue, isLocale, type Locale, translator, type Translate } from "./i18n";

/**
 * The browser holds one language's catalogue, the page's (docs/decisions/063-one-language-per-page.md).
 * When the root loader answers in another language — the language switch, a login into an account
 * set to English, another tab's choice — the page fetches that catalogue once and every component
 * that translates renders again; until it arrives, the page stays in the language it has.
 */
let loadedVersion = 0;
const listeners = new Set<() => void>();
const loading = new Set<Locale>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function loadCatalogue(locale: Locale): void {
  if (hasCatalogue(locale) || loading.has(locale)) return;
  loading.add(locale);
  const script = document.createElement("script");
  script.src = catalogueHref(locale);
  script.onload = () => {
    loading.delete(locale);
    loadedVersion += 1;
    for (const listener of listeners) listener();
  };
  // Offline, or a new release renamed the file: a fresh document brings its own catalogue.
  script.onerror = () => window.location.reload();
  document.head.append(script);
}

/** The language the root loader resolved for this request (account, cookie, Accept-Language). */
function useRequestedLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: unknown } | undefined;
  return isLocale(data?.locale) ? data.locale : defaultLocale;
}

/**
 * The page's language: the requested one once its catalogue is here (on the server, and when the
 * page was rendered, always), otherwise the one the page holds.
 */
export function useLocale(): Locale {
  const requested = useRequestedLocale();
  useSyncExternalStore(
    subscribe,
    () => loadedVersion,
    () => 0,
  );
  if (hasCatalogue(requested)) return requested;
  return availableLocales()[0] ?? requested;
}

export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => translator(locale), [locale]);
}

/** For the root: fetch the requested language's catalogue when this page does not hold it. */
export function useCatalogueOfRequestedLocale(): void {
  const requested = useRequestedLocale();
  const shown = useLocale();
  useEffect(() => {
    if (requested !== shown) loadCatalogue(requested);
  }, [requested, shown]);
}
