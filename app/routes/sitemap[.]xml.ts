import type { LoaderFunctionArgs } from "@remix-run/node";
import { listSitemapPages, sitemapEntries } from "../pages/sitemap.server";
import { renderSitemap } from "../utils/sitemap";

/** The sitemap of the public pages, with their language versions (docs/decisions/065-seo-and-feeds.md). */
export async function loader({ context }: LoaderFunctionArgs) {
  const { db, env } = context.services;
  const xml = renderSitemap(sitemapEntries(env.APP_URL, await listSitemapPages(db)));
  return new Response(xml, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
