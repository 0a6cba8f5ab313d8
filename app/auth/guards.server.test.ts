import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { createTestDatabase } from "../test/db";
import { createUsers } from "../test/projects";
import { countingDatabase, type QueryCounter } from "../test/query-count";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { AppServices } from "../services.server";
import type { DatabaseHandle } from "../utils/db.server";
import { getOptionalUser } from "./guards.server";

let handle: DatabaseHandle;
let services: AppServices;
let counter: QueryCounter;
let cookie: string;
let userId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const counting = countingDatabase(handle);
  counter = counting.counter;
  ({ services } = createTestServices(counting.database));
  [userId] = (await createUsers(services.db, "guard", 1)) as [string];
  cookie = await sessionCookieFor(services, userId);
  await getOptionalUser(testContext(services) as AppLoadContext, request("GET")); // touch the session once
});
afterAll(async () => handle?.close());

/** Remix gives every loader of a page its own Request object (stripped of `_data`/`index`). */
const request = (method: string) => new Request("http://localhost/me", { method, headers: { cookie } });
const perRequestContext = () => ({ ...testContext(services), requestScope: new Map() }) as AppLoadContext;

describe("the signed-in user is looked up once per HTTP request (issue 17)", () => {
  it("the root's and the route's loaders share one lookup through the request's scope", async () => {
    const context = perRequestContext();
    counter.reset();
    const [root, route] = await Promise.all([getOptionalUser(context, request("GET")), getOptionalUser(context, request("GET"))]);
    expect(root?.id).toBe(userId);
    expect(route?.id).toBe(userId);
    expect(counter.statements).toEqual(["SelectQueryNode sessions"]);
  });

  it("the next HTTP request looks again: a suspended member is nobody on the next page", async () => {
    expect((await getOptionalUser(perRequestContext(), request("GET")))?.id).toBe(userId);
    await services.db.updateTable("users").set({ suspended_at: services.clock.now() }).where("id", "=", userId).execute();
    expect(await getOptionalUser(perRequestContext(), request("GET"))).toBeNull();
    await services.db.updateTable("users").set({ suspended_at: null }).where("id", "=", userId).execute();
  });

  it("an action looks afresh, and the loaders after it see what it changed", async () => {
    const context = perRequestContext();
    expect((await getOptionalUser(context, request("GET")))?.displayName).toBe("guard 0");
    await services.db.updateTable("users").set({ display_name: "Guard renamed" }).where("id", "=", userId).execute();
    counter.reset();
    expect((await getOptionalUser(context, request("POST")))?.displayName).toBe("Guard renamed");
    expect((await getOptionalUser(context, request("GET")))?.displayName).toBe("Guard renamed");
    expect((await getOptionalUser(context, request("GET")))?.displayName).toBe("Guard renamed");
    expect(counter.statements).toEqual(["SelectQueryNode sessions", "SelectQueryNode sessions"]);
  });

  it("without a request scope (a test's shared context) each Request looks for itself", async () => {
    const context = testContext(services) as AppLoadContext;
    counter.reset();
    await getOptionalUser(context, request("GET"));
    await getOptionalUser(context, request("GET"));
    expect(counter.count).toBe(2);
  });
});
