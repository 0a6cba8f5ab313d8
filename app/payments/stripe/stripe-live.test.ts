import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../utils/logger.server";
import { createStripeGateway } from "./gateway.server";

/**
 * A few calls against REAL Stripe test mode, to check the fake's shapes against the real API.
 * Runs only when STRIPE_TEST_SECRET_KEY (an sk_test_ key) is set; reported as skipped otherwise.
 * Every run uses fresh idempotency keys and creates a few test-mode objects.
 */
const key = process.env.STRIPE_TEST_SECRET_KEY ?? "";
const live = key.startsWith("sk_test_");
const run = randomUUID();

function gateway() {
  return createStripeGateway({ secretKey: key, appUrl: "https://buurtkracht.example", logger: createLogger("silent"), timeoutMs: 30_000 });
}

async function customerWith(card: string) {
  const g = gateway();
  const customer = await g.createCustomer({
    email: "live-test@example.com",
    name: "Live Test",
    metadata: { run },
    idempotencyKey: `live:${run}:customer:${card}`,
  });
  // Tests attach Stripe's test tokens directly; the app saves methods through Checkout instead.
  const pm = await g.client.sdk.paymentMethods.attach(card, { customer: customer.id });
  return { g, customerId: customer.id, paymentMethodId: pm.id };
}

describe("against Stripe test mode", () => {
  it.skipIf(!live)("an off-session charge, a partial refund, and the saved method as the port sees it", async () => {
    const { g, customerId, paymentMethodId } = await customerWith("pm_card_visa");
    expect(await g.listPaymentMethods(customerId)).toMatchObject([{ id: paymentMethodId, type: "card", label: "Visa •••• 4242" }]);
    const result = await g.chargeOffSession({
      customerId,
      paymentMethodId,
      amountCents: 1_250,
      description: "Live test",
      metadata: { purpose: "test", run },
      idempotencyKey: `live:${run}:charge`,
    });
    expect(result).toMatchObject({
      status: "succeeded",
      payment: { amountReceivedCents: 1_250, offSession: true, sessionId: null, metadata: { purpose: "test", run } },
    });
    const refund = await g.refund({
      paymentId: result.paymentId ?? "",
      amountCents: 250,
      reason: "live test",
      metadata: { purpose: "test", run },
      idempotencyKey: `live:${run}:refund`,
    });
    expect(refund).toMatchObject({ ok: true, refund: { amountCents: 250, status: "succeeded", reason: "live test" } });
    expect(await g.getPayment(result.paymentId ?? "")).toMatchObject({ amountRefundedCents: 250 });
  });

  it.skipIf(!live)("declines and authentication_required are values", async () => {
    const declined = await customerWith("pm_card_chargeCustomerFail");
    expect(
      await declined.g.chargeOffSession({
        ...declined,
        amountCents: 1_000,
        description: "Live test",
        metadata: { purpose: "test" },
        idempotencyKey: `live:${run}:declined`,
      }),
    ).toMatchObject({
      status: "failed",
      failure: { code: "card_declined" },
    });
    const sca = await customerWith("pm_card_authenticationRequired");
    const result = await sca.g.chargeOffSession({
      ...sca,
      amountCents: 1_000,
      description: "Live test",
      metadata: { purpose: "test" },
      idempotencyKey: `live:${run}:sca`,
    });
    expect(result).toMatchObject({ status: "requires_action", actionUrl: expect.stringMatching(/^https:\/\/buurtkracht\.example\/pay\/stripe\/confirm\/pi_/) });
  });

  it.skipIf(!live)("a hold captured in part", async () => {
    const { g, customerId, paymentMethodId } = await customerWith("pm_card_visa");
    const held = await g.placeHold({
      customerId,
      paymentMethodId,
      amountCents: 5_000,
      description: "Live test deposit",
      metadata: { purpose: "test" },
      idempotencyKey: `live:${run}:hold`,
    });
    expect(held).toMatchObject({ status: "held", amountCents: 5_000 });
    expect(await g.captureHold({ paymentId: held.paymentId ?? "", amountCents: 2_000, idempotencyKey: `live:${run}:capture` })).toMatchObject({
      ok: true,
      capturedCents: 2_000,
      releasedCents: 3_000,
      payment: { amountRefundedCents: 0 },
    });
  });

  it.skipIf(!live)("Checkout setup and payment sessions open on Stripe's pages", async () => {
    const g = gateway();
    const customer = await g.createCustomer({ email: "live-test@example.com", name: "Live Test", idempotencyKey: `live:${run}:checkout-customer` });
    const urls = { returnUrl: "https://buurtkracht.example/back", cancelUrl: "https://buurtkracht.example/cancel" };
    const setup = await g.createSetupSession({
      customerId: customer.id,
      ...urls,
      metadata: { purpose: "test" },
      idempotencyKey: `live:${run}:setup`,
      locale: "nl",
    });
    expect(setup).toMatchObject({ status: "open", mode: "setup", url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\//) });
    const hold = await g.createPaymentSession({
      customerId: customer.id,
      amountCents: 2_000,
      description: "Live test",
      captureMethod: "manual",
      ...urls,
      metadata: { purpose: "test" },
      idempotencyKey: `live:${run}:pay`,
    });
    expect(hold).toMatchObject({ status: "open", captureMethod: "manual", amountCents: 2_000 });
    expect(await g.getSession(hold.id)).toMatchObject({ captureMethod: "manual" });
  });
});
