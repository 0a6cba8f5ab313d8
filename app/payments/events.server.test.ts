import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accounts, move } from "../ledger/ledger";
import { balanceOf, postJournal } from "../ledger/ledger.server";
import { createTestDatabase, truncateAll, usingServer } from "../test/db";
import { createTestServices } from "../test/services";
import type { DatabaseHandle } from "../utils/db.server";
import { parseEnv } from "../utils/env.server";
import { ensureGatewayCustomer, getGatewayCustomerId } from "./customers.server";
import { applyGatewayEvent, type GatewayEventHandlers, UnknownPurposeError } from "./events.server";
import type { GatewayEvent, Payment } from "./gateway";
import { gatewayFactoryFromEnv } from "./gateway.server";
import { isStripeGateway } from "./stripe/gateway.server";
import { CARD, saveTestCard } from "./simulated/testing.server";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 10 });
});
afterAll(async () => database?.close());
beforeEach(async () => truncateAll(database));

const at = new Date("2026-12-01T09:00:00Z");

function paymentEvent(id: string, metadata: Record<string, string>, amountCents = 1500): GatewayEvent {
  const payment: Payment = {
    id: "pi_test_1",
    customerId: "cus_test",
    paymentMethodId: "pm_test",
    paymentMethodType: "card",
    sessionId: null,
    amountCents,
    currency: "eur",
    captureMethod: "automatic",
    offSession: true,
    status: "succeeded",
    amountCapturableCents: 0,
    amountReceivedCents: amountCents,
    amountRefundedCents: 0,
    feeCents: null,
    description: "",
    metadata: metadata as Payment["metadata"],
    lastFailure: null,
    nextActionUrl: null,
    holdExpiresAt: null,
    cancellationReason: null,
    createdAt: at.toISOString(),
  };
  return { id, gateway: "stripe", createdAt: at.toISOString(), type: "payment.succeeded", metadata: payment.metadata, payment };
}

/** A stand-in for a feature handler: records the money in the ledger, in the event's transaction. */
function chargeHandler(calls: string[], options: { failTimes?: number } = {}): GatewayEventHandlers {
  let failures = options.failTimes ?? 0;
  return {
    pledge: async (trx, event, ctx) => {
      if (event.type !== "payment.succeeded") return "ignored";
      calls.push(event.id);
      await postJournal(trx, {
        kind: "pledge.charged",
        refs: { pledgeId: event.metadata.pledgeId, paymentId: event.payment.id },
        entries: move(accounts.backer("u1"), accounts.project("p1"), event.payment.amountReceivedCents),
        idempotencyKey: `pledge:${event.metadata.pledgeId}:charged:${event.payment.id}`,
        postedAt: ctx.now,
      });
      if (failures > 0) {
        failures--;
        throw new Error("pledge row is locked elsewhere");
      }
      return "pledge.charged";
    },
  };
}

describe("applyGatewayEvent: one path for every gateway", () => {
  it("records an event once; a redelivery is a no-op", async () => {
    const { services } = createTestServices(database, { start: at });
    const calls: string[] = [];
    const handlers = chargeHandler(calls);
    const event = paymentEvent("evt_1", { purpose: "pledge", pledgeId: "pl1" });
    expect(await applyGatewayEvent(services, event, handlers)).toEqual({ status: "applied", purpose: "pledge", outcome: "pledge.charged" });
    expect(await applyGatewayEvent(services, event, handlers)).toEqual({ status: "duplicate" });
    expect(calls).toEqual(["evt_1"]);
    expect(await balanceOf(services.db, accounts.project("p1"))).toBe(1500);
    const rows = await services.db.selectFrom("gateway_events").selectAll().execute();
    expect(rows).toMatchObject([
      {
        gateway: "stripe",
        event_id: "evt_1",
        type: "payment.succeeded",
        purpose: "pledge",
        object_id: "pi_test_1",
        handled_by: "pledge",
        outcome: "pledge.charged",
      },
    ]);
    expect(rows[0]?.received_at.toISOString()).toBe(at.toISOString());
  });

  it("a handler that throws records nothing, so the redelivered event is applied later", async () => {
    const { services } = createTestServices(database, { start: at });
    const calls: string[] = [];
    const handlers = chargeHandler(calls, { failTimes: 1 });
    const event = paymentEvent("evt_2", { purpose: "pledge", pledgeId: "pl2" });
    await expect(applyGatewayEvent(services, event, handlers)).rejects.toThrow(/locked elsewhere/);
    expect(await services.db.selectFrom("gateway_events").select("id").execute()).toEqual([]);
    expect(await balanceOf(services.db, accounts.project("p1"))).toBe(0); // the journal rolled back with it
    expect(await applyGatewayEvent(services, event, handlers)).toMatchObject({ status: "applied" });
    expect(await balanceOf(services.db, accounts.project("p1"))).toBe(1500);
  });

  it("refuses events for a purpose nobody handles (kept for redelivery), ignores events without one", async () => {
    const { services } = createTestServices(database, { start: at });
    await expect(applyGatewayEvent(services, paymentEvent("evt_3", { purpose: "deposit" }), {})).rejects.toBeInstanceOf(UnknownPurposeError);
    expect(await applyGatewayEvent(services, paymentEvent("evt_4", {}), {})).toEqual({ status: "ignored", purpose: null });
    const unknownType = { ...paymentEvent("evt_5", { purpose: "pledge" }), type: "payment.disputed" } as unknown as GatewayEvent;
    expect(await applyGatewayEvent(services, unknownType, {})).toEqual({ status: "ignored", purpose: "pledge" });
    expect((await services.db.selectFrom("gateway_events").select("event_id").orderBy("id").execute()).map((r) => r.event_id)).toEqual(["evt_4", "evt_5"]);
    await expect(applyGatewayEvent(services, { ...paymentEvent("", { purpose: "pledge" }) }, {})).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("runs after-commit work with the services once the event is stored", async () => {
    const { services } = createTestServices(database, { start: at });
    const seen: number[] = [];
    const handlers: GatewayEventHandlers = {
      pledge: async (_trx, _event, ctx) => {
        ctx.afterCommit(async (s) => {
          // Outside the transaction: services.db sees the committed event.
          seen.push((await s.db.selectFrom("gateway_events").select("id").execute()).length);
        });
        ctx.afterCommit(async () => {
          throw new Error("notification queue down");
        });
      },
    };
    expect(await applyGatewayEvent(services, paymentEvent("evt_6", { purpose: "pledge" }), handlers)).toEqual({
      status: "applied",
      purpose: "pledge",
      outcome: null,
    });
    expect(seen).toEqual([1]);
  });

  it('the simulated gateway delivers into the shipped registry (purpose "test")', async () => {
    const { services, gateway } = createTestServices(database, { start: at });
    const customerId = (await gateway.createCustomer({ email: "e@x.nl", name: "E", idempotencyKey: "c" })).id;
    await saveTestCard(gateway, { customerId, number: CARD.declined });
    await saveTestCard(gateway, { customerId, number: CARD.succeeds });
    const rows = await services.db.selectFrom("gateway_events").select(["gateway", "type", "handled_by", "outcome"]).orderBy("id").execute();
    expect(rows).toEqual([
      { gateway: "simulated", type: "setup.failed", handled_by: "test", outcome: "failed: card_declined (generic_decline)" },
      { gateway: "simulated", type: "setup.succeeded", handled_by: "test", outcome: "saved Visa •••• 4242" },
    ]);
  });
});

describe.skipIf(!usingServer())("applyGatewayEvent under concurrency (Postgres server)", () => {
  it("the same event delivered five times at once is applied exactly once", async () => {
    const { services } = createTestServices(database, { start: at });
    const calls: string[] = [];
    const handlers = chargeHandler(calls);
    const event = paymentEvent("evt_c", { purpose: "pledge", pledgeId: "plc" });
    const results = await Promise.all(Array.from({ length: 5 }, () => applyGatewayEvent(services, event, handlers)));
    expect(results.filter((r) => r.status === "applied")).toHaveLength(1);
    expect(results.filter((r) => r.status === "duplicate")).toHaveLength(4);
    expect(await balanceOf(services.db, accounts.project("p1"))).toBe(1500);
  });
});

describe("gateway customers and configuration", () => {
  it("creates one gateway customer per user, whatever the number of calls", async () => {
    const { services } = createTestServices(database, { start: at });
    await services.db.insertInto("neighbourhoods").values({ id: "lombok", name: "Lombok", city: "Utrecht", municipality: "Utrecht" }).execute();
    const user = await services.db
      .insertInto("users")
      .values({ email: "pieter@example.nl", handle: "pieter", display_name: "Pieter Bakker", password_hash: "x", neighbourhood_id: "lombok" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const who = { id: user.id, email: "pieter@example.nl", displayName: "Pieter Bakker" };
    const ids = [await ensureGatewayCustomer(services, who), await ensureGatewayCustomer(services, who)];
    expect(ids[0]).toMatch(/^cus_sim_/);
    expect(ids[1]).toBe(ids[0]);
    expect(await getGatewayCustomerId(services.db, user.id, "simulated")).toBe(ids[0]);
    expect(await services.db.selectFrom("sim_customers").select("id").execute()).toHaveLength(1);
  });

  it("uses the simulated gateway without Stripe keys and Stripe with them (which need the webhook secret)", () => {
    const { services } = createTestServices(database, { start: at });
    const deps = { db: services.db, clock: services.clock, logger: services.logger, deliver: async () => null };
    expect(gatewayFactoryFromEnv(parseEnv({}))({ ...deps, env: parseEnv({}) }).kind).toBe("simulated");
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_PUBLISHABLE_KEY: "pk_test_x" })).toThrow(/STRIPE_WEBHOOK_SECRET: required/);
    const env = parseEnv({
      STRIPE_SECRET_KEY: "sk_test_x",
      STRIPE_PUBLISHABLE_KEY: "pk_test_x",
      STRIPE_WEBHOOK_SECRET: "whsec_x",
      STRIPE_API_HOST: "http://127.0.0.1:1",
    });
    const gateway = gatewayFactoryFromEnv(env)({ ...deps, env });
    expect(gateway.kind).toBe("stripe");
    expect(isStripeGateway(gateway)).toBe(true);
  });

  it("reads the offered checkout methods from PAYMENT_METHODS", () => {
    expect(parseEnv({}).PAYMENT_METHODS).toEqual(["card", "ideal"]);
    expect(parseEnv({ PAYMENT_METHODS: "ideal, card" }).PAYMENT_METHODS).toEqual(["ideal", "card"]);
    expect(parseEnv({ PAYMENT_METHODS: "card" }).PAYMENT_METHODS).toEqual(["card"]);
    expect(() => parseEnv({ PAYMENT_METHODS: "card,bitcoin" })).toThrow(/PAYMENT_METHODS/);
  });
});

describe("seeding simulated customers", () => {
  it("gives a user a customer with saved methods, idempotently, that the gateway can charge", async () => {
    const { services, gateway } = createTestServices(database, { start: at });
    const { seedSimulatedCustomer } = await import("./simulated/seed.server");
    await services.db.insertInto("neighbourhoods").values({ id: "lombok", name: "Lombok", city: "Utrecht", municipality: "Utrecht" }).execute();
    const user = await services.db
      .insertInto("users")
      .values({ email: "daan@example.nl", handle: "daan", display_name: "Daan Smit", password_hash: "x", neighbourhood_id: "lombok" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const input = { userId: user.id, email: "daan@example.nl", name: "Daan Smit", now: at, cards: [CARD.succeeds, CARD.declinesCharges], banks: ["ing"] };
    const first = await seedSimulatedCustomer(services.db, input);
    const again = await seedSimulatedCustomer(services.db, input);
    expect(again).toEqual(first);
    expect(first.methods.map((m) => m.label).sort()).toEqual(["ING •••• 3000 (SEPA)", "Visa •••• 0341", "Visa •••• 4242"]);
    expect(await ensureGatewayCustomer(services, { id: user.id, email: "daan@example.nl", displayName: "Daan Smit" })).toBe(first.customerId);
    const byLast4 = (l: string) => first.methods.find((m) => m.card?.last4 === l)!.id;
    const charge = (paymentMethodId: string, key: string) =>
      gateway.chargeOffSession({
        customerId: first.customerId,
        paymentMethodId,
        amountCents: 1000,
        description: "x",
        metadata: { purpose: "test" },
        idempotencyKey: key,
      });
    expect((await charge(byLast4("4242"), "seed:1")).status).toBe("succeeded");
    expect((await charge(byLast4("0341"), "seed:2")).status).toBe("failed");
  });
});
