import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, truncateAll } from "../../test/db";
import { createTestServices, type TestServiceOptions } from "../../test/services";
import type { DatabaseHandle } from "../../utils/db.server";
import { type GatewayEvent, GatewayRequestError } from "../gateway";
import { CARD, authenticationToken, completeAuthentication, saveSepaMandate, saveTestCard } from "./testing.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

const START = new Date("2026-12-01T09:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;
const urls = { returnUrl: "http://buurtkracht.test/back", cancelUrl: "http://buurtkracht.test/cancel" };

function setup(options: TestServiceOptions = {}) {
  const t = createTestServices(database, { start: START, ...options });
  return { ...t, db: t.services.db };
}

async function customer(gateway: ReturnType<typeof setup>["gateway"], name = "Eva Visser") {
  const c = await gateway.createCustomer({
    email: `${name.split(" ")[0]!.toLowerCase()}@example.nl`,
    name,
    idempotencyKey: `customer:${name}:${Math.random()}`,
  });
  return c.id;
}

/** The events the app recorded (through applyGatewayEvent), oldest first. */
async function recorded(db: ReturnType<typeof setup>["db"]) {
  const rows = await db.selectFrom("gateway_events").select(["type", "object_id", "handled_by", "outcome", "payload"]).orderBy("id").execute();
  return rows.map((r) => ({ type: r.type, objectId: r.object_id, handledBy: r.handled_by, outcome: r.outcome, event: r.payload as GatewayEvent }));
}

describe("saving a payment method on the hosted setup page", () => {
  it.each([
    [CARD.succeeds, "saved", "Visa •••• 4242"],
    [CARD.mastercard, "saved", "Mastercard •••• 4444"],
    [CARD.declinesCharges, "saved", "Visa •••• 0341"],
    [CARD.declined, "declined", null],
  ] as const)("%s → %s", async (number, expected, label) => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const session = await gateway.createSetupSession({ customerId, ...urls, metadata: { purpose: "test", ref: "s1" }, idempotencyKey: "setup:1" });
    expect(session).toMatchObject({ mode: "setup", status: "open", url: `http://buurtkracht.test/pay/sim/${session.id}`, methods: ["card", "ideal"] });

    const result = await gateway.hosted.submitCard(session.id, { number, expMonth: 12, expYear: 2030, cvc: "123" });
    const methods = await gateway.listPaymentMethods(customerId);
    const events = await recorded(db);
    if (expected === "saved") {
      expect(result).toEqual({ ok: true, redirectTo: urls.returnUrl });
      expect(methods.map((m) => m.label)).toEqual([label]);
      expect(events).toMatchObject([{ type: "setup.succeeded", objectId: session.id, handledBy: "test", outcome: `saved ${label}` }]);
      expect(events[0]?.event.metadata).toEqual({ purpose: "test", ref: "s1" });
      expect((await gateway.getSession(session.id))?.status).toBe("complete");
    } else {
      expect(result).toEqual({ ok: false, field: "cardNumber", error: "payments.sim.error.declined" });
      expect(methods).toEqual([]);
      expect(events).toMatchObject([{ type: "setup.failed", outcome: "failed: card_declined (generic_decline)" }]);
      // The customer may try again with another card on the same page.
      expect(await gateway.hosted.submitCard(session.id, { number: CARD.succeeds, expMonth: 12, expYear: 2030, cvc: "123" })).toEqual({
        ok: true,
        redirectTo: urls.returnUrl,
      });
      expect((await recorded(db)).map((e) => e.type)).toEqual(["setup.failed", "setup.succeeded"]);
    }
  });

  it.each([CARD.authenticateAlways, CARD.authenticateSetup])("%s asks for 3-D Secure when saved: approve saves it", async (number) => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const session = await gateway.createSetupSession({ customerId, ...urls, metadata: { purpose: "test" }, idempotencyKey: "setup:3ds" });
    const result = await gateway.hosted.submitCard(session.id, { number, expMonth: 1, expYear: 2031, cvc: "999" });
    expect(result.ok && result.redirectTo).toMatch(/^http:\/\/buurtkracht\.test\/pay\/sim\/authenticate\/sa_sim_/);
    if (!result.ok) return;
    expect(await gateway.listPaymentMethods(customerId)).toEqual([]);
    expect(await recorded(db)).toEqual([]);
    const page = await gateway.hosted.getAuthenticationPage(authenticationToken(result.redirectTo));
    expect(page).toMatchObject({ kind: "card", mode: "setup", pending: true, methodLabel: `Visa •••• ${number.slice(-4)}` });

    expect(await completeAuthentication(gateway, result.redirectTo, true)).toEqual({ redirectTo: urls.returnUrl, approved: true });
    expect((await gateway.listPaymentMethods(customerId)).map((m) => m.card?.last4)).toEqual([number.slice(-4)]);
    expect((await recorded(db)).map((e) => e.type)).toEqual(["setup.succeeded"]);
    // Approving twice changes nothing.
    await completeAuthentication(gateway, result.redirectTo, true);
    expect(await gateway.listPaymentMethods(customerId)).toHaveLength(1);
    expect(await recorded(db)).toHaveLength(1);
  });

  it("a failed 3-D Secure check leaves the page open with the reason, and saves nothing", async () => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const session = await gateway.createSetupSession({ customerId, ...urls, metadata: { purpose: "test" }, idempotencyKey: "setup:3ds-fail" });
    const result = await gateway.hosted.submitCard(session.id, { number: CARD.authenticateAlways, expMonth: 1, expYear: 2031, cvc: "999" });
    if (!result.ok) throw new Error("expected a redirect");
    expect(await completeAuthentication(gateway, result.redirectTo, false)).toEqual({ redirectTo: session.url, approved: false });
    expect(await gateway.listPaymentMethods(customerId)).toEqual([]);
    expect(await recorded(db)).toMatchObject([{ type: "setup.failed", outcome: "failed: authentication_failed" }]);
    expect(await gateway.hosted.getCheckoutPage(session.id)).toMatchObject({ status: "open", error: "payments.sim.error.authenticationFailed" });
  });

  it("refuses unknown and expired cards without touching anything", async () => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const session = await gateway.createSetupSession({ customerId, ...urls, metadata: { purpose: "test" }, idempotencyKey: "setup:bad" });
    expect(await gateway.hosted.submitCard(session.id, { number: "4111 1111 1111 1111", expMonth: 12, expYear: 2030, cvc: "123" })).toEqual({
      ok: false,
      field: "cardNumber",
      error: "payments.sim.error.unknownTestCard",
    });
    expect(await gateway.hosted.submitCard(session.id, { number: CARD.succeeds, expMonth: 11, expYear: 2026, cvc: "123" })).toEqual({
      ok: false,
      field: "expiry",
      error: "payments.sim.error.expiredCard",
    });
    expect(await recorded(db)).toEqual([]);
    expect(await gateway.hosted.submitCard("cs_sim_doesnotexist", { number: CARD.succeeds, expMonth: 12, expYear: 2030, cvc: "123" })).toMatchObject({
      ok: false,
      error: "payments.sim.error.sessionClosed",
    });
  });

  it("iDEAL: choosing a bank and approving there saves a SEPA mandate", async () => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const session = await gateway.createSetupSession({ customerId, ...urls, methods: ["ideal"], metadata: { purpose: "test" }, idempotencyKey: "setup:ideal" });
    expect(await gateway.hosted.submitCard(session.id, { number: CARD.succeeds, expMonth: 12, expYear: 2030, cvc: "123" })).toMatchObject({
      ok: false,
      error: "payments.sim.error.methodNotOffered",
    });
    expect(await gateway.hosted.chooseBank(session.id, "nope")).toEqual({ ok: false, field: "bank", error: "payments.sim.error.unknownBank" });
    const chosen = await gateway.hosted.chooseBank(session.id, "rabobank");
    if (!chosen.ok) throw new Error("expected the bank page");
    expect(await gateway.hosted.getAuthenticationPage(authenticationToken(chosen.redirectTo))).toMatchObject({
      kind: "bank",
      methodLabel: "Rabobank",
      pending: true,
    });
    await completeAuthentication(gateway, chosen.redirectTo, true);
    const [method] = await gateway.listPaymentMethods(customerId);
    expect(method).toMatchObject({ type: "sepa_debit", card: null, sepaDebit: { bankName: "Rabobank", last4: "5264" } });
    expect(method?.sepaDebit?.mandateId).toMatch(/^mandate_sim_/);
    expect((await recorded(db)).map((e) => e.type)).toEqual(["setup.succeeded"]);
  });

  it("sessions expire after 24 hours", async () => {
    const { gateway, db, clock } = setup();
    const customerId = await customer(gateway);
    const session = await gateway.createSetupSession({ customerId, ...urls, metadata: { purpose: "test" }, idempotencyKey: "setup:expire" });
    clock.advance(DAY);
    expect((await gateway.hosted.getCheckoutPage(session.id))?.status).toBe("expired");
    expect(await gateway.hosted.submitCard(session.id, { number: CARD.succeeds, expMonth: 12, expYear: 2030, cvc: "123" })).toMatchObject({
      ok: false,
      error: "payments.sim.error.sessionClosed",
    });
    expect((await gateway.runDue(clock.now())).sessionsExpired).toBe(1);
    expect((await gateway.getSession(session.id))?.status).toBe("expired");
    expect((await recorded(db)).map((e) => e.type)).toEqual(["session.expired"]);
    expect((await gateway.runDue(clock.now())).sessionsExpired).toBe(0);
  });
});

describe("off-session charges", () => {
  it.each([
    [CARD.succeeds, "succeeded", "payment.succeeded"],
    [CARD.authenticateSetup, "succeeded", "payment.succeeded"],
    [CARD.declinesCharges, "failed", "payment.failed"],
    [CARD.authenticateAlways, "requires_action", "payment.requires_action"],
  ] as const)("a card saved as %s → %s", async (number, status, eventType) => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const method = await saveTestCard(gateway, { customerId, number });
    if (!method) throw new Error("card not saved");
    const before = (await recorded(db)).length; // only the charge's events from here
    const result = await gateway.chargeOffSession({
      customerId,
      paymentMethodId: method.id,
      amountCents: 2500,
      description: "Moestuin Indische Buurt",
      metadata: { purpose: "test", pledgeId: "pl-1" },
      idempotencyKey: "pledge:pl-1:charge:1",
      returnUrl: "http://buurtkracht.test/me/pledges/pl-1",
    });
    expect(result.status).toBe(status);
    const payment = await gateway.getPayment(result.paymentId!);
    expect(payment).toMatchObject({ status, amountCents: 2500, offSession: true, metadata: { purpose: "test", pledgeId: "pl-1" } });
    expect(payment?.amountReceivedCents).toBe(status === "succeeded" ? 2500 : 0);
    expect((await recorded(db)).slice(before).map((e) => e.type)).toEqual([eventType]);
    if (result.status === "failed") expect(result.failure).toMatchObject({ code: "card_declined", declineCode: "generic_decline" });
    if (result.status === "requires_action") {
      expect(payment?.lastFailure?.code).toBe("authentication_required");
      expect(result.actionUrl).toBe(payment?.nextActionUrl);
    }
  });

  it("3-D Secure on a charge: the customer approves at the action URL and lands on the return URL", async () => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const method = await saveTestCard(gateway, { customerId, number: CARD.authenticateAlways });
    const charge = (key: string) =>
      gateway.chargeOffSession({
        customerId,
        paymentMethodId: method!.id,
        amountCents: 1000,
        description: "x",
        metadata: { purpose: "test" },
        idempotencyKey: key,
        returnUrl: "http://buurtkracht.test/fixed",
      });
    const approved = await charge("c1");
    const failed = await charge("c2");
    if (approved.status !== "requires_action" || failed.status !== "requires_action") throw new Error("expected requires_action");
    expect(await gateway.hosted.getAuthenticationPage(authenticationToken(approved.actionUrl))).toMatchObject({
      kind: "card",
      mode: "payment",
      amountCents: 1000,
      pending: true,
    });

    expect(await completeAuthentication(gateway, approved.actionUrl, true)).toEqual({ redirectTo: "http://buurtkracht.test/fixed", approved: true });
    expect(await completeAuthentication(gateway, failed.actionUrl, false)).toEqual({ redirectTo: "http://buurtkracht.test/fixed", approved: false });
    expect(await gateway.getPayment(approved.paymentId)).toMatchObject({
      status: "succeeded",
      amountReceivedCents: 1000,
      nextActionUrl: null,
      lastFailure: null,
    });
    expect(await gateway.getPayment(failed.paymentId)).toMatchObject({ status: "failed", lastFailure: { code: "authentication_failed" } });
    const types = (await recorded(db)).map((e) => `${e.type}:${e.objectId === approved.paymentId ? "a" : e.objectId === failed.paymentId ? "f" : "-"}`);
    expect(types).toEqual(["setup.succeeded:-", "payment.requires_action:a", "payment.requires_action:f", "payment.succeeded:a", "payment.failed:f"]);
    // The page now says it is done; doing it again changes nothing.
    expect((await gateway.hosted.getAuthenticationPage(authenticationToken(approved.actionUrl)))?.pending).toBe(false);
    await completeAuthentication(gateway, approved.actionUrl, false);
    expect((await gateway.getPayment(approved.paymentId))?.status).toBe("succeeded");
  });

  it("SEPA: processing first, then the clock and the sweep settle it (or the bank returns it)", async () => {
    const { gateway, db, clock } = setup();
    const customerId = await customer(gateway);
    const good = await saveSepaMandate(gateway, { customerId, bank: "ing" });
    const bouncing = await saveSepaMandate(gateway, { customerId, bank: "test_bounce" });
    const ok = await gateway.chargeOffSession({
      customerId,
      paymentMethodId: good.id,
      amountCents: 5000,
      description: "x",
      metadata: { purpose: "test" },
      idempotencyKey: "sepa:1",
    });
    const bad = await gateway.chargeOffSession({
      customerId,
      paymentMethodId: bouncing.id,
      amountCents: 700,
      description: "x",
      metadata: { purpose: "test" },
      idempotencyKey: "sepa:2",
    });
    expect([ok.status, bad.status]).toEqual(["processing", "processing"]);

    clock.advance(2 * MINUTE);
    expect((await gateway.runDue(clock.now())).paymentsSettled).toBe(0);
    clock.advance(1 * MINUTE);
    expect((await gateway.runDue(clock.now())).paymentsSettled).toBe(2);
    expect(await gateway.getPayment(ok.paymentId!)).toMatchObject({ status: "succeeded", amountReceivedCents: 5000 });
    expect(await gateway.getPayment(bad.paymentId!)).toMatchObject({
      status: "failed",
      amountReceivedCents: 0,
      lastFailure: { code: "debit_failed", declineCode: "insufficient_funds" },
    });
    const events = (await recorded(db)).filter((e) => e.type.startsWith("payment."));
    expect(events.map((e) => `${e.type}:${e.objectId === ok.paymentId ? "ok" : "bad"}`)).toEqual([
      "payment.processing:ok",
      "payment.processing:bad",
      "payment.succeeded:ok",
      "payment.failed:bad",
    ]);
    expect((await gateway.runDue(clock.now())).paymentsSettled).toBe(0);
  });

  it("the same idempotency key returns the same result and never charges twice", async () => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const method = await saveTestCard(gateway, { customerId, number: CARD.succeeds });
    const input = {
      customerId,
      paymentMethodId: method!.id,
      amountCents: 1250,
      description: "x",
      metadata: { purpose: "test" as const },
      idempotencyKey: "pledge:p9:charge:1",
    };
    const first = await gateway.chargeOffSession(input);
    const second = await gateway.chargeOffSession(input);
    expect(second).toEqual(first);
    const [concurrentA, concurrentB] = await Promise.all([
      gateway.chargeOffSession({ ...input, idempotencyKey: "k:c" }),
      gateway.chargeOffSession({ ...input, idempotencyKey: "k:c" }),
    ]);
    expect(concurrentA.paymentId).toBe(concurrentB.paymentId);
    const payments = await db.selectFrom("sim_payments").select("id").where("customer_id", "=", customerId).execute();
    expect(payments).toHaveLength(2);
    expect((await recorded(db)).filter((e) => e.type === "payment.succeeded")).toHaveLength(2);
    // The same key for a different request is a programming error.
    await expect(gateway.chargeOffSession({ ...input, amountCents: 1251 })).rejects.toMatchObject({ code: "idempotency_key_reused" });
  });

  it("a lost response (the gateway acted, the caller never heard): retrying with the key charges once", async () => {
    let loseNext = true;
    const { gateway, db } = setup({
      gateway: {
        faults: {
          afterCommit: (operation) => {
            if (operation.startsWith("payment_intents") && loseNext) {
              loseNext = false;
              throw new GatewayRequestError("unavailable", "connection reset");
            }
          },
        },
      },
    });
    const customerId = await customer(gateway);
    const method = await saveTestCard(gateway, { customerId, number: CARD.succeeds });
    const input = {
      customerId,
      paymentMethodId: method!.id,
      amountCents: 999,
      description: "x",
      metadata: { purpose: "test" as const },
      idempotencyKey: "lost:1",
    };
    await expect(gateway.chargeOffSession(input)).rejects.toMatchObject({ code: "unavailable" });
    const retried = await gateway.chargeOffSession(input);
    expect(retried.status).toBe("succeeded");
    expect(await db.selectFrom("sim_payments").select("id").execute()).toHaveLength(1);
  });

  it("a network error before the request stores nothing; invalid requests throw and store nothing", async () => {
    let failNext = true;
    const { gateway, db } = setup({
      gateway: {
        faults: {
          beforeRequest: () => {
            if (failNext) {
              failNext = false;
              throw new GatewayRequestError("unavailable", "timeout");
            }
          },
        },
      },
    });
    await expect(gateway.createCustomer({ email: "a@b.nl", name: "A", idempotencyKey: "cus:1" })).rejects.toMatchObject({ code: "unavailable" });
    const customerId = (await gateway.createCustomer({ email: "a@b.nl", name: "A", idempotencyKey: "cus:1" })).id;
    const method = await saveTestCard(gateway, { customerId, number: CARD.succeeds });
    const base = {
      customerId,
      paymentMethodId: method!.id,
      amountCents: 1000,
      description: "x",
      metadata: { purpose: "test" as const },
      idempotencyKey: "inv:1",
    };
    await expect(gateway.chargeOffSession({ ...base, amountCents: 49 })).rejects.toMatchObject({ code: "invalid_request" });
    await expect(gateway.chargeOffSession({ ...base, amountCents: 100_000_000 })).rejects.toMatchObject({ code: "invalid_request" });
    await expect(gateway.chargeOffSession({ ...base, metadata: { pledgeId: "x" } as never })).rejects.toMatchObject({ code: "invalid_request" });
    await expect(gateway.chargeOffSession({ ...base, customerId: "cus_sim_nobody" })).rejects.toMatchObject({ code: "not_found" });
    await expect(
      gateway.createSetupSession({ customerId, returnUrl: "/relative", cancelUrl: urls.cancelUrl, metadata: { purpose: "test" }, idempotencyKey: "inv:2" }),
    ).rejects.toMatchObject({ code: "invalid_request" });
    // Nothing was stored under the key, so the corrected request goes through.
    expect((await gateway.chargeOffSession(base)).status).toBe("succeeded");
    expect(await db.selectFrom("sim_payments").select("id").execute()).toHaveLength(1);
  });

  it("a removed payment method fails the charge as a value", async () => {
    const { gateway } = setup();
    const customerId = await customer(gateway);
    const method = await saveTestCard(gateway, { customerId, number: CARD.succeeds });
    await gateway.detachPaymentMethod({ paymentMethodId: method!.id, idempotencyKey: "detach:1" });
    expect(await gateway.listPaymentMethods(customerId)).toEqual([]);
    const result = await gateway.chargeOffSession({
      customerId,
      paymentMethodId: method!.id,
      amountCents: 1000,
      description: "x",
      metadata: { purpose: "test" },
      idempotencyKey: "after-detach",
    });
    expect(result).toMatchObject({ status: "failed", paymentId: null, failure: { code: "payment_method_unavailable" } });
  });
});

describe("holds (manual capture, cards only)", () => {
  async function heldCard(number: string = CARD.succeeds, amountCents = 2500) {
    const t = setup();
    const customerId = await customer(t.gateway);
    const method = await saveTestCard(t.gateway, { customerId, number });
    const hold = await t.gateway.placeHold({
      customerId,
      paymentMethodId: method!.id,
      amountCents,
      description: "Borg boormachine",
      metadata: { purpose: "test", loanId: "l1" },
      idempotencyKey: `loan:l1:hold:${number}`,
    });
    return { ...t, customerId, method: method!, hold };
  }

  it("holds for 7 days; captures part and releases the rest", async () => {
    const { gateway, db, hold } = await heldCard();
    if (hold.status !== "held") throw new Error(`expected held, got ${hold.status}`);
    expect(hold).toMatchObject({ amountCents: 2500, expiresAt: new Date(START.getTime() + 7 * DAY).toISOString() });
    expect(hold.payment).toMatchObject({ status: "requires_capture", amountCapturableCents: 2500, amountReceivedCents: 0, captureMethod: "manual" });
    const captured = await gateway.captureHold({ paymentId: hold.paymentId, amountCents: 1500, idempotencyKey: "loan:l1:capture" });
    expect(captured).toMatchObject({
      ok: true,
      capturedCents: 1500,
      releasedCents: 1000,
      payment: { status: "succeeded", amountReceivedCents: 1500, amountCapturableCents: 0 },
    });
    expect(await gateway.captureHold({ paymentId: hold.paymentId, amountCents: 1500, idempotencyKey: "loan:l1:capture" })).toEqual(captured);
    expect(await gateway.captureHold({ paymentId: hold.paymentId, idempotencyKey: "loan:l1:capture:2" })).toMatchObject({ ok: false, error: "not_capturable" });
    expect(await gateway.releaseHold({ paymentId: hold.paymentId, idempotencyKey: "loan:l1:release" })).toMatchObject({ ok: false, error: "not_releasable" });
    const events = await recorded(db);
    expect(events.filter((e) => e.type.startsWith("hold.")).map((e) => [e.type, e.outcome])).toEqual([
      ["hold.placed", "hold.placed"],
      ["hold.captured", "captured 1500, released 1000"],
    ]);
  });

  it("captures the full amount by default; refuses more than was held", async () => {
    const { gateway, hold } = await heldCard();
    if (hold.status !== "held") throw new Error("expected held");
    expect(await gateway.captureHold({ paymentId: hold.paymentId, amountCents: 2501, idempotencyKey: "too-much" })).toMatchObject({
      ok: false,
      error: "amount_too_large",
    });
    expect(await gateway.captureHold({ paymentId: hold.paymentId, idempotencyKey: "all" })).toMatchObject({ ok: true, capturedCents: 2500, releasedCents: 0 });
  });

  it("releases a hold on request", async () => {
    const { gateway, db, hold } = await heldCard();
    if (hold.status !== "held") throw new Error("expected held");
    expect(await gateway.releaseHold({ paymentId: hold.paymentId, idempotencyKey: "release" })).toMatchObject({
      ok: true,
      payment: { status: "canceled", cancellationReason: "requested", amountCapturableCents: 0 },
    });
    expect(await gateway.captureHold({ paymentId: hold.paymentId, idempotencyKey: "late-capture" })).toMatchObject({ ok: false, error: "not_capturable" });
    expect((await recorded(db)).at(-1)).toMatchObject({ type: "hold.released", outcome: "released (requested)" });
  });

  it("expires after 7 days: by the sweep, or when captured too late", async () => {
    const first = await heldCard(CARD.succeeds, 2500);
    const second = await first.gateway.placeHold({
      customerId: first.customerId,
      paymentMethodId: first.method.id,
      amountCents: 3000,
      description: "x",
      metadata: { purpose: "test" },
      idempotencyKey: "hold:2",
    });
    if (first.hold.status !== "held" || second.status !== "held") throw new Error("expected held");
    first.clock.advance(7 * DAY - MINUTE);
    expect((await first.gateway.runDue(first.clock.now())).holdsExpired).toBe(0);
    first.clock.advance(MINUTE);
    // Captured at the moment it lapses (before any sweep): refused, and released.
    expect(await first.gateway.captureHold({ paymentId: first.hold.paymentId, idempotencyKey: "too-late" })).toMatchObject({
      ok: false,
      error: "hold_expired",
      payment: { status: "canceled", cancellationReason: "expired" },
    });
    expect((await first.gateway.runDue(first.clock.now())).holdsExpired).toBe(1);
    expect(await first.gateway.getPayment(second.paymentId)).toMatchObject({ status: "canceled", cancellationReason: "expired" });
    const released = (await recorded(first.db)).filter((e) => e.type === "hold.released");
    expect(released.map((e) => e.outcome)).toEqual(["released (expired)", "released (expired)"]);
    expect(await first.gateway.releaseHold({ paymentId: second.paymentId, idempotencyKey: "release-after" })).toMatchObject({
      ok: true,
      payment: { cancellationReason: "expired" },
    });
  });

  it("refuses SEPA and declined cards; 3-D Secure cards hold after approval", async () => {
    const { gateway, customerId } = await heldCard();
    const mandate = await saveSepaMandate(gateway, { customerId });
    expect(
      await gateway.placeHold({
        customerId,
        paymentMethodId: mandate.id,
        amountCents: 1000,
        description: "x",
        metadata: { purpose: "test" },
        idempotencyKey: "sepa-hold",
      }),
    ).toMatchObject({
      status: "failed",
      paymentId: null,
      failure: { code: "payment_method_not_holdable" },
    });
    const declining = await saveTestCard(gateway, { customerId, number: CARD.declinesCharges });
    expect(
      await gateway.placeHold({
        customerId,
        paymentMethodId: declining!.id,
        amountCents: 1000,
        description: "x",
        metadata: { purpose: "test" },
        idempotencyKey: "0341-hold",
      }),
    ).toMatchObject({
      status: "failed",
      failure: { code: "card_declined" },
    });
    const threeDs = await saveTestCard(gateway, { customerId, number: CARD.authenticateAlways });
    const hold = await gateway.placeHold({
      customerId,
      paymentMethodId: threeDs!.id,
      amountCents: 1000,
      description: "x",
      metadata: { purpose: "test" },
      idempotencyKey: "3184-hold",
    });
    if (hold.status !== "requires_action") throw new Error("expected requires_action");
    await completeAuthentication(gateway, hold.actionUrl, true);
    expect(await gateway.getPayment(hold.paymentId)).toMatchObject({
      status: "requires_capture",
      amountCapturableCents: 1000,
      holdExpiresAt: new Date(START.getTime() + 7 * DAY).toISOString(),
    });
  });
});

describe("refunds", () => {
  it("refunds part, then the rest, idempotent by key; never more than was paid", async () => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const method = await saveTestCard(gateway, { customerId, number: CARD.succeeds });
    const charge = await gateway.chargeOffSession({
      customerId,
      paymentMethodId: method!.id,
      amountCents: 2000,
      description: "x",
      metadata: { purpose: "test" },
      idempotencyKey: "r:charge",
    });
    const paymentId = charge.paymentId!;
    const part = await gateway.refund({ paymentId, amountCents: 500, metadata: { purpose: "test", reason: "lowered" }, idempotencyKey: "r:1" });
    expect(part).toMatchObject({ ok: true, refund: { amountCents: 500, status: "succeeded", paymentId } });
    expect(await gateway.refund({ paymentId, amountCents: 500, metadata: { purpose: "test", reason: "lowered" }, idempotencyKey: "r:1" })).toEqual(part);
    expect(await gateway.refund({ paymentId, amountCents: 1501, metadata: { purpose: "test" }, idempotencyKey: "r:2" })).toMatchObject({
      ok: false,
      error: "amount_too_large",
    });
    const rest = await gateway.refund({ paymentId, metadata: { purpose: "test" }, idempotencyKey: "r:3" });
    expect(rest).toMatchObject({ ok: true, refund: { amountCents: 1500 } });
    expect(await gateway.refund({ paymentId, metadata: { purpose: "test" }, idempotencyKey: "r:4" })).toMatchObject({ ok: false, error: "not_refundable" });
    expect(await gateway.getPayment(paymentId)).toMatchObject({ amountReceivedCents: 2000, amountRefundedCents: 2000, status: "succeeded" });
    expect((await recorded(db)).filter((e) => e.type === "refund.succeeded")).toHaveLength(2);
  });

  it("SEPA refunds are pending until the sweep settles them; failed payments cannot be refunded", async () => {
    const { gateway, db, clock } = setup();
    const customerId = await customer(gateway);
    const mandate = await saveSepaMandate(gateway, { customerId });
    const charge = await gateway.chargeOffSession({
      customerId,
      paymentMethodId: mandate.id,
      amountCents: 3000,
      description: "x",
      metadata: { purpose: "test" },
      idempotencyKey: "s:charge",
    });
    expect(await gateway.refund({ paymentId: charge.paymentId!, metadata: { purpose: "test" }, idempotencyKey: "s:early" })).toMatchObject({
      ok: false,
      error: "not_refundable",
    });
    clock.advance(3 * MINUTE);
    await gateway.runDue(clock.now());
    const refund = await gateway.refund({ paymentId: charge.paymentId!, metadata: { purpose: "test" }, idempotencyKey: "s:refund" });
    expect(refund).toMatchObject({ ok: true, refund: { status: "pending", amountCents: 3000 } });
    expect((await recorded(db)).filter((e) => e.type === "refund.succeeded")).toHaveLength(0);
    clock.advance(3 * MINUTE);
    expect((await gateway.runDue(clock.now())).refundsSettled).toBe(1);
    expect((await recorded(db)).filter((e) => e.type === "refund.succeeded")).toHaveLength(1);
  });
});

describe("hosted payment sessions (pay now)", () => {
  it("a declined card can be retried on the same page; the payment succeeds once", async () => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const session = await gateway.createPaymentSession({
      customerId,
      amountCents: 1750,
      description: "Straatfeest",
      ...urls,
      metadata: { purpose: "test", pledgeId: "p2" },
      idempotencyKey: "pay:1",
      saveMethod: true,
    });
    expect(await gateway.hosted.submitCard(session.id, { number: CARD.declinesCharges, expMonth: 12, expYear: 2030, cvc: "123" })).toMatchObject({
      ok: false,
      error: "payments.sim.error.declined",
    });
    expect(await gateway.hosted.submitCard(session.id, { number: CARD.succeeds, expMonth: 12, expYear: 2030, cvc: "123" })).toEqual({
      ok: true,
      redirectTo: urls.returnUrl,
    });
    const done = await gateway.getSession(session.id);
    expect(done).toMatchObject({ status: "complete", paymentId: expect.stringMatching(/^pi_sim_/), paymentMethodId: expect.stringMatching(/^pm_sim_/) });
    expect(await gateway.getPayment(done!.paymentId!)).toMatchObject({
      status: "succeeded",
      amountReceivedCents: 1750,
      offSession: false,
      sessionId: session.id,
      metadata: { pledgeId: "p2" },
    });
    expect((await recorded(db)).map((e) => [e.type, e.objectId])).toEqual([
      ["payment.failed", done!.paymentId],
      ["payment.succeeded", done!.paymentId],
    ]);
    expect(await gateway.listPaymentMethods(customerId)).toHaveLength(1);
  });

  it("3-D Secure on the page, then a hold; iDEAL pays at once", async () => {
    const { gateway, db } = setup();
    const customerId = await customer(gateway);
    const hold = await gateway.createPaymentSession({
      customerId,
      amountCents: 5000,
      description: "Borg",
      captureMethod: "manual",
      ...urls,
      metadata: { purpose: "test" },
      idempotencyKey: "pay:hold",
    });
    expect(hold.methods).toEqual(["card"]);
    const submitted = await gateway.hosted.submitCard(hold.id, { number: CARD.authenticateSetup, expMonth: 12, expYear: 2030, cvc: "123" });
    if (!submitted.ok) throw new Error("expected authentication");
    await completeAuthentication(gateway, submitted.redirectTo, true);
    const held = await gateway.getPayment((await gateway.getSession(hold.id))!.paymentId!);
    expect(held).toMatchObject({ status: "requires_capture", amountCapturableCents: 5000 });

    const ideal = await gateway.createPaymentSession({
      customerId,
      amountCents: 1000,
      description: "x",
      methods: ["ideal"],
      ...urls,
      metadata: { purpose: "test" },
      idempotencyKey: "pay:ideal",
    });
    const chosen = await gateway.hosted.chooseBank(ideal.id, "bunq");
    if (!chosen.ok) throw new Error("expected the bank");
    await completeAuthentication(gateway, chosen.redirectTo, true);
    expect(await gateway.getPayment((await gateway.getSession(ideal.id))!.paymentId!)).toMatchObject({ status: "succeeded", paymentMethodType: "ideal" });
    expect((await recorded(db)).map((e) => e.type)).toEqual(["hold.placed", "payment.succeeded"]);
    await expect(
      gateway.createPaymentSession({
        customerId,
        amountCents: 1000,
        description: "x",
        captureMethod: "manual",
        methods: ["ideal"],
        ...urls,
        metadata: { purpose: "test" },
        idempotencyKey: "pay:bad",
      }),
    ).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("event delivery", () => {
  it("is retried by the sweep until the app accepts it, and the state survives a restart", async () => {
    let accept = false;
    const delivered: string[] = [];
    const first = setup({
      deliver: async (_services, event) => {
        if (!accept) throw new Error("app is down");
        delivered.push(event.type);
      },
    });
    const customerId = await customer(first.gateway);
    const method = await saveTestCard(first.gateway, { customerId, number: CARD.succeeds });
    expect(method).not.toBeNull(); // the customer's action succeeded even though delivery failed
    const pending = await first.db.selectFrom("sim_events").select(["type", "attempts", "delivered_at", "last_error"]).execute();
    expect(pending).toEqual([{ type: "setup.succeeded", attempts: 1, delivered_at: null, last_error: "app is down" }]);

    // A "restarted" process: new services over the same database.
    accept = true;
    const restarted = setup({ deliver: async (_services, event) => void delivered.push(event.type) });
    expect((await restarted.gateway.runDue(restarted.clock.now())).eventsDelivered).toBe(0); // not due yet (backoff)
    restarted.clock.advance(MINUTE);
    expect((await restarted.gateway.runDue(restarted.clock.now())).eventsDelivered).toBe(1);
    expect(delivered).toEqual(["setup.succeeded"]);
    expect(await restarted.gateway.listPaymentMethods(customerId)).toHaveLength(1);
    restarted.clock.advance(60 * MINUTE);
    expect((await restarted.gateway.runDue(restarted.clock.now())).eventsDelivered).toBe(0);
  });
});

describe("the gateway's own record (listActivity, getRefund)", () => {
  it("lists payments, then refunds, created in the window, newest first, page by page; nothing twice, nothing outside", async () => {
    const { gateway, clock } = setup();
    const customerId = await customer(gateway);
    const method = await saveTestCard(gateway, { customerId, number: CARD.succeeds });
    const charge = async (n: number) =>
      gateway.chargeOffSession({
        customerId,
        paymentMethodId: method!.id,
        amountCents: 1000 + n,
        description: `charge ${n}`,
        metadata: { purpose: "test", n: String(n) },
        idempotencyKey: `activity:${n}`,
      });
    const before = await charge(0); // before the window
    clock.advance(MINUTE);
    const since = clock.now();
    const inside = [];
    for (let n = 1; n <= 4; n++) inside.push(await charge(n)); // four at the same instant
    clock.advance(MINUTE);
    const hold = await gateway.placeHold({
      customerId,
      paymentMethodId: method!.id,
      amountCents: 5000,
      description: "hold",
      metadata: { purpose: "test", loanId: "l1" },
      idempotencyKey: "activity:hold",
    });
    const refund = await gateway.refund({ paymentId: before.paymentId!, amountCents: 300, metadata: { purpose: "test" }, idempotencyKey: "activity:refund" });
    if (!refund.ok) throw new Error("refund refused");
    clock.advance(MINUTE);
    const until = clock.now();
    await charge(5); // at `until`: outside (until is exclusive)

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
    expect(payments[0]).toMatchObject({ id: hold.paymentId, status: "requires_capture", captureMethod: "manual", amountCapturableCents: 5000 });
    expect(new Set(payments.map((p) => p.id))).toEqual(new Set([hold.paymentId, ...inside.map((c) => c.paymentId)]));
    expect(payments.map((p) => p.createdAt)).toEqual([...payments.map((p) => p.createdAt)].sort().reverse());
    // The refund is inside the window although its payment is not; the payment shows it.
    expect(pages.flatMap((p) => p.refunds)).toEqual([refund.refund]);
    expect(await gateway.getPayment(before.paymentId!)).toMatchObject({ amountRefundedCents: 300 });

    expect(await gateway.getRefund(refund.refund.id)).toEqual(refund.refund);
    expect(await gateway.getRefund("re_sim_unknown")).toBeNull();
  });

  it("refuses a window that is not one, a bad limit and a foreign cursor", async () => {
    const { gateway } = setup();
    const at = START.toISOString();
    for (const input of [
      { since: at, until: at },
      { since: "yesterday", until: at },
      { since: START.toISOString(), until: new Date(START.getTime() + MINUTE).toISOString(), limit: 101 },
      { since: START.toISOString(), until: new Date(START.getTime() + MINUTE).toISOString(), cursor: "charges:x" },
    ]) {
      await expect(gateway.listActivity(input)).rejects.toMatchObject({ code: "invalid_request" });
    }
    await expect(gateway.listActivity({ since: at, until: new Date(START.getTime() + MINUTE).toISOString() })).resolves.toEqual({
      payments: [],
      refunds: [],
      nextCursor: "refunds:",
    });
  });
});
