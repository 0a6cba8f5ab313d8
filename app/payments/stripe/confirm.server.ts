import type { Db } from "../../utils/db.server";
import { getGatewayCustomerId } from "../customers.server";
import type { PaymentGateway } from "../gateway";
import { isStripeGateway } from "./gateway.server";

const PAYMENT_ID = /^pi_[A-Za-z0-9_]{1,200}$/;

/**
 * GET /pay/stripe/confirm/:paymentId (and …/return): where an off-session payment that the bank
 * wants authenticated sends its payer (action-url.ts, docs/decisions/052). Only the payment's own
 * customer may confirm it; anyone else — or no such payment — gets null (the route answers 404,
 * never saying which). The outcome still arrives by webhook; this only moves the customer along.
 */
export async function stripeConfirmRedirect(
  services: { db: Db; gateway: PaymentGateway },
  input: { userId: string; paymentId: string | undefined },
): Promise<string | null> {
  const { gateway } = services;
  if (!isStripeGateway(gateway) || !input.paymentId || !PAYMENT_ID.test(input.paymentId)) return null;
  const [payment, customerId] = await Promise.all([gateway.getPayment(input.paymentId), getGatewayCustomerId(services.db, input.userId, "stripe")]);
  if (!payment || !customerId || payment.customerId !== customerId) return null;
  const step = await gateway.startAuthentication(payment.id);
  if (!step) return null;
  return step.kind === "redirect" ? step.url : step.returnUrl;
}
