import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { itemSchema, loanActionSchema } from "../lending/lending-schema";
import { pledgeSchema } from "../pledges/pledge-schema";
import { projectSchema, tierSchema } from "../projects/project-schema";
import { moneyField } from "./money-field";

type Locale = "nl" | "en";

/** Every money input of the app, reached through the schema its form posts to. */
const moneyInputs: Record<string, (locale: Locale) => z.ZodType> = {
  "pledge amount": (l) => pledgeSchema(l).shape.amount,
  "project goal": (l) => (projectSchema(l) as unknown as { def: { out: z.ZodObject } }).def.out.shape.goal as z.ZodType,
  "funding-plan line": (l) =>
    ((projectSchema(l) as unknown as { def: { out: z.ZodObject } }).def.out.shape.lines as z.ZodArray<z.ZodObject>).element.shape.amountCents as z.ZodType,
  "tier minimum": (l) => tierSchema(l).shape.minAmount,
  "item replacement value": (l) => itemSchema(l).shape.replacementValue,
  "item deposit": (l) => itemSchema(l).shape.deposit,
  "item fee per day": (l) => itemSchema(l).shape.feePerDay,
  "claim amount": (l) => optionOf(loanActionSchema(l), "file_claim").shape.amount as z.ZodType,
  "claim decision": (l) => optionOf(loanActionSchema(l), "decide_claim").shape.amount as z.ZodType,
};

function optionOf(schema: ReturnType<typeof loanActionSchema>, intent: string): z.ZodObject {
  const found = schema.options.find((o) => (o.shape.intent as z.ZodLiteral).value === intent);
  if (!found) throw new Error(`no ${intent}`);
  return found as z.ZodObject;
}

const cents = (schema: z.ZodType, input: string) => {
  const r = schema.safeParse(input);
  return r.success ? r.data : `error:${r.error.issues[0]?.message}`;
};

// What people type, and what the pledge amount makes of it in each language.
const typed = ["1,250", "1.250", "12,50", "12.50", "€ 12,50", "1.250,00", "1,250.00", "25", "12,-", "abc", "12,505", ",50", ".5"];

describe("every money input reads amounts the way the pledge amount does", () => {
  it.each([
    ["en", "1,250", 125_000],
    ["nl", "1,250", "error:projects.amount.tooManyDecimals"],
    ["nl", "1.250", 125_000],
    ["en", "1.250", "error:projects.amount.tooManyDecimals"],
    ["nl", "12,50", 1250],
    ["en", "12.50", 1250],
  ] as const)("the pledge amount reads %s %s as %s", (locale, input, expected) => {
    expect(cents(pledgeSchema(locale).shape.amount, input)).toBe(expected);
  });

  for (const locale of ["nl", "en"] as const) {
    for (const [name, schemaFor] of Object.entries(moneyInputs)) {
      it(`${name} (${locale})`, () => {
        const field = schemaFor(locale);
        // Limits differ per field (a tier minimum of €1, a deposit of at most €500): compare with
        // the unbounded money field in the same language, which the pledge amount also is.
        const reference = moneyField(locale);
        for (const input of typed) {
          const got = cents(field, input);
          const want = cents(reference, input);
          if (typeof want === "number" && typeof got === "string") {
            // Only a field's own limit may refuse a number the reference accepts.
            expect(got, `${name} refused "${input}"`).toMatch(/TooHigh|tooLarge|goalSmall|goalLarge|BelowMinimum|AboveMaximum|tooSmall/);
          } else {
            expect(got, `${name} read "${input}"`).toBe(want);
          }
        }
      });
    }
  }

  it("a bare ',50' gets the same message in every money field (optional ones too), in both languages", () => {
    for (const locale of ["nl", "en"] as const) {
      for (const [name, schemaFor] of Object.entries(moneyInputs)) {
        expect(cents(schemaFor(locale), ",50"), name).toBe("error:projects.amount.noLeadingDigit");
      }
    }
  });

  it("the English item value '1,250' is € 1.250,00, as a pledge of '1,250' is", () => {
    expect(cents(itemSchema("en").shape.replacementValue, "1,250")).toBe(125_000);
    expect(cents(pledgeSchema("en").shape.amount, "1,250")).toBe(cents(itemSchema("en").shape.replacementValue, "1,250"));
  });
});
