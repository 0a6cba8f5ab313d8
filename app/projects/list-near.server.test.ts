import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPostcodes } from "../demo/foundation.server";
import { loader as projectsLoader } from "../routes/projects._index";
import { createTestDatabase } from "../test/db";
import { seedPlaces } from "../test/lending-fixtures";
import { cookieFor, createLiveProject, createUsers } from "../test/projects";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { ListQuerySchema, nearProblem } from "./project-schema";
import { listProjects } from "./projects.server";

/**
 * "Near me" on the projects list (issue 14, decision 068): real distances between postcode-area
 * centroids, a clear message next to the field for a postcode we do not know.
 */
let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
const now = new Date("2026-11-20T10:00:00Z");
const slugs: Record<string, string> = {};
let member: string;

const centre = (neighbourhood: string) => {
  const areas = demoPostcodes.filter((p) => p.neighbourhood_id === neighbourhood);
  return { lat: areas.reduce((s, p) => s + p.lat, 0) / areas.length, lng: areas.reduce((s, p) => s + p.lng, 0) / areas.length };
};
const area = (postcode: string) => demoPostcodes.find((p) => p.postcode4 === postcode)!;
/** Great-circle distance in km (the same haversine the query computes), for the expected values. */
const km = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
};
const names = (result: { projects: { slug: string }[] }) => result.projects.map((p) => Object.entries(slugs).find(([, s]) => s === p.slug)?.[0]);

beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
  const { db } = database;
  await seedPlaces(db);
  const [initiator] = await createUsers(db, "init", 1);
  member = (await createUsers(db, "buur", 1))[0]!;
  await db.updateTable("users").set({ postcode4: "3531" }).where("id", "=", member).execute();
  const [moderator] = await createUsers(db, "mod", 1, "moderator");
  for (const [key, neighbourhood] of [
    ["amsterdam", "indische-buurt"],
    ["rotterdam", "oude-noorden"],
    ["utrecht", "lombok"],
    ["testwijk", null],
  ] as const) {
    const p = await createLiveProject(db, { initiatorId: initiator!, moderatorId: moderator!, now, title: `Project ${key}` });
    if (neighbourhood) await db.updateTable("projects").set({ neighbourhood_id: neighbourhood }).where("id", "=", p.id).execute();
    slugs[key] = p.slug;
  }
}, 120_000);
afterAll(async () => database?.close());

describe("the projects list near a postcode", () => {
  it("sorts by distance between the postcode's area and each project's neighbourhood centroid; no place on the map comes last", async () => {
    const fromUtrecht = await listProjects(database.db, ListQuerySchema.parse({ near: "3531" }));
    expect(names(fromUtrecht)).toEqual(["utrecht", "amsterdam", "rotterdam", "testwijk"]);
    expect(fromUtrecht.near).toEqual({ postcode4: "3531", place: "Utrecht" });
    expect(fromUtrecht.nearUnknown).toBe(false);
    const fromAmsterdam = await listProjects(database.db, ListQuerySchema.parse({ near: "1093" }));
    expect(names(fromAmsterdam)).toEqual(["amsterdam", "utrecht", "rotterdam", "testwijk"]);
  });

  it("reports real distances in km (one decimal), and none for a neighbourhood without postcode areas", async () => {
    const result = await listProjects(database.db, ListQuerySchema.parse({ near: "1093" }));
    const id = (key: string) => result.projects.find((p) => p.slug === slugs[key])!.id;
    for (const [key, neighbourhood] of [
      ["amsterdam", "indische-buurt"],
      ["utrecht", "lombok"],
      ["rotterdam", "oude-noorden"],
    ] as const) {
      expect(result.distances[id(key)]).toBeCloseTo(km(area("1093"), centre(neighbourhood)), 1);
    }
    // Amsterdam-Oost to Utrecht-West and to Rotterdam-Noord: tens of kilometres, as on a map.
    expect(result.distances[id("utrecht")]).toBeGreaterThan(30);
    expect(result.distances[id("rotterdam")]).toBeGreaterThan(50);
    expect(result.distances[id("testwijk")]).toBeUndefined();
  });

  it("measures from any Dutch postcode area in the table, not only the demo's: 9712 Groningen (in no neighbourhood)", async () => {
    const groningen = { lat: 53.2215, lng: 6.5628 }; // db/data/postcode-areas-nl.json (GeoNames)
    const result = await listProjects(database.db, ListQuerySchema.parse({ near: "9712" }));
    expect(result.nearUnknown).toBe(false);
    expect(result.near).toEqual({ postcode4: "9712", place: "Groningen" });
    // From the north-east: Amsterdam first, then Utrecht, then Rotterdam; about 145 / 155 / 200 km.
    expect(names(result)).toEqual(["amsterdam", "utrecht", "rotterdam", "testwijk"]);
    const id = (key: string) => result.projects.find((p) => p.slug === slugs[key])!.id;
    for (const [key, neighbourhood] of [
      ["amsterdam", "indische-buurt"],
      ["utrecht", "lombok"],
      ["rotterdam", "oude-noorden"],
    ] as const) {
      expect(result.distances[id(key)]).toBeCloseTo(km(groningen, centre(neighbourhood)), 1);
    }
    expect(result.distances[id("amsterdam")]).toBeGreaterThan(130);
    expect(result.distances[id("rotterdam")]).toBeLessThan(220);
  });

  it("says so for a postcode we do not know, and keeps the chosen order", async () => {
    const result = await listProjects(database.db, ListQuerySchema.parse({ near: "1000" }));
    expect(result.nearUnknown).toBe(true);
    expect(result.near).toBeNull();
    expect(result.distances).toEqual({});
    expect(result.total).toBe(4);
  });

  it("names the problem next to the field: an unknown postcode, or not four digits", async () => {
    const load = async (search: string, as?: string) =>
      (await projectsLoader({
        request: new Request(`http://localhost/projects${search}`, { headers: as ? { Cookie: await cookieFor(services, as) } : {} }),
        context: testContext(services),
        params: {},
      })) as { nearError?: string; near: unknown; myPostcode: string | null; projects: { distanceKm: number | null }[] };
    expect((await load("?near=1000")).nearError).toBe("projects.list.near.unknown");
    expect((await load("?near=12ab")).nearError).toBe("projects.list.near.invalid");
    const known = await load("?near=3531");
    expect(known.nearError).toBeUndefined();
    expect(known.projects[0]!.distanceKm).toBeLessThan(1);
    // "Near me" offers the member's own postcode area.
    expect((await load("", member)).myPostcode).toBe("3531");
  });

  it.each([
    [null, null],
    ["", null],
    ["3531", null],
    [" 3531 ", null],
    ["0123", "projects.list.near.invalid"],
    ["353", "projects.list.near.invalid"],
    ["3531AB", "projects.list.near.invalid"],
  ])("nearProblem(%j) → %j", (raw, problem) => expect(nearProblem(raw)).toBe(problem));
});
