import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase } from "../test/db";
import { makeItem, makeUser, seedPlaces } from "../test/lending-fixtures";
import type { DatabaseHandle } from "../utils/db.server";
import { requestLoan, acceptLoanRequest } from "./loans.server";
import { searchItems, TOTAL_CAP } from "./search.server";

let database: DatabaseHandle;
const now = new Date("2026-05-10T10:00:00Z");
const ids: Record<string, string> = {};

// A catalogue where the drill has look-alikes: other "-machine" items, a set of drill bits, a ladder.
const catalogue: [key: string, title: string, description: string, category: "tools" | "kitchen" | "party" | "garden", owner: "amsterdam" | "utrecht"][] = [
  ["drill", "Bosch boormachine (klopboor)", "Klopboormachine met snoer, boort door beton.", "tools", "amsterdam"],
  ["bits", "Borenset hout en metaal", "30 boren in een koffer.", "tools", "amsterdam"],
  ["sewing", "Naaimachine Singer", "Voor zomen en gordijnen.", "tools", "utrecht"],
  ["sander", "Schuurmachine Makita", "Vlakschuurmachine met schuurpapier.", "tools", "amsterdam"],
  ["screw", "Accuschroefmachine", "Makita 18V met twee accu's, ook om mee te boren.", "tools", "utrecht"],
  ["coffee", "Koffiemachine voor groepen", "Filterkoffie voor 40 kopjes.", "kitchen", "amsterdam"],
  ["ladder", "Ladder 3-delig", "Aluminium reformladder, 3 x 9 treden.", "tools", "utrecht"],
  ["tent", "Partytent 3x3", "Witte partytent met zijwanden.", "party", "amsterdam"],
  ["karcher", "Hogedrukreiniger Kärcher", "Voor terras en fietsen.", "garden", "utrecht"],
];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedPlaces(database.db);
  const amsterdam = await makeUser(database.db, { name: "Mo", neighbourhood: "indische-buurt", postcode4: "1094" });
  const utrecht = await makeUser(database.db, { name: "Pieter", neighbourhood: "lombok", postcode4: "3532" });
  for (const [key, title, description, category, owner] of catalogue) {
    ids[key] = await makeItem(database.db, owner === "amsterdam" ? amsterdam : utrecht, { title, description, category }, now);
  }
  ids.paused = await makeItem(database.db, amsterdam, { title: "Boormachine Makita (kapot)", status: "paused" }, now);
});
afterAll(async () => database?.close());

const titles = async (q: string, extra: Parameters<typeof searchItems>[1] = {}) =>
  (await searchItems(database.db, { q, ...extra })).items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]);

describe("search ranking on typo'd Dutch queries", () => {
  it.each(["boormachine", "boor machine", "boremachine", "Boormachines", "BOORMACHINE", "klopboor"])("%s finds the drill first", async (q) => {
    const found = await titles(q);
    expect(found[0]).toBe("drill");
  });

  it("a typo does not drag in every other machine", async () => {
    const found = await titles("boremachine");
    expect(found).not.toContain("sewing");
    expect(found).not.toContain("coffee");
  });

  it("stems Dutch words: 'boor' finds the drill and the drill bits ('boren')", async () => {
    const found = await titles("boor");
    expect(found).toEqual(expect.arrayContaining(["drill", "bits"]));
  });

  it.each([
    ["ladr", "ladder"],
    ["party tent", "tent"],
    ["karcher", "karcher"],
    ["Wie heeft er een ladder?", "ladder"],
  ])("%s → %s", async (q, expected) => {
    expect((await titles(q))[0]).toBe(expected);
  });

  it("finds nothing for a word that is nowhere, and never shows paused items", async () => {
    expect(await titles("schroevendraaier")).toEqual([]);
    expect(await titles("boormachine")).not.toContain("paused");
  });
});

describe("filters", () => {
  it("by category and neighbourhood", async () => {
    expect(new Set(await titles("", { category: "party" }))).toEqual(new Set(["tent"]));
    const lombok = await titles("", { neighbourhoodId: "lombok" });
    expect(new Set(lombok)).toEqual(new Set(["sewing", "screw", "ladder", "karcher"]));
  });

  it("by distance from a postcode: nearest first, and a radius", async () => {
    const result = await searchItems(database.db, { near: "3531", perPage: 50 });
    expect(result.near).toEqual({ postcode4: "3531", place: "Utrecht" });
    const first = result.items.slice(0, 4).map((i) => i.neighbourhood.id);
    expect(first).toEqual(["lombok", "lombok", "lombok", "lombok"]);
    expect(result.items[0]!.distanceKm).toBeLessThan(2);
    const within = await titles("", { near: "1093", maxKm: 5 });
    expect(within).not.toContain("ladder");
    expect(within).toContain("drill");
    expect((await searchItems(database.db, { near: "1000" })).nearUnknown).toBe(true);
  });

  it("measures from any Dutch postcode area in the table, not only the demo's: 9712 Groningen (in no neighbourhood)", async () => {
    const result = await searchItems(database.db, { near: "9712", perPage: 50 });
    expect(result.nearUnknown).toBe(false);
    expect(result.near).toEqual({ postcode4: "9712", place: "Groningen" });
    // Amsterdam (1094) is nearer to Groningen than Utrecht (3532): about 146 and 155 km.
    const first = result.items[0]!;
    const last = result.items.at(-1)!;
    expect(first.neighbourhood.id).toBe("indische-buurt");
    expect(last.neighbourhood.id).toBe("lombok");
    expect(first.distanceKm).toBeGreaterThan(135);
    expect(first.distanceKm).toBeLessThan(last.distanceKm!);
    expect(last.distanceKm).toBeLessThan(170);
    expect((await searchItems(database.db, { near: "9712", maxKm: 100 })).items).toEqual([]);
  });

  it("by free days: an accepted loan hides the item for overlapping days only", async () => {
    const borrower = await makeUser(database.db);
    const req = await requestLoan(database.db, { itemId: ids.tent!, borrowerId: borrower, startsOn: "2026-05-20", endsOn: "2026-05-22", message: "", now });
    expect(req.ok).toBe(true);
    if (!req.ok) return;
    const owner = (await database.db.selectFrom("items").select("owner_id").where("id", "=", ids.tent!).executeTakeFirstOrThrow()).owner_id;
    // Only a request: still available.
    expect(await titles("", { from: "2026-05-21", to: "2026-05-21" })).toContain("tent");
    expect((await acceptLoanRequest(database.db, req.loanId, { userId: owner }, now)).ok).toBe(true);
    expect(await titles("", { from: "2026-05-21", to: "2026-05-21" })).not.toContain("tent");
    expect(await titles("", { from: "2026-05-22", to: "2026-05-25" })).not.toContain("tent");
    expect(await titles("", { from: "2026-05-23", to: "2026-05-25" })).toContain("tent");
  });
});

describe("distance where no centroid is known", () => {
  it("an item whose postcode and neighbourhood have no area has no distance (not half the earth) and comes last", async () => {
    await database.db
      .insertInto("neighbourhoods")
      .values({ id: "nergens", name: "Nergens", city: "Nergensdorp", municipality: "Nergensdorp" })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    const owner = await makeUser(database.db, { neighbourhood: "nergens", postcode4: "1000" });
    const id = await makeItem(database.db, owner, { title: "Kruiwagen zonder plek" }, now);
    try {
      const result = await searchItems(database.db, { near: "1093", perPage: 100 });
      const item = result.items.find((i) => i.id === id)!;
      expect(item.distanceKm).toBeNull();
      expect(result.items.at(-1)!.id).toBe(id);
      // A radius leaves it out: it is at no known distance.
      expect((await searchItems(database.db, { near: "1093", maxKm: 300, perPage: 100 })).items.map((i) => i.id)).not.toContain(id);
    } finally {
      await database.db.deleteFrom("items").where("id", "=", id).execute();
    }
  });
});

describe("the total at city scale (decision 083)", () => {
  let big: DatabaseHandle;
  beforeAll(async () => {
    big = await createTestDatabase();
    await seedPlaces(big.db);
    const owner = await makeUser(big.db, { name: "Veel", neighbourhood: "indische-buurt" });
    const suspended = await makeUser(big.db, { name: "Geschorst", neighbourhood: "indische-buurt" });
    const first = await makeItem(big.db, owner, { title: "Ladder 4 meter" }, now);
    await makeItem(big.db, suspended, { title: "Ladder van een geschorste buur" }, now);
    await big.db.updateTable("users").set({ suspended_at: now }).where("id", "=", suspended).execute();
    // 1,100 listed items in all, one minute apart (set-based).
    await sql`
      insert into items (owner_id, title, description, category, condition, deposit_cents, fee_per_day_cents, max_loan_days, audience, neighbourhood_id, postcode4, pickup_address, status, created_at, updated_at)
      select owner_id, title || ' ' || g, description, category, condition, deposit_cents, fee_per_day_cents, max_loan_days, audience, neighbourhood_id, postcode4, pickup_address, status,
             created_at - (g || ' minutes')::interval, updated_at
      from items, generate_series(1, 1099) g where id = ${first}
    `.execute(big.db);
  });
  afterAll(async () => big?.close());

  it("counts up to TOTAL_CAP and says there are more; pages on without a count of every match", async () => {
    const page1 = await searchItems(big.db, {});
    expect(page1).toMatchObject({ total: TOTAL_CAP, totalCapped: true, hasNextPage: true, page: 1 });
    expect(page1.items).toHaveLength(24);
    // Deeper than the cap: counted to one past the page, so the pager still knows the way.
    const page45 = await searchItems(big.db, { page: 45 });
    expect(page45).toMatchObject({ total: TOTAL_CAP, totalCapped: true, hasNextPage: true });
    const last = await searchItems(big.db, { page: 46 });
    expect(last.items).toHaveLength(1100 - 45 * 24);
    expect(last.hasNextPage).toBe(false);
    // The suspended member's item is neither shown nor counted.
    expect((await searchItems(big.db, { q: "geschorste" })).total).toBe(0);
  });

  it("under the cap the total is exact, and the page that ends the matches has no next", async () => {
    await sql`
      update items set category = 'party'
      where id in (select id from items where status = 'listed' order by created_at limit 30)
    `.execute(big.db);
    const page2 = await searchItems(big.db, { category: "party", perPage: 10, page: 2 });
    expect(page2).toMatchObject({ total: 30, totalCapped: false, hasNextPage: true });
    const page3 = await searchItems(big.db, { category: "party", perPage: 10, page: 3 });
    expect(page3).toMatchObject({ total: 30, totalCapped: false, hasNextPage: false });
    expect(page3.items).toHaveLength(10);
  });

  it("browsing keeps its order: newest first, then by id", async () => {
    const { items } = await searchItems(big.db, { perPage: 100, page: 2 });
    const rows = await big.db
      .selectFrom("items")
      .select("id")
      .where("status", "=", "listed")
      .orderBy("created_at", "desc")
      .orderBy("id")
      .offset(100)
      .limit(100)
      .where("owner_id", "not in", big.db.selectFrom("users").select("id").where("suspended_at", "is not", null))
      .execute();
    expect(items.map((i) => i.id)).toEqual(rows.map((r) => r.id));
  });
});
