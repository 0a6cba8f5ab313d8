import type { Locale, Translate } from "../i18n/i18n";
import { formatDateTime } from "../i18n/format";
import type { NeighbourhoodFeedSource } from "../services.server";
import { absoluteUrl } from "../utils/app-url";
import type { AtomFeed } from "../utils/atom";
import type { Db } from "../utils/db.server";
import { escapeXml } from "../utils/xml";
import { getNeighbourhoodFeed } from "./neighbourhood-page.server";

export const ATOM_ENTRIES = 50;

/**
 * /buurt/<slug>/feed.atom: the page's feed for feed readers and neighbourhood websites — the same
 * entries as the page (what the public lists show a visitor without an account), newest first.
 */
export async function getNeighbourhoodAtomFeed(
  db: Db,
  sources: readonly NeighbourhoodFeedSource[],
  neighbourhoodId: string,
  options: { appUrl: string; locale: Locale; t: Translate; now: Date },
): Promise<AtomFeed | null> {
  const hood = await db.selectFrom("neighbourhoods").select(["id", "name"]).where("id", "=", neighbourhoodId).executeTakeFirst();
  if (!hood) return null;
  const { t, locale } = options;
  // One page as long as the feed: the merge keeps it newest first across the sources.
  const feed = await getNeighbourhoodFeed(db, sources, { neighbourhoodId: hood.id, query: { kind: null, page: 1 }, now: options.now, size: ATOM_ENTRIES });
  const page = absoluteUrl(options.appUrl, `/buurt/${encodeURIComponent(hood.id)}`);
  return {
    id: `tag:buurtkracht,2026:buurt:${hood.id}`,
    title: t("buurt.feed.atomTitle", { neighbourhood: hood.name }),
    lang: locale,
    updated: feed.entries[0]?.at ?? options.now,
    selfUrl: absoluteUrl(options.appUrl, `/buurt/${encodeURIComponent(hood.id)}/feed.atom`),
    alternateUrl: page,
    author: { name: hood.name },
    entries: feed.entries.map((e) => {
      const when = e.happensAt
        ? e.labelKey === "buurt.feed.type.deadline"
          ? t("buurt.feed.deadline", { date: formatDateTime(e.happensAt, locale) })
          : t("buurt.feed.when", { date: formatDateTime(e.happensAt, locale) })
        : "";
      return {
        id: `urn:buurtkracht:buurt:${e.id}`,
        title: `${t(`buurt.feed.kind.${e.kind}`)} · ${t(e.labelKey)}: ${e.title}`,
        url: absoluteUrl(options.appUrl, e.href),
        published: e.at,
        updated: e.at,
        html: [e.summary ? `<p>${escapeXml(e.summary)}</p>` : "", when ? `<p>${escapeXml(when)}</p>` : ""].join(""),
      };
    }),
  };
}
