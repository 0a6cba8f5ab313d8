import type { ImpactSource, NeighbourhoodFeedSource } from "../services.server";
import { getNeighbourhoodProfile, type NeighbourhoodProfile } from "../neighbourhoods/reads.server";
import type { Db } from "../utils/db.server";
import { FEED_PAGE_SIZE, type FeedPage, type FeedQuery, impactWindow, type ImpactView, mergeFeed, withTotals } from "./neighbourhood-page";

export * from "./neighbourhood-page";

/**
 * /buurt/<slug> (docs/decisions/073-neighbourhood-pages.md): the neighbourhood's story and
 * moderators, the feed from every registered source (services.extensions.neighbourhoodFeed) and
 * the figures of what was done together (services.extensions.impactFigures). Features never
 * import each other: each answers through its extension point, this file only merges.
 */
export async function getNeighbourhoodFeed(
  db: Db,
  sources: readonly NeighbourhoodFeedSource[],
  input: { neighbourhoodId: string; query: FeedQuery; now: Date; size?: number },
): Promise<FeedPage> {
  const { query } = input;
  const size = input.size ?? FEED_PAGE_SIZE;
  // Enough of each source's newest for this page and one beyond it (to know whether there is more).
  const limit = query.page * size + 1;
  const asked = sources.filter((s) => query.kind === null || s.kinds.includes(query.kind));
  const lists = await Promise.all(asked.map((s) => s.entries(db, { neighbourhoodId: input.neighbourhoodId, now: input.now, limit })));
  return mergeFeed(lists, query, size);
}

export async function getImpact(db: Db, sources: readonly ImpactSource[], input: { neighbourhoodId: string | null; now: Date }): Promise<ImpactView> {
  const { months, from } = impactWindow(input.now);
  const figures = (await Promise.all(sources.map((s) => s.figures(db, { neighbourhoodId: input.neighbourhoodId, months, from, now: input.now })))).flat();
  return withTotals(months, figures);
}

/** How long the platform's year in numbers is reused (issue 17): it sums a year of every pledge and loan. */
export const PLATFORM_IMPACT_TTL_MS = 5 * 60_000;
const platformImpact = new WeakMap<Db, { at: number; from: string; view: Promise<ImpactView> }>();

/**
 * The home page's "what we did together" for the whole platform, reused for five minutes (by the
 * services' clock) per database: at city scale it sums a year of a million pledges and 300,000
 * loans (250–300 ms each), and figures by month need not be fresher than that. A neighbourhood's
 * own page still counts afresh (a fiftieth of the rows).
 */
export function getPlatformImpact(db: Db, sources: readonly ImpactSource[], now: Date): Promise<ImpactView> {
  const from = impactWindow(now).from.toISOString();
  const cached = platformImpact.get(db);
  if (cached && cached.from === from && now.getTime() - cached.at >= 0 && now.getTime() - cached.at < PLATFORM_IMPACT_TTL_MS) return cached.view;
  const view = getImpact(db, sources, { neighbourhoodId: null, now });
  platformImpact.set(db, { at: now.getTime(), from, view });
  view.catch(() => platformImpact.delete(db));
  return view;
}

export interface NeighbourhoodPage {
  profile: NeighbourhoodProfile;
  feed: FeedPage;
  impact: ImpactView;
}

export async function getNeighbourhoodPage(
  db: Db,
  extensions: { neighbourhoodFeed: readonly NeighbourhoodFeedSource[]; impactFigures: readonly ImpactSource[] },
  input: { neighbourhoodId: string; query: FeedQuery; now: Date },
): Promise<NeighbourhoodPage | null> {
  const profile = await getNeighbourhoodProfile(db, input.neighbourhoodId);
  if (!profile) return null;
  const [feed, impact] = await Promise.all([
    getNeighbourhoodFeed(db, extensions.neighbourhoodFeed, input),
    getImpact(db, extensions.impactFigures, { neighbourhoodId: profile.id, now: input.now }),
  ]);
  return { profile, feed, impact };
}
