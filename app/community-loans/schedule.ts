/**
 * The maths of a community loan (buurtlening, issue 16): the repayment schedule and how each
 * repayment is split over the lenders. Pure and integer-only (cents, basis points), so every figure
 * is exact and the same on every machine:
 *
 * - Interest per month is the outstanding balance × the yearly rate ÷ 12, rounded half up to the cent
 *   (`monthlyInterest`). A 0% loan has none.
 * - **Linear**: the principal is repaid in equal parts (the cents that do not divide go to the first
 *   months, one each), interest on top, so payments fall month by month.
 * - **Annuity**: one payment each month, the annuity formula's amount rounded half up to the cent;
 *   the last month repays what is left, so its payment differs by the rounding compounded over the
 *   term (under a cent a month: cents on a short loan, at most a few euros on ten years at 20%).
 *   At 0% an annuity is the linear loan: equal parts.
 * - In both, the principal parts add up to the principal exactly and the total repaid is the
 *   principal plus the sum of the interest parts, to the cent.
 * - A repayment is split over the lenders **pro rata** to what each lent, with the **largest
 *   remainder** rule: everyone gets the floor of their exact share, and the cents left over go one
 *   each to the largest fractional parts (ties: the larger loan first, then the order given). The
 *   parts always add up to the repayment exactly.
 */

export type RepaymentKind = "annuity" | "linear";

export interface LoanTerms {
  principalCents: number;
  /** The yearly interest rate in basis points (350 = 3.5%); 0 allowed. */
  annualRateBps: number;
  months: number;
  kind: RepaymentKind;
}

export interface ScheduleLine {
  /** 1-based. */
  month: number;
  principalCents: number;
  interestCents: number;
  paymentCents: number;
  /** Outstanding after this payment. */
  balanceAfterCents: number;
}

export const MAX_MONTHS = 120;
export const MAX_RATE_BPS = 2_000;

export type TermsError = "principal" | "rate" | "months";

/** Why these terms cannot make a schedule, or null. */
export function termsError(terms: LoanTerms): TermsError | null {
  if (!Number.isSafeInteger(terms.principalCents) || terms.principalCents <= 0) return "principal";
  if (!Number.isInteger(terms.annualRateBps) || terms.annualRateBps < 0 || terms.annualRateBps > MAX_RATE_BPS) return "rate";
  if (!Number.isInteger(terms.months) || terms.months < 1 || terms.months > MAX_MONTHS) return "months";
  return null;
}

/** a ÷ b rounded half up, for non-negative bigints. */
function divRoundHalfUp(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

/** One month's interest on `balanceCents`: balance × rate ÷ 12, half up to the cent. */
export function monthlyInterest(balanceCents: number, annualRateBps: number): number {
  return Number(divRoundHalfUp(BigInt(balanceCents) * BigInt(annualRateBps), 120_000n));
}

/**
 * The annuity's monthly payment: P·r / (1 − (1 + r)^−n) with r the monthly rate, rounded half up to
 * the cent; P ÷ n (rounded up) when the rate is 0. Computed in floating point and rounded once: the
 * schedule then books exact integer interest and lets the last month absorb the difference.
 */
export function annuityPayment(principalCents: number, annualRateBps: number, months: number): number {
  if (annualRateBps === 0) return Math.ceil(principalCents / months);
  const r = annualRateBps / 120_000;
  return Math.round((principalCents * r) / (1 - Math.pow(1 + r, -months)));
}

/** The whole schedule of a loan, month by month. Throws on terms `termsError` refuses. */
export function repaymentSchedule(terms: LoanTerms): ScheduleLine[] {
  const error = termsError(terms);
  if (error) throw new Error(`invalid loan terms: ${error}`);
  const { principalCents, annualRateBps, months } = terms;
  const lines: ScheduleLine[] = [];
  let balance = principalCents;
  const equal = terms.kind === "linear" || annualRateBps === 0;
  const linearParts = equal ? equalParts(principalCents, months) : [];
  const payment = terms.kind === "annuity" ? annuityPayment(principalCents, annualRateBps, months) : 0;
  for (let month = 1; month <= months; month++) {
    const interest = monthlyInterest(balance, annualRateBps);
    let principal: number;
    if (month === months) principal = balance;
    else if (equal) principal = linearParts[month - 1]!;
    else principal = Math.min(balance, Math.max(0, payment - interest));
    balance -= principal;
    lines.push({ month, principalCents: principal, interestCents: interest, paymentCents: principal + interest, balanceAfterCents: balance });
  }
  return lines;
}

/** `total` in `parts` parts as equal as cents allow, the larger ones first. */
export function equalParts(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

export interface Share<K extends string = string> {
  key: K;
  /** What this lender lent (the weight of their share). */
  weightCents: number;
}

/**
 * Splits `amountCents` over the shares pro rata to their weights, largest remainder: exact, every
 * part ≥ 0, the parts add up to `amountCents`, and no part differs from its exact share by a cent
 * or more. Ties for a leftover cent: the larger weight first, then the order given.
 */
export function splitProRata<K extends string>(amountCents: number, shares: readonly Share<K>[]): { key: K; cents: number }[] {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new Error("amount must be whole cents, not negative");
  const total = shares.reduce((sum, s) => sum + BigInt(s.weightCents), 0n);
  if (shares.some((s) => !Number.isSafeInteger(s.weightCents) || s.weightCents < 0) || total === 0n) throw new Error("shares must weigh something");
  const amount = BigInt(amountCents);
  const exact = shares.map((s, index) => {
    const numerator = amount * BigInt(s.weightCents);
    return { key: s.key, index, weight: s.weightCents, floor: numerator / total, remainder: numerator % total };
  });
  let left = amount - exact.reduce((sum, e) => sum + e.floor, 0n);
  const order = [...exact].sort((a, b) =>
    a.remainder === b.remainder ? (a.weight === b.weight ? a.index - b.index : b.weight - a.weight) : a.remainder > b.remainder ? -1 : 1,
  );
  const extra = new Set<number>();
  for (const e of order) {
    if (left === 0n) break;
    if (e.remainder === 0n) continue;
    extra.add(e.index);
    left -= 1n;
  }
  return exact.map((e) => ({ key: e.key, cents: Number(e.floor) + (extra.has(e.index) ? 1 : 0) }));
}
