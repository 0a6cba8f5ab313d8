import { describe, expect, it } from "vitest";
import { basisPoints, chargeFees, chargeMethod, DEFAULT_FEE_SCHEDULE, feesFor, parsePaymentFees } from "./fees";

describe("basisPoints", () => {
  it.each([
    [1_000, 150, 15],
    [1_500, 150, 23], // 22.5 rounds half up
    [1_499, 150, 22], // 22.485
    [1, 500, 0],
    [10, 500, 1], // 0.5 rounds up
    [0, 2_000, 0],
    [1_000_000, 1, 100],
  ])("%i × %i bp = %i", (amount, bps, want) => expect(basisPoints(amount, bps)).toBe(want));
});

describe("feesFor", () => {
  it.each([
    // amount, method, platform bps → processing, platform, to the project
    [1_000, "card", 0, 40, 0, 960],
    [1_250, "card", 0, 44, 0, 1_206], // 18.75 → 19 + 25
    [2_500, "sepa_debit", 0, 35, 0, 2_465],
    [2_500, "ideal", 0, 29, 0, 2_471],
    [2_000, "card", 500, 55, 100, 1_845],
    [30, "sepa_debit", 0, 30, 0, 0], // never more than the amount
    [40, "sepa_debit", 2_000, 35, 5, 0], // the platform takes at most what is left
  ] as const)("%i via %s at %i bp", (amount, method, platformBps, processing, platform, toProject) => {
    expect(feesFor(amount, method, { ...DEFAULT_FEE_SCHEDULE, platformBps })).toEqual({
      amountCents: amount,
      processingCents: processing,
      platformCents: platform,
      toProjectCents: toProject,
    });
  });
});

describe("chargeFees (what is booked for a succeeded charge)", () => {
  it.each([
    // amount, provider's figure, method, platform bps → processing, platform, estimated
    [2_500, 60, "card", 0, 60, 0, false], // the provider's own figure wins over the price list
    [2_500, null, "card", 0, 63, 0, true], // else the price list: 37.5 → 38 + 25
    [2_500, null, "sepa_debit", 200, 35, 50, true],
    [2_500, null, null, 200, 0, 50, true], // method unknown: no processing estimate, the platform's rate still
    [100, 500, "card", 0, 100, 0, false], // never more than the charge
    [100, 90, "card", 2_000, 90, 10, false], // the platform takes at most what is left
    [1_000, 0, "card", 0, 0, 0, false],
  ] as const)("%i cents, provider says %s, via %s at %i bp", (amount, feeCents, method, platformBps, processing, platform, estimated) => {
    expect(chargeFees({ amountCents: amount, feeCents, method, platformBps })).toEqual({ processingCents: processing, platformCents: platform, estimated });
  });
});

describe("chargeMethod", () => {
  it.each([
    ["card", "all_or_nothing", "card"],
    ["card", "keep_what_you_raise", "card"],
    ["ideal", "all_or_nothing", "sepa_debit"],
    ["ideal", "keep_what_you_raise", "ideal"],
    ["sepa_debit", "all_or_nothing", "sepa_debit"],
  ] as const)("%s, %s → %s", (saved, model, want) => expect(chargeMethod(saved, model)).toBe(want));
});

describe("parsePaymentFees", () => {
  it("keeps Stripe's prices for what is left out", () => {
    expect(parsePaymentFees(undefined)).toEqual({ ok: true, methods: DEFAULT_FEE_SCHEDULE.methods });
    expect(parsePaymentFees("card:140+20")).toEqual({ ok: true, methods: { ...DEFAULT_FEE_SCHEDULE.methods, card: { bps: 140, fixedCents: 20 } } });
  });
  it.each(["card:1.5+25", "paypal:0+30", "card:150", "card:3000+0"])("refuses %j with a message", (value) => {
    const r = parsePaymentFees(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/card|2000/);
  });
});
