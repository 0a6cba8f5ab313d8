import { z } from "zod";
import type { Locale } from "../i18n/i18n";
import { moneyField } from "../utils/money-field";
import { MAX_MONTHLY_CENTS, MIN_MONTHLY_CENTS } from "./subscription";

/** The monthly amount, read in the user's language, € 1–€ 1.000 (checked again by the database). */
export function monthlyAmountField(locale: Locale) {
  return moneyField(locale, { min: MIN_MONTHLY_CENTS, max: MAX_MONTHLY_CENTS, minKey: "recurring.error.amount", maxKey: "recurring.error.amount" });
}

/** "Maandelijks steunen" on an ongoing project. */
export function startGiftSchema(locale: Locale) {
  return z.object({ amount: monthlyAmountField(locale) });
}

/** The forms of one gift in "Mijn steun", by intent (cancel has its own confirmation page). */
export function changeGiftSchema(locale: Locale) {
  return z.discriminatedUnion(
    "intent",
    [
      z.object({ intent: z.literal("amount"), amount: monthlyAmountField(locale) }),
      z.object({ intent: z.literal("pause") }),
      z.object({ intent: z.literal("resume") }),
    ],
    "form.invalid",
  );
}
