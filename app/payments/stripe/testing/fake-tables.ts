/**
 * The tables the fake Stripe server follows, copied from Stripe's test-mode documentation:
 * test cards (https://docs.stripe.com/testing), SEPA Direct Debit test e-mails for methods made
 * from iDEAL (https://docs.stripe.com/payments/ideal/set-up-payment, "Test your integration"),
 * iDEAL banks, and fees (Stripe's EU pricing page for NL accounts).
 */

/**
 * succeeds              every operation succeeds
 * declines              every operation is declined, also saving the card
 * declines_charges      saving works; every charge is declined (4000 0000 0000 0341)
 * authenticate_always   3-D Secure on every payment and when saved; off-session: authentication_required
 * authenticate_unless_setup  3-D Secure when saved and on-session; once saved for off-session, charges just work
 * disputes              the charge succeeds, then a dispute (fraudulent) is opened at once
 * refund_fails          the charge succeeds; a refund succeeds, then turns failed (runDue)
 */
export type FakeCardBehaviour =
  "succeeds" | "declines" | "declines_charges" | "authenticate_always" | "authenticate_unless_setup" | "disputes" | "refund_fails";

export interface FakeDecline {
  code: string;
  declineCode: string;
  message: string;
}

export interface FakeTestCard {
  /** The PaymentMethod tokens Stripe accepts for it in test mode (pm_card_…). */
  tokens: readonly string[];
  number: string;
  brand: string;
  country: string;
  funding: "credit" | "debit";
  behaviour: FakeCardBehaviour;
  decline?: FakeDecline;
}

export const genericDecline: FakeDecline = { code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." };

export const fakeTestCards: readonly FakeTestCard[] = [
  { tokens: ["pm_card_visa"], number: "4242424242424242", brand: "visa", country: "US", funding: "credit", behaviour: "succeeds" },
  { tokens: ["pm_card_mastercard"], number: "5555555555554444", brand: "mastercard", country: "US", funding: "credit", behaviour: "succeeds" },
  { tokens: ["pm_card_nl"], number: "4000005280000002", brand: "visa", country: "NL", funding: "credit", behaviour: "succeeds" },
  { tokens: ["pm_card_gb"], number: "4000008260000000", brand: "visa", country: "GB", funding: "credit", behaviour: "succeeds" },
  {
    tokens: ["pm_card_visa_chargeDeclined", "pm_card_chargeDeclined"],
    number: "4000000000000002",
    brand: "visa",
    country: "US",
    funding: "credit",
    behaviour: "declines",
    decline: genericDecline,
  },
  {
    tokens: ["pm_card_visa_chargeDeclinedInsufficientFunds", "pm_card_chargeDeclinedInsufficientFunds"],
    number: "4000000000009995",
    brand: "visa",
    country: "US",
    funding: "credit",
    behaviour: "declines",
    decline: { code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
  },
  {
    tokens: ["pm_card_chargeDeclinedExpiredCard"],
    number: "4000000000000069",
    brand: "visa",
    country: "US",
    funding: "credit",
    behaviour: "declines",
    decline: { code: "expired_card", declineCode: "expired_card", message: "Your card has expired." },
  },
  {
    tokens: ["pm_card_chargeCustomerFail"],
    number: "4000000000000341",
    brand: "visa",
    country: "US",
    funding: "credit",
    behaviour: "declines_charges",
    decline: genericDecline,
  },
  { tokens: ["pm_card_authenticationRequired"], number: "4000002760003184", brand: "visa", country: "DE", funding: "credit", behaviour: "authenticate_always" },
  {
    tokens: ["pm_card_authenticationRequiredOnSetup"],
    number: "4000002500003155",
    brand: "visa",
    country: "FR",
    funding: "credit",
    behaviour: "authenticate_unless_setup",
  },
  { tokens: ["pm_card_createDispute"], number: "4000000000000259", brand: "visa", country: "US", funding: "credit", behaviour: "disputes" },
  { tokens: ["pm_card_refundFail"], number: "4000000000005126", brand: "visa", country: "US", funding: "credit", behaviour: "refund_fails" },
];

export function findFakeCard(tokenOrNumber: string): FakeTestCard | null {
  const digits = tokenOrNumber.replace(/[\s-]/g, "");
  return fakeTestCards.find((c) => c.tokens.includes(tokenOrNumber) || c.number === digits) ?? null;
}

export type CardOperation = "attach" | "setup" | "on_session" | "off_session";
export type CardOutcome = { kind: "succeed" } | { kind: "authenticate" } | { kind: "decline"; decline: FakeDecline };

/** What a test card does for one operation. `setUpForOffSession`: it was saved through a setup with 3-D Secure. */
export function fakeCardOutcome(card: FakeTestCard, operation: CardOperation, setUpForOffSession: boolean): CardOutcome {
  const decline: CardOutcome = { kind: "decline", decline: card.decline ?? genericDecline };
  switch (card.behaviour) {
    case "succeeds":
    case "disputes":
    case "refund_fails":
      return { kind: "succeed" };
    case "declines":
      return decline;
    case "declines_charges":
      return operation === "attach" || operation === "setup" ? { kind: "succeed" } : decline;
    case "authenticate_always":
      return operation === "attach" ? { kind: "succeed" } : { kind: "authenticate" };
    case "authenticate_unless_setup":
      if (operation === "attach") return { kind: "succeed" };
      if (operation === "off_session" && setUpForOffSession) return { kind: "succeed" };
      return { kind: "authenticate" };
    default: {
      const never: never = card.behaviour;
      throw new Error(`unknown behaviour ${String(never)}`);
    }
  }
}

export const authenticationRequired: FakeDecline = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

// SEPA Direct Debit ---------------------------------------------------------------------------

/** How a SEPA debit made from iDEAL settles, chosen by the billing e-mail (Stripe's test e-mails). */
export interface SepaOutcome {
  succeeds: boolean;
  /** Settles only once the fake clock is ≥ 3 minutes past the debit (the "Delayed" e-mails). */
  delayed: boolean;
  disputed: boolean;
  failureCode: string | null;
}

export const SEPA_DELAY_SECONDS = 180;

export function sepaOutcomeForEmail(email: string | null): SepaOutcome {
  const local = (email ?? "").split("@")[0] ?? "";
  // "Custom text followed by an underscore" may come first: test_1_generatedSepaDebitIntentsFail@…
  const marker = local.slice(local.lastIndexOf("_") + 1);
  switch (marker) {
    case "generatedSepaDebitIntentsSucceedDelayed":
      return { succeeds: true, delayed: true, disputed: false, failureCode: null };
    case "generatedSepaDebitIntentsFail":
      return { succeeds: false, delayed: false, disputed: false, failureCode: "generic_could_not_process" };
    case "generatedSepaDebitIntentsFailDelayed":
      return { succeeds: false, delayed: true, disputed: false, failureCode: "generic_could_not_process" };
    case "generatedSepaDebitIntentsSucceedDisputed":
      return { succeeds: true, delayed: false, disputed: true, failureCode: null };
    case "generatedSepaDebitIntentsFailsDueToInsufficientFunds":
      return { succeeds: false, delayed: false, disputed: false, failureCode: "insufficient_funds" };
    default:
      // generatedSepaDebitIntentsSucceed, and any other address.
      return { succeeds: true, delayed: false, disputed: false, failureCode: null };
  }
}

/** iDEAL test banks: the BIC Stripe reports, and the last four of the test IBAN the mandate gets. */
export const fakeIdealBanks: Readonly<Record<string, { bic: string; bankCode: string; ibanLast4: string }>> = {
  abn_amro: { bic: "ABNANL2A", bankCode: "ABNA", ibanLast4: "4300" },
  asn_bank: { bic: "ASNBNL21", bankCode: "ASNB", ibanLast4: "1207" },
  bunq: { bic: "BUNQNL2A", bankCode: "BUNQ", ibanLast4: "5521" },
  ing: { bic: "INGBNL2A", bankCode: "INGB", ibanLast4: "3000" },
  knab: { bic: "KNABNL2H", bankCode: "KNAB", ibanLast4: "7014" },
  rabobank: { bic: "RABONL2U", bankCode: "RABO", ibanLast4: "5264" },
  regiobank: { bic: "RBRBNL21", bankCode: "RBRB", ibanLast4: "8890" },
  revolut: { bic: "REVOLT21", bankCode: "REVO", ibanLast4: "6032" },
  sns_bank: { bic: "SNSBNL2A", bankCode: "SNSB", ibanLast4: "4411" },
  triodos_bank: { bic: "TRIONL2U", bankCode: "TRIO", ibanLast4: "2218" },
  van_lanschot: { bic: "FVLBNL22", bankCode: "FVLB", ibanLast4: "9076" },
};

// Fees ----------------------------------------------------------------------------------------

/**
 * Stripe's standard pricing for an account in the Netherlands (per successful payment; refunds
 * do not return the fee). Basis points + fixed cents, so fees stay integers.
 */
export const FEE_TABLE = {
  card_eea: { bps: 150, fixedCents: 25, description: "Standard EEA cards" },
  card_uk: { bps: 250, fixedCents: 25, description: "UK cards" },
  card_international: { bps: 325, fixedCents: 25, description: "International cards" },
  ideal: { bps: 0, fixedCents: 29, description: "iDEAL" },
  sepa_debit: { bps: 0, fixedCents: 35, description: "SEPA Direct Debit" },
} as const satisfies Record<string, { bps: number; fixedCents: number; description: string }>;
export type FeeKind = keyof typeof FEE_TABLE;

const EEA = new Set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK".split(" "));

export function feeKind(methodType: string, cardCountry: string | null): FeeKind {
  if (methodType === "sepa_debit") return "sepa_debit";
  if (methodType === "ideal") return "ideal";
  if (cardCountry && EEA.has(cardCountry)) return "card_eea";
  if (cardCountry === "GB") return "card_uk";
  return "card_international";
}

export function feeCents(kind: FeeKind, amountCents: number): number {
  const fee = FEE_TABLE[kind];
  return Math.round((amountCents * fee.bps) / 10_000) + fee.fixedCents;
}
