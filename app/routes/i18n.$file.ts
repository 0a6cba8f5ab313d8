import type { LoaderFunctionArgs } from "@remix-run/node";
import { catalogueScript, catalogueVersion } from "../i18n/catalogues.server";
import { isLocale } from "../i18n/i18n";

/**
 * One language's catalogue for the browser: /i18n/<locale>.<version>.js (docs/decisions/063). The
 * version is the catalogues' fingerprint, so the current file is cached for a year. An old version
 * (a page from before a release) gets today's catalogue, not cached: close enough to hydrate, where
 * a 404 would leave the page without its scripts.
 */
export function loader({ params }: LoaderFunctionArgs) {
  const match = /^([a-z]{2})\.([0-9a-f]{12}|none)\.js$/.exec(params.file ?? "");
  const locale = match?.[1];
  if (!match || !isLocale(locale)) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(catalogueScript(locale), {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": match[2] === catalogueVersion ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
