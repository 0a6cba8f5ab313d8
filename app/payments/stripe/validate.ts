import {
  type CheckoutMethod,
  type GatewayMetadata,
  GatewayRequestError,
  MAX_CHARGE_CENTS,
  METADATA_LIMITS,
  metadataProblem,
  MIN_CHARGE_CENTS,
} from "../gateway";

/**
 * The Stripe adapter's input checks. They mirror the simulated gateway's (same rules, same
 * messages), so a caller's programming error is refused the same way by both gateways — and
 * before anything is sent to Stripe.
 */

export function invalid(message: string): never {
  throw new GatewayRequestError("invalid_request", message);
}

/**
 * Metadata keys the adapter itself writes onto Stripe objects and strips again on the way back,
 * so callers always see exactly the metadata they passed. Callers may not use this prefix.
 */
export const RESERVED_METADATA_PREFIX = "buurtkracht_";
export const RESERVED_KEYS = {
  /** On PaymentIntents: where the customer goes after confirming an authentication (README). */
  returnUrl: "buurtkracht_return_url",
  /** On Refunds: the caller's free-text reason (Stripe's own `reason` is a short enum). */
  refundReason: "buurtkracht_refund_reason",
  /** On connected-account Payouts: the Transfer that brought the money (connect.server.ts). */
  transfer: "buurtkracht_transfer",
} as const;

export function checkAmount(cents: number): void {
  if (!Number.isSafeInteger(cents) || cents < MIN_CHARGE_CENTS || cents > MAX_CHARGE_CENTS) {
    invalid(`amountCents must be whole cents between ${MIN_CHARGE_CENTS} and ${MAX_CHARGE_CENTS}`);
  }
}

export function checkPartialAmount(cents: number | undefined): void {
  if (cents !== undefined && (!Number.isSafeInteger(cents) || cents < 1)) invalid("amountCents must be at least 1 cent");
}

/** `extraKeys`: how many reserved keys the adapter will add (they count towards Stripe's 50). */
export function checkMetadata(metadata: GatewayMetadata, extraKeys = 0): void {
  const problem = metadataProblem(metadata ?? {});
  if (problem) invalid(problem);
  const keys = Object.keys(metadata);
  const reserved = keys.find((k) => k.startsWith(RESERVED_METADATA_PREFIX));
  if (reserved) invalid(`metadata key "${reserved}" uses the prefix "${RESERVED_METADATA_PREFIX}", which the Stripe gateway reserves for itself`);
  if (keys.length + extraKeys > METADATA_LIMITS.keys)
    invalid(`metadata has more than ${METADATA_LIMITS.keys - extraKeys} keys (the gateway adds ${extraKeys})`);
}

/** `storedInMetadata`: the URL goes into Stripe metadata (RESERVED_KEYS.returnUrl), so ≤ 500 characters. */
export function checkAbsoluteUrl(name: string, value: string | undefined, storedInMetadata = false): void {
  if (value === undefined) return;
  let ok: boolean;
  try {
    const u = new URL(value);
    ok = u.protocol === "http:" || u.protocol === "https:";
  } catch {
    ok = false;
  }
  if (!ok) invalid(`${name} must be an absolute http(s) URL`);
  if (storedInMetadata && value.length > METADATA_LIMITS.valueLength) invalid(`${name} is longer than ${METADATA_LIMITS.valueLength} characters`);
}

/** Stripe accepts idempotency keys of up to 255 characters. */
export function checkIdempotencyKey(key: string): void {
  if (typeof key !== "string" || key.length < 1 || key.length > 255) invalid("idempotencyKey must be 1–255 characters");
}

export function checkText(name: string, value: string | undefined, max = 500): void {
  if ((value ?? "").length > max) invalid(`${name} is longer than ${max} characters`);
}

/** The methods a hosted page offers: a subset of the deployment's; holds are cards only. */
export function checkMethods(
  offered: readonly CheckoutMethod[],
  wanted: readonly CheckoutMethod[] | undefined,
  captureMethod: "automatic" | "manual",
): CheckoutMethod[] {
  const list = wanted ?? (captureMethod === "manual" ? (["card"] as CheckoutMethod[]) : [...offered]);
  if (list.length === 0) invalid("methods must not be empty");
  for (const m of list) if (!offered.includes(m)) invalid(`method "${m}" is not offered (PAYMENT_METHODS: ${offered.join(", ")})`);
  if (captureMethod === "manual" && list.some((m) => m !== "card")) invalid("holds (captureMethod manual) are cards only");
  return [...new Set(list)];
}
