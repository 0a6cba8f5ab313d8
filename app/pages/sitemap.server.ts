import { locales } from "../i18n/i18n";
import { listSitemapIdeas } from "../ideas/reads.server";
import { listSitemapItems } from "../lending/search.server";
import { listSitemapNeighbourhoods } from "../neighbourhoods/reads.server";
import { listSitemapProjects } from "../projects/projects.server";
import { languageUrl } from "../utils/app-url";
import type { Db } from "../utils/db.server";
import { SITEMAP_MAX_URLS, type SitemapEntry } from "../utils/sitemap";

/**
 * What /sitemap.xml lists (docs/decisions/065-seo-and-feeds.md), from the features' own public
 * lists: the home page, the project, item and board lists, every neighbourhood's page, every project, item and board post
 * those lists show a visitor without an account, and the profiles of the members behind them (initiators and
 * owners; nobody else's profile is announced). Each page has three addresses — `?lang=nl`,
 * `?lang=en` and the one without (`x-default`) — and each is a `<url>` naming all three.
 */
export const SITEMAP_CAPS = { projects: 4_000, items: 8_000, ideas: 4_000 } as const;
const ADDRESSES_PER_PAGE = locales.length + 1;
/** One file, never more than the protocol's 50,000 URLs: 16,666 pages. */
export const SITEMAP_MAX_PAGES = Math.floor(SITEMAP_MAX_URLS / ADDRESSES_PER_PAGE);

export interface SitemapPage {
  path: string;
  lastmod: Date | null;
}

export async function listSitemapPages(db: Db): Promise<SitemapPage[]> {
  const [projects, items, posts, neighbourhoods] = await Promise.all([
    listSitemapProjects(db, SITEMAP_CAPS.projects),
    listSitemapItems(db, SITEMAP_CAPS.items),
    // The board's public posts, as a visitor without an account sees them (issue 14).
    listSitemapIdeas(db, SITEMAP_CAPS.ideas),
    // Every neighbourhood's own page (issue 15, docs/decisions/073).
    listSitemapNeighbourhoods(db),
  ]);
  const newest = (dates: Date[]): Date | null => (dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : null);
  const projectsChanged = newest(projects.map((p) => p.lastmod));
  const itemsChanged = newest(items.map((i) => i.lastmod));
  const people = new Map<string, Date>();
  for (const person of [...projects.map((p) => p.initiator), ...items.map((i) => i.owner)]) people.set(person.handle, person.updatedAt);
  const pages: SitemapPage[] = [
    { path: "/", lastmod: newest([projectsChanged, itemsChanged].filter((d): d is Date => d !== null)) },
    { path: "/projects", lastmod: projectsChanged },
    { path: "/items", lastmod: itemsChanged },
    // An empty board is not worth a crawler's visit.
    ...(posts.length > 0 ? [{ path: "/ideas", lastmod: newest(posts.map((p) => p.lastmod)) }] : []),
    ...neighbourhoods.map((n) => ({ path: `/buurt/${encodeURIComponent(n.id)}`, lastmod: n.lastmod })),
    ...projects.map((p) => ({ path: `/projects/${p.slug}`, lastmod: p.lastmod })),
    ...items.map((i) => ({ path: `/items/${i.id}`, lastmod: i.lastmod })),
    ...posts.map((p) => ({ path: `/ideas/${p.id}`, lastmod: p.lastmod })),
    ...[...people].map(([handle, updatedAt]) => ({ path: `/u/${encodeURIComponent(handle)}`, lastmod: updatedAt })),
  ];
  return pages.slice(0, SITEMAP_MAX_PAGES);
}

/** Each page's addresses, every one with the full set of alternates. */
export function sitemapEntries(appUrl: string, pages: readonly SitemapPage[]): SitemapEntry[] {
  return pages.flatMap((page) => {
    const alternates = [
      ...locales.map((l) => ({ hreflang: l, href: languageUrl(appUrl, page.path, l) })),
      { hreflang: "x-default", href: languageUrl(appUrl, page.path, null) },
    ];
    return alternates.map((a) => ({ loc: a.href, lastmod: page.lastmod, alternates }));
  });
}
