import { describe, expect, it } from "vitest";
import { distanceKm } from "../lending/item";
import { DEFAULT_TILE_ATTRIBUTION, DEFAULT_TILE_URL, isSafeAttribution, type MapMarker, parseTileUrl, SPREAD_MAX_METRES, spreadMarker } from "./map";
import { parseEnv } from "./env.server";

const centroid = { lat: 52.3617, lng: 4.9402 }; // a point in Amsterdam-Oost (the demo's former hand-typed 1093)
const marker = (kind: string, id: string): MapMarker => ({ kind, id, title: "Boormachine", href: `/items/${id}`, ...centroid });

describe("spreadMarker: markers of one area do not stack, and stay in the area", () => {
  const ids = Array.from({ length: 200 }, (_, i) => `item-${i}`);
  const spread = ids.map((id) => spreadMarker(marker("item", id)));

  it("moves every marker between 30 % and 100 % of the maximum from the centroid (metres)", () => {
    for (const m of spread) {
      const metres = distanceKm(centroid, m) * 1000;
      expect(metres).toBeGreaterThanOrEqual(SPREAD_MAX_METRES * 0.3 - 1);
      expect(metres).toBeLessThanOrEqual(SPREAD_MAX_METRES + 1);
    }
  });

  it("is deterministic: the same marker lands on the same spot every time (nothing to average away)", () => {
    expect(spreadMarker(marker("item", "item-7"))).toEqual(spread[7]);
  });

  it("puts different markers of one area on different spots, also a project and an item with the same id", () => {
    expect(new Set(spread.map((m) => `${m.lat},${m.lng}`)).size).toBe(ids.length);
    expect(spreadMarker(marker("project", "x"))).not.toEqual({ ...spreadMarker(marker("item", "x")), kind: "project" });
  });

  it("changes only the position", () => {
    const m = spreadMarker({ ...marker("item", "a"), subtitle: "Indische Buurt, Amsterdam" });
    expect(m).toMatchObject({ kind: "item", id: "a", title: "Boormachine", href: "/items/a", subtitle: "Indische Buurt, Amsterdam" });
  });
});

describe("parseTileUrl: MAP_TILE_URL names one tile origin", () => {
  it.each([
    [DEFAULT_TILE_URL, "https://tile.openstreetmap.org"],
    ["https://tiles.example.nl/osm/{z}/{x}/{y}{r}.png", "https://tiles.example.nl"],
    ["https://tiles.example.nl:8443/{z}/{x}/{y}.png?key=abc", "https://tiles.example.nl:8443"],
    ["http://127.0.0.1:3210/__test/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:3210"],
    ["http://localhost:3000/__test/tiles/{z}/{x}/{y}.png", "http://localhost:3000"],
  ])("%s → img-src %s", (template, origin) => {
    expect(parseTileUrl(template)).toEqual({ ok: true, origin });
  });

  it.each([
    ["https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", /placeholder \{s\}/],
    ["https://tile.openstreetmap.org/{z}/{x}.png", /\{z\}, \{x\} and \{y\}/],
    ["http://tiles.example.nl/{z}/{x}/{y}.png", /https/],
    ["ftp://tiles.example.nl/{z}/{x}/{y}.png", /https/],
    ["javascript:alert(1)//{z}/{x}/{y}", /https/],
    ["https://user:pw@tiles.example.nl/{z}/{x}/{y}.png", /credentials/],
    ["tiles/{z}/{x}/{y}.png", /not a URL/],
  ])("refuses %s", (template, reason) => {
    const parsed = parseTileUrl(template);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe("isSafeAttribution: MAP_TILE_ATTRIBUTION is text and links only (Leaflet writes it as HTML)", () => {
  it.each([DEFAULT_TILE_ATTRIBUTION, "Kaart: gemeente Utrecht", '© <a href="https://example.nl/a?b=c">Voorbeeld</a> en <a href="https://osm.org">OSM</a>'])(
    "accepts %s",
    (html) => expect(isSafeAttribution(html)).toBe(true),
  );
  it.each([
    "",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="https://x.nl" onclick="alert(1)">x</a>',
    "<script>alert(1)</script>",
    "a > b",
    "x".repeat(501),
  ])("refuses %s", (html) => expect(isSafeAttribution(html)).toBe(false));
});

describe("the map's env", () => {
  it("defaults to OpenStreetMap's tiles with OpenStreetMap's attribution", () => {
    const env = parseEnv({});
    expect(env.MAP_TILE_URL).toBe("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    expect(env.MAP_TILE_ATTRIBUTION).toContain('<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>');
  });

  it("refuses a bad tile source or attribution at start-up, naming the variable", () => {
    expect(() => parseEnv({ MAP_TILE_URL: "https://{s}.tile.example.nl/{z}/{x}/{y}.png" })).toThrow(/MAP_TILE_URL: unknown placeholder/);
    expect(() => parseEnv({ MAP_TILE_ATTRIBUTION: "<b>x</b>" })).toThrow(/MAP_TILE_ATTRIBUTION/);
  });
});
