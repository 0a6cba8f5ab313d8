import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../demo/seed.server";
import { loader as itemPageLoader } from "../routes/items.$itemId._index";
import { loader as loanPageLoader } from "../routes/loans.$loanId/route";
import { createTestDatabase } from "../test/db";
import { createTestServices, sessionCookieFor, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";

/** Issue 13 §14: a paused item stays visible to whoever has a loan on it; a project's loan names the project. */
let database: DatabaseHandle;
let services: ReturnType<typeof createTestServices>["services"];
const ids: Record<string, string> = {};
beforeAll(async () => {
  database = await createTestDatabase();
  ({ services } = createTestServices(database));
  await seedDemo(database.db, { now: services.clock.now() });
  for (const key of ["eva", "pieter", "anna", "mohammed"])
    ids[key] = (await database.db.selectFrom("users").select("id").where("email", "=", `${key}@demo.buurtkracht.nl`).executeTakeFirstOrThrow()).id;
});
afterAll(async () => database?.close());

const get = async (path: string, as: string) => new Request(`http://localhost${path}`, { headers: { Cookie: await sessionCookieFor(services, ids[as]!) } });
const status = async (run: () => Promise<unknown>) => {
  try {
    await run();
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
};

describe("loan pages and the items they are about", () => {
  it("a paused item: its borrower still opens it from the loan, a stranger gets a 404", async () => {
    const loan = await database.db
      .selectFrom("loans")
      .select(["item_id"])
      .where("borrower_user_id", "=", ids.eva!)
      .where("owner_id", "=", ids.mohammed!)
      .executeTakeFirstOrThrow();
    await database.db.updateTable("items").set({ status: "paused" }).where("id", "=", loan.item_id).execute();
    const open = (as: string) => async () =>
      itemPageLoader({ request: await get(`/items/${loan.item_id}`, as), context: testContext(services), params: { itemId: loan.item_id } });
    expect(await status(open("eva"))).toBe(200);
    expect(await status(open("mohammed"))).toBe(200);
    expect(await status(open("pieter"))).toBe(404);
  });

  it("a loan to a project names the project, with a link", async () => {
    const loan = await database.db.selectFrom("loans").select("id").where("borrower_project_id", "is not", null).executeTakeFirstOrThrow();
    const page = await loanPageLoader({ request: await get(`/loans/${loan.id}`, "mohammed"), context: testContext(services), params: { loanId: loan.id } });
    expect(page.project).toEqual({ slug: "moestuin-op-het-javaplein", title: "Moestuin op het Javaplein" });
  });
});
