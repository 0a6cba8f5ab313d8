import type { FundingModel, ProjectCategory, ProjectStatus } from "./project";

/**
 * The public read API's shape (GET /api/projects, /api/projects/:slug): integers for money (cents),
 * ISO 8601 for dates, and nothing private — no e-mail addresses, no ids of people, no amounts of
 * individual backers. docs/decisions/035-public-api-and-embed.md.
 */
export interface ApiProject {
  slug: string;
  url: string;
  title: string;
  summary: string;
  status: ProjectStatus;
  category: ProjectCategory;
  neighbourhood: { id: string; name: string; city: string };
  goalCents: number;
  pledgedCents: number;
  /** What organisations' matching pools committed to the project (counts toward the goal). */
  matchedCents: number;
  collectedCents: number;
  backerCount: number;
  launchedAt: string | null;
  endsAt: string | null;
  fundingModel: FundingModel;
  initiator: { handle: string; displayName: string };
  /** An organisation's own project: its name and page (null for a neighbour's project). */
  organisation: { slug: string; name: string; url: string } | null;
  coverImageUrl: string | null;
  /** The cover's 4:3 crop in every stored width, narrowest first (for a `srcset`); empty without a cover. */
  coverImages: { url: string; width: number; height: number }[];
  tiers: ApiTier[];
}

export interface ApiTier {
  title: string;
  description: string;
  minCents: number;
  quantity: number | null;
  remaining: number | null;
  pickupNote: string;
}

interface Source {
  slug: string;
  title: string;
  summary: string;
  status: ProjectStatus;
  category: ProjectCategory;
  neighbourhood: { id: string; name: string; city: string };
  goalCents: number;
  pledgedCents: number;
  /** What organisations' matching pools committed to the project (counts toward the goal). */
  matchedCents: number;
  collectedCents: number;
  backerCount: number;
  launchedAt: Date | null;
  endsAt: Date | null;
  fundingModel: FundingModel;
  initiator: { handle: string; displayName: string };
  organisation: { slug: string; name: string } | null;
  cover: { largeUrl: string; card: { url: string; width: number; height: number }[] } | null;
  tiers: { title: string; description: string; minCents: number; quantity: number | null; remaining: number | null; pickupNote: string }[];
}

/** Copies field by field (never spreads a row), so a new column cannot leak into the API by accident. */
export function toApiProject(p: Source, appUrl: string): ApiProject {
  return {
    slug: p.slug,
    url: `${appUrl}/projects/${p.slug}`,
    title: p.title,
    summary: p.summary,
    status: p.status,
    category: p.category,
    neighbourhood: { id: p.neighbourhood.id, name: p.neighbourhood.name, city: p.neighbourhood.city },
    goalCents: p.goalCents,
    pledgedCents: p.pledgedCents,
    matchedCents: p.matchedCents,
    collectedCents: p.collectedCents,
    backerCount: p.backerCount,
    launchedAt: p.launchedAt ? p.launchedAt.toISOString() : null,
    endsAt: p.endsAt ? p.endsAt.toISOString() : null,
    fundingModel: p.fundingModel,
    initiator: { handle: p.initiator.handle, displayName: p.initiator.displayName },
    organisation: p.organisation ? { slug: p.organisation.slug, name: p.organisation.name, url: `${appUrl}/organisations/${p.organisation.slug}` } : null,
    coverImageUrl: p.cover ? `${appUrl}${p.cover.largeUrl}` : null,
    coverImages: p.cover ? p.cover.card.map((v) => ({ url: `${appUrl}${v.url}`, width: v.width, height: v.height })) : [],
    tiers: p.tiers.map((t) => ({
      title: t.title,
      description: t.description,
      minCents: t.minCents,
      quantity: t.quantity,
      remaining: t.remaining,
      pickupNote: t.pickupNote,
    })),
  };
}

/**
 * The share snippet's iframe (issue 13 §12): the card fits in it whole — cover (at most 150 px), two
 * lines of title, three of summary, the bar, the totals and the button (checked in e2e/projects.spec.ts).
 */
export const EMBED_FRAME = { width: 360, height: 470 } as const;

export const apiHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=60",
  // X-Content-Type-Options comes from the server for every response (server/app.ts): not twice.
} as const;
