import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annuityPayment, equalParts, monthlyInterest, repaymentSchedule, splitProRata, termsError, type LoanTerms } from "./schedule";

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("monthly interest: balance × yearly rate ÷ 12, half up to the cent", () => {
  it.each([
    [1_000_000, 500, 4167], // € 10.000 at 5%: € 41,666… → € 41,67
    [1_000_000, 0, 0],
    [100, 600, 1], // 0,5 cent rounds up
    [99, 600, 0], // 0,495 cent rounds down
    [1, 2_000, 0],
  ])("%i cents at %i bps: %i", (balance, bps, expected) => {
    expect(monthlyInterest(balance, bps)).toBe(expected);
  });
});

describe("schedules (table)", () => {
  it("an annuity of € 10.000 at 5% over 12 months pays € 856,07 a month, the last absorbing the cents", () => {
    const lines = repaymentSchedule({ principalCents: 1_000_000, annualRateBps: 500, months: 12, kind: "annuity" });
    expect(annuityPayment(1_000_000, 500, 12)).toBe(85_607);
    expect(lines.slice(0, 11).every((l) => l.paymentCents === 85_607)).toBe(true);
    expect(lines[0]).toEqual({ month: 1, principalCents: 81_440, interestCents: 4_167, paymentCents: 85_607, balanceAfterCents: 918_560 });
    expect(lines.at(-1)!.balanceAfterCents).toBe(0);
    expect(Math.abs(lines.at(-1)!.paymentCents - 85_607)).toBeLessThanOrEqual(12);
    expect(sum(lines.map((l) => l.principalCents))).toBe(1_000_000);
  });

  it("a linear loan of € 1.200 at 6% over 12 months: € 100 principal a month, interest falling", () => {
    const lines = repaymentSchedule({ principalCents: 120_000, annualRateBps: 600, months: 12, kind: "linear" });
    expect(lines.map((l) => l.principalCents)).toEqual(Array(12).fill(10_000));
    expect(lines.map((l) => l.interestCents)).toEqual([600, 550, 500, 450, 400, 350, 300, 250, 200, 150, 100, 50]);
    expect(sum(lines.map((l) => l.paymentCents))).toBe(120_000 + 3_900);
  });

  it.each([
    ["annuity", [33_334, 33_333, 33_333]], // at 0% an annuity is equal parts
    ["linear", [33_334, 33_333, 33_333]],
  ] as const)("a 0%% %s of € 1.000 over 3 months repays exactly the principal", (kind, payments) => {
    const lines = repaymentSchedule({ principalCents: 100_000, annualRateBps: 0, months: 3, kind });
    expect(lines.map((l) => l.paymentCents)).toEqual(payments);
    expect(lines.every((l) => l.interestCents === 0)).toBe(true);
  });

  it.each([
    [{ principalCents: 0, annualRateBps: 0, months: 12, kind: "linear" }, "principal"],
    [{ principalCents: 10.5, annualRateBps: 0, months: 12, kind: "linear" }, "principal"],
    [{ principalCents: 1000, annualRateBps: -1, months: 12, kind: "linear" }, "rate"],
    [{ principalCents: 1000, annualRateBps: 2_001, months: 12, kind: "annuity" }, "rate"],
    [{ principalCents: 1000, annualRateBps: 300, months: 0, kind: "annuity" }, "months"],
    [{ principalCents: 1000, annualRateBps: 300, months: 121, kind: "annuity" }, "months"],
    [{ principalCents: 1000, annualRateBps: 300, months: 120, kind: "annuity" }, null],
  ] as const)("terms %o: %s", (terms, expected) => {
    expect(termsError(terms as LoanTerms)).toBe(expected);
  });

  it("equal parts put the leftover cents first", () => {
    expect(equalParts(10, 3)).toEqual([4, 3, 3]);
    expect(equalParts(2, 3)).toEqual([1, 1, 0]);
  });
});

const terms = fc.record({
  principalCents: fc.integer({ min: 1, max: 50_000_000 }),
  annualRateBps: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000 })),
  months: fc.integer({ min: 1, max: 120 }),
  kind: fc.constantFrom<"annuity" | "linear">("annuity", "linear"),
});

describe("schedules (properties)", () => {
  it("the principal parts add up to the principal, the total repaid is principal + interest to the cent, the balance ends at 0", () => {
    fc.assert(
      fc.property(terms, (t) => {
        const lines = repaymentSchedule(t);
        expect(lines).toHaveLength(t.months);
        expect(sum(lines.map((l) => l.principalCents))).toBe(t.principalCents);
        expect(sum(lines.map((l) => l.paymentCents))).toBe(t.principalCents + sum(lines.map((l) => l.interestCents)));
        expect(lines.at(-1)!.balanceAfterCents).toBe(0);
        for (const l of lines) {
          expect(Number.isInteger(l.principalCents) && l.principalCents >= 0).toBe(true);
          expect(Number.isInteger(l.interestCents) && l.interestCents >= 0).toBe(true);
        }
        if (t.annualRateBps === 0) expect(sum(lines.map((l) => l.interestCents))).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it("an annuity pays the same every month but the last, which differs by at most the rounding compounded over the term", () => {
    fc.assert(
      fc.property(
        terms.filter((t) => t.kind === "annuity" && t.months > 1 && t.annualRateBps > 0),
        (t) => {
          const lines = repaymentSchedule(t);
          const payment = annuityPayment(t.principalCents, t.annualRateBps, t.months);
          // A tiny principal over many months can be repaid before the end: then the parts run out.
          for (const l of lines.slice(0, -1)) expect(l.paymentCents === payment || l.balanceAfterCents === 0 || l.principalCents === 0).toBe(true);
          const r = t.annualRateBps / 120_000;
          const compounded = (Math.pow(1 + r, t.months) - 1) / r;
          if (lines.at(-2)!.balanceAfterCents > 0) expect(Math.abs(lines.at(-1)!.paymentCents - payment)).toBeLessThanOrEqual(Math.ceil(compounded));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a linear loan's payments never rise", () => {
    fc.assert(
      fc.property(
        terms.filter((t) => t.kind === "linear"),
        (t) => {
          const payments = repaymentSchedule(t).map((l) => l.paymentCents);
          for (let i = 1; i < payments.length; i++) expect(payments[i]!).toBeLessThanOrEqual(payments[i - 1]!);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("splitting a repayment over the lenders: pro rata, largest remainder", () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [100, [2, 1, 1], [50, 25, 25]],
    [1, [3, 2], [1, 0]],
    [7, [1, 1, 5], [1, 1, 5]],
    [10, [5_000, 2_500, 2_500], [5, 3, 2]], // 2,5 and 2,5: the tie goes to the one given first
    [0, [1, 2], [0, 0]],
    [2, [1, 2, 2], [0, 1, 1]], // 0,4 · 0,8 · 0,8: the leftover cents go to the largest fractions
    [3, [3, 7, 1], [1, 2, 0]], // 0,82 · 1,91 · 0,27
  ])("%i cents over %o: %o", (amount, weights, expected) => {
    const shares = weights.map((w, i) => ({ key: `l${i}`, weightCents: w }));
    expect(splitProRata(amount, shares).map((p) => p.cents)).toEqual(expected);
  });

  it("refuses what is not money or weighs nothing", () => {
    expect(() => splitProRata(-1, [{ key: "a", weightCents: 1 }])).toThrow();
    expect(() => splitProRata(1.5, [{ key: "a", weightCents: 1 }])).toThrow();
    expect(() => splitProRata(10, [{ key: "a", weightCents: 0 }])).toThrow();
    expect(() => splitProRata(10, [])).toThrow();
  });

  const lenders = fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 40 });

  it("every split adds up exactly, is within a cent of the exact share, and never gives a larger lender less", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), lenders, (amount, weights) => {
        const parts = splitProRata(
          amount,
          weights.map((w, i) => ({ key: `l${i}`, weightCents: w })),
        ).map((p) => p.cents);
        const total = BigInt(sum(weights));
        expect(sum(parts)).toBe(amount);
        parts.forEach((cents, i) => {
          const error = BigInt(cents) * total - BigInt(amount) * BigInt(weights[i]!);
          expect(error < total && -error < total).toBe(true);
          weights.forEach((w, j) => {
            if (weights[i]! > w) expect(cents).toBeGreaterThanOrEqual(parts[j]!);
          });
        });
      }),
      { numRuns: 300 },
    );
  });

  it("over a whole schedule, the lenders together receive exactly what the initiator repaid", () => {
    fc.assert(
      fc.property(terms, lenders, (t, weights) => {
        const shares = weights.map((w, i) => ({ key: `l${i}`, weightCents: w }));
        const lines = repaymentSchedule(t);
        const received = lines.map((l) => sum(splitProRata(l.paymentCents, shares).map((p) => p.cents)));
        expect(sum(received)).toBe(sum(lines.map((l) => l.paymentCents)));
      }),
      { numRuns: 100 },
    );
  });
});
