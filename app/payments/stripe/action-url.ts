/**
 * The action-URL design for off-session payments that need the customer (README, "Authentication").
 *
 * An off-session charge or hold that the bank wants authenticated (3-D Secure) fails at Stripe with
 * `authentication_required`; the port reports it as `requires_action` with an `actionUrl`. Stripe
 * has no page of its own for that case, so the URL is ours:
 *
 *   GET  {APP_URL}/pay/stripe/confirm/{paymentId}          starts the on-session confirmation
 *   GET  {APP_URL}/pay/stripe/confirm/{paymentId}/return   where Stripe sends the customer back
 *
 * Both routes call `gateway.startAuthentication(paymentId)` and redirect where it says (Stripe's
 * 3-D Secure page, or the caller's `returnUrl` once nothing is left to do). The routes must check
 * that the signed-in user owns the payment before confirming it. The outcome still arrives as an
 * event (payment.succeeded / hold.placed / payment.failed); the return page decides nothing.
 */

export const CONFIRM_PATH = "/pay/stripe/confirm";

const PAYMENT_ID = /^pi_[A-Za-z0-9_]{1,200}$/;

export function confirmActionUrl(appUrl: string, paymentId: string): string {
  return `${appUrl.replace(/\/+$/, "")}${CONFIRM_PATH}/${encodeURIComponent(paymentId)}`;
}

export function confirmReturnUrl(appUrl: string, paymentId: string): string {
  return `${confirmActionUrl(appUrl, paymentId)}/return`;
}

/** The payment id in a confirm (or return) path, or null when the path is not one of ours. */
export function paymentIdFromConfirmPath(pathname: string): string | null {
  const match = /^\/pay\/stripe\/confirm\/([^/]+)(?:\/return)?\/?$/.exec(pathname);
  const id = match?.[1] ? decodeURIComponent(match[1]) : null;
  return id && PAYMENT_ID.test(id) ? id : null;
}
