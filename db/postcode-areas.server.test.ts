import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPostcodes } from "../app/demo/foundation.server";
import { createTestDatabase } from "../app/test/db";
import { seedPlaces } from "../app/test/lending-fixtures";
import type { DatabaseHandle } from "../app/utils/db.server";

/** Migration 0035: every Dutch four-digit postcode area, from GeoNames (decision 070). */
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const rows = JSON.parse(readFileSync(new URL("./data/postcode-areas-nl.json", import.meta.url), "utf8")) as [string, string, number, number][];
const km = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
};
const area = (postcode4: string) => database.db.selectFrom("postcode_areas").selectAll().where("postcode4", "=", postcode4).executeTakeFirst();

describe("the postcode areas (migration 0035)", () => {
  it("holds every row of db/data/postcode-areas-nl.json: about 4,000 areas, inside the Netherlands", async () => {
    const { n } = await database.db
      .selectFrom("postcode_areas")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(n).toBe(rows.length);
    expect(n).toBeGreaterThan(4000);
    expect(n).toBeLessThan(4200);
    const box = await database.db
      .selectFrom("postcode_areas")
      .select((eb) => [eb.fn.min("lat").as("minLat"), eb.fn.max("lat").as("maxLat"), eb.fn.min("lng").as("minLng"), eb.fn.max("lng").as("maxLng")])
      .executeTakeFirstOrThrow();
    // The Netherlands' European part: about 50.75–53.56 N, 3.36–7.23 E.
    expect(Number(box.minLat)).toBeGreaterThan(50.7);
    expect(Number(box.maxLat)).toBeLessThan(53.6);
    expect(Number(box.minLng)).toBeGreaterThan(3.3);
    expect(Number(box.maxLng)).toBeLessThan(7.3);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
  });

  it("puts known areas where they are", async () => {
    for (const [postcode4, place, landmark, withinKm] of [
      ["1012", "Amsterdam", { lat: 52.3731, lng: 4.8926 }, 1], // the Dam
      ["3511", "Utrecht", { lat: 52.0907, lng: 5.1214 }, 1], // the Dom tower
      ["9712", "Groningen", { lat: 53.2194, lng: 6.5665 }, 1], // the Grote Markt
      ["3035", "Rotterdam", { lat: 51.9326, lng: 4.4795 }, 1.5], // the Zwaanshals
    ] as const) {
      const row = await area(postcode4);
      expect(row, postcode4).toMatchObject({ place });
      expect(km(row!, landmark), postcode4).toBeLessThan(withinKm);
    }
  });

  it("does not know 1000 (Amsterdam's PO boxes, no address area), the postcode the tests use for an unknown one", async () => {
    expect(await area("1000")).toBeUndefined();
    expect(rows.some((r) => r[0] === "1000")).toBe(false);
  });

  it("the demo's areas are the table's rows, and the seed links them to their neighbourhoods without moving them", async () => {
    for (const p of demoPostcodes)
      expect(
        rows.find((r) => r[0] === p.postcode4),
        p.postcode4,
      ).toEqual([p.postcode4, p.place, p.lat, p.lng]);
    await seedPlaces(database.db);
    for (const p of demoPostcodes) expect(await area(p.postcode4), p.postcode4).toEqual({ ...p });
    expect((await area("9712"))!.neighbourhood_id).toBeNull();
  });
});
