import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryStorage } from "../storage/storage.server";
import { createTestDatabase } from "../test/db";
import type { DatabaseHandle } from "../utils/db.server";
import { loanStates } from "../lending/loan";
import { itemCategories } from "../lending/item";
import { seedDemo } from "./seed.server";

let database: DatabaseHandle;
const storage = createMemoryStorage();
const now = new Date("2026-05-10T10:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { now, storage });
}, 120_000);
afterAll(async () => database?.close());

describe("the demo lending library", () => {
  it("has about 40 items in every category, each with a photo", async () => {
    const items = await database.db.selectFrom("items").select(["id", "category"]).execute();
    expect(items.length).toBeGreaterThanOrEqual(38);
    expect(new Set(items.map((i) => i.category))).toEqual(new Set(itemCategories));
    const withPhoto = await database.db.selectFrom("item_photos").select("item_id").distinct().execute();
    expect(withPhoto).toHaveLength(items.length);
  });

  it("gives every item a pickup address that looks like one: a street, a number, a postcode (issue 13 §18)", async () => {
    const rows = await database.db.selectFrom("items").select("pickup_address").execute();
    const odd = rows.map((r) => r.pickup_address ?? "").filter((a) => !/^\p{Lu}[\p{L} ,.'-]+ \d+, \d{4} [A-Z]{2}/u.test(a) || /Adres van/.test(a));
    expect(odd).toEqual([]);
  });

  it("has loans in every state, each with its ledger", async () => {
    const loans = await database.db.selectFrom("loans").select(["id", "state"]).execute();
    expect(new Set(loans.map((l) => l.state))).toEqual(new Set(loanStates));
    for (const loan of loans) {
      const events = await database.db.selectFrom("loan_events").select(["to_state"]).where("loan_id", "=", loan.id).orderBy("id").execute();
      expect(events.at(-1)?.to_state).toBe(loan.state);
    }
  });

  it("has open wanted posts, and is idempotent", async () => {
    const count = async () => ({
      items: (await database.db.selectFrom("items").select("id").execute()).length,
      loans: (await database.db.selectFrom("loans").select("id").execute()).length,
      wanted: (await database.db.selectFrom("wanted_posts").select("id").where("state", "=", "open").execute()).length,
      events: (await database.db.selectFrom("loan_events").select("id").execute()).length,
    });
    const before = await count();
    expect(before.wanted).toBe(3);
    await seedDemo(database.db, { now: new Date(now.getTime() + 3_600_000), storage });
    expect(await count()).toEqual(before);
  });
});
