import type { ImpactFigure, NeighbourhoodFeedEntry, NeighbourhoodFeedKind } from "../utils/neighbourhood-feed";

/** The page's view types and pure helpers (docs/decisions/073-neighbourhood-pages.md). */

export const feedKinds = ["do", "get", "see"] as const satisfies readonly NeighbourhoodFeedKind[];
export const FEED_PAGE_SIZE = 15;
/** Paging stops here: each source is asked for page × size entries. */
export const FEED_MAX_PAGE = 20;
export const IMPACT_MONTHS = 12;

export interface FeedQuery {
  kind: NeighbourhoodFeedKind | null;
  page: number;
}

/** `?soort=doen|halen|zien&pagina=N` (Dutch, like the path); anything else is the whole feed's first page. */
export const kindParam: Record<NeighbourhoodFeedKind, string> = { do: "doen", get: "halen", see: "zien" };

export function feedQueryFrom(url: URL): FeedQuery {
  const soort = url.searchParams.get("soort");
  const kind = feedKinds.find((k) => kindParam[k] === soort) ?? null;
  const raw = Number.parseInt(url.searchParams.get("pagina") ?? "1", 10);
  const page = Number.isFinite(raw) ? Math.min(Math.max(raw, 1), FEED_MAX_PAGE) : 1;
  return { kind, page };
}

export interface FeedPage {
  entries: NeighbourhoodFeedEntry[];
  page: number;
  hasMore: boolean;
}

/**
 * Merges the sources' lists (each newest first, at least page × size long when there are that many)
 * into one page: newest first, ties by id, one kind when filtered, each id once.
 */
export function mergeFeed(lists: readonly (readonly NeighbourhoodFeedEntry[])[], query: FeedQuery, size = FEED_PAGE_SIZE): FeedPage {
  const seen = new Set<string>();
  const all = lists
    .flat()
    .filter((e) => (query.kind === null || e.kind === query.kind) && !seen.has(e.id) && seen.add(e.id))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const start = (query.page - 1) * size;
  return { entries: all.slice(start, start + size), page: query.page, hasMore: all.length > start + size };
}

const monthFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit" });

/** The calendar month of an instant in Amsterdam, "YYYY-MM". */
export function amsterdamMonth(at: Date): string {
  const parts = monthFormat.formatToParts(at);
  const y = parts.find((p) => p.type === "year")!.value;
  const m = parts.find((p) => p.type === "month")!.value;
  return `${y}-${m}`;
}

/**
 * The last `count` calendar months up to and including now's, oldest first, and a lower bound
 * for the first one's first instant (midnight UTC of the 1st, a little before Amsterdam's).
 */
export function impactWindow(now: Date, count = IMPACT_MONTHS): { months: string[]; from: Date } {
  const [y, m] = amsterdamMonth(now).split("-").map(Number) as [number, number];
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  const first = months[0]!.split("-").map(Number) as [number, number];
  // Amsterdam is 1 or 2 hours ahead of UTC: its month starts at 22:00 or 23:00 UTC the day before.
  return { months, from: new Date(Date.UTC(first[0], first[1] - 1, 1) - 2 * 3_600_000) };
}

export interface ImpactView {
  months: string[];
  figures: (ImpactFigure & { total: number })[];
}

export function withTotals(months: string[], figures: readonly ImpactFigure[]): ImpactView {
  return {
    months,
    figures: figures.map((f) => ({ ...f, total: Math.round(f.byMonth.reduce((sum, b) => sum + b.value, 0) * 10) / 10 })),
  };
}
