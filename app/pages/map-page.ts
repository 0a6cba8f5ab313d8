import type { MessageKey } from "../i18n/i18n";
import type { MapMarker } from "../utils/map";

/** What /map was asked for: which kinds, which neighbourhood, and each layer's own filters. */
export interface MapPageQuery {
  /** The kinds to show; null: every layer (nothing chosen yet). */
  show: string[] | null;
  neighbourhood?: string;
  /** By kind, then the layer's filter name: `?project-status=funded` → { project: { status: "funded" } }. */
  filters: Record<string, Record<string, string>>;
}

const NEIGHBOURHOOD = /^[a-z0-9-]{1,60}$/;
const VALUE = /^[a-z0-9_-]{1,60}$/;

/**
 * Reads /map's query for these kinds: `show` (repeatable), `neighbourhood`, and `<kind>-<name>`
 * filters. Values that cannot be an id are dropped (the layers validate the rest with their
 * lists' own schemas, as the lists do); an unknown kind is ignored.
 */
export function mapPageQueryFrom(params: URLSearchParams, kinds: readonly string[]): MapPageQuery {
  const asked = params.getAll("show").filter((k) => kinds.includes(k));
  const neighbourhood = params.get("neighbourhood")?.trim();
  const filters: Record<string, Record<string, string>> = {};
  for (const kind of kinds) filters[kind] = {};
  for (const [key, value] of params) {
    const kind = kinds.find((k) => key.startsWith(`${k}-`));
    if (!kind || !VALUE.test(value)) continue;
    filters[kind]![key.slice(kind.length + 1)] = value;
  }
  return {
    show: asked.length ? [...new Set(asked)] : null,
    neighbourhood: neighbourhood && NEIGHBOURHOOD.test(neighbourhood) ? neighbourhood : undefined,
    filters,
  };
}

/** One layer as the page shows it: its toggle, its filters with the chosen values, its markers. */
export interface MapPageLayer {
  kind: string;
  labelKey: MessageKey;
  shown: boolean;
  filters: { param: string; labelKey: MessageKey; anyKey?: MessageKey; options: { value: string; labelKey: MessageKey }[]; value: string }[];
  markers: MapMarker[];
}

export interface MapPage {
  layers: MapPageLayer[];
  neighbourhood?: string;
}

/** A link to /map showing one kind with these filters (the lists' "Show on the map"). */
export function mapLink(kind: string, filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams({ show: kind });
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return `/map?${params}`;
}
