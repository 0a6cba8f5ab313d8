import { z } from "zod";
import type { Db } from "../utils/db.server";
import type { Env } from "../utils/env.server";
import { ensureGatewayCustomer, getGatewayCustomerId } from "./customers.server";
import { type Cents, type GatewayEvent, GatewayRequestError, type Payment, type PaymentGateway, type SavedPaymentMethod } from "./gateway";

/**
 * The payments try-out page (/dev/payments): development and tests only. Everything goes through
 * the PaymentGateway port exactly as features use it, with purpose "test"; what happened is read
 * back from the recorded gateway events, as a feature would.
 */
export const TRY_PAY_CENTS: Cents = 1250;
export const TRY_HOLD_CENTS: Cents = 2500;

export function tryOutEnabled(env: Pick<Env, "NODE_ENV" | "BUURTKRACHT_TEST_HOOKS">): boolean {
  return env.NODE_ENV === "development" || env.BUURTKRACHT_TEST_HOOKS;
}

const id = z
  .string()
  .regex(/^[a-z]{2,3}_[A-Za-z0-9_]+$/)
  .max(100);
export const TryOutSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("setup"), requestId: z.uuid() }),
  z.object({ intent: z.literal("pay"), requestId: z.uuid() }),
  z.object({ intent: z.literal("hold-session"), requestId: z.uuid() }),
  z.object({ intent: z.literal("charge"), requestId: z.uuid(), paymentMethodId: id }),
  z.object({ intent: z.literal("hold"), requestId: z.uuid(), paymentMethodId: id }),
  z.object({ intent: z.literal("capture"), requestId: z.uuid(), paymentId: id }),
  z.object({ intent: z.literal("release"), requestId: z.uuid(), paymentId: id }),
  z.object({ intent: z.literal("refund"), requestId: z.uuid(), paymentId: id }),
]);
export type TryOutInput = z.infer<typeof TryOutSchema>;

export interface TryOutUser {
  id: string;
  email: string;
  displayName: string;
}

export interface TryOutPage {
  methods: SavedPaymentMethod[];
  payments: Payment[];
  events: { eventId: string; type: string; outcome: string | null; objectId: string | null; receivedAt: Date }[];
}

/** Events of this user's try-outs, newest first; their payments, fetched from the gateway. */
export async function getTryOutPage(services: { db: Db; gateway: PaymentGateway }, user: TryOutUser): Promise<TryOutPage> {
  const customerId = await getGatewayCustomerId(services.db, user.id, services.gateway.kind);
  const rows = await services.db
    .selectFrom("gateway_events")
    .select(["event_id", "type", "outcome", "object_id", "payload", "received_at"])
    .where("purpose", "=", "test")
    .orderBy("id", "desc")
    .limit(200)
    .execute();
  const mine = rows.filter((r) => (r.payload as GatewayEvent).metadata?.userId === user.id).slice(0, 30);
  const paymentIds = [
    ...new Set(mine.map((r) => r.payload as GatewayEvent).flatMap((e) => ("payment" in e ? [e.payment.id] : "refund" in e ? [e.refund.paymentId] : []))),
  ];
  const payments = (await Promise.all(paymentIds.map((p) => services.gateway.getPayment(p)))).filter((p): p is Payment => p !== null);
  return {
    methods: customerId ? await services.gateway.listPaymentMethods(customerId) : [],
    payments,
    events: mine.map((r) => ({ eventId: r.event_id, type: r.type, outcome: r.outcome, objectId: r.object_id, receivedAt: r.received_at })),
  };
}

export type TryOutResult = { kind: "redirect"; to: string } | { kind: "done"; status: string } | { kind: "refused"; message: string };

/** Runs one try-out action through the gateway (outside any transaction, as every caller must). */
export async function runTryOut(services: { db: Db; gateway: PaymentGateway; env: Env }, user: TryOutUser, input: TryOutInput): Promise<TryOutResult> {
  const { gateway } = services;
  const here = `${services.env.APP_URL}/dev/payments`;
  const metadata = { purpose: "test", userId: user.id };
  const target = "paymentMethodId" in input ? input.paymentMethodId : "paymentId" in input ? input.paymentId : "";
  const idempotencyKey = `try:${user.id}:${input.requestId}:${input.intent}:${target}`;
  try {
    const customerId = await ensureGatewayCustomer(services, user);
    switch (input.intent) {
      case "setup": {
        const s = await gateway.createSetupSession({ customerId, returnUrl: here, cancelUrl: here, metadata, idempotencyKey });
        return { kind: "redirect", to: s.url };
      }
      case "pay":
      case "hold-session": {
        const hold = input.intent === "hold-session";
        const s = await gateway.createPaymentSession({
          customerId,
          amountCents: hold ? TRY_HOLD_CENTS : TRY_PAY_CENTS,
          description: hold ? "Borg (proef)" : "Proefbetaling",
          captureMethod: hold ? "manual" : "automatic",
          returnUrl: here,
          cancelUrl: here,
          metadata,
          idempotencyKey,
        });
        return { kind: "redirect", to: s.url };
      }
      case "charge": {
        const r = await gateway.chargeOffSession({
          customerId,
          paymentMethodId: input.paymentMethodId,
          amountCents: TRY_PAY_CENTS,
          description: "Proefbetaling",
          metadata,
          idempotencyKey,
          returnUrl: here,
        });
        return { kind: "done", status: r.status };
      }
      case "hold": {
        const r = await gateway.placeHold({
          customerId,
          paymentMethodId: input.paymentMethodId,
          amountCents: TRY_HOLD_CENTS,
          description: "Borg (proef)",
          metadata,
          idempotencyKey,
          returnUrl: here,
        });
        return { kind: "done", status: r.status };
      }
      case "capture": {
        const r = await gateway.captureHold({ paymentId: input.paymentId, idempotencyKey });
        return { kind: "done", status: r.ok ? "captured" : r.error };
      }
      case "release": {
        const r = await gateway.releaseHold({ paymentId: input.paymentId, idempotencyKey });
        return { kind: "done", status: r.ok ? "released" : r.error };
      }
      case "refund": {
        const r = await gateway.refund({ paymentId: input.paymentId, metadata, idempotencyKey });
        return { kind: "done", status: r.ok ? `refund ${r.refund.status}` : r.error };
      }
      default: {
        const never: never = input;
        return never;
      }
    }
  } catch (error) {
    if (error instanceof GatewayRequestError) return { kind: "refused", message: `${error.code}: ${error.message}` };
    throw error;
  }
}
