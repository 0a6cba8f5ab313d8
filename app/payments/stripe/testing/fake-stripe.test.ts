import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonical, parseForm } from "./fake-form";
import { type FakeStripe, startFakeStripe } from "./fake-stripe.server";
import { FEE_TABLE, feeCents } from "./fake-tables";

/**
 * The fake Stripe server's own behaviour, where the adapter's contract tests do not reach it:
 * Stripe's encoding, error shapes, idempotency rules, expansion, pagination, test cards and
 * e-mails, fees, Connect, and webhook delivery over HTTP.
 */

let fake: FakeStripe;
let stripe: Stripe;
beforeEach(async () => {
  fake = await startFakeStripe();
  stripe = new Stripe("sk_test_fake", { ...fake.client, telemetry: false, maxNetworkRetries: 0 });
});
afterEach(async () => fake?.close());

async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: "Bearer sk_test_fake", "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as { error?: Record<string, unknown> } & Record<string, unknown> };
}

async function attached(card: string) {
  const customer = await stripe.customers.create({ email: "eva@example.nl", name: "Eva" });
  const pm = await stripe.paymentMethods.attach(card, { customer: customer.id });
  return { customer, pm };
}

describe("Stripe's form encoding", () => {
  it("parses nested keys and indexed arrays like stripe-node writes them", () => {
    expect(
      parseForm("a=1&metadata[purpose]=pledge&expand[0]=x&expand[1]=y&line_items[0][price_data][currency]=eur&line_items[0][quantity]=1&s=a%20b%26c&e="),
    ).toEqual({
      a: "1",
      metadata: { purpose: "pledge" },
      expand: ["x", "y"],
      line_items: [{ price_data: { currency: "eur" }, quantity: "1" }],
      s: "a b&c",
      e: "",
    });
    expect(parseForm("expand[]=a&expand[]=b")).toEqual({ expand: ["a", "b"] });
    expect(canonical(parseForm("b=2&a[y]=1&a[x]=0"))).toBe(canonical(parseForm("a[x]=0&a[y]=1&b=2")));
  });
});

describe("errors", () => {
  it("Stripe's JSON error shape and status codes", async () => {
    const missing = await raw("GET", "/v1/payment_intents/pi_nope");
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({
      type: "invalid_request_error",
      code: "resource_missing",
      param: "intent",
      message: "No such payment_intent: 'pi_nope'",
    });
    expect(missing.headers.get("request-id")).toMatch(/^req_/);

    expect((await raw("GET", "/v1/customers/cus_x", undefined, { authorization: "" })).status).toBe(401);
    expect((await raw("GET", "/v1/customers/cus_x", undefined, { authorization: "Bearer sk_live_123456789" })).status).toBe(401);
    expect((await raw("GET", "/v1/nothing_here")).status).toBe(404);
    const bad = await raw("POST", "/v1/payment_intents", "amount=10&currency=eur");
    expect(bad).toMatchObject({ status: 400, json: { error: { type: "invalid_request_error", code: "amount_too_small", param: "amount" } } });
  });

  it("the SDK raises the matching error classes", async () => {
    await expect(stripe.paymentIntents.retrieve("pi_nope")).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const { customer, pm } = await attached("pm_card_chargeCustomerFail");
    const declined = await stripe.paymentIntents
      .create({ amount: 1_000, currency: "eur", customer: customer.id, payment_method: pm.id, off_session: true, confirm: true })
      .catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({
      code: "card_declined",
      decline_code: "generic_decline",
      statusCode: 402,
      payment_intent: { status: "requires_payment_method" },
    });
    fake.control.failNext(1);
    await expect(stripe.customers.retrieve(customer.id)).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
  });

  it("parameters this API version removed are unknown (payment_method_types)", async () => {
    const error = await raw("POST", "/v1/payment_intents", "amount=1000&currency=eur&payment_method_types[0]=card");
    expect(error.json.error).toMatchObject({ code: "parameter_unknown", param: "payment_method_types" });
  });
});

describe("idempotency keys", () => {
  it("same key and parameters: the stored answer (marked as a replay); other parameters or endpoint: idempotency_error", async () => {
    const first = await raw("POST", "/v1/customers", "email=a%40b.nl&name=A", { "idempotency-key": "k1" });
    const again = await raw("POST", "/v1/customers", "name=A&email=a%40b.nl", { "idempotency-key": "k1" });
    expect(again.json.id).toBe(first.json.id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await raw("POST", "/v1/customers", "email=a%40b.nl&name=B", { "idempotency-key": "k1" });
    expect(other.status).toBe(400);
    expect(other.json.error).toMatchObject({ type: "idempotency_error" });
    expect((await raw("POST", "/v1/payment_intents", "email=a%40b.nl&name=A", { "idempotency-key": "k1" })).json.error).toMatchObject({
      type: "idempotency_error",
    });
    await expect(stripe.customers.create({ name: "B" }, { idempotencyKey: "k1" })).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("a decline is stored like any answer; a request that failed validation is not (it can be corrected)", async () => {
    const { customer, pm } = await attached("pm_card_chargeCustomerFail");
    const body = `amount=1000&currency=eur&customer=${customer.id}&payment_method=${pm.id}&off_session=true&confirm=true`;
    const a = await raw("POST", "/v1/payment_intents", body, { "idempotency-key": "d" });
    const b = await raw("POST", "/v1/payment_intents", body, { "idempotency-key": "d" });
    expect([a.status, b.status]).toEqual([402, 402]);
    expect(b.json).toEqual(a.json);
    expect(fake.control.events().filter((e) => e.type === "payment_intent.created")).toHaveLength(1);

    expect((await raw("POST", "/v1/payment_intents", "amount=10&currency=eur", { "idempotency-key": "v" })).status).toBe(400);
    expect((await raw("POST", "/v1/payment_intents", "amount=1000&currency=eur", { "idempotency-key": "v" })).status).toBe(200);
  });

  it("an injected 500 stores nothing: the same key then runs the request", async () => {
    fake.control.failNext(1);
    expect((await raw("POST", "/v1/customers", "name=A", { "idempotency-key": "f" })).status).toBe(500);
    const ok = await raw("POST", "/v1/customers", "name=A", { "idempotency-key": "f" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("idempotent-replayed")).toBeNull();
    expect(fake.requests.map((r) => [r.status, r.injected])).toEqual([
      [500, true],
      [200, false],
    ]);
  });
});

describe("objects", () => {
  it("expansion: ids become objects, null stays null, other fields cannot be expanded", async () => {
    const { customer, pm } = await attached("pm_card_nl");
    const pi = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: "eur",
      customer: customer.id,
      payment_method: pm.id,
      off_session: true,
      confirm: true,
      expand: ["latest_charge.balance_transaction", "payment_method"],
    });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.id).toMatch(/^ch_/);
    expect((charge.balance_transaction as Stripe.BalanceTransaction).id).toMatch(/^txn_/);
    expect((pi.payment_method as Stripe.PaymentMethod).card?.last4).toBe("0002");
    const setup = await stripe.checkout.sessions.create({
      mode: "setup",
      currency: "eur",
      customer: customer.id,
      success_url: "https://x.test",
      expand: ["setup_intent"],
    });
    expect(setup.setup_intent).toBeNull();
    await expect(stripe.paymentIntents.retrieve(pi.id, { expand: ["amount"] })).rejects.toThrow(/cannot be expanded/);
  });

  it("lists are newest first and paginate with starting_after (the SDK's auto-pagination reads them all)", async () => {
    const customer = await stripe.customers.create({ name: "Eva" });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id })).id);
    const page = await stripe.paymentMethods.list({ customer: customer.id, limit: 2 });
    expect(page).toMatchObject({ object: "list", has_more: true });
    expect(page.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const all: string[] = [];
    for await (const p of stripe.paymentMethods.list({ customer: customer.id, limit: 2 })) all.push(p.id);
    expect(all).toEqual([...ids].reverse());
  });

  it("test cards: tokens make new methods; a declining card cannot be attached; a detached method cannot be used again", async () => {
    const customer = await stripe.customers.create({ name: "Eva" });
    const a = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const b = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    expect(a.id).not.toBe(b.id);
    expect(a).toMatchObject({ type: "card", customer: customer.id, card: { brand: "visa", last4: "4242" } });
    await expect(stripe.paymentMethods.attach("pm_card_visa_chargeDeclined", { customer: customer.id })).rejects.toMatchObject({
      type: "StripeCardError",
      code: "card_declined",
    });
    await expect(stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id })).resolves.toMatchObject({ card: { last4: "0341" } });
    await stripe.paymentMethods.detach(a.id);
    await expect(stripe.paymentMethods.attach(a.id, { customer: customer.id })).rejects.toThrow(/may not be used again/);
    await expect(stripe.paymentIntents.create({ amount: 1_000, currency: "eur", payment_method: a.id, confirm: true })).rejects.toThrow(
      /may not be used again/,
    );
    await expect(stripe.paymentMethods.detach(a.id)).rejects.toThrow(/not attached/);
  });

  it("SEPA test e-mails: Delayed settles after three minutes, Disputed opens a dispute", async () => {
    const customer = await stripe.customers.create({ name: "Eva", email: "eva@example.nl" });
    const sessionFor = async (email: string) => {
      const s = await stripe.checkout.sessions.create({ mode: "setup", currency: "eur", customer: customer.id, success_url: "https://x.test" });
      return fake.control.completeCheckout(s.id, { ideal: { bank: "ing", email } }).paymentMethodId ?? "";
    };
    const delayed = await sessionFor("x_generatedSepaDebitIntentsSucceedDelayed@example.com");
    const disputed = await sessionFor("generatedSepaDebitIntentsSucceedDisputed@example.com");
    const debit = (pm: string) =>
      stripe.paymentIntents.create({ amount: 1_000, currency: "eur", customer: customer.id, payment_method: pm, off_session: true, confirm: true });
    const d1 = await debit(delayed);
    const d2 = await debit(disputed);
    expect([d1.status, d2.status]).toEqual(["processing", "processing"]);
    fake.control.runDue();
    expect((await stripe.paymentIntents.retrieve(d1.id)).status).toBe("processing");
    expect((await stripe.paymentIntents.retrieve(d2.id)).status).toBe("succeeded");
    expect(fake.control.events().filter((e) => e.type === "charge.dispute.created")).toHaveLength(1);
    fake.control.advanceTime(180_000);
    fake.control.runDue();
    expect((await stripe.paymentIntents.retrieve(d1.id)).status).toBe("succeeded");
  });

  it("Checkout offers what is eligible: no iDEAL for a hold", async () => {
    const customer = await stripe.customers.create({ name: "Eva" });
    const s = await stripe.checkout.sessions.create({
      mode: "payment",
      customer: customer.id,
      allowed_payment_method_types: ["card", "ideal"],
      line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 1_000, product_data: { name: "x" } } }],
      payment_intent_data: { capture_method: "manual" },
      success_url: "https://x.test",
    });
    expect(s.payment_method_types).toEqual(["card"]);
    await expect(
      stripe.checkout.sessions.create({
        mode: "payment",
        allowed_payment_method_types: ["ideal"],
        line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 1_000, product_data: { name: "x" } } }],
        payment_intent_data: { capture_method: "manual" },
      }),
    ).rejects.toThrow(/No valid payment method types/);
  });
});

describe("fees (balance transactions)", () => {
  async function feeOf(card: string, amount: number) {
    const { customer, pm } = await attached(card);
    const pi = await stripe.paymentIntents.create({
      amount,
      currency: "eur",
      customer: customer.id,
      payment_method: pm.id,
      off_session: true,
      confirm: true,
      expand: ["latest_charge"],
    });
    const txn = await stripe.balanceTransactions.retrieve(String((pi.latest_charge as Stripe.Charge).balance_transaction));
    return { fee: txn.fee, net: txn.net, type: txn.type, source: txn.source };
  }

  it.each([
    ["pm_card_nl", 10_000, 175],
    ["pm_card_gb", 10_000, 275],
    ["pm_card_visa", 10_000, 350],
    ["pm_card_nl", 1_234, 44],
  ])("%s on %i cents costs %i cents", async (card, amount, fee) => {
    expect(await feeOf(card, amount)).toMatchObject({ fee, net: amount - fee, type: "charge" });
  });

  it("the table: EEA cards 1.5% + €0.25, SEPA €0.35, iDEAL €0.29", () => {
    expect(feeCents("card_eea", 10_000)).toBe(175);
    expect(feeCents("sepa_debit", 10_000)).toBe(35);
    expect(feeCents("ideal", 10_000)).toBe(29);
    expect(Object.keys(FEE_TABLE)).toEqual(["card_eea", "card_uk", "card_international", "ideal", "sepa_debit"]);
  });

  it("a SEPA debit's fee once it settled; refunds cost nothing", async () => {
    const customer = await stripe.customers.create({ name: "Eva" });
    const s = await stripe.checkout.sessions.create({ mode: "setup", currency: "eur", customer: customer.id, success_url: "https://x.test" });
    const pm = fake.control.completeCheckout(s.id, { ideal: {} }).paymentMethodId ?? "";
    const pi = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: "eur",
      customer: customer.id,
      payment_method: pm,
      off_session: true,
      confirm: true,
    });
    fake.control.runDue();
    const charge = await stripe.charges.retrieve(String((await stripe.paymentIntents.retrieve(pi.id)).latest_charge), { expand: ["balance_transaction"] });
    expect(charge.id).toMatch(/^py_/);
    expect(charge.balance_transaction).toMatchObject({ fee: 35, type: "payment" });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1_000 });
    fake.control.runDue();
    const settled = await stripe.refunds.retrieve(refund.id);
    expect(settled.status).toBe("succeeded");
    expect(await stripe.balanceTransactions.retrieve(String(settled.balance_transaction))).toMatchObject({ amount: -1_000, fee: 0, type: "refund" });
  });
});

describe("Connect basics (for payouts)", () => {
  it("an Express account, its onboarding link, and transfers once it can receive them", async () => {
    const account = await stripe.accounts.create({
      type: "express",
      country: "NL",
      email: "tuin@example.nl",
      capabilities: { transfers: { requested: true } },
    });
    expect(account).toMatchObject({
      object: "account",
      type: "express",
      country: "NL",
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      capabilities: { transfers: "inactive" },
    });
    expect(account.id).toMatch(/^acct_/);
    const link = await stripe.accountLinks.create({
      account: account.id,
      refresh_url: "https://x.test/refresh",
      return_url: "https://x.test/return",
      type: "account_onboarding",
    });
    expect(link).toMatchObject({ object: "account_link", url: expect.stringContaining(account.id) });
    expect(link.expires_at - link.created).toBe(300);

    await expect(stripe.transfers.create({ amount: 1_000, currency: "eur", destination: account.id })).rejects.toThrow(/capabilities/);
    fake.control.completeOnboarding(account.id);
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({ charges_enabled: true, payouts_enabled: true, capabilities: { transfers: "active" } });

    const { customer, pm } = await attached("pm_card_nl");
    const pi = await stripe.paymentIntents.create({
      amount: 5_000,
      currency: "eur",
      customer: customer.id,
      payment_method: pm.id,
      off_session: true,
      confirm: true,
      transfer_group: "project:p1",
    });
    const transfer = await stripe.transfers.create({
      amount: 4_000,
      currency: "eur",
      destination: account.id,
      transfer_group: "project:p1",
      source_transaction: String(pi.latest_charge),
      metadata: { projectId: "p1" },
    });
    expect(transfer).toMatchObject({
      object: "transfer",
      amount: 4_000,
      destination: account.id,
      transfer_group: "project:p1",
      reversed: false,
      metadata: { projectId: "p1" },
    });
    expect(transfer.id).toMatch(/^tr_/);
    expect(await stripe.balanceTransactions.retrieve(String(transfer.balance_transaction))).toMatchObject({ amount: -4_000, fee: 0, type: "transfer" });
    await expect(
      stripe.transfers.create({ amount: 6_000, currency: "eur", destination: account.id, source_transaction: String(pi.latest_charge) }),
    ).rejects.toThrow(/exceeds/);
    expect((await stripe.transfers.retrieve(transfer.id)).id).toBe(transfer.id);
  });
});

describe("webhook delivery over HTTP", () => {
  it("POSTs signed events; an endpoint that fails keeps them queued, as Stripe retries", async () => {
    const received: { body: string; signature: string }[] = [];
    let answer = 500;
    const endpoint = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ body, signature: String(req.headers["stripe-signature"]) });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhooks/stripe`;
    try {
      await stripe.customers.create({ name: "Eva" });
      expect((await fake.control.webhooks.deliver({ url })).map((r) => r.status)).toEqual([500]);
      expect(fake.control.webhooks.pending()).toHaveLength(1);
      answer = 200;
      expect((await fake.control.webhooks.deliver({ url }, { twice: true })).map((r) => r.status)).toEqual([200, 200]);
      expect(fake.control.webhooks.pending()).toHaveLength(0);
      const last = received.at(-1);
      const event = Stripe.webhooks.constructEvent(last?.body ?? "", last?.signature ?? "", fake.webhookSecret, 300);
      expect(event).toMatchObject({ type: "customer.created", api_version: "2026-10-28.endive", object: "event" });
      expect(received.map((r) => JSON.parse(r.body).id)).toEqual([event.id, event.id, event.id]);
    } finally {
      await new Promise((resolve) => endpoint.close(resolve));
    }
  });

  it("events carry the request and idempotency key that caused them", async () => {
    await stripe.customers.create({ name: "Eva" }, { idempotencyKey: "customer:1" });
    const [event] = fake.control.events();
    expect(event?.json.request).toMatchObject({ id: expect.stringMatching(/^req_/), idempotency_key: "customer:1" });
  });
});
