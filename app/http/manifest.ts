import type { Locale, Translate } from "../i18n/i18n";

/**
 * The web app manifest: Buurtkracht on a phone's home screen (docs/decisions/065-seo-and-feeds.md).
 * The colours are the theme's: brand-600 (the favicon, `theme-color`) and the page's stone-50.
 * The icons are drawn from public/favicon.svg by scripts/icons.ts.
 */
export const THEME_COLOR = "#137f49";
export const BACKGROUND_COLOR = "#fafaf9";

export const manifestIcons = [
  { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
  { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
  // The house on a full-bleed square, within the safe zone a launcher's mask keeps.
  { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
] as const;

export function webAppManifest(locale: Locale, t: Translate) {
  return {
    id: "/",
    name: t("app.name"),
    short_name: t("app.name"),
    description: t("app.tagline"),
    lang: locale,
    dir: "ltr",
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "any",
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    categories: ["social", "lifestyle"],
    icons: manifestIcons,
  };
}
