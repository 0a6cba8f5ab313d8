import { describe, expect, it } from "vitest";
import { centsToInput, formatCents, parseAmount, percentOf } from "./money";

describe("parseAmount", () => {
  it.each([
    ["12", 1200],
    ["12,50", 1250],
    ["12.50", 1250],
    ["12,5", 1250],
    ["€ 12,50", 1250],
    ["€12.50", 1250],
    ["EUR 12", 1200],
    ["12 euro", 1200],
    ["12,-", 1200],
    ["1.250,00", 125000],
    ["1,250.00", 125000],
    ["1.250", 125000],
    ["1.000.000", 100000000],
    ["0,01", 1],
    ["  7  ", 700],
    ["1 250,00", 125000],
    ["+5", 500],
  ])("%j → %i cents", (input, cents) => {
    expect(parseAmount(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ["1,250", "en", 125000],
    ["1.250", "en", null],
    ["1.250", "nl", 125000],
    ["12.50", "nl", 1250],
    ["12,50", "en", 1250],
    ["1,000,000", "nl", 100000000],
  ] as const)("%j in %s", (input, locale, cents) => {
    expect(parseAmount(input, locale)).toEqual(cents === null ? { ok: false, error: "too_many_decimals" } : { ok: true, cents });
  });

  it.each([
    ["", "required"],
    ["   ", "required"],
    [null, "required"],
    ["abc", "invalid"],
    ["12a", "invalid"],
    ["1.2.3", "invalid"],
    ["12,50,00", "invalid"],
    ["1,25.000", "invalid"],
    ["€", "invalid"],
    ["12..5", "invalid"],
    ["-5", "negative"],
    ["−12,50", "negative"],
    ["0", "zero"],
    ["0,00", "zero"],
    ["-0", "zero"],
    ["12,505", "too_many_decimals"],
    ["1,250", "too_many_decimals"],
    ["0,125", "too_many_decimals"],
    ["99999999999", "too_large"],
    ["10000001", "too_large"],
    ["1e5", "invalid"],
    ["Infinity", "invalid"],
    // A bare decimal part means nothing clear to a Dutch reader (",50" — fifty cents? fifty euros?).
    [",50", "no_leading_digit"],
    [".5", "no_leading_digit"],
    ["€ ,50", "no_leading_digit"],
    ["-,50", "no_leading_digit"],
  ] as const)("%j → %s", (input, error) => {
    expect(parseAmount(input)).toEqual({ ok: false, error });
  });
});

describe("formatting", () => {
  it("formats euros per locale", () => {
    expect(formatCents(1250, "nl").replace(/\s/g, " ")).toBe("€ 12,50");
    expect(formatCents(1250, "en")).toBe("€12.50");
    expect(formatCents(125000, "nl", { compact: true }).replace(/\s/g, " ")).toBe("€ 1.250");
  });
  it("round-trips input values", () => {
    for (const cents of [1, 99, 100, 1250, 123456]) {
      for (const locale of ["nl", "en"]) {
        expect(parseAmount(centsToInput(cents, locale), locale)).toEqual({ ok: true, cents });
      }
    }
  });
  it("floors percentages", () => {
    expect(percentOf(999, 1000)).toBe(99);
    expect(percentOf(1500, 1000)).toBe(150);
    expect(percentOf(1, 0)).toBe(0);
  });
});
