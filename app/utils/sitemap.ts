import { escapeXml, xmlDate } from "./xml";

/**
 * The sitemap protocol (sitemaps.org) with language alternates (`xhtml:link rel="alternate"
 * hreflang`, as search engines read them). At most 50,000 URLs per file: callers cap what they list
 * (docs/decisions/065-seo-and-feeds.md).
 */
export const SITEMAP_MAX_URLS = 50_000;

export interface SitemapEntry {
  loc: string;
  lastmod: Date | null;
  alternates: { hreflang: string; href: string }[];
}

export function renderSitemap(entries: readonly SitemapEntry[]): string {
  if (entries.length > SITEMAP_MAX_URLS) throw new Error(`a sitemap holds at most ${SITEMAP_MAX_URLS} URLs, not ${entries.length}`);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
  ];
  for (const e of entries) {
    lines.push("  <url>", `    <loc>${escapeXml(e.loc)}</loc>`);
    if (e.lastmod) lines.push(`    <lastmod>${xmlDate(e.lastmod)}</lastmod>`);
    for (const a of e.alternates) lines.push(`    <xhtml:link rel="alternate" hreflang="${escapeXml(a.hreflang)}" href="${escapeXml(a.href)}"/>`);
    lines.push("  </url>");
  }
  lines.push("</urlset>", "");
  return lines.join("\n");
}
