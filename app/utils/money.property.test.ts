/**
 * Property tests for the money parser (issue 8 §8): for every amount the app can hold, what it
 * shows is read back as the same cents, in both languages; nothing anybody types makes it throw or
 * return anything but whole, positive cents within the absolute maximum.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ABSOLUTE_MAX_CENTS, centsToInput, formatCents, parseAmount } from "./money";

const cents = fc.integer({ min: 1, max: ABSOLUTE_MAX_CENTS });
const locale = fc.constantFrom("nl", "en");

describe("parseAmount, for all amounts", () => {
  it("reads back what an amount field is filled with (centsToInput)", () => {
    fc.assert(
      fc.property(cents, locale, (c, l) => {
        expect(parseAmount(centsToInput(c, l), l)).toEqual({ ok: true, cents: c });
      }),
    );
  });

  it("reads back what the page shows (formatCents: € sign, grouping, either language's spaces)", () => {
    fc.assert(
      fc.property(cents, locale, (c, l) => {
        expect(parseAmount(formatCents(c, l), l)).toEqual({ ok: true, cents: c });
      }),
    );
  });

  it("reads both notations the same in both languages when they are unambiguous (decimals present)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9_999_999 }), fc.integer({ min: 0, max: 99 }), locale, (euros, rest, l) => {
        const grouped = (sep: string) => euros.toLocaleString("en-US").replaceAll(",", sep);
        const r = String(rest).padStart(2, "0");
        const expected = { ok: true, cents: euros * 100 + rest };
        expect(parseAmount(`${grouped(".")},${r}`, l)).toEqual(expected);
        expect(parseAmount(`${grouped(",")}.${r}`, l)).toEqual(expected);
      }),
    );
  });

  it("reads one decimal as tens of cents, and none as whole euros", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 0, max: 9 }), fc.constantFrom(",", "."), (euros, d, sep) => {
        expect(parseAmount(`${euros}${sep}${d}`, sep === "," ? "nl" : "en")).toEqual({ ok: true, cents: euros * 100 + d * 10 });
        expect(parseAmount(`${euros}`, "nl")).toEqual({ ok: true, cents: euros * 100 });
        expect(parseAmount(`${euros},-`, "nl")).toEqual({ ok: true, cents: euros * 100 });
      }),
    );
  });

  it("refuses a negative amount, a bare decimal part and more than two decimals", () => {
    fc.assert(
      fc.property(cents, locale, (c, l) => {
        expect(parseAmount(`-${centsToInput(c, l)}`, l)).toEqual({ ok: false, error: "negative" });
        expect(parseAmount(`,${String(c % 100).padStart(2, "0")}`, l)).toEqual({ ok: false, error: "no_leading_digit" });
        expect(parseAmount(`${Math.trunc(c / 100)},${String(c % 1000).padStart(3, "0")}`, "en")).toMatchObject({ ok: false });
      }),
    );
  });

  it("never throws, and accepts only whole positive cents up to the absolute maximum, for any text", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 30 }),
      fc.stringMatching(/^[-+€ ]{0,2}[0-9.,]{0,16}[ -]{0,2}(eur|euro)?$/),
      fc.constantFrom("1e5", "0x10", "Infinity", "NaN", "1_000", "٣", "１２", "12,5.0", "..", ",-", "€", "9".repeat(400)),
    );
    fc.assert(
      fc.property(text, locale, (s, l) => {
        const r = parseAmount(s, l);
        if (r.ok) {
          expect(Number.isSafeInteger(r.cents)).toBe(true);
          expect(r.cents).toBeGreaterThan(0);
          expect(r.cents).toBeLessThanOrEqual(ABSOLUTE_MAX_CENTS);
          // Only digits, separators, signs, spaces and the currency make an amount.
          expect(s).toMatch(/^[\s\u00a0\u202f0-9.,+\-−€a-zA-Z]*$/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
