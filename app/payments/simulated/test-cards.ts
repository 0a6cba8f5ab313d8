/**
 * Stripe's test cards and what they do (docs/decisions/022-simulated-gateway.md), as a pure table
 * the simulated gateway follows. https://docs.stripe.com/testing
 *
 *   4242 4242 4242 4242  succeeds everywhere
 *   5555 5555 5555 4444  succeeds everywhere (Mastercard)
 *   4000 0000 0000 0002  declined (generic_decline), also when saved
 *   4000 0000 0000 0341  saves fine; every later charge is declined
 *   4000 0027 6000 3184  requires authentication (3-D Secure) on every payment, and when saved
 *   4000 0025 0000 3155  requires authentication when saved (and on-session), not for off-session charges
 */
import type { GatewayFailure } from "../gateway";

export type CardBehaviour = "succeeds" | "declined" | "declines_charges" | "authenticate_always" | "authenticate_setup";
export type CardBrand = "visa" | "mastercard";

export interface TestCard {
  number: string;
  brand: CardBrand;
  behaviour: CardBehaviour;
}

export const testCards: readonly TestCard[] = [
  { number: "4242424242424242", brand: "visa", behaviour: "succeeds" },
  { number: "5555555555554444", brand: "mastercard", behaviour: "succeeds" },
  { number: "4000000000000002", brand: "visa", behaviour: "declined" },
  { number: "4000000000000341", brand: "visa", behaviour: "declines_charges" },
  { number: "4000002760003184", brand: "visa", behaviour: "authenticate_always" },
  { number: "4000002500003155", brand: "visa", behaviour: "authenticate_setup" },
];

/**
 * setup               saving the card on a hosted setup page (SetupIntent, customer present)
 * payment_on_session  paying or authorizing a hold on a hosted payment page (customer present)
 * charge_off_session  charging a saved card while the customer is away
 * hold_off_session    placing a hold on a saved card while the customer is away
 */
export type CardOperation = "setup" | "payment_on_session" | "charge_off_session" | "hold_off_session";
export const cardOperations: readonly CardOperation[] = ["setup", "payment_on_session", "charge_off_session", "hold_off_session"];

export type CardOutcome = { kind: "succeed" } | { kind: "authenticate" } | { kind: "decline"; failure: GatewayFailure };

export const genericDecline: GatewayFailure = { code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." };
export const authenticationRequired: GatewayFailure = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card requires authentication for this payment.",
};
export const authenticationFailed: GatewayFailure = {
  code: "authentication_failed",
  declineCode: null,
  message: "The customer did not complete authentication (3-D Secure).",
};

const succeed: CardOutcome = { kind: "succeed" };
const authenticate: CardOutcome = { kind: "authenticate" };
const decline: CardOutcome = { kind: "decline", failure: genericDecline };

/** What a card with this behaviour does for this operation. */
export function cardOutcome(behaviour: CardBehaviour, operation: CardOperation): CardOutcome {
  switch (behaviour) {
    case "succeeds":
      return succeed;
    case "declined":
      return decline;
    case "declines_charges":
      return operation === "setup" ? succeed : decline;
    case "authenticate_always":
      return authenticate;
    case "authenticate_setup":
      return operation === "setup" || operation === "payment_on_session" ? authenticate : succeed;
    default: {
      const never: never = behaviour;
      throw new Error(`unknown card behaviour ${String(never)}`);
    }
  }
}

export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, "");
}

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function findTestCard(input: string): TestCard | null {
  const digits = normalizeCardNumber(input);
  return testCards.find((c) => c.number === digits) ?? null;
}

/** "4242 4242 4242 4242" for display. */
export function formatCardNumber(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}

export function brandLabel(brand: string): string {
  return brand === "visa" ? "Visa" : brand === "mastercard" ? "Mastercard" : brand;
}

/** Is a card with this expiry still valid at `now` (valid through the end of its month)? */
export function cardExpired(expMonth: number, expYear: number, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expYear < year || (expYear === year && expMonth < month);
}
