import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/db";
import { createTestServices, testContext } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { parseEnv } from "../utils/env.server";
import { action as authAction, loader as authLoader } from "./pay.sim.authenticate.$token";
import { action as checkoutAction, loader as checkoutLoader } from "./pay.sim.$sessionId";
import { loader as tryOutLoader } from "./dev.payments";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const form = (url: string, fields: Record<string, string>) =>
  new Request(url, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    const value = await promise;
    return value instanceof Response ? value.status : ((value as { init?: { status?: number } })?.init?.status ?? 200);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("the simulated hosted page routes", () => {
  it("404 for unknown sessions and tokens; bad input is a 400 with field errors, never a 500", async () => {
    const { services, gateway } = createTestServices(database);
    const context = testContext(services);
    expect(await status(checkoutLoader({ request: new Request("http://x/pay/sim/cs_sim_nope"), params: { sessionId: "cs_sim_nope" }, context }))).toBe(404);
    expect(await status(authLoader({ request: new Request("http://x/"), params: { token: "../../etc" }, context }))).toBe(404);
    expect(await status(authAction({ request: form("http://x/", { decision: "approve" }), params: { token: "sa_sim_nope" }, context }))).toBe(404);

    const customer = await gateway.createCustomer({ email: "a@b.nl", name: "A", idempotencyKey: "c" });
    const session = await gateway.createSetupSession({
      customerId: customer.id,
      returnUrl: "http://buurtkracht.test/done",
      cancelUrl: "http://buurtkracht.test/x",
      metadata: { purpose: "test" },
      idempotencyKey: "s",
    });
    const url = `http://x/pay/sim/${session.id}`;
    const page = (await checkoutLoader({ request: new Request(url), params: { sessionId: session.id }, context })) as { page: { status: string } };
    expect(page.page.status).toBe("open");

    const bad: Record<string, string>[] = [{}, { intent: "card", cardNumber: "x".repeat(5000) }, { intent: "bitcoin" }, { intent: "ideal", bank: "\u0000" }];
    for (const fields of bad) {
      expect(await status(checkoutAction({ request: form(url, fields), params: { sessionId: session.id }, context }))).toBe(400);
    }
    const saved = await checkoutAction({
      request: form(url, { intent: "card", cardNumber: "4242 4242 4242 4242", expiry: "12/34", cvc: "123" }),
      params: { sessionId: session.id },
      context,
    });
    expect(saved).toBeInstanceOf(Response);
    expect((saved as Response).headers.get("Location")).toBe("http://buurtkracht.test/done");
    expect((await gateway.listPaymentMethods(customer.id)).map((m) => m.label)).toEqual(["Visa •••• 4242"]);
  });

  it("the try-out page does not exist without test hooks or development mode", async () => {
    const { services } = createTestServices(database);
    const production = { ...services, env: { ...services.env, ...parseEnv({ NODE_ENV: "production" }) } };
    expect(await status(tryOutLoader({ request: new Request("http://x/dev/payments"), params: {}, context: testContext(production) }))).toBe(404);
  });
});
