import type { MapLayer } from "../services.server";
import { ideaKinds, ideaStatuses } from "./idea";
import { IdeaListQuerySchema } from "./idea-schema";
import { listIdeas } from "./reads.server";

/**
 * Board posts on /map (docs/decisions/068-map.md, 069): what the board lists for this viewer (never
 * hidden posts of others, suspended posters or people they blocked), with its kind and status
 * filters, at the post's coarse point or its postcode area — never closer than that.
 */
export const ideaMapLayer: MapLayer = {
  kind: "idea",
  labelKey: "ideas.title",
  filters: [
    {
      name: "kind",
      labelKey: "ideas.filter.kind",
      anyKey: "ideas.filter.any",
      options: ideaKinds.map((k) => ({ value: k, labelKey: `ideas.kind.${k}` as const })),
    },
    {
      name: "status",
      labelKey: "ideas.filter.status",
      anyKey: "ideas.filter.any",
      options: ideaStatuses.map((s) => ({ value: s, labelKey: `ideas.status.${s}` as const })),
    },
  ],
  async markers(db, query) {
    const parsed = IdeaListQuerySchema.safeParse({ kind: query.filters.kind || undefined, status: query.filters.status || undefined });
    const filters = parsed.success ? parsed.data : IdeaListQuerySchema.parse({});
    const listed = await listIdeas(db, { ...filters, neighbourhood: query.neighbourhoodId, viewerId: query.viewerId, limit: 500 });
    if (!listed.ok) return [];
    return listed.ideas
      .filter((i) => i.point !== null)
      .map((i) => ({
        kind: "idea",
        id: i.id,
        title: i.title,
        href: `/ideas/${i.id}`,
        lat: i.point!.lat,
        lng: i.point!.lng,
        subtitle: i.street || i.neighbourhoodName,
      }));
  },
};
