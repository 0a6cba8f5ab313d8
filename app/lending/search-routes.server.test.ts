import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as apiItemsLoader } from "../routes/api.items._index";
import { loader as itemsLoader } from "../routes/items._index";
import { createTestDatabase } from "../test/db";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";

/** Issue 13 §4: a filter that cannot be used is named next to its field (the page) or a 400 (the API). */
let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
});
afterAll(async () => database?.close());

const get = (url: string) => new Request(`http://localhost${url}`);

describe("bad search filters", () => {
  it("the page names each next to its field and still searches with the rest", async () => {
    const page = await itemsLoader({ request: get(`/items?q=boor&km=-5&from=2026-12-12&to=2026-12-10`), context: testContext(services), params: {} });
    expect(page.problems).toEqual({ km: "lending.search.error.km", to: "lending.search.error.toBeforeFrom" });
    expect(page.result.items).toEqual([]);
    const fine = await itemsLoader({ request: get(`/items?q=boor`), context: testContext(services), params: {} });
    expect(fine.problems).toEqual({});
  });

  it("the API answers 400 naming the parameter", async () => {
    const res = await apiItemsLoader({ request: get(`/api/items?q=${"x".repeat(10_000)}`), context: testContext(services), params: {} });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_query", issues: [{ parameter: "q", message: "lending.search.error.q" }] });
    expect((await apiItemsLoader({ request: get(`/api/items?q=boor`), context: testContext(services), params: {} })).status).toBe(200);
  });
});
