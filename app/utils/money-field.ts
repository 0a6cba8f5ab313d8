import { z } from "zod";
import { type AmountError, type Cents, parseAmount } from "./money";

/**
 * THE money input (docs/decisions/026-one-money-field.md): what people type for euros ("12,50",
 * "€ 1.250", "1,250.00") → integer cents, read in the user's language (parseAmount), with the same
 * messages in every form. Every money field — goal, funding-plan lines, tier minimum, pledge amount,
 * item value, deposit, fee, claim, decision — is one of these; the form side is
 * app/components/ui/money-field.tsx.
 *
 * The message keys keep their historical "projects.amount." prefix (they began in the project form);
 * they live in the common catalogue now.
 */
export const amountErrorKeys = {
  required: "projects.amount.required",
  invalid: "projects.amount.invalid",
  negative: "projects.amount.negative",
  zero: "projects.amount.zero",
  too_many_decimals: "projects.amount.tooManyDecimals",
  too_large: "projects.amount.tooLarge",
  no_leading_digit: "projects.amount.noLeadingDigit",
} as const satisfies Record<AmountError, string>;

export interface MoneyFieldOptions<K extends string> {
  /** Empty (or zero) is allowed and means 0 — "no deposit", "free". Default: required, above zero. */
  optional?: boolean;
  /** Required, but a typed 0 is an answer ("nothing awarded"): empty is still refused. */
  allowZero?: boolean;
  min?: Cents;
  max?: Cents;
  /** Message when below `min` (default projects.amount.tooSmall). */
  minKey?: K;
  /** Message when above `max` (default projects.amount.tooLarge), also for amounts beyond what any amount can be. */
  maxKey?: K;
}

export function moneyField<K extends string = never>(locale: string, options: MoneyFieldOptions<K> = {}) {
  return z
    .string("projects.amount.required")
    .default("")
    .transform((value, ctx): Cents => {
      const parsed = parseAmount(value, locale);
      if (!parsed.ok) {
        if (options.optional && (parsed.error === "required" || parsed.error === "zero")) return 0;
        if (options.allowZero && parsed.error === "zero") return 0;
        // Beyond what any amount can be is still above this field's maximum: name that limit.
        if (parsed.error === "too_large" && options.max !== undefined && options.maxKey) {
          ctx.addIssue({ code: "custom", message: options.maxKey });
          return z.NEVER;
        }
        ctx.addIssue({ code: "custom", message: amountErrorKeys[parsed.error] });
        return z.NEVER;
      }
      if (options.min !== undefined && parsed.cents < options.min) {
        ctx.addIssue({ code: "custom", message: options.minKey ?? "projects.amount.tooSmall" });
        return z.NEVER;
      }
      if (options.max !== undefined && parsed.cents > options.max) {
        ctx.addIssue({ code: "custom", message: options.maxKey ?? "projects.amount.tooLarge" });
        return z.NEVER;
      }
      return parsed.cents;
    });
}
