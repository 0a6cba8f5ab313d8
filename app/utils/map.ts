/**
 * The map's pure parts (docs/decisions/068-map.md): what a marker is, where it is drawn, and which
 * tile sources and attributions the configuration may name. No Leaflet here: this file is shared by
 * the server (layers, env, the Content-Security-Policy) and the browser (the map component).
 */

/**
 * One thing on the map. `lat`/`lng` are always a postcode area's (or a neighbourhood's) centroid,
 * never an address; `spreadMarker` moves it a little so markers of one area do not stack.
 */
export interface MapMarker {
  /** The layer's kind ("project", "item", …): the page groups and toggles by it. */
  kind: string;
  id: string;
  title: string;
  /** Same-site path of the thing's own page. */
  href: string;
  lat: number;
  lng: number;
  /** A short second line, e.g. the neighbourhood and city. */
  subtitle?: string;
}

/** At most this far (metres) from the centroid: well inside a Dutch four-digit postcode area (~1–3 km across). */
export const SPREAD_MAX_METRES = 180;
const METRES_PER_DEGREE_LAT = 111_320;

/** FNV-1a, 32 bits: a stable number from a string (same marker, same place, every request). */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The marker moved by a small offset derived from its kind and id only: deterministic (no
 * randomness, so it cannot be averaged away over reloads to find anything finer than the area),
 * at most SPREAD_MAX_METRES from the centroid, and different for two markers of the same area.
 */
export function spreadMarker<M extends MapMarker>(marker: M): M {
  const h = hash32(`${marker.kind}:${marker.id}`);
  const angle = ((h & 0xffff) / 0x10000) * 2 * Math.PI;
  // Between 30 % and 100 % of the maximum, so no marker sits exactly on the centroid of another.
  const metres = SPREAD_MAX_METRES * (0.3 + 0.7 * ((h >>> 16) / 0x10000));
  const dLat = (metres * Math.cos(angle)) / METRES_PER_DEGREE_LAT;
  const dLng = (metres * Math.sin(angle)) / (METRES_PER_DEGREE_LAT * Math.cos((marker.lat * Math.PI) / 180));
  return { ...marker, lat: round6(marker.lat + dLat), lng: round6(marker.lng + dLng) };
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** The Netherlands' mainland, roughly: where the map opens when there is nothing to show. */
export const NETHERLANDS_BOUNDS: [[number, number], [number, number]] = [
  [50.75, 3.36],
  [53.55, 7.23],
];

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Checks a tile URL template (MAP_TILE_URL): https (http only on a loopback host: the tests'
 * fixture tile), with {z}, {x} and {y}, and no other placeholder but {r} (retina). A `{s}`
 * subdomain is refused: the Content-Security-Policy names the one tile origin and nothing broader.
 * Returns the origin img-src must allow.
 */
export function parseTileUrl(template: string): { ok: true; origin: string } | { ok: false; reason: string } {
  const placeholders = template.match(/\{[^}]*\}/g) ?? [];
  for (const p of placeholders) {
    if (!["{z}", "{x}", "{y}", "{r}"].includes(p)) return { ok: false, reason: `unknown placeholder ${p} (only {z}, {x}, {y}, {r}; no {s}: one host)` };
  }
  for (const p of ["{z}", "{x}", "{y}"]) if (!template.includes(p)) return { ok: false, reason: `must contain {z}, {x} and {y}` };
  let url: URL;
  try {
    url = new URL(template.replace(/\{([zxyr])\}/g, "$1"));
  } catch {
    return { ok: false, reason: "not a URL" };
  }
  if (url.username || url.password) return { ok: false, reason: "no credentials in the URL" };
  if (url.protocol === "https:") return { ok: true, origin: url.origin };
  if (url.protocol === "http:" && LOOPBACK.test(url.hostname)) return { ok: true, origin: url.origin };
  return { ok: false, reason: "must be https:// (http:// only on localhost)" };
}

/**
 * Checks a tile attribution (MAP_TILE_ATTRIBUTION). Leaflet writes it into the page as HTML, so it
 * may hold text and links only: `<a href="https://…">…</a>`, nothing else that looks like a tag.
 */
export function isSafeAttribution(html: string): boolean {
  if (!html.trim() || html.length > 500) return false;
  const withoutLinks = html.replace(/<a href="https?:\/\/[^"<>\s]+">([^<>]*)<\/a>/g, "$1");
  return !/[<>]/.test(withoutLinks);
}

export const DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
export const DEFAULT_TILE_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
