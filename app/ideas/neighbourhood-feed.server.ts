import type { NeighbourhoodFeedSource } from "../services.server";
import { IdeaListQuerySchema } from "./idea-schema";
import { listIdeas } from "./reads.server";

/**
 * The board on /buurt/<slug> (docs/decisions/073-neighbourhood-pages.md): to see — new ideas and
 * problems, as the board lists them to a visitor without an account (never a hidden post or a
 * suspended poster's).
 */
export const ideaNeighbourhoodFeed: NeighbourhoodFeedSource = {
  kinds: ["see"],
  async entries(db, query) {
    const listed = await listIdeas(db, { ...IdeaListQuerySchema.parse({}), neighbourhood: query.neighbourhoodId, viewerId: null, limit: query.limit });
    if (!listed.ok) return [];
    return listed.ideas.map((i) => ({
      kind: "see" as const,
      id: `idea:${i.id}`,
      labelKey: i.kind === "idea" ? ("buurt.feed.type.idea" as const) : ("buurt.feed.type.problem" as const),
      at: new Date(i.createdAt),
      happensAt: null,
      title: i.title,
      summary: i.excerpt,
      href: `/ideas/${i.id}`,
    }));
  },
};
