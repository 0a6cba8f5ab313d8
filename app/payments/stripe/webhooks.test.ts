import Stripe from "stripe";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { gatewayDisputeEventTypes, gatewayEventTypes, GatewayRequestError } from "../gateway";
import type { DeliveryOptions } from "./testing/fake-stripe.server";
import { type Harness, startHarness, urls } from "./testing/harness.server";
import { parseStripeWebhook, type TranslatedStripeEvent, translatedStripeEventTypes, translateStripeEvent } from "./webhooks.server";

/**
 * Webhooks: signature checks, and every Stripe event type of the mapping (gateway.ts) translated
 * from what the fake Stripe server sends — in order, twice, and out of order.
 */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h?.close());

interface Delivered {
  stripeId: string;
  stripeType: string;
  event: TranslatedStripeEvent | null;
}

/** Which Stripe types produced which GatewayEvent types, over the whole file (checked in afterAll). */
const seen = new Map<string, Set<string>>();

/** Delivers the queued events like Stripe would, to a handler that verifies and translates them. */
async function deliver(options?: DeliveryOptions): Promise<Delivered[]> {
  const out: Delivered[] = [];
  const results = await h.fake.control.webhooks.deliver(
    {
      callback: async (body, signature) => {
        const parsed = parseStripeWebhook(body, signature, h.fake.webhookSecret);
        if (!parsed.ok) return 400;
        const event = await translateStripeEvent(parsed.event, h.gateway.client);
        out.push({ stripeId: parsed.event.id, stripeType: parsed.event.type, event });
        if (event) {
          const set = seen.get(parsed.event.type) ?? new Set<string>();
          set.add(event.type);
          seen.set(parsed.event.type, set);
        }
        return 200;
      },
    },
    options,
  );
  expect(results.every((r) => r.status === 200)).toBe(true);
  return out;
}

const pairs = (delivered: Delivered[]) => delivered.map((d) => [d.stripeType, d.event?.type ?? null]);
const only = (delivered: Delivered[], stripeType: string) => delivered.filter((d) => d.stripeType === stripeType);
const translatedOnly = (delivered: Delivered[]) => delivered.filter((d) => d.event).map((d) => [d.stripeType, d.event?.type]);

async function savedCard(card = "pm_card_visa") {
  const customerId = await h.customer();
  const method = await h.save(customerId, { card }, { purpose: "test", ref: "save" });
  if (!method) throw new Error("not saved");
  return { customerId, method };
}

const charge = (customerId: string, paymentMethodId: string, key = "pledge:p1:charge:1") =>
  h.gateway.chargeOffSession({
    customerId,
    paymentMethodId,
    amountCents: 2_500,
    description: "Pledge",
    metadata: { purpose: "pledge", pledgeId: "p1" },
    idempotencyKey: key,
  });
const hold = (customerId: string, paymentMethodId: string, key = "loan:l1:hold:1") =>
  h.gateway.placeHold({
    customerId,
    paymentMethodId,
    amountCents: 5_000,
    description: "Deposit",
    metadata: { purpose: "deposit", loanId: "l1" },
    idempotencyKey: key,
  });

describe("parseStripeWebhook", () => {
  const secret = "whsec_test_secret";
  const body = JSON.stringify({
    id: "evt_1",
    object: "event",
    type: "customer.created",
    created: 1_800_000_000,
    data: { object: { id: "cus_1", object: "customer" } },
  });

  it("accepts Stripe's signature (the SDK's test header and the fake's are the same)", () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
    expect(h.fake.control.webhooks.sign(body, secret, timestamp)).toBe(header);
    const parsed = parseStripeWebhook(body, header, secret);
    expect(parsed.ok && parsed.event.id).toBe("evt_1");
    expect(parseStripeWebhook(new TextEncoder().encode(body), header, secret).ok).toBe(true);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, () => string | null, "missing_signature" | "invalid_signature"][] = [
    ["no header", () => null, "missing_signature"],
    ["an empty header", () => " ", "missing_signature"],
    ["another secret", () => Stripe.webhooks.generateTestHeaderString({ payload: body, secret: "whsec_other" }), "invalid_signature"],
    ["another body", () => Stripe.webhooks.generateTestHeaderString({ payload: body.replace("evt_1", "evt_2"), secret }), "invalid_signature"],
    ["an old signature (> 300 s)", () => Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: now() - 301 }), "invalid_signature"],
    ["garbage", () => "t=abc,v1=def", "invalid_signature"],
  ];
  it.each(cases)("rejects %s", (_name, header, code) => {
    const parsed = parseStripeWebhook(body, header(), secret);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe(code);
  });

  it("a signature just inside the tolerance is fine", () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: Math.floor(Date.now() / 1000) - 290 });
    expect(parseStripeWebhook(body, header, secret).ok).toBe(true);
  });

  it("a correctly signed body that is not an event is invalid_payload; no secret is a configuration error", () => {
    const notJson = "hello";
    const parsed = parseStripeWebhook(notJson, Stripe.webhooks.generateTestHeaderString({ payload: notJson, secret }), secret);
    expect(parsed.ok ? null : parsed.error.code).toBe("invalid_payload");
    const notEvent = "[1,2]";
    const parsed2 = parseStripeWebhook(notEvent, Stripe.webhooks.generateTestHeaderString({ payload: notEvent, secret }), secret);
    expect(parsed2.ok ? null : parsed2.error.code).toBe("invalid_payload");
    expect(() => parseStripeWebhook(body, "t=1,v1=x", "")).toThrow(/secret/);
  });

  it("the fake's deliveries are rejected with the wrong secret", async () => {
    await h.customer();
    const statuses = await h.fake.control.webhooks.deliver({ callback: async (b, s) => (parseStripeWebhook(b, s, "whsec_wrong").ok ? 200 : 400) });
    expect(statuses.map((r) => r.status)).toEqual([400]);
    // Not acknowledged, so still queued (Stripe retries).
    expect(h.fake.control.webhooks.pending()).toHaveLength(1);
  });
});

describe("hosted setup pages", () => {
  it("a saved card: setup_intent.succeeded and checkout.session.completed are setup.succeeded; the rest is ignored", async () => {
    const customerId = await h.customer();
    const session = await h.gateway.createSetupSession({ customerId, ...urls, metadata: { purpose: "pledge", pledgeId: "p1" }, idempotencyKey: "s" });
    h.fake.control.completeCheckout(session.id, { card: "pm_card_visa" });
    const delivered = await deliver();
    expect(pairs(delivered)).toEqual([
      ["customer.created", null],
      ["setup_intent.created", null],
      ["payment_method.attached", null],
      ["setup_intent.succeeded", "setup.succeeded"],
      ["checkout.session.completed", "setup.succeeded"],
    ]);
    const completed = only(delivered, "checkout.session.completed")[0];
    const stripeEvent = h.fake.control.events().find((e) => e.id === completed?.stripeId);
    expect(completed?.event).toMatchObject({
      id: completed?.stripeId,
      gateway: "stripe",
      createdAt: new Date((stripeEvent?.created ?? 0) * 1000).toISOString(),
      type: "setup.succeeded",
      metadata: { purpose: "pledge", pledgeId: "p1" },
      session: { id: session.id, status: "complete", mode: "setup" },
      paymentMethod: { type: "card", label: "Visa •••• 4242", customerId },
    });
    expect(only(delivered, "setup_intent.succeeded")[0]?.event).toMatchObject({
      type: "setup.succeeded",
      session: { id: session.id },
      metadata: { purpose: "pledge", pledgeId: "p1" },
    });
  });

  it("iDEAL: setup.succeeded carries the SEPA mandate, not the iDEAL method", async () => {
    const customerId = await h.customer();
    const session = await h.gateway.createSetupSession({ customerId, ...urls, metadata: { purpose: "test" }, idempotencyKey: "s" });
    const outcome = h.fake.control.completeCheckout(session.id, { ideal: { bank: "bunq" } });
    const delivered = await deliver({ types: ["checkout.session.completed"] });
    expect(delivered[0]?.event).toMatchObject({
      type: "setup.succeeded",
      paymentMethod: { id: outcome.paymentMethodId, type: "sepa_debit", label: "bunq •••• 5521 (SEPA)" },
    });
  });

  it("a declined card: setup_intent.setup_failed is setup.failed; after a retry on the page it announces the success", async () => {
    const customerId = await h.customer();
    const session = await h.gateway.createSetupSession({ customerId, ...urls, metadata: { purpose: "test" }, idempotencyKey: "s" });
    h.fake.control.completeCheckout(session.id, { card: "pm_card_visa_chargeDeclined" });
    const failed = await deliver();
    expect(translatedOnly(failed)).toEqual([["setup_intent.setup_failed", "setup.failed"]]);
    expect(failed.find((d) => d.event)?.event).toMatchObject({
      type: "setup.failed",
      session: { id: session.id, status: "open" },
      failure: { code: "card_declined", declineCode: "generic_decline" },
    });

    // The same failure delivered again after the customer succeeded with another card: out of date.
    h.fake.control.completeCheckout(session.id, { card: "pm_card_visa" });
    const failedEvent = h.fake.control.events().find((e) => e.type === "setup_intent.setup_failed");
    const late = await translateStripeEvent(failedEvent?.json as unknown as Stripe.Event, h.gateway.client);
    expect(late).toMatchObject({ id: failedEvent?.id, type: "setup.succeeded" });
  });

  it("checkout.session.expired is session.expired", async () => {
    const customerId = await h.customer();
    const session = await h.gateway.createSetupSession({ customerId, ...urls, metadata: { purpose: "test" }, idempotencyKey: "s" });
    h.fake.control.advanceTime(24 * 3_600_000);
    h.fake.control.runDue();
    const delivered = await deliver({ types: ["checkout.session.expired"] });
    expect(delivered[0]?.event).toMatchObject({ type: "session.expired", session: { id: session.id, status: "expired" }, metadata: { purpose: "test" } });
  });
});

describe("payments", () => {
  it("off-session success: payment_intent.succeeded is payment.succeeded; created/charge events are ignored", async () => {
    const { customerId, method } = await savedCard();
    h.fake.control.webhooks.clear();
    const result = await charge(customerId, method.id);
    const delivered = await deliver();
    expect(pairs(delivered)).toEqual([
      ["payment_intent.created", null],
      ["charge.succeeded", null],
      ["payment_intent.succeeded", "payment.succeeded"],
    ]);
    expect(delivered[2]?.event).toMatchObject({
      type: "payment.succeeded",
      metadata: { purpose: "pledge", pledgeId: "p1" },
      payment: { id: result.paymentId, status: "succeeded", offSession: true, sessionId: null },
    });
    if (delivered[2]?.event?.type === "payment.succeeded") expect(delivered[2].event.payment).toEqual(result.payment);
  });

  it("a decline is payment.failed; authentication_required is payment.requires_action", async () => {
    const declined = await savedCard("pm_card_chargeCustomerFail");
    const sca = await savedCard("pm_card_authenticationRequired");
    h.fake.control.webhooks.clear();
    await charge(declined.customerId, declined.method.id, "a");
    await charge(sca.customerId, sca.method.id, "b");
    const delivered = await deliver({ types: ["payment_intent.payment_failed"] });
    expect(delivered.map((d) => d.event?.type)).toEqual(["payment.failed", "payment.requires_action"]);
    expect(delivered[0]?.event).toMatchObject({ failure: { code: "card_declined", declineCode: "generic_decline" } });
    expect(delivered[1]?.event).toMatchObject({ payment: { status: "requires_action", nextActionUrl: expect.stringContaining("/pay/stripe/confirm/") } });
  });

  it("payment_intent.requires_action (the customer confirming on our page) is payment.requires_action, then success", async () => {
    const { customerId, method } = await savedCard("pm_card_authenticationRequired");
    const result = await charge(customerId, method.id);
    h.fake.control.webhooks.clear();
    await h.gateway.startAuthentication(result.paymentId ?? "");
    const waiting = await deliver();
    expect(translatedOnly(waiting)).toEqual([["payment_intent.requires_action", "payment.requires_action"]]);
    h.fake.control.completeAuthentication(result.paymentId ?? "", true);
    expect(translatedOnly(await deliver())).toEqual([["payment_intent.succeeded", "payment.succeeded"]]);
  });

  it("SEPA: payment_intent.processing is payment.processing until the bank settles it", async () => {
    const customerId = await h.customer();
    const method = await h.save(customerId, { ideal: {} });
    h.fake.control.webhooks.clear();
    await charge(customerId, method?.id ?? "");
    expect(translatedOnly(await deliver())).toEqual([["payment_intent.processing", "payment.processing"]]);
    h.fake.control.runDue();
    expect(translatedOnly(await deliver())).toEqual([["payment_intent.succeeded", "payment.succeeded"]]);
  });

  it("a Checkout payment: its PaymentIntent's events carry it (the session's completed event is ignored)", async () => {
    const customerId = await h.customer();
    const session = await h.gateway.createPaymentSession({
      customerId,
      amountCents: 1_000,
      description: "Pledge",
      ...urls,
      metadata: { purpose: "pledge", pledgeId: "p3" },
      idempotencyKey: "k",
    });
    h.fake.control.webhooks.clear();
    h.fake.control.completeCheckout(session.id, { card: "pm_card_visa" });
    const delivered = await deliver();
    expect(translatedOnly(delivered)).toEqual([["payment_intent.succeeded", "payment.succeeded"]]);
    expect(only(delivered, "checkout.session.completed")[0]?.event).toBeNull();
    expect(delivered.find((d) => d.event)?.event).toMatchObject({
      metadata: { purpose: "pledge", pledgeId: "p3" },
      payment: { sessionId: session.id, offSession: false },
    });
  });

  it("a Checkout payment abandoned when its page expires: payment.failed (session_expired) and session.expired", async () => {
    const customerId = await h.customer();
    const session = await h.gateway.createPaymentSession({
      customerId,
      amountCents: 1_000,
      description: "Pledge",
      ...urls,
      metadata: { purpose: "test" },
      idempotencyKey: "k",
    });
    const attempt = h.fake.control.completeCheckout(session.id, { card: "pm_card_chargeCustomerFail" });
    h.fake.control.webhooks.clear();
    h.fake.control.advanceTime(24 * 3_600_000);
    h.fake.control.runDue();
    const delivered = await deliver();
    expect(pairs(delivered)).toEqual([
      ["payment_intent.canceled", "payment.failed"],
      ["checkout.session.expired", "session.expired"],
    ]);
    expect(delivered[0]?.event).toMatchObject({
      payment: { id: attempt.paymentIntentId, status: "failed", cancellationReason: null },
      failure: { code: "card_declined" },
    });
    // Left on the 3-D Secure step (no decline to report): the failure says the page expired.
    const quiet = await h.gateway.createPaymentSession({
      customerId,
      amountCents: 1_000,
      description: "Pledge",
      ...urls,
      metadata: { purpose: "test" },
      idempotencyKey: "k2",
    });
    const pending = h.fake.control.completeCheckout(quiet.id, { card: "pm_card_authenticationRequired", authenticate: "leave" });
    expect(await h.gateway.getPayment(pending.paymentIntentId ?? "")).toMatchObject({ status: "requires_action", nextActionUrl: null });
    h.fake.control.advanceTime(24 * 3_600_000);
    h.fake.control.runDue();
    expect(await h.gateway.getPayment(pending.paymentIntentId ?? "")).toMatchObject({
      status: "failed",
      lastFailure: { code: "session_expired" },
      cancellationReason: null,
    });
  });

  it("objects without our purpose (made elsewhere) are ignored", async () => {
    const customerId = await h.customer();
    h.fake.control.webhooks.clear();
    await h.gateway.client.sdk.paymentIntents.create({
      amount: 700,
      currency: "eur",
      customer: customerId,
      payment_method: "pm_card_visa",
      confirm: true,
      return_url: "https://example.com",
    });
    expect(translatedOnly(await deliver())).toEqual([]);
  });
});

describe("holds", () => {
  it("placed, captured in part, and released", async () => {
    const { customerId, method } = await savedCard();
    h.fake.control.webhooks.clear();
    const a = await hold(customerId, method.id, "a");
    expect(translatedOnly(await deliver())).toEqual([["payment_intent.amount_capturable_updated", "hold.placed"]]);
    await h.gateway.captureHold({ paymentId: a.paymentId ?? "", amountCents: 1_200, idempotencyKey: "c" });
    const captured = await deliver();
    expect(translatedOnly(captured)).toEqual([["payment_intent.succeeded", "hold.captured"]]);
    expect(captured.find((d) => d.event)?.event).toMatchObject({
      type: "hold.captured",
      capturedCents: 1_200,
      releasedCents: 3_800,
      metadata: { purpose: "deposit", loanId: "l1" },
    });

    const b = await hold(customerId, method.id, "b");
    await h.gateway.releaseHold({ paymentId: b.paymentId ?? "", idempotencyKey: "r" });
    const released = await deliver({ types: ["payment_intent.canceled"] });
    expect(released[0]?.event).toMatchObject({ type: "hold.released", reason: "requested", payment: { status: "canceled" } });
  });

  it("a hold left for 7 days: hold.released with reason expired", async () => {
    const { customerId, method } = await savedCard();
    await hold(customerId, method.id);
    h.fake.control.advanceTime(7 * 86_400_000 + 1_000);
    h.fake.control.runDue();
    const delivered = await deliver({ types: ["payment_intent.canceled", "charge.expired"] });
    expect(pairs(delivered)).toEqual([
      ["charge.expired", null],
      ["payment_intent.canceled", "hold.released"],
    ]);
    expect(delivered[1]?.event).toMatchObject({ reason: "expired", payment: { cancellationReason: "expired" } });
  });
});

describe("refunds", () => {
  it("a card refund: refund.created and charge.refunded are refund.succeeded with the refund's own metadata", async () => {
    const { customerId, method } = await savedCard();
    const paid = await charge(customerId, method.id);
    h.fake.control.webhooks.clear();
    const result = await h.gateway.refund({
      paymentId: paid.paymentId ?? "",
      amountCents: 500,
      reason: "Too much",
      metadata: { purpose: "pledge", pledgeId: "p1", refund: "1" },
      idempotencyKey: "r",
    });
    const delivered = await deliver();
    expect(pairs(delivered)).toEqual([
      ["refund.created", "refund.succeeded"],
      ["charge.refunded", "refund.succeeded"],
    ]);
    for (const d of delivered) {
      expect(d.event).toMatchObject({
        type: "refund.succeeded",
        metadata: { purpose: "pledge", pledgeId: "p1", refund: "1" },
        refund: { id: result.ok ? result.refund.id : "", amountCents: 500, reason: "Too much" },
      });
    }
  });

  it("a SEPA refund is announced once it settled (refund.updated, charge.refund.updated)", async () => {
    const customerId = await h.customer();
    const method = await h.save(customerId, { ideal: {} });
    const paid = await charge(customerId, method?.id ?? "");
    h.fake.control.runDue();
    await h.gateway.refund({ paymentId: paid.paymentId ?? "", metadata: { purpose: "test" }, idempotencyKey: "r" });
    h.fake.control.webhooks.clear();
    h.fake.control.runDue();
    expect(pairs(await deliver())).toEqual([
      ["refund.updated", "refund.succeeded"],
      ["charge.refund.updated", "refund.succeeded"],
    ]);
  });

  it("a refund that fails later (pm_card_refundFail): refund.failed", async () => {
    const { customerId, method } = await savedCard("pm_card_refundFail");
    const paid = await charge(customerId, method.id);
    await h.gateway.refund({ paymentId: paid.paymentId ?? "", metadata: { purpose: "test" }, idempotencyKey: "r" });
    h.fake.control.runDue();
    const delivered = await deliver({ types: ["refund.failed", "charge.refund.updated"] });
    expect(delivered.map((d) => d.event?.type)).toEqual(["refund.failed", "refund.failed"]);
    expect(delivered[0]?.event).toMatchObject({ refund: { status: "failed" }, failure: { code: "expired_or_canceled_card" } });
  });
});

describe("disputes", () => {
  it("charge.dispute.created is dispute.opened, routed by the payment's metadata; closed won and lost", async () => {
    const { customerId, method } = await savedCard("pm_card_createDispute");
    const paid = await charge(customerId, method.id);
    const opened = await deliver({ types: ["charge.dispute.created", "charge.dispute.funds_withdrawn"] });
    expect(pairs(opened)).toEqual([
      ["charge.dispute.created", "dispute.opened"],
      ["charge.dispute.funds_withdrawn", null],
    ]);
    expect(opened[0]?.event).toMatchObject({
      type: "dispute.opened",
      metadata: { purpose: "pledge", pledgeId: "p1" },
      dispute: { paymentId: paid.paymentId, amountCents: 2_500, reason: "fraudulent", status: "open" },
    });
    const disputeId = opened[0]?.event?.type === "dispute.opened" ? opened[0].event.dispute.id : "";
    expect(disputeId).toMatch(/^dp_/);

    // Losing evidence through the API, as in Stripe test mode.
    await h.gateway.client.sdk.disputes.update(disputeId, { evidence: { uncategorized_text: "losing_evidence" }, submit: true });
    const closed = await deliver({ types: ["charge.dispute.closed"] });
    expect(closed[0]?.event).toMatchObject({ type: "dispute.closed", outcome: "lost", dispute: { status: "lost" } });

    const other = await savedCard("pm_card_createDispute");
    await charge(other.customerId, other.method.id, "k2");
    const second = await deliver({ types: ["charge.dispute.created"] });
    const secondId = second[0]?.event?.type === "dispute.opened" ? second[0].event.dispute.id : "";
    h.fake.control.closeDispute(secondId, "won");
    expect((await deliver({ types: ["charge.dispute.closed"] }))[0]?.event).toMatchObject({ type: "dispute.closed", outcome: "won" });
  });
});

describe("redelivery and order", () => {
  it("a redelivered event translates to the same event with the same id", async () => {
    const { customerId, method } = await savedCard();
    h.fake.control.webhooks.clear();
    await charge(customerId, method.id);
    const delivered = await deliver({ twice: true, types: ["payment_intent.succeeded"] });
    expect(delivered).toHaveLength(2);
    expect(delivered[0]?.event?.id).toBe(delivered[0]?.stripeId);
    expect(delivered[1]?.event).toEqual(delivered[0]?.event);
  });

  it("out of order: a SEPA debit's processing event that arrives after it settled announces the success", async () => {
    const customerId = await h.customer();
    const method = await h.save(customerId, { ideal: {} });
    h.fake.control.webhooks.clear();
    const debit = await charge(customerId, method?.id ?? "");
    h.fake.control.runDue();
    const delivered = await deliver({ order: "reverse", types: ["payment_intent.processing", "payment_intent.succeeded"] });
    expect(pairs(delivered)).toEqual([
      ["payment_intent.succeeded", "payment.succeeded"],
      ["payment_intent.processing", "payment.succeeded"],
    ]);
    // Each keeps its own Stripe event id: the app records both, and its handler sees "already charged".
    expect(new Set(delivered.map((d) => d.event?.id))).toEqual(new Set(delivered.map((d) => d.stripeId)));
    expect(delivered[1]?.event).toMatchObject({ payment: { id: debit.paymentId, status: "succeeded" } });
  });

  it("out of order: hold.placed after the capture is the capture; a Checkout decline after the success is the success", async () => {
    const { customerId, method } = await savedCard();
    h.fake.control.webhooks.clear();
    const held = await hold(customerId, method.id);
    await h.gateway.captureHold({ paymentId: held.paymentId ?? "", idempotencyKey: "c" });
    expect((await deliver({ types: ["payment_intent.amount_capturable_updated"] }))[0]?.event?.type).toBe("hold.captured");
    h.fake.control.webhooks.clear();

    const session = await h.gateway.createPaymentSession({
      customerId,
      amountCents: 1_500,
      description: "x",
      ...urls,
      metadata: { purpose: "test" },
      idempotencyKey: "k",
    });
    h.fake.control.completeCheckout(session.id, { card: "pm_card_chargeCustomerFail" });
    h.fake.control.completeCheckout(session.id, { card: "pm_card_visa" });
    const delivered = await deliver({ order: "shuffle", seed: 7, types: ["payment_intent.payment_failed", "payment_intent.succeeded"] });
    expect(delivered.map((d) => d.event?.type)).toEqual(["payment.succeeded", "payment.succeeded"]);
  });

  it("out of order: a dispute's created event after it closed is dispute.closed", async () => {
    const { customerId, method } = await savedCard("pm_card_createDispute");
    await charge(customerId, method.id);
    const created = h.fake.control.events().find((e) => e.type === "charge.dispute.created");
    h.fake.control.closeDispute(String((created?.json.data as { object: { id: string } }).object.id), "won");
    expect((await deliver({ types: ["charge.dispute.created"] }))[0]?.event).toMatchObject({ type: "dispute.closed", outcome: "won" });
  });

  it("when Stripe cannot be reached the translation throws unavailable (the route answers 5xx; Stripe retries)", async () => {
    const { customerId, method } = await savedCard();
    await charge(customerId, method.id);
    const event = h.fake.control.events().find((e) => e.type === "payment_intent.succeeded");
    h.fake.control.failNext(1);
    const error = await translateStripeEvent(event?.json as unknown as Stripe.Event, h.gateway.client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).code).toBe("unavailable");
  });
});

describe("Connect: accounts and payouts (docs/decisions/053)", () => {
  async function verifiedAccount() {
    const account = await h.gateway.createConnectedAccount({
      email: "iris@example.nl",
      metadata: { purpose: "payout", userId: "u1" },
      idempotencyKey: "acct:u1",
    });
    h.fake.control.completeOnboarding(account.id);
    return account;
  }
  const pay = (accountId: string, key = "payout:p1:1") =>
    h.gateway.createPayout({
      accountId,
      amountCents: 18_450,
      description: "Buurtkracht: Moestuin",
      metadata: { purpose: "payout", payoutId: "po1", projectId: "p1" },
      idempotencyKey: key,
    });

  it("account.updated, payout.created/updated/paid become account.updated, payout.in_transit and payout.paid, each by the object's state now", async () => {
    const account = await verifiedAccount();
    const made = await pay(account.id);
    if (!made.ok) throw new Error(made.error);
    const first = (await deliver()).filter((d) => d.event);
    expect(translatedOnly(first)).toEqual([
      ["account.updated", "account.updated"],
      ["payout.created", "payout.in_transit"],
    ]);
    expect(first[0]?.event).toMatchObject({
      metadata: { purpose: "payout", userId: "u1" },
      account: { id: account.id, status: "verified", bankLast4: "5264" },
    });
    expect(first[1]?.event).toMatchObject({
      metadata: { purpose: "payout", payoutId: "po1", projectId: "p1" },
      payout: { id: made.payout.id, status: "in_transit" },
    });
    h.fake.control.settlePayout(made.payout.id, "paid");
    // Twice and newest first: every one announces the payout as it is now.
    const later = await deliver({ twice: true, order: "reverse" });
    expect(translatedOnly(later)).toEqual([
      ["payout.paid", "payout.paid"],
      ["payout.paid", "payout.paid"],
      ["payout.updated", "payout.paid"],
      ["payout.updated", "payout.paid"],
    ]);
    expect(later[0]?.event).toMatchObject({ payout: { id: made.payout.id, amountCents: 18_450, accountId: account.id, transferId: made.payout.transferId } });
    // The adapter's own metadata key stays hidden.
    expect(Object.keys((later[0]?.event as { metadata: Record<string, string> }).metadata).sort()).toEqual(["payoutId", "projectId", "purpose"]);
  });

  it("payout.failed becomes payout.failed with the bank's code; a late payout.created for it too", async () => {
    const account = await verifiedAccount();
    const made = await pay(account.id, "payout:p1:2");
    if (!made.ok) throw new Error(made.error);
    h.fake.control.settlePayout(made.payout.id, "failed");
    const delivered = await deliver({ types: ["payout.created", "payout.failed"] });
    expect(translatedOnly(delivered)).toEqual([
      ["payout.created", "payout.failed"],
      ["payout.failed", "payout.failed"],
    ]);
    expect(delivered[1]?.event).toMatchObject({ failure: { code: "account_closed" } });
  });
});

afterAll(() => {
  // Every Stripe type of the mapping was translated somewhere in this file, and every GatewayEvent
  // type came out of it — so a type dropped from the translation fails here.
  const translated = new Set(seen.keys());
  expect(translatedStripeEventTypes.filter((t) => !translated.has(t))).toEqual([]);
  const produced = new Set([...seen.values()].flatMap((s) => [...s]));
  expect([...gatewayEventTypes, ...gatewayDisputeEventTypes].filter((t) => !produced.has(t))).toEqual([]);
});
