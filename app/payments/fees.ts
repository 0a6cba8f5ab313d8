/**
 * What a payment costs before it reaches the project (issue 10, docs/decisions/054-fees.md). Pure and
 * browser-safe: the pledge form computes the same text as it is typed, the server books the same
 * figures. Money in integer cents; percentages in basis points (1 bp = 0.01 %).
 *
 * Processing costs mirror Stripe's EU pricing (stripe.com/nl/pricing, standard EEA cards, SEPA
 * Direct Debit, iDEAL); a deployment with other terms sets PAYMENT_FEES. The platform fee is
 * PLATFORM_FEE_BPS of the amount (0 by default: neighbourhood projects pay nothing to us).
 * When the gateway reports what it actually kept (Stripe's balance transaction), that figure is
 * booked instead of the estimate.
 */
export type FeeMethod = "card" | "sepa_debit" | "ideal";
export const feeMethods: readonly FeeMethod[] = ["card", "sepa_debit", "ideal"];

export interface MethodPrice {
  bps: number;
  fixedCents: number;
}

export interface FeeSchedule {
  platformBps: number;
  methods: Record<FeeMethod, MethodPrice>;
}

/** Stripe's standard prices in the Netherlands for EEA cards, SEPA Direct Debit and iDEAL. */
export const STRIPE_EU_PRICES: Record<FeeMethod, MethodPrice> = {
  card: { bps: 150, fixedCents: 25 },
  sepa_debit: { bps: 0, fixedCents: 35 },
  ideal: { bps: 0, fixedCents: 29 },
};

export const DEFAULT_FEE_SCHEDULE: FeeSchedule = { platformBps: 0, methods: STRIPE_EU_PRICES };

/** `amount × bps / 10 000`, rounded half up to whole cents (as Stripe rounds its fees). */
export function basisPoints(amountCents: number, bps: number): number {
  return Math.floor((amountCents * bps + 5_000) / 10_000);
}

export interface FeeBreakdown {
  amountCents: number;
  processingCents: number;
  platformCents: number;
  /** What the project receives of this payment. Never below zero. */
  toProjectCents: number;
}

export function feesFor(amountCents: number, method: FeeMethod, schedule: FeeSchedule = DEFAULT_FEE_SCHEDULE): FeeBreakdown {
  const price = schedule.methods[method];
  const processing = Math.min(amountCents, basisPoints(amountCents, price.bps) + price.fixedCents);
  const platform = Math.min(amountCents - processing, basisPoints(amountCents, schedule.platformBps));
  return { amountCents, processingCents: processing, platformCents: platform, toProjectCents: amountCents - processing - platform };
}

/**
 * The fees booked for one succeeded charge (pledges, monthly gifts): the provider's own figure when it
 * gives one, else its price list for the method (nothing when neither is known), never more than the
 * charge; then the platform's rate of the amount, never more than what is left.
 */
export function chargeFees(input: { amountCents: number; feeCents: number | null; method: FeeMethod | null; platformBps: number }): {
  processingCents: number;
  platformCents: number;
  /** The processing figure is the price list's, not the provider's own. */
  estimated: boolean;
} {
  const { amountCents } = input;
  const listed = input.method ? feesFor(amountCents, input.method).processingCents : 0;
  const processing = Math.max(0, Math.min(amountCents, input.feeCents ?? listed));
  const platform = Math.max(0, Math.min(amountCents - processing, basisPoints(amountCents, input.platformBps)));
  return { processingCents: processing, platformCents: platform, estimated: input.feeCents === null };
}

/**
 * The method a pledge will be charged with: a saved card is a card; iDEAL saves a SEPA mandate, so
 * an all-or-nothing pledge "with iDEAL" is charged as a SEPA debit at the deadline, while a
 * keep-what-you-raise pledge pays with iDEAL itself at once.
 */
export function chargeMethod(
  saved: "card" | "sepa_debit" | "ideal",
  fundingModel: "all_or_nothing" | "keep_what_you_raise" | "community_loan" | "ongoing",
): FeeMethod {
  // iDEAL saved for later (all-or-nothing's and a community loan's deadline, an ongoing project's monthly
  // gifts) is a SEPA mandate; only keep-what-you-raise pays with iDEAL itself at once.
  if (saved === "ideal") return fundingModel === "keep_what_you_raise" ? "ideal" : "sepa_debit";
  return saved;
}

/**
 * PAYMENT_FEES: "card:150+25,sepa_debit:0+35,ideal:0+29" (basis points + fixed cents per method);
 * methods left out keep Stripe's price. Returns the prices or a message naming what is wrong.
 */
export function parsePaymentFees(value: string | undefined): { ok: true; methods: Record<FeeMethod, MethodPrice> } | { ok: false; message: string } {
  const methods = { ...STRIPE_EU_PRICES };
  if (!value || !value.trim()) return { ok: true, methods };
  for (const part of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(card|sepa_debit|ideal):(\d{1,4})\+(\d{1,4})$/.exec(part);
    if (!m) return { ok: false, message: `"${part}" is not method:bps+cents (e.g. card:150+25); methods are card, sepa_debit, ideal` };
    const bps = Number(m[2]);
    if (bps > 2_000) return { ok: false, message: `"${part}": at most 2000 basis points (20 %)` };
    methods[m[1] as FeeMethod] = { bps, fixedCents: Number(m[3]) };
  }
  return { ok: true, methods };
}
