import type { MapLayer } from "../services.server";
import { projectCategories } from "./project";
import { ListQuerySchema } from "./project-schema";
import { listProjectMarkers } from "./projects.server";

const statuses = ["live", "funded", "failed", "all"] as const;

/**
 * Projects on /map (docs/decisions/068-map.md): exactly what the public projects list shows with
 * the same filters (status, category, neighbourhood; parsed by the list's own schema, so a bad
 * value falls back as it does there), at their neighbourhood's centroid.
 */
export const projectMapLayer: MapLayer = {
  kind: "project",
  labelKey: "map.layer.project",
  filters: [
    { name: "status", labelKey: "projects.list.status", options: statuses.map((s) => ({ value: s, labelKey: `projects.list.status.${s}` as const })) },
    {
      name: "category",
      labelKey: "projects.field.category",
      anyKey: "projects.list.allCategories",
      options: projectCategories.map((c) => ({ value: c, labelKey: `projects.category.${c}` as const })),
    },
  ],
  async markers(db, query) {
    const list = ListQuerySchema.parse({ status: query.filters.status, category: query.filters.category, neighbourhood: query.neighbourhoodId });
    const rows = await listProjectMarkers(db, list);
    return rows.map((r) => ({
      kind: "project",
      id: r.slug,
      title: r.title,
      href: `/projects/${r.slug}`,
      lat: r.lat,
      lng: r.lng,
      subtitle: `${r.neighbourhood.name}, ${r.neighbourhood.city}`,
    }));
  },
};
