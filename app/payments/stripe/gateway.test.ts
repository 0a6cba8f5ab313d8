import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GatewayRequestError, type PaymentGateway } from "../gateway";
import { APP_URL, type Harness, startHarness, urls } from "./testing/harness.server";

/**
 * Contract tests: every port call through the Stripe adapter, against the fake Stripe server.
 * Each test asserts both sides — the requests the app makes (amounts in cents, eur, off_session,
 * idempotency keys, metadata, ids) and the port values it gets back — and they are the same
 * expectations the simulated gateway meets (app/payments/simulated/gateway.server.test.ts).
 */

let h: Harness;
let gateway: PaymentGateway;
beforeEach(async () => {
  h = await startHarness();
  gateway = h.gateway;
});
afterEach(async () => h?.close());

const DAY = 86_400_000;

async function rejected(promise: Promise<unknown>): Promise<GatewayRequestError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayRequestError);
  return error as GatewayRequestError;
}

async function savedCard(card = "pm_card_visa") {
  const customerId = await h.customer();
  const method = await h.save(customerId, { card });
  if (!method) throw new Error(`could not save ${card}`);
  return { customerId, method };
}

const charge = (customerId: string, paymentMethodId: string, extra: Partial<Parameters<PaymentGateway["chargeOffSession"]>[0]> = {}) =>
  gateway.chargeOffSession({
    customerId,
    paymentMethodId,
    amountCents: 2_500,
    description: "Pledge for Moestuin de Linde",
    metadata: { purpose: "pledge", pledgeId: "p1", attempt: "1" },
    idempotencyKey: "pledge:p1:charge:1",
    ...extra,
  });

const hold = (customerId: string, paymentMethodId: string, extra: Partial<Parameters<PaymentGateway["placeHold"]>[0]> = {}) =>
  gateway.placeHold({
    customerId,
    paymentMethodId,
    amountCents: 5_000,
    description: "Deposit for the ladder",
    metadata: { purpose: "deposit", loanId: "l1" },
    idempotencyKey: "loan:l1:hold:1",
    ...extra,
  });

describe("customers", () => {
  it("creates a Stripe customer with the idempotency key, once per key", async () => {
    const input = { email: "eva@example.nl", name: "Eva Visser", metadata: { userId: "u1" }, idempotencyKey: "customer:stripe:u1" };
    const first = await gateway.createCustomer(input);
    expect(first).toMatchObject({ email: "eva@example.nl", name: "Eva Visser", metadata: { userId: "u1" } });
    expect(first.id).toMatch(/^cus_/);
    expect(first.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const again = await gateway.createCustomer(input);
    expect(again.id).toBe(first.id);
    const sent = h.sent("POST", "/v1/customers");
    expect(sent.map((r) => [r.idempotencyKey, r.params])).toEqual([
      ["customer:stripe:u1", { email: "eva@example.nl", name: "Eva Visser", metadata: { userId: "u1" } }],
      ["customer:stripe:u1", { email: "eva@example.nl", name: "Eva Visser", metadata: { userId: "u1" } }],
    ]);
    expect(sent[1]?.replayed).toBe(true);

    expect((await rejected(gateway.createCustomer({ ...input, name: "Someone Else" }))).code).toBe("idempotency_key_reused");
  });

  it("refuses a customer without email or name before calling Stripe", async () => {
    expect((await rejected(gateway.createCustomer({ email: "", name: "X", idempotencyKey: "k" }))).code).toBe("invalid_request");
    expect(h.sent()).toEqual([]);
  });
});

describe("hosted setup page (Checkout mode setup)", () => {
  it("creates the session with the methods, URLs, locale and metadata on the SetupIntent too", async () => {
    const customerId = await h.customer();
    const session = await gateway.createSetupSession({
      customerId,
      ...urls,
      metadata: { purpose: "pledge", pledgeId: "p1" },
      idempotencyKey: "pledge:p1:setup:1",
      locale: "nl",
    });
    expect(session).toMatchObject({
      mode: "setup",
      status: "open",
      customerId,
      methods: ["card", "ideal"],
      amountCents: null,
      captureMethod: null,
      paymentMethodId: null,
      paymentId: null,
      metadata: { purpose: "pledge", pledgeId: "p1" },
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\/pay\/cs_test_/);
    expect(Date.parse(session.expiresAt) - Date.parse(session.createdAt)).toBe(DAY);

    const [request] = h.sent("POST", "/v1/checkout/sessions");
    expect(request?.idempotencyKey).toBe("pledge:p1:setup:1");
    expect(request?.params).toMatchObject({
      mode: "setup",
      customer: customerId,
      currency: "eur",
      allowed_payment_method_types: ["card", "ideal"],
      success_url: urls.returnUrl,
      cancel_url: urls.cancelUrl,
      locale: "nl",
      metadata: { purpose: "pledge", pledgeId: "p1" },
      // Stripe does not copy session metadata onto the SetupIntent; the adapter must.
      setup_intent_data: { metadata: { purpose: "pledge", pledgeId: "p1" } },
    });
  });

  it("a card saved on the page is the session's payment method and the customer's", async () => {
    const customerId = await h.customer();
    const session = await gateway.createSetupSession({ customerId, methods: ["card"], ...urls, metadata: { purpose: "test" }, idempotencyKey: "s1" });
    expect(h.sent("POST", "/v1/checkout/sessions")[0]?.params.allowed_payment_method_types).toEqual(["card"]);
    const outcome = h.fake.control.completeCheckout(session.id, { card: "4242 4242 4242 4242" });
    const done = await gateway.getSession(session.id);
    expect(done).toMatchObject({ status: "complete", paymentMethodId: outcome.paymentMethodId, url: "" });
    expect(await gateway.listPaymentMethods(customerId)).toEqual([
      expect.objectContaining({
        id: outcome.paymentMethodId,
        customerId,
        type: "card",
        label: "Visa •••• 4242",
        card: expect.objectContaining({ brand: "visa", last4: "4242" }),
        sepaDebit: null,
      }),
    ]);
  });

  it("iDEAL saves a SEPA Direct Debit mandate, labelled with the bank", async () => {
    const customerId = await h.customer();
    const saved = await h.save(customerId, { ideal: { bank: "ing" } });
    expect(saved).toMatchObject({ type: "sepa_debit", label: "ING •••• 3000 (SEPA)", card: null, sepaDebit: { bankName: "ING", last4: "3000" } });
    expect(saved?.sepaDebit?.mandateId).toMatch(/^mandate_/);
    expect(saved?.id).toMatch(/^pm_/);
  });

  it("refuses a method the deployment does not offer, before calling Stripe", async () => {
    const cardOnly = h.gatewayWith({ methods: ["card"] });
    expect(cardOnly.methods).toEqual(["card"]);
    const error = await rejected(
      cardOnly.createSetupSession({ customerId: "cus_x", methods: ["ideal"], ...urls, metadata: { purpose: "test" }, idempotencyKey: "s" }),
    );
    expect(error.code).toBe("invalid_request");
    expect(h.sent("POST")).toEqual([]);
  });

  it("refuses metadata without purpose and keys the adapter reserves for itself", async () => {
    const base = { customerId: "cus_x", ...urls, idempotencyKey: "s" };
    expect((await rejected(gateway.createSetupSession({ ...base, metadata: { purpose: "Not A Name" } }))).code).toBe("invalid_request");
    expect((await rejected(gateway.createSetupSession({ ...base, metadata: { purpose: "test", buurtkracht_x: "1" } }))).code).toBe("invalid_request");
    expect(h.sent("POST")).toEqual([]);
  });

  it("an unknown customer is not_found", async () => {
    expect((await rejected(gateway.createSetupSession({ customerId: "cus_nope", ...urls, metadata: { purpose: "test" }, idempotencyKey: "s" }))).code).toBe(
      "not_found",
    );
  });
});

describe("hosted payment page (Checkout mode payment)", () => {
  it("a charge: the amount in cents as an EUR line item, metadata and description on the PaymentIntent", async () => {
    const customerId = await h.customer();
    const session = await gateway.createPaymentSession({
      customerId,
      amountCents: 1_999,
      description: "Pledge for the bench",
      ...urls,
      metadata: { purpose: "pledge", pledgeId: "p2", attempt: "2" },
      saveMethod: true,
      idempotencyKey: "pledge:p2:charge:2",
    });
    expect(session).toMatchObject({ mode: "payment", status: "open", amountCents: 1_999, captureMethod: "automatic", methods: ["card", "ideal"] });
    const [request] = h.sent("POST", "/v1/checkout/sessions");
    expect(request?.idempotencyKey).toBe("pledge:p2:charge:2");
    expect(request?.params).toMatchObject({
      mode: "payment",
      customer: customerId,
      line_items: [{ quantity: "1", price_data: { currency: "eur", unit_amount: "1999", product_data: { name: "Pledge for the bench" } } }],
      payment_intent_data: {
        metadata: { purpose: "pledge", pledgeId: "p2", attempt: "2" },
        description: "Pledge for the bench",
        setup_future_usage: "off_session",
      },
      metadata: { purpose: "pledge", pledgeId: "p2", attempt: "2" },
    });
    expect(request?.params.payment_intent_data).not.toHaveProperty("capture_method");

    const outcome = h.fake.control.completeCheckout(session.id, { card: "pm_card_mastercard" });
    const done = await gateway.getSession(session.id);
    expect(done).toMatchObject({ status: "complete", paymentId: outcome.paymentIntentId, paymentMethodId: outcome.paymentMethodId });
    const payment = await gateway.getPayment(outcome.paymentIntentId ?? "");
    expect(payment).toMatchObject({
      status: "succeeded",
      amountCents: 1_999,
      amountReceivedCents: 1_999,
      sessionId: session.id,
      offSession: false,
      paymentMethodType: "card",
      metadata: { purpose: "pledge", pledgeId: "p2", attempt: "2" },
    });
    expect((await gateway.listPaymentMethods(customerId)).map((m) => m.label)).toEqual(["Mastercard •••• 4444"]);
  });

  it("a hold: card only, capture_method manual (also as the card option, so an open session shows it)", async () => {
    const customerId = await h.customer();
    const session = await gateway.createPaymentSession({
      customerId,
      amountCents: 7_500,
      description: "Deposit",
      captureMethod: "manual",
      ...urls,
      metadata: { purpose: "deposit", loanId: "l9" },
      idempotencyKey: "loan:l9:hold:1",
    });
    expect(session).toMatchObject({ captureMethod: "manual", methods: ["card"] });
    expect(await gateway.getSession(session.id)).toMatchObject({ captureMethod: "manual" });
    expect(h.sent("POST", "/v1/checkout/sessions")[0]?.params).toMatchObject({
      allowed_payment_method_types: ["card"],
      payment_intent_data: { capture_method: "manual" },
      payment_method_options: { card: { capture_method: "manual" } },
    });
    const outcome = h.fake.control.completeCheckout(session.id, { card: "pm_card_visa" });
    expect(await gateway.getPayment(outcome.paymentIntentId ?? "")).toMatchObject({
      status: "requires_capture",
      amountCapturableCents: 7_500,
      captureMethod: "manual",
    });
    expect(
      (
        await rejected(
          gateway.createPaymentSession({
            customerId,
            amountCents: 7_500,
            description: "x",
            captureMethod: "manual",
            methods: ["ideal"],
            ...urls,
            metadata: { purpose: "test" },
            idempotencyKey: "k",
          }),
        )
      ).code,
    ).toBe("invalid_request");
  });

  it("iDEAL on a pay-and-save page saves the SEPA method Stripe generates (the iDEAL one is single-use)", async () => {
    const customerId = await h.customer();
    const session = await gateway.createPaymentSession({
      customerId,
      amountCents: 1_000,
      description: "Pledge",
      saveMethod: true,
      ...urls,
      metadata: { purpose: "test" },
      idempotencyKey: "k",
    });
    const outcome = h.fake.control.completeCheckout(session.id, { ideal: { bank: "rabobank" } });
    const done = await gateway.getSession(session.id);
    expect(done?.paymentMethodId).toBe(outcome.paymentMethodId);
    expect(await gateway.getPayment(done?.paymentId ?? "")).toMatchObject({ status: "succeeded", paymentMethodType: "ideal" });
    expect(await gateway.getPaymentMethod(done?.paymentMethodId ?? "")).toMatchObject({ type: "sepa_debit", label: "Rabobank •••• 5264 (SEPA)" });
  });

  it("refuses amounts outside Stripe's EUR limits and long descriptions before calling Stripe", async () => {
    const base = { customerId: "cus_x", description: "x", ...urls, metadata: { purpose: "test" }, idempotencyKey: "k" } as const;
    for (const amountCents of [49, 100_000_000, 10.5])
      expect((await rejected(gateway.createPaymentSession({ ...base, amountCents }))).code).toBe("invalid_request");
    expect((await rejected(gateway.createPaymentSession({ ...base, amountCents: 100, description: "x".repeat(501) }))).code).toBe("invalid_request");
    expect(h.sent("POST")).toEqual([]);
  });

  it("getSession of an unknown id is null", async () => {
    expect(await gateway.getSession("cs_test_nope")).toBeNull();
  });
});

describe("saved methods", () => {
  it("lists oldest first, skips what is not reusable, and an unknown customer has none", async () => {
    const customerId = await h.customer();
    await h.save(customerId, { card: "pm_card_visa" });
    h.fake.control.advanceTime(1_000);
    await h.save(customerId, { ideal: { bank: "abn_amro" } });
    expect((await gateway.listPaymentMethods(customerId)).map((m) => m.label)).toEqual(["Visa •••• 4242", "ABN AMRO •••• 4300 (SEPA)"]);
    const [list] = h.sent("GET", "/v1/payment_methods");
    expect(list?.query).toMatchObject({ customer: customerId, limit: "100" });
    expect(await gateway.listPaymentMethods("cus_nope")).toEqual([]);
  });

  it("a card Stripe declines while saving is not saved", async () => {
    const customerId = await h.customer();
    expect(await h.save(customerId, { card: "4000 0000 0000 0002" })).toBeNull();
    expect(await gateway.listPaymentMethods(customerId)).toEqual([]);
  });

  it("detach: the method is gone for the port; a second detach (another key) is fine; unknown is not_found", async () => {
    const { customerId, method } = await savedCard();
    await gateway.detachPaymentMethod({ paymentMethodId: method.id, idempotencyKey: "detach:1" });
    expect(h.sent("POST", `/v1/payment_methods/${method.id}/detach`).map((r) => r.idempotencyKey)).toEqual(["detach:1"]);
    expect(await gateway.getPaymentMethod(method.id)).toBeNull();
    expect(await gateway.listPaymentMethods(customerId)).toEqual([]);
    await expect(gateway.detachPaymentMethod({ paymentMethodId: method.id, idempotencyKey: "detach:2" })).resolves.toBeUndefined();
    expect((await rejected(gateway.detachPaymentMethod({ paymentMethodId: "pm_nope", idempotencyKey: "detach:3" }))).code).toBe("not_found");
  });

  it("getPaymentMethod of an unknown id is null", async () => {
    expect(await gateway.getPaymentMethod("pm_nope")).toBeNull();
  });
});

describe("chargeOffSession", () => {
  it("succeeds: one confirmed off-session PaymentIntent in EUR cents, with the key, metadata and description", async () => {
    const { customerId, method } = await savedCard();
    const result = await charge(customerId, method.id, { returnUrl: `${APP_URL}/pledges/p1` });
    expect(result.status).toBe("succeeded");
    if (result.status !== "succeeded") return;
    expect(result.paymentId).toMatch(/^pi_/);
    expect(result.payment).toMatchObject({
      id: result.paymentId,
      customerId,
      paymentMethodId: method.id,
      paymentMethodType: "card",
      sessionId: null,
      offSession: true,
      status: "succeeded",
      amountCents: 2_500,
      currency: "eur",
      captureMethod: "automatic",
      amountReceivedCents: 2_500,
      amountRefundedCents: 0,
      // Stripe's fee from the charge's balance transaction: pm_card_visa is a US card (3.25 % + € 0.25).
      feeCents: 106,
      description: "Pledge for Moestuin de Linde",
      // The adapter's own key (the return URL) is stripped again: callers see their metadata.
      metadata: { purpose: "pledge", pledgeId: "p1", attempt: "1" },
      lastFailure: null,
      nextActionUrl: null,
      holdExpiresAt: null,
      cancellationReason: null,
    });
    const sent = h.sent("POST", "/v1/payment_intents");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.idempotencyKey).toBe("pledge:p1:charge:1");
    expect(sent[0]?.params).toEqual({
      amount: "2500",
      currency: "eur",
      customer: customerId,
      payment_method: method.id,
      off_session: "true",
      confirm: "true",
      metadata: { purpose: "pledge", pledgeId: "p1", attempt: "1", buurtkracht_return_url: `${APP_URL}/pledges/p1` },
      description: "Pledge for Moestuin de Linde",
      return_url: `${APP_URL}/pledges/p1`,
      expand: ["latest_charge.balance_transaction", "payment_method"],
    });
  });

  it("the same key returns the first result and charges once; other parameters are idempotency_key_reused", async () => {
    const { customerId, method } = await savedCard();
    const first = await charge(customerId, method.id);
    const second = await charge(customerId, method.id);
    expect(second).toEqual(first);
    const created = h.fake.control.events().filter((e) => e.type === "payment_intent.created");
    expect(created).toHaveLength(1);
    expect((await rejected(charge(customerId, method.id, { amountCents: 2_600 }))).code).toBe("idempotency_key_reused");
  });

  it.each([
    ["pm_card_chargeCustomerFail", "card_declined", "generic_decline"],
    ["pm_card_refundFail", null, null],
  ] as const)("%s → declined values, not errors", async (card, code, declineCode) => {
    const { customerId, method } = await savedCard(card);
    const result = await charge(customerId, method.id);
    if (!code) {
      expect(result.status).toBe("succeeded");
      return;
    }
    expect(result).toMatchObject({ status: "failed", failure: { code, declineCode } });
    if (result.status !== "failed") return;
    expect(result.paymentId).toMatch(/^pi_/);
    expect(result.payment).toMatchObject({ status: "failed", lastFailure: { code, declineCode }, amountReceivedCents: 0 });
  });

  it("an issuer decline for insufficient funds carries Stripe's decline code", async () => {
    const { customerId, method } = await savedCard();
    h.fake.control.declineNext({ declineCode: "insufficient_funds", message: "Your card has insufficient funds." });
    expect(await charge(customerId, method.id)).toMatchObject({
      status: "failed",
      failure: { code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
    });
  });

  it("authentication_required → requires_action with our confirm page as the action URL", async () => {
    const { customerId, method } = await savedCard("pm_card_authenticationRequired");
    const result = await charge(customerId, method.id);
    expect(result.status).toBe("requires_action");
    if (result.status !== "requires_action") return;
    expect(result.actionUrl).toBe(`${APP_URL}/pay/stripe/confirm/${result.paymentId}`);
    expect(result.payment).toMatchObject({
      status: "requires_action",
      nextActionUrl: result.actionUrl,
      lastFailure: { code: "authentication_required", declineCode: "authentication_required" },
    });
  });

  it("a card that asked for 3-D Secure when it was saved is charged off-session without it", async () => {
    const { customerId, method } = await savedCard("pm_card_authenticationRequiredOnSetup");
    expect((await charge(customerId, method.id)).status).toBe("succeeded");
  });

  it("SEPA Direct Debit is processing, and succeeded once the bank settles it", async () => {
    const customerId = await h.customer();
    const method = await h.save(customerId, { ideal: { bank: "ing" } });
    const result = await charge(customerId, method?.id ?? "");
    expect(result).toMatchObject({ status: "processing", payment: { status: "processing", paymentMethodType: "sepa_debit", amountReceivedCents: 0 } });
    h.fake.control.runDue();
    expect(await gateway.getPayment(result.paymentId ?? "")).toMatchObject({ status: "succeeded", amountReceivedCents: 2_500 });
  });

  it("a SEPA debit that bounces ends failed with the bank's code", async () => {
    const customerId = await h.customer();
    const method = await h.save(customerId, { ideal: { bank: "ing", email: "generatedSepaDebitIntentsFailsDueToInsufficientFunds@example.com" } });
    const result = await charge(customerId, method?.id ?? "");
    expect(result.status).toBe("processing");
    h.fake.control.runDue();
    expect(await gateway.getPayment(result.paymentId ?? "")).toMatchObject({ status: "failed", lastFailure: { code: "insufficient_funds" } });
  });

  it("a detached method fails with payment_method_unavailable and no payment", async () => {
    const { customerId, method } = await savedCard();
    await gateway.detachPaymentMethod({ paymentMethodId: method.id, idempotencyKey: "d" });
    expect(await charge(customerId, method.id)).toEqual({
      status: "failed",
      paymentId: null,
      failure: { code: "payment_method_unavailable", declineCode: null, message: expect.any(String) },
      payment: null,
    });
    expect(await charge(await h.customer(), "pm_nope", { idempotencyKey: "other" })).toMatchObject({
      status: "failed",
      paymentId: null,
      failure: { code: "payment_method_unavailable" },
    });
  });

  it("another customer's method is a programming error; an unknown customer is not_found", async () => {
    const { method } = await savedCard();
    const other = await h.customer("Piet Jansen");
    expect((await rejected(charge(other, method.id))).code).toBe("invalid_request");
    expect((await rejected(charge("cus_nope", method.id, { idempotencyKey: "k2" }))).code).toBe("not_found");
  });

  it("checks amount, metadata, key and return URL before calling Stripe", async () => {
    const bad = [
      { amountCents: 10 },
      { metadata: { purpose: "" } },
      { idempotencyKey: "" },
      { returnUrl: "/relative" },
      { returnUrl: `${APP_URL}/${"x".repeat(500)}` },
    ] as const;
    for (const extra of bad) expect((await rejected(charge("cus_x", "pm_x", extra))).code).toBe("invalid_request");
    expect(h.sent("POST")).toEqual([]);
  });
});

describe("holds", () => {
  it("placeHold: a manual-capture PaymentIntent; held for 7 days", async () => {
    const { customerId, method } = await savedCard();
    const result = await hold(customerId, method.id);
    expect(result.status).toBe("held");
    if (result.status !== "held") return;
    expect(result).toMatchObject({ amountCents: 5_000, payment: { status: "requires_capture", captureMethod: "manual", amountCapturableCents: 5_000 } });
    expect(Date.parse(result.expiresAt) - h.fake.control.now()).toBeGreaterThan(7 * DAY - 2_000);
    expect(Date.parse(result.expiresAt) - h.fake.control.now()).toBeLessThanOrEqual(7 * DAY);
    expect(h.sent("POST", "/v1/payment_intents")[0]?.params).toMatchObject({ capture_method: "manual", off_session: "true", confirm: "true", amount: "5000" });
  });

  it("a SEPA mandate cannot be held: payment_method_not_holdable, no payment", async () => {
    const customerId = await h.customer();
    const method = await h.save(customerId, { ideal: {} });
    expect(await hold(customerId, method?.id ?? "")).toMatchObject({
      status: "failed",
      paymentId: null,
      payment: null,
      failure: { code: "payment_method_not_holdable" },
    });
  });

  it("a declined hold and a hold that needs authentication", async () => {
    const declined = await savedCard("pm_card_chargeCustomerFail");
    expect(await hold(declined.customerId, declined.method.id)).toMatchObject({ status: "failed", failure: { code: "card_declined" } });
    const sca = await savedCard("pm_card_authenticationRequired");
    const result = await hold(sca.customerId, sca.method.id, { idempotencyKey: "loan:l2:hold:1" });
    expect(result).toMatchObject({ status: "requires_action", actionUrl: expect.stringMatching(/\/pay\/stripe\/confirm\/pi_/) });
  });

  it("capture in part: amount_to_capture, the rest released (and not counted as refunded)", async () => {
    const { customerId, method } = await savedCard();
    const held = await hold(customerId, method.id);
    const captured = await gateway.captureHold({ paymentId: held.paymentId ?? "", amountCents: 1_500, idempotencyKey: "loan:l1:capture" });
    expect(captured).toMatchObject({
      ok: true,
      capturedCents: 1_500,
      releasedCents: 3_500,
      payment: { status: "succeeded", amountReceivedCents: 1_500, amountCapturableCents: 0, amountRefundedCents: 0 },
    });
    const [request] = h.sent("POST", `/v1/payment_intents/${held.paymentId}/capture`);
    expect(request).toMatchObject({ idempotencyKey: "loan:l1:capture", params: { amount_to_capture: "1500" } });
    // A replay returns the first answer.
    expect(await gateway.captureHold({ paymentId: held.paymentId ?? "", amountCents: 1_500, idempotencyKey: "loan:l1:capture" })).toEqual(captured);
    // Captured already: not capturable again (new key).
    expect(await gateway.captureHold({ paymentId: held.paymentId ?? "", idempotencyKey: "loan:l1:capture:2" })).toMatchObject({
      ok: false,
      error: "not_capturable",
    });
  });

  it("capture everything by default; more than held is amount_too_large", async () => {
    const { customerId, method } = await savedCard();
    const held = await hold(customerId, method.id);
    expect(await gateway.captureHold({ paymentId: held.paymentId ?? "", amountCents: 5_001, idempotencyKey: "c1" })).toMatchObject({
      ok: false,
      error: "amount_too_large",
      payment: { status: "requires_capture" },
    });
    expect(await gateway.captureHold({ paymentId: held.paymentId ?? "", idempotencyKey: "c2" })).toMatchObject({
      ok: true,
      capturedCents: 5_000,
      releasedCents: 0,
    });
    expect(h.sent("POST", `/v1/payment_intents/${held.paymentId}/capture`)[1]?.params).not.toHaveProperty("amount_to_capture");
  });

  it("a hold past its 7 days: capture is hold_expired (before and after Stripe cancels it)", async () => {
    const { customerId, method } = await savedCard();
    const a = await hold(customerId, method.id, { idempotencyKey: "h:a" });
    const b = await hold(customerId, method.id, { idempotencyKey: "h:b" });
    h.fake.control.advanceTime(7 * DAY + 60_000);
    // Not yet canceled by Stripe: its capture is refused with charge_expired_for_capture.
    expect(await gateway.captureHold({ paymentId: a.paymentId ?? "", idempotencyKey: "c:a" })).toMatchObject({ ok: false, error: "hold_expired" });
    h.fake.control.runDue();
    expect(await gateway.getPayment(b.paymentId ?? "")).toMatchObject({ status: "canceled", cancellationReason: "expired" });
    expect(await gateway.captureHold({ paymentId: b.paymentId ?? "", idempotencyKey: "c:b" })).toMatchObject({ ok: false, error: "hold_expired" });
    // Released anyway: releasing an expired hold is fine.
    expect(await gateway.releaseHold({ paymentId: b.paymentId ?? "", idempotencyKey: "r:b" })).toMatchObject({
      ok: true,
      payment: { cancellationReason: "expired" },
    });
  });

  it("release: canceled as requested; again is fine; a captured hold is not releasable", async () => {
    const { customerId, method } = await savedCard();
    const held = await hold(customerId, method.id);
    const released = await gateway.releaseHold({ paymentId: held.paymentId ?? "", idempotencyKey: "loan:l1:release" });
    expect(released).toMatchObject({
      ok: true,
      payment: { status: "canceled", cancellationReason: "requested", amountCapturableCents: 0, amountRefundedCents: 0 },
    });
    expect(h.sent("POST", `/v1/payment_intents/${held.paymentId}/cancel`).map((r) => r.idempotencyKey)).toEqual(["loan:l1:release"]);
    expect(await gateway.releaseHold({ paymentId: held.paymentId ?? "", idempotencyKey: "loan:l1:release:2" })).toMatchObject({ ok: true });

    const other = await hold(customerId, method.id, { idempotencyKey: "h2" });
    await gateway.captureHold({ paymentId: other.paymentId ?? "", idempotencyKey: "c" });
    expect(await gateway.releaseHold({ paymentId: other.paymentId ?? "", idempotencyKey: "r" })).toMatchObject({ ok: false, error: "not_releasable" });
  });

  it("capture or release of a charge (no hold) is a programming error, and release never cancels it", async () => {
    const { customerId, method } = await savedCard("pm_card_chargeCustomerFail");
    const failed = await charge(customerId, method.id);
    expect((await rejected(gateway.releaseHold({ paymentId: failed.paymentId ?? "", idempotencyKey: "r" }))).code).toBe("invalid_request");
    expect(h.sent("POST", `/v1/payment_intents/${failed.paymentId}/cancel`)).toEqual([]);
    expect((await rejected(gateway.captureHold({ paymentId: failed.paymentId ?? "", idempotencyKey: "c" }))).code).toBe("invalid_request");
  });

  it("unknown payments: capture/release not_found, getPayment null", async () => {
    expect((await rejected(gateway.captureHold({ paymentId: "pi_nope", idempotencyKey: "c" }))).code).toBe("not_found");
    expect((await rejected(gateway.releaseHold({ paymentId: "pi_nope", idempotencyKey: "r" }))).code).toBe("not_found");
    expect(await gateway.getPayment("pi_nope")).toBeNull();
  });
});

describe("refunds", () => {
  it("refunds with its own metadata (the free-text reason travels in a reserved key)", async () => {
    const { customerId, method } = await savedCard();
    const paid = await charge(customerId, method.id);
    const result = await gateway.refund({
      paymentId: paid.paymentId ?? "",
      amountCents: 1_000,
      reason: "Project cancelled",
      metadata: { purpose: "pledge", pledgeId: "p1" },
      idempotencyKey: "pledge:p1:refund:1",
    });
    expect(result).toMatchObject({
      ok: true,
      refund: {
        paymentId: paid.paymentId,
        amountCents: 1_000,
        status: "succeeded",
        reason: "Project cancelled",
        metadata: { purpose: "pledge", pledgeId: "p1" },
      },
    });
    if (!result.ok) return;
    expect(result.refund.id).toMatch(/^re_/);
    const [request] = h.sent("POST", "/v1/refunds");
    expect(request).toMatchObject({
      idempotencyKey: "pledge:p1:refund:1",
      params: {
        payment_intent: paid.paymentId,
        amount: "1000",
        metadata: { purpose: "pledge", pledgeId: "p1", buurtkracht_refund_reason: "Project cancelled" },
      },
    });
    expect(request?.params).not.toHaveProperty("reason");
    expect(await gateway.getPayment(paid.paymentId ?? "")).toMatchObject({ amountRefundedCents: 1_000, amountReceivedCents: 2_500 });

    // A reason Stripe knows is passed on as Stripe's own reason too. The rest by default.
    const rest = await gateway.refund({
      paymentId: paid.paymentId ?? "",
      reason: "requested_by_customer",
      metadata: { purpose: "pledge" },
      idempotencyKey: "pledge:p1:refund:2",
    });
    expect(rest).toMatchObject({ ok: true, refund: { amountCents: 1_500, reason: "requested_by_customer" } });
    expect(h.sent("POST", "/v1/refunds")[1]?.params).toMatchObject({ reason: "requested_by_customer" });
    expect(h.sent("POST", "/v1/refunds")[1]?.params).not.toHaveProperty("amount");
    expect(await gateway.refund({ paymentId: paid.paymentId ?? "", metadata: { purpose: "pledge" }, idempotencyKey: "pledge:p1:refund:3" })).toMatchObject({
      ok: false,
      error: "not_refundable",
    });
  });

  it("more than is left is amount_too_large; an uncaptured hold or a processing debit is not_refundable", async () => {
    const { customerId, method } = await savedCard();
    const paid = await charge(customerId, method.id);
    expect(await gateway.refund({ paymentId: paid.paymentId ?? "", amountCents: 2_501, metadata: { purpose: "test" }, idempotencyKey: "r1" })).toMatchObject({
      ok: false,
      error: "amount_too_large",
      payment: { id: paid.paymentId },
    });
    const held = await hold(customerId, method.id);
    expect(await gateway.refund({ paymentId: held.paymentId ?? "", metadata: { purpose: "test" }, idempotencyKey: "r2" })).toMatchObject({
      ok: false,
      error: "not_refundable",
    });
    const sepa = await h.save(customerId, { ideal: {} });
    const debit = await charge(customerId, sepa?.id ?? "", { idempotencyKey: "sepa" });
    expect(await gateway.refund({ paymentId: debit.paymentId ?? "", metadata: { purpose: "test" }, idempotencyKey: "r3" })).toMatchObject({
      ok: false,
      error: "not_refundable",
    });
    expect((await rejected(gateway.refund({ paymentId: "pi_nope", metadata: { purpose: "test" }, idempotencyKey: "r4" }))).code).toBe("not_found");
  });

  it("a captured part of a hold can be refunded, up to what was captured", async () => {
    const { customerId, method } = await savedCard();
    const held = await hold(customerId, method.id);
    await gateway.captureHold({ paymentId: held.paymentId ?? "", amountCents: 2_000, idempotencyKey: "c" });
    expect(await gateway.refund({ paymentId: held.paymentId ?? "", amountCents: 2_001, metadata: { purpose: "test" }, idempotencyKey: "r1" })).toMatchObject({
      ok: false,
      error: "amount_too_large",
    });
    expect(await gateway.refund({ paymentId: held.paymentId ?? "", metadata: { purpose: "test" }, idempotencyKey: "r2" })).toMatchObject({
      ok: true,
      refund: { amountCents: 2_000 },
    });
    expect(await gateway.getPayment(held.paymentId ?? "")).toMatchObject({ amountReceivedCents: 2_000, amountRefundedCents: 2_000 });
  });

  it("a SEPA refund is pending first", async () => {
    const customerId = await h.customer();
    const sepa = await h.save(customerId, { ideal: {} });
    const debit = await charge(customerId, sepa?.id ?? "");
    h.fake.control.runDue();
    expect(await gateway.refund({ paymentId: debit.paymentId ?? "", metadata: { purpose: "test" }, idempotencyKey: "r" })).toMatchObject({
      ok: true,
      refund: { status: "pending", amountCents: 2_500 },
    });
  });
});

describe("outages: retried by the SDK with the same idempotency key, then unavailable", () => {
  it("a 500 then success: two attempts with one key, one payment", async () => {
    const { customerId, method } = await savedCard();
    const retrying = h.gatewayWith({ maxNetworkRetries: 2 });
    h.fake.control.failNext(1, { path: "/v1/payment_intents" });
    const result = await retrying.chargeOffSession({
      customerId,
      paymentMethodId: method.id,
      amountCents: 2_500,
      description: "x",
      metadata: { purpose: "test" },
      idempotencyKey: "pledge:p1:charge:1",
    });
    expect(result.status).toBe("succeeded");
    const attempts = h.sent("POST", "/v1/payment_intents");
    expect(attempts.map((r) => [r.idempotencyKey, r.status, r.injected])).toEqual([
      ["pledge:p1:charge:1", 500, true],
      ["pledge:p1:charge:1", 200, false],
    ]);
    expect(h.fake.control.events().filter((e) => e.type === "payment_intent.created")).toHaveLength(1);
  });

  it("5xx on every attempt: unavailable, every attempt with the same key, nothing charged", async () => {
    const { customerId, method } = await savedCard();
    const retrying = h.gatewayWith({ maxNetworkRetries: 1 });
    h.fake.control.failNext(2, { path: "/v1/payment_intents", status: 503 });
    const error = await rejected(
      retrying.chargeOffSession({
        customerId,
        paymentMethodId: method.id,
        amountCents: 2_500,
        description: "x",
        metadata: { purpose: "test" },
        idempotencyKey: "k:1",
      }),
    );
    expect(error.code).toBe("unavailable");
    expect(h.sent("POST", "/v1/payment_intents").map((r) => r.idempotencyKey)).toEqual(["k:1", "k:1"]);
    expect(h.fake.control.events().filter((e) => e.type === "payment_intent.created")).toEqual([]);
    // The caller retries later with the same key: now it goes through, once.
    expect(
      (
        await retrying.chargeOffSession({
          customerId,
          paymentMethodId: method.id,
          amountCents: 2_500,
          description: "x",
          metadata: { purpose: "test" },
          idempotencyKey: "k:1",
        })
      ).status,
    ).toBe("succeeded");
  });

  it("a lost response (timeout after Stripe acted): the retry with the same key gets the stored answer, one payment", async () => {
    const { customerId, method } = await savedCard();
    const impatient = h.gatewayWith({ maxNetworkRetries: 1, timeoutMs: 150 });
    h.fake.control.delayNext(600, { path: "/v1/payment_intents" });
    const result = await impatient.chargeOffSession({
      customerId,
      paymentMethodId: method.id,
      amountCents: 2_500,
      description: "x",
      metadata: { purpose: "test" },
      idempotencyKey: "k:lost",
    });
    expect(result.status).toBe("succeeded");
    const attempts = h.sent("POST", "/v1/payment_intents");
    expect(attempts.map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      ["k:lost", false],
      ["k:lost", true],
    ]);
    expect(h.fake.control.events().filter((e) => e.type === "payment_intent.created")).toHaveLength(1);
  });

  it("timeouts on every attempt: unavailable", async () => {
    const impatient = h.gatewayWith({ maxNetworkRetries: 1, timeoutMs: 100 });
    // A slow API: each attempt waits before it runs, longer than the client waits.
    h.fake.control.delayNext(400, { path: "/v1/customers", count: 2, before: true });
    expect((await rejected(impatient.createCustomer({ email: "a@b.nl", name: "A", idempotencyKey: "c:t" }))).code).toBe("unavailable");
    expect(h.sent("POST", "/v1/customers").map((r) => r.idempotencyKey)).toEqual(["c:t", "c:t"]);
  });

  it("reads that fail are unavailable too (not null)", async () => {
    h.fake.control.failNext(1);
    expect((await rejected(gateway.getPayment("pi_whatever"))).code).toBe("unavailable");
  });
});

describe("authentication on our confirm page (startAuthentication)", () => {
  it("confirms on-session, sends the customer to 3-D Secure, and back to the caller's return URL", async () => {
    const { customerId, method } = await savedCard("pm_card_authenticationRequired");
    const result = await charge(customerId, method.id, { returnUrl: `${APP_URL}/pledges/p1` });
    expect(result.status).toBe("requires_action");
    const paymentId = result.paymentId ?? "";

    const step = await h.gateway.startAuthentication(paymentId);
    expect(step).toEqual({ kind: "redirect", url: `${h.fake.url}/authenticate/${paymentId}` });
    const [confirm] = h.sent("POST", `/v1/payment_intents/${paymentId}/confirm`);
    expect(confirm?.params).toMatchObject({ payment_method: method.id, return_url: `${APP_URL}/pay/stripe/confirm/${paymentId}/return` });
    // Visiting the page again while Stripe waits for the customer does not confirm twice.
    expect(await h.gateway.startAuthentication(paymentId)).toEqual(step);
    expect(h.sent("POST", `/v1/payment_intents/${paymentId}/confirm`)).toHaveLength(1);

    const back = h.fake.control.completeAuthentication(paymentId, true);
    expect(back.redirectTo).toContain(`${APP_URL}/pay/stripe/confirm/${paymentId}/return`);
    expect(await h.gateway.startAuthentication(paymentId)).toMatchObject({
      kind: "done",
      returnUrl: `${APP_URL}/pledges/p1`,
      payment: { status: "succeeded", amountReceivedCents: 2_500 },
    });

    // The charge call retried with its key still answers what it answered first (Stripe replays the 402).
    expect(await charge(customerId, method.id, { returnUrl: `${APP_URL}/pledges/p1` })).toEqual(result);
  });

  it("a failed check leaves the payment failed; unknown payments are null", async () => {
    const { customerId, method } = await savedCard("pm_card_authenticationRequired");
    const result = await hold(customerId, method.id);
    const paymentId = result.paymentId ?? "";
    await h.gateway.startAuthentication(paymentId);
    h.fake.control.completeAuthentication(paymentId, false);
    expect(await h.gateway.startAuthentication(paymentId)).toMatchObject({
      kind: "done",
      returnUrl: APP_URL,
      payment: { status: "failed", lastFailure: { code: "payment_intent_authentication_failure" } },
    });
    expect(await h.gateway.startAuthentication("pi_nope")).toBeNull();
  });
});

describe("the gateway's own record (listActivity, getRefund)", () => {
  it("lists PaymentIntents, then Refunds, with created[gte]/created[lt], limit and starting_after, newest first", async () => {
    const { customerId, method } = await savedCard();
    const old = await charge(customerId, method.id, { idempotencyKey: "activity:old" });
    h.fake.control.advanceTime(60_000);
    const since = new Date(h.fake.control.now());
    const inside = [];
    for (let n = 1; n <= 3; n++) inside.push(await charge(customerId, method.id, { amountCents: 1_000 + n, idempotencyKey: `activity:${n}` }));
    const held = await hold(customerId, method.id);
    // A Checkout payment: the port says which session made it (one session list per page).
    const session = await gateway.createPaymentSession({
      customerId,
      amountCents: 777,
      description: "Pay now",
      ...urls,
      metadata: { purpose: "pledge", pledgeId: "p9" },
      idempotencyKey: "activity:session",
    });
    const checkout = h.fake.control.completeCheckout(session.id, { card: "pm_card_visa" });
    const refund = await gateway.refund({
      paymentId: old.paymentId ?? "",
      amountCents: 500,
      metadata: { purpose: "pledge" },
      idempotencyKey: "activity:refund",
    });
    if (!refund.ok) throw new Error("refund refused");
    h.fake.control.advanceTime(60_000);
    const until = new Date(h.fake.control.now());
    h.fake.control.advanceTime(1_000);
    await charge(customerId, method.id, { idempotencyKey: "activity:after" });

    h.fake.requests.length = 0;
    const pages = [];
    let cursor: string | null = null;
    do {
      const page = await gateway.listActivity({ since: since.toISOString(), until: until.toISOString(), cursor, limit: 2 });
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((p) => [p.payments.length, p.refunds.length])).toEqual([
      [2, 0],
      [2, 0],
      [1, 0],
      [0, 1],
    ]);
    const payments = pages.flatMap((p) => p.payments);
    expect(payments.map((p) => p.id)).toEqual([checkout.paymentIntentId, held.paymentId, ...inside.map((c) => c.paymentId).reverse()]);
    expect(payments[0]).toMatchObject({ sessionId: session.id, offSession: false, status: "succeeded", amountReceivedCents: 777, paymentMethodType: "card" });
    expect(payments[1]).toMatchObject({ sessionId: null, offSession: true, status: "requires_capture", amountCapturableCents: 5_000 });
    expect(payments[2]).toMatchObject({ metadata: { purpose: "pledge", pledgeId: "p1", attempt: "1" }, amountReceivedCents: 1_003 });
    expect(pages.flatMap((p) => p.refunds)).toEqual([refund.refund]);

    const created = { gte: String(Math.floor(since.getTime() / 1000)), lt: String(Math.ceil(until.getTime() / 1000)) };
    const lists = h.sent("GET", "/v1/payment_intents");
    expect(lists.map((r) => r.query)).toEqual([
      { created, limit: "2", expand: ["data.latest_charge.balance_transaction", "data.payment_method"] },
      { created, limit: "2", expand: ["data.latest_charge.balance_transaction", "data.payment_method"], starting_after: held.paymentId },
      { created, limit: "2", expand: ["data.latest_charge.balance_transaction", "data.payment_method"], starting_after: inside[1]!.paymentId },
    ]);
    expect(h.sent("GET", "/v1/refunds").map((r) => r.query)).toEqual([{ created, limit: "2" }]);
    expect(h.sent("GET", "/v1/checkout/sessions")[0]?.query).toMatchObject({ created: { gte: expect.any(String), lte: expect.any(String) }, limit: "100" });

    expect(await gateway.getRefund(refund.refund.id)).toEqual(refund.refund);
    expect(await gateway.getRefund("re_unknown")).toBeNull();
  });

  it("checks the window before calling Stripe", async () => {
    const at = new Date(h.fake.control.now()).toISOString();
    expect((await rejected(gateway.listActivity({ since: at, until: at }))).code).toBe("invalid_request");
    expect((await rejected(gateway.listActivity({ since: at, until: new Date(h.fake.control.now() + DAY).toISOString(), limit: 0 }))).code).toBe(
      "invalid_request",
    );
    expect(h.sent("GET", "/v1/payment_intents")).toEqual([]);
  });
});
