import type { MapLayer } from "../services.server";
import type { Db } from "../utils/db.server";
import { spreadMarker } from "../utils/map";
import type { MapPage, MapPageQuery } from "./map-page";

export type { MapPage, MapPageLayer, MapPageQuery } from "./map-page";
export { mapPageQueryFrom } from "./map-page";

/**
 * /map (docs/decisions/068-map.md): every registered layer (services.extensions.mapLayers) asked
 * for what its public list shows this viewer with these filters; each marker spread a little
 * around its area's centroid so markers of one area do not stack. A layer not shown is not asked.
 */
export async function getMapPage(db: Db, layers: readonly MapLayer[], input: { viewerId: string | null; query: MapPageQuery }): Promise<MapPage> {
  const { query } = input;
  const out = await Promise.all(
    layers.map(async (layer) => {
      const shown = query.show === null || query.show.includes(layer.kind);
      const own = query.filters[layer.kind] ?? {};
      const markers = shown ? await layer.markers(db, { viewerId: input.viewerId, neighbourhoodId: query.neighbourhood, filters: own }) : [];
      return {
        kind: layer.kind,
        labelKey: layer.labelKey,
        shown,
        filters: (layer.filters ?? []).map((f) => ({
          param: `${layer.kind}-${f.name}`,
          labelKey: f.labelKey,
          anyKey: f.anyKey,
          options: [...f.options],
          value: own[f.name] ?? "",
        })),
        markers: markers.map(spreadMarker),
      };
    }),
  );
  return { layers: out, neighbourhood: query.neighbourhood };
}
