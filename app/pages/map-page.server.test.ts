import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPostcodes } from "../demo/foundation.server";
import { searchItems } from "../lending/search.server";
import { listProjects } from "../projects/projects.server";
import { ListQuerySchema } from "../projects/project-schema";
import { createTestDatabase } from "../test/db";
import { makeCircleItem, makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import { createLiveProject, createUsers } from "../test/projects";
import type { DatabaseHandle } from "../utils/db.server";
import { distanceKm } from "../lending/item";
import { SPREAD_MAX_METRES } from "../utils/map";
import { extensions } from "../wiring.server";
import { getMapPage, mapPageQueryFrom } from "./map-page.server";

/**
 * The map's layers (docs/decisions/068-map.md) through the real wiring: what the public lists show
 * and nothing else — no paused, unlisted, hidden, suspended, blocked or circles-only item, no
 * hidden, unlaunched or suspended initiator's project — each at its area's centroid.
 */
let database: DatabaseHandle;
const now = new Date("2026-11-20T10:00:00Z");
const ids: Record<string, string> = {};
const slugs: Record<string, string> = {};
let viewer: string;
let circleMember: string;

const layers = extensions.mapLayers;
const kinds = layers.map((l) => l.kind);
const page = (viewerId: string | null, search = "") =>
  getMapPage(database.db, layers, { viewerId, query: mapPageQueryFrom(new URLSearchParams(search), kinds) });
const markersOf = async (kind: string, viewerId: string | null, search = "") => (await page(viewerId, search)).layers.find((l) => l.kind === kind)!.markers;
const name = (map: Record<string, string>, id: string) => Object.entries(map).find(([, v]) => v === id)?.[0] ?? id;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await seedPlaces(db);
  const owner = await makeUser(db, { name: "Fatma", neighbourhood: "indische-buurt", postcode4: "1093" });
  const utrecht = await makeUser(db, { name: "Pieter", neighbourhood: "lombok", postcode4: "3532" });
  const blocked = await makeUser(db, { name: "Lastig", neighbourhood: "indische-buurt", postcode4: "1094" });
  const suspended = await makeUser(db, { name: "Geschorst", neighbourhood: "indische-buurt", postcode4: "1094" });
  viewer = await makeUser(db, { name: "Kijker", neighbourhood: "indische-buurt", postcode4: "1093" });
  circleMember = await makeUser(db, { name: "Kring", neighbourhood: "indische-buurt", postcode4: "1093" });

  ids.drill = await makeItem(db, owner, { title: "Boormachine", category: "tools" }, now);
  ids.tent = await makeItem(db, utrecht, { title: "Partytent", category: "party" }, now);
  // A postcode the table does not know: the item sits at its neighbourhood's centroid.
  ids.unknownArea = await makeItem(db, utrecht, { title: "Ladder", category: "tools", postcode4: "3599" }, now);
  ids.paused = await makeItem(db, owner, { title: "Gepauzeerd", status: "paused" }, now);
  ids.unlisted = await makeItem(db, owner, { title: "Niet meer", status: "unlisted" }, now);
  ids.hidden = await makeItem(db, owner, { title: "Verborgen" }, now);
  await db.updateTable("items").set({ hidden_at: now, hidden_reason: "spam" }).where("id", "=", ids.hidden).execute();
  ids.ofSuspended = await makeItem(db, suspended, { title: "Van geschorste" }, now);
  await db.updateTable("users").set({ suspended_at: now }).where("id", "=", suspended).execute();
  ids.ofBlocked = await makeItem(db, blocked, { title: "Van geblokkeerde" }, now);
  await db.insertInto("user_blocks").values({ blocker_id: viewer, blocked_id: blocked, created_at: now }).execute();
  const circle = await db
    .insertInto("circles")
    .values({ owner_id: owner, name: "Straat", created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("circle_members")
    .values([
      { circle_id: circle.id, user_id: owner, role: "owner", joined_at: now },
      { circle_id: circle.id, user_id: circleMember, role: "member", joined_at: now },
    ])
    .execute();
  ids.circlesOnly = await makeCircleItem(db, owner, [circle.id], { title: "Alleen de kring" }, now);

  const [initiator, other, later] = await createUsers(db, "init", 3);
  const [moderator] = await createUsers(db, "mod", 1, "moderator");
  const live = async (key: string, initiatorId: string, neighbourhood: string | null, launch = true) => {
    const p = await createLiveProject(db, { initiatorId, moderatorId: moderator!, now, title: `Project ${key}`, launch });
    if (neighbourhood) await db.updateTable("projects").set({ neighbourhood_id: neighbourhood }).where("id", "=", p.id).execute();
    slugs[key] = p.slug;
    return p;
  };
  await live("garden", initiator!, "lombok");
  await live("party", initiator!, "indische-buurt");
  // Testwijk has no postcode areas: in the list, not on the map.
  await live("nowhere", other!, null);
  const hidden = await live("hidden", other!, "lombok");
  await db.updateTable("projects").set({ hidden_at: now, hidden_reason: "spam" }).where("id", "=", hidden.id).execute();
  await live("approvedOnly", other!, "lombok", false);
  await live("ofSuspended", later!, "lombok");
  await db.updateTable("users").set({ suspended_at: now }).where("id", "=", later!).execute();
}, 120_000);
afterAll(async () => database?.close());

describe("the items layer", () => {
  it("shows what browsing shows the viewer, and not paused, unlisted, hidden, suspended, blocked or circles-only items", async () => {
    const shown = (await markersOf("item", viewer)).map((m) => name(ids, m.id)).sort();
    expect(shown).toEqual(["drill", "tent", "unknownArea"]);
    const list = await searchItems(database.db, { viewerId: viewer, perPage: 100 });
    expect(shown).toEqual(list.items.map((i) => name(ids, i.id)).sort());
  });

  it("shows a circles-only item to its circle's members only, and a blocked owner's items to everyone else", async () => {
    expect((await markersOf("item", circleMember)).map((m) => name(ids, m.id))).toEqual(expect.arrayContaining(["circlesOnly", "ofBlocked"]));
    expect((await markersOf("item", null)).map((m) => name(ids, m.id))).not.toContain("circlesOnly");
  });

  it("places an item near its postcode area's centroid (never more than the spread), or its neighbourhood's when the postcode is unknown", async () => {
    const markers = await markersOf("item", viewer);
    const at = (key: string) => markers.find((m) => m.id === ids[key])!;
    const area = (pc: string) => demoPostcodes.find((p) => p.postcode4 === pc)!;
    expect(distanceKm(at("drill"), area("1093")) * 1000).toBeLessThanOrEqual(SPREAD_MAX_METRES + 1);
    expect(distanceKm(at("tent"), area("3532")) * 1000).toBeLessThanOrEqual(SPREAD_MAX_METRES + 1);
    const lombok = demoPostcodes.filter((p) => p.neighbourhood_id === "lombok");
    const centre = { lat: lombok.reduce((s, p) => s + p.lat, 0) / lombok.length, lng: lombok.reduce((s, p) => s + p.lng, 0) / lombok.length };
    expect(distanceKm(at("unknownArea"), centre) * 1000).toBeLessThanOrEqual(SPREAD_MAX_METRES + 1);
    expect(at("drill")).toMatchObject({ kind: "item", title: "Boormachine", href: `/items/${ids.drill}`, subtitle: "Indische Buurt, Amsterdam" });
  });

  it("takes the search's filters: category and neighbourhood", async () => {
    expect((await markersOf("item", viewer, "item-category=tools")).map((m) => name(ids, m.id)).sort()).toEqual(["drill", "unknownArea"]);
    expect((await markersOf("item", viewer, "neighbourhood=lombok")).map((m) => name(ids, m.id)).sort()).toEqual(["tent", "unknownArea"]);
    // A category the search does not know is dropped, as on /items.
    expect(await markersOf("item", viewer, "item-category=rockets")).toHaveLength(3);
  });
});

describe("the projects layer", () => {
  it("shows the live public projects at their neighbourhood's centroid, and not hidden, unlaunched or suspended initiators' ones", async () => {
    const shown = (await markersOf("project", viewer)).map((m) => name(slugs, m.id)).sort();
    expect(shown).toEqual(["garden", "party"]);
    // The same as the public list, less the project whose neighbourhood has no place on the map.
    const list = await listProjects(database.db, ListQuerySchema.parse({}));
    expect(list.projects.map((p) => name(slugs, p.slug)).sort()).toEqual(["garden", "nowhere", "party"]);
    const garden = (await markersOf("project", null)).find((m) => m.id === slugs.garden)!;
    expect(garden).toMatchObject({ kind: "project", href: `/projects/${slugs.garden}`, title: "Project garden", subtitle: "Lombok, Utrecht" });
  });

  it("takes the list's filters: neighbourhood, status (a bad one falls back to live, as on /projects)", async () => {
    expect((await markersOf("project", null, "neighbourhood=lombok")).map((m) => name(slugs, m.id))).toEqual(["garden"]);
    expect(await markersOf("project", null, "project-status=failed")).toEqual([]);
    expect(await markersOf("project", null, "project-status=bogus")).toHaveLength(2);
  });
});

describe("the page", () => {
  it("asks only the layers shown; an unknown kind is ignored", async () => {
    const result = await page(viewer, "show=item&show=rocket");
    expect(result.layers.map((l) => [l.kind, l.shown, l.markers.length])).toEqual([
      ["project", false, 0],
      ["item", true, 3],
      ["idea", false, 0],
    ]);
    expect((await page(viewer)).layers.every((l) => l.shown)).toBe(true);
  });

  it("hands each layer's filters to the form with the chosen values", async () => {
    const result = await page(null, "project-category=green");
    const project = result.layers.find((l) => l.kind === "project")!;
    expect(project.filters.map((f) => [f.param, f.value])).toEqual([
      ["project-status", ""],
      ["project-category", "green"],
    ]);
  });
});
