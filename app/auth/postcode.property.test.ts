/**
 * Property tests for the postcode fields (issue 8 §8): the sign-up form and the item form read a
 * Dutch postcode the same way — "1093", "1093AB", "1093 ab" give 1093; anything else is refused
 * with the field's message, whatever it contains.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemSchema } from "../lending/lending-schema";
import { SignupSchema } from "./account-schema";

const fields = {
  signup: (v: string) => SignupSchema.shape.postcode.safeParse(v),
  item: (v: string) => itemSchema("nl").shape.postcode.safeParse(v),
};
/** The rule: four digits not starting with 0, optionally two letters, spaces anywhere. */
const valid = (v: string) => /^[1-9]\d{3}([a-z]{2})?$/i.exec(v.replace(/\s+/g, ""));

const spaced = fc
  .tuple(fc.integer({ min: 1000, max: 9999 }), fc.stringMatching(/^([A-Za-z]{2})?$/), fc.constantFrom("", " ", "  ", "\t"))
  .map(([d, l, s]) => `${s}${d}${s}${l}${s}`);
const anything = fc.oneof(spaced, fc.string({ unit: "binary", maxLength: 10 }), fc.stringMatching(/^[0-9A-Za-z ]{0,9}$/));

describe.each(Object.entries(fields))("the %s postcode field", (_name, parse) => {
  it("gives the four digits of every valid spelling, and refuses everything else", () => {
    fc.assert(
      fc.property(anything, (v) => {
        const r = parse(v);
        const m = valid(v);
        if (m) {
          expect(r.success, JSON.stringify(v)).toBe(true);
          expect(r.data).toBe(m[0].slice(0, 4));
        } else if (v.trim() !== "") {
          expect(r.success, JSON.stringify(v)).toBe(false);
          expect(r.error?.issues[0]?.message).toBe("auth.error.postcodeInvalid");
        }
      }),
      { numRuns: 3000 },
    );
  });
});
