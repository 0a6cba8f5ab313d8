import Stripe from "stripe";
import { GatewayRequestError } from "../gateway";

/**
 * Stripe's errors → the port's. Declines are not errors in the port (they are ChargeResult values),
 * so card errors are handled where the payment is made; what reaches here is:
 *   connection error, timeout, 5xx, 429, 409  → "unavailable" (a 429 marked rateLimited) (not known whether it happened:
 *                                               the caller retries later with the same key)
 *   idempotency_error                         → "idempotency_key_reused"
 *   resource_missing                          → "not_found"
 *   anything else (400, 401, 403, 402 here)   → "invalid_request" (a programming or configuration error)
 * The SDK has already retried what it could (maxNetworkRetries) before this is reached.
 */
export function toGatewayRequestError(error: unknown, what: string): GatewayRequestError {
  if (error instanceof GatewayRequestError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) {
    const message = error instanceof Error ? error.message : String(error);
    // Not from Stripe's API (e.g. a socket error the SDK did not wrap): the outcome is unknown.
    return new GatewayRequestError("unavailable", `Stripe ${what}: ${message}`);
  }
  const detail = `Stripe ${what}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`;
  if (error instanceof Stripe.errors.StripeRateLimitError || error.statusCode === 429) {
    return new GatewayRequestError("unavailable", detail, { rateLimited: true, retryAfterMs: retryAfterMs(error) });
  }
  if (isUnavailable(error)) return new GatewayRequestError("unavailable", detail);
  if (isIdempotencyError(error)) return new GatewayRequestError("idempotency_key_reused", detail);
  if (error.code === "resource_missing") return new GatewayRequestError("not_found", detail);
  return new GatewayRequestError("invalid_request", detail);
}

/** Stripe's Retry-After header on a 429, in ms (it rarely sends one). */
function retryAfterMs(error: InstanceType<typeof Stripe.errors.StripeError>): number | null {
  const header = error.headers?.["retry-after"];
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

export function isUnavailable(error: InstanceType<typeof Stripe.errors.StripeError>): boolean {
  if (error instanceof Stripe.errors.StripeConnectionError) return true;
  if (error instanceof Stripe.errors.StripeRateLimitError) return true;
  const status = error.statusCode ?? 0;
  // 409: another request with the same idempotency key is still running (idempotency_key_in_use)
  // or a lock timed out; both are "try again later", never "it failed".
  return status >= 500 || status === 409 || (error instanceof Stripe.errors.StripeAPIError && status === 0);
}

export function isIdempotencyError(error: InstanceType<typeof Stripe.errors.StripeError>): boolean {
  return error instanceof Stripe.errors.StripeIdempotencyError || error.type === "idempotency_error";
}

export function isStripeError(error: unknown): error is InstanceType<typeof Stripe.errors.StripeError> {
  return error instanceof Stripe.errors.StripeError;
}

/** A 4xx invalid-request error that says something about the request's content (not an outage, not a key reuse). */
export function isPlainInvalidRequest(error: unknown): error is InstanceType<typeof Stripe.errors.StripeInvalidRequestError> {
  return error instanceof Stripe.errors.StripeInvalidRequestError && !isIdempotencyError(error) && !isUnavailable(error);
}

export function isMissing(error: unknown, param?: string): boolean {
  return isStripeError(error) && error.code === "resource_missing" && (param === undefined || error.param === param);
}

/** Reads: a missing object is null, not an error. */
export async function orNull<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    if (isMissing(error)) return null;
    throw toGatewayRequestError(error, what);
  }
}

/** Writes and reads whose errors are all exceptional. */
export async function stripeCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toGatewayRequestError(error, what);
  }
}
