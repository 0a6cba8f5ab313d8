import type { MapLayer } from "../services.server";
import { itemCategories } from "./item";
import { SearchQuerySchema } from "./lending-schema";
import { listItemMarkers } from "./search.server";

/**
 * Listed items on /map (docs/decisions/068-map.md): what browsing shows this viewer (never paused,
 * unlisted, hidden, a suspended or blocked owner's, or circles-only items outside their circles),
 * with the search's category and neighbourhood filters, at the item's postcode area — never its
 * pickup address.
 */
export const itemMapLayer: MapLayer = {
  kind: "item",
  labelKey: "map.layer.item",
  filters: [
    {
      name: "category",
      labelKey: "lending.search.category",
      anyKey: "lending.search.anyCategory",
      options: itemCategories.map((c) => ({ value: c, labelKey: `lending.category.${c}` as const })),
    },
  ],
  async markers(db, query) {
    const search = SearchQuerySchema.parse({ category: query.filters.category, neighbourhood: query.neighbourhoodId });
    const rows = await listItemMarkers(db, { viewerId: query.viewerId, category: search.category, neighbourhoodId: search.neighbourhood });
    return rows.map((r) => ({
      kind: "item",
      id: r.id,
      title: r.title,
      href: `/items/${r.id}`,
      lat: r.lat,
      lng: r.lng,
      subtitle: `${r.neighbourhood.name}, ${r.neighbourhood.city}`,
    }));
  },
};
