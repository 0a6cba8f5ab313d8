import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as confirmLoader } from "../../routes/pay.stripe.confirm.$paymentId._index";
import { loader as returnLoader } from "../../routes/pay.stripe.confirm.$paymentId.return";
import { createTestDatabase } from "../../test/db";
import { createUsers } from "../../test/projects";
import { sessionCookieFor, testContext } from "../../test/services";
import { stripeWorld } from "../../test/stripe";
import type { DatabaseHandle } from "../../utils/db.server";
import { ensureGatewayCustomer } from "../customers.server";
import { APP_URL, type Harness, startHarness } from "./testing/harness.server";

/** GET /pay/stripe/confirm/:paymentId — only the payment's own payer is sent on to 3-D Secure. */
let database: DatabaseHandle;
let h: Harness;
beforeAll(async () => {
  database = await createTestDatabase();
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  await database?.close();
});

describe("the Stripe confirm route", () => {
  it("sends the payer to 3-D Secure and back; anyone else, and any other id, gets 404", async () => {
    const { services } = stripeWorld(database, h, new Date("2026-12-01T10:00:00Z"));
    const [payer, other] = await createUsers(services.db, "conf", 2);
    const customerId = await ensureGatewayCustomer(services, { id: payer!, email: "payer@example.nl", displayName: "Payer" });
    const method = (await h.save(customerId, { card: "pm_card_authenticationRequired" }))!;
    const charge = await h.gateway.chargeOffSession({
      customerId,
      paymentMethodId: method.id,
      amountCents: 1_250,
      description: "Buurtkracht: bankje",
      metadata: { purpose: "test" },
      idempotencyKey: "confirm-test:1",
      returnUrl: `${APP_URL}/me/pledges/x`,
    });
    expect(charge.status).toBe("requires_action");
    const paymentId = charge.paymentId!;
    const ctx = testContext(services);
    const visit = async (userId: string, id: string, loader = confirmLoader) => {
      const cookie = await sessionCookieFor(services, userId);
      const request = new Request(`http://localhost/pay/stripe/confirm/${id}`, { headers: { Cookie: cookie } });
      try {
        return (await loader({ request, context: ctx, params: { paymentId: id } })) as Response;
      } catch (thrown) {
        return thrown as Response;
      }
    };
    const first = await visit(payer!, paymentId);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`${h.fake.url}/authenticate/${paymentId}`);
    expect((await visit(other!, paymentId)).status).toBe(404);
    expect((await visit(payer!, "pi_doesnotexist")).status).toBe(404);
    expect((await visit(payer!, "../../etc")).status).toBe(404);

    h.fake.control.completeAuthentication(paymentId, true);
    const back = await visit(payer!, paymentId, returnLoader);
    expect(back.headers.get("location")).toBe(`${APP_URL}/me/pledges/x`);
  });
});
