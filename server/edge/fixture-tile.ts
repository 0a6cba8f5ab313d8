/**
 * The one map tile the tests serve (/__test/tiles/…, only with BUURTKRACHT_TEST_HOOKS): an 8 × 8
 * light grey PNG, which Leaflet stretches over each 256 px tile. Made here, not taken from a tile
 * server (none is reachable from these machines; docs/decisions/068-map.md).
 */
export const FIXTURE_TILE_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAD0lEQVR4nGN4jgMwDC0JALG1rUHrAv+PAAAAAElFTkSuQmCC", "base64");
