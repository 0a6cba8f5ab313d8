import type { Trx } from "../../utils/db.server";
import { CARD_HOLD_DAYS, type GatewayFailure, type GatewayMetadata, GatewayRequestError, type Payment } from "../gateway";
import { emit, invalid, newId, type Outbox, type PaymentRow, type Sim, toPayment } from "./core.server";
import { paymentTransition, type PaymentMethodKind } from "./lifecycle";
import { authenticationRequired, cardOutcome, type CardBehaviour, type CardOutcome } from "./test-cards";

/** Payment (PaymentIntent) operations shared by the API, the hosted pages and the sweep. */

export const methodUnavailable: GatewayFailure = {
  code: "payment_method_unavailable",
  declineCode: null,
  message: "The saved payment method was removed or does not exist.",
};
export const notHoldable: GatewayFailure = {
  code: "payment_method_not_holdable",
  declineCode: null,
  message: "Only cards can be held (manual capture); SEPA Direct Debit cannot.",
};

export async function requireCustomer(trx: Trx, customerId: string): Promise<void> {
  const row = await trx.selectFrom("sim_customers").select("id").where("id", "=", customerId).executeTakeFirst();
  if (!row) throw new GatewayRequestError("not_found", `No such customer: ${customerId}`);
}

export async function lockPayment(trx: Trx, paymentId: string): Promise<PaymentRow> {
  const row = await trx.selectFrom("sim_payments").selectAll().where("id", "=", paymentId).forUpdate().executeTakeFirst();
  if (!row) throw new GatewayRequestError("not_found", `No such payment: ${paymentId}`);
  return row;
}

/** Which payment event a status change announces (null: none). */
export function eventForStatus(payment: Payment, failure: GatewayFailure | null): Parameters<typeof emit>[4] | null {
  const metadata = payment.metadata;
  switch (payment.status) {
    case "succeeded":
      return { type: "payment.succeeded", metadata, payment };
    case "processing":
      return { type: "payment.processing", metadata, payment };
    case "requires_action":
      return { type: "payment.requires_action", metadata, payment };
    case "requires_capture":
      return { type: "hold.placed", metadata, payment };
    case "failed":
      return { type: "payment.failed", metadata, payment, failure: failure ?? payment.lastFailure ?? authenticationRequired };
    case "canceled":
      return null;
    default: {
      const never: never = payment.status;
      return never;
    }
  }
}

/** Creates an off-session payment (charge or hold) on a saved method, following the test card's behaviour. */
export async function createOffSessionPayment(
  sim: Sim,
  trx: Trx,
  now: Date,
  outbox: Outbox,
  input: { customerId: string; paymentMethodId: string; amountCents: number; description: string; metadata: GatewayMetadata; returnUrl?: string },
  captureMethod: "automatic" | "manual",
): Promise<{ payment: Payment; failure: GatewayFailure | null } | { payment: null; failure: GatewayFailure }> {
  await requireCustomer(trx, input.customerId);
  const pm = await trx.selectFrom("sim_payment_methods").selectAll().where("id", "=", input.paymentMethodId).executeTakeFirst();
  if (pm && pm.customer_id !== input.customerId) invalid(`payment method ${pm.id} belongs to another customer`);
  if (!pm || pm.detached_at) return { payment: null, failure: methodUnavailable };
  if (captureMethod === "manual" && pm.type !== "card") return { payment: null, failure: notHoldable };

  const outcome: CardOutcome =
    pm.type === "card"
      ? cardOutcome(pm.behaviour as CardBehaviour, captureMethod === "manual" ? "hold_off_session" : "charge_off_session")
      : { kind: "succeed" };
  const methodType: PaymentMethodKind = pm.type;
  const t = paymentTransition("new", { type: "attempt", outcome: outcome.kind }, { captureMethod, methodType, onSession: false });
  if (!t.ok) invalid("this payment cannot be made");
  const failure = outcome.kind === "decline" ? outcome.failure : outcome.kind === "authenticate" ? authenticationRequired : null;
  const row = await trx
    .insertInto("sim_payments")
    .values({
      id: newId("pi_sim_"),
      customer_id: input.customerId,
      payment_method_id: pm.id,
      payment_method_type: methodType,
      amount_cents: input.amountCents,
      capture_method: captureMethod,
      off_session: true,
      status: t.status,
      amount_capturable_cents: t.status === "requires_capture" ? input.amountCents : 0,
      amount_received_cents: t.status === "succeeded" ? input.amountCents : 0,
      description: input.description,
      metadata: JSON.stringify(input.metadata),
      last_error_code: failure?.code ?? null,
      last_decline_code: failure?.declineCode ?? null,
      last_error_message: failure?.message ?? null,
      action_token: t.status === "requires_action" ? newId("sa_sim_") : null,
      return_url: input.returnUrl ?? null,
      settles_at: t.status === "processing" ? new Date(now.getTime() + sim.sepaSettlementDelayMs) : null,
      settle_outcome: t.status === "processing" ? (pm.behaviour === "bounces" ? "fails" : "succeeds") : null,
      hold_expires_at: t.status === "requires_capture" ? new Date(now.getTime() + CARD_HOLD_DAYS * 86_400_000) : null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const payment = toPayment(sim, row);
  const event = eventForStatus(payment, failure);
  if (event) await emit(trx, now, outbox, payment.id, event);
  return { payment, failure };
}

/** An uncaptured hold past its expiry: released automatically, like a card authorization lapsing. */
export async function expireHold(sim: Sim, trx: Trx, now: Date, outbox: Outbox, row: PaymentRow): Promise<PaymentRow> {
  const t = paymentTransition(row.status, { type: "cancel", reason: "expired" }, { captureMethod: "manual", methodType: "card", onSession: !row.off_session });
  if (!t.ok) return row;
  const updated = await trx
    .updateTable("sim_payments")
    .set({ status: t.status, amount_capturable_cents: 0, cancellation_reason: "expired", updated_at: now })
    .where("id", "=", row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const payment = toPayment(sim, updated);
  await emit(trx, now, outbox, payment.id, { type: "hold.released", metadata: payment.metadata, payment, reason: "expired" });
  return updated;
}
