import { z } from "zod";
import type { Locale } from "../i18n/i18n";
import { moneyField } from "../utils/money-field";
import { MAX_PLEDGE_CENTS, MIN_PLEDGE_CENTS, pledgeVisibilities } from "./pledge";

/**
 * The pledge form (new pledge and change). The amount is read in the user's language; limits
 * (≥ €1, ≤ €10,000) are checked here for a friendly message and again by the database.
 * `token` is the form's idempotency token: a double submit creates one pledge.
 */
export function pledgeSchema(locale: Locale) {
  return z.object({
    intent: z.enum(["pledge", "change", "cancel"]).default("pledge"),
    amount: moneyField(locale, {
      min: MIN_PLEDGE_CENTS,
      max: MAX_PLEDGE_CENTS,
      minKey: "pledges.error.BelowMinimum",
      maxKey: "pledges.error.AboveMaximum",
    }),
    tierId: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : null)),
    message: z.string().trim().max(500, "form.tooLong").default(""),
    visibility: z.enum(pledgeVisibilities, "form.invalid").default("initiator"),
    paymentMethod: z.string().trim().max(200).optional(),
    token: z.string().trim().min(8, "form.invalid").max(100, "form.invalid"),
  });
}
export type PledgeInput = z.output<ReturnType<typeof pledgeSchema>>;

/**
 * The pledge page's forms, by intent: a new pledge (the default), a change of one's standing
 * pledge, or withdrawing it. The pledge id is checked by the writer (another's is "not found").
 */
export function pledgeFormSchema(locale: Locale) {
  const pledge = pledgeSchema(locale).omit({ intent: true });
  const pledgeId = z.string().trim().max(64).default("");
  return z.discriminatedUnion(
    "intent",
    [
      pledge.safeExtend({ intent: z.literal("pledge") }),
      pledge.safeExtend({ intent: z.literal("change"), pledgeId }),
      z.object({ intent: z.literal("cancel"), pledgeId }),
    ],
    "form.invalid",
  );
}
