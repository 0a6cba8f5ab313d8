import type { LoaderFunctionArgs } from "@remix-run/node";
import { getTranslator } from "../http/locale.server";
import { webAppManifest } from "../http/manifest";

/** The web app manifest (docs/decisions/065-seo-and-feeds.md), in the visitor's language. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { locale, t } = await getTranslator(context, request);
  return new Response(JSON.stringify(webAppManifest(locale, t)), {
    headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": "public, max-age=86400", Vary: "Accept-Language, Cookie" },
  });
}
